// The dataset version to load: a searchable radio list of the active versions (GET /datasets), with the
// one named by ?dataset= shown even when it is not among them (fetched alone, GET /dataset/{id}).
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { PROVISION_PICKER_LIMIT, useDatasetVersion, useProvisionDatasets, type DatasetSummary } from "@/api/queries/provision";
import { Badge, EmptyState, ProblemAlert, RelativeTime, Skeleton, StatusBadge, TextInput } from "@/components";
import { DatasetIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { formatBytes, formatNumber, humanize, shortId } from "@/lib/format";

function matches(dataset: DatasetSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  return [dataset.name ?? "", dataset.id, dataset.source_type, dataset.job_id ?? ""].some((text) => text.toLowerCase().includes(q));
}

function DatasetOption({
  dataset,
  checked,
  onSelect,
  name,
}: {
  dataset: DatasetSummary;
  checked: boolean;
  onSelect: (id: string) => void;
  name: string;
}) {
  return (
    <li>
      <label
        className={cx(
          "flex cursor-pointer items-start gap-3 px-3 py-2.5 transition-colors focus-within:bg-indigo-50/60",
          checked ? "bg-indigo-50" : "hover:bg-slate-50",
        )}
      >
        <input
          type="radio"
          name={name}
          value={dataset.id}
          checked={checked}
          onChange={() => onSelect(dataset.id)}
          className="mt-1 h-4 w-4 accent-indigo-600"
        />
        <span className="min-w-0 flex-1">
          <span className="flex flex-wrap items-center gap-2">
            <span className="truncate text-sm font-medium text-slate-900">{dataset.name ?? "Unnamed dataset"}</span>
            <Badge tone="indigo">{humanize(dataset.source_type)}</Badge>
            {dataset.status !== "active" ? <StatusBadge status={dataset.status} /> : null}
          </span>
          <span className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
            <code className="font-mono" title={dataset.id}>
              {shortId(dataset.id)}
            </code>
            <span className="tabular-nums">{formatNumber(dataset.row_count)} rows</span>
            <span className="tabular-nums">{formatBytes(dataset.size_bytes)}</span>
            <RelativeTime value={dataset.created_at} />
          </span>
        </span>
      </label>
    </li>
  );
}

export function DatasetPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string | undefined }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const datasets = useProvisionDatasets();
  const inList = datasets.data?.items.some((d) => d.id === value) ?? false;
  const linked = useDatasetVersion(value, datasets.isSuccess && !inList);

  if (datasets.isPending) {
    return (
      <div className="space-y-2" role="status" aria-label="Loading dataset versions">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-12 w-full" />
        <Skeleton className="h-12 w-full" />
      </div>
    );
  }
  if (datasets.isError) return <ProblemAlert error={datasets.error} onRetry={() => void datasets.refetch()} />;

  const items = datasets.data.items;
  const shown = items.filter((d) => matches(d, query));
  const extra = !inList && linked.data ? linked.data : null;
  const errorId = `${id}-error`;

  if (items.length === 0 && !extra && !value) {
    return (
      <EmptyState
        className="py-6"
        icon={<DatasetIcon className="h-5 w-5" />}
        title="No dataset yet"
        description="Dataset versions come from subset, masking and synthetic jobs. Make one, then load it here."
        action={
          <>
            <Link to="/subset" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Build a subset →
            </Link>
            <Link to="/synthetic" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Generate synthetic data →
            </Link>
          </>
        }
      />
    );
  }

  return (
    <div className="space-y-3">
      <TextInput
        label="Search dataset versions"
        type="search"
        placeholder="Name, id, source or job id"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {value && !inList && linked.isPending ? <Skeleton className="h-12 w-full" /> : null}
      {value && !inList && linked.isError ? (
        <ProblemAlert error={linked.error} title="The dataset version from the link could not be loaded" />
      ) : null}
      <fieldset aria-describedby={error ? errorId : undefined}>
        <legend className="sr-only">Dataset version</legend>
        {error ? (
          <p id={errorId} className="mb-2 text-xs font-medium text-rose-600">
            {error}
          </p>
        ) : null}
        <ul
          className={cx(
            "max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-lg border",
            error ? "border-rose-300" : "border-slate-200",
          )}
        >
          {extra ? <DatasetOption dataset={extra} checked={extra.id === value} onSelect={onChange} name={`${id}-dataset`} /> : null}
          {shown.map((dataset) => (
            <DatasetOption key={dataset.id} dataset={dataset} checked={dataset.id === value} onSelect={onChange} name={`${id}-dataset`} />
          ))}
          {shown.length === 0 && !extra ? (
            <li className="px-3 py-6 text-center text-sm text-slate-500">
              {items.length === 0 ? "No active dataset version." : `No dataset version matches “${query.trim()}”.`}
            </li>
          ) : null}
        </ul>
      </fieldset>
      {datasets.data.total > items.length ? (
        <p className="text-xs text-slate-500">
          The newest {formatNumber(Math.min(items.length, PROVISION_PICKER_LIMIT))} of {formatNumber(datasets.data.total)} active versions;
          search narrows these, or open a version from the Dataset Catalog.
        </p>
      ) : null}
    </div>
  );
}
