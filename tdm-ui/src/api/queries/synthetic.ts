// Synthetic Data Generator: the domain-pack catalog, the pickers it needs (schemas, their versions and
// tables, saved connections) and the submission (POST /synthetic, a job).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { Schema } from "../types";
import { jobKeys } from "./jobs";

/** How many schemas / connections the pickers list (the API's pages go up to 500). */
export const PICKER_LIMIT = 200;

/**
 * Query keys. The picker keys start with their domain ("schemas", "connections") so that invalidating a
 * domain refreshes them too, and carry a "synthetic-picker" segment so they never collide with the keys
 * of the domain's own screens.
 */
export const syntheticKeys = {
  all: ["synthetic"] as const,
  domainPacks: () => [...syntheticKeys.all, "domain-packs"] as const,
  schemas: () => ["schemas", "synthetic-picker", "list"] as const,
  versions: (schemaId: string) => ["schemas", "synthetic-picker", "versions", schemaId] as const,
  tables: (schemaId: string, versionId: string) => ["schemas", "synthetic-picker", "tables", schemaId, versionId] as const,
  connections: () => ["connections", "synthetic-picker", "list"] as const,
};

export type DomainPack = Schema<"DomainPackOut">;
export type SyntheticRequest = Schema<"SyntheticRequest">;

/** The shipped domain packs with their entities, default row counts and relationships. */
export function useDomainPacks(enabled = true) {
  return useQuery({
    queryKey: syntheticKeys.domainPacks(),
    queryFn: async () => unwrap(await api.GET("/api/v1/synthetic/domain-packs")),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Discovered schemas (a page of PICKER_LIMIT). */
export function useSchemaChoices(enabled = true) {
  return useQuery({
    queryKey: syntheticKeys.schemas(),
    queryFn: async () => unwrap(await api.GET("/api/v1/schemas", { params: { query: { limit: PICKER_LIMIT } } })),
    enabled,
  });
}

/** The versions of one schema, newest first. */
export function useSchemaVersions(schemaId: string) {
  return useQuery({
    queryKey: syntheticKeys.versions(schemaId),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/schema/{schema_id}/versions", { params: { path: { schema_id: schemaId }, query: { limit: 100 } } })),
    enabled: schemaId !== "",
  });
}

/** The tables of one schema version (for row-count suggestions). */
export function useSchemaTables(schemaId: string, versionId: string) {
  return useQuery({
    queryKey: syntheticKeys.tables(schemaId, versionId),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}", {
          params: { path: { schema_id: schemaId }, query: { version_id: versionId } },
        }),
      ).tables,
    enabled: schemaId !== "" && versionId !== "",
  });
}

/** Saved connections (not the inline ones made for single jobs). */
export function useConnectionChoices(enabled = true) {
  return useQuery({
    queryKey: syntheticKeys.connections(),
    queryFn: async () => unwrap(await api.GET("/api/v1/connections", { params: { query: { limit: PICKER_LIMIT } } })),
    enabled,
  });
}

/**
 * Submit a generation job. `body` may leave out the fields the API defaults (scale, seed, locale ...):
 * the generated type marks every defaulted field as present, the API does not need them.
 */
export function useSubmitSynthetic() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Partial<SyntheticRequest>) => unwrap(await api.POST("/api/v1/synthetic", { body: body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}
