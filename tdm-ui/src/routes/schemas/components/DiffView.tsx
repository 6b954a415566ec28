// Schema drift between two versions: pick "from" and "to", then tables added/removed/changed, columns
// added/removed/changed (type, nullability) and key changes (primary, unique, foreign).
import { useState, type ReactNode } from "react";
import { useSchemaDiff, type SchemaDiffData, type SchemaVersion } from "@/api/queries/schemas";
import { Badge, EmptyState, LoadingState, ProblemAlert, Select, type BadgeTone } from "@/components";
import { SchemaIcon } from "@/components/icons";
import { humanize } from "@/lib/format";
import { formatShortDateTime } from "../schemaModel";

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <section className="rounded-lg border border-slate-200">
      <h3 className="flex items-center gap-2 border-b border-slate-100 bg-slate-50/80 px-4 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
        {title} <Badge className="tabular-nums">{count}</Badge>
      </h3>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

function NameList({ names, tone, label }: { names: string[]; tone: BadgeTone; label: string }) {
  if (names.length === 0) return null;
  return (
    <div className="flex flex-wrap items-baseline gap-2 py-1">
      <span className="w-20 shrink-0 text-xs font-medium text-slate-500">{label}</span>
      <ul className="flex flex-wrap gap-1.5" aria-label={`Tables ${label.toLowerCase()}`}>
        {names.map((name) => (
          <li key={name}>
            <Badge tone={tone}>
              <span className="font-mono">{name}</span>
            </Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function ChangeRow({ kind, children }: { kind: "added" | "removed" | "changed"; children: ReactNode }) {
  const tones: Record<typeof kind, BadgeTone> = { added: "green", removed: "red", changed: "amber" };
  return (
    <li className="flex items-baseline gap-2 py-1 text-sm">
      <Badge tone={tones[kind]}>{humanize(kind)}</Badge>
      <span className="min-w-0">{children}</span>
    </li>
  );
}

export function DiffResult({ diff }: { diff: SchemaDiffData }) {
  if (!diff.changed) {
    return (
      <EmptyState
        icon={<SchemaIcon className="h-5 w-5" />}
        title={`No changes from version ${String(diff.from_version)} to ${String(diff.to_version)}`}
        description="Tables, columns, types and keys are the same. Counts, statistics and comments are not compared."
      />
    );
  }
  const { tables, columns, keys } = diff;
  const keyCount =
    keys.primary_keys.length +
    keys.unique.added.length +
    keys.unique.removed.length +
    keys.foreign_keys.added.length +
    keys.foreign_keys.removed.length;
  const summary = Object.entries(diff.summary).filter(([, n]) => n > 0);
  return (
    <div className="space-y-4">
      <ul className="flex flex-wrap gap-2" aria-label="Summary">
        {summary.map(([key, n]) => (
          <li key={key}>
            <Badge tone={key.endsWith("added") ? "green" : key.endsWith("removed") ? "red" : "amber"}>
              <span className="tabular-nums">{n}</span>{" "}
              {humanize(n === 1 ? key.replace(/s_(added|removed|changed)$/, "_$1") : key).toLowerCase()}
            </Badge>
          </li>
        ))}
      </ul>
      <Section title="Tables" count={tables.added.length + tables.removed.length + tables.changed.length}>
        <NameList names={tables.added} tone="green" label="Added" />
        <NameList names={tables.removed} tone="red" label="Removed" />
        <NameList names={tables.changed} tone="amber" label="Changed" />
      </Section>
      <Section title="Columns" count={columns.added.length + columns.removed.length + columns.changed.length}>
        <ul className="divide-y divide-slate-100" aria-label="Column changes">
          {columns.added.map((c) => (
            <ChangeRow key={`a-${c.table}.${c.column}`} kind="added">
              <code className="font-mono text-xs">
                {c.table}.{c.column}
              </code>{" "}
              <span className="text-xs text-slate-500">
                {c.data_type ?? "?"}
                {c.nullable ? "" : ", not null"}
              </span>
            </ChangeRow>
          ))}
          {columns.removed.map((c) => (
            <ChangeRow key={`r-${c.table}.${c.column}`} kind="removed">
              <code className="font-mono text-xs">
                {c.table}.{c.column}
              </code>{" "}
              <span className="text-xs text-slate-500">
                {c.data_type ?? "?"}
                {c.nullable ? "" : ", not null"}
              </span>
            </ChangeRow>
          ))}
          {columns.changed.map((c) => (
            <ChangeRow key={`c-${c.table}.${c.column}`} kind="changed">
              <code className="font-mono text-xs">
                {c.table}.{c.column}
              </code>
              {Object.entries(c.changes).map(([attribute, change]) => (
                <span key={attribute} className="ml-2 text-xs text-slate-600">
                  {attribute === "data_type" ? "type" : humanize(attribute).toLowerCase()}:{" "}
                  <span className="font-mono text-rose-700 line-through">{valueText(change.from)}</span> →{" "}
                  <span className="font-mono text-emerald-700">{valueText(change.to)}</span>
                </span>
              ))}
            </ChangeRow>
          ))}
        </ul>
      </Section>
      <Section title="Keys" count={keyCount}>
        <ul className="divide-y divide-slate-100" aria-label="Key changes">
          {keys.primary_keys.map((pk) => (
            <ChangeRow key={`pk-${pk.table}`} kind="changed">
              primary key of <code className="font-mono text-xs">{pk.table}</code>: ({pk.from.join(", ") || "none"}) → (
              {pk.to.join(", ") || "none"})
            </ChangeRow>
          ))}
          {keys.unique.added.map((u) => (
            <ChangeRow key={`ua-${u.table}-${u.columns.join(",")}`} kind="added">
              unique <code className="font-mono text-xs">{u.table}</code> ({u.columns.join(", ")})
            </ChangeRow>
          ))}
          {keys.unique.removed.map((u) => (
            <ChangeRow key={`ur-${u.table}-${u.columns.join(",")}`} kind="removed">
              unique <code className="font-mono text-xs">{u.table}</code> ({u.columns.join(", ")})
            </ChangeRow>
          ))}
          {keys.foreign_keys.added.map((fk) => (
            <ChangeRow key={`fa-${fk.child_table}-${fk.name ?? fk.child_columns.join(",")}`} kind="added">
              foreign key{" "}
              <code className="font-mono text-xs">
                {fk.child_table}({fk.child_columns.join(", ")}) → {fk.parent_table}({fk.parent_columns.join(", ")})
              </code>
              {fk.is_user_defined ? <span className="ml-1 text-xs text-violet-600">declared</span> : null}
            </ChangeRow>
          ))}
          {keys.foreign_keys.removed.map((fk) => (
            <ChangeRow key={`fr-${fk.child_table}-${fk.name ?? fk.child_columns.join(",")}`} kind="removed">
              foreign key{" "}
              <code className="font-mono text-xs">
                {fk.child_table}({fk.child_columns.join(", ")}) → {fk.parent_table}({fk.parent_columns.join(", ")})
              </code>
              {fk.is_user_defined ? <span className="ml-1 text-xs text-violet-600">declared</span> : null}
            </ChangeRow>
          ))}
        </ul>
      </Section>
    </div>
  );
}

export function DiffView({
  schemaId,
  versions,
  current,
}: {
  schemaId: string;
  versions: readonly SchemaVersion[];
  current: number | undefined;
}) {
  const numbers = versions.map((v) => v.version_number).sort((a, b) => b - a);
  const newest = numbers[0];
  const initialTo = current ?? newest;
  const initialFrom = numbers.find((n) => initialTo !== undefined && n < initialTo);
  const [to, setTo] = useState<number | undefined>(initialTo);
  const [from, setFrom] = useState<number | undefined>(initialFrom);
  const valid = from !== undefined && to !== undefined && from !== to;
  const diff = useSchemaDiff(schemaId, from, to, valid);

  if (numbers.length < 2) {
    return (
      <EmptyState
        icon={<SchemaIcon className="h-5 w-5" />}
        title="Only one version so far"
        description="Drift shows once the schema is discovered again: run a discovery of the same source to get version 2."
      />
    );
  }
  const options = versions.map((v) => ({
    value: String(v.version_number),
    label: `Version ${String(v.version_number)} · ${formatShortDateTime(v.discovered_at)}`,
  }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <Select
          label="From version"
          className="w-72"
          value={from === undefined ? "" : String(from)}
          onChange={(e) => setFrom(Number(e.target.value))}
          options={options}
        />
        <span className="pb-2 text-slate-400" aria-hidden="true">
          →
        </span>
        <Select
          label="To version"
          className="w-72"
          value={to === undefined ? "" : String(to)}
          onChange={(e) => setTo(Number(e.target.value))}
          options={options}
        />
      </div>
      {!valid ? (
        <p className="text-sm text-slate-500">Pick two different versions to compare.</p>
      ) : diff.isPending ? (
        <LoadingState label="Comparing versions…" />
      ) : diff.isError ? (
        <ProblemAlert error={diff.error} onRetry={() => void diff.refetch()} />
      ) : (
        <DiffResult diff={diff.data} />
      )}
    </div>
  );
}
