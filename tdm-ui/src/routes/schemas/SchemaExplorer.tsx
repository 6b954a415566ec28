// Schema Explorer (spec 14.1): the discovered schemas (searchable), and one schema's versions, tables,
// columns with statistics and PII labels (operators override them), the relationship diagram, the
// relationships (operators declare their own) and the drift between two versions.
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { isProblemError } from "@/api/problem";
import {
  MAX_PAGE,
  useClassifyPii,
  useConnections,
  usePiiMap,
  useSchema,
  useSchemas,
  useSchemaVersions,
  type SchemaSummary,
} from "@/api/queries/schemas";
import { useSession } from "@/auth/useSession";
import {
  BackLink,
  Badge,
  Button,
  Card,
  type Column,
  DataTable,
  EmptyState,
  IdText,
  MetaItem,
  PageHeader,
  Pagination,
  ProblemAlert,
  RelativeTime,
  Select,
  Skeleton,
  Tabs,
  TextInput,
} from "@/components";
import { InfoIcon, RefreshIcon, SchemaIcon } from "@/components/icons";
import { formatNumber } from "@/lib/format";
import { DiffView } from "./components/DiffView";
import { DiscoverDialog } from "./components/DiscoverDialog";
import { RelationshipDiagram } from "./components/RelationshipDiagram";
import { RelationshipsPanel } from "./components/RelationshipsPanel";
import { TablesPanel } from "./components/TablesPanel";
import { filterSchemas, SCHEMAS_PAGE_SIZE, sourceLabel } from "./schemaList";
import { formatShortDateTime, indexPiiMap, piiColumnCount, tableId } from "./schemaModel";

export function SchemaExplorer() {
  const schemas = useSchemas({ limit: MAX_PAGE, offset: 0 });
  const connectionsQuery = useConnections();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [discovering, setDiscovering] = useState(false);
  const { can } = useSession();
  const connections = useMemo(() => new Map((connectionsQuery.data?.items ?? []).map((c) => [c.id, c])), [connectionsQuery.data]);
  const filtered = useMemo(() => filterSchemas(schemas.data?.items ?? [], search, connections), [schemas.data, search, connections]);
  const page = filtered.slice(offset, offset + SCHEMAS_PAGE_SIZE);
  const total = schemas.data?.total ?? 0;
  const truncated = total > (schemas.data?.items.length ?? 0);

  const columns = useMemo(
    (): Column<SchemaSummary>[] => [
      {
        key: "name",
        header: "Schema",
        sortValue: (s) => s.name,
        cell: (s) => (
          <div className="min-w-0">
            <Link
              to="/schemas/$schemaId"
              params={{ schemaId: s.id }}
              className="font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
            >
              {s.name}
            </Link>
            {s.description ? <p className="max-w-md truncate text-xs text-slate-500">{s.description}</p> : null}
          </div>
        ),
      },
      {
        key: "source",
        header: "Source",
        sortValue: (s) => sourceLabel(s, connections)?.name,
        cell: (s) => {
          const source = sourceLabel(s, connections);
          return source ? (
            <span className="flex flex-col">
              <span className="text-slate-800">{source.name}</span>
              {source.detail ? (
                <span className="max-w-64 truncate font-mono text-[11px] text-slate-500" title={source.detail}>
                  {source.detail}
                </span>
              ) : null}
            </span>
          ) : (
            <span className="text-slate-400">—</span>
          );
        },
      },
      {
        key: "version",
        header: "Latest version",
        align: "right",
        sortValue: (s) => s.latest_version_number,
        cell: (s) =>
          s.latest_version_number ? (
            <Badge tone="indigo">v{s.latest_version_number}</Badge>
          ) : (
            <span className="text-xs text-slate-400">none yet</span>
          ),
      },
      {
        key: "created",
        header: "First discovered",
        sortValue: (s) => s.created_at,
        cell: (s) => <RelativeTime value={s.created_at} />,
      },
    ],
    [connections],
  );

  return (
    <>
      <PageHeader
        title="Schema Explorer"
        description="Discovered schemas and their versions: tables, columns, relationships and PII tags."
        actions={
          <>
            <Button
              icon={<RefreshIcon className="h-4 w-4" />}
              loading={schemas.isFetching && !schemas.isPending}
              onClick={() => void schemas.refetch()}
            >
              Refresh
            </Button>
            {can("operator") ? (
              <Button variant="primary" onClick={() => setDiscovering(true)}>
                Discover a database
              </Button>
            ) : null}
          </>
        }
      />
      <DiscoverDialog open={discovering} onClose={() => setDiscovering(false)} />
      <Card padded={false}>
        <div className="flex flex-wrap items-end gap-4 border-b border-slate-100 px-4 py-3">
          <TextInput
            label="Search"
            type="search"
            placeholder="Name, description or source"
            className="w-80"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setOffset(0);
            }}
          />
          {truncated ? (
            <p className="pb-2 text-xs text-slate-500">
              Searching the first {formatNumber(schemas.data?.items.length)} of {formatNumber(total)} schemas.
            </p>
          ) : null}
        </div>
        {schemas.isError ? (
          <div className="p-4">
            <ProblemAlert error={schemas.error} onRetry={() => void schemas.refetch()} />
          </div>
        ) : (
          <>
            <DataTable
              caption="Schemas"
              columns={columns}
              rows={schemas.data ? page : undefined}
              loading={schemas.isPending}
              getRowKey={(s) => s.id}
              empty={
                search ? (
                  <EmptyState
                    icon={<SchemaIcon className="h-5 w-5" />}
                    title={`No schema matches “${search}”`}
                    description="Search looks at names, descriptions and source connections."
                    action={<Button onClick={() => setSearch("")}>Clear search</Button>}
                  />
                ) : (
                  <EmptyState
                    icon={<SchemaIcon className="h-5 w-5" />}
                    title="No schemas discovered yet"
                    description={
                      <>
                        Discover a source database to see its tables here:{" "}
                        <code className="font-mono text-xs">tdm discover &lt;url&gt;</code> or POST /api/v1/discover-schema.
                      </>
                    }
                    action={
                      <Link to="/jobs" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                        See discovery jobs →
                      </Link>
                    }
                  />
                )
              }
            />
            <Pagination total={filtered.length} limit={SCHEMAS_PAGE_SIZE} offset={offset} onOffsetChange={setOffset} />
          </>
        )}
      </Card>
    </>
  );
}

// --- one schema ------------------------------------------------------------------------------------

const schemaRoute = getRouteApi("/app/schemas/$schemaId");

type DetailTab = "tables" | "diagram" | "relationships" | "diff";

function PiiStatus({ versionId, query }: { versionId: string; query: ReturnType<typeof usePiiMap> }) {
  const { can } = useSession();
  const classify = useClassifyPii();
  const navigate = useNavigate();
  if (query.isPending) return <Skeleton className="h-4 w-40" />;
  const notClassified = query.isError && isProblemError(query.error) && query.error.status === 404;
  if (notClassified) {
    return (
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600">
        <InfoIcon className="h-4 w-4 text-slate-400" />
        <span>This version has not been classified for PII yet: columns show no PII labels.</span>
        {can("operator") ? (
          <Button
            size="sm"
            variant="primary"
            loading={classify.isPending}
            onClick={() =>
              classify.mutate(versionId, {
                onSuccess: (accepted) => void navigate({ to: "/jobs/$jobId", params: { jobId: accepted.job_id } }),
              })
            }
          >
            Classify PII
          </Button>
        ) : null}
        {classify.error ? <ProblemAlert error={classify.error} className="w-full" /> : null}
      </div>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} title="The PII map could not be read" onRetry={() => void query.refetch()} />;
  return null;
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading the schema" className="space-y-4">
      <div className="rounded-xl border border-slate-200 bg-white p-5">
        <Skeleton className="h-6 w-64" />
        <Skeleton className="mt-3 h-4 w-96" />
        <div className="mt-6 grid grid-cols-5 gap-4">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
      </div>
      <Skeleton className="h-96 w-full" />
    </div>
  );
}

export function SchemaDetail() {
  const { schemaId } = schemaRoute.useParams();
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [tab, setTab] = useState<DetailTab>("tables");
  const [selected, setSelected] = useState<string | null>(null);
  const schema = useSchema(schemaId, version);
  const versions = useSchemaVersions(schemaId);
  const connectionsQuery = useConnections();
  const versionId = schema.data?.version?.id;
  const piiQuery = usePiiMap(versionId);
  const pii = useMemo(() => indexPiiMap(piiQuery.data?.pii_map), [piiQuery.data]);

  if (schema.isPending) {
    return (
      <>
        <div className="mb-4 text-sm text-slate-500">
          <BackLink to="/schemas" label="Schema Explorer" />
        </div>
        <DetailSkeleton />
      </>
    );
  }
  if (schema.isError) {
    const missing = isProblemError(schema.error) && schema.error.status === 404;
    return (
      <>
        <div className="mb-4 text-sm text-slate-500">
          <BackLink to="/schemas" label="Schema Explorer" />
        </div>
        <ProblemAlert
          error={schema.error}
          title={missing ? "Schema not found" : undefined}
          onRetry={missing ? undefined : () => void schema.refetch()}
        >
          {missing && version !== undefined ? (
            <Button size="sm" className="mt-3" onClick={() => setVersion(undefined)}>
              Show the latest version
            </Button>
          ) : null}
        </ProblemAlert>
      </>
    );
  }

  const data = schema.data;
  const connection = data.source_connection_id ? connectionsQuery.data?.items.find((c) => c.id === data.source_connection_id) : undefined;
  const tables = data.tables;
  const selectedTable = tables.find((t) => tableId(t) === selected) ?? null;
  const piiColumns = tables.reduce((n, t) => n + piiColumnCount(t, pii), 0);
  const versionOptions = (versions.data?.items ?? []).map((v) => ({
    value: String(v.version_number),
    label: `Version ${String(v.version_number)}${v.version_number === data.latest_version_number ? " (latest)" : ""} · ${formatShortDateTime(v.discovered_at)}`,
  }));
  if (data.version && !versionOptions.some((o) => o.value === String(data.version?.version_number))) {
    versionOptions.unshift({ value: String(data.version.version_number), label: `Version ${String(data.version.version_number)}` });
  }

  return (
    <div className="space-y-5">
      <div className="text-sm text-slate-500">
        <BackLink to="/schemas" label="Schema Explorer" />
      </div>
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">{data.name}</h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
              <IdText id={data.id} full />
              {data.description ? <span>· {data.description}</span> : null}
            </p>
          </div>
          {data.version ? (
            <Select
              label="Version"
              className="w-96"
              value={String(data.version.version_number)}
              options={versionOptions}
              disabled={versions.isPending}
              onChange={(e) => {
                const next = Number(e.target.value);
                setVersion(next === data.latest_version_number ? undefined : next);
              }}
            />
          ) : null}
        </div>
        <dl className="mt-5 grid grid-cols-2 gap-4 border-t border-slate-100 pt-4 sm:grid-cols-3 lg:grid-cols-6">
          <MetaItem label="Source">
            {connection ? (
              <span title={connection.display_url ?? undefined}>{connection.name}</span>
            ) : data.source_connection_id ? (
              <IdText id={data.source_connection_id} />
            ) : (
              "—"
            )}
          </MetaItem>
          <MetaItem label="Discovered">{data.version ? <RelativeTime value={data.version.discovered_at} /> : "—"}</MetaItem>
          <MetaItem label="Tables">{formatNumber(data.counts.tables ?? tables.length)}</MetaItem>
          <MetaItem label="Columns">{formatNumber(data.counts.columns ?? tables.reduce((n, t) => n + t.columns.length, 0))}</MetaItem>
          <MetaItem label="Relationships">{formatNumber(data.relationships.length)}</MetaItem>
          <MetaItem label="PII columns">{piiQuery.isSuccess ? formatNumber(piiColumns) : piiQuery.isPending ? "…" : "—"}</MetaItem>
        </dl>
        {data.version?.job_id ? (
          <p className="mt-3 text-xs text-slate-500">
            Discovered by job{" "}
            <Link to="/jobs/$jobId" params={{ jobId: data.version.job_id }} className="font-mono text-indigo-600 hover:underline">
              {data.version.job_id.slice(0, 8)}
            </Link>
          </p>
        ) : null}
      </Card>

      {!data.version ? (
        <Card padded={false}>
          <EmptyState
            icon={<SchemaIcon className="h-5 w-5" />}
            title="No version discovered yet"
            description="The schema exists but its discovery has not finished. Follow the discovery job, then come back."
            action={
              <Link to="/jobs" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                Open the Job Monitor →
              </Link>
            }
          />
        </Card>
      ) : (
        <>
          {versionId ? <PiiStatus versionId={versionId} query={piiQuery} /> : null}
          <Card>
            <Tabs<DetailTab>
              label="Schema details"
              selected={tab}
              onSelect={setTab}
              tabs={[
                {
                  key: "tables",
                  label: "Tables",
                  extra: <Badge className="tabular-nums">{tables.length}</Badge>,
                  content: (
                    <TablesPanel
                      schemaId={schemaId}
                      schemaVersionId={versionId}
                      tables={tables}
                      relationships={data.relationships}
                      pii={pii}
                      selected={selected}
                      onSelect={setSelected}
                    />
                  ),
                },
                {
                  key: "diagram",
                  label: "Diagram",
                  content:
                    tables.length === 0 ? (
                      <EmptyState icon={<SchemaIcon className="h-5 w-5" />} title="No tables to draw" />
                    ) : (
                      <div className="space-y-3">
                        <RelationshipDiagram
                          tables={tables}
                          relationships={data.relationships}
                          pii={pii}
                          selected={selected}
                          onSelect={setSelected}
                        />
                        {selectedTable ? (
                          <div
                            className="flex flex-wrap items-center gap-3 rounded-lg border border-indigo-100 bg-indigo-50/50 px-4 py-2 text-sm"
                            aria-live="polite"
                          >
                            <span>
                              Selected <code className="font-mono text-xs font-semibold">{tableId(selectedTable)}</code>:{" "}
                              {selectedTable.columns.length} columns
                            </span>
                            <Button size="sm" onClick={() => setTab("tables")}>
                              Show its columns
                            </Button>
                          </div>
                        ) : (
                          <p className="text-xs text-slate-500">Click a table (or focus it and press Enter) to select it.</p>
                        )}
                      </div>
                    ),
                },
                {
                  key: "relationships",
                  label: "Relationships",
                  extra: <Badge className="tabular-nums">{data.relationships.length}</Badge>,
                  content: (
                    <RelationshipsPanel schemaId={schemaId} version={version} latestVersion={data.latest_version_number} tables={tables} />
                  ),
                },
                {
                  key: "diff",
                  label: "Changes",
                  content: versions.isPending ? (
                    <Skeleton className="h-24 w-full" />
                  ) : versions.isError ? (
                    <ProblemAlert error={versions.error} onRetry={() => void versions.refetch()} />
                  ) : (
                    <DiffView
                      key={data.version.version_number}
                      schemaId={schemaId}
                      versions={versions.data.items}
                      current={data.version.version_number}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
