// The columns of a schema version, table by table, PII first: pick one to give it a rule.
import { useState } from "react";
import { Badge, Checkbox, PiiBadge, TextInput } from "@/components";
import { cx } from "@/lib/cx";
import type { BuilderTable } from "./columns";
import { ConfidenceBadge } from "./RuleEditor";
import type { RuleMap } from "./rules";

export function ColumnList({
  tables,
  rules,
  selected,
  errors,
  onSelect,
}: {
  tables: readonly BuilderTable[];
  rules: RuleMap;
  selected: string | null;
  /** Targets whose rule the API refused. */
  errors: Record<string, string>;
  onSelect: (target: string) => void;
}) {
  const [query, setQuery] = useState("");
  const [piiOnly, setPiiOnly] = useState(false);
  const needle = query.trim().toLowerCase();
  const shown = tables
    .map((table) => ({
      ...table,
      columns: table.columns.filter(
        (column) => (!piiOnly || column.piiType || rules[column.target]) && (!needle || column.target.toLowerCase().includes(needle)),
      ),
    }))
    .filter((table) => table.columns.length > 0);

  return (
    <div>
      <div className="flex flex-wrap items-end gap-4 border-b border-slate-100 px-4 py-3">
        <TextInput
          label="Find a column"
          className="min-w-48 flex-1"
          type="search"
          placeholder="table or column"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <Checkbox className="pb-2" label="PII and ruled only" checked={piiOnly} onChange={(event) => setPiiOnly(event.target.checked)} />
      </div>
      <div className="max-h-[36rem] overflow-y-auto">
        {shown.length === 0 ? <p className="px-4 py-8 text-center text-sm text-slate-500">No column matches.</p> : null}
        {shown.map((table) => (
          <section key={table.name} aria-label={`Table ${table.name}`}>
            <h3 className="sticky top-0 z-10 flex items-center justify-between gap-2 border-b border-slate-100 bg-slate-50/95 px-4 py-1.5 text-xs font-semibold text-slate-600">
              <span className="font-mono">{table.name}</span>
              {table.piiCount > 0 ? <span className="font-normal text-slate-500">{table.piiCount} PII</span> : null}
            </h3>
            <ul>
              {table.columns.map((column) => {
                const rule = rules[column.target];
                const active = selected === column.target;
                return (
                  <li key={column.target}>
                    <button
                      type="button"
                      aria-current={active ? "true" : undefined}
                      aria-label={`${column.target}${column.piiType ? `, PII ${column.piiType}` : ""}${rule ? `, rule ${rule.type}` : ""}`}
                      onClick={() => onSelect(column.target)}
                      className={cx(
                        "flex w-full items-center gap-3 border-l-2 px-4 py-2 text-left text-sm transition-colors focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600",
                        active ? "border-indigo-600 bg-indigo-50/70" : "border-transparent hover:bg-slate-50",
                      )}
                    >
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-mono text-[13px] text-slate-900">{column.column.name}</span>
                        <span className="block truncate text-xs text-slate-500">{column.column.data_type ?? "—"}</span>
                      </span>
                      <span className="flex shrink-0 flex-wrap items-center justify-end gap-1.5">
                        {column.piiType ? (
                          <>
                            <PiiBadge type={column.piiType} />
                            <ConfidenceBadge confidence={column.confidence} />
                          </>
                        ) : null}
                        {rule ? (
                          <Badge tone={errors[column.target] ? "red" : "indigo"} dot>
                            <span className="font-mono">{rule.type.replace(/^mask\./, "")}</span>
                          </Badge>
                        ) : column.piiType && column.piiType !== "sensitive" ? (
                          <Badge tone="amber">No rule</Badge>
                        ) : null}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
