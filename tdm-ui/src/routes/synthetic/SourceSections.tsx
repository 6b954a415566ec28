// The schema sources of a generation: a discovered database schema (with the connection to learn from),
// an API spec (URL or uploaded file) and web pages to crawl. The domain pack has its own cards.
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { useConnectionChoices, useSchemaChoices, useSchemaVersions } from "@/api/queries/synthetic";
import { Button, Checkbox, EmptyState, Field, NumberInput, ProblemAlert, Select, Skeleton, TextInput } from "@/components";
import { SchemaIcon, XIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { formatBytes, formatDateTime } from "@/lib/format";
import { MAX_SPEC_BYTES, MAX_UI_URLS, readSpecFile, type SyntheticForm } from "./request";

export interface SectionProps {
  form: SyntheticForm;
  set: (patch: Partial<SyntheticForm>) => void;
  /** The error of a field, by the API's path ("schema_version_id") or a form row ("ui_urls.row.0"). */
  errorFor: (path: string) => string | undefined;
}

export function DatabaseSource({ form, set, errorFor }: SectionProps) {
  const schemas = useSchemaChoices();
  const versions = useSchemaVersions(form.schemaId);
  const connections = useConnectionChoices();
  const schema = schemas.data?.items.find((s) => s.id === form.schemaId);

  if (schemas.isPending) {
    return (
      <div className="space-y-3" role="status" aria-label="Loading schemas">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-2/3" />
      </div>
    );
  }
  if (schemas.isError) return <ProblemAlert error={schemas.error} onRetry={() => void schemas.refetch()} />;
  if (schemas.data.items.length === 0) {
    return (
      <EmptyState
        className="py-6"
        icon={<SchemaIcon className="h-5 w-5" />}
        title="No schema discovered yet"
        description="Discover a database's schema first (POST /discover-schema); its tables, keys and statistics then drive the generation."
        action={
          <Link to="/schemas" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            Open the Schema Explorer →
          </Link>
        }
      />
    );
  }

  const versionOptions = [
    { value: "", label: form.schemaId ? (versions.isPending ? "Loading versions…" : "Choose a version…") : "Choose a schema first" },
    ...(versions.data?.items ?? []).map((v) => ({
      value: v.id,
      label: `v${String(v.version_number)}${v.id === schema?.latest_version_id ? " (latest)" : ""} · ${formatDateTime(v.discovered_at)}`,
    })),
  ];
  if (form.schemaVersionId && !versionOptions.some((o) => o.value === form.schemaVersionId)) {
    versionOptions.push({
      value: form.schemaVersionId,
      label: schema?.latest_version_number ? `v${String(schema.latest_version_number)} (latest)` : form.schemaVersionId,
    });
  }
  const ownConnection = schema?.source_connection_id ?? null;

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Select
          label="Schema"
          value={form.schemaId}
          onChange={(e) => {
            const next = schemas.data.items.find((s) => s.id === e.target.value);
            set({ schemaId: e.target.value, schemaVersionId: next?.latest_version_id ?? "" });
          }}
          options={[{ value: "", label: "Choose a schema…" }, ...schemas.data.items.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <Select
          label="Schema version"
          value={form.schemaVersionId}
          disabled={!form.schemaId}
          error={errorFor("schema_version_id")}
          onChange={(e) => set({ schemaVersionId: e.target.value })}
          options={versionOptions}
        />
      </div>
      {versions.isError ? <ProblemAlert error={versions.error} onRetry={() => void versions.refetch()} /> : null}
      <Checkbox
        label="Learn from the source"
        hint="Sample the source database to learn value distributions, null rates and category frequencies (no real value is copied)."
        checked={form.learnFromSource}
        error={errorFor("learn_from_source")}
        onChange={(e) => set({ learnFromSource: e.target.checked })}
      />
      {form.learnFromSource ? (
        <Select
          label="Connection to learn from"
          value={form.connectionId}
          error={errorFor("connection_id")}
          hint={
            connections.isError
              ? "The saved connections could not be loaded; the schema's own connection is used."
              : "A saved connection (GET /connections). Without one, nothing is learned unless the schema has its own."
          }
          onChange={(e) => set({ connectionId: e.target.value })}
          options={[
            { value: "", label: ownConnection ? "The schema's own connection" : "None (the schema has no connection)" },
            ...(connections.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.name}${c.display_url ? ` · ${c.display_url}` : ""}`,
            })),
          ]}
        />
      ) : null}
    </div>
  );
}

export function ApiSpecSource({ form, set, errorFor }: SectionProps) {
  const id = useId();
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  // A new key empties the file input (so the same file can be chosen again after removing it).
  const [inputKey, setInputKey] = useState(0);
  const spec = form.apiSpec;

  const choose = async (file: File | undefined) => {
    setReadError(null);
    if (!file) return;
    if (file.size > MAX_SPEC_BYTES) {
      setReadError(`${file.name} is ${formatBytes(file.size)}; the API takes at most ${formatBytes(MAX_SPEC_BYTES)}.`);
      return;
    }
    setReading(true);
    try {
      set({ apiSpec: await readSpecFile(file) });
    } catch (error) {
      setReadError(`${file.name} could not be read${error instanceof Error && error.message ? `: ${error.message}` : ""}.`);
    } finally {
      setReading(false);
    }
  };

  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Give the spec</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {(
            [
              ["url", "By URL"],
              ["upload", "Upload a file"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="inline-flex items-center gap-2 text-sm text-slate-700">
              <input
                type="radio"
                name={`${id}-spec-kind`}
                value={value}
                checked={form.specKind === value}
                onChange={() => set({ specKind: value })}
                className="h-4 w-4 accent-indigo-600"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {form.specKind === "url" ? (
        <TextInput
          label="Spec URL"
          type="url"
          inputMode="url"
          placeholder="https://api.example.com/openapi.json"
          value={form.apiSpecUrl}
          error={errorFor("api_spec_url")}
          hint="The job downloads it; OpenAPI 3.x or Swagger 2.0, JSON or YAML."
          onChange={(e) => set({ apiSpecUrl: e.target.value })}
        />
      ) : (
        <div className="space-y-3">
          <Field
            label="Spec file"
            error={readError ?? errorFor("api_spec")}
            hint={`A .json, .yaml or .yml file, at most ${formatBytes(MAX_SPEC_BYTES)}; its text is sent as api_spec.`}
          >
            {(control) => (
              <input
                key={inputKey}
                {...control}
                type="file"
                accept=".json,.yaml,.yml,application/json,application/yaml,application/x-yaml,text/yaml"
                onChange={(e) => void choose(e.target.files?.[0])}
                className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
              />
            )}
          </Field>
          <div aria-live="polite">
            {reading ? <p className="text-xs text-slate-500">Reading the file…</p> : null}
            {spec && !reading ? (
              <div className="flex items-start gap-3 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm">
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-900">
                    {spec.title ?? <span className="text-slate-500 italic">Untitled spec</span>}
                    {spec.version ? <span className="ml-2 text-xs font-normal text-slate-500">version {spec.version}</span> : null}
                  </p>
                  <p className="mt-0.5 text-xs text-slate-500">
                    <span className="font-mono">{spec.fileName}</span> · {formatBytes(spec.size)}
                    {spec.format ? ` · ${spec.format}` : " · no openapi/swagger version found"}
                  </p>
                </div>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove ${spec.fileName}`}
                  icon={<XIcon className="h-4 w-4" />}
                  onClick={() => {
                    set({ apiSpec: null });
                    setInputKey((k) => k + 1);
                  }}
                >
                  Remove
                </Button>
              </div>
            ) : null}
          </div>
        </div>
      )}
    </div>
  );
}

export function UiPagesSource({ form, set, errorFor }: SectionProps) {
  const id = useId();
  const listError = errorFor("ui_urls");
  const setUrl = (index: number, value: string) => set({ uiUrls: form.uiUrls.map((url, i) => (i === index ? value : url)) });
  return (
    <div className="space-y-4">
      <fieldset className="space-y-2" aria-describedby={`${id}-help${listError ? ` ${id}-error` : ""}`}>
        <legend className="text-sm font-medium text-slate-700">Page URLs</legend>
        <p id={`${id}-help`} className="text-xs text-slate-500">
          The crawler follows links from these pages and reads their forms.
        </p>
        {listError ? (
          <p id={`${id}-error`} className="text-xs font-medium text-rose-600">
            {listError}
          </p>
        ) : null}
        {form.uiUrls.map((url, index) => {
          const n = String(index + 1);
          return (
            <div key={index} className="flex items-start gap-2">
              <TextInput
                label={<span className="sr-only">Page URL {n}</span>}
                className="flex-1 gap-0"
                type="url"
                inputMode="url"
                placeholder="https://app.example.com/signup"
                value={url}
                error={errorFor(`ui_urls.row.${String(index)}`)}
                onChange={(e) => setUrl(index, e.target.value)}
              />
              <Button
                variant="ghost"
                size="sm"
                className={cx("mt-1 w-8 px-0")}
                aria-label={`Remove page URL ${n}`}
                disabled={form.uiUrls.length === 1}
                onClick={() => set({ uiUrls: form.uiUrls.filter((_, i) => i !== index) })}
              >
                <XIcon className="h-4 w-4" />
              </Button>
            </div>
          );
        })}
        <Button size="sm" disabled={form.uiUrls.length >= MAX_UI_URLS} onClick={() => set({ uiUrls: [...form.uiUrls, ""] })}>
          Add a page
        </Button>
      </fieldset>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <NumberInput
          label="Max pages"
          min={1}
          max={200}
          value={form.maxPages}
          hint="Pages visited at most (1–200, default 20)."
          error={errorFor("max_pages")}
          onValueChange={(maxPages) => set({ maxPages })}
        />
        <NumberInput
          label="Crawl time (seconds)"
          min={5}
          max={900}
          value={form.crawlSeconds}
          hint="Time limit of the crawl (5–900, default 60)."
          error={errorFor("crawl_seconds")}
          onValueChange={(crawlSeconds) => set({ crawlSeconds })}
        />
      </div>
    </div>
  );
}
