// The Dataset Catalog's filters and the list request they make.
import type { DatasetListParams } from "@/api/queries/datasets";
import { DATASETS_PAGE_SIZE } from "./datasetMeta";

export interface DatasetFilters {
  sourceType: string;
  status: string;
  schemaId: string;
  schemaVersionId: string;
}

export const NO_FILTERS: DatasetFilters = { sourceType: "", status: "", schemaId: "", schemaVersionId: "" };

/** The list request of the filters and page (empty filters are left out). */
export function datasetListParams(filters: DatasetFilters, offset: number): DatasetListParams {
  return {
    limit: DATASETS_PAGE_SIZE,
    offset,
    ...(filters.sourceType ? { source_type: filters.sourceType } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.schemaVersionId ? { schema_version_id: filters.schemaVersionId } : {}),
  };
}
