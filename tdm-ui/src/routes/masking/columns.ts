// Columns of a schema version as the rule builder shows them: named as in the PII map and in rules
// ("table.column" in the default schema, "schema.table.column" elsewhere), with the kind of value they hold
// (what a transformer must accept) and their PII label; PII columns first.
import type { PiiEntry } from "@/api/queries/masking";
import type { Schema } from "@/api/types";

export type TableOut = Schema<"TableOut">;
export type ColumnOut = Schema<"ColumnOut">;
export type PreviewColumn = Schema<"PreviewColumn">;
export type ValueKind = NonNullable<PreviewColumn["kind"]>;

/** The namespace whose tables are named without it (tdm_core.schema_model.DEFAULT_NAMESPACE). */
export const DEFAULT_NAMESPACE = "public";

function namePart(part: string): string {
  return part.includes(".") || part.includes('"') ? `"${part.replaceAll('"', '""')}"` : part;
}

/** How users see a table: "customer", or "sales.orders" outside the default schema. */
export function qualifiedTable(table: Pick<TableOut, "schema" | "name">): string {
  return table.schema === DEFAULT_NAMESPACE || !table.schema ? namePart(table.name) : `${namePart(table.schema)}.${namePart(table.name)}`;
}

/** A rule's key: "customer.email". */
export function ruleTarget(table: string, column: string): string {
  return `${table}.${column}`;
}

const INTEGER = /^(tiny|small|medium|big)?int(eger)?\d?\b|^(small|big)?serial\b|^year\b/;
const NUMBER = /^(numeric|decimal|real|double|float|money)\b/;
const LENGTH = /^(character varying|varchar|character|char|bpchar|nvarchar|nchar)\s*\((\d+)\)/;
const NUMERIC = /^(numeric|decimal)\s*\((\d+)(?:,\s*(\d+))?\)/;
const BITS: Record<string, 16 | 32 | 64> = {
  smallint: 16,
  int2: 16,
  smallserial: 16,
  integer: 32,
  int: 32,
  int4: 32,
  serial: 32,
  mediumint: 32,
  bigint: 64,
  int8: 64,
  bigserial: 64,
};

function baseType(column: ColumnOut): string {
  const details = column.type_details ?? {};
  const domain = details.domain;
  const fromDomain =
    typeof domain === "object" && domain !== null && "base_type" in domain ? (domain as { base_type?: unknown }).base_type : undefined;
  const name = typeof fromDomain === "string" && fromDomain ? fromDomain : (column.data_type ?? "");
  return name.toLowerCase().trim();
}

/** What kind of value a column holds (tdm_agents.common.column_kinds.value_kind, as transformers see it). */
export function columnKind(column: ColumnOut): ValueKind {
  const details = column.type_details ?? {};
  const family = typeof details.family === "string" ? details.family : undefined;
  const type = baseType(column);
  if (family === "array" || type.endsWith("]")) return "other";
  if (type === "boolean" || type === "bool") return "boolean";
  if (INTEGER.test(type) && !type.startsWith("tinyint(1)")) return "integer";
  if (NUMBER.test(type)) return type.startsWith("money") ? "other" : "number";
  if (type === "date") return "date";
  if ((type.startsWith("timestamp") && type.includes("with time zone")) || type === "timestamptz") return "timestamptz";
  if (type.startsWith("timestamp") || type.startsWith("datetime")) return "timestamp";
  if (type.startsWith("time") && !type.includes("zone")) return "time";
  if (type === "uuid") return "uuid";
  if (family === "string" || family === "enum" || /^(char|varchar|text|character|citext|name)/.test(type)) return "text";
  if (family === "json" || type === "json" || type === "jsonb") return "json";
  return "other";
}

/** What a preview's checks should know of the column (length, width, nullability). */
export function previewColumn(column: ColumnOut): PreviewColumn {
  const type = baseType(column);
  const spec: PreviewColumn = {
    kind: columnKind(column),
    nullable: column.nullable && !column.is_primary_key,
    unique: column.is_primary_key,
  };
  const length = LENGTH.exec(type);
  const numeric = NUMERIC.exec(type);
  const bits = BITS[type.split("(")[0]?.split(" ")[0] ?? ""];
  if (length?.[2]) spec.max_length = Number(length[2]);
  else if (numeric?.[2]) {
    spec.precision = Number(numeric[2]);
    spec.scale = Number(numeric[3] ?? 0);
  } else if (bits) spec.integer_bits = bits;
  return spec;
}

/** PII types that need no rule: not personal data, or special-category data masked only on request. */
const NOT_MASKED_BY_DEFAULT = new Set(["none", "sensitive"]);

export function isPiiType(type: string | null | undefined): type is string {
  return Boolean(type) && type !== "none";
}

/** A PII type the automatic rules cover (identifiers, not "none" or "sensitive"). */
export function isAutoMaskedPii(type: string | null | undefined): type is string {
  return Boolean(type) && !NOT_MASKED_BY_DEFAULT.has(type ?? "");
}

export interface BuilderColumn {
  target: string;
  table: string;
  column: ColumnOut;
  kind: ValueKind;
  /** What a preview's checks should know of the column. */
  preview: PreviewColumn;
  /** The PII label (from the PII map, else the column's own), "none" excluded. */
  piiType: string | null;
  confidence: number | null;
  technique: string | null;
  /** Frequent values discovery recorded (never for PII columns): samples for a preview. */
  topValues: string[];
}

export interface BuilderTable {
  name: string;
  kind: string;
  columns: BuilderColumn[];
  piiCount: number;
}

function topValuesOf(column: ColumnOut): string[] {
  const top = column.stats?.top_values;
  if (!Array.isArray(top)) return [];
  return top
    .map((entry: unknown) => (typeof entry === "object" && entry !== null && "value" in entry ? entry.value : undefined))
    .filter((value): value is string | number => typeof value === "string" || typeof value === "number")
    .map(String);
}

/** Tables with PII first (then by name); in each, PII columns first (most confident first), then in order. */
export function builderTables(tables: readonly TableOut[], pii: readonly PiiEntry[] | null | undefined): BuilderTable[] {
  const byTarget = new Map((pii ?? []).map((entry) => [ruleTarget(entry.table, entry.column), entry]));
  const result = tables.map((table): BuilderTable => {
    const name = qualifiedTable(table);
    const columns = table.columns.map((column, index) => {
      const target = ruleTarget(name, column.name);
      const entry = byTarget.get(target);
      const label = entry?.pii_type ?? column.pii_type ?? null;
      return {
        index,
        item: {
          target,
          table: name,
          column,
          kind: columnKind(column),
          preview: previewColumn(column),
          piiType: isPiiType(label) ? label : null,
          confidence: entry?.confidence ?? null,
          technique: entry?.technique ?? null,
          topValues: topValuesOf(column),
        } satisfies BuilderColumn,
      };
    });
    columns.sort((a, b) => {
      const pa = a.item.piiType ? 0 : 1;
      const pb = b.item.piiType ? 0 : 1;
      if (pa !== pb) return pa - pb;
      if (pa === 0 && (a.item.confidence ?? 0) !== (b.item.confidence ?? 0)) return (b.item.confidence ?? 0) - (a.item.confidence ?? 0);
      return (a.item.column.ordinal_position ?? a.index) - (b.item.column.ordinal_position ?? b.index);
    });
    const items = columns.map((c) => c.item);
    return { name, kind: table.kind ?? "table", columns: items, piiCount: items.filter((c) => c.piiType).length };
  });
  return result.sort((a, b) => (a.piiCount > 0 ? 0 : 1) - (b.piiCount > 0 ? 0 : 1) || a.name.localeCompare(b.name));
}
