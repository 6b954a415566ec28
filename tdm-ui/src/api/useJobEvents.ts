// useJobEvents(jobId): the live list of a job's events over SSE (see jobEvents.ts).
import { useEffect, useRef, useState } from "react";
import { followJobEvents, type JobEvent, type StreamStatus } from "./jobEvents";
import type { ProblemError } from "./problem";

export interface JobEventsState {
  /** Every event so far, in order (replayed from the start, then live). */
  events: JobEvent[];
  status: StreamStatus | "idle";
  /** Why the stream failed or is retrying. */
  error: ProblemError | null;
}

export interface UseJobEventsOptions {
  /** False to not connect (e.g. until the job is known). */
  enabled?: boolean;
  /** Called for each new event (e.g. to refetch the job when its status changes). */
  onEvent?: (event: JobEvent) => void;
  /** Injected in tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface ConnectionState extends JobEventsState {
  /** The connection these events belong to (a new one per job and per (re)enable). */
  connection: object | null;
  jobId: string;
}

const IDLE: JobEventsState = { events: [], status: "idle", error: null };

export function useJobEvents(jobId: string, options: UseJobEventsOptions = {}): JobEventsState {
  const { enabled = true, fetch: fetchImpl, sleep } = options;
  const [state, setState] = useState<ConnectionState>({ ...IDLE, connection: null, jobId });
  const onEventRef = useRef(options.onEvent);
  useEffect(() => {
    onEventRef.current = options.onEvent;
  });

  useEffect(() => {
    if (!enabled) return;
    const connection = {};
    const controller = new AbortController();
    const seen = new Set<string>();
    // Each update starts from a clean state when it is the first of this connection.
    const update = (change: (prev: JobEventsState) => JobEventsState) => {
      if (controller.signal.aborted) return;
      setState((prev) => ({ ...change(prev.connection === connection ? prev : IDLE), connection, jobId }));
    };
    void followJobEvents({
      jobId,
      signal: controller.signal,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(sleep ? { sleep } : {}),
      onEvent: (event) => {
        if (controller.signal.aborted) return;
        if (event.id !== null) {
          if (seen.has(event.id)) return;
          seen.add(event.id);
        }
        update((prev) => ({ ...prev, events: [...prev.events, event] }));
        onEventRef.current?.(event);
      },
      onStatus: (status, error) => {
        update((prev) => ({ ...prev, status, error: error ?? (status === "open" || status === "closed" ? null : prev.error) }));
      },
    });
    return () => {
      controller.abort();
    };
  }, [jobId, enabled, fetchImpl, sleep]);

  // Until the connection for this job reports, show a clean state (never another job's events).
  if (state.jobId !== jobId || state.connection === null) return enabled ? { ...IDLE, status: "connecting" } : IDLE;
  if (!enabled)
    return {
      events: state.events,
      status: state.status === "open" || state.status === "reconnecting" ? "closed" : state.status,
      error: state.error,
    };
  return { events: state.events, status: state.status, error: state.error };
}
