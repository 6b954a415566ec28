// Subset Builder (spec 14.1): a source connection, a schema version, a root table, filters and row limits;
// the request JSON as it will be sent; submit (operators) and follow the job live. A 422's field errors
// land on the fields they name. Viewers build and read the request but cannot submit it.
import { Link, useNavigate } from "@tanstack/react-router";
import { useMemo, useRef, useState, type ReactNode, type SubmitEvent } from "react";
import { useCatalogSchemas, useSchemaVersion, useSchemaVersions } from "@/api/queries/masking";
import { useConnections, useSubmitSubset } from "@/api/queries/subset";
import { problemOf } from "@/api/problem";
import { useSession } from "@/auth/useSession";
import {
  Button,
  Card,
  EmptyState,
  JsonView,
  LoadingState,
  NumberInput,
  PageHeader,
  ProblemAlert,
  Select,
  TextInput,
  useToast,
} from "@/components";
import { InfoIcon, PlayIcon, SchemaIcon, ServerIcon } from "@/components/icons";
import { formatDateTime, formatNumber } from "@/lib/format";
import { CapRows, FilterRows } from "./FilterRows";
import { buildSubsetRequest, EMPTY_DATE_RANGE, ROOT_KINDS, serverFieldErrors, tableInfos, type SubsetForm } from "./subsetRequest";

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} description={description}>
      {children}
    </Card>
  );
}

const INITIAL: Omit<SubsetForm, "connectionId" | "schemaVersionId"> = {
  rootTable: "",
  filters: [],
  caps: [],
  dateRange: EMPTY_DATE_RANGE,
  samplingPct: null,
  seed: 0,
  name: "",
};

export function SubsetBuilder() {
  const { can } = useSession();
  const canSubmit = can("operator");
  const navigate = useNavigate();
  const toast = useToast();
  const nextId = useRef(0);
  const newId = () => {
    nextId.current += 1;
    return String(nextId.current);
  };

  const connections = useConnections();
  const schemas = useCatalogSchemas();
  const [chosenConnection, setChosenConnection] = useState<string | null>(null);
  const [chosenSchema, setChosenSchema] = useState<string | null>(null);
  const [chosenVersion, setChosenVersion] = useState<string | null>(null);
  const [fields, setFields] = useState(INITIAL);
  const [attempted, setAttempted] = useState(false);
  const submit = useSubmitSubset();

  const connectionItems = connections.data?.items ?? [];
  const schemaItems = schemas.data?.items ?? [];
  const schema = schemaItems.find((s) => s.id === chosenSchema);
  const connectionId =
    chosenConnection ??
    (schema?.source_connection_id && connectionItems.some((c) => c.id === schema.source_connection_id) ? schema.source_connection_id : "");
  const versions = useSchemaVersions(schema?.id ?? null);
  const versionId = chosenVersion ?? schema?.latest_version_id ?? versions.data?.items[0]?.id ?? "";
  const detail = useSchemaVersion(schema?.id ?? null, versionId || null);
  const tables = useMemo(() => tableInfos(detail.data?.tables ?? []), [detail.data]);
  const kindOf = (table: string, column: string) => tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.kind;

  const form: SubsetForm = { ...fields, connectionId, schemaVersionId: versionId };
  const built = buildSubsetRequest(form, kindOf);
  const server = serverFieldErrors(problemOf(submit.error), form);
  const errors = attempted ? { ...server, ...built.errors } : server;
  const clientProblems = Object.keys(built.errors).length;
  const set = (patch: Partial<typeof fields>) => setFields((prev) => ({ ...prev, ...patch }));

  const chooseSchema = (id: string) => {
    setChosenSchema(id || null);
    setChosenVersion(null);
    // Tables and columns belong to the schema: what named them goes.
    setFields((prev) => ({ ...INITIAL, samplingPct: prev.samplingPct, seed: prev.seed, name: prev.name }));
    submit.reset();
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    if (!canSubmit || clientProblems > 0) return;
    submit.mutate(built.body, {
      onSuccess: (accepted) => {
        toast.show({ title: "Subset job submitted", tone: "success" });
        void navigate({ to: "/jobs/$jobId", params: { jobId: accepted.job_id } });
      },
    });
  };

  const header = (
    <PageHeader
      title="Subset Builder"
      description="Pick a connection and a schema version, a root table, filters and row limits, then run a referentially intact subset."
    />
  );

  if (schemas.isError) {
    return (
      <>
        {header}
        <ProblemAlert error={schemas.error} onRetry={() => void schemas.refetch()} />
      </>
    );
  }
  if (schemas.isLoading) {
    return (
      <>
        {header}
        <Card>
          <LoadingState label="Loading schemas…" />
        </Card>
      </>
    );
  }
  if (schemaItems.length === 0) {
    return (
      <>
        {header}
        <Card padded={false}>
          <EmptyState
            icon={<SchemaIcon className="h-5 w-5" />}
            title="No schema to subset yet"
            description="A subset follows the foreign keys of a discovered schema version. Discover the source database's schema first."
            action={
              <Link to="/schemas" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                Open the Schema Explorer →
              </Link>
            }
          />
        </Card>
      </>
    );
  }

  const rootOptions = tables.filter((t) => ROOT_KINDS.has(t.kind));
  const rangeTable = tables.find((t) => t.name === fields.dateRange.table);
  const dateColumns = rangeTable?.columns.filter((c) => c.kind === "date" || c.kind === "timestamp" || c.kind === "timestamptz") ?? [];
  const versionItems = versions.data?.items ?? [];
  const ofConnection = connectionId ? schemaItems.filter((s) => s.source_connection_id === connectionId) : [];
  const otherSchemas = schemaItems.filter((s) => !ofConnection.includes(s));
  const tablesReady = Boolean(detail.data);

  return (
    <>
      {header}
      {!canSubmit ? (
        <div className="mb-6 flex gap-2.5 rounded-lg border border-sky-200 bg-sky-50 px-3 py-2.5 text-sm text-sky-900">
          <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
          <p>
            You are signed in as a <strong>viewer</strong>: you can build a request and read it, but submitting a subset needs the operator
            role. Ask an operator or an admin for an operator key.
          </p>
        </div>
      ) : null}
      <form noValidate onSubmit={onSubmit} className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <Section title="Source" description="The database rows are read from, and the schema version that describes it.">
            <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
              <Select
                label="Connection"
                required
                value={connectionId}
                error={errors.connection_id ?? (connections.isError ? connections.error.message : undefined)}
                disabled={connections.isLoading}
                hint={
                  connections.data && connectionItems.length === 0
                    ? "No connection yet: an admin saves one (POST /api/v1/connections), or discover a schema from a connection string."
                    : undefined
                }
                onChange={(event) => {
                  setChosenConnection(event.target.value);
                  submit.reset();
                }}
              >
                <option value="">{connections.isLoading ? "Loading…" : "Choose…"}</option>
                {connectionItems.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.type}){c.inline ? " · inline" : ""}
                  </option>
                ))}
              </Select>
              <Select
                label="Schema"
                required
                value={schema?.id ?? ""}
                error={errors.schema_version_id}
                onChange={(event) => chooseSchema(event.target.value)}
              >
                <option value="">Choose…</option>
                {ofConnection.length > 0 ? (
                  <optgroup label="Discovered from this connection">
                    {ofConnection.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {otherSchemas.length > 0 ? (
                  <optgroup label={ofConnection.length > 0 ? "Other schemas" : "Schemas"}>
                    {otherSchemas.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </Select>
              <Select
                label="Version"
                required
                value={versionId}
                disabled={!schema || versions.isLoading}
                onChange={(event) => {
                  setChosenVersion(event.target.value);
                  submit.reset();
                }}
              >
                {!schema ? <option value="">Choose a schema first</option> : null}
                {schema && versionItems.length === 0 && versionId ? <option value={versionId}>Latest</option> : null}
                {schema && !versionId ? <option value="">No version</option> : null}
                {versionItems.map((v) => (
                  <option key={v.id} value={v.id}>
                    v{v.version_number} · {formatDateTime(v.discovered_at)}
                    {v.id === schema?.latest_version_id ? " (latest)" : ""}
                  </option>
                ))}
              </Select>
            </div>
            {connections.isError ? (
              <ProblemAlert className="mt-4" error={connections.error} onRetry={() => void connections.refetch()} />
            ) : null}
          </Section>

          {!schema ? (
            <Card padded={false}>
              <EmptyState
                icon={<ServerIcon className="h-5 w-5" />}
                title="Choose a schema"
                description="Its tables and columns fill the root table, filter and limit choices."
              />
            </Card>
          ) : detail.isError ? (
            <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />
          ) : !tablesReady ? (
            <Card>
              <LoadingState label="Loading tables…" />
            </Card>
          ) : tables.length === 0 ? (
            <Card padded={false}>
              <EmptyState
                icon={<SchemaIcon className="h-5 w-5" />}
                title="This version has no tables"
                description="Choose another version, or rediscover the schema."
              />
            </Card>
          ) : (
            <>
              <Section
                title="Root table and filters"
                description="The subset starts from the root table's matching rows and follows foreign keys; rows they reference always come too."
              >
                <div className="space-y-5">
                  <Select
                    label="Root table"
                    required
                    className="max-w-md"
                    value={fields.rootTable}
                    error={errors.root_table}
                    onChange={(event) => set({ rootTable: event.target.value })}
                  >
                    <option value="">Choose…</option>
                    {rootOptions.map((t) => (
                      <option key={t.name} value={t.name}>
                        {t.name}
                        {t.rowCount !== null ? ` · ${t.rowEstimated ? "~" : ""}${formatNumber(t.rowCount)} rows` : ""}
                      </option>
                    ))}
                  </Select>
                  <div>
                    <h3 className="mb-2 text-sm font-medium text-slate-700">Filters</h3>
                    {errors.filters ? (
                      <p role="alert" className="mb-2 text-xs font-medium text-rose-600">
                        {errors.filters}
                      </p>
                    ) : null}
                    <FilterRows
                      rows={fields.filters}
                      tables={tables}
                      errors={errors}
                      newId={newId}
                      onChange={(filters) => set({ filters })}
                    />
                  </div>
                </div>
              </Section>

              <Section title="Limits" description="Caps and sampling keep a subset small; the seed makes it repeatable.">
                <div className="space-y-6">
                  <div>
                    <h3 className="text-sm font-medium text-slate-700">Max rows per table</h3>
                    <p className="mb-2 text-xs text-slate-500">
                      Caps what a table contributes itself (parents of kept rows are always kept). The API has no total cap: cap the root
                      table and the largest children.
                    </p>
                    {errors.max_rows_per_table ? (
                      <p role="alert" className="mb-2 text-xs font-medium text-rose-600">
                        {errors.max_rows_per_table}
                      </p>
                    ) : null}
                    <CapRows rows={fields.caps} tables={tables} errors={errors} newId={newId} onChange={(caps) => set({ caps })} />
                  </div>
                  <fieldset>
                    <legend className="text-sm font-medium text-slate-700">Date range</legend>
                    <p className="mb-2 text-xs text-slate-500">
                      Rows of a table whose date column lies in [start, end]; an end date covers that day.
                    </p>
                    <div className="grid grid-cols-1 gap-3 sm:grid-cols-4">
                      <Select
                        label="Table"
                        value={fields.dateRange.table}
                        onChange={(event) => set({ dateRange: { ...fields.dateRange, table: event.target.value, column: "" } })}
                      >
                        <option value="">None</option>
                        {tables.map((t) => (
                          <option key={t.name} value={t.name}>
                            {t.name}
                          </option>
                        ))}
                      </Select>
                      <Select
                        label="Date column"
                        value={fields.dateRange.column}
                        disabled={!rangeTable}
                        hint={rangeTable && dateColumns.length === 0 ? "This table has no date column." : undefined}
                        onChange={(event) => set({ dateRange: { ...fields.dateRange, column: event.target.value } })}
                      >
                        <option value="">Choose…</option>
                        {dateColumns.map((c) => (
                          <option key={c.name} value={c.name}>
                            {c.name}
                          </option>
                        ))}
                      </Select>
                      <TextInput
                        label="Start"
                        type="date"
                        value={fields.dateRange.start}
                        error={errors.date_range}
                        onChange={(event) => set({ dateRange: { ...fields.dateRange, start: event.target.value } })}
                      />
                      <TextInput
                        label="End"
                        type="date"
                        value={fields.dateRange.end}
                        onChange={(event) => set({ dateRange: { ...fields.dateRange, end: event.target.value } })}
                      />
                    </div>
                  </fieldset>
                  <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
                    <NumberInput
                      label="Sampling (%)"
                      min={0}
                      max={100}
                      step="any"
                      hint="Keep this share of the root table's matching rows."
                      value={fields.samplingPct}
                      error={errors.sampling_pct}
                      onValueChange={(samplingPct) => set({ samplingPct })}
                    />
                    <NumberInput
                      label="Seed"
                      step={1}
                      hint="Same seed, same data: same subset."
                      value={fields.seed}
                      error={errors.seed}
                      onValueChange={(seed) => set({ seed })}
                    />
                    <TextInput
                      label="Dataset name"
                      maxLength={255}
                      hint="Optional: names the dataset version."
                      value={fields.name}
                      error={errors.name}
                      onChange={(event) => set({ name: event.target.value })}
                    />
                  </div>
                </div>
              </Section>
            </>
          )}
        </div>

        <div className="space-y-4 lg:sticky lg:top-6">
          <Card title="Request" description="POST /api/v1/subset, as it will be sent.">
            <JsonView value={built.body} expandDepth={4} label="Subset request" />
            <div className="mt-4 space-y-3">
              {attempted && clientProblems > 0 ? (
                <p role="alert" className="text-sm font-medium text-rose-600">
                  Fix the {clientProblems === 1 ? "highlighted field" : `${String(clientProblems)} highlighted fields`} first.
                </p>
              ) : null}
              {submit.isError ? <ProblemAlert error={submit.error} /> : null}
              {canSubmit ? (
                <Button
                  type="submit"
                  variant="primary"
                  className="w-full"
                  icon={<PlayIcon className="h-4 w-4" />}
                  loading={submit.isPending}
                >
                  Run subset
                </Button>
              ) : (
                <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
                  Submitting needs the <strong>operator</strong> role.
                </p>
              )}
            </div>
          </Card>
        </div>
      </form>
    </>
  );
}
