// Test helpers: a fake API behind the global fetch, SSE bodies, a signed-in session, the app at a path.
import { createMemoryHistory } from "@tanstack/react-router";
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { saveSession, type Role } from "@/auth/session";
import { App } from "@/App";
import { createAppRouter } from "@/router";

export interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type Handler = (request: FakeRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Response {
  const titles: Record<number, string> = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Invalid input",
    503: "Service unavailable",
  };
  return json({ type: `urn:tdm:problem:${String(status)}`, title: titles[status] ?? "Error", status, detail, ...extra }, status);
}

/** A text/event-stream response made of `chunks`; `open` keeps it open (until the request aborts). */
export function sse(chunks: string[], { open = false, signal }: { open?: boolean; signal?: AbortSignal | null } = {}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!open) controller.close();
      else
        signal?.addEventListener("abort", () => {
          try {
            controller.error(new DOMException("aborted", "AbortError"));
          } catch {
            // already closed
          }
        });
    },
  });
  return new Response(stream, { status: 200, headers: { "Content-Type": "text/event-stream" } });
}

/** One SSE event in the wire format. */
export function sseEvent(data: unknown, { id, event }: { id?: string; event?: string } = {}): string {
  return `${id ? `id: ${id}\n` : ""}${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}

async function toFakeRequest(input: RequestInfo | URL, init?: RequestInit): Promise<FakeRequest> {
  if (input instanceof Request) {
    const text = await input.clone().text();
    return {
      method: input.method,
      url: new URL(input.url),
      headers: new Headers(input.headers),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  }
  const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
  return { method: init?.method ?? "GET", url: new URL(String(input), window.location.origin), headers: new Headers(init?.headers), body };
}

/**
 * Stub the global fetch with routes keyed "METHOD /path": a Response is answered as is, a function gets the
 * request, any other value is answered as JSON. Unknown routes answer a 404 problem. Returns the mock and
 * the requests it saw.
 */
export function mockApi(routes: Record<string, Handler | object>) {
  const requests: FakeRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = await toFakeRequest(input, init);
    requests.push(request);
    const route = routes[`${request.method} ${request.url.pathname}`];
    if (route === undefined) return problem(404, `no route matches ${request.method} ${request.url.pathname}`);
    if (route instanceof Response) return route.clone();
    return typeof route === "function" ? (route as Handler)(request) : json(route);
  });
  vi.stubGlobal("fetch", fetchMock);
  return { fetchMock, requests };
}

export function signIn(role: Role = "operator", name = `ci-${role}`): void {
  saveSession({ apiKey: `key-of-${name}`, name, role });
}

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
}

/** Render the whole app (router, query client, toasts) at `path` (below /ui). */
export function renderApp(path: string) {
  const queryClient = testQueryClient();
  const history = createMemoryHistory({ initialEntries: [`/ui${path}`] });
  const router = createAppRouter({ queryClient, history });
  const user = userEvent.setup();
  const result = render(<App queryClient={queryClient} router={router} />);
  return { ...result, router, queryClient, user };
}
