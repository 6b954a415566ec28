// A friendly summary of a job's result: the ids to follow (dataset version, schema version, environment)
// and each step's key figures (row counts, masked columns, smoke tests, warnings).
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import type { JobResult, Schema } from "@/api/types";
import { Badge, CopyButton, IdText, PiiBadge } from "@/components";
import { CheckIcon, XIcon } from "@/components/icons";
import { formatNumber, humanize } from "@/lib/format";

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm font-medium text-slate-900 tabular-nums">{children}</dd>
    </div>
  );
}

/** Rows per table, largest first (the first 12, then a count of the rest). */
export function RowCounts({ counts, limit = 12 }: { counts: Record<string, number>; limit?: number }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return null;
  const shown = entries.slice(0, limit);
  return (
    <table className="mt-3 w-full text-sm">
      <caption className="sr-only">Rows per table</caption>
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-500">
          <th scope="col" className="py-1 text-left font-medium">
            Table
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Rows
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {shown.map(([table, rows]) => (
          <tr key={table}>
            <td className="py-1 font-mono text-xs text-slate-700">{table}</td>
            <td className="py-1 text-right text-slate-900 tabular-nums">{formatNumber(rows)}</td>
          </tr>
        ))}
      </tbody>
      {entries.length > shown.length ? (
        <tfoot>
          <tr>
            <td colSpan={2} className="pt-1 text-xs text-slate-500">
              and {entries.length - shown.length} more tables
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function Warnings({ items }: { items: string[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <ul className="mt-3 space-y-1 rounded-md bg-amber-50 p-3 text-xs text-amber-900 ring-1 ring-amber-200">
      {items.map((warning, index) => (
        <li key={index}>⚠ {warning}</li>
      ))}
    </ul>
  );
}

function StepCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 p-4">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <div className="mt-3">{children}</div>
    </section>
  );
}

interface SmokeResults {
  passed?: boolean;
  checks?: { name?: string; passed?: boolean; detail?: string }[];
}

function SmokeTests({ results }: { results: Record<string, unknown> }) {
  const smoke = results as SmokeResults;
  if (!Array.isArray(smoke.checks) || smoke.checks.length === 0) return null;
  return (
    <div className="mt-3">
      <p className="text-xs font-medium text-slate-500">
        Smoke tests{" "}
        {smoke.passed === undefined ? null : <Badge tone={smoke.passed ? "green" : "red"}>{smoke.passed ? "passed" : "failed"}</Badge>}
      </p>
      <ul className="mt-1 space-y-1 text-xs">
        {smoke.checks.map((check, index) => (
          <li key={index} className="flex gap-2">
            {check.passed ? (
              <CheckIcon className="h-4 w-4 shrink-0 text-emerald-600" />
            ) : (
              <XIcon className="h-4 w-4 shrink-0 text-rose-600" />
            )}
            <span className="font-medium text-slate-700">{check.name}</span>
            {check.detail ? <span className="text-slate-500">{check.detail}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Discover({ result }: { result: Schema<"DiscoverResult"> }) {
  return (
    <StepCard title="Schema discovery">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Figure label="Schema">{result.schema_name}</Figure>
        <Figure label="Version">
          v{result.version_number} {result.new_version ? <Badge tone="indigo">new</Badge> : <Badge>unchanged</Badge>}
        </Figure>
        {Object.entries(result.counts).map(([key, value]) => (
          <Figure key={key} label={humanize(key)}>
            {formatNumber(value)}
          </Figure>
        ))}
      </dl>
    </StepCard>
  );
}

function Pii({ result }: { result: Schema<"PIIResult"> }) {
  return (
    <StepCard title="PII classification">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Figure label="Columns">{formatNumber(result.columns)}</Figure>
        <Figure label="PII columns">{formatNumber(result.pii_columns)}</Figure>
        <Figure label="Manual labels">{formatNumber(result.manual_labels)}</Figure>
        <Figure label="LLM">{result.llm}</Figure>
      </dl>
      <div className="mt-3 flex flex-wrap gap-1.5">
        {Object.entries(result.by_type)
          .filter(([type]) => type !== "none")
          .map(([type, count]) => (
            <span key={type} className="inline-flex items-center gap-1 text-xs text-slate-600">
              <PiiBadge type={type} /> {count}
            </span>
          ))}
      </div>
    </StepCard>
  );
}

function Subset({ result }: { result: Schema<"SubsetResult"> }) {
  const capped = Object.keys(result.caps_hit ?? {});
  return (
    <StepCard title="Subset">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Figure label="Rows">{formatNumber(result.total_rows)}</Figure>
        <Figure label="Tables">{formatNumber(Object.keys(result.row_counts).length)}</Figure>
        <Figure label="Capped tables">{capped.length === 0 ? "none" : capped.join(", ")}</Figure>
      </dl>
      <RowCounts counts={result.row_counts} />
    </StepCard>
  );
}

function Mask({ result }: { result: Schema<"MaskResult"> }) {
  return (
    <StepCard title="Masking">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Figure label="Columns masked">{formatNumber(result.columns_masked)}</Figure>
        <Figure label="From dataset">
          <IdText id={result.source_dataset_version_id} />
        </Figure>
        <Figure label="Tables">{formatNumber(Object.keys(result.row_counts).length)}</Figure>
      </dl>
      {result.unmasked_pii && result.unmasked_pii.length > 0 ? (
        <Warnings items={[`PII columns left unmasked: ${result.unmasked_pii.join(", ")}`]} />
      ) : null}
      <RowCounts counts={result.row_counts} />
    </StepCard>
  );
}

function Synthetic({ result }: { result: Schema<"SyntheticResult"> }) {
  return (
    <StepCard title="Synthetic data">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Figure label="Rows">{formatNumber(result.total_rows)}</Figure>
        <Figure label="Mode">{humanize(result.mode)}</Figure>
        <Figure label="Engine">{result.engine.toUpperCase()}</Figure>
        <Figure label="Learned from source">{result.learned_from_source ? "yes" : "no"}</Figure>
      </dl>
      <Warnings items={result.warnings} />
      <RowCounts counts={result.row_counts} />
    </StepCard>
  );
}

function Provision({ result }: { result: Schema<"ProvisionResult"> }) {
  return (
    <StepCard title="Provisioning">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Figure label="Environment">{result.environment}</Figure>
        <Figure label="Tables loaded">{formatNumber(result.tables_loaded.length)}</Figure>
        <Figure label="Rows">{formatNumber(Object.values(result.row_counts).reduce((a, b) => a + b, 0))}</Figure>
      </dl>
      <SmokeTests results={result.smoke_test_results} />
      <Warnings items={[...(result.schema_changes ?? []), ...(result.warnings ?? [])]} />
      <RowCounts counts={result.row_counts} />
    </StepCard>
  );
}

export function JobResultSummary({ result }: { result: JobResult }) {
  const steps = result.steps;
  return (
    <div className="space-y-4">
      {result.dataset_version_id || result.schema_version_id || result.environment ? (
        <dl className="grid grid-cols-1 gap-4 rounded-lg bg-indigo-50/60 p-4 ring-1 ring-indigo-100 sm:grid-cols-3">
          {result.dataset_version_id ? (
            <Figure label="Dataset version">
              <span className="inline-flex items-center gap-1">
                <Link
                  to="/datasets/$datasetId"
                  params={{ datasetId: result.dataset_version_id }}
                  className="font-mono text-xs text-indigo-700 hover:underline"
                  title={result.dataset_version_id}
                >
                  {result.dataset_version_id.slice(0, 8)} →
                </Link>
                <CopyButton text={result.dataset_version_id} label="Copy the dataset version id" />
              </span>
            </Figure>
          ) : null}
          {result.schema_version_id ? (
            <Figure label="Schema version">
              <IdText id={result.schema_version_id} />
            </Figure>
          ) : null}
          {result.environment ? <Figure label="Environment">{result.environment}</Figure> : null}
        </dl>
      ) : null}
      {steps.discover ? <Discover result={steps.discover} /> : null}
      {steps.pii ? <Pii result={steps.pii} /> : null}
      {steps.subset ? <Subset result={steps.subset} /> : null}
      {steps.mask ? <Mask result={steps.mask} /> : null}
      {steps.synthetic ? <Synthetic result={steps.synthetic} /> : null}
      {steps.provision ? <Provision result={steps.provision} /> : null}
    </div>
  );
}
