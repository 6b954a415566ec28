// RelativeTime: "5 min ago" in a <time> element (the exact time in its title), kept up to date.
import { formatDateTime, formatRelative } from "@/lib/format";
import { useNow } from "./useNow";

export function RelativeTime({ value, className }: { value: string | null | undefined; className?: string }) {
  const now = useNow();
  if (!value) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)} className={className}>
      {formatRelative(value, now)}
    </time>
  );
}
