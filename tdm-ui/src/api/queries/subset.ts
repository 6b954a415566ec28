// Subset Builder: saved connections and the subset job submission. Schemas, versions and a version's
// tables come from the builders' catalog hooks in ./masking.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { Schema } from "../types";
import { jobKeys } from "./jobs";
import { SELECT_PAGE_SIZE } from "./masking";

export type Connection = Schema<"ConnectionOut">;
export type SubsetRequest = Schema<"SubsetRequest">;

export const subsetKeys = {
  all: ["subset"] as const,
  connections: () => [...subsetKeys.all, "connections"] as const,
};

/** Connections: the saved ones, and those made for connection strings sent inline (yours; admins: all),
 * since a schema discovered from a connection string points at one of those. */
export function useConnections() {
  return useQuery({
    queryKey: subsetKeys.connections(),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/connections", { params: { query: { limit: SELECT_PAGE_SIZE, include_inline: true } } })),
  });
}

/** Submit a subset job (202 with the job's id); refreshes the job lists. */
export function useSubmitSubset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SubsetRequest) => unwrap(await api.POST("/api/v1/subset", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
