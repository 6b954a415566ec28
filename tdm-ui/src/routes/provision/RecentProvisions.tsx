// The recent provisioning jobs, grouped by environment (the chosen one first).
import { Link } from "@tanstack/react-router";
import { RECENT_PROVISIONS } from "@/api/queries/provision";
import { Card, EmptyState, ProblemAlert, RelativeTime, Skeleton, StatusBadge } from "@/components";
import { ServerIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { shortId } from "@/lib/format";
import type { ProvisionEntry, useProvisionHistory } from "./useProvisionHistory";

function EntryRow({ entry }: { entry: ProvisionEntry }) {
  const { job } = entry;
  return (
    <li className="flex items-center gap-3 py-2">
      <StatusBadge status={job.status} />
      <Link
        to="/jobs/$jobId"
        params={{ jobId: job.id }}
        className="font-mono text-xs font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
        title={job.id}
      >
        {shortId(job.id)}
      </Link>
      <span className="min-w-0 flex-1 truncate text-xs text-slate-500">
        {entry.datasetId ? (
          <>
            dataset{" "}
            <code className="font-mono" title={entry.datasetId}>
              {shortId(entry.datasetId)}
            </code>
          </>
        ) : null}
        {job.user_id ? ` · ${job.user_id}` : ""}
      </span>
      <span className="text-xs whitespace-nowrap text-slate-500">
        <RelativeTime value={job.created_at} />
      </span>
    </li>
  );
}

export function RecentProvisions({ history, selected }: { history: ReturnType<typeof useProvisionHistory>; selected: string }) {
  const { jobs, entries, byEnvironment } = history;
  let body;
  if (jobs.isPending) {
    body = (
      <div className="space-y-2 p-5" role="status" aria-label="Loading recent provisions">
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-4 w-2/3" />
      </div>
    );
  } else if (jobs.isError) {
    body = (
      <div className="p-5">
        <ProblemAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
      </div>
    );
  } else if (entries.length === 0) {
    body = (
      <EmptyState
        className="py-8"
        icon={<ServerIcon className="h-5 w-5" />}
        title="No provisioning job yet"
        description="Provisions you and others run appear here, by environment."
      />
    );
  } else {
    const names = [...byEnvironment.keys()].sort((a, b) => (a === selected ? -1 : b === selected ? 1 : a.localeCompare(b)));
    const unknown = entries.filter((e) => !e.environment);
    body = (
      <div className="divide-y divide-slate-100">
        {names.map((name) => (
          <section key={name} aria-label={`Provisions into ${name}`} className={cx("px-5 py-3", name === selected && "bg-indigo-50/40")}>
            <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
              {name}
              {name === selected ? <span className="ml-2 font-normal text-indigo-600 normal-case">chosen</span> : null}
            </h3>
            <ul className="mt-1 divide-y divide-slate-50">
              {(byEnvironment.get(name) ?? []).map((entry) => (
                <EntryRow key={entry.job.id} entry={entry} />
              ))}
            </ul>
          </section>
        ))}
        {unknown.length > 0 ? (
          <section aria-label="Provisions whose environment is not known yet" className="px-5 py-3">
            <h3 className="text-xs font-semibold tracking-wide text-slate-400 uppercase">
              {unknown.some((e) => e.pending) ? "Loading…" : "Environment unknown"}
            </h3>
            <ul className="mt-1">
              {unknown.map((entry) => (
                <EntryRow key={entry.job.id} entry={entry} />
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    );
  }
  return (
    <Card
      title="Recent provisions"
      description={`The latest ${String(RECENT_PROVISIONS)} provisioning jobs, by environment.`}
      padded={false}
      actions={
        <Link to="/jobs" search={{ operation: "TDM_PROVISION_ONLY" }} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
          All →
        </Link>
      }
    >
      {body}
    </Card>
  );
}
