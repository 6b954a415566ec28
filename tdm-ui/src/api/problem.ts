// RFC 7807 problems: every non-2xx answer of the API becomes a ProblemError, shown as written.
import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type ProblemFieldError = components["schemas"]["ProblemFieldError"];

/** What a ProblemError is made from: a problem body (instance and errors optional). */
export interface ProblemInit {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string | null;
  errors?: ProblemFieldError[] | null;
  [member: string]: unknown;
}

/** An API error: the problem+json body (title, detail, field errors) plus the HTTP status. */
export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly instance: string | null;
  readonly errors: ProblemFieldError[];
  /** The whole body, with any extra members (e.g. `checks` of /ready). */
  readonly body: Record<string, unknown>;

  constructor(problem: ProblemInit) {
    super(problem.detail || problem.title);
    this.name = "ProblemError";
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.instance = problem.instance ?? null;
    this.errors = problem.errors ?? [];
    this.body = problem;
  }

  /**
   * The message of the field at `path` ("root_table", "subset.root_table"), for a form's error text.
   * The location's first element (body, query, path, header) is ignored.
   */
  fieldError(path: string): string | undefined {
    return this.errors.find((err) => locPath(err.loc) === path)?.msg;
  }

  /** Field errors keyed by dotted path (see fieldError). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const err of this.errors) {
      const key = locPath(err.loc);
      out[key] ??= err.msg;
    }
    return out;
  }
}

const LOCATIONS = new Set(["body", "query", "path", "header", "cookie"]);

/** ["body", "subset", "root_table"] -> "subset.root_table". */
export function locPath(loc: (string | number)[]): string {
  const parts = loc.length > 0 && LOCATIONS.has(String(loc[0])) ? loc.slice(1) : loc;
  return parts.map(String).join(".");
}

export function isProblemError(error: unknown): error is ProblemError {
  return error instanceof ProblemError;
}

/** The error as a ProblemError, if it is one: `problemOf(mutation.error)?.fieldError("root_table")`. */
export function problemOf(error: unknown): ProblemError | undefined {
  return error instanceof ProblemError ? error : undefined;
}

function isProblemBody(value: unknown): value is ProblemInit {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.title === "string" && typeof body.status === "number";
}

/** Read a non-2xx response as a ProblemError (a non-problem body still gets a readable one). */
export async function problemFromResponse(response: Response): Promise<ProblemError> {
  const text = await response.text().catch(() => "");
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (isProblemBody(parsed)) {
    return new ProblemError({
      ...parsed,
      detail: typeof parsed.detail === "string" ? parsed.detail : "",
      type: typeof parsed.type === "string" ? parsed.type : "about:blank",
    });
  }
  const title = response.statusText || `HTTP ${String(response.status)}`;
  const snippet = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
  return new ProblemError({
    type: "about:blank",
    title,
    status: response.status,
    detail: snippet || `The server answered ${String(response.status)} ${title}.`,
    instance: new URL(response.url || "http://localhost/").pathname,
  });
}

/** The API could not be reached at all (offline, server down, blocked). */
export function networkProblem(cause: unknown): ProblemError {
  const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : "";
  return new ProblemError({
    type: "urn:tdm:problem:network",
    title: "Cannot reach the API",
    status: 0,
    detail: `The request did not reach the TDM API${reason}. Check that the server is running, then retry.`,
  });
}

/** Any error as title + detail, for places that show errors that may not be problems. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ProblemError) return { title: error.title, detail: error.detail };
  if (error instanceof Error) return { title: "Something went wrong", detail: error.message };
  return { title: "Something went wrong", detail: String(error) };
}
