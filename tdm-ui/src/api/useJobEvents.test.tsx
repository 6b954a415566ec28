import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { sse, sseEvent } from "@/test/utils";
import type { JobEvent } from "./jobEvents";
import { useJobEvents } from "./useJobEvents";

const noSleep = () => Promise.resolve();

describe("useJobEvents", () => {
  it("lists the events as they arrive, once each, and ends with the job", async () => {
    const first = [
      sseEvent(
        { type: "node_started", node: "plan", subgraph: "subset", message: "subset.plan started" },
        { id: "1-0", event: "node_started" },
      ),
      sseEvent(
        { type: "node_completed", node: "plan", subgraph: "subset", duration_ms: 40, message: "subset.plan completed" },
        { id: "2-0", event: "node_completed" },
      ),
    ];
    // The second connection replays 2-0 again (a server resuming at an earlier id): it is not listed twice.
    const second = [
      sseEvent({ type: "node_completed", node: "plan" }, { id: "2-0" }),
      sseEvent({ type: "job_completed", status: "completed", message: "job completed" }, { id: "3-0", event: "job_completed" }),
    ];
    const bodies = [first, second];
    const fetchImpl = vi.fn(() => Promise.resolve(sse(bodies.shift() ?? [])));
    const seen: string[] = [];
    const onEvent = (event: JobEvent) => seen.push(event.type);

    const { result } = renderHook(() => useJobEvents("job-1", { fetch: fetchImpl as unknown as typeof fetch, sleep: noSleep, onEvent }));
    expect(result.current.status).toBe("connecting");
    await waitFor(() => expect(result.current.status).toBe("closed"));
    expect(result.current.events.map((e) => e.id)).toEqual(["1-0", "2-0", "3-0"]);
    expect(result.current.events[1]?.durationMs).toBe(40);
    expect(seen).toEqual(["node_started", "node_completed", "job_completed"]);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it("does not connect while disabled, and starts clean for another job", async () => {
    const fetchImpl = vi.fn((_url: RequestInfo | URL, init?: RequestInit) =>
      Promise.resolve(
        sse([sseEvent({ type: "node_started", node: "a" }, { id: `${String(fetchImpl.mock.calls.length)}-0` })], {
          open: true,
          signal: init?.signal ?? null,
        }),
      ),
    );
    const { result, rerender, unmount } = renderHook(
      ({ jobId, enabled }) => useJobEvents(jobId, { enabled, fetch: fetchImpl as unknown as typeof fetch, sleep: noSleep }),
      {
        initialProps: { jobId: "job-1", enabled: false },
      },
    );
    expect(result.current.status).toBe("idle");
    expect(fetchImpl).not.toHaveBeenCalled();

    rerender({ jobId: "job-1", enabled: true });
    await waitFor(() => expect(result.current.events).toHaveLength(1));
    expect(result.current.status).toBe("open");

    rerender({ jobId: "job-2", enabled: true });
    expect(result.current.events).toHaveLength(0);
    await waitFor(() => expect(result.current.events).toHaveLength(1));
    expect(fetchImpl.mock.calls[1]?.[0]).toContain("/job/job-2/events");
    act(() => unmount());
  });
});
