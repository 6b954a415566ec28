import { describe, expect, it, vi } from "vitest";
import { readSession, readSignOutNotice } from "@/auth/session";
import { json, mockApi, problem, signIn } from "@/test/utils";
import { api, createApiClient, unwrap } from "./client";
import { isProblemError, ProblemError } from "./problem";
import { fetchWhoAmI } from "./queries/me";
import { shouldRetry } from "./queryClient";

async function failure(promise: Promise<unknown>): Promise<ProblemError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error("expected a ProblemError");
}

describe("the API client", () => {
  it("sends the session's key in X-API-Key", async () => {
    signIn("viewer", "alice");
    const { requests } = mockApi({ "GET /api/v1/jobs": { items: [], total: 0, limit: 25, offset: 0 } });
    const page = unwrap(await api.GET("/api/v1/jobs", { params: { query: { limit: 25, status: "running" } } }));
    expect(page.total).toBe(0);
    expect(requests[0]?.headers.get("X-API-Key")).toBe("key-of-alice");
    expect(requests[0]?.url.searchParams.get("status")).toBe("running");
  });

  it("sends no key without a session", async () => {
    const { requests } = mockApi({ "GET /api/v1/health": { status: "ok" } });
    await api.GET("/api/v1/health");
    expect(requests[0]?.headers.has("X-API-Key")).toBe(false);
  });

  it("throws a ProblemError with the problem's members, as written", async () => {
    signIn();
    const errors = [{ loc: ["body", "subset", "root_table"], msg: "field required", type: "missing" }];
    mockApi({ "POST /api/v1/subset": problem(422, "subset.root_table: field required", { title: "Invalid input", errors }) });
    const error = await failure(api.POST("/api/v1/subset", { body: {} as never }));
    expect(isProblemError(error)).toBe(true);
    expect(error.status).toBe(422);
    expect(error.title).toBe("Invalid input");
    expect(error.detail).toBe("subset.root_table: field required");
    expect(error.errors).toEqual(errors);
    expect(error.fieldError("subset.root_table")).toBe("field required");
    expect(error.fieldErrors()).toEqual({ "subset.root_table": "field required" });
  });

  it("turns a response that is not a problem into a readable ProblemError", async () => {
    mockApi({
      "GET /api/v1/health": () => new Response("<html><body>Bad gateway</body></html>", { status: 502, statusText: "Bad Gateway" }),
    });
    const error = await failure(api.GET("/api/v1/health"));
    expect(error.status).toBe(502);
    expect(error.title).toBe("Bad Gateway");
    expect(error.detail).toBe("Bad gateway");
  });

  it("ends the session when the API refuses its key", async () => {
    signIn();
    mockApi({ "GET /api/v1/jobs": problem(401, "the API key is not valid or has been revoked") });
    const error = await failure(api.GET("/api/v1/jobs"));
    expect(error.status).toBe(401);
    expect(readSession()).toBeNull();
    expect(readSignOutNotice()).toEqual({ reason: "expired", detail: "the API key is not valid or has been revoked" });
  });

  it("checks a key given explicitly (sign-in) without touching the session", async () => {
    signIn("admin", "current");
    const { requests } = mockApi({
      "GET /api/v1/me": ({ headers }) =>
        headers.get("X-API-Key") === "good"
          ? json({ name: "bob", role: "operator", key_id: null })
          : problem(401, "the API key is not valid or has been revoked"),
    });
    await expect(fetchWhoAmI("good")).resolves.toMatchObject({ name: "bob", role: "operator" });
    const error = await failure(fetchWhoAmI("bad"));
    expect(error.detail).toBe("the API key is not valid or has been revoked");
    expect(requests.map((r) => r.headers.get("X-API-Key"))).toEqual(["good", "bad"]);
    expect(readSession()?.name).toBe("current");
  });

  it("reports an unreachable API as a problem with status 0", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const error = await failure(api.GET("/api/v1/health"));
    expect(error.status).toBe(0);
    expect(error.title).toBe("Cannot reach the API");
    expect(error.detail).toContain("Failed to fetch");
  });

  it("takes its key and fetch from options", async () => {
    const fetchFn = vi.fn((request: Request) => Promise.resolve(json({ name: request.headers.get("X-API-Key"), role: "viewer" })));
    const client = createApiClient({ baseUrl: "http://api.test", getApiKey: () => "k1", fetch: fetchFn });
    const me = unwrap(await client.GET("/api/v1/me"));
    expect(me.name).toBe("k1");
    expect(fetchFn.mock.calls[0]?.[0].url).toBe("http://api.test/api/v1/me");
  });
});

describe("query retries", () => {
  it("retries only what may succeed later", () => {
    expect(shouldRetry(0, new ProblemError({ type: "x", title: "t", status: 404, detail: "d" }))).toBe(false);
    expect(shouldRetry(0, new ProblemError({ type: "x", title: "t", status: 503, detail: "d" }))).toBe(true);
    expect(shouldRetry(0, new ProblemError({ type: "x", title: "t", status: 0, detail: "d" }))).toBe(true);
    expect(shouldRetry(2, new ProblemError({ type: "x", title: "t", status: 503, detail: "d" }))).toBe(false);
  });
});
