// Dataset vocabulary (source types, statuses, lineage node types) and narrowing of the free-form
// metadata JSON each job writes (subset, masked, synthetic).
import type { BadgeTone } from "@/components";

export const SOURCE_TYPES = [
  { value: "subset", label: "Subset" },
  { value: "masked", label: "Masked" },
  { value: "synthetic", label: "Synthetic" },
] as const;

export const DATASET_STATUSES = [
  { value: "active", label: "Active" },
  { value: "writing", label: "Writing" },
  { value: "failed", label: "Failed" },
  { value: "purged", label: "Purged" },
] as const;

const SOURCE_TONES: Record<string, BadgeTone> = { subset: "blue", masked: "violet", synthetic: "teal" };

export function sourceTypeTone(type: string): BadgeTone {
  return SOURCE_TONES[type] ?? "slate";
}

export function sourceTypeLabel(type: string): string {
  return SOURCE_TYPES.find((s) => s.value === type)?.label ?? type;
}

export const DATASETS_PAGE_SIZE = 25;

// --- metadata narrowing -----------------------------------------------------------------------------

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

export function asNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function asString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Rows per table: the metadata's row_counts, else summed over the files. */
export function rowCountsOf(metadata: JsonRecord, files: readonly { table_name: string; row_count: number }[]): Record<string, number> {
  const counts = asRecord(metadata.row_counts);
  if (counts) {
    const out: Record<string, number> = {};
    for (const [table, n] of Object.entries(counts)) {
      const value = asNumber(n);
      if (value !== null) out[table] = value;
    }
    return out;
  }
  const out: Record<string, number> = {};
  for (const file of files) out[file.table_name] = (out[file.table_name] ?? 0) + file.row_count;
  return out;
}

/** Warnings of any kind of dataset (strings, or objects with a message). */
export function warningsOf(metadata: JsonRecord): string[] {
  const raw = metadata.warnings;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((w) => {
    if (typeof w === "string") return [w];
    const record = asRecord(w);
    const message = record ? (asString(record.message) ?? asString(record.detail)) : null;
    return message ? [message] : record ? [JSON.stringify(record)] : [];
  });
}

export interface AppliedRule {
  target: string;
  type: string;
  origin: string | null;
  params: JsonRecord | null;
}

/** Masking rules applied, by "table.column". */
export function rulesAppliedOf(metadata: JsonRecord): AppliedRule[] {
  const rules = asRecord(metadata.rules_applied);
  if (!rules) return [];
  return Object.entries(rules)
    .map(([target, rule]) => {
      const r = asRecord(rule);
      return { target, type: asString(r?.type) ?? "?", origin: asString(r?.origin), params: asRecord(r?.params) };
    })
    .sort((a, b) => a.target.localeCompare(b.target));
}

export interface CapHit {
  table: string;
  cap: number | null;
  candidates: number | null;
  kept: number | null;
  addedAsParents: number | null;
}

export function capsHitOf(metadata: JsonRecord): CapHit[] {
  const caps = asRecord(metadata.caps_hit);
  if (!caps) return [];
  return Object.entries(caps).map(([table, hit]) => {
    const h = asRecord(hit);
    return {
      table,
      cap: asNumber(h?.cap),
      candidates: asNumber(h?.candidates),
      kept: asNumber(h?.kept),
      addedAsParents: asNumber(h?.added_as_parents),
    };
  });
}

export interface QualityReport {
  quality: number | null;
  diagnostic: number | null;
  qualityProperties: [string, number | null][];
  diagnosticProperties: [string, number | null][];
  pairs: [string, number | null][];
}

function scoreEntries(value: unknown): [string, number | null][] {
  const record = asRecord(value);
  return record ? Object.entries(record).map(([k, v]) => [k, asNumber(v)]) : [];
}

export function qualityOf(metadata: JsonRecord): QualityReport | null {
  const quality = asRecord(metadata.quality);
  if (!quality) return null;
  return {
    quality: asNumber(quality.quality_score),
    diagnostic: asNumber(quality.diagnostic_score),
    qualityProperties: scoreEntries(quality.quality_properties),
    diagnosticProperties: scoreEntries(quality.diagnostic_properties),
    pairs: scoreEntries(quality.pairs),
  };
}

export interface IntegrityChecks {
  foreignKeys: number | null;
  uniqueKeys: number | null;
  problems: string[];
}

export function checksOf(metadata: JsonRecord): IntegrityChecks | null {
  const checks = asRecord(metadata.checks);
  if (!checks || Object.keys(checks).length === 0) return null;
  return { foreignKeys: asNumber(checks.foreign_keys), uniqueKeys: asNumber(checks.unique_keys), problems: asStringList(checks.problems) };
}
