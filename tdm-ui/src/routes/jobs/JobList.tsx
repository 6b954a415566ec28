// Job Monitor, list: every job, newest first, filtered by status and operation (in the URL), paged.
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo } from "react";
import { isActiveStatus, JOB_STATUSES, OPERATIONS, operationLabel } from "@/api/jobMeta";
import { useJobs } from "@/api/queries/jobs";
import type { JobSummary } from "@/api/types";
import { useSession } from "@/auth/useSession";
import {
  Button,
  Card,
  CopyButton,
  DataTable,
  EmptyState,
  PageHeader,
  Pagination,
  ProblemAlert,
  RelativeTime,
  Select,
  StatusBadge,
  useNow,
  type Column,
} from "@/components";
import { JobsIcon, RefreshIcon } from "@/components/icons";
import { durationBetween, formatDuration, humanize } from "@/lib/format";
import { JOBS_PAGE_SIZE } from "./jobSearch";

const route = getRouteApi("/app/jobs");

function JobDuration({ job }: { job: JobSummary }) {
  const now = useNow();
  if (job.status === "queued") return <span className="text-slate-400">—</span>;
  const ms = durationBetween(job.started_at, job.finished_at, now);
  return <span className={job.finished_at ? undefined : "text-slate-500"}>{formatDuration(ms)}</span>;
}

function useJobColumns(): Column<JobSummary>[] {
  return useMemo(
    () => [
      {
        key: "id",
        header: "Job",
        cell: (job) => (
          <span className="inline-flex items-center gap-1">
            <Link
              to="/jobs/$jobId"
              params={{ jobId: job.id }}
              className="font-mono text-xs font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
              title={job.id}
            >
              {job.id.slice(0, 8)}
            </Link>
            <CopyButton text={job.id} label="Copy the job id" />
          </span>
        ),
      },
      {
        key: "operation",
        header: "Operation",
        sortValue: (job) => operationLabel(job.operation),
        cell: (job) => (
          <span className="font-medium text-slate-800" title={job.operation}>
            {operationLabel(job.operation)}
          </span>
        ),
      },
      {
        key: "status",
        header: "Status",
        sortValue: (job) => job.status,
        cell: (job) => (
          <div className="flex flex-col items-start gap-0.5">
            <StatusBadge status={job.status} />
            {job.status === "running" && job.current_node ? (
              <span className="font-mono text-[11px] text-slate-500">{job.current_node}</span>
            ) : null}
            {job.status === "failed" && job.error ? (
              <span className="max-w-72 truncate text-[11px] text-rose-600" title={job.error}>
                {job.error}
              </span>
            ) : null}
          </div>
        ),
      },
      {
        key: "user",
        header: "Submitted by",
        sortValue: (job) => job.user_id,
        cell: (job) => job.user_id ?? <span className="text-slate-400">—</span>,
      },
      { key: "created", header: "Created", sortValue: (job) => job.created_at, cell: (job) => <RelativeTime value={job.created_at} /> },
      {
        key: "duration",
        header: "Duration",
        align: "right",
        sortValue: (job) => durationBetween(job.started_at, job.finished_at),
        cell: (job) => <JobDuration job={job} />,
      },
    ],
    [],
  );
}

export function JobList() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { can } = useSession();
  const page = search.page ?? 1;
  const params = {
    limit: JOBS_PAGE_SIZE,
    offset: (page - 1) * JOBS_PAGE_SIZE,
    ...(search.status ? { status: search.status } : {}),
    ...(search.operation ? { operation: search.operation } : {}),
  };
  const jobs = useJobs(params);
  const columns = useJobColumns();
  const filtered = Boolean(search.status ?? search.operation);
  const active = jobs.data?.items.some((job) => isActiveStatus(job.status)) ?? false;

  const setFilter = (patch: { status?: string | undefined; operation?: string | undefined }) => {
    void navigate({ search: (prev) => ({ ...prev, ...patch, page: undefined }) });
  };

  const statusOptions = [{ value: "", label: "All statuses" }, ...JOB_STATUSES.map((s) => ({ value: s, label: humanize(s) }))];
  const operationOptions = [{ value: "", label: "All operations" }, ...OPERATIONS];
  if (search.operation && !OPERATIONS.some((op) => op.value === search.operation)) {
    operationOptions.push({ value: search.operation, label: search.operation });
  }

  return (
    <>
      <PageHeader
        title="Job Monitor"
        description="Every subset, mask, synthetic, provisioning and discovery job: follow progress live, read logs and results."
        actions={
          <Button
            icon={<RefreshIcon className="h-4 w-4" />}
            loading={jobs.isFetching && !jobs.isLoading}
            onClick={() => void jobs.refetch()}
          >
            Refresh
          </Button>
        }
      />
      <Card padded={false}>
        <div className="flex flex-wrap items-end gap-4 border-b border-slate-100 px-4 py-3">
          <Select
            label="Status"
            className="w-48"
            value={search.status ?? ""}
            options={statusOptions}
            onChange={(e) => setFilter({ status: e.target.value || undefined })}
          />
          <Select
            label="Operation"
            className="w-64"
            value={search.operation ?? ""}
            options={operationOptions}
            onChange={(e) => setFilter({ operation: e.target.value || undefined })}
          />
          {filtered ? (
            <Button variant="ghost" onClick={() => setFilter({ status: undefined, operation: undefined })}>
              Clear filters
            </Button>
          ) : null}
          <p className="ml-auto pb-2 text-xs text-slate-500" aria-live="polite">
            {active ? "Refreshing every 5 s while jobs run" : null}
          </p>
        </div>
        {jobs.isError ? (
          <div className="p-4">
            <ProblemAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
          </div>
        ) : (
          <>
            <DataTable
              caption="Jobs"
              columns={columns}
              rows={jobs.data?.items}
              getRowKey={(job) => job.id}
              loading={jobs.isLoading}
              empty={
                filtered ? (
                  <EmptyState
                    icon={<JobsIcon className="h-5 w-5" />}
                    title="No jobs match these filters"
                    description="Try another status or operation."
                    action={<Button onClick={() => setFilter({ status: undefined, operation: undefined })}>Clear filters</Button>}
                  />
                ) : (
                  <EmptyState
                    icon={<JobsIcon className="h-5 w-5" />}
                    title="No jobs yet"
                    description={
                      can("operator")
                        ? "Jobs you and others run appear here, with live progress."
                        : "Jobs run by operators appear here, with live progress."
                    }
                    action={
                      can("operator") ? (
                        <Link to="/subset" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                          Run a subset →
                        </Link>
                      ) : undefined
                    }
                  />
                )
              }
            />
            {jobs.data ? (
              <Pagination
                total={jobs.data.total}
                limit={jobs.data.limit}
                offset={jobs.data.offset}
                busy={jobs.isFetching}
                onOffsetChange={(offset) =>
                  void navigate({ search: (prev) => ({ ...prev, page: Math.floor(offset / JOBS_PAGE_SIZE) + 1 }) })
                }
              />
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
