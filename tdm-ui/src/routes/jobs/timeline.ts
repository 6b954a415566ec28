// The job's progress as the portal draws it: its events grouped by step (agent subgraph), each node with
// its runs (start, end, duration, notices).
import type { JobEvent } from "@/api/jobEvents";

export type NodeState = "running" | "completed" | "failed";

export interface NodeRun {
  key: string;
  node: string;
  state: NodeState;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** node_info notices and node_running heartbeats. */
  notes: JobEvent[];
  /** The failure message (node_failed). */
  error: string | null;
}

export interface StepGroup {
  /** The subgraph (agent) name, or "job" for the orchestrator's own events. */
  key: string;
  nodes: NodeRun[];
  state: NodeState;
}

/** Group node events by subgraph in order of appearance; a node that starts again gets a new run. */
export function buildTimeline(events: readonly JobEvent[]): StepGroup[] {
  const groups = new Map<string, StepGroup>();
  const current = new Map<string, NodeRun>();
  let counter = 0;

  const groupFor = (key: string): StepGroup => {
    let group = groups.get(key);
    if (!group) {
      group = { key, nodes: [], state: "running" };
      groups.set(key, group);
    }
    return group;
  };

  /** The node's current run; `start` opens a new one unless it is still running. */
  const runFor = (event: JobEvent, start: boolean): NodeRun | null => {
    if (!event.node) return null;
    const groupKey = event.subgraph ?? "job";
    const id = `${groupKey}.${event.node}`;
    const existing = current.get(id);
    if (existing && (!start || existing.state === "running")) return existing;
    // A new run: started now, or seen first through a later event (its start was not replayed).
    const run: NodeRun = {
      key: `${id}#${String(counter++)}`,
      node: event.node,
      state: "running",
      startedAt: start ? event.at : null,
      finishedAt: null,
      durationMs: null,
      notes: [],
      error: null,
    };
    current.set(id, run);
    groupFor(groupKey).nodes.push(run);
    return run;
  };

  for (const event of events) {
    switch (event.type) {
      case "node_started":
        runFor(event, true);
        break;
      case "node_completed": {
        const run = runFor(event, false);
        if (run) {
          run.state = "completed";
          run.finishedAt = event.at;
          run.durationMs = event.durationMs;
        }
        break;
      }
      case "node_failed": {
        const run = runFor(event, false);
        if (run) {
          run.state = "failed";
          run.finishedAt = event.at;
          run.error = event.message;
        }
        break;
      }
      case "node_info":
      case "node_running": {
        const run = runFor(event, false);
        run?.notes.push(event);
        break;
      }
      default:
        break;
    }
  }

  for (const group of groups.values()) {
    group.state = group.nodes.some((n) => n.state === "failed")
      ? "failed"
      : group.nodes.some((n) => n.state === "running")
        ? "running"
        : "completed";
  }
  return [...groups.values()];
}

/** The last event that says why the job waits for an approval, if it does. */
export function approvalRequest(events: readonly JobEvent[]): JobEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.type === "awaiting_approval") return event;
    if (event?.type === "approval_decision") return null;
  }
  return null;
}
