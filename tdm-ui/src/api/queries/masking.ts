// Masking Rule Builder: the transformer registry, PII maps, rule sets (versioned per name), previews and
// mask jobs; plus the small schema-catalog reads the builders need (schemas, versions, one version's
// tables), kept here under their own keys so they do not depend on another screen's hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import { isProblemError } from "../problem";
import type { Schema } from "../types";
import { jobKeys } from "./jobs";

/** The most rows one page of a selector asks for (the API's page size limit). */
export const SELECT_PAGE_SIZE = 500;

// --- schema catalog (read-only, for the selectors) ----------------------------------------------------

export const catalogKeys = {
  all: ["builder-catalog"] as const,
  schemas: (connectionId: string | null) => [...catalogKeys.all, "schemas", connectionId] as const,
  versions: (schemaId: string) => [...catalogKeys.all, "versions", schemaId] as const,
  version: (schemaId: string, versionId: string) => [...catalogKeys.all, "version", schemaId, versionId] as const,
};

/** Discovered schemas (the first 500), optionally only those of one connection. */
export function useCatalogSchemas(connectionId: string | null = null) {
  return useQuery({
    queryKey: catalogKeys.schemas(connectionId),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schemas", {
          params: { query: { limit: SELECT_PAGE_SIZE, ...(connectionId ? { source_connection_id: connectionId } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The versions of a schema, newest first. */
export function useSchemaVersions(schemaId: string | null) {
  return useQuery({
    queryKey: catalogKeys.versions(schemaId ?? ""),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}/versions", {
          params: { path: { schema_id: schemaId ?? "" }, query: { limit: 100 } },
        }),
      ),
    enabled: Boolean(schemaId),
  });
}

/** One version of a schema: its tables and columns (with stats and PII labels) and relationships. */
export function useSchemaVersion(schemaId: string | null, versionId: string | null) {
  return useQuery({
    queryKey: catalogKeys.version(schemaId ?? "", versionId ?? ""),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}", {
          params: { path: { schema_id: schemaId ?? "" }, query: { version_id: versionId ?? "" } },
        }),
      ),
    enabled: Boolean(schemaId && versionId),
  });
}

// --- masking ----------------------------------------------------------------------------------------

export type Transformer = Schema<"TransformerOut">;
export type PiiEntry = Schema<"PIIEntry">;
export type MaskingRuleSet = Schema<"MaskingRuleSetOut">;

export const maskingKeys = {
  all: ["masking"] as const,
  transformers: () => [...maskingKeys.all, "transformers"] as const,
  pii: (schemaVersionId: string) => [...maskingKeys.all, "pii", schemaVersionId] as const,
  ruleSets: () => [...maskingKeys.all, "rule-sets"] as const,
  ruleSetList: (schemaVersionId: string) => [...maskingKeys.ruleSets(), schemaVersionId] as const,
  datasets: (schemaVersionId: string) => [...maskingKeys.all, "datasets", schemaVersionId] as const,
};

/** Every transformer a rule may name, with the JSON schema of its parameters. */
export function useTransformers() {
  return useQuery({
    queryKey: maskingKeys.transformers(),
    queryFn: async () => unwrap(await api.GET("/api/v1/masking/transformers")),
    staleTime: Infinity,
  });
}

/** The API's answer for a schema version nobody classified yet (a 404 titled "Not classified"). */
export function isNotClassified(error: unknown): boolean {
  return isProblemError(error) && error.status === 404 && error.title === "Not classified";
}

/** The PII map of a schema version; null when it has not been classified yet. */
export function usePiiMap(schemaVersionId: string | null) {
  return useQuery({
    queryKey: maskingKeys.pii(schemaVersionId ?? ""),
    queryFn: async () => {
      try {
        return unwrap(await api.GET("/api/v1/pii/{schema_version_id}", { params: { path: { schema_version_id: schemaVersionId ?? "" } } }));
      } catch (error) {
        if (isNotClassified(error)) return null;
        throw error;
      }
    },
    enabled: Boolean(schemaVersionId),
  });
}

/** Every saved version of every rule set made for a schema version, newest first. */
export function useMaskingRuleSets(schemaVersionId: string | null) {
  return useQuery({
    queryKey: maskingKeys.ruleSetList(schemaVersionId ?? ""),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/rules/masking", {
          params: { query: { schema_version_id: schemaVersionId ?? "", all_versions: true, limit: SELECT_PAGE_SIZE } },
        }),
      ),
    enabled: Boolean(schemaVersionId),
  });
}

/** Active dataset versions of a schema version (what a mask job can read). */
export function useMaskableDatasets(schemaVersionId: string | null) {
  return useQuery({
    queryKey: maskingKeys.datasets(schemaVersionId ?? ""),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/datasets", {
          params: { query: { schema_version_id: schemaVersionId ?? "", status: "active", limit: SELECT_PAGE_SIZE } },
        }),
      ),
    enabled: Boolean(schemaVersionId),
  });
}

/** Save a rule set; an existing name gets a new version. */
export function useSaveRuleSet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schema<"MaskingRuleSetCreate">) => unwrap(await api.POST("/api/v1/rules/masking", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: maskingKeys.ruleSets() }),
  });
}

/** A few values masked by a rule (nothing is stored). */
export function useMaskPreview() {
  return useMutation({
    mutationFn: async (body: Schema<"PreviewRequest">) => unwrap(await api.POST("/api/v1/masking/preview", { body })),
  });
}

/** Submit a mask job (202 with the job's id); refreshes the job lists. */
export function useSubmitMask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schema<"MaskRequest">) => unwrap(await api.POST("/api/v1/mask", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
