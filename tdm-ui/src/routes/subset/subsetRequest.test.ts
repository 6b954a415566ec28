import { describe, expect, it } from "vitest";
import { ProblemError } from "@/api/problem";
import type { ValueKind } from "@/routes/masking/columns";
import { TABLES } from "@/routes/masking/fixtures";
import {
  buildSubsetRequest,
  EMPTY_DATE_RANGE,
  serverFieldErrors,
  tableInfos,
  typedValue,
  type CapRow,
  type FilterRow,
  type SubsetForm,
} from "./subsetRequest";

const KINDS: Record<string, ValueKind> = {
  "customer.store_id": "integer",
  "customer.email": "text",
  "customer.active": "boolean",
  "customer.signup_date": "date",
  "orders.total": "number",
  "orders.status": "text",
  "orders.ordered_at": "timestamp",
  "sales.orders.id": "integer",
};
const kindOf = (table: string, column: string) => KINDS[`${table}.${column}`];

const base: SubsetForm = {
  connectionId: "conn-1",
  schemaVersionId: "ver-1",
  rootTable: "customer",
  filters: [],
  caps: [],
  dateRange: EMPTY_DATE_RANGE,
  samplingPct: null,
  seed: 0,
  name: "",
};

let nextId = 0;
function filter(table: string, column: string, op: FilterRow["op"], value = "", value2 = ""): FilterRow {
  nextId += 1;
  return { id: String(nextId), table, column, op, value, value2 };
}

describe("filter rows -> filters", () => {
  it.each<{ name: string; rows: FilterRow[]; filters: unknown }>([
    {
      name: "equality on an integer column",
      rows: [filter("customer", "store_id", "eq", "1")],
      filters: { customer: { store_id: { eq: 1 } } },
    },
    {
      name: "text keeps what was typed",
      rows: [filter("orders", "status", "ne", " shipped")],
      filters: { orders: { status: { ne: " shipped" } } },
    },
    {
      name: "in list, typed per value",
      rows: [filter("customer", "store_id", "in", "1, 2,3")],
      filters: { customer: { store_id: { in: [1, 2, 3] } } },
    },
    {
      name: "not_in on text, newlines and commas",
      rows: [filter("orders", "status", "not_in", "lost\ncancelled, returned")],
      filters: { orders: { status: { not_in: ["lost", "cancelled", "returned"] } } },
    },
    {
      name: "comparisons on one column all apply",
      rows: [filter("orders", "total", "gte", "10.5"), filter("orders", "total", "lt", "100")],
      filters: { orders: { total: { gte: 10.5, lt: 100 } } },
    },
    {
      name: "numbers too precise for JavaScript stay text",
      rows: [filter("orders", "total", "gt", "12345678901234567890.12")],
      filters: { orders: { total: { gt: "12345678901234567890.12" } } },
    },
    {
      name: "between a date range",
      rows: [filter("customer", "signup_date", "between", "2024-01-01", "2024-12-31")],
      filters: { customer: { signup_date: { between: ["2024-01-01", "2024-12-31"] } } },
    },
    {
      name: "like keeps the pattern",
      rows: [filter("customer", "email", "like", "%@example.com")],
      filters: { customer: { email: { like: "%@example.com" } } },
    },
    { name: "is null", rows: [filter("customer", "email", "is_null", "true")], filters: { customer: { email: { is_null: true } } } },
    { name: "is not null", rows: [filter("customer", "email", "is_null", "false")], filters: { customer: { email: { is_null: false } } } },
    { name: "booleans", rows: [filter("customer", "active", "eq", "true")], filters: { customer: { active: { eq: true } } } },
    {
      name: "tables outside the default schema",
      rows: [filter("sales.orders", "id", "lte", "99"), filter("customer", "store_id", "eq", "2")],
      filters: { "sales.orders": { id: { lte: 99 } }, customer: { store_id: { eq: 2 } } },
    },
    { name: "no rows, no filters", rows: [], filters: undefined },
  ])("$name", ({ rows, filters }) => {
    const { body, errors } = buildSubsetRequest({ ...base, filters: rows }, kindOf);
    expect(errors).toEqual({});
    expect(body.filters).toEqual(filters);
  });

  it.each<{ name: string; row: FilterRow; error: string }>([
    { name: "no column", row: filter("customer", "", "eq", "1"), error: "Choose a table and a column." },
    { name: "no value", row: filter("customer", "store_id", "eq", ""), error: "Give a value." },
    { name: "not an integer", row: filter("customer", "store_id", "gt", "1.5"), error: '"1.5" is not a whole number.' },
    { name: "an integer list with text", row: filter("customer", "store_id", "in", "1, x"), error: '"x" is not a whole number.' },
    { name: "an empty list", row: filter("customer", "store_id", "in", " , "), error: "Give one or more values, separated by commas." },
    { name: "not a number", row: filter("orders", "total", "lt", "ten"), error: '"ten" is not a number.' },
    { name: "between without its high end", row: filter("orders", "total", "between", "1"), error: "To: Give a value." },
    { name: "an empty pattern", row: filter("customer", "email", "like", ""), error: "Give a pattern, e.g. %@example.com." },
    { name: "is_null unset", row: filter("customer", "email", "is_null", ""), error: "Choose is null or is not null." },
    { name: "a boolean that is not", row: filter("customer", "active", "eq", "yes"), error: "Choose true or false." },
  ])("refuses $name", ({ row, error }) => {
    const { body, errors } = buildSubsetRequest({ ...base, filters: [row] }, kindOf);
    expect(errors).toEqual({ [`filter:${row.id}`]: error });
    expect(body.filters).toBeUndefined();
  });

  it("refuses the same operator twice on a column", () => {
    const first = filter("customer", "store_id", "eq", "1");
    const second = filter("customer", "store_id", "eq", "2");
    const { body, errors } = buildSubsetRequest({ ...base, filters: [first, second] }, kindOf);
    expect(body.filters).toEqual({ customer: { store_id: { eq: 1 } } });
    expect(Object.keys(errors)).toEqual([`filter:${second.id}`]);
  });
});

describe("the whole request", () => {
  it("builds every field the form has", () => {
    const caps: CapRow[] = [
      { id: "c1", table: "customer", max: 100 },
      { id: "c2", table: "orders", max: 1000 },
    ];
    const { body, errors } = buildSubsetRequest(
      {
        ...base,
        filters: [filter("customer", "store_id", "eq", "1")],
        caps,
        dateRange: { table: "orders", column: "ordered_at", start: "2024-01-01", end: "" },
        samplingPct: 25,
        seed: 42,
        name: "  march subset ",
      },
      kindOf,
    );
    expect(errors).toEqual({});
    expect(body).toEqual({
      connection_id: "conn-1",
      schema_version_id: "ver-1",
      root_table: "customer",
      filters: { customer: { store_id: { eq: 1 } } },
      max_rows_per_table: { customer: 100, orders: 1000 },
      date_range: { table: "orders", column: "ordered_at", start: "2024-01-01" },
      sampling_pct: 25,
      seed: 42,
      name: "march subset",
    });
  });

  it("leaves out what is not set (seed 0 by default)", () => {
    expect(buildSubsetRequest({ ...base, seed: null })).toEqual({
      body: { connection_id: "conn-1", schema_version_id: "ver-1", root_table: "customer", seed: 0 },
      errors: {},
    });
  });

  it.each<{ name: string; form: Partial<SubsetForm>; errors: Record<string, string> }>([
    {
      name: "nothing chosen",
      form: { connectionId: "", schemaVersionId: "", rootTable: "" },
      errors: {
        connection_id: "Choose the source connection.",
        schema_version_id: "Choose a schema version.",
        root_table: "Choose the root table.",
      },
    },
    { name: "sampling of 0", form: { samplingPct: 0 }, errors: { sampling_pct: "A percentage above 0, at most 100." } },
    { name: "sampling over 100", form: { samplingPct: 100.5 }, errors: { sampling_pct: "A percentage above 0, at most 100." } },
    { name: "a fractional seed", form: { seed: 1.5 }, errors: { seed: "A whole number." } },
    {
      name: "a cap of 0",
      form: { caps: [{ id: "c", table: "orders", max: 0 }] },
      errors: { "cap:c": "A cap is a whole number of rows, at least 1." },
    },
    { name: "a cap without table", form: { caps: [{ id: "c", table: "", max: 5 }] }, errors: { "cap:c": "Choose a table." } },
    {
      name: "a table capped twice",
      form: {
        caps: [
          { id: "a", table: "orders", max: 5 },
          { id: "b", table: "orders", max: 6 },
        ],
      },
      errors: { "cap:b": "orders is capped twice." },
    },
    {
      name: "a date range without dates",
      form: { dateRange: { ...EMPTY_DATE_RANGE, table: "orders", column: "ordered_at" } },
      errors: { date_range: "Give a start, an end or both." },
    },
    {
      name: "a date range without column",
      form: { dateRange: { ...EMPTY_DATE_RANGE, table: "orders", start: "2024-01-01" } },
      errors: { date_range: "Choose the table and the date column." },
    },
    {
      name: "a date range backwards",
      form: { dateRange: { table: "orders", column: "ordered_at", start: "2024-02-01", end: "2024-01-01" } },
      errors: { date_range: "The start must not be after the end." },
    },
  ])("checks $name", ({ form, errors }) => {
    expect(buildSubsetRequest({ ...base, ...form }, kindOf).errors).toEqual(errors);
  });
});

describe("the API's field errors on the form", () => {
  it("maps each loc to its field or row", () => {
    const rows = [
      filter("customer", "store_id", "eq", "x"),
      filter("sales.orders", "id", "in", "1"),
      filter("orders", "status", "like", "%a"),
    ];
    const caps: CapRow[] = [{ id: "c1", table: "orders", max: 5 }];
    const problem = new ProblemError({
      type: "urn:tdm:problem:invalid-input",
      title: "Invalid input",
      status: 422,
      detail: "filters.customer.store_id.eq: needs an integer (and 6 more)",
      errors: [
        {
          loc: ["body", "filters", "customer", "store_id", "eq"],
          msg: "column 'store_id' (integer) needs an integer",
          type: "value_error",
        },
        { loc: ["body", "filters", "sales.orders", "id", "in", 0], msg: "needs an integer", type: "value_error" },
        { loc: ["body", "filters", "orders"], msg: "orders is excluded", type: "value_error" },
        { loc: ["body", "filters", "ghost"], msg: "no table ghost", type: "not_found" },
        { loc: ["body", "root_table"], msg: "no table 'custmer'", type: "not_found" },
        { loc: ["body", "max_rows_per_table", "orders"], msg: "orders is copied whole", type: "value_error" },
        { loc: ["body", "date_range", "column"], msg: "orders has no column 'x'", type: "not_found" },
        { loc: ["body", "connection_id"], msg: "connection_string or connection_id is required", type: "value_error" },
      ],
    });
    expect(serverFieldErrors(problem, { filters: rows, caps })).toEqual({
      [`filter:${rows[0]!.id}`]: "column 'store_id' (integer) needs an integer",
      [`filter:${rows[1]!.id}`]: "needs an integer",
      [`filter:${rows[2]!.id}`]: "orders is excluded",
      filters: "no table ghost",
      root_table: "no table 'custmer'",
      "cap:c1": "orders is copied whole",
      date_range: "orders has no column 'x'",
      connection_id: "connection_string or connection_id is required",
    });
    expect(serverFieldErrors(undefined, { filters: rows, caps })).toEqual({});
  });
});

describe("values and tables", () => {
  it.each<[string, ValueKind | undefined, unknown]>([
    ["42", "integer", 42],
    ["-7", "integer", -7],
    ["99999999999999999999", "integer", "99999999999999999999"],
    ["1.50", "number", "1.50"],
    ["2.5", "number", 2.5],
    ["false", "boolean", false],
    [" 2024-01-01 ", "date", "2024-01-01"],
    [" a b ", "text", " a b "],
    ["x", undefined, "x"],
  ])("%j as %s is %j", (raw, kind, value) => {
    expect(typedValue(raw, kind)).toEqual({ ok: true, value });
  });

  it("names tables as the PII map does and knows their kinds", () => {
    const infos = tableInfos(TABLES);
    expect(infos.map((t) => [t.name, t.kind])).toEqual([
      ["active_customers", "view"],
      ["customer", "table"],
      ["orders", "table"],
      ["sales.invoices", "table"],
    ]);
    expect(infos[1]?.columns.find((c) => c.name === "signup_date")).toMatchObject({ kind: "date", dataType: "date" });
  });
});
