// TanStack Query defaults: no retries on client errors (they will not change), a short retry otherwise.
import { QueryClient } from "@tanstack/react-query";
import { isProblemError } from "./problem";

/** Retry a failed query only when it may succeed later (network, 5xx/503), at most twice. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (isProblemError(error)) return error.status === 0 || error.status >= 500;
  return true;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
