import { describe, expect, it } from "vitest";
import {
  buildProvisionRequest,
  datasetFromSearch,
  emptyProvisionForm,
  parseExpect,
  provisionTarget,
  sentSmokeIndex,
  validateProvisionForm,
  type ProvisionForm,
} from "./request";

const DATASET = "9b8c7d6e-1111-4222-8333-444455556666";

function form(patch: Partial<ProvisionForm> = {}): ProvisionForm {
  return { ...emptyProvisionForm(DATASET), targetEnv: "QA", ...patch };
}

const BASE = { dataset_version_id: DATASET, target_env: "QA", reset_env: false, reset_mode: "truncate", run_smoke_tests: true };

describe("buildProvisionRequest", () => {
  const cases: { name: string; form: ProvisionForm; expected: Record<string, unknown> }[] = [
    { name: "the defaults", form: form(), expected: { ...BASE, lock_timeout_seconds: 1800 } },
    {
      name: "a reset that recreates the tables",
      form: form({ resetEnv: true, resetMode: "recreate", lockTimeoutSeconds: 60 }),
      expected: { ...BASE, reset_env: true, reset_mode: "recreate", lock_timeout_seconds: 60 },
    },
    {
      name: "an empty lock timeout is left out (the API defaults it)",
      form: form({ lockTimeoutSeconds: null, targetEnv: "  staging " }),
      expected: { ...BASE, target_env: "staging" },
    },
    {
      name: "smoke checks: trimmed, expected values typed, blank rows left out",
      form: form({
        smokeChecks: [
          { id: 1, name: " orphans ", sql: " SELECT count(*) FROM orders WHERE customer_id IS NULL ", expect: "0" },
          { id: 2, name: "", sql: "", expect: "" },
          { id: 3, name: "currency", sql: "SELECT min(currency) FROM orders", expect: "EUR" },
          { id: 4, name: "flag", sql: "SELECT bool_and(active) FROM customers", expect: "true" },
        ],
      }),
      expected: {
        ...BASE,
        lock_timeout_seconds: 1800,
        smoke_checks: [
          { name: "orphans", sql: "SELECT count(*) FROM orders WHERE customer_id IS NULL", expect: 0 },
          { name: "currency", sql: "SELECT min(currency) FROM orders", expect: "EUR" },
          { name: "flag", sql: "SELECT bool_and(active) FROM customers", expect: true },
        ],
      },
    },
    {
      name: "smoke tests off: no custom check is sent",
      form: form({ runSmokeTests: false, smokeChecks: [{ id: 1, name: "a", sql: "SELECT 1", expect: "1" }] }),
      expected: { ...BASE, run_smoke_tests: false, lock_timeout_seconds: 1800 },
    },
  ];

  it.each(cases)("$name", ({ form: input, expected }) => {
    expect(buildProvisionRequest(input)).toStrictEqual(expected);
  });
});

describe("parseExpect", () => {
  it.each([
    ["42", 42],
    [" -1.5 ", -1.5],
    ["1e3", 1000],
    ["true", true],
    ["false", false],
    ["null", null],
    ["EUR", "EUR"],
    ['"42"', "42"],
    ["12 rows", "12 rows"],
  ])("%s", (text, expected) => {
    expect(parseExpect(text)).toBe(expected);
  });
});

describe("validateProvisionForm", () => {
  it("accepts a complete form", () => {
    expect(validateProvisionForm(form())).toEqual({});
  });

  it.each<[string, ProvisionForm]>([
    ["dataset_version_id", form({ datasetVersionId: "" })],
    ["target_env", form({ targetEnv: " " })],
    ["smoke_checks.row.0.sql", form({ smokeChecks: [{ id: 1, name: "a", sql: "", expect: "1" }] })],
    ["smoke_checks.row.0.expect", form({ smokeChecks: [{ id: 1, name: "a", sql: "SELECT 1", expect: "" }] })],
    [
      "smoke_checks.row.1.name",
      form({
        smokeChecks: [
          { id: 1, name: "a", sql: "SELECT 1", expect: "1" },
          { id: 2, name: "a", sql: "SELECT 2", expect: "2" },
        ],
      }),
    ],
    ["lock_timeout_seconds", form({ lockTimeoutSeconds: 100_000 })],
  ])("flags %s", (key, input) => {
    expect(validateProvisionForm(input)).toHaveProperty([key]);
  });

  it("ignores the checks while smoke tests are off", () => {
    expect(validateProvisionForm(form({ runSmokeTests: false, smokeChecks: [{ id: 1, name: "", sql: "x", expect: "" }] }))).toEqual({});
  });
});

describe("sentSmokeIndex", () => {
  it("maps a form row to its index in the request", () => {
    const input = form({
      smokeChecks: [
        { id: 1, name: "", sql: "", expect: "" },
        { id: 2, name: "a", sql: "SELECT 1", expect: "1" },
      ],
    });
    expect(sentSmokeIndex(input, 0)).toBe(-1);
    expect(sentSmokeIndex(input, 1)).toBe(0);
  });
});

describe("provisionTarget", () => {
  it("reads the provision step of a job's request", () => {
    expect(provisionTarget({ request: { provision: { target_env: "QA", dataset_version_id: DATASET } }, result: null })).toEqual({
      environment: "QA",
      datasetId: DATASET,
    });
  });

  it("falls back on the result", () => {
    expect(provisionTarget({ request: null, result: { environment: "UAT", dataset_version_id: DATASET, steps: {} } })).toEqual({
      environment: "UAT",
      datasetId: DATASET,
    });
  });
});

describe("datasetFromSearch", () => {
  it.each([
    [`?dataset=${DATASET}`, DATASET],
    ["?dataset=%22123%22", "123"],
    ["?other=1", ""],
    ["", ""],
  ])("%s", (search, expected) => {
    expect(datasetFromSearch(search)).toBe(expected);
  });
});
