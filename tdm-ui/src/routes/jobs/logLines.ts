// The job's log as lines: from its events (live or replayed) or from the stored job_logs rows.
import type { JobEvent } from "@/api/jobEvents";
import type { JobLog as JobLogLine } from "@/api/types";

export interface LogLine {
  key: string;
  at: string | null;
  level: string | null;
  node: string | null;
  type: string | null;
  message: string;
}

/** The default level of an event without one (live events carry no level). */
function levelOf(event: JobEvent): string {
  if (event.level) return event.level.toUpperCase();
  if (event.type === "job_failed" || event.type === "node_failed") return "ERROR";
  if (event.type === "job_cancelled" || event.type === "job_requeued") return "WARNING";
  return "INFO";
}

export function eventLines(events: readonly JobEvent[]): LogLine[] {
  return events
    .filter((event) => event.message)
    .map((event, index) => ({
      key: event.id ?? `e${String(index)}`,
      at: event.at,
      level: levelOf(event),
      node: event.node,
      type: event.type,
      message: event.message ?? "",
    }));
}

export function storedLines(logs: readonly JobLogLine[]): LogLine[] {
  return logs.map((log) => ({
    key: log.id,
    at: log.created_at,
    level: log.level?.toUpperCase() ?? "INFO",
    node: log.node,
    type: typeof log.details?.event === "string" ? log.details.event : null,
    message: log.message ?? "",
  }));
}
