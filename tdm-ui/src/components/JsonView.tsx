// JsonView: pretty, collapsible JSON (objects and arrays fold; deeper levels start folded), with copy.
import { useState, type ReactNode } from "react";
import { cx } from "@/lib/cx";
import { CopyButton } from "./CopyButton";
import { ChevronIcon } from "./icons";

function Primitive({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-400">null</span>;
  if (typeof value === "string") return <span className="break-all text-emerald-700">&quot;{value}&quot;</span>;
  if (typeof value === "number") return <span className="text-sky-700 tabular-nums">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-violet-700">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

function Node({ name, value, depth, expandDepth }: { name: ReactNode; value: unknown; depth: number; expandDepth: number }) {
  const isArray = Array.isArray(value);
  const isObject = typeof value === "object" && value !== null;
  const [open, setOpen] = useState(depth < expandDepth);
  const label = name === null ? null : <span className="mr-1 text-slate-500">{name}:</span>;
  if (!isObject) {
    return (
      <div className="pl-4">
        {label}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = isArray
    ? (value as unknown[]).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const [openBracket, closeBracket] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="pl-4">
        {label}
        <span className="text-slate-500">
          {openBracket}
          {closeBracket}
        </span>
      </div>
    );
  }
  return (
    <div className={depth === 0 ? undefined : "pl-4"}>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="-ml-4 inline-flex items-center rounded text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <ChevronIcon className={cx("h-3.5 w-3.5 text-slate-400 transition-transform", open && "rotate-90")} />
        {label}
        <span className="text-slate-500">{openBracket}</span>
        {!open ? (
          <span className="text-slate-400">
            {" "}
            {entries.length} {isArray ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys"} {closeBracket}
          </span>
        ) : null}
      </button>
      {open ? (
        <>
          {entries.map(([key, child]) => (
            <Node key={key} name={isArray ? key : `"${key}"`} value={child} depth={depth + 1} expandDepth={expandDepth} />
          ))}
          <div className="text-slate-500">{closeBracket}</div>
        </>
      ) : null}
    </div>
  );
}

/** Any JSON value; `expandDepth` levels start open (2 by default). */
export function JsonView({
  value,
  expandDepth = 2,
  className,
  label = "JSON",
}: {
  value: unknown;
  expandDepth?: number;
  className?: string;
  label?: string;
}) {
  return (
    <div className={cx("relative rounded-lg border border-slate-200 bg-slate-50 font-mono text-xs leading-5", className)}>
      <div className="absolute top-2 right-2">
        <CopyButton text={JSON.stringify(value, null, 2)} label={`Copy ${label}`} />
      </div>
      <div className="overflow-x-auto p-3 pr-10 pl-7" aria-label={label} role="group">
        <Node name={null} value={value} depth={0} expandDepth={expandDepth} />
      </div>
    </div>
  );
}
