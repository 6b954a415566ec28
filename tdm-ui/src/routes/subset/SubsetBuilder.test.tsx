import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { builderRoutes, CONNECTION_ID, JOB_ID, page, VERSION_ID } from "@/routes/masking/fixtures";
import { json, mockApi, problem, renderApp, signIn } from "@/test/utils";

const accepted = {
  job_id: JOB_ID,
  status: "queued",
  operation: "TDM_SUBSET_ONLY",
  status_url: `/api/v1/job/${JOB_ID}`,
  events_url: `/api/v1/job/${JOB_ID}/events`,
};

async function open(role: "viewer" | "operator" = "operator", overrides: Record<string, object> = {}) {
  signIn(role);
  const api = mockApi(builderRoutes(overrides));
  const app = renderApp("/subset");
  await screen.findByRole("heading", { level: 1, name: "Subset Builder" });
  return { ...app, ...api };
}

/** Choose the schema; its connection and latest version follow, then its tables load. */
async function chooseSchema(user: ReturnType<typeof renderApp>["user"]) {
  await user.selectOptions(await screen.findByRole("combobox", { name: /^Schema/ }), "shop");
  await screen.findByRole("option", { name: "customer · 500 rows" });
}

describe("subset builder", () => {
  it("builds the request from the form, submits it and follows the job", { timeout: 20_000 }, async () => {
    const { user, requests, router } = await open("operator", { "POST /api/v1/subset": json(accepted, 202) });
    await chooseSchema(user);
    expect(screen.getByRole("combobox", { name: /^Connection/ })).toHaveValue(CONNECTION_ID);
    expect(screen.getByRole("combobox", { name: /^Version/ })).toHaveValue(VERSION_ID);
    // views cannot be the root
    const root = screen.getByRole("combobox", { name: /^Root table/ });
    expect(within(root).queryByRole("option", { name: /^active_customers/ })).toBeNull();
    await user.selectOptions(root, "customer");

    await user.click(screen.getByRole("button", { name: "Add a filter" }));
    const first = screen.getByRole("group", { name: "Filter 1" });
    await user.selectOptions(within(first).getByRole("combobox", { name: "Table" }), "customer");
    await user.selectOptions(within(first).getByRole("combobox", { name: "Column" }), "store_id");
    await user.selectOptions(within(first).getByRole("combobox", { name: "Operator" }), "in");
    await user.type(within(first).getByRole("textbox", { name: "Values" }), "1, 2");

    await user.click(screen.getByRole("button", { name: "Add a filter" }));
    const second = screen.getByRole("group", { name: "Filter 2" });
    await user.selectOptions(within(second).getByRole("combobox", { name: "Table" }), "orders");
    await user.selectOptions(within(second).getByRole("combobox", { name: "Column" }), "status");
    await user.selectOptions(within(second).getByRole("combobox", { name: "Operator" }), "is_null");
    await user.selectOptions(within(second).getByRole("combobox", { name: "Value" }), "is not null");

    await user.click(screen.getByRole("button", { name: "Add a cap" }));
    const cap = screen.getByRole("group", { name: "Cap 1" });
    await user.selectOptions(within(cap).getByRole("combobox", { name: "Table" }), "orders");
    await user.type(within(cap).getByRole("spinbutton", { name: "Max rows" }), "1000");

    await user.type(screen.getByRole("spinbutton", { name: "Sampling (%)" }), "10");
    await user.type(screen.getByRole("textbox", { name: "Dataset name" }), "shop sample");

    const expected = {
      connection_id: CONNECTION_ID,
      schema_version_id: VERSION_ID,
      root_table: "customer",
      filters: { customer: { store_id: { in: [1, 2] } }, orders: { status: { is_null: false } } },
      max_rows_per_table: { orders: 1000 },
      sampling_pct: 10,
      seed: 0,
      name: "shop sample",
    };
    // the preview is the body, as it will be sent
    const preview = screen.getByRole("group", { name: "Subset request" });
    expect(within(preview).getByText('"shop sample"')).toBeInTheDocument();
    expect(within(preview).getByText('"root_table":')).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Run subset" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB_ID}`));
    expect(requests.find((r) => r.method === "POST" && r.url.pathname === "/api/v1/subset")?.body).toEqual(expected);
  });

  it("puts the API's 422 field errors on the fields they name", { timeout: 15_000 }, async () => {
    const { user } = await open("operator", {
      "POST /api/v1/subset": problem(422, "root_table: customer is a view (and 1 more)", {
        errors: [
          { loc: ["body", "root_table"], msg: "customer is a view: a subset starts from a table", type: "value_error" },
          { loc: ["body", "filters", "customer", "email", "like"], msg: "like takes a non-empty pattern string", type: "value_error" },
        ],
      }),
    });
    await chooseSchema(user);
    await user.selectOptions(screen.getByRole("combobox", { name: /^Root table/ }), "customer");
    await user.click(screen.getByRole("button", { name: "Add a filter" }));
    const row = screen.getByRole("group", { name: "Filter 1" });
    await user.selectOptions(within(row).getByRole("combobox", { name: "Table" }), "customer");
    await user.selectOptions(within(row).getByRole("combobox", { name: "Column" }), "email");
    await user.selectOptions(within(row).getByRole("combobox", { name: "Operator" }), "like");
    await user.type(within(row).getByRole("textbox", { name: "Pattern" }), "%");
    await user.click(screen.getByRole("button", { name: "Run subset" }));

    const root = screen.getByRole("combobox", { name: /^Root table/ });
    await waitFor(() => expect(root).toHaveAccessibleDescription("customer is a view: a subset starts from a table"));
    expect(root).toBeInvalid();
    expect(within(row).getByRole("textbox", { name: "Pattern" })).toHaveAccessibleDescription("like takes a non-empty pattern string");
    expect(screen.getByText("root_table: customer is a view (and 1 more)")).toBeInTheDocument();
  });

  it("checks the form before sending it", async () => {
    const { user, requests } = await open();
    await chooseSchema(user);
    await user.click(screen.getByRole("button", { name: "Add a filter" }));
    await user.click(screen.getByRole("button", { name: "Run subset" }));
    expect(screen.getByRole("combobox", { name: /^Root table/ })).toHaveAccessibleDescription("Choose the root table.");
    expect(within(screen.getByRole("group", { name: "Filter 1" })).getByRole("textbox", { name: "Value" })).toHaveAccessibleDescription(
      "Choose a table and a column.",
    );
    expect(screen.getByText("Fix the 2 highlighted fields first.")).toBeInTheDocument();
    expect(requests.some((r) => r.method === "POST")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Remove filter 1" }));
    expect(screen.queryByRole("group", { name: "Filter 1" })).toBeNull();
  });

  it("offers date columns for the date range and types filter values by column", async () => {
    const { user } = await open();
    await chooseSchema(user);
    await user.selectOptions(screen.getByRole("combobox", { name: "Table" }), "orders");
    const dateColumn = screen.getByRole("combobox", { name: "Date column" });
    expect(
      within(dateColumn)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Choose…", "ordered_at"]);
    await user.selectOptions(dateColumn, "ordered_at");
    await user.type(screen.getByLabelText("Start"), "2024-06-01");
    const preview = screen.getByRole("group", { name: "Subset request" });
    expect(within(preview).getByText('"2024-06-01"')).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Add a filter" }));
    const row = screen.getByRole("group", { name: "Filter 1" });
    await user.selectOptions(within(row).getByRole("combobox", { name: "Table" }), "customer");
    await user.selectOptions(within(row).getByRole("combobox", { name: "Column" }), "active");
    const value = within(row).getByRole("combobox", { name: "Value" });
    expect(
      within(value)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Choose…", "true", "false"]);
  });

  it("shows a viewer the form but no submit", async () => {
    const { user } = await open("viewer");
    expect(await screen.findByText(/submitting a subset needs the/)).toBeInTheDocument();
    await chooseSchema(user);
    expect(screen.getByRole("combobox", { name: /^Root table/ })).toBeEnabled();
    expect(screen.queryByRole("button", { name: "Run subset" })).toBeNull();
    expect(screen.getByText(/Submitting needs the/)).toBeInTheDocument();
  });

  it("says how to get a connection when there is none", async () => {
    await open("operator", { "GET /api/v1/connections": page([]) });
    expect(await screen.findByText(/No connection yet/)).toBeInTheDocument();
  });

  it("offers the Schema Explorer when there is no schema", async () => {
    await open("operator", { "GET /api/v1/schemas": page([]) });
    expect(await screen.findByText("No schema to subset yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Open the Schema Explorer/ })).toHaveAttribute("href", "/ui/schemas");
  });

  it("shows the API's error as written, with a retry", async () => {
    await open("viewer", { "GET /api/v1/schemas": problem(503, "the metadata database is unavailable; retry later") });
    expect(await screen.findByText("the metadata database is unavailable; retry later")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
