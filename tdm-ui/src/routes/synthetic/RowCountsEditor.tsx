// Row counts: table name -> rows, with suggestions from the chosen domain pack's entities or the schema
// version's tables. Tables left out get their default (pack) or source (database) count times `scale`.
import { useId } from "react";
import { Button, Field } from "@/components";
import { XIcon } from "@/components/icons";
import { formatNumber } from "@/lib/format";
import type { RowCountEntry } from "./request";

export interface TableSuggestion {
  table: string;
  /** Rows suggested (pack default, or the source's row count). */
  rows: number | null;
  /** Where it comes from: "pack ecommerce", "schema version". */
  from: string;
}

const CONTROL =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none " +
  "aria-[invalid=true]:ring-rose-400";

export function RowCountsEditor({
  rows,
  onChange,
  suggestions,
  errorFor,
  nextId,
}: {
  rows: readonly RowCountEntry[];
  onChange: (rows: RowCountEntry[]) => void;
  suggestions: readonly TableSuggestion[];
  /** The error of a row (client check or the API's "row_counts.<table>"). */
  errorFor: (row: RowCountEntry, index: number) => string | undefined;
  nextId: () => number;
}) {
  const listId = useId();
  const listed = new Set(rows.map((row) => row.table.trim()));
  const open = suggestions.filter((s) => !listed.has(s.table));

  const update = (id: number, patch: Partial<RowCountEntry>) => {
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  };
  const add = (items: readonly { table: string; count: number | null }[]) => {
    // An empty last row is reused rather than left behind.
    const kept = rows.filter((row) => row.table.trim() !== "" || row.count !== null);
    onChange([...kept, ...items.map((item) => ({ id: nextId(), ...item }))]);
  };

  return (
    <div className="space-y-3">
      {rows.length > 0 ? (
        <div role="group" aria-label="Row counts" className="space-y-2">
          <div className="grid grid-cols-[minmax(0,1fr)_10rem_2rem] gap-2 text-xs font-medium text-slate-500" aria-hidden="true">
            <span>Table</span>
            <span>Rows</span>
            <span />
          </div>
          {rows.map((row, index) => {
            const error = errorFor(row, index);
            const n = String(index + 1);
            return (
              <div key={row.id}>
                <div className="grid grid-cols-[minmax(0,1fr)_10rem_2rem] items-start gap-2">
                  <Field label={<span className="sr-only">Table {n}</span>} className="gap-0">
                    {(control) => (
                      <input
                        {...control}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${listId}-error-${n}` : undefined}
                        type="text"
                        list={listId}
                        value={row.table}
                        placeholder="customer"
                        className={`${CONTROL} font-mono`}
                        onChange={(e) => update(row.id, { table: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={<span className="sr-only">Rows of table {n}</span>} className="gap-0">
                    {(control) => (
                      <input
                        {...control}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${listId}-error-${n}` : undefined}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        step={1}
                        value={row.count ?? ""}
                        className={`${CONTROL} tabular-nums`}
                        onChange={(e) => update(row.id, { count: e.target.value === "" ? null : Number(e.target.value) })}
                      />
                    )}
                  </Field>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="mt-1 w-8 px-0"
                    aria-label={`Remove row count ${n}${row.table ? ` (${row.table})` : ""}`}
                    onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
                  >
                    <XIcon className="h-4 w-4" />
                  </Button>
                </div>
                {error ? (
                  <p id={`${listId}-error-${n}`} className="mt-1 text-xs font-medium text-rose-600">
                    {error}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      ) : (
        <p className="text-sm text-slate-500">
          No explicit counts: every table gets its default (pack) or source (database) row count, times the scale.
        </p>
      )}
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.table} value={s.table} />
        ))}
      </datalist>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={() => add([{ table: "", count: null }])}>
          Add a table
        </Button>
        {open.length > 1 ? (
          <Button size="sm" variant="ghost" onClick={() => add(open.map((s) => ({ table: s.table, count: s.rows })))}>
            Add all {open.length} suggested
          </Button>
        ) : null}
      </div>
      {open.length > 0 ? (
        <div>
          <p className="text-xs text-slate-500">Suggested tables (click to add):</p>
          <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Suggested tables">
            {open.slice(0, 40).map((s) => (
              <li key={s.table}>
                <button
                  type="button"
                  onClick={() => add([{ table: s.table, count: s.rows }])}
                  title={`From the ${s.from}`}
                  className="inline-flex items-center gap-1.5 rounded-full bg-slate-100 px-2.5 py-1 font-mono text-xs text-slate-700 hover:bg-indigo-50 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  aria-label={`Add ${s.table}${s.rows !== null ? ` with ${formatNumber(s.rows)} rows` : ""}`}
                >
                  + {s.table}
                  {s.rows !== null ? <span className="font-sans text-slate-500 tabular-nums">{formatNumber(s.rows)}</span> : null}
                </button>
              </li>
            ))}
            {open.length > 40 ? <li className="px-1 py-1 text-xs text-slate-500">and {open.length - 40} more</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
