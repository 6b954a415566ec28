import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, mockApi, problem, renderApp, signIn } from "@/test/utils";
import { discoverRequest } from "./discoverRequest";
import { connections, schemaList } from "./testData";

const JOB = "00000000-0000-4000-8000-0000000000d1";

describe("discover a database", () => {
  it.each([
    ["", { connection_id: "c" }],
    ["public", { connection_id: "c", schemas: ["public"] }],
    [" public , sales ,", { connection_id: "c", schemas: ["public", "sales"] }],
  ])("builds the request from %j", (schemas, body) => {
    expect(discoverRequest("c", schemas)).toEqual(body);
  });

  it("starts discovery on a saved connection and follows the job", async () => {
    signIn("operator");
    const { requests } = mockApi({
      "GET /api/v1/schemas": schemaList,
      "GET /api/v1/connections": connections,
      "POST /api/v1/discover-schema": json({ job_id: JOB, status: "queued", operation: "SCHEMA_DISCOVERY" }, 202),
      [`GET /api/v1/job/${JOB}`]: problem(404, "not in this test"),
    });
    const { user, router } = renderApp("/schemas");
    await user.click(await screen.findByRole("button", { name: "Discover a database" }));
    const dialog = await screen.findByRole("dialog", { name: "Discover a database" });
    expect(dialog).toBeInTheDocument();
    await user.type(screen.getByRole("textbox", { name: /^Schemas/ }), "public");
    await user.click(screen.getByRole("button", { name: "Discover" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB}`));
    const sent = requests.find((r) => r.method === "POST" && r.url.pathname === "/api/v1/discover-schema");
    expect(sent?.body).toEqual({ connection_id: connections.items[0]!.id, schemas: ["public"] });
  });

  it("is not offered to a viewer", async () => {
    signIn("viewer");
    mockApi({ "GET /api/v1/schemas": schemaList, "GET /api/v1/connections": connections });
    renderApp("/schemas");
    await screen.findByRole("link", { name: "shop" });
    expect(screen.queryByRole("button", { name: "Discover a database" })).toBeNull();
  });
});
