// DataTable: a typed table with sortable columns (click or Enter on a header), loading rows and an
// empty-state slot. Sorting is client-side, over the rows given (one page of a paged list).
import { useMemo, useState, type ReactNode } from "react";
import { cx } from "@/lib/cx";
import { sortRows } from "@/lib/sort";
import { SortIcon } from "./icons";
import { Skeleton } from "./Spinner";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Makes the column sortable by this value (nulls last). */
  sortValue?: (row: Row) => string | number | null | undefined;
  align?: "left" | "right";
  className?: string;
}

export interface SortState {
  key: string;
  direction: "asc" | "desc";
}

export interface DataTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[] | undefined;
  getRowKey: (row: Row) => string;
  /** Accessible name of the table (visually hidden). */
  caption: string;
  /** Shown instead of the body when there are no rows (e.g. an EmptyState). */
  empty?: ReactNode;
  loading?: boolean;
  initialSort?: SortState;
  rowClassName?: (row: Row) => string | undefined;
}

export function DataTable<Row>({
  columns,
  rows,
  getRowKey,
  caption,
  empty,
  loading = false,
  initialSort,
  rowClassName,
}: DataTableProps<Row>) {
  const [sort, setSort] = useState<SortState | undefined>(initialSort);
  const sorted = useMemo(() => {
    if (!rows) return [];
    if (!sort) return [...rows];
    return sortRows(
      rows,
      columns.find((c) => c.key === sort.key),
      sort.direction,
    );
  }, [rows, columns, sort]);

  const toggle = (key: string) => {
    setSort((prev) => (prev?.key === key ? { key, direction: prev.direction === "asc" ? "desc" : "asc" } : { key, direction: "asc" }));
  };

  const showEmpty = !loading && sorted.length === 0;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50/80">
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key ? sort.direction : false;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active === "asc" ? "ascending" : active === "desc" ? "descending" : column.sortValue ? "none" : undefined}
                  className={cx(
                    "px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase",
                    column.align === "right" ? "text-right" : "text-left",
                  )}
                >
                  {column.sortValue ? (
                    <button
                      type="button"
                      onClick={() => toggle(column.key)}
                      className={cx(
                        "inline-flex items-center gap-1 rounded uppercase hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600",
                        active && "text-slate-800",
                      )}
                    >
                      {column.header}
                      <SortIcon sortDirection={active} className="h-3.5 w-3.5" />
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {loading && sorted.length === 0
            ? Array.from({ length: 5 }, (_, r) => (
                <tr key={`loading-${String(r)}`} aria-hidden="true">
                  {columns.map((column) => (
                    <td key={column.key} className="px-4 py-3">
                      <Skeleton className="h-4 w-full max-w-32" />
                    </td>
                  ))}
                </tr>
              ))
            : sorted.map((row) => (
                <tr key={getRowKey(row)} className={cx("transition-colors hover:bg-slate-50/70", rowClassName?.(row))}>
                  {columns.map((column) => (
                    <td
                      key={column.key}
                      className={cx(
                        "px-4 py-2.5 align-middle text-slate-700",
                        column.align === "right" && "text-right tabular-nums",
                        column.className,
                      )}
                    >
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
      {loading && sorted.length === 0 ? (
        <span role="status" className="sr-only">
          Loading
        </span>
      ) : null}
      {showEmpty ? (
        <div className="border-t border-slate-100">
          {empty ?? <p className="px-4 py-8 text-center text-sm text-slate-500">Nothing to show.</p>}
        </div>
      ) : null}
    </div>
  );
}
