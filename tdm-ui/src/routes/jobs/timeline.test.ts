import { describe, expect, it } from "vitest";
import type { JobEvent } from "@/api/jobEvents";
import { approvalRequest, buildTimeline } from "./timeline";

function ev(type: string, extra: Partial<JobEvent> = {}): JobEvent {
  return {
    id: null,
    type,
    at: null,
    message: null,
    level: null,
    node: null,
    subgraph: null,
    status: null,
    durationMs: null,
    info: null,
    data: {},
    ...extra,
  };
}

describe("buildTimeline", () => {
  it("groups nodes by step, with durations, notices, failures and retries", () => {
    const steps = buildTimeline([
      ev("job_started"),
      ev("step_started"),
      ev("node_started", { node: "plan", subgraph: "subset", at: "2025-01-01T00:00:00Z" }),
      ev("node_info", { node: "plan", subgraph: "subset", message: "12 tables" }),
      ev("node_completed", { node: "plan", subgraph: "subset", durationMs: 1500 }),
      ev("node_started", { node: "extract", subgraph: "subset" }),
      ev("node_failed", { node: "extract", subgraph: "subset", message: "connection reset" }),
      ev("node_started", { node: "extract", subgraph: "subset" }),
      ev("node_running", { node: "extract", subgraph: "subset", message: "still running after 30s" }),
      ev("node_started", { node: "load", subgraph: "provision" }),
    ]);
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ["subset", "failed"],
      ["provision", "running"],
    ]);
    const [subset] = steps;
    expect(subset?.nodes.map((n) => [n.node, n.state, n.durationMs])).toEqual([
      ["plan", "completed", 1500],
      ["extract", "failed", null],
      ["extract", "running", null],
    ]);
    expect(subset?.nodes[0]?.notes.map((n) => n.message)).toEqual(["12 tables"]);
    expect(subset?.nodes[1]?.error).toBe("connection reset");
    expect(subset?.nodes[2]?.notes).toHaveLength(1);
  });

  it("puts a node seen without its start (and one without a step) somewhere sensible", () => {
    const steps = buildTimeline([ev("node_completed", { node: "finalize", durationMs: 5 })]);
    expect(steps).toEqual([expect.objectContaining({ key: "job", state: "completed" })]);
    expect(steps[0]?.nodes[0]?.startedAt).toBeNull();
  });
});

describe("approvalRequest", () => {
  it("is the pending request, until a decision", () => {
    const waiting = ev("awaiting_approval", { message: "waiting for an approval before provision" });
    expect(approvalRequest([ev("job_started"), waiting])).toBe(waiting);
    expect(approvalRequest([waiting, ev("approval_decision")])).toBeNull();
  });
});
