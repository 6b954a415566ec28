import { describe, expect, it } from "vitest";
import { ProblemError } from "@/api/problem";
import { builderTables, columnKind, previewColumn, qualifiedTable, type BuilderColumn, type ValueKind } from "./columns";
import { column, PII_MAP, ruleSet, TABLES, TRANSFORMERS } from "./fixtures";
import { autoRules, fromRulesJson, groupRuleSets, proposeRule, targetErrors, toRulesJson, withoutRule } from "./rules";

function piiColumn(target: string, piiType: string | null, kind: ValueKind = "text"): BuilderColumn {
  return {
    target,
    table: target.slice(0, target.lastIndexOf(".")),
    column: column(target.slice(target.lastIndexOf(".") + 1), "text"),
    kind,
    preview: { kind, nullable: true, unique: false },
    piiType,
    confidence: 0.9,
    technique: "regex",
    topValues: [],
  };
}

describe("auto rules from the PII map (the server's AUTO_RULES)", () => {
  it.each([
    { pii: "email", kind: "text", rule: { type: "mask.email_deterministic", params: {} } },
    { pii: "credit_card", kind: "text", rule: { type: "mask.fpe_pan", params: {} } },
    { pii: "person_name", kind: "text", rule: { type: "mask.fake_name", params: { part: "full" } } },
    { pii: "first_name", kind: "text", rule: { type: "mask.fake_name", params: { part: "first" } } },
    { pii: "last_name", kind: "text", rule: { type: "mask.fake_name", params: { part: "last" } } },
    { pii: "phone", kind: "text", rule: { type: "mask.fake_phone", params: {} } },
    { pii: "address", kind: "text", rule: { type: "mask.fake_address", params: {} } },
    { pii: "ssn", kind: "text", rule: { type: "mask.hash", params: { alphabet: "digits", length: 9 } } },
    { pii: "iban", kind: "text", rule: { type: "mask.hash", params: { alphabet: "alnum", length: 22 } } },
    { pii: "password", kind: "text", rule: { type: "mask.hash", params: {} } },
    { pii: "other", kind: "text", rule: { type: "mask.hash", params: {} } },
    { pii: "country", kind: "text", rule: { type: "mask.redact", params: { replacement: "XX" } } },
    { pii: "date_of_birth", kind: "date", rule: { type: "mask.date_shift", params: {} } },
    // the first candidate does not take the column's kind: the next one, then the fallbacks
    { pii: "email", kind: "integer", rule: { type: "mask.hash", params: {} } },
    { pii: "phone", kind: "uuid", rule: { type: "mask.hash", params: {} } },
    { pii: "date_of_birth", kind: "integer", rule: { type: "mask.hash", params: {} } },
    { pii: "username", kind: "boolean", rule: { type: "mask.null", params: {} } },
    { pii: "unknown_type", kind: "text", rule: { type: "mask.hash", params: {} } },
  ] as const)("$pii on a $kind column -> $rule.type", ({ pii, kind, rule }) => {
    expect(proposeRule(pii, kind, TRANSFORMERS)).toEqual(rule);
  });

  it("proposes a rule per PII column without one, keeps existing rules and skips non-identifiers", () => {
    const columns = [
      piiColumn("customer.email", "email"),
      piiColumn("customer.first_name", "first_name"),
      piiColumn("customer.salary", "sensitive"),
      piiColumn("customer.note", null),
      piiColumn("sales.invoices.iban", "iban"),
    ];
    const existing = { "customer.first_name": { type: "mask.redact", params: {} } };
    const result = autoRules(columns, TRANSFORMERS, existing);
    expect(result.rules).toEqual({
      "customer.email": { type: "mask.email_deterministic", params: {} },
      "customer.first_name": { type: "mask.redact", params: {} },
      "sales.invoices.iban": { type: "mask.hash", params: { alphabet: "alnum", length: 22 } },
    });
    expect(result.added).toEqual(["customer.email", "sales.invoices.iban"]);
    expect(result.kept).toEqual(["customer.first_name"]);
    expect(result.unmaskable).toEqual([]);
    expect(existing).toEqual({ "customer.first_name": { type: "mask.redact", params: {} } });
  });

  it("reports columns no transformer of the registry can mask", () => {
    const registry = TRANSFORMERS.filter((t) => t.name === "mask.email_deterministic");
    const result = autoRules([piiColumn("customer.email", "email"), piiColumn("customer.phone", "phone")], registry);
    expect(result.added).toEqual(["customer.email"]);
    expect(result.unmaskable).toEqual(["customer.phone"]);
  });
});

describe("rules JSON", () => {
  it("writes a rule without params as its name, and reads both forms back", () => {
    const rules = {
      "customer.email": { type: "mask.email_deterministic", params: {} },
      "customer.first_name": { type: "mask.fake_name", params: { part: "first" } },
    };
    const json = toRulesJson(rules);
    expect(json).toEqual({
      "customer.email": "mask.email_deterministic",
      "customer.first_name": { type: "mask.fake_name", params: { part: "first" } },
    });
    expect(fromRulesJson(json)).toEqual(rules);
    expect(fromRulesJson({ "a.b": 3, "a.c": { params: {} }, "a.d": { type: "mask.null" } })).toEqual({
      "a.d": { type: "mask.null", params: {} },
    });
    expect(withoutRule(rules, "customer.email")).toEqual({ "customer.first_name": rules["customer.first_name"] });
  });

  it("maps the API's field errors to rule targets", () => {
    const problem = new ProblemError({
      type: "urn:tdm:problem:invalid-input",
      title: "Invalid input",
      status: 422,
      detail: "rules_json.customer.email: too long",
      errors: [
        { loc: ["body", "rules_json", "customer.email"], msg: "output of 40 characters cannot fit", type: "value_error" },
        { loc: ["body", "rules_json", "sales.invoices.iban", "type"], msg: "bad name", type: "string_pattern_mismatch" },
        { loc: ["body", "name"], msg: "too short", type: "string_too_short" },
      ],
    });
    expect(targetErrors(problem, "rules_json")).toEqual({
      "customer.email": "output of 40 characters cannot fit",
      "sales.invoices.iban": "bad name",
    });
    expect(targetErrors(problem, "rules")).toEqual({});
    expect(targetErrors(undefined, "rules")).toEqual({});
  });

  it("groups saved versions by name, newest first", () => {
    const sets = [
      ruleSet({ id: "1", name: "a", version: 1, created_at: "2025-01-01T00:00:00Z" }),
      ruleSet({ id: "2", name: "b", version: 1, created_at: "2025-01-02T00:00:00Z" }),
      ruleSet({ id: "3", name: "a", version: 2, created_at: "2025-01-03T00:00:00Z" }),
    ];
    expect(groupRuleSets(sets).map((g) => [g.name, g.versions.map((v) => v.version)])).toEqual([
      ["a", [2, 1]],
      ["b", [1]],
    ]);
  });
});

describe("columns", () => {
  it.each([
    ["integer", "integer"],
    ["bigint", "integer"],
    ["numeric(10,2)", "number"],
    ["character varying(100)", "text"],
    ["text", "text"],
    ["boolean", "boolean"],
    ["date", "date"],
    ["timestamp without time zone", "timestamp"],
    ["timestamp with time zone", "timestamptz"],
    ["time", "time"],
    ["uuid", "uuid"],
    ["jsonb", "json"],
    ["integer[]", "other"],
    ["money", "other"],
  ])("%s is %s", (dataType, kind) => {
    expect(columnKind(column("c", dataType))).toBe(kind);
  });

  it("tells a preview the column's limits", () => {
    expect(previewColumn(column("email", "character varying(100)"))).toEqual({
      kind: "text",
      nullable: true,
      unique: false,
      max_length: 100,
    });
    expect(previewColumn(column("id", "integer", { is_primary_key: true, nullable: false }))).toEqual({
      kind: "integer",
      nullable: false,
      unique: true,
      integer_bits: 32,
    });
    expect(previewColumn(column("total", "numeric(10,2)"))).toMatchObject({ kind: "number", precision: 10, scale: 2 });
  });

  it("names tables as the PII map does", () => {
    expect(qualifiedTable({ schema: "public", name: "customer" })).toBe("customer");
    expect(qualifiedTable({ schema: "sales", name: "orders" })).toBe("sales.orders");
    expect(qualifiedTable({ schema: "public", name: "dot.ted" })).toBe('"dot.ted"');
  });

  it("lists tables with PII first, and PII columns first in each (most confident first)", () => {
    const tables = builderTables(TABLES, PII_MAP.pii_map);
    expect(tables.map((t) => [t.name, t.piiCount])).toEqual([
      ["customer", 3],
      ["sales.invoices", 1],
      ["active_customers", 0],
      ["orders", 0],
    ]);
    expect(tables[0]?.columns.map((c) => c.column.name)).toEqual([
      "card_number",
      "email",
      "first_name",
      "id",
      "store_id",
      "signup_date",
      "active",
    ]);
    const status = tables[3]?.columns.find((c) => c.column.name === "status");
    expect(status).toMatchObject({ piiType: null, topValues: ["shipped", "pending"] });
  });
});
