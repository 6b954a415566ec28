// The dashboard's figures: totals of the catalog lists (one row fetched each) and of jobs by status.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import { jobKeys } from "./jobs";

export const catalogCountKeys = {
  schemas: ["schemas", "count"] as const,
  datasets: ["datasets", "count"] as const,
  environments: ["environments", "count"] as const,
};

export function useSchemaCount() {
  return useQuery({
    queryKey: catalogCountKeys.schemas,
    queryFn: async () => unwrap(await api.GET("/api/v1/schemas", { params: { query: { limit: 1 } } })).total,
  });
}

export function useDatasetCount() {
  return useQuery({
    queryKey: catalogCountKeys.datasets,
    queryFn: async () => unwrap(await api.GET("/api/v1/datasets", { params: { query: { limit: 1 } } })).total,
  });
}

export function useEnvironmentCount() {
  return useQuery({
    queryKey: catalogCountKeys.environments,
    queryFn: async () => unwrap(await api.GET("/api/v1/environments", { params: { query: { limit: 1 } } })).total,
  });
}

/** How many jobs have `status` (e.g. running, awaiting_approval); refreshed every 10 s. */
export function useJobCount(status: string) {
  return useQuery({
    queryKey: [...jobKeys.lists(), "count", status],
    queryFn: async () => unwrap(await api.GET("/api/v1/jobs", { params: { query: { status, limit: 1 } } })).total,
    refetchInterval: 10_000,
  });
}
