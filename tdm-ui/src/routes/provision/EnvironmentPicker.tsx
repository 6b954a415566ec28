// The target environment (GET /environments) as radio cards: which need an approval, which have no
// connection, and the last provision into each. Read-only (no radios) for viewers.
import { useId, type ReactNode } from "react";
import { useEnvironments, type Environment } from "@/api/queries/provision";
import { useSession } from "@/auth/useSession";
import { Badge, EmptyState, ProblemAlert, RelativeTime, Skeleton, StatusBadge } from "@/components";
import { ServerIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import type { ProvisionEntry } from "./useProvisionHistory";

function EnvironmentFacts({ env, last }: { env: Environment; last: ProvisionEntry | undefined }) {
  return (
    <>
      <span className="mt-1.5 flex flex-wrap gap-1.5">
        {env.requires_approval ? (
          <Badge tone="amber" dot>
            Requires approval
          </Badge>
        ) : (
          <Badge tone="slate">No approval needed</Badge>
        )}
        {env.has_connection ? null : (
          <Badge tone="red" title="The environment has no connection string: provisioning into it fails until an admin sets one.">
            No connection
          </Badge>
        )}
      </span>
      {env.display_url ? (
        <span className="mt-1.5 block truncate font-mono text-[11px] text-slate-500" title={env.display_url}>
          {env.display_url}
        </span>
      ) : null}
      <span className="mt-1.5 flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs text-slate-500">
        {last ? (
          <>
            <span className="whitespace-nowrap">Last provision:</span> <StatusBadge status={last.job.status} />{" "}
            <RelativeTime value={last.job.created_at} className="whitespace-nowrap" />
          </>
        ) : (
          "No recent provision"
        )}
      </span>
    </>
  );
}

/** Loading, error and empty states of the environments, shared by the picker and the read-only list. */
function useEnvironmentList() {
  const environments = useEnvironments();
  const { can } = useSession();
  let fallback: ReactNode = null;
  if (environments.isPending) {
    fallback = (
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2" role="status" aria-label="Loading environments">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  } else if (environments.isError) {
    fallback = <ProblemAlert error={environments.error} onRetry={() => void environments.refetch()} />;
  } else if (environments.data.items.length === 0) {
    fallback = (
      <EmptyState
        className="py-6"
        icon={<ServerIcon className="h-5 w-5" />}
        title="No environment yet"
        description={
          <>
            An admin adds one with <code className="font-mono text-xs">POST /api/v1/environments</code> (a name, its connection string, and
            whether provisioning into it needs an approval).
            {can("admin") ? " You are an admin: you can add it." : ""}
          </>
        }
      />
    );
  }
  return { environments, fallback };
}

export function EnvironmentPicker({
  value,
  onChange,
  error,
  history,
}: {
  value: string;
  onChange: (name: string) => void;
  error?: string | undefined;
  history: Map<string, ProvisionEntry[]>;
}) {
  const id = useId();
  const { environments, fallback } = useEnvironmentList();
  if (fallback || !environments.data) return <>{fallback}</>;
  const errorId = `${id}-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="sr-only">Target environment</legend>
      {error ? (
        <p id={errorId} className="mb-2 text-xs font-medium text-rose-600">
          {error}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        {environments.data.items.map((env) => {
          const checked = env.name === value;
          return (
            <label
              key={env.id}
              className={cx(
                "flex cursor-pointer items-start gap-3 rounded-lg border bg-white p-3.5 transition-colors focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600",
                checked
                  ? "border-indigo-500 ring-1 ring-indigo-500"
                  : error
                    ? "border-rose-300"
                    : "border-slate-200 hover:border-slate-300",
              )}
            >
              <input
                type="radio"
                name={`${id}-env`}
                value={env.name}
                checked={checked}
                onChange={() => onChange(env.name)}
                className="mt-0.5 h-4 w-4 accent-indigo-600"
              />
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-semibold text-slate-900">{env.name}</span>
                <EnvironmentFacts env={env} last={history.get(env.name)?.[0]} />
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The environments without choosing (viewers). */
export function EnvironmentList({ history }: { history: Map<string, ProvisionEntry[]> }) {
  const { environments, fallback } = useEnvironmentList();
  if (fallback || !environments.data) return <>{fallback}</>;
  return (
    <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
      {environments.data.items.map((env) => (
        <li key={env.id} className="rounded-lg border border-slate-200 bg-white p-3.5">
          <span className="block text-sm font-semibold text-slate-900">{env.name}</span>
          <EnvironmentFacts env={env} last={history.get(env.name)?.[0]} />
        </li>
      ))}
    </ul>
  );
}
