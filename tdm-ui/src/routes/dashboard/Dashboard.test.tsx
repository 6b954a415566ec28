import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Role } from "@/auth/session";
import { mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";

const page = (total: number, items: unknown[] = []) => ({ items, total, limit: 1, offset: 0 });

function serveDashboard(jobs: unknown[] = []) {
  return mockApi({
    "GET /api/v1/schemas": page(4),
    "GET /api/v1/datasets": page(17),
    "GET /api/v1/environments": page(3),
    "GET /api/v1/jobs": ({ url }: FakeRequest) => {
      const status = url.searchParams.get("status");
      if (status === "running") return Response.json(page(2));
      if (status === "awaiting_approval") return Response.json(page(1));
      return Response.json({ items: jobs, total: jobs.length, limit: 8, offset: 0 });
    },
  });
}

async function openAs(role: Role) {
  signIn(role, "dana");
  const app = renderApp("/");
  await screen.findByRole("heading", { name: "Welcome, dana" });
  return app;
}

describe("dashboard", () => {
  it("shows the counts and the recent jobs", async () => {
    serveDashboard([
      {
        id: "11111111-2222-4333-8444-555555555555",
        operation: "TDM_MASK_ONLY",
        status: "completed",
        user_id: "ops",
        current_node: null,
        created_at: "2025-03-01T10:00:00Z",
        started_at: null,
        finished_at: null,
        error: null,
      },
    ]);
    await openAs("viewer");
    expect(await screen.findByText("17")).toBeInTheDocument();
    expect(screen.getByText("4")).toBeInTheDocument();
    expect(screen.getByText("3")).toBeInTheDocument();
    const recent = screen.getByRole("heading", { name: "Recent jobs" }).closest("section")!;
    expect(await within(recent).findByText("Mask")).toBeInTheDocument();
    expect(within(recent).getByText("Completed")).toBeInTheDocument();
    expect(within(recent).getByRole("link", { name: /Mask/ })).toHaveAttribute("href", "/ui/jobs/11111111-2222-4333-8444-555555555555");
  });

  it("hides the quick actions from a viewer", async () => {
    serveDashboard();
    await openAs("viewer");
    expect(screen.queryByRole("heading", { name: "Quick actions" })).toBeNull();
    expect(screen.queryByRole("link", { name: /Build a subset/ })).toBeNull();
    expect(screen.getByText(/viewer/, { selector: "strong" })).toBeInTheDocument();
    expect(await screen.findByText("No jobs yet")).toBeInTheDocument();
  });

  it("offers the quick actions to an operator", async () => {
    serveDashboard();
    await openAs("operator");
    expect(screen.getByRole("link", { name: /Build a subset/ })).toHaveAttribute("href", "/ui/subset");
    expect(screen.getByRole("link", { name: /Generate synthetic data/ })).toHaveAttribute("href", "/ui/synthetic");
    expect(screen.getByRole("link", { name: /Provision an environment/ })).toHaveAttribute("href", "/ui/provision");
  });

  it("says which figures failed, as the API wrote it", async () => {
    signIn("viewer", "dana");
    mockApi({
      "GET /api/v1/schemas": problem(503, "the metadata database is unavailable; retry later"),
      "GET /api/v1/datasets": page(1),
      "GET /api/v1/environments": page(1),
      "GET /api/v1/jobs": page(0),
    });
    renderApp("/");
    expect(await screen.findByText("Some figures could not be loaded")).toBeInTheDocument();
    expect(screen.getByText("the metadata database is unavailable; retry later")).toBeInTheDocument();
  });
});
