// Schemas: the catalog list, one version's detail, versions, drift, relationships (discovered and
// user-declared) and the PII map of a version with its review (override of a column's label).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { QueryOf, Schema } from "../types";
import { jobKeys } from "./jobs";

export type SchemaListParams = QueryOf<"list_schemas">;
export type SchemaSummary = Schema<"SchemaOut">;
export type SchemaDetailData = Schema<"SchemaDetail">;
export type SchemaVersion = Schema<"SchemaVersionOut">;
export type SchemaTable = Schema<"TableOut">;
export type SchemaColumn = Schema<"ColumnOut">;
export type Relationship = Schema<"RelationshipOut">;
export type UserRelationship = Schema<"UserRelationshipOut">;
export type RelationshipInput = Schema<"RelationshipIn">;
export type SchemaDiffData = Schema<"SchemaDiff">;
export type PiiEntry = Schema<"PIIEntry">;
export type PiiMap = Schema<"PIIMap">;
export type PiiLabelInput = Schema<"PIILabelIn">;
export type Connection = Schema<"ConnectionOut">;

/** The API's largest page (TDM_API_MAX_PAGE_SIZE): lists the screens search on the client. */
export const MAX_PAGE = 500;

/** Query keys: `schemaKeys.all` also covers the dashboard's schema count (["schemas", "count"]). */
export const schemaKeys = {
  all: ["schemas"] as const,
  lists: () => [...schemaKeys.all, "list"] as const,
  list: (params: SchemaListParams) => [...schemaKeys.lists(), params] as const,
  schema: (schemaId: string) => [...schemaKeys.all, "schema", schemaId] as const,
  detail: (schemaId: string, version: number | undefined) => [...schemaKeys.schema(schemaId), "detail", version ?? "latest"] as const,
  versions: (schemaId: string) => [...schemaKeys.schema(schemaId), "versions"] as const,
  diff: (schemaId: string, from: number | undefined, to: number | undefined) =>
    [...schemaKeys.schema(schemaId), "diff", from ?? "previous", to ?? "latest"] as const,
  relationships: (schemaId: string, version: number | undefined) =>
    [...schemaKeys.schema(schemaId), "relationships", version ?? "latest"] as const,
};

export const piiKeys = {
  all: ["pii"] as const,
  map: (schemaVersionId: string) => [...piiKeys.all, "map", schemaVersionId] as const,
};

export const connectionKeys = {
  all: ["connections"] as const,
  list: () => [...connectionKeys.all, "list", { limit: MAX_PAGE }] as const,
};

/** A page of schemas (each with its latest version number). */
export function useSchemas(params: SchemaListParams) {
  return useQuery({
    queryKey: schemaKeys.list(params),
    queryFn: async () => unwrap(await api.GET("/api/v1/schemas", { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}

/** Saved source connections, to name a schema's source (a viewer may list them). */
export function useConnections() {
  return useQuery({
    queryKey: connectionKeys.list(),
    queryFn: async () => unwrap(await api.GET("/api/v1/connections", { params: { query: { limit: MAX_PAGE } } })),
    staleTime: 60_000,
  });
}

/** One version of a schema (the latest when `version` is undefined): tables, columns, relationships. */
export function useSchema(schemaId: string, version: number | undefined) {
  return useQuery({
    queryKey: schemaKeys.detail(schemaId, version),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}", {
          params: { path: { schema_id: schemaId }, query: version === undefined ? {} : { version } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Every version of a schema, newest first as the API orders them. */
export function useSchemaVersions(schemaId: string) {
  return useQuery({
    queryKey: schemaKeys.versions(schemaId),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}/versions", {
          params: { path: { schema_id: schemaId }, query: { limit: MAX_PAGE } },
        }),
      ),
  });
}

/** Drift between two versions (defaults: the latest against the one before). */
export function useSchemaDiff(schemaId: string, from: number | undefined, to: number | undefined, enabled = true) {
  return useQuery({
    queryKey: schemaKeys.diff(schemaId, from, to),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}/diff", {
          params: {
            path: { schema_id: schemaId },
            query: { ...(from === undefined ? {} : { from_version: from }), ...(to === undefined ? {} : { to_version: to }) },
          },
        }),
      ),
    enabled,
  });
}

/** Relationships of a version with who declared the user-defined ones. */
export function useSchemaRelationships(schemaId: string, version: number | undefined) {
  return useQuery({
    queryKey: schemaKeys.relationships(schemaId, version),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schema/{schema_id}/relationships", {
          params: { path: { schema_id: schemaId }, query: version === undefined ? {} : { version } },
        }),
      ),
  });
}

/** Declare a relationship on the latest version (operators). */
export function useAddRelationship(schemaId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: RelationshipInput) =>
      unwrap(await api.POST("/api/v1/schema/{schema_id}/relationships", { params: { path: { schema_id: schemaId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schemaKeys.schema(schemaId) }),
  });
}

/** Remove a user-declared relationship from the latest version (operators). */
export function useDeleteRelationship(schemaId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => {
      unwrap(await api.DELETE("/api/v1/schema/{schema_id}/relationships/{name}", { params: { path: { schema_id: schemaId, name } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schemaKeys.schema(schemaId) }),
  });
}

/** The PII map of a schema version; a 404 "Not classified" means no classification ran yet. */
export function usePiiMap(schemaVersionId: string | undefined) {
  return useQuery({
    queryKey: piiKeys.map(schemaVersionId ?? "none"),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/pii/{schema_version_id}", { params: { path: { schema_version_id: schemaVersionId ?? "" } } })),
    enabled: Boolean(schemaVersionId),
  });
}

/** Set (confirm or override) PII labels of columns of a version, then refetch the map and the schema. */
export function useSetPiiLabels(schemaVersionId: string, schemaId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (labels: PiiLabelInput[]) =>
      unwrap(
        await api.PUT("/api/v1/pii/{schema_version_id}/columns", {
          params: { path: { schema_version_id: schemaVersionId } },
          body: labels,
        }),
      ),
    onSuccess: (map) => {
      queryClient.setQueryData(piiKeys.map(schemaVersionId), map);
      void queryClient.invalidateQueries({ queryKey: piiKeys.map(schemaVersionId) });
      void queryClient.invalidateQueries({ queryKey: schemaKeys.schema(schemaId) });
    },
  });
}

/** Start a PII classification job of a schema version (operators); answers the accepted job. */
export function useClassifyPii() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (schemaVersionId: string) =>
      unwrap(
        await api.POST("/api/v1/pii/classify", {
          body: { schema_version_id: schemaVersionId, use_llm: true, sample_size_per_column: 100 },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

/** Start a discovery job on a saved connection (operators); answers the accepted job. */
export function useDiscoverSchema() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { connection_id: string; schemas?: string[] }) =>
      unwrap(await api.POST("/api/v1/discover-schema", { body: body as never })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
