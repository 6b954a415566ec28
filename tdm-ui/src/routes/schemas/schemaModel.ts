// Pure helpers over the schema API's shapes: table names as users see them, foreign keys per column,
// PII types, and column statistics made readable.
import type { PiiEntry, Relationship, SchemaColumn, SchemaTable } from "@/api/queries/schemas";

export const DEFAULT_NAMESPACE = "public";

function namePart(part: string): string {
  return part.includes(".") || part.includes('"') ? `"${part.replaceAll('"', '""')}"` : part;
}

/** "table" in the default schema, "schema.table" elsewhere (as the PII map, rules and the diff name them). */
export function qualifiedName(schema: string, table: string): string {
  return schema === DEFAULT_NAMESPACE ? namePart(table) : `${namePart(schema)}.${namePart(table)}`;
}

export function tableId(table: Pick<SchemaTable, "schema" | "name">): string {
  return qualifiedName(table.schema, table.name);
}

export function parentId(rel: Pick<Relationship, "parent_schema" | "parent_table">): string {
  return qualifiedName(rel.parent_schema, rel.parent_table);
}

export function childId(rel: Pick<Relationship, "child_schema" | "child_table">): string {
  return qualifiedName(rel.child_schema, rel.child_table);
}

/** A stable key of a relationship (names are unique per child table). */
export function relationshipKey(rel: Relationship): string {
  return `${childId(rel)}\u0000${rel.name ?? rel.child_columns.join(",")}\u0000${parentId(rel)}`;
}

export interface ForeignKeyRef {
  /** The referenced table and column ("customers.id"). */
  target: string;
  userDefined: boolean;
  name: string | null | undefined;
}

/** Column name -> the columns it references, for one table. */
export function foreignKeysOf(table: SchemaTable, relationships: readonly Relationship[]): Map<string, ForeignKeyRef[]> {
  const id = tableId(table);
  const out = new Map<string, ForeignKeyRef[]>();
  for (const rel of relationships) {
    if (childId(rel) !== id) continue;
    rel.child_columns.forEach((column, i) => {
      const list = out.get(column) ?? [];
      list.push({ target: `${parentId(rel)}.${rel.parent_columns[i] ?? "?"}`, userDefined: rel.is_user_defined ?? false, name: rel.name });
      out.set(column, list);
    });
  }
  return out;
}

/** How many relationships touch each table (either end). */
export function relationshipCounts(relationships: readonly Relationship[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const rel of relationships) {
    const ends = new Set([childId(rel), parentId(rel)]);
    for (const end of ends) out.set(end, (out.get(end) ?? 0) + 1);
  }
  return out;
}

/** PII types (tdm_agents.pii_detection.labels.PIIType), "none" last: the choices of an override. */
export const PII_TYPES = [
  "email",
  "phone",
  "person_name",
  "first_name",
  "last_name",
  "address",
  "city",
  "postal_code",
  "country",
  "ssn",
  "credit_card",
  "iban",
  "date_of_birth",
  "ip_address",
  "username",
  "password",
  "other",
  "sensitive",
  "none",
] as const;

export function piiKey(table: string, column: string): string {
  return `${table}\u0000${column}`;
}

/** The PII map indexed by (table, column). */
export function indexPiiMap(entries: readonly PiiEntry[] | undefined): Map<string, PiiEntry> {
  const out = new Map<string, PiiEntry>();
  for (const entry of entries ?? []) out.set(piiKey(entry.table, entry.column), entry);
  return out;
}

export function isPii(type: string | null | undefined): type is string {
  return Boolean(type) && type?.toLowerCase() !== "none";
}

/** Columns of a table holding personal data (the PII map's label, else the schema's). */
export function piiColumnCount(table: SchemaTable, pii: Map<string, PiiEntry>): number {
  const name = tableId(table);
  return table.columns.filter((c) => isPii(pii.get(piiKey(name, c.name))?.pii_type ?? c.pii_type)).length;
}

/** 0.1234 -> "12.3%", 0.97 -> "97%" (not a number -> "—"). */
export function formatFraction(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  const pct = Math.round(value * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** A statistic value as text (numbers grouped, strings as is, other values as JSON). */
export function formatStat(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en-US") : String(Math.round(value * 1e4) / 1e4);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export interface TopValue {
  value: string;
  count: number;
  fraction: number | null;
}

export interface ColumnStats {
  nullFraction: number | null;
  distinctCount: number | null;
  distinctRatio: number | null;
  distinctEstimated: boolean;
  min: unknown;
  max: unknown;
  minLength: number | null;
  maxLength: number | null;
  avgLength: number | null;
  trueFraction: number | null;
  topValues: TopValue[];
  profileError: string | null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The profiler's per-column statistics (stats JSON) in a typed form; null when there are none. */
export function columnStats(column: SchemaColumn): ColumnStats | null {
  const stats = column.stats;
  if (!stats || Object.keys(stats).length === 0) return null;
  const top = Array.isArray(stats.top_values) ? (stats.top_values as unknown[]) : [];
  return {
    nullFraction: num(stats.null_fraction),
    distinctCount: num(stats.distinct_count),
    distinctRatio: num(stats.distinct_ratio),
    distinctEstimated: stats.distinct_estimated === true,
    min: stats.min,
    max: stats.max,
    minLength: num(stats.min_length),
    maxLength: num(stats.max_length),
    avgLength: num(stats.avg_length),
    trueFraction: num(stats.true_fraction),
    topValues: top.flatMap((item) => {
      if (typeof item !== "object" || item === null) return [];
      const entry = item as Record<string, unknown>;
      return [{ value: formatStat(entry.value), count: num(entry.count) ?? 0, fraction: num(entry.fraction) }];
    }),
    profileError: typeof stats.profile_error === "string" ? stats.profile_error : null,
  };
}

export interface PartitionInfo {
  name: string;
  bound: string | null;
}

/** Partitions of a partitioned table: name (schema-qualified outside the default one) and bound. */
export function partitionsOf(table: SchemaTable): PartitionInfo[] {
  return (table.partitions ?? []).map((p) => {
    if (typeof p === "object" && p !== null) {
      const entry = p as Record<string, unknown>;
      const name = typeof entry.name === "string" ? entry.name : JSON.stringify(p);
      const schema = typeof entry.schema === "string" ? entry.schema : DEFAULT_NAMESPACE;
      return { name: qualifiedName(schema, name), bound: typeof entry.bound === "string" ? entry.bound : null };
    }
    return { name: String(p), bound: null };
  });
}

const shortDateTime = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** "02 Mar 2025, 10:00" (no seconds), for version pickers. */
export function formatShortDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shortDateTime.format(date);
}
