import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";

function jobs(count: number, offset: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(offset + i).padStart(12, "0")}`,
    operation: "TDM_SUBSET_ONLY",
    status: "completed",
    user_id: "ops",
    current_node: null,
    created_at: "2025-03-01T10:00:00Z",
    started_at: "2025-03-01T10:00:00Z",
    finished_at: "2025-03-01T10:01:05Z",
    error: null,
  }));
}

/** The pagination summary ("1–25 of 30"), split over several elements. */
const range = (text: string) => (_: string, element: Element | null) => element?.tagName === "P" && element.textContent === text;

describe("job list", () => {
  it("filters by status and operation in the URL, and pages", async () => {
    signIn("viewer");
    const { requests } = mockApi({
      "GET /api/v1/jobs": ({ url }: FakeRequest) => {
        const offset = Number(url.searchParams.get("offset") ?? 0);
        return Response.json({ items: jobs(offset === 0 ? 25 : 5, offset), total: 30, limit: 25, offset });
      },
    });
    const { user, router } = renderApp("/jobs?status=completed");
    expect(await screen.findByText(range("1–25 of 30"))).toBeInTheDocument();
    const last = () => requests.at(-1)!.url.searchParams;
    expect(last().get("status")).toBe("completed");
    expect(last().get("limit")).toBe("25");
    expect(last().get("offset")).toBe("0");
    expect(screen.getByLabelText("Status")).toHaveValue("completed");

    await user.selectOptions(screen.getByLabelText("Operation"), "TDM_MASK_ONLY");
    await waitFor(() => expect(last().get("operation")).toBe("TDM_MASK_ONLY"));
    expect(router.state.location.search).toEqual({ status: "completed", operation: "TDM_MASK_ONLY" });

    await user.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(last().get("offset")).toBe("25"));
    expect(router.state.location.search).toMatchObject({ page: 2 });
    expect(await screen.findByText(range("26–30 of 30"))).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(screen.getAllByText("1 min 05 s")).toHaveLength(5);
  });

  it("offers to clear filters that match nothing", async () => {
    signIn("viewer");
    mockApi({ "GET /api/v1/jobs": { items: [], total: 0, limit: 25, offset: 0 } });
    const { user, router } = renderApp("/jobs?status=failed");
    expect(await screen.findByText("No jobs match these filters")).toBeInTheDocument();
    await user.click(screen.getAllByRole("button", { name: "Clear filters" })[0]!);
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(await screen.findByText("No jobs yet")).toBeInTheDocument();
  });

  it("shows the API's error as written, with a retry", async () => {
    signIn("viewer");
    mockApi({ "GET /api/v1/jobs": problem(503, "the metadata database is unavailable; retry later") });
    renderApp("/jobs");
    expect(await screen.findByText("the metadata database is unavailable; retry later")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
