// The Provisioning Console's form state and pure helpers: the POST /provision body, the client-side
// checks, a smoke check's expected value read from text, and where a provisioning job went.
import type { ProvisionRequest } from "@/api/queries/provision";
import type { JobDetail } from "@/api/types";

export type ResetMode = "truncate" | "recreate";

export interface SmokeCheckRow {
  /** Stable key for React lists. */
  id: number;
  name: string;
  sql: string;
  /** As typed: "42", "true", "EUR"; see parseExpect. */
  expect: string;
}

export interface ProvisionForm {
  datasetVersionId: string;
  targetEnv: string;
  resetEnv: boolean;
  resetMode: ResetMode;
  runSmokeTests: boolean;
  smokeChecks: SmokeCheckRow[];
  lockTimeoutSeconds: number | null;
}

export const DEFAULT_LOCK_TIMEOUT = 1800;
export const MAX_LOCK_TIMEOUT = 86_400;
export const MAX_SMOKE_CHECKS = 100;

export function emptyProvisionForm(datasetVersionId = ""): ProvisionForm {
  return {
    datasetVersionId,
    targetEnv: "",
    resetEnv: false,
    resetMode: "truncate",
    runSmokeTests: true,
    smokeChecks: [],
    lockTimeoutSeconds: DEFAULT_LOCK_TIMEOUT,
  };
}

/** The body: lock_timeout_seconds may be left out (the API defaults it to 1800). */
export type ProvisionBody = Omit<ProvisionRequest, "lock_timeout_seconds"> & { lock_timeout_seconds?: number };

/**
 * A smoke check's expected value from its text: numbers are compared as numbers, `true`/`false` are
 * booleans, `null` is null, anything else is compared as text (surrounding quotes keep "42" a text).
 */
export function parseExpect(text: string): string | number | boolean | null {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed === "null") return null;
  const quoted = /^"(.*)"$/.exec(trimmed);
  return quoted?.[1] ?? trimmed;
}

function isBlankCheck(check: SmokeCheckRow): boolean {
  return check.name.trim() === "" && check.sql.trim() === "" && check.expect.trim() === "";
}

/** The smoke-check rows that are sent (rows left entirely blank are not). */
export function sentSmokeChecks(form: Pick<ProvisionForm, "runSmokeTests" | "smokeChecks">): SmokeCheckRow[] {
  return form.runSmokeTests ? form.smokeChecks.filter((check) => !isBlankCheck(check)) : [];
}

export function buildProvisionRequest(form: ProvisionForm): ProvisionBody {
  const body: ProvisionBody = {
    dataset_version_id: form.datasetVersionId,
    target_env: form.targetEnv.trim(),
    reset_env: form.resetEnv,
    reset_mode: form.resetMode,
    run_smoke_tests: form.runSmokeTests,
  };
  const checks = sentSmokeChecks(form);
  if (checks.length > 0) {
    body.smoke_checks = checks.map((check) => ({ name: check.name.trim(), sql: check.sql.trim(), expect: parseExpect(check.expect) }));
  }
  if (form.lockTimeoutSeconds !== null) body.lock_timeout_seconds = form.lockTimeoutSeconds;
  return body;
}

/**
 * Client-side checks keyed like the API's field errors ("target_env"), and "smoke_checks.row.<i>.<field>"
 * for a row of the form.
 */
export function validateProvisionForm(form: ProvisionForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.datasetVersionId === "") errors.dataset_version_id = "Choose the dataset version to load.";
  if (form.targetEnv.trim() === "") errors.target_env = "Choose the environment to load it into.";
  if (form.runSmokeTests) {
    const checks = form.smokeChecks;
    if (sentSmokeChecks(form).length > MAX_SMOKE_CHECKS) errors.smoke_checks = `At most ${String(MAX_SMOKE_CHECKS)} checks.`;
    checks.forEach((check, index) => {
      if (isBlankCheck(check)) return;
      const key = `smoke_checks.row.${String(index)}`;
      if (check.name.trim() === "") errors[`${key}.name`] = "Name the check.";
      else if (checks.some((other, j) => j < index && other.name.trim() === check.name.trim())) {
        errors[`${key}.name`] = "Another check has this name.";
      }
      if (check.sql.trim() === "") errors[`${key}.sql`] = "Enter the SQL to run.";
      if (check.expect.trim() === "") errors[`${key}.expect`] = "Enter the expected value (a number, true/false, null or a text).";
    });
  }
  const lock = form.lockTimeoutSeconds;
  if (lock !== null && (!Number.isInteger(lock) || lock < 0 || lock > MAX_LOCK_TIMEOUT)) {
    errors.lock_timeout_seconds = `A whole number of seconds from 0 to ${MAX_LOCK_TIMEOUT.toLocaleString("en-US")}.`;
  }
  return errors;
}

/** The index in the sent smoke_checks of form row `row`, or -1 when that row is not sent. */
export function sentSmokeIndex(form: Pick<ProvisionForm, "runSmokeTests" | "smokeChecks">, row: number): number {
  const check = form.smokeChecks[row];
  if (!form.runSmokeTests || !check || isBlankCheck(check)) return -1;
  return form.smokeChecks.slice(0, row).filter((c) => !isBlankCheck(c)).length;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Where a provisioning job loads and what: from its request ({provision: {...}}) or its result. */
export function provisionTarget(job: Pick<JobDetail, "request" | "result">): { environment: string | null; datasetId: string | null } {
  const request = record(job.request);
  const step = record(request?.provision) ?? request;
  const env = step?.target_env;
  const dataset = step?.dataset_version_id;
  return {
    environment: typeof env === "string" ? env : (job.result?.environment ?? null),
    datasetId: typeof dataset === "string" ? dataset : (job.result?.dataset_version_id ?? null),
  };
}

/** The `dataset` search parameter of a location's search string ("?dataset=<id>"). */
export function datasetFromSearch(search: string): string {
  const value = new URLSearchParams(search).get("dataset");
  // TanStack Router writes JSON-looking values quoted ("?dataset=%22abc%22"): unquote them.
  return (value ?? "").replace(/^"(.*)"$/, "$1").trim();
}
