// Tables of a schema version (searchable list: kind, rows, partitions, PII columns) beside the selected
// table's header (relationships in and out, partitions) and its columns.
import { useMemo, useState } from "react";
import type { PiiEntry, Relationship, SchemaTable } from "@/api/queries/schemas";
import { Badge, EmptyState, TextInput } from "@/components";
import { SchemaIcon } from "@/components/icons";
import { cx } from "@/lib/cx";
import { formatNumber, humanize } from "@/lib/format";
import { childId, parentId, partitionsOf, piiColumnCount, tableId } from "../schemaModel";
import { ColumnsTable } from "./ColumnsTable";
import { Popover } from "./Popover";

export function RowCount({ table }: { table: SchemaTable }) {
  if (table.row_count === null || table.row_count === undefined) return <span className="text-slate-400">—</span>;
  return (
    <span className="tabular-nums" title={table.row_count_estimated ? "Estimated" : "Exact count"}>
      {table.row_count_estimated ? "≈" : ""}
      {formatNumber(table.row_count)}
    </span>
  );
}

function Partitions({ table }: { table: SchemaTable }) {
  const partitions = partitionsOf(table);
  if (partitions.length === 0) return null;
  return (
    <Popover title={`Partitions of ${tableId(table)}`} label={<Badge tone="teal">{partitions.length} partitions</Badge>}>
      <p className="mb-2 font-semibold text-slate-700">Partitions</p>
      <ul className="space-y-1">
        {partitions.map((p) => (
          <li key={p.name}>
            <span className="font-mono">{p.name}</span>
            {p.bound ? <span className="block font-mono text-[11px] text-slate-500">{p.bound}</span> : null}
          </li>
        ))}
      </ul>
    </Popover>
  );
}

function TableHeader({ table, relationships }: { table: SchemaTable; relationships: readonly Relationship[] }) {
  const id = tableId(table);
  const outgoing = relationships.filter((r) => childId(r) === id);
  const incoming = relationships.filter((r) => parentId(r) === id && childId(r) !== id);
  return (
    <div className="border-b border-slate-100 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-mono text-sm font-semibold text-slate-900">{id}</h3>
        {table.kind && table.kind !== "table" ? <Badge tone="blue">{humanize(table.kind)}</Badge> : null}
        <Partitions table={table} />
        <span className="ml-auto text-xs text-slate-500">
          <RowCount table={table} /> rows · {table.columns.length} {table.columns.length === 1 ? "column" : "columns"}
        </span>
      </div>
      {table.comment ? <p className="mt-1 text-xs text-slate-500">{table.comment}</p> : null}
      {outgoing.length > 0 || incoming.length > 0 ? (
        <p className="mt-1.5 text-xs text-slate-500">
          {outgoing.length > 0 ? (
            <>
              References <span className="font-mono text-slate-700">{[...new Set(outgoing.map(parentId))].join(", ")}</span>
            </>
          ) : null}
          {outgoing.length > 0 && incoming.length > 0 ? " · " : null}
          {incoming.length > 0 ? (
            <>
              Referenced by <span className="font-mono text-slate-700">{[...new Set(incoming.map(childId))].join(", ")}</span>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

export function TablesPanel({
  schemaId,
  schemaVersionId,
  tables,
  relationships,
  pii,
  selected,
  onSelect,
}: {
  schemaId: string;
  schemaVersionId: string | undefined;
  tables: readonly SchemaTable[];
  relationships: readonly Relationship[];
  pii: Map<string, PiiEntry>;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? tables.filter((t) => tableId(t).toLowerCase().includes(needle)) : tables;
  }, [tables, filter]);
  const current = tables.find((t) => tableId(t) === selected) ?? tables[0];

  if (tables.length === 0) {
    return (
      <EmptyState
        icon={<SchemaIcon className="h-5 w-5" />}
        title="No tables in this version"
        description="Discovery found no table or view in the schemas it read. Discover again with other database schemas."
      />
    );
  }

  return (
    <div className="grid grid-cols-[15rem_minmax(0,1fr)] gap-4">
      <div className="flex min-w-0 flex-col gap-2">
        <TextInput label="Find a table" placeholder="Table name" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <ul aria-label="Tables" className="max-h-[36rem] divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200">
          {shown.map((table) => {
            const id = tableId(table);
            const active = current && tableId(current) === id;
            const piiCount = piiColumnCount(table, pii);
            const partitions = table.partitions?.length ?? 0;
            return (
              <li key={id}>
                <button
                  type="button"
                  aria-current={active ? "true" : undefined}
                  onClick={() => onSelect(id)}
                  className={cx(
                    "flex w-full flex-col gap-1 px-3 py-2 text-left focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600",
                    active ? "bg-indigo-50" : "hover:bg-slate-50",
                  )}
                >
                  <span className={cx("truncate font-mono text-xs font-medium", active ? "text-indigo-700" : "text-slate-900")} title={id}>
                    {id}
                  </span>
                  <span className="flex flex-wrap items-center gap-1.5 text-[11px] text-slate-500">
                    {table.kind && table.kind !== "table" ? <Badge tone="blue">{humanize(table.kind)}</Badge> : null}
                    <span>
                      <RowCount table={table} /> rows
                    </span>
                    {partitions > 0 ? <Badge tone="teal">{partitions} partitions</Badge> : null}
                    {piiCount > 0 ? (
                      <Badge tone="red" title={`${String(piiCount)} columns hold personal data`}>
                        {piiCount} PII
                      </Badge>
                    ) : null}
                  </span>
                </button>
              </li>
            );
          })}
          {shown.length === 0 ? <li className="px-3 py-6 text-center text-xs text-slate-500">No table matches “{filter}”.</li> : null}
        </ul>
        <p className="text-xs text-slate-500">
          {shown.length === tables.length
            ? `${String(tables.length)} tables`
            : `${String(shown.length)} of ${String(tables.length)} tables`}
        </p>
      </div>
      {current ? (
        <div className="min-w-0 overflow-hidden rounded-lg border border-slate-200">
          <TableHeader table={current} relationships={relationships} />
          <ColumnsTable schemaId={schemaId} schemaVersionId={schemaVersionId} table={current} relationships={relationships} pii={pii} />
        </div>
      ) : null}
    </div>
  );
}
