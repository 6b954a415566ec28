// Jobs: list, detail and the control actions (cancel, approve, reject).
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import { isActiveStatus } from "../jobMeta";
import type { JobAction, QueryOf } from "../types";

export type JobListParams = QueryOf<"list_jobs">;

/** Query keys: invalidate `jobKeys.all` after anything that changes jobs (e.g. a submitted job). */
export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (params: JobListParams) => [...jobKeys.lists(), params] as const,
  detail: (jobId: string) => [...jobKeys.all, "detail", jobId] as const,
};

export function jobListQuery(params: JobListParams) {
  return queryOptions({
    queryKey: jobKeys.list(params),
    queryFn: async () => unwrap(await api.GET("/api/v1/jobs", { params: { query: params } })),
  });
}

/** A page of jobs, newest first; refreshed every 5 s while one of them is still active. */
export function useJobs(params: JobListParams) {
  return useQuery({
    ...jobListQuery(params),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((job) => isActiveStatus(job.status)) ? 5_000 : false),
  });
}

export function jobDetailQuery(jobId: string) {
  return queryOptions({
    queryKey: jobKeys.detail(jobId),
    queryFn: async () => unwrap(await api.GET("/api/v1/job/{job_id}", { params: { path: { job_id: jobId } } })),
  });
}

/** One job with its result, logs and live state. Live progress comes from useJobEvents. */
export function useJob(jobId: string) {
  return useQuery(jobDetailQuery(jobId));
}

export type JobActionKind = "cancel" | "approve" | "reject";

async function runAction(jobId: string, action: JobActionKind, comment?: string): Promise<JobAction> {
  const path = { job_id: jobId };
  switch (action) {
    case "cancel":
      return unwrap(await api.POST("/api/v1/job/{job_id}/cancel", { params: { path } }));
    case "approve":
      return unwrap(await api.POST("/api/v1/job/{job_id}/approve", { params: { path }, body: { comment: comment || null } }));
    case "reject":
      return unwrap(await api.POST("/api/v1/job/{job_id}/reject", { params: { path }, body: { comment: comment || null } }));
  }
}

/** Cancel, approve or reject a job; refreshes the job and the lists afterwards. */
export function useJobAction(jobId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, comment }: { action: JobActionKind; comment?: string }) => runAction(jobId, action, comment),
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
