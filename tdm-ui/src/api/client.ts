// The typed API client: openapi-fetch over the generated `paths`, with the session's API key and
// problem+json errors thrown as ProblemError (so TanStack Query sees failures as errors).
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { clearSession, currentApiKey } from "@/auth/session";
import { networkProblem, problemFromResponse, type ProblemError } from "./problem";
import type { paths } from "./schema";

export const API_KEY_HEADER = "X-API-Key";

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Origin of the API; defaults to the page's own (the API serves the portal). */
  baseUrl?: string;
  /** The session's key, read on every request. */
  getApiKey?: () => string | null;
  /** Called when the session's key gets a 401 (revoked, expired). */
  onUnauthorized?: (problem: ProblemError) => void;
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Adds `X-API-Key` unless the request sets its own (sign-in checks a key before it is stored), and turns
 * every non-2xx response into a thrown ProblemError. A 401 on the session's key ends the session.
 */
export function authMiddleware(getApiKey: () => string | null, onUnauthorized: (problem: ProblemError) => void): Middleware {
  const ownKey = new WeakSet<Request>();
  return {
    onRequest({ request }) {
      if (request.headers.has(API_KEY_HEADER)) return request;
      const key = getApiKey();
      if (key) {
        request.headers.set(API_KEY_HEADER, key);
        ownKey.add(request);
      }
      return request;
    },
    async onResponse({ request, response }) {
      if (response.ok) return response;
      const problem = await problemFromResponse(response);
      if (problem.status === 401 && ownKey.has(request)) onUnauthorized(problem);
      throw problem;
    },
    onError({ error }) {
      return error instanceof Error && error.name === "AbortError" ? error : networkProblem(error);
    },
  };
}

function defaultBaseUrl(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

/** The session ended because the API refused its key: the app shell sends the user to sign-in. */
export function endExpiredSession(problem: ProblemError): void {
  clearSession({ reason: "expired", detail: problem.detail });
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? defaultBaseUrl(),
    // Resolved per call, so tests can stub the global fetch after this module loaded.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  client.use(authMiddleware(options.getApiKey ?? currentApiKey, options.onUnauthorized ?? endExpiredSession));
  return client;
}

/** The app's client. Paths, parameters, bodies and results are typed from the OpenAPI document. */
export const api = createApiClient();

/**
 * The data of a successful call. The middleware already threw on any error status, so this only
 * narrows the type: `const page = unwrap(await api.GET("/api/v1/jobs", { params: { query } }))`.
 */
export function unwrap<Data>(result: { data?: Data; error?: unknown; response: Response }): Data {
  if (result.error !== undefined || !result.response.ok) {
    throw new Error(`unexpected API answer ${String(result.response.status)} from ${result.response.url}`);
  }
  return result.data as Data;
}
