// Sample values for a preview: one a line, typed as the column holds them (numbers for numeric columns,
// true/false for booleans, text otherwise).
import type { ValueKind } from "./columns";

export type SampleValue = string | number | boolean;

/** At most this many values per preview (the API's limit). */
export const MAX_PREVIEW_VALUES = 100;

export function parseSample(line: string, kind: ValueKind): SampleValue {
  const text = line.trim();
  if (kind === "integer" && /^-?\d+$/.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : text;
  }
  if (kind === "number" && text !== "" && Number.isFinite(Number(text))) return Number(text);
  if (kind === "boolean" && (text === "true" || text === "false")) return text === "true";
  return line;
}

/** The non-blank lines of a textarea as typed values (at most MAX_PREVIEW_VALUES). */
export function parseSamples(text: string, kind: ValueKind): SampleValue[] {
  return text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "")
    .slice(0, MAX_PREVIEW_VALUES)
    .map((line) => parseSample(line, kind));
}

/** A value as shown in the preview table. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return typeof value === "string" ? value : JSON.stringify(value);
}
