// Provisioning Console: dataset versions and environments to choose from, the jobs awaiting an approval,
// the recent provisioning jobs (with their environment, read from each job's request), and the submission.
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { JobSummary, Schema } from "../types";
import { jobDetailQuery, jobKeys, useJobs } from "./jobs";

export type ProvisionRequest = Schema<"ProvisionRequest">;
export type Environment = Schema<"EnvironmentOut">;
export type DatasetSummary = Schema<"DatasetOut">;

/** The operation of a provisioning job on its own (POST /provision). */
export const PROVISION_OPERATION = "TDM_PROVISION_ONLY";
/** Rows the pickers fetch (the API's pages go up to 500; the search filters them here). */
export const PROVISION_PICKER_LIMIT = 200;
/** Provisioning jobs read for "recent provisions" (each one's detail is fetched for its environment). */
export const RECENT_PROVISIONS = 15;

/**
 * Query keys. They start with their domain ("datasets", "environments") so that invalidating the domain
 * refreshes them, and carry a "provision-picker" segment so they never collide with the domain's own screens.
 */
export const provisionKeys = {
  datasets: () => ["datasets", "provision-picker", "list"] as const,
  dataset: (id: string) => ["datasets", "provision-picker", "detail", id] as const,
  environments: () => ["environments", "provision-picker", "list"] as const,
};

/** Active dataset versions, newest first (a page of PROVISION_PICKER_LIMIT). */
export function useProvisionDatasets(enabled = true) {
  return useQuery({
    queryKey: provisionKeys.datasets(),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/datasets", { params: { query: { status: "active", limit: PROVISION_PICKER_LIMIT } } })),
    enabled,
  });
}

/** One dataset version (the one named by ?dataset= when the list does not hold it). */
export function useDatasetVersion(id: string, enabled = true) {
  return useQuery({
    queryKey: provisionKeys.dataset(id),
    queryFn: async () => unwrap(await api.GET("/api/v1/dataset/{dataset_id}", { params: { path: { dataset_id: id } } })),
    enabled: enabled && id !== "",
  });
}

export function useEnvironments() {
  return useQuery({
    queryKey: provisionKeys.environments(),
    queryFn: async () => unwrap(await api.GET("/api/v1/environments", { params: { query: { limit: PROVISION_PICKER_LIMIT } } })),
  });
}

/** Jobs waiting for an approval (every operation), newest first; refreshed while any waits. */
export function useAwaitingApproval() {
  return useJobs({ status: "awaiting_approval", limit: 25, offset: 0 });
}

/** The full records of some jobs (request and result), e.g. to know a provision's environment. */
export function useJobDetails(jobs: readonly JobSummary[] | undefined) {
  return useQueries({
    queries: (jobs ?? []).map((job) => ({
      ...jobDetailQuery(job.id),
      // A finished job does not change any more.
      staleTime: job.finished_at ? Infinity : 15_000,
    })),
  });
}

/** The latest provisioning jobs (POST /provision), newest first. */
export function useRecentProvisionJobs() {
  return useJobs({ operation: PROVISION_OPERATION, limit: RECENT_PROVISIONS, offset: 0 });
}

/** Submit a provisioning job; lock_timeout_seconds may be left out (the API defaults it). */
export function useSubmitProvision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Omit<ProvisionRequest, "lock_timeout_seconds"> & { lock_timeout_seconds?: number }) =>
      unwrap(await api.POST("/api/v1/provision", { body: body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}
