// Job Monitor, one job: header (operation, status, times), approval and error banners, the actions,
// and tabs for live progress (SSE), the log, the result and the request.
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useCallback, useMemo, useState } from "react";
import { STATUS_EVENT_TYPES, type JobEvent } from "@/api/jobEvents";
import { isActiveStatus, operationLabel } from "@/api/jobMeta";
import { isProblemError } from "@/api/problem";
import { jobKeys, useJob } from "@/api/queries/jobs";
import type { JobDetail } from "@/api/types";
import { useJobEvents } from "@/api/useJobEvents";
import { useSession } from "@/auth/useSession";
import {
  BackLink,
  Badge,
  Card,
  EmptyState,
  IdText,
  JsonView,
  MetaItem,
  ProblemAlert,
  RelativeTime,
  Skeleton,
  StatusBadge,
  Tabs,
  useNow,
} from "@/components";
import { AlertIcon, ClockIcon, InfoIcon } from "@/components/icons";
import { durationBetween, formatDateTime, formatDuration } from "@/lib/format";
import { JobActions } from "./JobActions";
import { JobLog } from "./JobLog";
import { eventLines, storedLines } from "./logLines";
import { JobProgress, StreamIndicator } from "./JobProgress";
import { JobResultSummary } from "./JobResultSummary";
import { approvalRequest, buildTimeline } from "./timeline";

const route = getRouteApi("/app/jobs/$jobId");

type TabKey = "progress" | "log" | "result" | "request";

function JobHeader({ job }: { job: JobDetail }) {
  const now = useNow();
  const queued = job.status === "queued";
  // A queued job has not started: how long it has waited. Otherwise the run time so far, or in total.
  const duration = queued ? durationBetween(job.created_at, null, now) : durationBetween(job.started_at, job.finished_at, now);
  const durationLabel = queued ? "Queued for" : job.finished_at ? "Duration" : "Elapsed";
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">{operationLabel(job.operation)}</h1>
            <StatusBadge status={job.status} />
            {job.cancel_requested && isActiveStatus(job.status) ? <Badge tone="amber">Cancelling…</Badge> : null}
          </div>
          <p className="mt-1 flex items-center gap-2 text-sm text-slate-500">
            <span className="font-mono text-xs">{job.operation}</span>
            <span aria-hidden="true">·</span>
            <IdText id={job.id} full />
          </p>
        </div>
        {/* While it awaits an approval, the banner below holds the actions. */}
        {job.status === "awaiting_approval" ? null : <JobActions job={job} />}
      </div>
      <dl className="mt-5 grid grid-cols-2 gap-4 border-t border-slate-100 pt-4 sm:grid-cols-3 lg:grid-cols-6">
        <MetaItem label="Submitted by">{job.user_id ?? "—"}</MetaItem>
        <MetaItem label="Created">
          <span title={formatDateTime(job.created_at)}>
            <RelativeTime value={job.created_at} />
          </span>
        </MetaItem>
        <MetaItem label="Started">{job.started_at && !queued ? <RelativeTime value={job.started_at} /> : "—"}</MetaItem>
        <MetaItem label="Finished">{job.finished_at ? <RelativeTime value={job.finished_at} /> : "—"}</MetaItem>
        <MetaItem label={durationLabel}>{formatDuration(duration)}</MetaItem>
        <MetaItem label="Attempts">{job.attempts}</MetaItem>
      </dl>
    </Card>
  );
}

function ApprovalBanner({ job, request }: { job: JobDetail; request: JobEvent | null }) {
  const { can } = useSession();
  return (
    <div role="status" className="flex flex-wrap items-center gap-4 rounded-xl border border-amber-200 bg-amber-50 p-4">
      <ClockIcon className="h-5 w-5 shrink-0 text-amber-600" />
      <div className="min-w-0 flex-1 text-sm text-amber-900">
        <p className="font-semibold">This job waits for an approval</p>
        <p className="mt-0.5">
          {request?.message ?? "A step of this job needs an approval before it runs."}{" "}
          {can("operator") ? null : "An operator or an admin can approve or reject it."}
        </p>
      </div>
      <JobActions job={job} />
    </div>
  );
}

function JobDetailSkeleton() {
  return (
    <div role="status" aria-label="Loading the job" className="space-y-4">
      <div className="rounded-xl border border-slate-200 bg-white p-5">
        <Skeleton className="h-6 w-64" />
        <Skeleton className="mt-3 h-4 w-96" />
        <div className="mt-6 grid grid-cols-6 gap-4">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
      </div>
      <Skeleton className="h-64 w-full" />
    </div>
  );
}

export function JobDetailPage() {
  const { jobId } = route.useParams();
  const queryClient = useQueryClient();
  const job = useJob(jobId);
  const [tab, setTab] = useState<TabKey>("progress");

  const onEvent = useCallback(
    (event: JobEvent) => {
      if (STATUS_EVENT_TYPES.has(event.type)) void queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
      // What the job made (a schema version, a PII map, datasets, a provisioned environment) is in lists
      // cached a moment ago: mark everything stale, so the next screen shows it.
      if (event.type === "job_completed") void queryClient.invalidateQueries();
    },
    [queryClient, jobId],
  );
  const stream = useJobEvents(jobId, { enabled: job.isSuccess, onEvent });
  const steps = useMemo(() => buildTimeline(stream.events), [stream.events]);
  const approval = useMemo(() => approvalRequest(stream.events), [stream.events]);

  if (job.isPending) {
    return (
      <>
        <div className="mb-4 text-sm text-slate-500">
          <BackLink to="/jobs" label="Job Monitor" />
        </div>
        <JobDetailSkeleton />
      </>
    );
  }
  if (job.isError) {
    const missing = isProblemError(job.error) && job.error.status === 404;
    return (
      <>
        <div className="mb-4 text-sm text-slate-500">
          <BackLink to="/jobs" label="Job Monitor" />
        </div>
        <ProblemAlert
          error={job.error}
          title={missing ? "Job not found" : undefined}
          onRetry={missing ? undefined : () => void job.refetch()}
        />
      </>
    );
  }

  const data = job.data;
  const lines = stream.events.length > 0 ? eventLines(stream.events) : storedLines(data.logs);

  return (
    <div className="space-y-5">
      <div className="text-sm text-slate-500">
        <BackLink to="/jobs" label="Job Monitor" />
      </div>
      <JobHeader job={data} />

      {data.status === "awaiting_approval" ? <ApprovalBanner job={data} request={approval} /> : null}
      {data.error ? (
        <div role="alert" className="flex gap-3 rounded-xl border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900">
          <AlertIcon className="h-5 w-5 shrink-0 text-rose-500" />
          <div className="min-w-0">
            <p className="font-semibold">{data.status === "cancelled" ? "Cancelled" : "Failed"}</p>
            <p className="mt-0.5 break-words whitespace-pre-wrap">{data.error}</p>
          </div>
        </div>
      ) : null}

      <Card padded>
        <div className="-mt-1 mb-1 flex justify-end">
          <StreamIndicator status={stream.status} error={stream.error} />
        </div>
        <Tabs<TabKey>
          label="Job details"
          selected={tab}
          onSelect={setTab}
          tabs={[
            {
              key: "progress",
              label: "Progress",
              content: <JobProgress steps={steps} status={stream.status} error={stream.error} jobStatus={data.status} />,
            },
            {
              key: "log",
              label: "Log",
              extra: <Badge className="tabular-nums">{lines.length}</Badge>,
              content: <JobLog lines={lines} />,
            },
            {
              key: "result",
              label: "Result",
              content: data.result ? (
                <div className="space-y-4">
                  <JobResultSummary result={data.result} />
                  <div>
                    <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Raw result</h3>
                    <JsonView value={data.result} label="result" />
                  </div>
                </div>
              ) : (
                <EmptyState
                  icon={<InfoIcon className="h-5 w-5" />}
                  title={isActiveStatus(data.status) ? "No result yet" : "No result"}
                  description={
                    isActiveStatus(data.status) ? "The result appears here when the job completes." : "This job ended without a result."
                  }
                />
              ),
            },
            {
              key: "request",
              label: "Request",
              content: data.request ? <JsonView value={data.request} label="request" /> : <EmptyState title="No request recorded" />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
