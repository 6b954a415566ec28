import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";
import { builderRoutes, DATASET_ID, JOB_ID, page, ruleSet, VERSION_ID } from "./fixtures";

const accepted = {
  job_id: JOB_ID,
  status: "queued",
  operation: "TDM_MASK_ONLY",
  status_url: `/api/v1/job/${JOB_ID}`,
  events_url: `/api/v1/job/${JOB_ID}/events`,
};

const AUTO_RULES_JSON = {
  "customer.card_number": "mask.fpe_pan",
  "customer.email": "mask.email_deterministic",
  "customer.first_name": { type: "mask.fake_name", params: { part: "first" } },
  "sales.invoices.iban": { type: "mask.hash", params: { alphabet: "alnum", length: 22 } },
};

async function open(role: "viewer" | "operator" = "operator", overrides: Record<string, object> = {}) {
  signIn(role);
  const api = mockApi(builderRoutes(overrides));
  const app = renderApp("/masking");
  await screen.findByRole("heading", { level: 1, name: "Masking Rule Builder" });
  return { ...app, ...api };
}

/** The column list's button of a target ("customer.email"). */
const columnButton = (target: string) => screen.findByRole("button", { name: new RegExp(`^${target.replaceAll(".", "\\.")}(,|$)`) });

const rulesTable = () => screen.getByRole("table", { name: "Masking rules" });

describe("masking rule builder", () => {
  it("lists the columns table by table, PII first, with type and confidence badges", async () => {
    await open("viewer");
    const customer = await screen.findByRole("region", { name: "Table customer" });
    const names = within(customer)
      .getAllByRole("button")
      .map((button) => button.getAttribute("aria-label")?.split(",")[0]);
    expect(names).toEqual([
      "customer.card_number",
      "customer.email",
      "customer.first_name",
      "customer.id",
      "customer.store_id",
      "customer.signup_date",
      "customer.active",
    ]);
    const tables = screen.getAllByRole("region", { name: /^Table / }).map((region) => region.getAttribute("aria-label"));
    expect(tables).toEqual(["Table customer", "Table sales.invoices", "Table active_customers", "Table orders"]);
    const email = await columnButton("customer.email");
    expect(within(email).getByText("Email")).toBeInTheDocument();
    expect(within(email).getByText("98%")).toBeInTheDocument();
    expect(screen.getByText("4 PII columns in 2 tables")).toBeInTheDocument();
  });

  it("proposes a rule per PII column from the PII map", async () => {
    const { user } = await open();
    await user.click(await screen.findByRole("button", { name: "Auto from PII" }));
    const rows = within(rulesTable()).getAllByRole("row").slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole("cell")
          .slice(0, 3)
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ["customer.card_number", "mask.fpe_pan", "defaults"],
      ["customer.email", "mask.email_deterministic", "defaults"],
      ["customer.first_name", "mask.fake_name", "part=first"],
      ["sales.invoices.iban", "mask.hash", "alphabet=alnum, length=22"],
    ]);
    expect(await screen.findByText("Proposed 4 rules from the PII map")).toBeInTheDocument();
  });

  it("renders the transformer's parameters and previews the rule on sample values", { timeout: 15_000 }, async () => {
    const { user, requests } = await open("operator", {
      "POST /api/v1/masking/preview": ({ body }: FakeRequest) => {
        const values = (body as { values: string[] }).values;
        return json({ values: values.map((v) => `h(${v})`) });
      },
    });
    await user.click(await columnButton("orders.status"));
    await user.selectOptions(screen.getByRole("combobox", { name: "Transformer" }), "mask.hash");
    expect(screen.getByText(/Characters of output/)).toBeInTheDocument();
    await user.type(screen.getByRole("spinbutton", { name: "Length" }), "8");
    const samples = screen.getByRole("textbox", { name: "Sample values" });
    expect(samples).toHaveValue("shipped\npending");
    await user.click(screen.getByRole("button", { name: "Preview" }));

    const preview = await screen.findByRole("table", { name: /Preview/ });
    const cells = within(preview)
      .getAllByRole("row")
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole("cell")
          .map((cell) => cell.textContent),
      );
    expect(cells).toEqual([
      ["shipped", "h(shipped)"],
      ["pending", "h(pending)"],
    ]);
    const sent = requests.find((r) => r.method === "POST" && r.url.pathname === "/api/v1/masking/preview");
    expect(sent?.body).toEqual({
      rule: { type: "mask.hash", params: { length: 8 } },
      values: ["shipped", "pending"],
      column: { kind: "text", nullable: true, unique: false, max_length: 20 },
    });

    await user.click(screen.getByRole("button", { name: "Add rule" }));
    expect(within(rulesTable()).getByText("orders.status")).toBeInTheDocument();
    expect(within(rulesTable()).getByText("length=8")).toBeInTheDocument();
    // the preview stays on screen after the rule is applied
    expect(screen.getByRole("table", { name: /Preview/ })).toBeInTheDocument();
  });

  it("shows a preview's problem as the API wrote it", async () => {
    const { user } = await open("operator", {
      "POST /api/v1/masking/preview": problem(422, "rule: mask.fpe_pan needs digits", {
        errors: [{ loc: ["body", "rule"], msg: "mask.fpe_pan needs digits", type: "value_error" }],
      }),
    });
    await user.click(await columnButton("orders.status"));
    await user.selectOptions(screen.getByRole("combobox", { name: "Transformer" }), "mask.fpe_pan");
    await user.click(screen.getByRole("button", { name: "Preview" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("rule: mask.fpe_pan needs digits");
    expect(alert).toHaveTextContent("HTTP 422");
  });

  it("checks parameters before a rule is applied", async () => {
    const { user } = await open();
    await user.click(await columnButton("orders.ordered_at"));
    await user.selectOptions(screen.getByRole("combobox", { name: "Transformer" }), "mask.date_shift");
    const maxDays = screen.getByRole("spinbutton", { name: "Max Days" });
    expect(maxDays).toHaveValue(365);
    await user.clear(maxDays);
    await user.type(maxDays, "99999");
    expect(screen.getByText("Must be at most 36500.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add rule" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Preview" })).toBeDisabled();
  });

  it("edits and removes rules from the list", async () => {
    const { user } = await open();
    await user.click(await screen.findByRole("button", { name: "Auto from PII" }));
    await user.click(screen.getByRole("button", { name: "Edit the rule of customer.first_name" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Part" }), "full");
    expect(screen.getByText("Changes not applied yet")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Update rule" }));
    const row = within(rulesTable()).getByText("customer.first_name").closest("tr")!;
    expect(within(row).getByText("defaults")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Remove the rule of customer.email" }));
    expect(within(rulesTable()).queryByText("customer.email")).toBeNull();
    expect(screen.getByRole("heading", { name: "Rules (3)" })).toBeInTheDocument();
  });

  it("saves a versioned rule set with the right body", async () => {
    const { user, requests } = await open("operator", {
      "POST /api/v1/rules/masking": json(
        ruleSet({ id: "5e700000-0000-4000-8000-000000000002", version: 2, rules_json: AUTO_RULES_JSON }),
        201,
      ),
    });
    await user.click(await screen.findByRole("button", { name: "Auto from PII" }));
    const name = screen.getByRole("textbox", { name: /Rule set name/ });
    await user.type(name, "shop-pii");
    expect(name).toHaveAccessibleDescription("This name exists: saving makes a new version after v1.");
    await user.click(screen.getByRole("button", { name: "Save rule set" }));
    expect(await screen.findByText("Saved shop-pii v2")).toBeInTheDocument();
    const sent = requests.find((r) => r.method === "POST" && r.url.pathname === "/api/v1/rules/masking");
    expect(sent?.body).toEqual({ name: "shop-pii", schema_version_id: VERSION_ID, rules_json: AUTO_RULES_JSON });
    const list = requests.filter((r) => r.method === "GET" && r.url.pathname === "/api/v1/rules/masking");
    expect(list[0]?.url.searchParams.get("schema_version_id")).toBe(VERSION_ID);
    expect(list[0]?.url.searchParams.get("all_versions")).toBe("true");
  });

  it("puts the API's 422 on the rule it names", async () => {
    const { user } = await open("operator", {
      "POST /api/v1/rules/masking": problem(422, "rules_json.customer.email: output may not fit (and 0 more)", {
        errors: [{ loc: ["body", "rules_json", "customer.email"], msg: "output of 40 characters cannot fit 30", type: "value_error" }],
      }),
    });
    await user.click(await screen.findByRole("button", { name: "Auto from PII" }));
    await user.type(screen.getByRole("textbox", { name: /Rule set name/ }), "new-set");
    await user.click(screen.getByRole("button", { name: "Save rule set" }));
    const row = (await within(rulesTable()).findByText("output of 40 characters cannot fit 30")).closest("tr")!;
    expect(within(row).getByText("customer.email")).toBeInTheDocument();
    expect(screen.getByText("rules_json.customer.email: output may not fit (and 0 more)")).toBeInTheDocument();
  });

  it("loads a saved version into the builder", async () => {
    const { user } = await open();
    await user.click(await screen.findByRole("button", { name: "Load shop-pii version 1" }));
    expect(within(rulesTable()).getByText("customer.email")).toBeInTheDocument();
    expect(within(rulesTable()).getByText("part=first")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: /Rule set name/ })).toHaveValue("shop-pii");
    // a second load asks first: it would replace the rules
    await user.click(screen.getByRole("button", { name: "Load shop-pii version 1" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("It replaces the rules being built.");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
  });

  it("runs masking on a dataset version with the rules and follows the job", async () => {
    const { user, requests, router } = await open("operator", { "POST /api/v1/mask": json(accepted, 202) });
    await user.click(await screen.findByRole("button", { name: "Auto from PII" }));
    const run = screen.getByRole("form", { name: "Run masking" });
    expect(await within(run).findByRole("combobox", { name: /Dataset version/ })).toHaveValue(DATASET_ID);
    expect(within(run).getByRole("combobox", { name: "Rules" })).toHaveValue("current");
    await user.click(within(run).getByRole("checkbox", { name: "Allow unmasked PII" }));
    await user.click(within(run).getByRole("button", { name: "Run masking" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB_ID}`));
    const sent = requests.find((r) => r.method === "POST" && r.url.pathname === "/api/v1/mask");
    expect(sent?.body).toEqual({ dataset_version_id: DATASET_ID, allow_unmasked_pii: true, rules: AUTO_RULES_JSON });
  });

  it("runs a saved rule set by id", async () => {
    const { user, requests, router } = await open("operator", { "POST /api/v1/mask": json(accepted, 202) });
    const run = await screen.findByRole("form", { name: "Run masking" });
    await within(run).findByRole("combobox", { name: /Dataset version/ });
    await user.selectOptions(within(run).getByRole("combobox", { name: "Rules" }), "shop-pii v1");
    await user.type(within(run).getByRole("textbox", { name: "Masking key" }), "staging");
    await user.click(within(run).getByRole("button", { name: "Run masking" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB_ID}`));
    expect(requests.find((r) => r.url.pathname === "/api/v1/mask")?.body).toEqual({
      dataset_version_id: DATASET_ID,
      allow_unmasked_pii: false,
      rule_set_id: ruleSet().id,
      key_name: "staging",
    });
  });

  it("offers a subset when the version has no dataset to mask", async () => {
    await open("operator", { "GET /api/v1/datasets": page([]) });
    expect(await screen.findByText("No dataset version to mask")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Build a subset/ })).toHaveAttribute("href", "/ui/subset");
  });

  it("shows a viewer the rules read-only, without save, preview or run", async () => {
    const { user } = await open("viewer");
    expect(await screen.findByText(/rules are read-only/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Auto from PII" })).toBeNull();
    await user.click(await screen.findByRole("button", { name: "Load shop-pii version 1" }));
    await user.click(screen.getByRole("button", { name: "View the rule of customer.first_name" }));
    expect(screen.getByRole("combobox", { name: "Transformer" })).toBeDisabled();
    expect(screen.getByRole("combobox", { name: "Part" })).toBeDisabled();
    expect(screen.getByRole("combobox", { name: "Part" })).toHaveValue("first");
    expect(screen.queryByRole("button", { name: /Update rule|Add rule|Remove/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Preview" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Save rule set" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Run masking" })).toBeNull();
    expect(screen.queryByRole("form", { name: "Run masking" })).toBeNull();
  });

  it("says when the version has not been classified yet", async () => {
    await open("operator", {
      [`GET /api/v1/pii/${VERSION_ID}`]: json(
        { type: "urn:tdm:problem:not-found", title: "Not classified", status: 404, detail: "schema version has not been classified yet" },
        404,
      ),
    });
    expect(await screen.findByText("Not classified yet")).toBeInTheDocument();
    expect(screen.getByText(/has no PII map/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Auto from PII" })).toBeDisabled();
  });

  it("offers the Schema Explorer when there is no schema", async () => {
    await open("operator", { "GET /api/v1/schemas": page([]) });
    expect(await screen.findByText("No schema to mask yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Open the Schema Explorer/ })).toHaveAttribute("href", "/ui/schemas");
  });

  it("shows the API's error as written, with a retry", async () => {
    await open("viewer", { "GET /api/v1/schemas": problem(503, "the metadata database is unavailable; retry later") });
    expect(await screen.findByText("the metadata database is unavailable; retry later")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
