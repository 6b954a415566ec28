// The relationship diagram: tables as boxes in columns by foreign-key depth, each foreign key an arrow
// from the referencing table to the referenced one (declared ones dashed). A box is focusable; a click,
// Enter or Space selects its table. Large schemas scroll inside the frame; the zoom buttons scale it.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { PiiEntry, Relationship, SchemaTable } from "@/api/queries/schemas";
import { Button } from "@/components";
import { cx } from "@/lib/cx";
import { formatNumber } from "@/lib/format";
import { layoutDiagram } from "../diagramLayout";
import { childId, parentId, piiColumnCount, relationshipKey, tableId } from "../schemaModel";

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25] as const;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function RelationshipDiagram({
  tables,
  relationships,
  pii,
  selected,
  onSelect,
}: {
  tables: readonly SchemaTable[];
  relationships: readonly Relationship[];
  pii: Map<string, PiiEntry>;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const markerBase = `fk-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [zoom, setZoom] = useState(3);
  const scale = ZOOMS[zoom] ?? 1;
  const byId = useMemo(() => new Map(tables.map((t) => [tableId(t), t])), [tables]);
  const layout = useMemo(
    () =>
      layoutDiagram(
        tables.map((t) => ({ id: tableId(t) })),
        relationships.map((r) => ({
          id: relationshipKey(r),
          child: childId(r),
          parent: parentId(r),
          userDefined: r.is_user_defined ?? false,
        })),
      ),
    [tables, relationships],
  );

  // Bring the selected table into view (it may have been chosen in the tables list, off-screen here).
  const boxRefs = useRef(new Map<string, SVGGElement>());
  useEffect(() => {
    if (!selected) return;
    try {
      boxRefs.current.get(selected)?.scrollIntoView({ block: "nearest", inline: "nearest" });
    } catch {
      // Not implemented everywhere (jsdom): scrolling is a nicety.
    }
  }, [selected, scale]);

  const related = useMemo(() => {
    const out = new Set<string>();
    if (!selected) return out;
    for (const arrow of layout.arrows) {
      if (arrow.child === selected) out.add(arrow.parent);
      if (arrow.parent === selected) out.add(arrow.child);
    }
    return out;
  }, [layout, selected]);

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, id: string) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(id);
    }
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-4 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1.5">
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="stroke-slate-400" strokeWidth="1.5" />
          </svg>
          Foreign key (child → referenced table)
        </span>
        <span className="inline-flex items-center gap-1.5">
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="stroke-violet-500" strokeWidth="1.5" strokeDasharray="4 3" />
          </svg>
          Declared by a user
        </span>
        <span>Columns left to right by foreign-key depth; tables without relationships below.</span>
        <span className="ml-auto inline-flex items-center gap-1">
          <Button size="sm" variant="ghost" aria-label="Zoom out" disabled={zoom === 0} onClick={() => setZoom(zoom - 1)}>
            −
          </Button>
          <span className="w-10 text-center tabular-nums" aria-live="polite">
            {Math.round(scale * 100)}%
          </span>
          <Button size="sm" variant="ghost" aria-label="Zoom in" disabled={zoom === ZOOMS.length - 1} onClick={() => setZoom(zoom + 1)}>
            +
          </Button>
        </span>
      </div>
      <div className="max-h-[40rem] overflow-auto rounded-lg border border-slate-200 bg-slate-50/60">
        <svg
          role="group"
          aria-label={`Relationship diagram: ${String(tables.length)} tables, ${String(layout.arrows.length)} foreign keys`}
          width={layout.width * scale}
          height={layout.height * scale}
          viewBox={`0 0 ${String(layout.width)} ${String(layout.height)}`}
          className="block"
        >
          <defs>
            <marker
              id={`${markerBase}-a`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="fill-slate-400" />
            </marker>
            <marker
              id={`${markerBase}-u`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="fill-violet-500" />
            </marker>
            <marker
              id={`${markerBase}-s`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="fill-indigo-600" />
            </marker>
          </defs>
          {layout.isolatedTop !== null && layout.layers.length > 0 ? (
            <text x={24} y={layout.isolatedTop - 16} className="fill-slate-400 text-[11px] font-medium">
              Tables without relationships
            </text>
          ) : null}
          <g>
            {layout.arrows.map((arrow) => {
              const lit = selected !== null && (arrow.child === selected || arrow.parent === selected);
              return (
                <path
                  key={arrow.id}
                  d={arrow.path}
                  fill="none"
                  data-testid="fk-arrow"
                  data-user-defined={arrow.userDefined ? "true" : "false"}
                  strokeWidth={lit ? 2 : 1.25}
                  strokeDasharray={arrow.userDefined ? "5 4" : undefined}
                  markerEnd={`url(#${markerBase}-${lit ? "s" : arrow.userDefined ? "u" : "a"})`}
                  className={cx(
                    lit ? "stroke-indigo-600" : arrow.userDefined ? "stroke-violet-500" : "stroke-slate-400",
                    selected && !lit && "opacity-40",
                  )}
                >
                  <title>{`${arrow.child} → ${arrow.parent}${arrow.userDefined ? " (declared)" : ""}`}</title>
                </path>
              );
            })}
          </g>
          {[...layout.boxes.values()].map((box) => {
            const table = byId.get(box.id);
            const isSelected = box.id === selected;
            const dim = selected !== null && !isSelected && !related.has(box.id);
            const piiCount = table ? piiColumnCount(table, pii) : 0;
            const rows = table?.row_count;
            const cols = table?.columns.length ?? 0;
            const detail = `${String(cols)} ${cols === 1 ? "col" : "cols"}${rows === null || rows === undefined ? "" : ` · ${table?.row_count_estimated ? "≈" : ""}${formatNumber(rows)} rows`}`;
            return (
              <g
                key={box.id}
                ref={(node) => {
                  if (node) boxRefs.current.set(box.id, node);
                  else boxRefs.current.delete(box.id);
                }}
                role="button"
                tabIndex={0}
                aria-pressed={isSelected}
                aria-label={`Table ${box.id}, ${detail}${piiCount > 0 ? `, ${String(piiCount)} PII columns` : ""}`}
                transform={`translate(${String(box.x)} ${String(box.y)})`}
                onClick={() => onSelect(box.id)}
                onKeyDown={(event) => onKeyDown(event, box.id)}
                className={cx(
                  "cursor-pointer outline-none [&:focus-visible>rect]:stroke-indigo-600 [&:focus-visible>rect]:stroke-[3]",
                  dim && "opacity-50",
                )}
              >
                <title>{box.id}</title>
                <rect
                  width={box.width}
                  height={box.height}
                  rx={8}
                  className={cx(isSelected ? "fill-indigo-50 stroke-indigo-600" : "fill-white stroke-slate-300")}
                  strokeWidth={isSelected ? 2 : 1}
                />
                <text
                  x={12}
                  y={20}
                  className={cx("font-mono text-[12px] font-semibold", isSelected ? "fill-indigo-800" : "fill-slate-800")}
                >
                  {shorten(box.id, 26)}
                </text>
                <text x={12} y={37} className="fill-slate-500 text-[11px]">
                  {shorten(detail, 30)}
                </text>
                {piiCount > 0 ? (
                  <g transform={`translate(${String(box.width - 40)} 27)`}>
                    <rect width={32} height={15} rx={7.5} className="fill-rose-50 stroke-rose-300" strokeWidth={1} />
                    <text x={16} y={11} textAnchor="middle" className="fill-rose-700 text-[9px] font-semibold">
                      PII
                    </text>
                  </g>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
