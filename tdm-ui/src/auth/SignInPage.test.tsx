import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, mockApi, problem, renderApp, signIn } from "@/test/utils";
import { readSession } from "./session";

const emptyPage = { items: [], total: 0, limit: 25, offset: 0 };

describe("sign-in", () => {
  it("sends a visitor without a key to sign-in, checks the key with /me, and comes back", async () => {
    const { requests } = mockApi({
      "GET /api/v1/me": ({ headers }) =>
        headers.get("X-API-Key") === "tdm_good"
          ? json({ name: "ops-team", role: "operator", key_id: "8d1c0f7e-0000-4000-8000-000000000000" })
          : problem(401, "the API key is not valid or has been revoked"),
      "GET /api/v1/jobs": emptyPage,
    });
    const { user, router } = renderApp("/jobs?status=running");

    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/signin");

    const field = screen.getByLabelText(/API key/);
    await user.type(field, "tdm_wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    // The problem's detail, as the API wrote it.
    expect(await screen.findByText("the API key is not valid or has been revoked")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(/This key was not accepted/);
    expect(readSession()).toBeNull();

    await user.clear(field);
    await user.type(field, "tdm_good{Enter}");
    expect(await screen.findByRole("heading", { name: "Job Monitor" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/jobs");
    expect(router.state.location.search).toEqual({ status: "running" });
    expect(readSession()).toEqual({ apiKey: "tdm_good", name: "ops-team", role: "operator" });
    expect(screen.getByText("ops-team")).toBeInTheDocument();
    expect(requests.find((r) => r.url.pathname === "/api/v1/jobs")?.headers.get("X-API-Key")).toBe("tdm_good");
  });

  it("signs out, and back to sign-in when the API refuses the key", async () => {
    signIn("viewer", "read-only");
    mockApi({ "GET /api/v1/jobs": emptyPage });
    const { user, router } = renderApp("/jobs");
    expect(await screen.findByRole("heading", { name: "Job Monitor" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByText("You signed out.")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/signin");
  });

  it("ends the session on a 401 and says why", async () => {
    signIn("operator", "revoked-key");
    mockApi({ "GET /api/v1/jobs": problem(401, "the API key is not valid or has been revoked") });
    renderApp("/jobs");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByText("Your session ended: the API key is not valid or has been revoked")).toBeInTheDocument();
    await waitFor(() => expect(readSession()).toBeNull());
  });

  it("never redirects to another site after sign-in", async () => {
    mockApi({ "GET /api/v1/me": json({ name: "x", role: "viewer" }), "GET /api/v1/jobs": emptyPage });
    const { user, router } = renderApp("/signin?redirect=%2F%2Fevil.example%2Fphish");
    await user.type(await screen.findByLabelText(/API key/), "k{Enter}");
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
  });
});
