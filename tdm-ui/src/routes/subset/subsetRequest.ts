// The Subset Builder's form -> the SubsetRequest body (tdm_agents.subsetting.contract), with client-side
// checks, and the API's 422 field errors mapped back onto the form's fields and rows.
//
// Filters are rows (table, column, operator, value); they become {table: {column: {op: value}}} with the
// contract's operators: eq, ne, in, not_in, gt, gte, lt, lte, between, like, is_null. Values are typed
// by the column's kind (integers and booleans as JSON numbers and booleans; dates, times, text as text).
import type { ProblemError } from "@/api/problem";
import type { SubsetRequest } from "@/api/queries/subset";
import { columnKind, qualifiedTable, type TableOut, type ValueKind } from "@/routes/masking/columns";

export interface ColumnInfo {
  name: string;
  kind: ValueKind;
  dataType: string;
  /** Labels of an enum column. */
  labels: string[];
}

export interface TableInfo {
  /** As in the PII map: "customer", "sales.orders". */
  name: string;
  kind: string;
  rowCount: number | null;
  rowEstimated: boolean;
  columns: ColumnInfo[];
}

/** Tables of a schema version as the form offers them. */
export function tableInfos(tables: readonly TableOut[]): TableInfo[] {
  return tables
    .map((table) => ({
      name: qualifiedTable(table),
      kind: table.kind ?? "table",
      rowCount: table.row_count ?? null,
      rowEstimated: table.row_count_estimated ?? false,
      columns: table.columns.map((column) => {
        const labels = column.type_details?.enum_labels;
        return {
          name: column.name,
          kind: columnKind(column),
          dataType: column.data_type ?? "unknown",
          labels: Array.isArray(labels) ? labels.filter((l): l is string => typeof l === "string") : [],
        };
      }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Tables whose rows a subset can start from (not views). */
export const ROOT_KINDS = new Set(["table", "partitioned_table"]);

export type FilterOp = "eq" | "ne" | "in" | "not_in" | "gt" | "gte" | "lt" | "lte" | "between" | "like" | "is_null";

/** How an operator takes its value: one value, a list, [low, high], a pattern, or true/false. */
export type OperandShape = "one" | "list" | "range" | "pattern" | "flag";

export const FILTER_OPERATORS: readonly { value: FilterOp; label: string; shape: OperandShape }[] = [
  { value: "eq", label: "= equals", shape: "one" },
  { value: "ne", label: "≠ not equal to", shape: "one" },
  { value: "in", label: "in list", shape: "list" },
  { value: "not_in", label: "not in list", shape: "list" },
  { value: "gt", label: "> greater than", shape: "one" },
  { value: "gte", label: "≥ at least", shape: "one" },
  { value: "lt", label: "< less than", shape: "one" },
  { value: "lte", label: "≤ at most", shape: "one" },
  { value: "between", label: "between (inclusive)", shape: "range" },
  { value: "like", label: "like (% and _ wildcards)", shape: "pattern" },
  { value: "is_null", label: "is null / is not null", shape: "flag" },
];

export function operandShape(op: FilterOp): OperandShape {
  return FILTER_OPERATORS.find((o) => o.value === op)?.shape ?? "one";
}

export interface FilterRow {
  id: string;
  table: string;
  column: string;
  op: FilterOp;
  /** The value; a list's values separated by commas; "true"/"false" for is_null and booleans. */
  value: string;
  /** The high end of `between`. */
  value2: string;
}

export interface CapRow {
  id: string;
  table: string;
  max: number | null;
}

export interface DateRangeForm {
  table: string;
  column: string;
  /** YYYY-MM-DD (or an ISO date-time) */
  start: string;
  end: string;
}

export interface SubsetForm {
  connectionId: string;
  schemaVersionId: string;
  rootTable: string;
  filters: FilterRow[];
  caps: CapRow[];
  dateRange: DateRangeForm;
  samplingPct: number | null;
  seed: number | null;
  name: string;
}

export const EMPTY_DATE_RANGE: DateRangeForm = { table: "", column: "", start: "", end: "" };

/** The kind of a column's values, when the form knows the column. */
export type KindOf = (table: string, column: string) => ValueKind | undefined;

/** Form field keys for errors: top-level fields by name, rows as `filter:<id>` and `cap:<id>`. */
export type FormErrors = Record<string, string>;

export const filterKey = (row: Pick<FilterRow, "id">) => `filter:${row.id}`;
export const capKey = (row: Pick<CapRow, "id">) => `cap:${row.id}`;

const INTEGER_TEXT = /^[+-]?\d+$/;

type Typed = { ok: true; value: unknown } | { ok: false; message: string };

/** One value typed by the column's kind. */
export function typedValue(raw: string, kind: ValueKind | undefined): Typed {
  const text = raw.trim();
  if (text === "") return { ok: false, message: "Give a value." };
  if (kind === "integer") {
    if (!INTEGER_TEXT.test(text)) return { ok: false, message: `"${text}" is not a whole number.` };
    const value = Number(text);
    return { ok: true, value: Number.isSafeInteger(value) ? value : text };
  }
  if (kind === "number") {
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, message: `"${text}" is not a number.` };
    return { ok: true, value: String(value) === text ? value : text };
  }
  if (kind === "boolean") {
    if (text !== "true" && text !== "false") return { ok: false, message: "Choose true or false." };
    return { ok: true, value: text === "true" };
  }
  // text keeps what was typed (spaces included); dates, times, uuids are read trimmed by the API
  return { ok: true, value: kind === "text" ? raw : text };
}

function splitList(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** The operand of a filter row, or the reason it has none. */
export function filterOperand(row: FilterRow, kind: ValueKind | undefined): Typed {
  switch (operandShape(row.op)) {
    case "flag":
      if (row.value !== "true" && row.value !== "false") return { ok: false, message: "Choose is null or is not null." };
      return { ok: true, value: row.value === "true" };
    case "pattern":
      return row.value === "" ? { ok: false, message: "Give a pattern, e.g. %@example.com." } : { ok: true, value: row.value };
    case "list": {
      const parts = splitList(row.value);
      if (parts.length === 0) return { ok: false, message: "Give one or more values, separated by commas." };
      const values: unknown[] = [];
      for (const part of parts) {
        const typed = typedValue(part, kind);
        if (!typed.ok) return typed;
        values.push(typed.value);
      }
      return { ok: true, value: values };
    }
    case "range": {
      const low = typedValue(row.value, kind);
      if (!low.ok) return { ok: false, message: `From: ${low.message}` };
      const high = typedValue(row.value2, kind);
      if (!high.ok) return { ok: false, message: `To: ${high.message}` };
      return { ok: true, value: [low.value, high.value] };
    }
    case "one":
      return typedValue(row.value, kind);
  }
}

export interface BuiltRequest {
  body: SubsetRequest;
  /** What the form must fix before it is sent (empty when it can be). */
  errors: FormErrors;
}

/** The request body of a form, and the client-side problems (the API checks everything again). */
export function buildSubsetRequest(form: SubsetForm, kindOf: KindOf = () => undefined): BuiltRequest {
  const errors: FormErrors = {};
  const body: SubsetRequest = { schema_version_id: form.schemaVersionId, root_table: form.rootTable, seed: 0 };
  if (!form.connectionId) errors.connection_id = "Choose the source connection.";
  else body.connection_id = form.connectionId;
  if (!form.schemaVersionId) errors.schema_version_id = "Choose a schema version.";
  if (!form.rootTable) errors.root_table = "Choose the root table.";

  const filters: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const row of form.filters) {
    const key = filterKey(row);
    if (!row.table || !row.column) {
      errors[key] = "Choose a table and a column.";
      continue;
    }
    const operand = filterOperand(row, kindOf(row.table, row.column));
    if (!operand.ok) {
      errors[key] = operand.message;
      continue;
    }
    const columns = (filters[row.table] ??= {});
    const ops = (columns[row.column] ??= {});
    if (row.op in ops) {
      errors[key] =
        `${row.table}.${row.column} already has a "${row.op}" filter: several operators on one column all apply, but each once.`;
      continue;
    }
    ops[row.op] = operand.value;
  }
  if (Object.keys(filters).length > 0) body.filters = filters;

  const caps: Record<string, number> = {};
  for (const row of form.caps) {
    const key = capKey(row);
    if (!row.table) {
      errors[key] = "Choose a table.";
      continue;
    }
    if (row.max === null || !Number.isInteger(row.max) || row.max < 1) {
      errors[key] = "A cap is a whole number of rows, at least 1.";
      continue;
    }
    if (row.table in caps) {
      errors[key] = `${row.table} is capped twice.`;
      continue;
    }
    caps[row.table] = row.max;
  }
  if (Object.keys(caps).length > 0) body.max_rows_per_table = caps;

  const range = form.dateRange;
  const start = range.start.trim();
  const end = range.end.trim();
  if (range.table || range.column || start || end) {
    if (!range.table || !range.column) errors.date_range = "Choose the table and the date column.";
    else if (!start && !end) errors.date_range = "Give a start, an end or both.";
    else if (start && end && start.slice(0, 10) > end.slice(0, 10)) errors.date_range = "The start must not be after the end.";
    else body.date_range = { table: range.table, column: range.column, ...(start ? { start } : {}), ...(end ? { end } : {}) };
  }

  if (form.samplingPct !== null) {
    if (!(form.samplingPct > 0 && form.samplingPct <= 100)) errors.sampling_pct = "A percentage above 0, at most 100.";
    else body.sampling_pct = form.samplingPct;
  }
  if (form.seed !== null) {
    if (!Number.isSafeInteger(form.seed)) errors.seed = "A whole number.";
    else body.seed = form.seed;
  }
  const name = form.name.trim();
  if (name) body.name = name;
  return { body, errors };
}

const LOCATIONS = new Set(["body", "query", "path", "header", "cookie"]);

/** A loc without its location: ["body", "filters", "sales.orders", "id", "in"] -> ["filters", "sales.orders", "id", "in"]. */
function locParts(loc: readonly (string | number)[]): string[] {
  return (loc.length > 0 && LOCATIONS.has(String(loc[0])) ? loc.slice(1) : loc).map(String);
}

const TOP_FIELDS = new Set(["connection_id", "connection_string", "schema_version_id", "root_table", "sampling_pct", "seed", "name"]);

/**
 * The API's field errors (a 422) on the form's fields: `filters.<table>.<column>.<op>` on its filter row,
 * `max_rows_per_table.<table>` on its cap row, `date_range.*` on the date range, top-level fields by name.
 * Errors that match no field stay in the problem shown above the form.
 */
export function serverFieldErrors(problem: ProblemError | undefined, form: Pick<SubsetForm, "filters" | "caps">): FormErrors {
  const out: FormErrors = {};
  const put = (key: string, msg: string) => {
    out[key] ??= msg;
  };
  for (const err of problem?.errors ?? []) {
    const [field, ...rest] = locParts(err.loc);
    if (field === undefined) continue;
    if (TOP_FIELDS.has(field)) put(field, err.msg);
    else if (field === "date_range") put("date_range", err.msg);
    else if (field === "filters") {
      const [table, column, op] = rest;
      const row =
        form.filters.find((r) => r.table === table && r.column === column && r.op === op) ??
        form.filters.find((r) => r.table === table && (column === undefined || r.column === column));
      if (row) put(filterKey(row), err.msg);
      else put("filters", err.msg);
    } else if (field === "max_rows_per_table") {
      const row = form.caps.find((r) => r.table === rest[0]);
      if (row) put(capKey(row), err.msg);
      else put("max_rows_per_table", err.msg);
    }
  }
  return out;
}
