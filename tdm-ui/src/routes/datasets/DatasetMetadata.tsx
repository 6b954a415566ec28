// A dataset version's metadata as readable cards: rows per table; for a subset its root, seed and caps;
// for a masked version its key and the rules applied; for synthetic data the quality scores and
// integrity checks; warnings of any kind. The raw JSON is in its own tab.
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import type { DatasetDetailData } from "@/api/queries/datasets";
import { Badge, Card, IdText } from "@/components";
import { AlertIcon, CheckIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { formatBytes, formatNumber, humanize } from "@/lib/format";
import {
  asNumber,
  asRecord,
  asString,
  asStringList,
  capsHitOf,
  checksOf,
  qualityOf,
  rowCountsOf,
  rulesAppliedOf,
  warningsOf,
  type JsonRecord,
} from "./datasetMeta";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800 tabular-nums">{children}</dd>
    </div>
  );
}

function RowsPerTable({ counts, files }: { counts: Record<string, number>; files: DatasetDetailData["files"] }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const sizes = new Map<string, number>();
  for (const file of files) sizes.set(file.table_name, (sizes.get(file.table_name) ?? 0) + file.size_bytes);
  const total = entries.reduce((n, [, rows]) => n + rows, 0);
  return (
    <Card title="Rows per table" description={`${String(entries.length)} tables · ${formatNumber(total)} rows`} padded={false}>
      {entries.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">No tables recorded.</p>
      ) : (
        <div className="max-h-80 overflow-y-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Rows per table</caption>
            <thead className="sticky top-0 border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
              <tr>
                <th scope="col" className="px-5 py-1.5 text-left font-medium">
                  Table
                </th>
                <th scope="col" className="px-5 py-1.5 text-right font-medium">
                  Rows
                </th>
                <th scope="col" className="px-5 py-1.5 text-right font-medium">
                  Size
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map(([table, rows]) => (
                <tr key={table}>
                  <td className="px-5 py-1.5 font-mono text-xs text-slate-700">{table}</td>
                  <td className="px-5 py-1.5 text-right tabular-nums">{formatNumber(rows)}</td>
                  <td className="px-5 py-1.5 text-right text-xs text-slate-500 tabular-nums">
                    {sizes.has(table) ? formatBytes(sizes.get(table)) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function SubsetCard({ metadata }: { metadata: JsonRecord }) {
  const caps = capsHitOf(metadata);
  const excluded = asStringList(metadata.excluded_tables);
  const skipped = asRecord(metadata.skipped_relations);
  const sourceRecord = asRecord(metadata.source);
  const source =
    asString(metadata.source) ??
    (sourceRecord ? (asString(sourceRecord.display_url) ?? asString(sourceRecord.name) ?? JSON.stringify(sourceRecord)) : null);
  return (
    <Card title="Subset">
      <dl className="grid grid-cols-2 gap-4">
        <Fact label="Root table">
          <span className="font-mono text-xs">{asString(metadata.root_table) ?? "—"}</span>
        </Fact>
        <Fact label="Seed">{formatNumber(asNumber(metadata.seed))}</Fact>
        {source ? (
          <Fact label="Source">
            <span className="font-mono text-xs break-all">{source}</span>
          </Fact>
        ) : null}
        {excluded.length > 0 ? (
          <Fact label="Excluded tables">
            <span className="font-mono text-xs">{excluded.join(", ")}</span>
          </Fact>
        ) : null}
        {skipped && Object.keys(skipped).length > 0 ? (
          <Fact label="Skipped relations">
            <span className="text-xs">
              {Object.entries(skipped)
                .map(([k, v]) => `${k}: ${typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v)}`)
                .join("; ")}
            </span>
          </Fact>
        ) : null}
      </dl>
      {caps.length > 0 ? (
        <div className="mt-4">
          <p className="mb-1 text-xs font-semibold text-amber-800">Caps hit</p>
          <table className="w-full text-xs">
            <caption className="sr-only">Caps hit</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 text-left font-medium">
                  Table
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Cap
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Candidates
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Kept
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {caps.map((cap) => (
                <tr key={cap.table}>
                  <td className="py-1 font-mono">{cap.table}</td>
                  <td className="py-1 text-right tabular-nums">{formatNumber(cap.cap)}</td>
                  <td className="py-1 text-right tabular-nums">{formatNumber(cap.candidates)}</td>
                  <td className="py-1 text-right tabular-nums">
                    {formatNumber(cap.kept)}
                    {cap.addedAsParents ? <span className="text-slate-400"> (+{formatNumber(cap.addedAsParents)} parents)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

function MaskedCard({ metadata }: { metadata: JsonRecord }) {
  const rules = rulesAppliedOf(metadata);
  const source = asString(metadata.source_dataset_version_id);
  const unmasked = asStringList(metadata.unmasked_pii);
  return (
    <Card title="Masking" description={`${String(rules.length)} columns masked`}>
      <dl className="grid grid-cols-2 gap-4">
        <Fact label="Masked from">
          {source ? (
            <Link to="/datasets/$datasetId" params={{ datasetId: source }} className="font-mono text-xs text-indigo-600 hover:underline">
              {source.slice(0, 8)}
            </Link>
          ) : (
            "—"
          )}
        </Fact>
        <Fact label="Masking key">
          {asString(metadata.key_name) ? <span className="font-medium">{asString(metadata.key_name)}</span> : null}
          {asString(metadata.key_id) ? <IdText id={asString(metadata.key_id) ?? ""} className="ml-1" /> : null}
          {!asString(metadata.key_name) && !asString(metadata.key_id) ? "—" : null}
        </Fact>
        <Fact label="Rule set">
          {asString(metadata.rule_set_id) ? <IdText id={asString(metadata.rule_set_id) ?? ""} /> : "inline rules"}
        </Fact>
      </dl>
      {unmasked.length > 0 ? (
        <p className="mt-4 flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
          <AlertIcon className="h-4 w-4 shrink-0 text-amber-600" />
          <span>
            Left unmasked (allowed by the request): <span className="font-mono">{unmasked.join(", ")}</span>
          </span>
        </p>
      ) : null}
      {rules.length > 0 ? (
        <div className="mt-4 max-h-72 overflow-y-auto">
          <table className="w-full text-xs">
            <caption className="sr-only">Rules applied</caption>
            <thead className="sticky top-0 bg-white text-slate-500">
              <tr>
                <th scope="col" className="py-1 text-left font-medium">
                  Column
                </th>
                <th scope="col" className="py-1 text-left font-medium">
                  Transformer
                </th>
                <th scope="col" className="py-1 text-left font-medium">
                  Origin
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rules.map((rule) => (
                <tr key={rule.target}>
                  <td className="py-1 font-mono">{rule.target}</td>
                  <td className="py-1" title={rule.params ? JSON.stringify(rule.params) : undefined}>
                    <Badge tone="violet">{rule.type}</Badge>
                  </td>
                  <td className="py-1 text-slate-500">{rule.origin ? humanize(rule.origin) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

function Score({ label, value }: { label: string; value: number | null }) {
  const pct = value === null ? null : Math.round(value * 1000) / 10;
  const tone = pct === null ? "bg-slate-300" : pct >= 80 ? "bg-emerald-500" : pct >= 60 ? "bg-amber-500" : "bg-rose-500";
  return (
    <div>
      <div className="flex items-baseline justify-between text-xs">
        <span className="text-slate-600">{label}</span>
        <span className="font-medium text-slate-900 tabular-nums">{pct === null ? "—" : `${String(pct)}%`}</span>
      </div>
      <div
        className="mt-1 h-1.5 rounded-full bg-slate-100"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div className={cx("h-1.5 rounded-full", tone)} style={{ width: `${String(pct ?? 0)}%` }} />
      </div>
    </div>
  );
}

function SyntheticCards({ metadata }: { metadata: JsonRecord }) {
  const quality = qualityOf(metadata);
  const checks = checksOf(metadata);
  const conflicts = Array.isArray(metadata.conflicts) ? metadata.conflicts.length : 0;
  const sources = asStringList(metadata.sources);
  return (
    <>
      <Card title="Synthetic generation">
        <dl className="grid grid-cols-2 gap-4">
          <Fact label="Engine">{asString(metadata.engine) ?? "—"}</Fact>
          <Fact label="Seed">{formatNumber(asNumber(metadata.seed))}</Fact>
          {sources.length > 0 ? <Fact label="Schema sources">{sources.join(", ")}</Fact> : null}
          <Fact label="Merge conflicts">{formatNumber(conflicts)}</Fact>
        </dl>
        {checks ? (
          <div className="mt-4 border-t border-slate-100 pt-3">
            <p className="mb-1 text-xs font-semibold text-slate-700">Integrity checks</p>
            <p className={cx("flex items-center gap-1.5 text-sm", checks.problems.length > 0 ? "text-rose-700" : "text-emerald-700")}>
              {checks.problems.length > 0 ? <AlertIcon className="h-4 w-4" /> : <CheckIcon className="h-4 w-4" />}
              {formatNumber(checks.foreignKeys)} foreign keys and {formatNumber(checks.uniqueKeys)} unique keys checked
              {checks.problems.length > 0 ? `, ${String(checks.problems.length)} problems` : ", all hold"}
            </p>
            {checks.problems.length > 0 ? (
              <ul className="mt-1 list-disc pl-5 text-xs text-rose-700">
                {checks.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </Card>
      <Card title="Quality" description="SDMetrics scores against a sample of the source (0–100%).">
        {quality ? (
          <div className="space-y-3">
            <div className="grid grid-cols-2 gap-4">
              <Score label="Quality score" value={quality.quality} />
              <Score label="Diagnostic score" value={quality.diagnostic} />
            </div>
            {quality.qualityProperties.length + quality.diagnosticProperties.length > 0 ? (
              <div className="grid grid-cols-2 gap-x-4 gap-y-2 border-t border-slate-100 pt-3">
                {[...quality.qualityProperties, ...quality.diagnosticProperties].map(([name, value]) => (
                  <Score key={name} label={name} value={value} />
                ))}
              </div>
            ) : null}
            {quality.pairs.length > 0 ? (
              <div className="border-t border-slate-100 pt-3">
                <p className="mb-1 text-xs font-semibold text-slate-700">Parent → child pairs</p>
                <div className="grid grid-cols-2 gap-x-4 gap-y-2">
                  {quality.pairs.map(([name, value]) => (
                    <Score key={name} label={name} value={value} />
                  ))}
                </div>
              </div>
            ) : null}
          </div>
        ) : (
          <p className="text-sm text-slate-500">No quality report: it is measured only when the source could be sampled.</p>
        )}
      </Card>
    </>
  );
}

export function DatasetMetadata({ dataset }: { dataset: DatasetDetailData }) {
  const metadata = dataset.metadata;
  const counts = rowCountsOf(metadata, dataset.files);
  const warnings = warningsOf(metadata);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      {warnings.length > 0 ? (
        <div role="status" className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900 lg:col-span-2">
          <p className="flex items-center gap-2 font-semibold">
            <AlertIcon className="h-4 w-4 text-amber-600" /> {warnings.length === 1 ? "1 warning" : `${String(warnings.length)} warnings`}
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-6">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {dataset.source_type === "subset" ? <SubsetCard metadata={metadata} /> : null}
      {dataset.source_type === "masked" ? <MaskedCard metadata={metadata} /> : null}
      {dataset.source_type === "synthetic" ? <SyntheticCards metadata={metadata} /> : null}
      <RowsPerTable counts={counts} files={dataset.files} />
    </div>
  );
}
