// The Synthetic Data Generator's form state and the pure functions around it: the POST /synthetic body
// built from the form (empty fields left out, so the API's defaults apply), the client-side checks, and
// what an uploaded API spec is (title, version) read from its JSON or YAML text.
import type { SyntheticRequest } from "@/api/queries/synthetic";

/** The schema sources, highest priority first: when several describe the same table, DB wins, then API, UI, pack. */
export type SourceKey = "db" | "api" | "ui" | "pack";

export const SOURCES: readonly { key: SourceKey; label: string; short: string; description: string }[] = [
  {
    key: "db",
    label: "Discovered database schema",
    short: "Database",
    description: "Tables, columns and keys of a schema version; can learn value distributions from the source.",
  },
  { key: "api", label: "API specification", short: "API spec", description: "An OpenAPI 3.x or Swagger 2.0 document, by URL or uploaded." },
  { key: "ui", label: "Web pages (UI crawl)", short: "UI pages", description: "Forms found by crawling the pages of a web application." },
  { key: "pack", label: "Domain pack", short: "Domain pack", description: "A ready-made business domain with realistic entities." },
];

export type Engine = "tdm" | "sdv";

/** An uploaded spec: its text goes into `api_spec` as is (the API reads JSON or YAML). */
export interface UploadedSpec {
  fileName: string;
  /** Bytes of the file. */
  size: number;
  text: string;
  title: string | null;
  version: string | null;
  /** "OpenAPI 3.0.3", "Swagger 2.0", or null when neither is declared. */
  format: string | null;
}

export interface RowCountEntry {
  /** Stable key for React lists. */
  id: number;
  table: string;
  count: number | null;
}

export interface SyntheticForm {
  sources: Record<SourceKey, boolean>;
  // Database
  schemaId: string;
  schemaVersionId: string;
  learnFromSource: boolean;
  /** A saved connection to learn from; "" uses the schema's own connection, if any. */
  connectionId: string;
  // API spec
  specKind: "url" | "upload";
  apiSpecUrl: string;
  apiSpec: UploadedSpec | null;
  // UI pages
  uiUrls: string[];
  maxPages: number | null;
  crawlSeconds: number | null;
  // Domain pack
  domainPack: string;
  // Output
  rowCounts: RowCountEntry[];
  scale: number | null;
  seed: number | null;
  engine: Engine;
  locale: string;
  name: string;
}

export const DEFAULTS = { maxPages: 20, crawlSeconds: 60, scale: 1, seed: 0, locale: "en_US" } as const;
export const MAX_SPEC_BYTES = 5_000_000;
export const MAX_UI_URLS = 50;
export const MAX_ROW_COUNT = 100_000_000;
/** SDV Community limits, checked by the job before fitting. */
export const SDV_LIMITS = { tables: 5, depth: 2 } as const;

export function emptySyntheticForm(): SyntheticForm {
  return {
    sources: { db: false, api: false, ui: false, pack: false },
    schemaId: "",
    schemaVersionId: "",
    learnFromSource: true,
    connectionId: "",
    specKind: "url",
    apiSpecUrl: "",
    apiSpec: null,
    uiUrls: [""],
    maxPages: DEFAULTS.maxPages,
    crawlSeconds: DEFAULTS.crawlSeconds,
    domainPack: "",
    rowCounts: [],
    scale: DEFAULTS.scale,
    seed: DEFAULTS.seed,
    engine: "tdm",
    locale: DEFAULTS.locale,
    name: "",
  };
}

/** The body the form asks for: only the sources switched on, and no empty field (the API defaults them). */
export type SyntheticBody = Partial<SyntheticRequest>;

/** The UI URLs that are sent: trimmed, blanks left out. */
export function sentUiUrls(form: Pick<SyntheticForm, "uiUrls">): string[] {
  return form.uiUrls.map((url) => url.trim()).filter((url) => url !== "");
}

/** The row counts that are sent: rows with a table name and a count. */
export function sentRowCounts(form: Pick<SyntheticForm, "rowCounts">): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of form.rowCounts) {
    const table = row.table.trim();
    if (table !== "" && row.count !== null && Number.isFinite(row.count)) out[table] = row.count;
  }
  return out;
}

export function buildSyntheticRequest(form: SyntheticForm): SyntheticBody {
  const body: SyntheticBody = {};
  const { sources } = form;

  if (sources.db && form.schemaVersionId !== "") {
    body.schema_version_id = form.schemaVersionId;
    body.learn_from_source = form.learnFromSource;
    if (form.learnFromSource && form.connectionId !== "") body.connection_id = form.connectionId;
  }
  if (sources.api) {
    if (form.specKind === "url") {
      const url = form.apiSpecUrl.trim();
      if (url !== "") body.api_spec_url = url;
    } else if (form.apiSpec && form.apiSpec.text.trim() !== "") {
      body.api_spec = form.apiSpec.text;
    }
  }
  if (sources.ui) {
    const urls = sentUiUrls(form);
    if (urls.length > 0) {
      body.ui_urls = urls;
      if (form.maxPages !== null) body.max_pages = form.maxPages;
      if (form.crawlSeconds !== null) body.crawl_seconds = form.crawlSeconds;
    }
  }
  if (sources.pack && form.domainPack !== "") body.domain_pack = form.domainPack;

  const counts = sentRowCounts(form);
  if (Object.keys(counts).length > 0) body.row_counts = counts;
  if (form.scale !== null) body.scale = form.scale;
  if (form.seed !== null) body.seed = form.seed;
  body.engine = form.engine;
  const locale = form.locale.trim();
  if (locale !== "") body.locale = locale;
  const name = form.name.trim();
  if (name !== "") body.name = name;
  return body;
}

/** The sources the body carries, highest priority first (what the job will merge). */
export function usedSources(body: SyntheticBody): SourceKey[] {
  const used: SourceKey[] = [];
  if (body.schema_version_id) used.push("db");
  if (body.api_spec_url || body.api_spec) used.push("api");
  if (body.ui_urls?.length) used.push("ui");
  if (body.domain_pack) used.push("pack");
  return used;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

const LOCALE = /^[a-z]{2}(_[A-Z]{2})?$/;

/**
 * Client-side checks, keyed like the API's field errors ("api_spec_url", "row_counts.orders"), plus
 * "sources" (nothing to generate from) and "ui_urls.row.<i>" / "row_counts.row.<i>" for a form row.
 */
export function validateSyntheticForm(form: SyntheticForm): Record<string, string> {
  const errors: Record<string, string> = {};
  const { sources } = form;
  if (!Object.values(sources).some(Boolean)) {
    errors.sources = "Choose at least one schema source: a database schema, an API spec, web pages or a domain pack.";
  }
  if (sources.db && form.schemaVersionId === "") errors.schema_version_id = "Choose a schema and its version.";
  if (sources.api) {
    if (form.specKind === "url") {
      const url = form.apiSpecUrl.trim();
      if (url === "") errors.api_spec_url = "Enter the URL of the spec, or upload the file instead.";
      else if (!isHttpUrl(url)) errors.api_spec_url = "Enter an http:// or https:// URL.";
    } else if (!form.apiSpec) {
      errors.api_spec = "Choose a .json or .yaml file.";
    } else if (form.apiSpec.text.length > MAX_SPEC_BYTES) {
      errors.api_spec = `The file is too large: at most ${MAX_SPEC_BYTES.toLocaleString("en-US")} characters.`;
    }
  }
  if (sources.ui) {
    const urls = sentUiUrls(form);
    if (urls.length === 0) errors.ui_urls = "Enter at least one page URL.";
    else if (urls.length > MAX_UI_URLS) errors.ui_urls = `At most ${String(MAX_UI_URLS)} pages.`;
    form.uiUrls.forEach((url, index) => {
      if (url.trim() !== "" && !isHttpUrl(url.trim())) errors[`ui_urls.row.${String(index)}`] = "Enter an http:// or https:// URL.";
    });
    if (form.maxPages !== null && (!Number.isInteger(form.maxPages) || form.maxPages < 1 || form.maxPages > 200)) {
      errors.max_pages = "A whole number from 1 to 200.";
    }
    if (form.crawlSeconds !== null && (!Number.isInteger(form.crawlSeconds) || form.crawlSeconds < 5 || form.crawlSeconds > 900)) {
      errors.crawl_seconds = "A whole number of seconds from 5 to 900.";
    }
  }
  if (sources.pack && form.domainPack === "") errors.domain_pack = "Choose a domain pack.";

  const seen = new Set<string>();
  form.rowCounts.forEach((row, index) => {
    const key = `row_counts.row.${String(index)}`;
    const table = row.table.trim();
    if (table === "" && row.count === null) return;
    if (table === "") errors[key] = "Enter the table name.";
    else if (seen.has(table)) errors[key] = `${table} is listed twice.`;
    else if (row.count === null) errors[key] = "Enter a row count.";
    else if (!Number.isInteger(row.count) || row.count < 0 || row.count > MAX_ROW_COUNT) {
      errors[key] = `A whole number from 0 to ${MAX_ROW_COUNT.toLocaleString("en-US")}.`;
    }
    seen.add(table);
  });
  if (form.scale !== null && (!(form.scale > 0) || form.scale > 10_000)) errors.scale = "A number above 0, at most 10,000.";
  if (form.seed !== null && (!Number.isInteger(form.seed) || form.seed < 0)) errors.seed = "A whole number, 0 or more.";
  const locale = form.locale.trim();
  if (locale !== "" && !LOCALE.test(locale)) errors.locale = "A locale like en_US, de_DE or fr.";
  if (form.name.length > 255) errors.name = "At most 255 characters.";
  return errors;
}

/**
 * The form row of the i-th URL sent: the API's "ui_urls.<i>" errors count only the non-blank rows.
 * Returns -1 when there is no such row.
 */
export function uiUrlRow(form: Pick<SyntheticForm, "uiUrls">, sentIndex: number): number {
  let seen = -1;
  for (let row = 0; row < form.uiUrls.length; row += 1) {
    if ((form.uiUrls[row] ?? "").trim() !== "") seen += 1;
    if (seen === sentIndex) return row;
  }
  return -1;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const match = /^(["'])(.*)\1$/.exec(trimmed);
  return (match?.[2] ?? trimmed.replace(/\s+#.*$/, "")).trim();
}

/** Title, version and format of an OpenAPI / Swagger document given as JSON or YAML text. */
export function describeSpec(text: string): { title: string | null; version: string | null; format: string | null } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      const doc = JSON.parse(trimmed) as Record<string, unknown>;
      const info = typeof doc.info === "object" && doc.info !== null ? (doc.info as Record<string, unknown>) : {};
      const str = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);
      const openapi = str(doc.openapi);
      const swagger = str(doc.swagger);
      return {
        title: str(info.title),
        version: str(info.version),
        format: openapi ? `OpenAPI ${openapi}` : swagger ? `Swagger ${swagger}` : null,
      };
    } catch {
      return { title: null, version: null, format: null };
    }
  }
  // YAML: top-level openapi/swagger, and title/version among the indented lines under `info:`.
  let title: string | null = null;
  let version: string | null = null;
  let format: string | null = null;
  let inInfo = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inInfo = /^info\s*:\s*$/.test(line);
      const top = /^(openapi|swagger)\s*:\s*(.+)$/.exec(line);
      if (top?.[1] && top[2]) format = `${top[1] === "openapi" ? "OpenAPI" : "Swagger"} ${unquote(top[2])}`;
      continue;
    }
    if (!inInfo) continue;
    const field = /^\s+(title|version)\s*:\s*(.+)$/.exec(line);
    if (field?.[1] === "title" && field[2] && title === null) title = unquote(field[2]);
    if (field?.[1] === "version" && field[2] && version === null) version = unquote(field[2]);
  }
  return { title, version, format };
}

/** Read a chosen file as text, with what it describes. */
export async function readSpecFile(file: File): Promise<UploadedSpec> {
  const text = await file.text();
  return { fileName: file.name, size: file.size, text, ...describeSpec(text) };
}
