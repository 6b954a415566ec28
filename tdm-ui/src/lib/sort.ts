// Client-side sorting of table rows (DataTable).

/** How a column sorts its rows: a value per row (nulls and empty strings last). */
export interface SortableColumn<Row> {
  sortValue?: (row: Row) => string | number | null | undefined;
}

function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const aMissing = a === null || a === undefined || a === "";
  const bMissing = b === null || b === undefined || b === "";
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
}

/** Sort rows by a column (stable; missing values last in both directions). */
export function sortRows<Row>(rows: readonly Row[], column: SortableColumn<Row> | undefined, direction: "asc" | "desc"): Row[] {
  const value = column?.sortValue;
  if (!value) return [...rows];
  const sign = direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((x, y) => {
      const xMissing = x.key === null || x.key === undefined || x.key === "";
      const yMissing = y.key === null || y.key === undefined || y.key === "";
      if (xMissing || yMissing) return xMissing === yMissing ? x.index - y.index : xMissing ? 1 : -1;
      return sign * compare(x.key, y.key) || x.index - y.index;
    })
    .map((entry) => entry.row);
}
