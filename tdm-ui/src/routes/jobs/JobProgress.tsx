// The live progress of a job: its steps (agent subgraphs) and their nodes as they run, with durations and
// node_info notices; and the stream's state (live, reconnecting, ended).
import { useEffect, useState } from "react";
import type { StreamStatus } from "@/api/jobEvents";
import { isActiveStatus } from "@/api/jobMeta";
import type { ProblemError } from "@/api/problem";
import { Badge, EmptyState, ProblemAlert, Spinner } from "@/components";
import { AlertIcon, CheckIcon, ClockIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { durationBetween, formatDuration, humanize } from "@/lib/format";
import type { NodeRun, StepGroup } from "./timeline";

/** The current time, every second, while `active`. */
function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function StreamIndicator({ status, error }: { status: StreamStatus | "idle"; error: ProblemError | null }) {
  switch (status) {
    case "open":
      return (
        <Badge tone="green" dot pulse title="Events arrive as they happen">
          Live
        </Badge>
      );
    case "connecting":
      return <Badge tone="slate">Connecting…</Badge>;
    case "reconnecting":
      return (
        <Badge tone="amber" title={error?.detail}>
          Reconnecting…
        </Badge>
      );
    case "error":
      return <Badge tone="red">Stream unavailable</Badge>;
    case "closed":
      return <Badge tone="slate">Ended</Badge>;
    case "idle":
      return null;
  }
}

function NodeIcon({ state }: { state: NodeRun["state"] }) {
  if (state === "running") return <Spinner className="h-4 w-4 text-sky-600" />;
  if (state === "failed") return <AlertIcon className="h-4 w-4 text-rose-600" />;
  return <CheckIcon className="h-4 w-4 text-emerald-600" />;
}

function NodeRow({ run, now }: { run: NodeRun; now: number }) {
  // A replayed log has one timestamp per transaction: a computed 0 ms says nothing, so it is not shown.
  const computed = run.state === "running" ? durationBetween(run.startedAt, null, now) : durationBetween(run.startedAt, run.finishedAt);
  const ms = run.durationMs ?? (computed === 0 && run.state !== "running" ? null : computed);
  return (
    <li className="py-2">
      <div className="flex items-center gap-3">
        <span className="flex h-6 w-6 items-center justify-center rounded-full bg-white ring-1 ring-slate-200">
          <NodeIcon state={run.state} />
        </span>
        <span className={cx("font-mono text-sm", run.state === "running" ? "font-medium text-slate-900" : "text-slate-700")}>
          {run.node}
        </span>
        <span className="ml-auto text-xs text-slate-500 tabular-nums">{ms === null ? "" : formatDuration(ms)}</span>
      </div>
      {run.error ? <p className="mt-1 ml-9 text-xs whitespace-pre-wrap text-rose-700">{run.error}</p> : null}
      {run.notes.length > 0 ? (
        <ul className="mt-1 ml-9 space-y-0.5">
          {run.notes
            .filter((note) => note.type === "node_info" || (run.state === "running" && note === run.notes[run.notes.length - 1]))
            .map((note, index) => (
              <li key={note.id ?? index} className="flex gap-2 text-xs text-slate-600">
                <span className={note.type === "node_running" ? "text-slate-400" : "text-indigo-400"} aria-hidden="true">
                  •
                </span>
                <span className={note.type === "node_running" ? "text-slate-500 italic" : undefined}>{note.message}</span>
              </li>
            ))}
        </ul>
      ) : null}
    </li>
  );
}

export function JobProgress({
  steps,
  status,
  error,
  jobStatus,
}: {
  steps: StepGroup[];
  status: StreamStatus | "idle";
  error: ProblemError | null;
  jobStatus: string;
}) {
  const running = steps.some((s) => s.state === "running") && (status === "open" || status === "reconnecting");
  const now = useTicker(running);

  return (
    <div className="space-y-4">
      {status === "error" && error ? <ProblemAlert error={error} title="The live progress is unavailable" /> : null}
      {steps.length === 0 ? (
        status === "connecting" || status === "idle" ? (
          <div className="flex items-center gap-2 py-8 text-sm text-slate-500" role="status">
            <Spinner className="h-4 w-4" /> Loading the job's events…
          </div>
        ) : (
          <EmptyState
            icon={<ClockIcon className="h-5 w-5" />}
            title={jobStatus === "queued" ? "Waiting for a worker" : isActiveStatus(jobStatus) ? "Starting" : "No steps recorded"}
            description={
              jobStatus === "queued"
                ? "The job is queued; its steps appear here as soon as a worker picks it up."
                : isActiveStatus(jobStatus)
                  ? "Its steps appear here as they run."
                  : "This job has no step events (its events may have expired)."
            }
          />
        )
      ) : (
        <ol className="space-y-3">
          {steps.map((step, index) => (
            <li key={step.key} className="rounded-lg border border-slate-200 bg-slate-50/60 px-4 py-2">
              <div className="flex items-center gap-2 border-b border-slate-200/70 pb-2">
                <span className="flex h-5 w-5 items-center justify-center rounded-full bg-indigo-100 text-[11px] font-semibold text-indigo-700 tabular-nums">
                  {index + 1}
                </span>
                <h3 className="text-sm font-semibold text-slate-800">{step.key === "job" ? "Orchestration" : humanize(step.key)}</h3>
                <span className="ml-auto">
                  <Badge tone={step.state === "failed" ? "red" : step.state === "running" ? "blue" : "green"}>
                    {step.state === "running" ? "Running" : step.state === "failed" ? "Failed" : "Done"}
                  </Badge>
                </span>
              </div>
              <ul className="divide-y divide-slate-200/60">
                {step.nodes.map((run) => (
                  <NodeRow key={run.key} run={run} now={now} />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
