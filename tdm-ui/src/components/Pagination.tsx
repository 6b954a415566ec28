// Pagination: "1–25 of 312" and previous/next buttons for the API's {items, total, limit, offset} pages.
import { formatNumber } from "@/lib/format";
import { Button } from "./Button";

export function Pagination({
  total,
  limit,
  offset,
  onOffsetChange,
  busy = false,
}: {
  total: number;
  limit: number;
  offset: number;
  onOffsetChange: (offset: number) => void;
  /** A page is loading: the buttons wait. */
  busy?: boolean;
}) {
  if (total === 0) return null;
  const first = Math.min(total, offset + 1);
  const last = Math.min(total, offset + limit);
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-4 border-t border-slate-100 px-4 py-3 text-sm text-slate-600"
    >
      <p className="tabular-nums">
        <span className="font-medium text-slate-900">{formatNumber(first)}</span>–
        <span className="font-medium text-slate-900">{formatNumber(last)}</span> of{" "}
        <span className="font-medium text-slate-900">{formatNumber(total)}</span>
      </p>
      <div className="flex gap-2">
        <Button size="sm" disabled={busy || offset <= 0} onClick={() => onOffsetChange(Math.max(0, offset - limit))}>
          Previous
        </Button>
        <Button size="sm" disabled={busy || last >= total} onClick={() => onOffsetChange(offset + limit)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
