// Dataset Catalog (spec 14.1): dataset versions filtered by source type, status and schema version,
// paged; one version's metadata in cards and as JSON, its lineage graph, its files with download links,
// and "Provision this dataset" for operators.
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { isProblemError } from "@/api/problem";
import { useDataset, useDatasetLineage, useDatasets, useEnvironments, type DatasetSummary } from "@/api/queries/datasets";
import { MAX_PAGE, useConnections, useSchemas, useSchemaVersions } from "@/api/queries/schemas";
import { useSession } from "@/auth/useSession";
import {
  BackLink,
  Badge,
  Button,
  Card,
  type Column,
  CopyButton,
  DataTable,
  EmptyState,
  IdText,
  JsonView,
  MetaItem,
  PageHeader,
  Pagination,
  ProblemAlert,
  RelativeTime,
  Select,
  Skeleton,
  StatusBadge,
  Tabs,
} from "@/components";
import { DatasetIcon, RefreshIcon, ServerIcon } from "@/components/icons";
import { formatBytes, formatNumber } from "@/lib/format";
import { DATASET_STATUSES, rowCountsOf, SOURCE_TYPES, sourceTypeLabel, sourceTypeTone } from "./datasetMeta";
import { datasetListParams, NO_FILTERS, type DatasetFilters } from "./datasetSearch";
import { DatasetMetadata } from "./DatasetMetadata";
import { DownloadPanel } from "./DownloadPanel";
import { LineageGraph } from "./LineageGraph";
import type { NodeNames } from "./lineageNodes";

function SourceTypeBadge({ type }: { type: string }) {
  return <Badge tone={sourceTypeTone(type)}>{sourceTypeLabel(type)}</Badge>;
}

function SchemaVersionFilter({ schemaId, value, onChange }: { schemaId: string; value: string; onChange: (id: string) => void }) {
  const versions = useSchemaVersions(schemaId);
  const options = (versions.data?.items ?? []).map((v) => ({ value: v.id, label: `Version ${String(v.version_number)}` }));
  return (
    <Select
      label="Schema version"
      className="w-40"
      value={value}
      disabled={versions.isPending || options.length === 0}
      onChange={(e) => onChange(e.target.value)}
      options={options.length > 0 ? options : [{ value, label: versions.isPending ? "Loading…" : "No versions" }]}
    />
  );
}

function useDatasetColumns(): Column<DatasetSummary>[] {
  return useMemo(
    () => [
      {
        key: "id",
        header: "Dataset",
        cell: (d) => (
          <div className="flex flex-col">
            <span className="inline-flex items-center gap-1">
              <Link
                to="/datasets/$datasetId"
                params={{ datasetId: d.id }}
                className="font-mono text-xs font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
                title={d.id}
              >
                {d.id.slice(0, 8)}
              </Link>
              <CopyButton text={d.id} label="Copy the dataset id" />
            </span>
            {d.name ? <span className="max-w-64 truncate text-xs text-slate-600">{d.name}</span> : null}
          </div>
        ),
      },
      { key: "type", header: "Type", sortValue: (d) => d.source_type, cell: (d) => <SourceTypeBadge type={d.source_type} /> },
      { key: "status", header: "Status", sortValue: (d) => d.status, cell: (d) => <StatusBadge status={d.status} /> },
      { key: "rows", header: "Rows", align: "right", sortValue: (d) => d.row_count, cell: (d) => formatNumber(d.row_count) },
      { key: "size", header: "Size", align: "right", sortValue: (d) => d.size_bytes, cell: (d) => formatBytes(d.size_bytes) },
      { key: "created", header: "Created", sortValue: (d) => d.created_at, cell: (d) => <RelativeTime value={d.created_at} /> },
      {
        key: "job",
        header: "Job",
        cell: (d) =>
          d.job_id ? (
            <Link
              to="/jobs/$jobId"
              params={{ jobId: d.job_id }}
              className="font-mono text-xs text-indigo-600 hover:underline"
              title={d.job_id}
            >
              {d.job_id.slice(0, 8)}
            </Link>
          ) : (
            <span className="text-slate-400">—</span>
          ),
      },
    ],
    [],
  );
}

export function DatasetCatalog() {
  const { can } = useSession();
  const [filters, setFilters] = useState<DatasetFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const datasets = useDatasets(datasetListParams(filters, offset));
  const schemas = useSchemas({ limit: MAX_PAGE, offset: 0 });
  const columns = useDatasetColumns();
  const filtered = Boolean(filters.sourceType || filters.status || filters.schemaVersionId);

  const update = (patch: Partial<DatasetFilters>) => {
    setFilters({ ...filters, ...patch });
    setOffset(0);
  };
  const clear = () => update(NO_FILTERS);

  const schemaOptions = [
    { value: "", label: "All schemas" },
    ...(schemas.data?.items ?? []).filter((s) => s.latest_version_id).map((s) => ({ value: s.id, label: s.name })),
  ];

  return (
    <>
      <PageHeader
        title="Dataset Catalog"
        description="Subset, masked and synthetic dataset versions, with their lineage."
        actions={
          <Button
            icon={<RefreshIcon className="h-4 w-4" />}
            loading={datasets.isFetching && !datasets.isPending}
            onClick={() => void datasets.refetch()}
          >
            Refresh
          </Button>
        }
      />
      <Card padded={false}>
        <div className="flex flex-wrap items-end gap-4 border-b border-slate-100 px-4 py-3">
          <Select
            label="Type"
            className="w-40"
            value={filters.sourceType}
            options={[{ value: "", label: "All types" }, ...SOURCE_TYPES]}
            onChange={(e) => update({ sourceType: e.target.value })}
          />
          <Select
            label="Status"
            className="w-40"
            value={filters.status}
            options={[{ value: "", label: "All statuses" }, ...DATASET_STATUSES]}
            onChange={(e) => update({ status: e.target.value })}
          />
          <Select
            label="Schema"
            className="w-56"
            value={filters.schemaId}
            options={schemaOptions}
            disabled={schemas.isPending}
            onChange={(e) => {
              const schema = schemas.data?.items.find((s) => s.id === e.target.value);
              update({ schemaId: schema?.id ?? "", schemaVersionId: schema?.latest_version_id ?? "" });
            }}
          />
          {filters.schemaId ? (
            <SchemaVersionFilter
              schemaId={filters.schemaId}
              value={filters.schemaVersionId}
              onChange={(id) => update({ schemaVersionId: id })}
            />
          ) : null}
          {filtered ? (
            <Button variant="ghost" onClick={clear}>
              Clear filters
            </Button>
          ) : null}
        </div>
        {datasets.isError ? (
          <div className="p-4">
            <ProblemAlert error={datasets.error} onRetry={() => void datasets.refetch()} />
          </div>
        ) : (
          <>
            <DataTable
              caption="Dataset versions"
              columns={columns}
              rows={datasets.data?.items}
              loading={datasets.isPending}
              getRowKey={(d) => d.id}
              empty={
                filtered ? (
                  <EmptyState
                    icon={<DatasetIcon className="h-5 w-5" />}
                    title="No dataset versions match these filters"
                    description="Try another type, status or schema version."
                    action={<Button onClick={clear}>Clear filters</Button>}
                  />
                ) : (
                  <EmptyState
                    icon={<DatasetIcon className="h-5 w-5" />}
                    title="No dataset versions yet"
                    description={
                      can("operator")
                        ? "Subsets, masked copies and synthetic data you make are catalogued here."
                        : "Dataset versions appear here once an operator makes a subset, a masked copy or synthetic data."
                    }
                    action={
                      can("operator") ? (
                        <>
                          <Link to="/subset" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                            Build a subset →
                          </Link>
                          <Link to="/synthetic" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                            Generate synthetic data →
                          </Link>
                        </>
                      ) : undefined
                    }
                  />
                )
              }
            />
            {datasets.data ? (
              <Pagination
                total={datasets.data.total}
                limit={datasets.data.limit}
                offset={datasets.data.offset}
                busy={datasets.isFetching}
                onOffsetChange={setOffset}
              />
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}

// --- one dataset version -----------------------------------------------------------------------------

const datasetRoute = getRouteApi("/app/datasets/$datasetId");

type DetailTab = "overview" | "lineage" | "files" | "json";

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading the dataset version" className="space-y-4">
      <div className="rounded-xl border border-slate-200 bg-white p-5">
        <Skeleton className="h-6 w-72" />
        <Skeleton className="mt-3 h-4 w-96" />
        <div className="mt-6 grid grid-cols-6 gap-4">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
      </div>
      <Skeleton className="h-72 w-full" />
    </div>
  );
}

const LINEAGE_DEPTHS = [1, 2, 3, 5, 10, 25].map((d) => ({ value: String(d), label: `${String(d)} step${d === 1 ? "" : "s"} each way` }));

function LineagePanel({ datasetId, names }: { datasetId: string; names: NodeNames }) {
  const [depth, setDepth] = useState(5);
  const lineage = useDatasetLineage(datasetId, depth);
  return (
    <div className="space-y-3">
      <div className="flex items-end justify-between gap-4">
        <p className="text-sm text-slate-500">Where this version came from and what was made from it. Select a node to open it.</p>
        <Select
          label="Depth"
          className="w-52"
          value={String(depth)}
          options={LINEAGE_DEPTHS}
          onChange={(e) => setDepth(Number(e.target.value))}
        />
      </div>
      {lineage.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : lineage.isError ? (
        <ProblemAlert error={lineage.error} onRetry={() => void lineage.refetch()} />
      ) : lineage.data.edges.length === 0 ? (
        <EmptyState
          icon={<DatasetIcon className="h-5 w-5" />}
          title="No lineage recorded"
          description="Lineage is written when the job that made a version finishes; this version has no recorded source or use yet."
        />
      ) : (
        <LineageGraph graph={lineage.data} names={names} />
      )}
    </div>
  );
}

function useNodeNames(datasetId: string, datasetName: string | null | undefined): NodeNames {
  const environments = useEnvironments();
  const connections = useConnections();
  const schemas = useSchemas({ limit: MAX_PAGE, offset: 0 });
  return useMemo(
    () => ({
      environments: new Map((environments.data?.items ?? []).map((e) => [e.id, e.name])),
      connections: new Map((connections.data?.items ?? []).map((c) => [c.id, c.name])),
      schemaOfVersion: new Map(
        (schemas.data?.items ?? []).flatMap((s) => (s.latest_version_id ? [[s.latest_version_id, s.id] as const] : [])),
      ),
      datasets: new Map(datasetName ? [[datasetId, datasetName]] : []),
    }),
    [environments.data, connections.data, schemas.data, datasetId, datasetName],
  );
}

export function DatasetDetail() {
  const { datasetId } = datasetRoute.useParams();
  const { can } = useSession();
  const dataset = useDataset(datasetId);
  const [tab, setTab] = useState<DetailTab>("overview");
  const names = useNodeNames(datasetId, dataset.data?.name);

  if (dataset.isPending) {
    return (
      <>
        <div className="mb-4 text-sm text-slate-500">
          <BackLink to="/datasets" label="Dataset Catalog" />
        </div>
        <DetailSkeleton />
      </>
    );
  }
  if (dataset.isError) {
    const missing = isProblemError(dataset.error) && dataset.error.status === 404;
    return (
      <>
        <div className="mb-4 text-sm text-slate-500">
          <BackLink to="/datasets" label="Dataset Catalog" />
        </div>
        <ProblemAlert
          error={dataset.error}
          title={missing ? "Dataset version not found" : undefined}
          onRetry={missing ? undefined : () => void dataset.refetch()}
        />
      </>
    );
  }

  const data = dataset.data;
  const tables = Object.keys(rowCountsOf(data.metadata, data.files)).length;
  const schemaId = data.schema_version_id ? names.schemaOfVersion.get(data.schema_version_id) : undefined;
  return (
    <div className="space-y-5">
      <div className="text-sm text-slate-500">
        <BackLink to="/datasets" label="Dataset Catalog" />
      </div>
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-xl font-semibold tracking-tight text-slate-900">
                {data.name ?? `${sourceTypeLabel(data.source_type)} dataset`}
              </h1>
              <SourceTypeBadge type={data.source_type} />
              <StatusBadge status={data.status} />
            </div>
            <p className="mt-1 text-sm text-slate-500">
              <IdText id={data.id} full />
            </p>
          </div>
          {can("operator") && data.status === "active" ? (
            <Link
              to="/provision"
              search={{ dataset: data.id }}
              className="inline-flex h-9 items-center gap-2 rounded-md bg-indigo-600 px-3.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              <ServerIcon className="h-4 w-4" /> Provision this dataset
            </Link>
          ) : null}
        </div>
        <dl className="mt-5 grid grid-cols-2 gap-4 border-t border-slate-100 pt-4 sm:grid-cols-3 lg:grid-cols-6">
          <MetaItem label="Rows">{formatNumber(data.row_count)}</MetaItem>
          <MetaItem label="Tables">{formatNumber(tables)}</MetaItem>
          <MetaItem label="Size">{formatBytes(data.size_bytes)}</MetaItem>
          <MetaItem label="Created">
            <RelativeTime value={data.created_at} />
          </MetaItem>
          <MetaItem label="Made by job">
            {data.job_id ? (
              <Link
                to="/jobs/$jobId"
                params={{ jobId: data.job_id }}
                className="font-mono text-xs text-indigo-600 hover:underline"
                title={data.job_id}
              >
                {data.job_id.slice(0, 8)}
              </Link>
            ) : (
              "—"
            )}
          </MetaItem>
          <MetaItem label="Schema version">
            {data.schema_version_id ? (
              schemaId ? (
                <Link
                  to="/schemas/$schemaId"
                  params={{ schemaId }}
                  className="font-mono text-xs text-indigo-600 hover:underline"
                  title={data.schema_version_id}
                >
                  {data.schema_version_id.slice(0, 8)}
                </Link>
              ) : (
                <IdText id={data.schema_version_id} />
              )
            ) : (
              "—"
            )}
          </MetaItem>
        </dl>
        <p className="mt-3 text-xs text-slate-500">
          Stored under <code className="font-mono">{data.path_prefix}</code>
        </p>
      </Card>

      <Card>
        <Tabs<DetailTab>
          label="Dataset version details"
          selected={tab}
          onSelect={setTab}
          tabs={[
            { key: "overview", label: "Overview", content: <DatasetMetadata dataset={data} /> },
            {
              key: "lineage",
              label: "Lineage",
              extra: <Badge className="tabular-nums">{data.lineage.edges.length}</Badge>,
              content: <LineagePanel datasetId={data.id} names={names} />,
            },
            {
              key: "files",
              label: "Files & download",
              extra: <Badge className="tabular-nums">{data.files.length}</Badge>,
              content: <DownloadPanel dataset={data} />,
            },
            { key: "json", label: "Metadata JSON", content: <JsonView value={data.metadata} label="metadata" /> },
          ]}
        />
      </Card>
    </div>
  );
}
