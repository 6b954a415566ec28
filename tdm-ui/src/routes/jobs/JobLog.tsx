// The job's log: every event (or, without the stream, the stored log lines) with time, level, node, message.
import { Badge, EmptyState, type BadgeTone } from "@/components";
import { cx } from "@/lib/cx";
import { formatDateTime } from "@/lib/format";
import type { LogLine } from "./logLines";

const LEVEL_TONES: Record<string, BadgeTone> = { ERROR: "red", WARNING: "amber", INFO: "slate", DEBUG: "slate" };

function time(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString("en-GB", { hour12: false });
}

export function JobLog({ lines }: { lines: LogLine[] }) {
  if (lines.length === 0) return <EmptyState title="Nothing logged yet" description="Log lines appear as the job runs." />;
  return (
    <div className="max-h-[32rem] overflow-auto rounded-lg border border-slate-200 bg-slate-950 font-mono text-xs leading-6">
      <table className="w-full">
        <caption className="sr-only">Job log</caption>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key} className="align-top hover:bg-white/5">
              <td className="px-3 whitespace-nowrap text-slate-500 tabular-nums" title={formatDateTime(line.at)}>
                {time(line.at)}
              </td>
              <td className="px-1 whitespace-nowrap">
                <Badge tone={LEVEL_TONES[line.level ?? "INFO"] ?? "slate"} className="!px-1.5 !py-0 text-[10px]">
                  {line.level ?? "INFO"}
                </Badge>
              </td>
              <td className="px-2 whitespace-nowrap text-indigo-300">{line.node ?? ""}</td>
              <td
                className={cx(
                  "w-full px-3 break-words whitespace-pre-wrap",
                  line.level === "ERROR" ? "text-rose-300" : line.level === "WARNING" ? "text-amber-200" : "text-slate-200",
                )}
              >
                {line.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
