import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";

const JOB_ID = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2910";

const PACKS = [
  {
    name: "ecommerce",
    description: "Online shop: customers, orders and payments.",
    entities: [
      { name: "customer", columns: ["id", "email"], default_rows: 1000 },
      { name: "orders", columns: ["id", "customer_id"], default_rows: 3000 },
    ],
    relationships: ["customer.(id) -> orders.(customer_id)"],
  },
  {
    name: "banking",
    description: "Accounts and transactions.",
    entities: [{ name: "account", columns: ["id"], default_rows: 500 }],
    relationships: [],
  },
];

const accepted = {
  job_id: JOB_ID,
  operation: "TDM_SYNTHETIC_RUN",
  status: "queued",
  status_url: `/api/v1/job/${JOB_ID}`,
  events_url: `/api/v1/job/${JOB_ID}/events`,
};

function serve(extra: Record<string, unknown> = {}) {
  return mockApi({
    "GET /api/v1/synthetic/domain-packs": PACKS,
    "POST /api/v1/synthetic": () => json(accepted, 202),
    ...extra,
  });
}

async function openAs(role: "viewer" | "operator" = "operator") {
  signIn(role);
  const app = renderApp("/synthetic");
  await screen.findByRole("heading", { level: 1, name: "Synthetic Data Generator" });
  return app;
}

function posted(requests: FakeRequest[]) {
  return requests.filter((r) => r.method === "POST" && r.url.pathname === "/api/v1/synthetic");
}

describe("synthetic generator", () => {
  it("renders the domain packs as cards from the catalog, and submits the chosen one", async () => {
    const { requests } = serve();
    const { user, router } = await openAs();
    await user.click(screen.getByRole("checkbox", { name: /Domain pack/ }));

    const ecommerce = await screen.findByRole("radio", { name: "ecommerce" });
    const card = ecommerce.closest<HTMLElement>("div.rounded-lg")!;
    expect(within(card).getByText("Online shop: customers, orders and payments.")).toBeInTheDocument();
    const entities = within(card).getByRole("list", { name: "Entities of ecommerce" });
    expect(within(entities).getByText("customer")).toBeInTheDocument();
    expect(within(entities).getByText("1,000")).toBeInTheDocument();
    expect(within(entities).getByText("3,000")).toBeInTheDocument();
    expect(within(card).getByText("customer.(id) -> orders.(customer_id)")).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "banking" })).toBeInTheDocument();

    await user.click(ecommerce);
    expect(ecommerce).toBeChecked();
    // The pack's entities are suggested as row counts.
    await user.click(screen.getByRole("button", { name: "Add customer with 1,000 rows" }));
    const rows = screen.getByLabelText("Rows of table 1");
    await user.clear(rows);
    await user.type(rows, "250");

    await user.click(screen.getByRole("button", { name: "Generate data" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB_ID}`));
    const [request] = posted(requests);
    expect(request?.body).toEqual({
      domain_pack: "ecommerce",
      row_counts: { customer: 250 },
      scale: 1,
      seed: 0,
      engine: "tdm",
      locale: "en_US",
    });
  });

  it("reads an uploaded spec file as text into api_spec and shows its title and size", async () => {
    const { requests } = serve();
    const { user, router } = await openAs();
    await user.click(screen.getByRole("checkbox", { name: /API specification/ }));
    await user.click(screen.getByRole("radio", { name: "Upload a file" }));

    const text = "openapi: 3.0.3\ninfo:\n  title: Petstore API\n  version: 1.0.0\npaths: {}\n";
    const file = new File([text], "petstore.yaml", { type: "application/yaml" });
    await user.upload(screen.getByLabelText("Spec file"), file);

    expect(await screen.findByText("Petstore API")).toBeInTheDocument();
    expect(screen.getByText(/version 1\.0\.0/)).toBeInTheDocument();
    expect(screen.getByText("petstore.yaml")).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`${String(text.length)} B · OpenAPI 3\\.0\\.3`))).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Generate data" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB_ID}`));
    expect(posted(requests)[0]?.body).toMatchObject({ api_spec: text });
    expect(posted(requests)[0]?.body).not.toHaveProperty("api_spec_url");
  });

  it("edits a list of UI pages and previews the request", async () => {
    serve();
    const { user } = await openAs();
    await user.click(screen.getByRole("checkbox", { name: /Web pages/ }));
    await user.type(screen.getByLabelText("Page URL 1"), "https://app.example.com/signup");
    await user.click(screen.getByRole("button", { name: "Add a page" }));
    await user.type(screen.getByLabelText("Page URL 2"), "https://app.example.com/order");
    await user.click(screen.getByRole("button", { name: "Add a page" }));
    await user.click(screen.getByRole("button", { name: "Remove page URL 3" }));
    expect(screen.queryByLabelText("Page URL 3")).toBeNull();

    const preview = screen.getByRole("group", { name: "Request JSON" });
    expect(within(preview).getByText('"https://app.example.com/order"')).toBeInTheDocument();
    expect(within(preview).getByText('"max_pages":')).toBeInTheDocument();
  });

  it("checks the form before sending: no source, nothing is posted", async () => {
    const { requests } = serve();
    const { user } = await openAs();
    await user.click(screen.getByRole("button", { name: "Generate data" }));
    expect(await screen.findByText(/Choose at least one schema source/)).toBeInTheDocument();
    expect(posted(requests)).toHaveLength(0);
  });

  it("shows a 422's field errors on the right fields", async () => {
    serve({
      "POST /api/v1/synthetic": problem(422, "2 fields are invalid", {
        errors: [
          { loc: ["body", "locale"], msg: "String should match pattern '^[a-z]{2}(_[A-Z]{2})?$'", type: "string_pattern_mismatch" },
          { loc: ["body", "row_counts", "orders"], msg: "row_counts: no table 'orders' in the schema", type: "value_error" },
        ],
      }),
    });
    const { user, router } = await openAs();
    await user.click(screen.getByRole("checkbox", { name: /Domain pack/ }));
    await user.click(await screen.findByRole("radio", { name: "banking" }));
    await user.click(screen.getByRole("button", { name: "Add a table" }));
    await user.type(screen.getByLabelText("Table 1"), "orders");
    await user.type(screen.getByLabelText("Rows of table 1"), "10");
    await user.click(screen.getByRole("button", { name: "Generate data" }));

    const locale = screen.getByLabelText("Locale");
    await waitFor(() => expect(locale).toHaveAttribute("aria-invalid", "true"));
    expect(locale).toHaveAccessibleDescription(expect.stringContaining("String should match pattern") as string);
    expect(screen.getByLabelText("Table 1")).toHaveAccessibleDescription("row_counts: no table 'orders' in the schema");
    expect(screen.getByLabelText("Dataset name")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByText("2 fields are invalid").closest('[role="alert"]')).not.toBeNull();
    expect(router.state.location.pathname).toBe("/synthetic");
  });

  it("uses a discovered schema version, suggests its tables and sends the connection to learn from", async () => {
    const SCHEMA_ID = "11111111-1111-4111-8111-111111111111";
    const V1 = "22222222-2222-4222-8222-222222222222";
    const V2 = "33333333-3333-4333-8333-333333333333";
    const CONN = "44444444-4444-4444-8444-444444444444";
    const { requests } = serve({
      "GET /api/v1/schemas": {
        items: [
          {
            id: SCHEMA_ID,
            name: "shop",
            description: null,
            created_at: "2025-01-01T00:00:00Z",
            latest_version_id: V2,
            latest_version_number: 2,
            source_connection_id: null,
          },
        ],
        total: 1,
        limit: 200,
        offset: 0,
      },
      [`GET /api/v1/schema/${SCHEMA_ID}/versions`]: {
        items: [
          {
            id: V2,
            schema_id: SCHEMA_ID,
            version_number: 2,
            discovered_at: "2025-02-01T00:00:00Z",
            fingerprint: null,
            job_id: null,
            status: "active",
          },
          {
            id: V1,
            schema_id: SCHEMA_ID,
            version_number: 1,
            discovered_at: "2025-01-01T00:00:00Z",
            fingerprint: null,
            job_id: null,
            status: "active",
          },
        ],
        total: 2,
        limit: 100,
        offset: 0,
      },
      [`GET /api/v1/schema/${SCHEMA_ID}`]: ({ url }: FakeRequest) =>
        json({
          id: SCHEMA_ID,
          name: "shop",
          tables: [
            { schema: "public", name: "customers", kind: "table", columns: [], row_count: 1200, row_count_estimated: false },
            {
              schema: "public",
              name: `orders_${url.searchParams.get("version_id") === V1 ? "v1" : "v2"}`,
              kind: "table",
              columns: [],
              row_count: null,
              row_count_estimated: false,
            },
            { schema: "public", name: "order_totals", kind: "view", columns: [], row_count: null, row_count_estimated: false },
          ],
        }),
      "GET /api/v1/connections": {
        items: [
          {
            id: CONN,
            name: "shop-replica",
            type: "postgres",
            display_url: "postgresql://replica/shop",
            created_at: "2025-01-01T00:00:00Z",
            created_by: null,
            inline: false,
          },
        ],
        total: 1,
        limit: 200,
        offset: 0,
      },
    });
    const { user, router } = await openAs();
    await user.click(screen.getByRole("checkbox", { name: /Discovered database schema/ }));
    await user.selectOptions(await screen.findByLabelText("Schema"), "shop");
    // The latest version is chosen; its tables (not its views) are suggested.
    expect(screen.getByLabelText("Schema version")).toHaveValue(V2);
    expect(await screen.findByRole("button", { name: "Add customers with 1,200 rows" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add orders_v2" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /order_totals/ })).toBeNull();
    await user.selectOptions(screen.getByLabelText("Schema version"), V1);
    expect(await screen.findByRole("button", { name: "Add orders_v1" })).toBeInTheDocument();
    await user.selectOptions(await screen.findByLabelText("Connection to learn from"), CONN);

    await user.click(screen.getByRole("button", { name: "Generate data" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/jobs/${JOB_ID}`));
    expect(posted(requests)[0]?.body).toMatchObject({ schema_version_id: V1, learn_from_source: true, connection_id: CONN });
  });

  it("gives a viewer an explanation and the pack catalog, without a form", async () => {
    serve();
    await openAs("viewer");
    expect(screen.getByText(/Generating\s+data needs an operator key/)).toBeInTheDocument();
    expect(await screen.findByText("ecommerce")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Generate data" })).toBeNull();
    expect(screen.queryByRole("checkbox")).toBeNull();
  });

  it("explains the SDV engine's limits when it is chosen", async () => {
    serve();
    const { user } = await openAs();
    await user.selectOptions(screen.getByLabelText("Engine"), "sdv");
    const note = screen.getByRole("note");
    expect(note).toHaveTextContent("at most 5 tables");
    expect(note).toHaveTextContent("depth of at most 2");
    expect(note).toHaveTextContent("optional install");
  });

  it("offers discovery when no schema exists yet", async () => {
    serve({ "GET /api/v1/schemas": { items: [], total: 0, limit: 200, offset: 0 } });
    const { user } = await openAs();
    await user.click(screen.getByRole("checkbox", { name: /Discovered database schema/ }));
    expect(await screen.findByText("No schema discovered yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Open the Schema Explorer/ })).toHaveAttribute("href", "/ui/schemas");
  });
});
