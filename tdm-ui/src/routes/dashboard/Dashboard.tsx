// Dashboard: the platform at a glance (catalog counts, jobs running or waiting), the latest jobs, and
// quick actions to start a subset, synthetic data or a provisioning (operators and admins only).
import { Link } from "@tanstack/react-router";
import type { ComponentType, ReactNode } from "react";
import { operationLabel } from "@/api/jobMeta";
import { useDatasetCount, useEnvironmentCount, useJobCount, useSchemaCount } from "@/api/queries/dashboard";
import { useJobs } from "@/api/queries/jobs";
import { useSession } from "@/auth/useSession";
import { Card, EmptyState, ProblemAlert, RelativeTime, Skeleton, StatCard, StatusBadge } from "@/components";
import {
  ChevronIcon,
  ClockIcon,
  DatasetIcon,
  JobsIcon,
  SchemaIcon,
  ServerIcon,
  SparkIcon,
  SubsetIcon,
  type IconProps,
} from "@/components/icons";
import { formatNumber } from "@/lib/format";

function Count({ query }: { query: { data?: number | undefined; isPending: boolean; isError: boolean; error: unknown } }) {
  if (query.isPending) return <Skeleton className="h-8 w-16" />;
  if (query.isError) return <span className="text-base font-normal text-rose-600">unavailable</span>;
  return <>{formatNumber(query.data)}</>;
}

function QuickAction({
  to,
  title,
  description,
  icon: Icon,
}: {
  to: "/subset" | "/synthetic" | "/provision";
  title: string;
  description: string;
  icon: ComponentType<IconProps>;
}) {
  return (
    <Link
      to={to}
      className="group flex items-start gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-indigo-300 hover:shadow focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 group-hover:bg-indigo-100">
        <Icon className="h-5 w-5" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block text-sm font-semibold text-slate-900">{title}</span>
        <span className="mt-0.5 block text-xs text-slate-500">{description}</span>
      </span>
      <ChevronIcon className="mt-2 h-4 w-4 text-slate-300 group-hover:text-indigo-500" />
    </Link>
  );
}

function RecentJobs() {
  const jobs = useJobs({ limit: 8, offset: 0 });
  const { can } = useSession();
  let body: ReactNode;
  if (jobs.isPending) {
    body = (
      <ul className="divide-y divide-slate-100" aria-label="Loading jobs">
        {Array.from({ length: 5 }, (_, i) => (
          <li key={i} className="flex items-center gap-4 px-5 py-3">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="ml-auto h-4 w-20" />
          </li>
        ))}
      </ul>
    );
  } else if (jobs.isError) {
    body = (
      <div className="p-5">
        <ProblemAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
      </div>
    );
  } else if (jobs.data.items.length === 0) {
    body = (
      <EmptyState
        icon={<JobsIcon className="h-5 w-5" />}
        title="No jobs yet"
        description={
          can("operator")
            ? "Start with a subset of a source database, or generate synthetic data."
            : "Jobs appear here once an operator runs one."
        }
        action={
          can("operator") ? (
            <Link to="/subset" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Build a subset →
            </Link>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <ul className="divide-y divide-slate-100">
        {jobs.data.items.map((job) => (
          <li key={job.id}>
            <Link
              to="/jobs/$jobId"
              params={{ jobId: job.id }}
              className="flex items-center gap-4 px-5 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
            >
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-900">{operationLabel(job.operation)}</p>
                <p className="mt-0.5 truncate text-xs text-slate-500">
                  <span className="font-mono" title={job.id}>
                    {job.id.slice(0, 8)}
                  </span>
                  {job.user_id ? ` · ${job.user_id}` : ""}
                  {job.status === "running" && job.current_node ? ` · ${job.current_node}` : ""}
                </p>
              </div>
              <StatusBadge status={job.status} />
              <span className="w-24 text-right text-xs text-slate-500">
                <RelativeTime value={job.created_at} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <Card
      title="Recent jobs"
      description="The latest jobs of everyone, newest first."
      padded={false}
      actions={
        <Link to="/jobs" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
          All jobs →
        </Link>
      }
    >
      {body}
    </Card>
  );
}

export function Dashboard() {
  const { name, can } = useSession();
  const schemas = useSchemaCount();
  const datasets = useDatasetCount();
  const environments = useEnvironmentCount();
  const running = useJobCount("running");
  const awaiting = useJobCount("awaiting_approval");
  const countError = [schemas, datasets, environments].find((q) => q.isError)?.error;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Welcome{name ? `, ${name}` : ""}</h1>
        <p className="mt-1 text-sm text-slate-500">Discover schemas, build safe test datasets and provision them to your environments.</p>
      </div>

      {countError ? <ProblemAlert error={countError} title="Some figures could not be loaded" /> : null}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <StatCard
          label="Schemas"
          value={<Count query={schemas} />}
          icon={<SchemaIcon className="h-5 w-5" />}
          hint={
            <Link to="/schemas" className="hover:text-indigo-600">
              Explore →
            </Link>
          }
        />
        <StatCard
          label="Datasets"
          value={<Count query={datasets} />}
          icon={<DatasetIcon className="h-5 w-5" />}
          hint={
            <Link to="/datasets" className="hover:text-indigo-600">
              Catalog →
            </Link>
          }
        />
        <StatCard
          label="Environments"
          value={<Count query={environments} />}
          icon={<ServerIcon className="h-5 w-5" />}
          hint="Targets for provisioning"
        />
        <StatCard
          label="Jobs running"
          value={<Count query={running} />}
          icon={<JobsIcon className="h-5 w-5" />}
          hint={
            <Link to="/jobs" search={{ status: "running" }} className="hover:text-indigo-600">
              Watch →
            </Link>
          }
        />
        <StatCard
          label="Awaiting approval"
          value={<Count query={awaiting} />}
          icon={<ClockIcon className="h-5 w-5" />}
          hint={
            <Link to="/jobs" search={{ status: "awaiting_approval" }} className="hover:text-indigo-600">
              Review →
            </Link>
          }
        />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <RecentJobs />
        </div>
        <div className="space-y-3">
          {can("operator") ? (
            <section aria-labelledby="quick-actions">
              <h2 id="quick-actions" className="mb-3 text-sm font-semibold text-slate-900">
                Quick actions
              </h2>
              <div className="space-y-3">
                <QuickAction
                  to="/subset"
                  title="Build a subset"
                  description="A referentially intact slice of a source database."
                  icon={SubsetIcon}
                />
                <QuickAction
                  to="/synthetic"
                  title="Generate synthetic data"
                  description="Realistic rows from a schema, UI pages or an API spec."
                  icon={SparkIcon}
                />
                <QuickAction
                  to="/provision"
                  title="Provision an environment"
                  description="Load a dataset version into a test environment."
                  icon={ServerIcon}
                />
              </div>
            </section>
          ) : (
            <Card title="Read-only access">
              <p className="text-sm text-slate-600">
                Your key has the <strong>viewer</strong> role: you can browse schemas, datasets and jobs. Ask an administrator for an
                operator key to run jobs.
              </p>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
