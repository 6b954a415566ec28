// A job's live events (GET /job/{id}/events, Server-Sent Events read with fetch so the API key header
// can be sent): normalised payloads, and a follower that reconnects with Last-Event-ID until the job ends.
import { currentApiKey } from "@/auth/session";
import { API_KEY_HEADER, endExpiredSession } from "./client";
import { isTerminalStatus } from "./jobMeta";
import { networkProblem, problemFromResponse, type ProblemError } from "./problem";
import { readSSE, SSEParser, type SSEMessage } from "./sse";

/**
 * One event of a job, whether it came live from the Redis stream ({type, at, message, node, subgraph,
 * status, ...}) or replayed from the job's logs after the stream expired ({type, created_at, level,
 * message, node, details: {...}}).
 */
export interface JobEvent {
  /** The SSE id (a Redis stream id, or log-<n> for a replayed log line). */
  id: string | null;
  /** node_started, node_completed, node_info, job_completed, status ... */
  type: string;
  at: string | null;
  message: string | null;
  level: string | null;
  node: string | null;
  subgraph: string | null;
  status: string | null;
  /** node_completed: how long the node ran. */
  durationMs: number | null;
  /** node_info: the details of the notice. */
  info: Record<string, unknown> | null;
  /** The payload as sent. */
  data: Record<string, unknown>;
}

/** Events after which the server sends nothing more. */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(["job_completed", "job_failed", "job_cancelled"]);
/** Events that change the job's status (the job's detail is worth refetching after them). */
export const STATUS_EVENT_TYPES: ReadonlySet<string> = new Set([
  "job_started",
  "job_requeued",
  "awaiting_approval",
  "approval_decision",
  "job_completed",
  "job_failed",
  "job_cancelled",
  "status",
]);

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The portal's view of one SSE message; null when its data is not a JSON object. */
export function toJobEvent(message: SSEMessage): JobEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.data);
  } catch {
    return null;
  }
  const data = asRecord(parsed);
  if (!data) return null;
  const details = asRecord(data.details) ?? {};
  const type = str(data.type) ?? (message.event !== "message" ? message.event : null) ?? "message";
  return {
    id: message.id ?? null,
    type,
    at: str(data.at) ?? str(data.created_at) ?? str(data.finished_at),
    message: str(data.message),
    level: str(data.level),
    node: str(data.node),
    subgraph: str(data.subgraph) ?? str(details.subgraph),
    status: str(data.status),
    durationMs: num(data.duration_ms) ?? num(details.duration_ms),
    info: asRecord(data.info) ?? asRecord(details.info),
    data,
  };
}

/** Whether nothing follows this event: the job completed, failed or was cancelled. */
export function isTerminalEvent(event: JobEvent): boolean {
  return TERMINAL_EVENT_TYPES.has(event.type) || (event.type === "status" && isTerminalStatus(event.status));
}

export type StreamStatus = "connecting" | "open" | "reconnecting" | "closed" | "error";

export interface FollowOptions {
  jobId: string;
  signal: AbortSignal;
  onEvent: (event: JobEvent) => void;
  onStatus?: (status: StreamStatus, error?: ProblemError) => void;
  /** Resume after this id (as the browser's EventSource would after a reconnect). */
  lastEventId?: string;
  baseUrl?: string;
  getApiKey?: () => string | null;
  onUnauthorized?: (problem: ProblemError) => void;
  fetch?: typeof fetch;
  /** Waits between reconnections (tests pass a fake). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The first reconnection delay, until the server sends `retry:`. */
  retryMs?: number;
  maxRetryMs?: number;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Follow a job's events until it ends (or `signal` aborts). When the stream drops or the server closes it
 * (after TDM_API_SSE_MAX_SECONDS) it reconnects with Last-Event-ID, so no event is lost or repeated; a
 * 5xx or network failure is retried with a growing delay; any other error ends it with status "error".
 * Resolves to the last event id seen.
 */
export async function followJobEvents(options: FollowOptions): Promise<string | undefined> {
  const {
    jobId,
    signal,
    onEvent,
    onStatus = () => undefined,
    baseUrl = typeof window === "undefined" ? "" : window.location.origin,
    getApiKey = currentApiKey,
    onUnauthorized = endExpiredSession,
    fetch: fetchImpl = (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
    sleep = abortableSleep,
    maxRetryMs = 30_000,
  } = options;
  let lastEventId = options.lastEventId;
  let retryMs = options.retryMs ?? 3_000;
  let failures = 0;
  let connectedBefore = false;
  const url = `${baseUrl}/api/v1/job/${encodeURIComponent(jobId)}/events`;
  // A function, so the checks after each await are not narrowed away by the loop's condition.
  const aborted = () => signal.aborted;

  while (!aborted()) {
    if (!connectedBefore && failures === 0) onStatus("connecting");
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    const key = getApiKey();
    if (key) headers[API_KEY_HEADER] = key;
    if (lastEventId) headers["Last-Event-ID"] = lastEventId;

    let retryable: ProblemError | null = null;
    try {
      const response = await fetchImpl(url, { headers, signal, cache: "no-store" });
      if (!response.ok) {
        const problem = await problemFromResponse(response);
        if (problem.status === 401 && key) onUnauthorized(problem);
        if (problem.status < 500) {
          onStatus("error", problem);
          return lastEventId;
        }
        retryable = problem;
      } else if (response.body) {
        onStatus("open");
        connectedBefore = true;
        failures = 0;
        const parser = new SSEParser();
        for await (const message of readSSE(response.body, parser)) {
          if (parser.retry !== undefined) retryMs = parser.retry;
          if (message.id) lastEventId = message.id;
          const event = toJobEvent(message);
          if (!event) continue;
          onEvent(event);
          if (isTerminalEvent(event)) {
            await response.body.cancel().catch(() => undefined);
            onStatus("closed");
            return lastEventId;
          }
        }
        if (parser.retry !== undefined) retryMs = parser.retry;
      }
    } catch (error) {
      if (aborted()) break;
      retryable = networkProblem(error);
    }
    if (aborted()) break;
    // The stream ended without a terminal event (server time limit, proxy) or failed: reconnect.
    if (retryable) failures += 1;
    const delay = failures > 0 ? Math.min(maxRetryMs, retryMs * 2 ** (failures - 1)) : retryMs;
    onStatus("reconnecting", retryable ?? undefined);
    await sleep(delay, signal);
  }
  return lastEventId;
}
