// Synthetic Data Generator (spec 14.1): generate realistic data from a discovered schema, an API spec, web
// pages and/or a domain pack (merged DB > API > UI > pack), with row counts, seed, engine and locale.
// Operators submit POST /synthetic and land on the job; viewers get an explanation and the pack catalog.
import { useNavigate } from "@tanstack/react-router";
import { useMemo, useRef, useState, type ReactNode, type SubmitEvent } from "react";
import { problemOf } from "@/api/problem";
import { useDomainPacks, useSchemaTables, useSubmitSynthetic, type DomainPack } from "@/api/queries/synthetic";
import { useSession } from "@/auth/useSession";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  EmptyState,
  JsonView,
  NumberInput,
  PageHeader,
  ProblemAlert,
  Select,
  Skeleton,
  TextInput,
  useToast,
} from "@/components";
import { InfoIcon, SparkIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { formatBytes, formatNumber } from "@/lib/format";
import { DomainPackList, DomainPackPicker } from "./DomainPackCards";
import {
  buildSyntheticRequest,
  emptySyntheticForm,
  SDV_LIMITS,
  SOURCES,
  usedSources,
  validateSyntheticForm,
  type SourceKey,
  type SyntheticBody,
  type SyntheticForm,
} from "./request";
import { RowCountsEditor, type TableSuggestion } from "./RowCountsEditor";
import { ApiSpecSource, DatabaseSource, UiPagesSource } from "./SourceSections";

const LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pl_PL", "sv_SE", "ja_JP"];

const ENGINE_OPTIONS = [
  { value: "tdm", label: "TDM (default): any schema" },
  { value: "sdv", label: "SDV: learns real data, small schemas" },
];

/** The merge order, with the sources in use highlighted. */
function PriorityStrip({ used }: { used: readonly SourceKey[] }) {
  return (
    <ol className="flex flex-wrap items-center gap-1.5 text-xs" aria-label="Merge priority, highest first">
      {SOURCES.map((source, index) => {
        const active = used.includes(source.key);
        return (
          <li key={source.key} className="inline-flex items-center gap-1.5">
            {index > 0 ? (
              <span aria-hidden="true" className="text-slate-400">
                &gt;
              </span>
            ) : null}
            <span
              className={cx(
                "rounded-full px-2 py-0.5 font-medium ring-1 ring-inset",
                active ? "bg-indigo-50 text-indigo-700 ring-indigo-600/20" : "bg-white text-slate-400 ring-slate-200",
              )}
            >
              {source.short}
              <span className="sr-only">{active ? " (in use)" : " (not used)"}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function SectionCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} description={description}>
      {children}
    </Card>
  );
}

/** Suggested row counts: the pack's entities (default rows) and the schema version's tables (source rows). */
function useSuggestions(form: SyntheticForm, packs: readonly DomainPack[] | undefined): TableSuggestion[] {
  const dbOn = form.sources.db && form.schemaVersionId !== "";
  const tables = useSchemaTables(dbOn ? form.schemaId : "", dbOn ? form.schemaVersionId : "");
  return useMemo(() => {
    const out: TableSuggestion[] = [];
    if (dbOn && tables.data) {
      const candidates = tables.data.filter((t) => !(t.kind ?? "table").includes("view"));
      const bare = new Map<string, number>();
      for (const t of candidates) bare.set(t.name, (bare.get(t.name) ?? 0) + 1);
      for (const t of candidates) {
        const name = (bare.get(t.name) ?? 0) > 1 ? `${t.schema}.${t.name}` : t.name;
        out.push({ table: name, rows: t.row_count ?? null, from: "schema version" });
      }
    }
    const pack = form.sources.pack ? packs?.find((p) => p.name === form.domainPack) : undefined;
    if (pack) {
      for (const entity of pack.entities) {
        if (!out.some((s) => s.table === entity.name))
          out.push({ table: entity.name, rows: entity.default_rows, from: `pack ${pack.name}` });
      }
    }
    return out;
  }, [dbOn, tables.data, form.sources.pack, form.domainPack, packs]);
}

/** The body as previewed: an uploaded spec's text is abbreviated (it is sent in full). */
function previewOf(body: SyntheticBody, form: SyntheticForm): SyntheticBody {
  if (typeof body.api_spec !== "string" || !form.apiSpec) return body;
  return { ...body, api_spec: `<${form.apiSpec.fileName}: ${formatBytes(form.apiSpec.size)} of text, sent in full>` };
}

function ViewerExplanation() {
  const packs = useDomainPacks();
  return (
    <div className="space-y-6">
      <Card title="How generation works">
        <div className="space-y-4 text-sm text-slate-600">
          <p className="flex gap-2 rounded-lg bg-indigo-50 px-3 py-2.5 text-indigo-900">
            <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
            <span>
              Your API key is a <strong>viewer</strong>: you can read how synthetic data is made and which domain packs exist. Generating
              data needs an operator key.
            </span>
          </p>
          <p>
            An operator describes the data from one or more schema sources. When several describe the same table, they are merged by
            priority:
          </p>
          <ol className="list-decimal space-y-1 pl-5">
            {SOURCES.map((source) => (
              <li key={source.key}>
                <strong className="font-medium text-slate-800">{source.label}</strong>: {source.description}
              </li>
            ))}
          </ol>
          <p>
            Row counts per table, a scale, a seed (the same seed gives the same data), the engine and the locale complete the request. The
            job writes a new dataset version, with foreign and unique keys checked.
          </p>
        </div>
      </Card>
      <Card title="Domain packs" description="Ready-made domains: their entities, default rows and relationships.">
        {packs.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : packs.isError ? (
          <ProblemAlert error={packs.error} onRetry={() => void packs.refetch()} />
        ) : packs.data.length === 0 ? (
          <EmptyState title="No domain pack is installed" description="Packs ship with the agents (tdm_agents.synthetic.domain_packs)." />
        ) : (
          <DomainPackList packs={packs.data} />
        )}
      </Card>
    </div>
  );
}

function GeneratorForm() {
  const navigate = useNavigate();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const idCounter = useRef(0);
  const [form, setForm] = useState<SyntheticForm>(emptySyntheticForm);
  const [checked, setChecked] = useState(false);
  const packs = useDomainPacks(form.sources.pack);
  const submit = useSubmitSynthetic();
  const suggestions = useSuggestions(form, packs.data);

  const set = (patch: Partial<SyntheticForm>) => setForm((prev) => ({ ...prev, ...patch }));
  const body = buildSyntheticRequest(form);
  const used = usedSources(body);
  const clientErrors = validateSyntheticForm(form);
  const problem = problemOf(submit.error);

  const errorFor = (path: string): string | undefined => {
    let server: string | undefined;
    const row = /^ui_urls\.row\.(\d+)$/.exec(path);
    if (row?.[1] !== undefined) {
      const index = Number(row[1]);
      const sentIndex = form.uiUrls.slice(0, index).filter((url) => url.trim() !== "").length;
      if ((form.uiUrls[index] ?? "").trim() !== "") server = problem?.fieldError(`ui_urls.${String(sentIndex)}`);
    } else {
      server = problem?.fieldError(path);
    }
    return server ?? (checked ? clientErrors[path] : undefined);
  };
  const clientCount = Object.keys(clientErrors).length;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setChecked(true);
    if (clientCount > 0) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    submit.mutate(body, {
      onSuccess: (accepted) => {
        toast.show({ title: "Generation job queued", detail: `Job ${accepted.job_id.slice(0, 8)}`, tone: "success" });
        void navigate({ to: "/jobs/$jobId", params: { jobId: accepted.job_id } });
      },
      onError: () => {
        requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      },
    });
  };

  const knownTables = suggestions.length;
  const sourceError = (checked ? clientErrors.sources : undefined) ?? problem?.fieldError("");

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0 space-y-6">
        <SectionCard
          title="Schema sources"
          description="Any combination. When sources describe the same table or column, the higher priority wins: DB > API > UI > pack."
        >
          <fieldset aria-describedby={sourceError ? "synthetic-sources-error" : undefined}>
            <legend className="sr-only">Schema sources</legend>
            <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
              {SOURCES.map((source, index) => (
                <div
                  key={source.key}
                  className={cx(
                    "rounded-lg border p-3",
                    form.sources[source.key] ? "border-indigo-300 bg-indigo-50/40" : "border-slate-200 bg-white",
                  )}
                >
                  <Checkbox
                    label={
                      <>
                        <span className="mr-1.5 text-xs text-slate-400 tabular-nums">{index + 1}.</span>
                        {source.label}
                      </>
                    }
                    hint={source.description}
                    checked={form.sources[source.key]}
                    onChange={(e) => set({ sources: { ...form.sources, [source.key]: e.target.checked } })}
                  />
                </div>
              ))}
            </div>
            {sourceError ? (
              <p id="synthetic-sources-error" className="mt-3 text-xs font-medium text-rose-600">
                {sourceError}
              </p>
            ) : null}
          </fieldset>
          <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
            <span className="text-xs font-medium text-slate-500">Merge order</span>
            <PriorityStrip used={used} />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            The database keeps its exact types and keys; an API spec adds endpoints&apos; models, web pages add form fields, a pack fills in
            a whole domain. Conflicts are listed in the job&apos;s result.
          </p>
        </SectionCard>

        {form.sources.db ? (
          <SectionCard title="Database schema" description="A schema version found by discovery; the highest-priority source.">
            <DatabaseSource form={form} set={set} errorFor={errorFor} />
          </SectionCard>
        ) : null}
        {form.sources.api ? (
          <SectionCard title="API specification" description="Entities and fields from the spec's request and response models.">
            <ApiSpecSource form={form} set={set} errorFor={errorFor} />
          </SectionCard>
        ) : null}
        {form.sources.ui ? (
          <SectionCard title="Web pages" description="Forms of a web application, crawled in a headless browser.">
            <UiPagesSource form={form} set={set} errorFor={errorFor} />
          </SectionCard>
        ) : null}
        {form.sources.pack ? (
          <SectionCard title="Domain pack" description="GET /synthetic/domain-packs: entities with their default rows, and relationships.">
            {packs.isPending ? (
              <div className="grid grid-cols-1 gap-3 md:grid-cols-2" role="status" aria-label="Loading domain packs">
                <Skeleton className="h-32 w-full" />
                <Skeleton className="h-32 w-full" />
              </div>
            ) : packs.isError ? (
              <ProblemAlert error={packs.error} onRetry={() => void packs.refetch()} />
            ) : packs.data.length === 0 ? (
              <EmptyState
                className="py-6"
                icon={<SparkIcon className="h-5 w-5" />}
                title="No domain pack is installed"
                description="Packs ship with the agents (tdm_agents.synthetic.domain_packs); use another source meanwhile."
              />
            ) : (
              <DomainPackPicker
                packs={packs.data}
                value={form.domainPack}
                error={errorFor("domain_pack")}
                onChange={(domainPack) => set({ domainPack })}
              />
            )}
          </SectionCard>
        ) : null}

        <SectionCard
          title="Rows"
          description="Explicit counts per table; the others get their default (pack) or source (database) count times the scale."
        >
          <div className="space-y-5">
            <RowCountsEditor
              rows={form.rowCounts}
              onChange={(rowCounts) => set({ rowCounts })}
              suggestions={suggestions}
              nextId={() => (idCounter.current += 1)}
              errorFor={(row, index) =>
                (row.table.trim() ? problem?.fieldError(`row_counts.${row.table.trim()}`) : undefined) ??
                (checked ? clientErrors[`row_counts.row.${String(index)}`] : undefined)
              }
            />
            {problem?.fieldError("row_counts") ? (
              <p className="text-xs font-medium text-rose-600">{problem.fieldError("row_counts")}</p>
            ) : null}
            <NumberInput
              label="Scale"
              className="max-w-xs"
              min={0}
              step="any"
              value={form.scale}
              hint="Multiplies the counts of tables not listed above (default 1; 0.1 for a tenth)."
              error={errorFor("scale")}
              onValueChange={(scale) => set({ scale })}
            />
          </div>
        </SectionCard>

        <SectionCard title="Output" description="How the data is made, and the dataset's name.">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <NumberInput
              label="Seed"
              min={0}
              step={1}
              value={form.seed}
              hint="The same seed and request give the same data."
              error={errorFor("seed")}
              onValueChange={(seed) => set({ seed })}
            />
            <Select
              label="Engine"
              value={form.engine}
              options={ENGINE_OPTIONS}
              error={errorFor("engine")}
              onChange={(e) => set({ engine: e.target.value === "sdv" ? "sdv" : "tdm" })}
            />
            <TextInput
              label="Locale"
              list="synthetic-locales"
              value={form.locale}
              hint="Names, addresses and phone numbers of this locale (default en_US)."
              error={errorFor("locale")}
              onChange={(e) => set({ locale: e.target.value })}
            />
            <TextInput
              label="Dataset name"
              maxLength={255}
              placeholder="e.g. checkout-demo-data"
              value={form.name}
              hint="Optional; shown in the Dataset Catalog."
              error={errorFor("name")}
              onChange={(e) => set({ name: e.target.value })}
            />
          </div>
          <datalist id="synthetic-locales">
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} />
            ))}
          </datalist>
          {form.engine === "sdv" ? (
            <div role="note" className="mt-4 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
              <p className="font-medium">SDV has limits</p>
              <p className="mt-1 text-xs">
                SDV Community models at most {SDV_LIMITS.tables} tables at once, with a relationship depth of at most {SDV_LIMITS.depth}{" "}
                (customer → invoice is fine, customer → invoice → invoice_line is too deep) and one-column foreign keys. It is an optional
                install on the workers (<code className="font-mono">uv sync --group sdv</code>): without it the job fails saying so. It
                needs a source to learn from; the TDM engine has no such limits.
              </p>
              {knownTables > SDV_LIMITS.tables ? (
                <p className="mt-1.5 text-xs font-medium">
                  The chosen sources have {formatNumber(knownTables)} tables: more than SDV can model. Prefer the TDM engine.
                </p>
              ) : null}
            </div>
          ) : null}
        </SectionCard>
      </div>

      <aside className="space-y-4 lg:sticky lg:top-24">
        <Card title="Request" description="POST /api/v1/synthetic">
          <div className="space-y-4">
            <div>
              <p className="text-xs font-medium text-slate-500">Sources in use</p>
              <p className="mt-1 flex flex-wrap gap-1.5">
                {used.length > 0 ? (
                  used.map((key) => (
                    <Badge key={key} tone="indigo">
                      {SOURCES.find((s) => s.key === key)?.short ?? key}
                    </Badge>
                  ))
                ) : (
                  <span className="text-xs text-slate-400">None yet</span>
                )}
              </p>
            </div>
            <JsonView value={previewOf(body, form)} label="Request JSON" className="max-h-96 overflow-y-auto" />
            {checked && clientCount > 0 ? (
              <p role="alert" className="text-xs font-medium text-rose-600">
                {clientCount === 1 ? "One field needs" : `${String(clientCount)} fields need`} your attention before generating.
              </p>
            ) : null}
            {submit.error ? <ProblemAlert error={submit.error} /> : null}
            <Button type="submit" variant="primary" className="w-full" loading={submit.isPending} icon={<SparkIcon className="h-4 w-4" />}>
              Generate data
            </Button>
            <p className="text-xs text-slate-500">The job writes a new dataset version; you follow it live on its page.</p>
          </div>
        </Card>
      </aside>
    </form>
  );
}

export function SyntheticGenerator() {
  const { can } = useSession();
  return (
    <>
      <PageHeader
        title="Synthetic Data Generator"
        description="Generate realistic, multi-table data from a discovered schema, an API spec, web pages or a domain pack, without touching production."
      />
      {can("operator") ? <GeneratorForm /> : <ViewerExplanation />}
    </>
  );
}
