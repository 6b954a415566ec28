// The columns of one table: type, nullability, keys (PK, FK with its target; declared FKs marked),
// default, statistics (null fraction, distinct values, min/max, top values in a popover) and the PII
// label, with an override for operators.
import { useMemo } from "react";
import type { PiiEntry, Relationship, SchemaColumn, SchemaTable } from "@/api/queries/schemas";
import { useSession } from "@/auth/useSession";
import { Badge, DataTable, type Column } from "@/components";
import { formatNumber } from "@/lib/format";
import {
  columnStats,
  foreignKeysOf,
  formatFraction,
  formatStat,
  piiKey,
  tableId,
  type ColumnStats,
  type ForeignKeyRef,
} from "../schemaModel";
import { PiiLabel } from "./PiiLabel";
import { PiiOverride } from "./PiiOverride";
import { Popover } from "./Popover";

function KeyBadges({ column, fks }: { column: SchemaColumn; fks: ForeignKeyRef[] | undefined }) {
  if (!column.is_primary_key && !fks?.length) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {column.is_primary_key ? (
        <Badge tone="amber" title="Primary key">
          PK
        </Badge>
      ) : null}
      {fks?.map((fk) => (
        <Badge
          key={`${fk.name ?? ""}-${fk.target}`}
          tone={fk.userDefined ? "violet" : "blue"}
          title={`${fk.userDefined ? "Declared foreign key" : "Foreign key"}${fk.name ? ` ${fk.name}` : ""} → ${fk.target}`}
        >
          FK → {fk.target}
        </Badge>
      ))}
    </span>
  );
}

function TopValues({ stats, column }: { stats: ColumnStats; column: string }) {
  if (stats.topValues.length === 0) return null;
  return (
    <Popover
      title={`Top values of ${column}`}
      buttonClassName="text-[11px] font-medium text-indigo-600 hover:text-indigo-500"
      label={<>Top {stats.topValues.length}</>}
    >
      <p className="mb-2 font-semibold text-slate-700">Most frequent values (sample)</p>
      <table className="w-full">
        <caption className="sr-only">Top values of {column}</caption>
        <thead>
          <tr className="text-slate-500">
            <th scope="col" className="pb-1 text-left font-medium">
              Value
            </th>
            <th scope="col" className="pb-1 text-right font-medium">
              Count
            </th>
            <th scope="col" className="pb-1 text-right font-medium">
              Share
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {stats.topValues.map((top) => (
            <tr key={top.value}>
              <td className="max-w-40 truncate py-0.5 font-mono" title={top.value}>
                {top.value}
              </td>
              <td className="py-0.5 text-right tabular-nums">{formatNumber(top.count)}</td>
              <td className="py-0.5 text-right tabular-nums">{formatFraction(top.fraction)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Popover>
  );
}

function StatsCell({ column }: { column: SchemaColumn }) {
  const stats = columnStats(column);
  if (!stats) return <span className="text-slate-400">—</span>;
  if (stats.profileError) {
    return (
      <span className="text-xs text-amber-700" title={stats.profileError}>
        not profiled
      </span>
    );
  }
  const hasRange = stats.min !== undefined || stats.max !== undefined;
  const hasLength = stats.minLength !== null || stats.maxLength !== null;
  return (
    <div className="flex max-w-56 flex-col gap-0.5 text-xs text-slate-600">
      <span className="tabular-nums">
        <span className="text-slate-400">nulls</span> {formatFraction(stats.nullFraction)}
      </span>
      {stats.distinctCount !== null ? (
        <span className="tabular-nums">
          <span className="text-slate-400">distinct</span>{" "}
          <span title={stats.distinctEstimated ? "Estimated from a sample" : undefined}>
            {stats.distinctEstimated ? "≈" : ""}
            {formatNumber(stats.distinctCount)}
          </span>
          {stats.distinctRatio !== null ? <span className="text-slate-400"> ({formatFraction(stats.distinctRatio)})</span> : null}
        </span>
      ) : null}
      {hasRange ? (
        <span className="font-mono text-[11px] break-all" title={`min ${formatStat(stats.min)} · max ${formatStat(stats.max)}`}>
          {formatStat(stats.min)} … {formatStat(stats.max)}
        </span>
      ) : hasLength ? (
        <span className="text-[11px] tabular-nums">
          <span className="text-slate-400">length</span> {formatStat(stats.minLength)}–{formatStat(stats.maxLength)}
          {stats.avgLength !== null ? <span className="text-slate-400"> (avg {formatStat(stats.avgLength)})</span> : null}
        </span>
      ) : stats.trueFraction !== null ? (
        <span className="text-[11px] tabular-nums">
          <span className="text-slate-400">true</span> {formatFraction(stats.trueFraction)}
        </span>
      ) : null}
      <TopValues stats={stats} column={column.name} />
    </div>
  );
}

export function ColumnsTable({
  schemaId,
  schemaVersionId,
  table,
  relationships,
  pii,
}: {
  schemaId: string;
  schemaVersionId: string | undefined;
  table: SchemaTable;
  relationships: readonly Relationship[];
  pii: Map<string, PiiEntry>;
}) {
  const { can } = useSession();
  const canEdit = can("operator") && Boolean(schemaVersionId);
  const name = tableId(table);
  const fks = useMemo(() => foreignKeysOf(table, relationships), [table, relationships]);

  const columns = useMemo((): Column<SchemaColumn>[] => {
    const list: Column<SchemaColumn>[] = [
      {
        key: "name",
        header: "Column",
        sortValue: (c) => c.ordinal_position ?? c.name,
        cell: (c) => (
          <div className="flex flex-col gap-1">
            <span className="font-mono text-xs font-medium text-slate-900" title={c.comment ?? undefined}>
              {c.name}
            </span>
            <KeyBadges column={c} fks={fks.get(c.name)} />
          </div>
        ),
      },
      {
        key: "type",
        header: "Type · null · default",
        sortValue: (c) => c.data_type,
        cell: (c) => (
          <div className="flex max-w-52 flex-col gap-0.5">
            <span className="font-mono text-xs break-words">
              {c.data_type ?? "—"}
              {c.inferred_type && c.inferred_type !== c.data_type ? (
                <span className="ml-1 font-sans text-[11px] text-slate-400" title="Inferred type">
                  ({c.inferred_type})
                </span>
              ) : null}
            </span>
            <span className="text-[11px]">
              {c.nullable ? <span className="text-slate-500">nullable</span> : <span className="font-medium text-slate-700">not null</span>}
            </span>
            {c.default ? (
              <span className="truncate text-[11px] text-slate-500" title={`Default: ${c.default}`}>
                default <code className="font-mono text-slate-600">{c.default}</code>
              </span>
            ) : null}
          </div>
        ),
      },
      { key: "stats", header: "Statistics", cell: (c) => <StatsCell column={c} /> },
      {
        key: "pii",
        header: "PII",
        sortValue: (c) => {
          const type = pii.get(piiKey(name, c.name))?.pii_type ?? c.pii_type;
          return type && type !== "none" ? type : null;
        },
        cell: (c) => {
          const entry = pii.get(piiKey(name, c.name));
          const type = entry?.pii_type ?? c.pii_type;
          return (
            <div className="flex items-center gap-1">
              <PiiLabel entry={entry} type={c.pii_type} column={c.name} />
              {canEdit && schemaVersionId ? (
                <PiiOverride schemaId={schemaId} schemaVersionId={schemaVersionId} table={name} column={c.name} current={type} />
              ) : null}
            </div>
          );
        },
      },
    ];
    return list;
  }, [fks, pii, name, canEdit, schemaId, schemaVersionId]);

  return (
    <DataTable
      caption={`Columns of ${name}`}
      columns={columns}
      rows={table.columns}
      getRowKey={(c) => c.name}
      empty={<p className="px-4 py-8 text-center text-sm text-slate-500">This relation has no columns.</p>}
    />
  );
}
