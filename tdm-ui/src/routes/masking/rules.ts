// The rule builder's rules: {"table.column": {type, params}}, to and from the API's rules JSON, and the
// rules proposed from a PII map (a mirror of tdm_agents.masking.rules.AUTO_RULES: per PII type, the
// candidates in order; the first the registry has and that accepts the column's kind is proposed).
import type { MaskingRuleSet, Transformer } from "@/api/queries/masking";
import type { ProblemError } from "@/api/problem";
import type { Schema } from "@/api/types";
import { isAutoMaskedPii, type BuilderColumn, type ValueKind } from "./columns";

export interface MaskRule {
  type: string;
  params: Record<string, unknown>;
}

export type RuleMap = Record<string, MaskRule>;
export type RulesJson = Schema<"MaskingRuleSetCreate">["rules_json"];

/** The rules without the one of `target`. */
export function withoutRule(rules: RuleMap, target: string): RuleMap {
  return Object.fromEntries(Object.entries(rules).filter(([key]) => key !== target));
}

/** The API's form: "mask.hash" when there are no params, else {type, params}. */
export function toRulesJson(rules: RuleMap): RulesJson {
  const out: RulesJson = {};
  for (const [target, rule] of Object.entries(rules)) {
    out[target] = Object.keys(rule.params).length === 0 ? rule.type : { type: rule.type, params: rule.params };
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A saved rule set's rules_json back into rules (entries of an unknown shape are left out). */
export function fromRulesJson(json: Record<string, unknown>): RuleMap {
  const rules: RuleMap = {};
  for (const [target, value] of Object.entries(json)) {
    if (typeof value === "string") rules[target] = { type: value, params: {} };
    else if (isRecord(value) && typeof value.type === "string")
      rules[target] = { type: value.type, params: isRecord(value.params) ? { ...value.params } : {} };
  }
  return rules;
}

type Candidate = string | MaskRule;

const rule = (type: string, params: Record<string, unknown> = {}): MaskRule => ({ type, params });

/** PII type -> rules to try, in order (the server's AUTO_RULES). */
export const AUTO_RULES: Record<string, readonly Candidate[]> = {
  email: ["mask.email_deterministic", "mask.hash"],
  phone: ["mask.fake_phone", "mask.hash"],
  person_name: [rule("mask.fake_name", { part: "full" }), "mask.hash"],
  first_name: [rule("mask.fake_name", { part: "first" }), "mask.hash"],
  last_name: [rule("mask.fake_name", { part: "last" }), "mask.hash"],
  address: ["mask.fake_address", "mask.hash"],
  city: [rule("mask.hash", { alphabet: "letters", length: 8 })],
  postal_code: [rule("mask.hash", { alphabet: "digits", length: 5 })],
  country: [rule("mask.redact", { replacement: "XX" })],
  ssn: [rule("mask.hash", { alphabet: "digits", length: 9 }), "mask.hash"],
  credit_card: ["mask.fpe_pan", "mask.hash"],
  iban: [rule("mask.hash", { alphabet: "alnum", length: 22 }), "mask.hash"],
  date_of_birth: ["mask.date_shift"],
  ip_address: ["mask.hash"],
  username: [rule("mask.hash", { alphabet: "base32", length: 12, prefix: "user_" }), "mask.hash"],
  password: ["mask.hash"],
  other: ["mask.hash"],
};

/** Tried after a type's own candidates. */
export const FALLBACKS: readonly Candidate[] = ["mask.hash", "mask.null", "mask.redact"];

/** The rule proposed for a column of `kind` labelled `piiType`, or null when no transformer fits. */
export function proposeRule(piiType: string, kind: ValueKind, transformers: readonly Transformer[]): MaskRule | null {
  const byName = new Map(transformers.map((t) => [t.name, t]));
  for (const candidate of [...(AUTO_RULES[piiType] ?? []), ...FALLBACKS]) {
    const proposal = typeof candidate === "string" ? rule(candidate) : rule(candidate.type, { ...candidate.params });
    const transformer = byName.get(proposal.type);
    if (transformer?.kinds.includes(kind)) return proposal;
  }
  return null;
}

export interface AutoRulesResult {
  /** The rules, the existing ones plus one per PII column that had none. */
  rules: RuleMap;
  /** Targets given a rule now. */
  added: string[];
  /** PII columns that already had a rule (kept as they were). */
  kept: string[];
  /** PII columns no transformer can mask (by kind). */
  unmaskable: string[];
}

/** A rule per PII column without one (identifiers: "none" and "sensitive" labels are left alone). */
export function autoRules(
  columns: readonly BuilderColumn[],
  transformers: readonly Transformer[],
  existing: RuleMap = {},
): AutoRulesResult {
  const rules: RuleMap = { ...existing };
  const result: AutoRulesResult = { rules, added: [], kept: [], unmaskable: [] };
  for (const column of columns) {
    if (!isAutoMaskedPii(column.piiType)) continue;
    if (rules[column.target]) {
      result.kept.push(column.target);
      continue;
    }
    const proposal = proposeRule(column.piiType, column.kind, transformers);
    if (proposal) {
      rules[column.target] = proposal;
      result.added.push(column.target);
    } else result.unmaskable.push(column.target);
  }
  return result;
}

/** Rule sets by name, each newest version first; names by their newest save. */
export function groupRuleSets(sets: readonly MaskingRuleSet[]): { name: string; versions: MaskingRuleSet[] }[] {
  const groups = new Map<string, MaskingRuleSet[]>();
  for (const set of sets) {
    const name = set.name ?? "(unnamed)";
    groups.set(name, [...(groups.get(name) ?? []), set]);
  }
  return [...groups.entries()]
    .map(([name, versions]) => ({ name, versions: versions.sort((a, b) => b.version - a.version) }))
    .sort((a, b) => (b.versions[0]?.created_at ?? "").localeCompare(a.versions[0]?.created_at ?? ""));
}

const LOCATIONS = new Set(["body", "query", "path", "header", "cookie"]);

/** The API's messages about single rules, by target: errors located at `<field>.<target>[...]`. */
export function targetErrors(problem: ProblemError | undefined, field: "rules" | "rules_json"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const err of problem?.errors ?? []) {
    const loc = err.loc.length > 0 && LOCATIONS.has(String(err.loc[0])) ? err.loc.slice(1) : err.loc;
    if (loc[0] !== field || loc.length < 2) continue;
    const target = String(loc[1]);
    out[target] ??= err.msg;
  }
  return out;
}
