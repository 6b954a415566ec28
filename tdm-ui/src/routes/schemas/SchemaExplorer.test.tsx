import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";
import { connections, diff, piiMap, SCHEMA_ID, schemaDetail, schemaList, VERSION1_ID, VERSION_ID, versions } from "./testData";

function serveDetail(extra: Record<string, unknown> = {}) {
  return mockApi({
    [`GET /api/v1/schema/${SCHEMA_ID}`]: ({ url }: FakeRequest) => {
      const v = url.searchParams.get("version");
      if (v === "1") {
        return json(
          schemaDetail({
            version: { ...versions.items[1]!, id: VERSION1_ID },
            tables: schemaDetail().tables.slice(0, 1),
            relationships: [],
          }),
        );
      }
      return json(schemaDetail());
    },
    [`GET /api/v1/schema/${SCHEMA_ID}/versions`]: versions,
    [`GET /api/v1/pii/${VERSION_ID}`]: piiMap,
    [`GET /api/v1/pii/${VERSION1_ID}`]: problem(404, `schema version ${VERSION1_ID} has not been classified yet`),
    "GET /api/v1/connections": connections,
    ...extra,
  });
}

describe("schema list", () => {
  it("lists schemas with their source and latest version, and filters by search", async () => {
    signIn("viewer");
    const { requests } = mockApi({ "GET /api/v1/schemas": schemaList, "GET /api/v1/connections": connections });
    const { user } = renderApp("/schemas");
    await screen.findByRole("link", { name: "shop" });
    const table = screen.getByRole("table", { name: "Schemas" });
    expect(within(table).getByRole("link", { name: "shop" })).toHaveAttribute("href", `/ui/schemas/${SCHEMA_ID}`);
    expect(await within(table).findByText("prod-replica")).toBeInTheDocument();
    expect(within(table).getAllByText("v2")).toHaveLength(2);
    expect(within(table).getAllByRole("row")).toHaveLength(4);
    expect(requests.find((r) => r.url.pathname === "/api/v1/schemas")!.url.searchParams.get("limit")).toBe("500");

    await user.type(screen.getByLabelText("Search"), "prod-rep");
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    expect(within(table).getByRole("link", { name: "shop" })).toBeInTheDocument();

    await user.clear(screen.getByLabelText("Search"));
    await user.type(screen.getByLabelText("Search"), "people");
    expect(within(table).getByRole("link", { name: "hr" })).toBeInTheDocument();
    expect(within(table).queryByRole("link", { name: "shop" })).toBeNull();

    await user.clear(screen.getByLabelText("Search"));
    await user.type(screen.getByLabelText("Search"), "nothing like it");
    expect(screen.getByText("No schema matches “nothing like it”")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear search" }));
    expect(within(table).getAllByRole("row")).toHaveLength(4);
  });

  it("says how to discover a schema when there is none", async () => {
    signIn("viewer");
    mockApi({ "GET /api/v1/schemas": { items: [], total: 0, limit: 500, offset: 0 }, "GET /api/v1/connections": connections });
    renderApp("/schemas");
    expect(await screen.findByText("No schemas discovered yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /See discovery jobs/ })).toBeInTheDocument();
  });

  it("shows the API's error as written", async () => {
    signIn("viewer");
    mockApi({ "GET /api/v1/schemas": problem(503, "the metadata database is unavailable"), "GET /api/v1/connections": connections });
    renderApp("/schemas");
    expect(await screen.findByText("the metadata database is unavailable")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

describe("schema detail", () => {
  it("shows tables and columns with keys, statistics and PII badges; hides 'none'", async () => {
    signIn("viewer");
    serveDetail();
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    expect(await screen.findByRole("heading", { level: 1, name: "shop" })).toBeInTheDocument();
    const tables = screen.getByRole("list", { name: "Tables" });
    expect(within(tables).getByText("2 partitions")).toBeInTheDocument();
    expect(within(tables).getByText("1 PII")).toBeInTheDocument();

    const columns = screen.getByRole("table", { name: "Columns of customers" });
    const email = within(columns).getByText("email").closest("tr")!;
    expect(await within(email).findByText("97%")).toBeInTheDocument();
    expect(within(email).getByText("Email")).toBeInTheDocument();
    const status = within(columns).getByText("status").closest("tr")!;
    expect(within(status).queryByText("None")).toBeNull();
    expect(within(columns).getByText("PK")).toBeInTheDocument();

    // Evidence in the PII popover; top values in theirs.
    await user.click(within(email).getByRole("button", { name: /PII label of email/ }));
    const evidence = await screen.findByRole("dialog", { name: /PII label of email/ });
    expect(within(evidence).getByText("Match rate:")).toBeInTheDocument();
    expect(within(evidence).getByText("0.980")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await user.click(within(status).getByRole("button", { name: "Top values of status" }));
    const top = await screen.findByRole("dialog", { name: "Top values of status" });
    expect(within(top).getByText("active")).toBeInTheDocument();
    expect(within(top).getByText("91.7%")).toBeInTheDocument();

    // A viewer gets no override control.
    expect(screen.queryByRole("button", { name: /Edit the PII label/ })).toBeNull();

    await user.click(within(tables).getByRole("button", { name: /orders/ }));
    const orderColumns = screen.getByRole("table", { name: "Columns of orders" });
    expect(within(orderColumns).getByText("FK → customers.id")).toBeInTheDocument();
  });

  it("lets an operator override a column's PII label, then refetches the map", async () => {
    signIn("operator");
    let calls = 0;
    const updated = {
      ...piiMap,
      pii_map: [
        {
          ...piiMap.pii_map[0]!,
          pii_type: "username",
          technique: "manual",
          reviewed_by: "ci-operator",
          reviewed_at: "2025-03-02T10:00:00Z",
        },
        piiMap.pii_map[1]!,
      ],
    };
    const { requests } = serveDetail({
      [`GET /api/v1/pii/${VERSION_ID}`]: () => json(calls++ === 0 ? piiMap : updated),
      [`PUT /api/v1/pii/${VERSION_ID}/columns`]: () => json(updated),
    });
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    const columns = await screen.findByRole("table", { name: "Columns of customers" });
    const email = within(columns).getByText("email").closest("tr")!;
    await user.click(within(email).getByRole("button", { name: "Edit the PII label of email" }));
    const dialog = await screen.findByRole("dialog", { name: "Set the PII label" });
    expect(within(dialog).getByLabelText("PII type")).toHaveValue("email");
    await user.selectOptions(within(dialog).getByLabelText("PII type"), "username");
    await user.click(within(dialog).getByRole("button", { name: "Save label" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Set the PII label" })).toBeNull());
    const put = requests.find((r) => r.method === "PUT")!;
    expect(put.url.pathname).toBe(`/api/v1/pii/${VERSION_ID}/columns`);
    expect(put.body).toEqual([{ table: "customers", column: "email", pii_type: "username" }]);
    expect(await within(email).findByText("Username")).toBeInTheDocument();
    expect(within(email).getByText("reviewed")).toBeInTheDocument();
    await waitFor(() =>
      expect(requests.filter((r) => r.method === "GET" && r.url.pathname === `/api/v1/pii/${VERSION_ID}`).length).toBeGreaterThan(1),
    );
  });

  it("shows an override refusal as the API wrote it", async () => {
    signIn("admin");
    serveDetail({
      [`PUT /api/v1/pii/${VERSION_ID}/columns`]: problem(422, "body[0]: 'mail' is not a PII type"),
    });
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    const columns = await screen.findByRole("table", { name: "Columns of customers" });
    await user.click(within(columns).getByRole("button", { name: "Edit the PII label of id" }));
    const dialog = await screen.findByRole("dialog", { name: "Set the PII label" });
    await user.click(within(dialog).getByRole("button", { name: "Save label" }));
    expect(await within(dialog).findByText("body[0]: 'mail' is not a PII type")).toBeInTheDocument();
  });

  it("switches versions, and says when a version has not been classified", async () => {
    signIn("viewer");
    const { requests } = serveDetail();
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    await screen.findByRole("heading", { level: 1, name: "shop" });
    await waitFor(() => expect(screen.getByLabelText("Version")).toBeEnabled());
    await user.selectOptions(screen.getByLabelText("Version"), "1");
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get("version") === "1")).toBe(true));
    expect(await screen.findByText(/has not been classified for PII yet/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Classify PII" })).toBeNull();
  });

  it("draws the relationship diagram; a box is selected with the keyboard", async () => {
    signIn("viewer");
    serveDetail();
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    await screen.findByRole("heading", { level: 1, name: "shop" });
    await user.click(screen.getByRole("tab", { name: "Diagram" }));
    const diagram = screen.getByRole("group", { name: /Relationship diagram: 2 tables, 1 foreign keys/ });
    expect(diagram.querySelectorAll("[data-testid=fk-arrow]")).toHaveLength(1);
    const orders = within(diagram).getByRole("button", { name: /Table orders/ });
    orders.focus();
    await user.keyboard("{Enter}");
    expect(orders).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByRole("button", { name: "Show its columns" }));
    expect(screen.getByRole("table", { name: "Columns of orders" })).toBeInTheDocument();
  });

  it("shows the drift between two versions", async () => {
    signIn("viewer");
    const { requests } = serveDetail({ [`GET /api/v1/schema/${SCHEMA_ID}/diff`]: diff });
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    await screen.findByRole("heading", { level: 1, name: "shop" });
    await user.click(screen.getByRole("tab", { name: "Changes" }));
    expect(await screen.findByRole("list", { name: "Tables added" })).toHaveTextContent("orders");
    expect(screen.getByRole("list", { name: "Tables removed" })).toHaveTextContent("legacy_orders");
    expect(screen.getByRole("list", { name: "Tables changed" })).toHaveTextContent("customers");
    const columnChanges = screen.getByRole("list", { name: "Column changes" });
    expect(within(columnChanges).getByText("varchar(100)")).toBeInTheDocument();
    expect(within(columnChanges).getByText("customers.fax", { exact: false })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Key changes" })).toHaveTextContent("orders(customer_id) → customers(id)");
    const call = requests.find((r) => r.url.pathname.endsWith("/diff"))!;
    expect(call.url.searchParams.get("from_version")).toBe("1");
    expect(call.url.searchParams.get("to_version")).toBe("2");
  });

  it("lets an operator declare and remove relationships on the latest version", async () => {
    signIn("operator");
    const declared = {
      name: "orders_owner_fk",
      parent_schema: "public",
      parent_table: "customers",
      parent_columns: ["id"],
      child_schema: "public",
      child_table: "orders",
      child_columns: ["id"],
      is_user_defined: true,
      created_by: "ci-operator",
      schema_version_id: VERSION_ID,
      version_number: 2,
    };
    const { requests } = serveDetail({
      [`GET /api/v1/schema/${SCHEMA_ID}/relationships`]: {
        schema_id: SCHEMA_ID,
        schema_version_id: VERSION_ID,
        version_number: 2,
        relationships: [{ ...schemaDetail().relationships[0]!, schema_version_id: VERSION_ID, version_number: 2 }, declared],
      },
      [`POST /api/v1/schema/${SCHEMA_ID}/relationships`]: json(declared, 201),
      [`DELETE /api/v1/schema/${SCHEMA_ID}/relationships/orders_owner_fk`]: () => new Response(null, { status: 204 }),
    });
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    await screen.findByRole("heading", { level: 1, name: "shop" });
    await user.click(screen.getByRole("tab", { name: /Relationships/ }));
    expect(await screen.findByText("Declared by ci-operator")).toBeInTheDocument();

    await user.click(screen.getAllByRole("button", { name: "Declare a relationship" })[0]!);
    const form = screen.getByRole("form", { name: "Declare a relationship" });
    await user.selectOptions(within(form).getByLabelText(/Referencing \(child\) table/), "orders");
    await user.selectOptions(within(form).getByLabelText(/Referenced \(parent\) table/), "customers");
    await user.selectOptions(within(form).getByLabelText(/Child column 1/), "customer_id");
    await user.selectOptions(within(form).getByLabelText(/Parent column 1/), "id");
    await user.click(within(form).getByRole("button", { name: "Declare relationship" }));
    await waitFor(() => expect(requests.some((r) => r.method === "POST")).toBe(true));
    expect(requests.find((r) => r.method === "POST")!.body).toEqual({
      child_table: "orders",
      child_columns: ["customer_id"],
      parent_table: "customers",
      parent_columns: ["id"],
      name: null,
    });

    await user.click(screen.getByRole("button", { name: "Remove relationship orders_owner_fk" }));
    const confirm = await screen.findByRole("dialog", { name: "Remove this relationship?" });
    await user.click(within(confirm).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(requests.some((r) => r.method === "DELETE")).toBe(true));
  });

  it("gives a viewer no relationship controls", async () => {
    signIn("viewer");
    serveDetail({
      [`GET /api/v1/schema/${SCHEMA_ID}/relationships`]: {
        schema_id: SCHEMA_ID,
        schema_version_id: VERSION_ID,
        version_number: 2,
        relationships: [],
      },
    });
    const { user } = renderApp(`/schemas/${SCHEMA_ID}`);
    await screen.findByRole("heading", { level: 1, name: "shop" });
    await user.click(screen.getByRole("tab", { name: /Relationships/ }));
    expect(await screen.findByText("No relationships")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Declare a relationship" })).toBeNull();
  });

  it("says when the schema does not exist", async () => {
    signIn("viewer");
    mockApi({
      [`GET /api/v1/schema/${SCHEMA_ID}`]: problem(404, `schema ${SCHEMA_ID} not found`),
      [`GET /api/v1/schema/${SCHEMA_ID}/versions`]: problem(404, `schema ${SCHEMA_ID} not found`),
      "GET /api/v1/connections": connections,
    });
    renderApp(`/schemas/${SCHEMA_ID}`);
    expect(await screen.findByText("Schema not found")).toBeInTheDocument();
    expect(screen.getByText(`schema ${SCHEMA_ID} not found`)).toBeInTheDocument();
  });
});
