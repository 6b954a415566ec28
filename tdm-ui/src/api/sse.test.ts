import { describe, expect, it, vi } from "vitest";
import { problem, sse, sseEvent } from "@/test/utils";
import { followJobEvents, toJobEvent, type JobEvent, type StreamStatus } from "./jobEvents";
import { SSEParser } from "./sse";

describe("SSEParser", () => {
  it("parses events split across chunks, with ids, names, comments and retry", () => {
    const parser = new SSEParser();
    const out = [
      ...parser.feed("retry: 3000\n\n: keep-alive\n\nid: 1-0\nevent: node_started\nda"),
      ...parser.feed('ta: {"a":1}\n'),
      ...parser.feed("\nid: 2-0\ndata: line one\ndata: line two\n\n"),
    ];
    expect(out).toEqual([
      { id: "1-0", event: "node_started", data: '{"a":1}' },
      { id: "2-0", event: "message", data: "line one\nline two" },
    ]);
    expect(parser.retry).toBe(3000);
    expect(parser.lastEventId).toBe("2-0");
  });

  it("accepts CRLF and CR line ends, even when a CRLF is split between chunks", () => {
    const parser = new SSEParser();
    const out = [...parser.feed("data: a\r"), ...parser.feed("\n\r\ndata: b\r\r"), ...parser.feed("data:c\n\n")];
    expect(out.map((m) => m.data)).toEqual(["a", "b", "c"]);
  });

  it("dispatches nothing for a block without data, and keeps the last id for the next event", () => {
    const parser = new SSEParser();
    expect(parser.feed("id: 7-1\nevent: x\n\n")).toEqual([]);
    expect(parser.feed("data: {}\n\n")).toEqual([{ id: "7-1", event: "message", data: "{}" }]);
  });

  it("keeps an unfinished event until its blank line", () => {
    const parser = new SSEParser();
    expect(parser.feed("data: partial\n")).toEqual([]);
    expect(parser.feed("\n")).toEqual([{ id: undefined, event: "message", data: "partial" }]);
  });
});

describe("toJobEvent", () => {
  it("reads a live stream event", () => {
    const event = toJobEvent({
      id: "5-0",
      event: "node_completed",
      data: JSON.stringify({
        type: "node_completed",
        at: "2025-01-01T00:00:00Z",
        message: "subset.plan completed in 1.20s",
        node: "plan",
        subgraph: "subset",
        duration_ms: 1200,
      }),
    });
    expect(event).toMatchObject({
      id: "5-0",
      type: "node_completed",
      node: "plan",
      subgraph: "subset",
      durationMs: 1200,
      at: "2025-01-01T00:00:00Z",
    });
  });

  it("reads a log line replayed after the stream expired", () => {
    const event = toJobEvent({
      id: "log-3",
      event: "node_info",
      data: JSON.stringify({
        type: "node_info",
        level: "INFO",
        message: "12 tables planned",
        node: "plan",
        details: { event: "node_info", subgraph: "subset", info: { tables: 12 } },
        created_at: "2025-01-01T00:00:01Z",
      }),
    });
    expect(event).toMatchObject({
      id: "log-3",
      type: "node_info",
      subgraph: "subset",
      info: { tables: 12 },
      level: "INFO",
      at: "2025-01-01T00:00:01Z",
    });
  });

  it("ignores data that is not a JSON object", () => {
    expect(toJobEvent({ id: undefined, event: "message", data: "not json" })).toBeNull();
  });
});

const noSleep = vi.fn(() => Promise.resolve());

function follow(fetchImpl: typeof fetch, extra: Partial<Parameters<typeof followJobEvents>[0]> = {}) {
  const events: JobEvent[] = [];
  const statuses: StreamStatus[] = [];
  const controller = new AbortController();
  const done = followJobEvents({
    jobId: "job-1",
    signal: controller.signal,
    baseUrl: "http://api.test",
    getApiKey: () => "secret-key",
    onUnauthorized: vi.fn(),
    fetch: fetchImpl,
    sleep: noSleep,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    ...extra,
  });
  return { events, statuses, controller, done };
}

describe("followJobEvents", () => {
  it("reconnects with Last-Event-ID after the stream ends, and stops at the job's end", async () => {
    const headers: Headers[] = [];
    const responses = [
      sse([
        "retry: 10\n\n",
        sseEvent({ type: "job_started", message: "job started" }, { id: "1-0", event: "job_started" }),
        ": keep-alive\n\n",
      ]),
      sse([sseEvent({ type: "job_completed", status: "completed", message: "job completed" }, { id: "2-0", event: "job_completed" })]),
    ];
    const fetchImpl = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      headers.push(new Headers(init?.headers));
      return Promise.resolve(responses.shift() ?? problem(500, "unexpected"));
    });
    const { events, statuses, done } = follow(fetchImpl);
    await expect(done).resolves.toBe("2-0");
    expect(events.map((e) => e.type)).toEqual(["job_started", "job_completed"]);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(fetchImpl.mock.calls[0]?.[0]).toBe("http://api.test/api/v1/job/job-1/events");
    expect(headers[0]?.get("X-API-Key")).toBe("secret-key");
    expect(headers[0]?.has("Last-Event-ID")).toBe(false);
    expect(headers[1]?.get("Last-Event-ID")).toBe("1-0");
    expect(noSleep).toHaveBeenCalledWith(10, expect.anything());
    expect(statuses).toEqual(["connecting", "open", "reconnecting", "open", "closed"]);
  });

  it("ends on a final status event (a job that ended without its terminal event in the stream)", async () => {
    const fetchImpl = vi.fn(() =>
      Promise.resolve(sse([sseEvent({ type: "status", status: "failed", error: "boom" }, { event: "status" })])),
    );
    const { events, done } = follow(fetchImpl);
    await done;
    expect(events).toHaveLength(1);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it("retries a 503 and gives up on a 404 with its problem", async () => {
    const responses = [problem(503, "redis is unavailable"), problem(404, "job job-1 not found")];
    const fetchImpl = vi.fn(() => Promise.resolve(responses.shift() ?? problem(500, "unexpected")));
    const seen: { status: StreamStatus; detail?: string }[] = [];
    const { done } = follow(fetchImpl, {
      onStatus: (status, error) => seen.push({ status, ...(error ? { detail: error.detail } : {}) }),
    });
    await done;
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(seen).toContainEqual({ status: "reconnecting", detail: "redis is unavailable" });
    expect(seen.at(-1)).toEqual({ status: "error", detail: "job job-1 not found" });
  });

  it("ends the session on a 401", async () => {
    const onUnauthorized = vi.fn();
    const fetchImpl = vi.fn(() => Promise.resolve(problem(401, "the API key is not valid or has been revoked")));
    const { done } = follow(fetchImpl, { onUnauthorized });
    await done;
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("stops when aborted", async () => {
    const fetchImpl = vi.fn((_url: RequestInfo | URL, init?: RequestInit) =>
      Promise.resolve(sse([sseEvent({ type: "job_started" }, { id: "1-0" })], { open: true, signal: init?.signal ?? null })),
    );
    const { events, controller, done } = follow(fetchImpl);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    controller.abort();
    await done;
    expect(fetchImpl).toHaveBeenCalledOnce();
  });
});
