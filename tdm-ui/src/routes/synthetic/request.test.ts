import { describe, expect, it } from "vitest";
import {
  buildSyntheticRequest,
  describeSpec,
  emptySyntheticForm,
  uiUrlRow,
  usedSources,
  validateSyntheticForm,
  type SyntheticForm,
  type UploadedSpec,
} from "./request";

const VERSION_ID = "5c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";
const CONNECTION_ID = "0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9";
const YAML_SPEC = "openapi: 3.0.3\ninfo:\n  title: 'Petstore'\n  version: 1.2.0\npaths: {}\n";

const uploaded: UploadedSpec = { fileName: "petstore.yaml", size: YAML_SPEC.length, text: YAML_SPEC, ...describeSpec(YAML_SPEC) };

function form(patch: Partial<SyntheticForm> = {}, sources: Partial<SyntheticForm["sources"]> = {}): SyntheticForm {
  const base = emptySyntheticForm();
  return { ...base, ...patch, sources: { ...base.sources, ...sources } };
}

/** The output fields every request carries with the form's defaults. */
const OUTPUT = { scale: 1, seed: 0, engine: "tdm", locale: "en_US" } as const;

describe("buildSyntheticRequest: sources", () => {
  const cases: { name: string; form: SyntheticForm; expected: Record<string, unknown>; used: string[] }[] = [
    {
      name: "a domain pack alone",
      form: form({ domainPack: "ecommerce" }, { pack: true }),
      expected: { domain_pack: "ecommerce", ...OUTPUT },
      used: ["pack"],
    },
    {
      name: "a schema version with a saved connection to learn from",
      form: form({ schemaId: "s1", schemaVersionId: VERSION_ID, connectionId: CONNECTION_ID }, { db: true }),
      expected: { schema_version_id: VERSION_ID, learn_from_source: true, connection_id: CONNECTION_ID, ...OUTPUT },
      used: ["db"],
    },
    {
      name: "a schema version without learning (the connection is left out)",
      form: form({ schemaId: "s1", schemaVersionId: VERSION_ID, connectionId: CONNECTION_ID, learnFromSource: false }, { db: true }),
      expected: { schema_version_id: VERSION_ID, learn_from_source: false, ...OUTPUT },
      used: ["db"],
    },
    {
      name: "a spec by URL (trimmed)",
      form: form({ apiSpecUrl: "  https://api.example.com/openapi.json " }, { api: true }),
      expected: { api_spec_url: "https://api.example.com/openapi.json", ...OUTPUT },
      used: ["api"],
    },
    {
      name: "an uploaded spec: its text as is, the URL field ignored",
      form: form({ specKind: "upload", apiSpec: uploaded, apiSpecUrl: "https://ignored.example.com/" }, { api: true }),
      expected: { api_spec: YAML_SPEC, ...OUTPUT },
      used: ["api"],
    },
    {
      name: "UI pages: blanks dropped, crawl limits sent",
      form: form(
        { uiUrls: [" https://app.example.com/signup ", "", "https://app.example.com/order"], maxPages: 5, crawlSeconds: 30 },
        { ui: true },
      ),
      expected: {
        ui_urls: ["https://app.example.com/signup", "https://app.example.com/order"],
        max_pages: 5,
        crawl_seconds: 30,
        ...OUTPUT,
      },
      used: ["ui"],
    },
    {
      name: "UI pages with no URL: nothing of the crawl is sent",
      form: form({ uiUrls: ["  "] }, { ui: true }),
      expected: { ...OUTPUT },
      used: [],
    },
    {
      name: "a source switched off keeps its values out of the body",
      form: form({ schemaVersionId: VERSION_ID, domainPack: "banking", apiSpecUrl: "https://x.example.com/spec.json" }, { pack: true }),
      expected: { domain_pack: "banking", ...OUTPUT },
      used: ["pack"],
    },
    {
      name: "all four sources, in priority order",
      form: form(
        {
          schemaId: "s1",
          schemaVersionId: VERSION_ID,
          apiSpecUrl: "https://api.example.com/spec.yaml",
          uiUrls: ["https://app.example.com"],
          domainPack: "telecom",
        },
        { db: true, api: true, ui: true, pack: true },
      ),
      expected: {
        schema_version_id: VERSION_ID,
        learn_from_source: true,
        api_spec_url: "https://api.example.com/spec.yaml",
        ui_urls: ["https://app.example.com"],
        max_pages: 20,
        crawl_seconds: 60,
        domain_pack: "telecom",
        ...OUTPUT,
      },
      used: ["db", "api", "ui", "pack"],
    },
    {
      name: "no source at all",
      form: form(),
      expected: { ...OUTPUT },
      used: [],
    },
  ];

  it.each(cases)("$name", ({ form: input, expected, used }) => {
    const body = buildSyntheticRequest(input);
    expect(body).toStrictEqual(expected);
    expect(usedSources(body)).toEqual(used);
  });
});

describe("buildSyntheticRequest: row counts and empty fields", () => {
  const pack = { domainPack: "ecommerce" };
  const cases: { name: string; patch: Partial<SyntheticForm>; expected: Record<string, unknown> }[] = [
    {
      name: "rows with a table and a count; blank and count-less rows left out",
      patch: {
        rowCounts: [
          { id: 1, table: " customer ", count: 500 },
          { id: 2, table: "orders", count: 0 },
          { id: 3, table: "", count: 10 },
          { id: 4, table: "payment", count: null },
        ],
      },
      expected: { domain_pack: "ecommerce", row_counts: { customer: 500, orders: 0 }, ...OUTPUT },
    },
    {
      name: "no usable row: row_counts left out",
      patch: { rowCounts: [{ id: 1, table: "", count: null }] },
      expected: { domain_pack: "ecommerce", ...OUTPUT },
    },
    {
      name: "empty scale, seed, locale and name are left out (the API defaults them)",
      patch: { scale: null, seed: null, locale: "  ", name: "   " },
      expected: { domain_pack: "ecommerce", engine: "tdm" },
    },
    {
      name: "set values are sent, the name trimmed",
      patch: { scale: 0.5, seed: 42, engine: "sdv", locale: "de_DE", name: "  checkout demo " },
      expected: { domain_pack: "ecommerce", scale: 0.5, seed: 42, engine: "sdv", locale: "de_DE", name: "checkout demo" },
    },
  ];

  it.each(cases)("$name", ({ patch, expected }) => {
    const body = buildSyntheticRequest(form({ ...pack, ...patch }, { pack: true }));
    // Strict: a key present with `undefined` would not count as left out.
    expect(body).toStrictEqual(expected);
    expect(Object.values(body)).not.toContain("");
    expect(Object.values(body)).not.toContain(null);
  });
});

describe("validateSyntheticForm", () => {
  it("asks for a source when none is chosen", () => {
    expect(validateSyntheticForm(form())).toHaveProperty("sources");
  });

  it("accepts a complete form", () => {
    expect(validateSyntheticForm(form({ domainPack: "ecommerce" }, { pack: true }))).toEqual({});
  });

  it.each([
    ["schema_version_id", form({}, { db: true })],
    ["api_spec_url", form({ apiSpecUrl: "ftp://x" }, { api: true })],
    ["api_spec", form({ specKind: "upload" }, { api: true })],
    ["ui_urls", form({ uiUrls: [""] }, { ui: true })],
    ["ui_urls.row.1", form({ uiUrls: ["https://ok.example.com", "not a url"] }, { ui: true })],
    ["max_pages", form({ uiUrls: ["https://ok.example.com"], maxPages: 0 }, { ui: true })],
    ["crawl_seconds", form({ uiUrls: ["https://ok.example.com"], crawlSeconds: 1000 }, { ui: true })],
    ["domain_pack", form({}, { pack: true })],
    [
      "row_counts.row.1",
      form(
        {
          domainPack: "p",
          rowCounts: [
            { id: 1, table: "a", count: 1 },
            { id: 2, table: "a", count: 2 },
          ],
        },
        { pack: true },
      ),
    ],
    ["row_counts.row.0", form({ domainPack: "p", rowCounts: [{ id: 1, table: "a", count: null }] }, { pack: true })],
    ["row_counts.row.0", form({ domainPack: "p", rowCounts: [{ id: 1, table: "a", count: 1.5 }] }, { pack: true })],
    ["scale", form({ domainPack: "p", scale: 0 }, { pack: true })],
    ["seed", form({ domainPack: "p", seed: -1 }, { pack: true })],
    ["locale", form({ domainPack: "p", locale: "english" }, { pack: true })],
  ])("flags %s", (key, input) => {
    expect(validateSyntheticForm(input)).toHaveProperty([key]);
  });
});

describe("uiUrlRow", () => {
  it("maps the API's index (blank rows not sent) to the form row", () => {
    const input = { uiUrls: ["", "https://a.example.com", " ", "https://b.example.com"] };
    expect(uiUrlRow(input, 0)).toBe(1);
    expect(uiUrlRow(input, 1)).toBe(3);
    expect(uiUrlRow(input, 2)).toBe(-1);
  });
});

describe("describeSpec", () => {
  it.each([
    ["YAML OpenAPI", YAML_SPEC, { title: "Petstore", version: "1.2.0", format: "OpenAPI 3.0.3" }],
    [
      "JSON Swagger",
      JSON.stringify({ swagger: "2.0", info: { title: "Shop API", version: "2" }, paths: {} }),
      { title: "Shop API", version: "2", format: "Swagger 2.0" },
    ],
    ["YAML without info", 'openapi: "3.1.0"\npaths: {}\n', { title: null, version: null, format: "OpenAPI 3.1.0" }],
    [
      "a title outside info is not the spec's",
      "openapi: 3.0.0\ncomponents:\n  title: nope\n",
      { title: null, version: null, format: "OpenAPI 3.0.0" },
    ],
    ["broken JSON", "{ not json", { title: null, version: null, format: null }],
  ])("%s", (_name, text, expected) => {
    expect(describeSpec(text)).toEqual(expected);
  });
});
