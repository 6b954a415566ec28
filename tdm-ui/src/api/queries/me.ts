// GET /me: who an API key is (sign-in checks a key with it before storing it).
import { api, API_KEY_HEADER, unwrap } from "../client";
import type { WhoAmI } from "../types";

/** Ask the API who `apiKey` is; throws a ProblemError (401 for an unknown or revoked key). */
export async function fetchWhoAmI(apiKey: string): Promise<WhoAmI> {
  return unwrap(await api.GET("/api/v1/me", { headers: { [API_KEY_HEADER]: apiKey } }));
}
