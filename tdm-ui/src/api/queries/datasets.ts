// Datasets: the catalog of dataset versions, one version's detail (files, metadata), its lineage graph
// and presigned download links; environments are listed to name lineage nodes.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import type { QueryOf, Schema } from "../types";

export type DatasetListParams = QueryOf<"list_datasets">;
export type DatasetSummary = Schema<"DatasetOut">;
export type DatasetDetailData = Schema<"DatasetDetail">;
export type DatasetFile = Schema<"DatasetFileOut">;
export type DatasetDownload = Schema<"DatasetDownload">;
export type LineageGraphData = Schema<"LineageGraph">;
export type LineageNodeData = Schema<"LineageNode">;
export type LineageEdgeData = Schema<"LineageEdge">;

/** Query keys: `datasetKeys.all` also covers the dashboard's dataset count (["datasets", "count"]). */
export const datasetKeys = {
  all: ["datasets"] as const,
  lists: () => [...datasetKeys.all, "list"] as const,
  list: (params: DatasetListParams) => [...datasetKeys.lists(), params] as const,
  detail: (datasetId: string) => [...datasetKeys.all, "detail", datasetId] as const,
  lineage: (datasetId: string, depth: number) => [...datasetKeys.all, "lineage", datasetId, depth] as const,
  download: (datasetId: string) => [...datasetKeys.all, "download", datasetId] as const,
};

export const environmentKeys = {
  all: ["environments"] as const,
  list: () => [...environmentKeys.all, "list", { limit: 500 }] as const,
};

/** A page of dataset versions, newest first, filtered by source type, status and schema version. */
export function useDatasets(params: DatasetListParams) {
  return useQuery({
    queryKey: datasetKeys.list(params),
    queryFn: async () => unwrap(await api.GET("/api/v1/datasets", { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
}

/** One dataset version: files, metadata and a lineage graph (5 steps each way). */
export function useDataset(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.detail(datasetId),
    queryFn: async () => unwrap(await api.GET("/api/v1/dataset/{dataset_id}", { params: { path: { dataset_id: datasetId } } })),
  });
}

/** The lineage graph around a dataset version, `depth` steps upstream and downstream (1-25). */
export function useDatasetLineage(datasetId: string, depth: number) {
  return useQuery({
    queryKey: datasetKeys.lineage(datasetId, depth),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/lineage/dataset/{dataset_id}", { params: { path: { dataset_id: datasetId }, query: { depth } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * Short-lived presigned URLs, one per file (active versions only). Never cached beyond their life:
 * refetched whenever the panel mounts, and dropped from the cache soon after.
 */
export function useDatasetDownload(datasetId: string, enabled: boolean) {
  return useQuery({
    queryKey: datasetKeys.download(datasetId),
    queryFn: async () => unwrap(await api.GET("/api/v1/dataset/{dataset_id}/download", { params: { path: { dataset_id: datasetId } } })),
    enabled,
    staleTime: 0,
    gcTime: 30_000,
    refetchOnWindowFocus: false,
  });
}

/** Environments (id -> name), to label lineage nodes. */
export function useEnvironments() {
  return useQuery({
    queryKey: environmentKeys.list(),
    queryFn: async () => unwrap(await api.GET("/api/v1/environments", { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
}
