import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { JobDetail, JobSummary } from "@/api/types";
import { json, mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";

const DS_ORDERS = "9b8c7d6e-1111-4222-8333-444455556666";
const DS_SYNTH = "1a2b3c4d-5555-4666-8777-888899990000";
const DS_OLD = "abcdef01-2222-4333-8444-555566667777";
const NEW_JOB = "3f2a9c1e-5b7d-4e21-9a0c-1234567890ab";
const WAITING_JOB = "c0ffee00-1111-4222-8333-444455556666";
const DONE_JOB = "d00dd00d-1111-4222-8333-444455556666";

function dataset(id: string, name: string, source_type = "subset") {
  return {
    id,
    name,
    source_type,
    status: "active",
    row_count: 12_345,
    size_bytes: 2_048_000,
    created_at: "2025-03-01T10:00:00Z",
    job_id: null,
    path_prefix: `datasets/${id}`,
    schema_version_id: null,
  };
}

function environment(name: string, requires_approval: boolean) {
  return {
    id: `env-${name}`,
    name,
    requires_approval,
    has_connection: true,
    display_url: `postgresql://db/${name.toLowerCase()}`,
    config: null,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
  };
}

function summary(id: string, status: string, user_id = "alice"): JobSummary {
  return {
    id,
    operation: "TDM_PROVISION_ONLY",
    status,
    user_id,
    current_node: null,
    created_at: "2025-03-01T10:00:00Z",
    started_at: null,
    finished_at: status === "completed" ? "2025-03-01T10:05:00Z" : null,
    error: null,
  };
}

function detail(job: JobSummary, env: string, datasetId: string): JobDetail {
  return {
    ...job,
    request: { provision: { target_env: env, dataset_version_id: datasetId } },
    result: null,
    attempts: 1,
    cancel_requested: false,
    logs: [],
    live_state: null,
  };
}

const page = (items: unknown[]) => ({ items, total: items.length, limit: 200, offset: 0 });

function serve(extra: Record<string, unknown> = {}) {
  const waiting = summary(WAITING_JOB, "awaiting_approval", "bob");
  const done = summary(DONE_JOB, "completed", "carol");
  return mockApi({
    "GET /api/v1/datasets": page([dataset(DS_ORDERS, "orders-subset"), dataset(DS_SYNTH, "checkout-synthetic", "synthetic")]),
    "GET /api/v1/environments": page([environment("QA", false), environment("UAT", true)]),
    "GET /api/v1/jobs": ({ url }: FakeRequest) => {
      if (url.searchParams.get("status") === "awaiting_approval") return json(page([waiting]));
      if (url.searchParams.get("operation") === "TDM_PROVISION_ONLY") return json(page([waiting, done]));
      return json(page([]));
    },
    [`GET /api/v1/job/${WAITING_JOB}`]: detail(waiting, "UAT", DS_ORDERS),
    [`GET /api/v1/job/${DONE_JOB}`]: detail(done, "QA", DS_SYNTH),
    "POST /api/v1/provision": () =>
      json(
        {
          job_id: NEW_JOB,
          operation: "TDM_PROVISION_ONLY",
          status: "queued",
          status_url: `/api/v1/job/${NEW_JOB}`,
          events_url: `/api/v1/job/${NEW_JOB}/events`,
        },
        202,
      ),
    ...extra,
  });
}

async function open(path = "/provision", role: "viewer" | "operator" | "admin" = "operator") {
  signIn(role, "alice");
  const app = renderApp(path);
  await screen.findByRole("heading", { level: 1, name: "Provisioning Console" });
  return app;
}

const posts = (requests: FakeRequest[], path: string) => requests.filter((r) => r.method === "POST" && r.url.pathname === path);

describe("provisioning console", () => {
  it("provisions the chosen dataset into the chosen environment and opens the job", async () => {
    const { requests } = serve();
    const { user, router } = await open();
    await user.click(await screen.findByRole("radio", { name: /checkout-synthetic/ }));
    await user.click(screen.getByRole("radio", { name: /^QA/ }));
    await user.click(screen.getByRole("checkbox", { name: "Reset the environment first" }));
    await user.click(screen.getByRole("radio", { name: /Recreate/ }));
    await user.click(screen.getByRole("button", { name: "Add a check" }));
    const check = screen.getByRole("group", { name: "Check 1" });
    await user.type(within(check).getByLabelText("Name"), "no orphans");
    await user.type(within(check).getByLabelText("SQL"), "SELECT count(*) FROM orders WHERE customer_id IS NULL");
    await user.type(within(check).getByLabelText("Expected value"), "0");

    await user.click(screen.getByRole("button", { name: "Provision" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${NEW_JOB}`));
    expect(posts(requests, "/api/v1/provision")[0]?.body).toEqual({
      dataset_version_id: DS_SYNTH,
      target_env: "QA",
      reset_env: true,
      reset_mode: "recreate",
      run_smoke_tests: true,
      smoke_checks: [{ name: "no orphans", sql: "SELECT count(*) FROM orders WHERE customer_id IS NULL", expect: 0 }],
      lock_timeout_seconds: 1800,
    });
  });

  it("prefills the dataset version from ?dataset=", async () => {
    serve();
    await open(`/provision?dataset=${DS_ORDERS}`);
    expect(await screen.findByRole("radio", { name: /orders-subset/ })).toBeChecked();
    expect(screen.getByRole("radio", { name: /checkout-synthetic/ })).not.toBeChecked();
  });

  it("fetches a ?dataset= version that is not in the list, and says when it cannot", async () => {
    serve({ [`GET /api/v1/dataset/${DS_OLD}`]: { ...dataset(DS_OLD, "last-year-mask", "mask"), files: [], metadata: {}, lineage: {} } });
    await open(`/provision?dataset=${DS_OLD}`);
    expect(await screen.findByRole("radio", { name: /last-year-mask/ })).toBeChecked();
  });

  it("shows a missing ?dataset= version's problem as written", async () => {
    serve({ [`GET /api/v1/dataset/${DS_OLD}`]: problem(404, `dataset ${DS_OLD} does not exist`) });
    await open(`/provision?dataset=${DS_OLD}`);
    expect(await screen.findByText(`dataset ${DS_OLD} does not exist`)).toBeInTheDocument();
  });

  it("says the job will wait for another person's approval when the environment requires one", async () => {
    serve();
    const { user } = await open();
    const uat = await screen.findByRole("radio", { name: /^UAT/ });
    expect(uat.closest("label")).toHaveTextContent("Requires approval");
    await user.click(uat);
    const notice = screen.getByText("UAT requires an approval").closest('[role="status"]')!;
    expect(notice).toHaveTextContent("until another person approves it");
    expect(screen.getByRole("button", { name: "Provision (after approval)" })).toBeInTheDocument();
  });

  it("checks the form before sending", async () => {
    const { requests } = serve();
    const { user } = await open();
    await screen.findByRole("radio", { name: /orders-subset/ });
    await user.click(screen.getByRole("button", { name: "Provision" }));
    expect(await screen.findByText("Choose the dataset version to load.")).toBeInTheDocument();
    expect(screen.getByText("Choose the environment to load it into.")).toBeInTheDocument();
    expect(posts(requests, "/api/v1/provision")).toHaveLength(0);
  });

  it("puts a 422 on the smoke check it is about", async () => {
    serve({
      "POST /api/v1/provision": problem(422, "1 field is invalid", {
        errors: [{ loc: ["body", "smoke_checks", 0, "sql"], msg: "String should have at most 10000 characters", type: "string_too_long" }],
      }),
    });
    const { user } = await open(`/provision?dataset=${DS_ORDERS}`);
    await user.click(await screen.findByRole("radio", { name: /^QA/ }));
    await user.click(screen.getByRole("button", { name: "Add a check" }));
    await user.click(screen.getByRole("button", { name: "Add a check" }));
    const second = screen.getByRole("group", { name: "Check 2" });
    await user.type(within(second).getByLabelText("Name"), "big");
    await user.type(within(second).getByLabelText("SQL"), "SELECT 1");
    await user.type(within(second).getByLabelText("Expected value"), "1");
    await user.click(screen.getByRole("button", { name: "Provision" }));
    // Check 1 is blank (not sent): the API's smoke_checks.0 is the form's check 2.
    await waitFor(() =>
      expect(within(second).getByLabelText("SQL")).toHaveAccessibleDescription("String should have at most 10000 characters"),
    );
    expect(within(screen.getByRole("group", { name: "Check 1" })).getByLabelText("SQL")).not.toHaveAttribute("aria-invalid");
  });

  it("lists the jobs awaiting approval and approves one with a comment", async () => {
    const { requests } = serve({
      [`POST /api/v1/job/${WAITING_JOB}/approve`]: { job_id: WAITING_JOB, status: "queued", detail: "approved by alice" },
    });
    const { user } = await open();
    const panel = screen.getByRole("heading", { name: /Jobs awaiting approval/ }).closest("section")!;
    expect(await within(panel).findByText("UAT")).toBeInTheDocument();
    expect(within(panel).getByText(/by bob/)).toBeInTheDocument();
    await user.click(within(panel).getByRole("button", { name: /^Approve Provision c0ffee00/ }));
    const dialog = screen.getByRole("dialog", { name: "Approve this job?" });
    await user.type(within(dialog).getByLabelText("Comment"), "data checked");
    await user.click(within(dialog).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(posts(requests, `/api/v1/job/${WAITING_JOB}/approve`)[0]?.body).toEqual({ comment: "data checked" });
    expect(await screen.findByText("approved by alice")).toBeInTheDocument();
  });

  it("rejects a job", async () => {
    const { requests } = serve({
      [`POST /api/v1/job/${WAITING_JOB}/reject`]: { job_id: WAITING_JOB, status: "cancelled", detail: "rejected by alice" },
    });
    const { user } = await open();
    await user.click(await screen.findByRole("button", { name: /^Reject Provision c0ffee00/ }));
    const dialog = screen.getByRole("dialog", { name: "Reject this job?" });
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    await waitFor(() => expect(posts(requests, `/api/v1/job/${WAITING_JOB}/reject`)).toHaveLength(1));
    expect(posts(requests, `/api/v1/job/${WAITING_JOB}/reject`)[0]?.body).toEqual({ comment: null });
  });

  it("shows the API's four-eyes 403 as written", async () => {
    const detailText = `job ${WAITING_JOB} was submitted by alice: four-eyes approval needs another API key to approve it`;
    serve({ [`POST /api/v1/job/${WAITING_JOB}/approve`]: problem(403, detailText) });
    const { user } = await open();
    await user.click(await screen.findByRole("button", { name: /^Approve Provision c0ffee00/ }));
    const dialog = screen.getByRole("dialog", { name: "Approve this job?" });
    await user.click(within(dialog).getByRole("button", { name: "Approve" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(detailText);
    expect(alert).toHaveTextContent("HTTP 403");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("shows the recent provisions per environment", async () => {
    serve();
    await open();
    const qa = await screen.findByRole("region", { name: "Provisions into QA" });
    expect(within(qa).getByText("Completed")).toBeInTheDocument();
    expect(within(qa).getByText(/carol/)).toBeInTheDocument();
    const uat = screen.getByRole("region", { name: "Provisions into UAT" });
    expect(within(uat).getByText("Awaiting approval")).toBeInTheDocument();
  });

  it("explains how to add an environment when there is none", async () => {
    serve({ "GET /api/v1/environments": page([]) });
    await open();
    expect(await screen.findByText("No environment yet")).toBeInTheDocument();
    expect(screen.getByText("POST /api/v1/environments")).toBeInTheDocument();
  });

  it("gives a viewer no provision form and no approval buttons", async () => {
    serve();
    await open("/provision", "viewer");
    expect(await screen.findByText(/Provisioning needs an operator key/)).toBeInTheDocument();
    expect(await screen.findByText("UAT", { selector: "span" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Provision/ })).toBeNull();
    const panel = screen.getByRole("heading", { name: /Jobs awaiting approval/ }).closest("section")!;
    expect(await within(panel).findByText(/by bob/)).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: /Approve/ })).toBeNull();
  });

  it("shows an environments error as written, with a retry", async () => {
    serve({ "GET /api/v1/environments": problem(503, "the metadata database is unavailable; retry later") });
    await open();
    expect(await screen.findByText("the metadata database is unavailable; retry later")).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "Try again" }).length).toBeGreaterThan(0);
  });
});
