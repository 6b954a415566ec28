import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { JobDetail } from "@/api/types";
import type { Role } from "@/auth/session";
import { json, mockApi, problem, renderApp, signIn, sse, sseEvent } from "@/test/utils";

const JOB_ID = "3f2a9c1e-5b7d-4e21-9a0c-1234567890ab";
const DATASET_ID = "9b8c7d6e-1111-4222-8333-444455556666";

function job(overrides: Partial<JobDetail> = {}): JobDetail {
  return {
    id: JOB_ID,
    operation: "TDM_SUBSET_ONLY",
    status: "running",
    user_id: "ops-team",
    current_node: "extract",
    created_at: "2025-03-01T10:00:00Z",
    started_at: "2025-03-01T10:00:05Z",
    finished_at: null,
    error: null,
    request: { subset: { root_table: "orders" } },
    result: null,
    attempts: 1,
    cancel_requested: false,
    logs: [],
    live_state: null,
    ...overrides,
  };
}

const runningEvents = [
  sseEvent({ type: "job_started", message: "job started", at: "2025-03-01T10:00:05Z" }, { id: "1-0", event: "job_started" }),
  sseEvent(
    { type: "node_started", node: "plan", subgraph: "subset", message: "subset.plan started", at: "2025-03-01T10:00:06Z" },
    { id: "2-0", event: "node_started" },
  ),
  sseEvent(
    { type: "node_info", node: "plan", subgraph: "subset", message: "12 tables planned from orders", info: { tables: 12 } },
    { id: "3-0", event: "node_info" },
  ),
  sseEvent(
    { type: "node_completed", node: "plan", subgraph: "subset", message: "subset.plan completed in 1.20s", duration_ms: 1200 },
    { id: "4-0", event: "node_completed" },
  ),
  sseEvent(
    { type: "node_started", node: "extract", subgraph: "subset", message: "subset.extract started", at: "2025-03-01T10:00:08Z" },
    { id: "5-0", event: "node_started" },
  ),
];

function serve(detail: JobDetail, events: string[] = runningEvents, extra: Record<string, unknown> = {}) {
  return mockApi({
    [`GET /api/v1/job/${JOB_ID}`]: detail,
    [`GET /api/v1/job/${JOB_ID}/events`]: () => sse(events),
    ...extra,
  });
}

async function openAs(role: Role) {
  signIn(role);
  const app = renderApp(`/jobs/${JOB_ID}`);
  await screen.findByRole("heading", { level: 1, name: "Subset" });
  return app;
}

describe("job detail", () => {
  it("shows the live progress: nodes with durations and node_info messages", async () => {
    serve(job());
    await openAs("viewer");
    expect(await screen.findByText("12 tables planned from orders")).toBeInTheDocument();
    const plan = screen.getByText("plan").closest("li")!;
    expect(within(plan).getByText("1.2 s")).toBeInTheDocument();
    expect(screen.getByText("extract")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Subset", level: 3 })).toBeInTheDocument();
  });

  it("gives a viewer no action buttons", async () => {
    serve(job({ status: "awaiting_approval" }));
    await openAs("viewer");
    expect(await screen.findByText("This job waits for an approval")).toBeInTheDocument();
    expect(screen.getByText(/An operator or an admin can approve or reject it/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /cancel/i })).toBeNull();
    expect(screen.queryByRole("button", { name: /approve/i })).toBeNull();
    expect(screen.queryByRole("button", { name: /reject/i })).toBeNull();
  });

  it("lets an operator cancel a running job, after confirming", async () => {
    const { requests } = serve(job(), runningEvents, {
      [`POST /api/v1/job/${JOB_ID}/cancel`]: json({
        job_id: JOB_ID,
        status: "running",
        detail: "cancellation requested; the job stops at its next step",
      }),
    });
    const { user } = await openAs("operator");
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Cancel job" }));
    const dialog = await screen.findByRole("dialog", { name: "Cancel this job?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel job" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(requests.some((r) => r.method === "POST" && r.url.pathname.endsWith("/cancel"))).toBe(true);
    expect(await screen.findByText("cancellation requested; the job stops at its next step")).toBeInTheDocument();
  });

  it("shows approve and reject only while the job awaits an approval, and the API's refusal as written", async () => {
    serve(job({ status: "awaiting_approval" }), runningEvents, {
      [`POST /api/v1/job/${JOB_ID}/approve`]: problem(409, "the job is no longer awaiting approval (it is cancelled)"),
    });
    const { user } = await openAs("admin");
    const approve = screen.getAllByRole("button", { name: "Approve" });
    expect(approve.length).toBeGreaterThan(0);
    expect(screen.getAllByRole("button", { name: "Reject" }).length).toBeGreaterThan(0);
    await user.click(approve[0]!);
    const dialog = await screen.findByRole("dialog", { name: "Approve this job?" });
    await user.type(within(dialog).getByLabelText("Comment"), "checked with QA");
    await user.click(within(dialog).getByRole("button", { name: "Approve" }));
    expect(await within(dialog).findByText("the job is no longer awaiting approval (it is cancelled)")).toBeInTheDocument();
  });

  it("shows a finished job's error as written and no cancel button", async () => {
    serve(
      job({ status: "failed", finished_at: "2025-03-01T10:01:00Z", error: 'subset.extract failed: relation "orders" does not exist' }),
      [sseEvent({ type: "status", status: "failed", error: "x" }, { event: "status" })],
    );
    await openAs("operator");
    expect(screen.getByText('subset.extract failed: relation "orders" does not exist')).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel job" })).toBeNull();
  });

  it("summarises the result with a link to the dataset version", async () => {
    const result = {
      operation: "TDM_SUBSET_ONLY",
      dataset_version_id: DATASET_ID,
      steps: { subset: { dataset_version_id: DATASET_ID, row_counts: { orders: 120, customers: 80 }, total_rows: 200 } },
    };
    serve(job({ status: "completed", finished_at: "2025-03-01T10:01:00Z", result }), [
      sseEvent({ type: "job_completed", status: "completed", message: "job completed" }, { id: "9-0", event: "job_completed" }),
    ]);
    const { user } = await openAs("viewer");
    await user.click(screen.getByRole("tab", { name: "Result" }));
    const link = screen.getByRole("link", { name: /9b8c7d6e/ });
    expect(link).toHaveAttribute("href", `/ui/datasets/${DATASET_ID}`);
    expect(screen.getByText("200")).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "result" })).toBeInTheDocument();
  });

  it("marks every cached list stale when the job completes, so the next screen shows what it made", async () => {
    serve(job({ status: "completed", finished_at: "2025-03-01T10:01:00Z" }), [
      sseEvent({ type: "job_completed", status: "completed", message: "job completed" }, { id: "9-0", event: "job_completed" }),
    ]);
    signIn("operator");
    const { queryClient } = renderApp(`/jobs/${JOB_ID}`);
    queryClient.setQueryData(["schemas", "list", { limit: 100, offset: 0 }], { items: [], total: 0, limit: 100, offset: 0 });
    await screen.findByRole("heading", { level: 1, name: "Subset" });
    await waitFor(() => expect(queryClient.getQueryState(["schemas", "list", { limit: 100, offset: 0 }])?.isInvalidated).toBe(true));
  });

  it("says when the job does not exist", async () => {
    signIn("viewer");
    mockApi({ [`GET /api/v1/job/${JOB_ID}`]: problem(404, `job ${JOB_ID} not found`) });
    renderApp(`/jobs/${JOB_ID}`);
    expect(await screen.findByText("Job not found")).toBeInTheDocument();
    expect(screen.getByText(`job ${JOB_ID} not found`)).toBeInTheDocument();
  });
});
