// A column's PII label: the type's badge with the classifier's confidence; the popover tells how the
// label was reached (technique, evidence, who reviewed it). "none" shows nothing.
import type { PiiEntry } from "@/api/queries/schemas";
import { Badge, PiiBadge, RelativeTime } from "@/components";
import { humanize } from "@/lib/format";
import { formatFraction, isPii } from "../schemaModel";
import { Popover } from "./Popover";

function EvidenceValue({ value, depth }: { value: unknown; depth: number }) {
  if (value === null || value === undefined) return <span className="text-slate-400">—</span>;
  if (typeof value === "number") return <span className="tabular-nums">{Number.isInteger(value) ? value : value.toFixed(3)}</span>;
  if (typeof value === "string" || typeof value === "boolean") return <span className="break-words">{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) return <span className="break-words">{value.map(String).join(", ")}</span>;
    return <code className="font-mono text-[11px] break-all">{JSON.stringify(value)}</code>;
  }
  if (depth >= 2) return <code className="font-mono text-[11px] break-all">{JSON.stringify(value)}</code>;
  return <EvidenceList evidence={value as Record<string, unknown>} depth={depth + 1} />;
}

export function EvidenceList({ evidence, depth = 0 }: { evidence: Record<string, unknown>; depth?: number }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <dl className={depth > 0 ? "mt-0.5 space-y-0.5 border-l border-slate-200 pl-2" : "space-y-1"}>
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt className="inline font-medium text-slate-500">{humanize(key)}: </dt>
          <dd className="inline text-slate-800">
            <EvidenceValue value={value} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function PiiLabel({ entry, type, column }: { entry: PiiEntry | undefined; type: string | null | undefined; column: string }) {
  const piiType = entry?.pii_type ?? type;
  if (!isPii(piiType)) {
    return entry?.reviewed_by ? (
      <span className="text-xs text-slate-400" title={`Reviewed by ${entry.reviewed_by}: no personal data`}>
        none (reviewed)
      </span>
    ) : (
      <span className="text-slate-400">—</span>
    );
  }
  const confidence = entry?.confidence;
  const manual = entry?.technique === "manual" || Boolean(entry?.reviewed_by);
  return (
    <Popover
      title={`PII label of ${column}: ${humanize(piiType)}`}
      label={
        <>
          <PiiBadge type={piiType} />
          {manual ? (
            <span className="text-[11px] text-slate-500">reviewed</span>
          ) : typeof confidence === "number" ? (
            <span className="text-[11px] text-slate-500 tabular-nums">{formatFraction(confidence)}</span>
          ) : null}
        </>
      }
    >
      <div className="space-y-2">
        <div className="flex items-center gap-2">
          <PiiBadge type={piiType} />
          {entry?.technique ? <Badge tone={manual ? "indigo" : "slate"}>{humanize(entry.technique)}</Badge> : null}
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-500">Confidence</dt>
          <dd className="tabular-nums">{typeof confidence === "number" ? formatFraction(confidence) : "—"}</dd>
          {entry?.reviewed_by ? (
            <>
              <dt className="text-slate-500">Reviewed by</dt>
              <dd>
                {entry.reviewed_by}
                {entry.reviewed_at ? (
                  <>
                    {", "}
                    <RelativeTime value={entry.reviewed_at} />
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
        {entry?.evidence && Object.keys(entry.evidence).length > 0 ? (
          <div>
            <p className="mb-1 font-semibold text-slate-700">Evidence</p>
            <EvidenceList evidence={entry.evidence} />
          </div>
        ) : entry ? (
          <p className="text-slate-500">No evidence recorded for this label.</p>
        ) : (
          <p className="text-slate-500">From the schema version; the PII map gives no detail for this column.</p>
        )}
      </div>
    </Popover>
  );
}
