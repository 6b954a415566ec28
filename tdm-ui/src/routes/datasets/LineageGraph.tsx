// The lineage graph of a dataset version: nodes left to right along the edges (source schema version ->
// subset -> masked -> environments), coloured by type, edges labelled with their operation, the current
// version highlighted. A node is focusable; click, Enter or Space selects it and the panel below links
// to its screen. The steps are also listed as a table (with their jobs) for reading without the drawing.
import { Link } from "@tanstack/react-router";
import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
import type { LineageGraphData } from "@/api/queries/datasets";
import { Badge, IdText, RelativeTime } from "@/components";
import { cx } from "@/lib/cx";
import { layoutLineage, NODE_HEIGHT, NODE_WIDTH, nodeKey } from "./lineageLayout";
import { DEFAULT_COLOURS, describeNode, NODE_COLOURS, operationLabel, typeLabel, type NodeLink, type NodeNames } from "./lineageNodes";

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function NodeLinkTo({ link, children, className }: { link: NodeLink; children: ReactNode; className?: string }) {
  switch (link.to) {
    case "/datasets/$datasetId":
      return (
        <Link to={link.to} params={link.params} className={className}>
          {children}
        </Link>
      );
    case "/schemas/$schemaId":
      return (
        <Link to={link.to} params={link.params} className={className}>
          {children}
        </Link>
      );
    case "/jobs/$jobId":
      return (
        <Link to={link.to} params={link.params} className={className}>
          {children}
        </Link>
      );
  }
}

function directionText(direction: string, depth: number): string {
  if (direction === "self") return "This dataset version";
  if (depth < 0) return direction === "upstream" ? "Upstream" : "Downstream";
  const steps = `${String(depth)} step${depth === 1 ? "" : "s"}`;
  return direction === "upstream" ? `${steps} upstream (it came from this)` : `${steps} downstream (made from it)`;
}

export function LineageGraph({ graph, names }: { graph: LineageGraphData; names: NodeNames }) {
  const layout = useMemo(() => layoutLineage(graph), [graph]);
  const rootKey = nodeKey(graph.root.type, graph.root.id);
  const [selected, setSelected] = useState<string>(rootKey);
  const markerId = `lineage-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const current = layout.nodes.get(selected) ?? layout.nodes.get(rootKey);
  const currentDescription = current ? describeNode(current.type, current.id, names) : null;
  const types = [...new Set([...layout.nodes.values()].map((n) => n.type))].sort();

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, key: string) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      setSelected(key);
    }
  };

  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap items-center gap-4 text-xs text-slate-500" aria-label="Node types">
        {types.map((type) => (
          <li key={type} className="inline-flex items-center gap-1.5">
            <span className={cx("h-2.5 w-2.5 rounded-sm", (NODE_COLOURS[type] ?? DEFAULT_COLOURS).dot)} aria-hidden="true" />
            {typeLabel(type)}
          </li>
        ))}
        <li className="ml-auto">Left to right: what was used → what was produced</li>
      </ul>
      <div className="max-h-[32rem] overflow-auto rounded-lg border border-slate-200 bg-slate-50/60">
        <svg
          role="group"
          aria-label={`Lineage graph: ${String(layout.nodes.size)} nodes, ${String(layout.edges.length)} steps`}
          viewBox={`0 0 ${String(layout.width)} ${String(layout.height)}`}
          // Shrinks to the frame down to 70% (text stays legible), then the frame scrolls.
          style={{ maxWidth: layout.width, minWidth: Math.round(layout.width * 0.7) }}
          className="block h-auto w-full"
        >
          <defs>
            <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="fill-slate-400" />
            </marker>
          </defs>
          {layout.edges.map((edge) => {
            const label = operationLabel(edge.operation);
            return (
              <g key={edge.key} data-testid="lineage-edge">
                <path d={edge.path} fill="none" className="stroke-slate-400" strokeWidth={1.5} markerEnd={`url(#${markerId})`}>
                  <title>{edge.operation ?? "lineage"}</title>
                </path>
                {label ? (
                  <text
                    x={edge.labelX}
                    y={edge.labelY}
                    textAnchor="middle"
                    className="fill-slate-600 text-[11px] font-medium"
                    paintOrder="stroke"
                    stroke="white"
                    strokeWidth={4}
                  >
                    {label}
                  </text>
                ) : null}
              </g>
            );
          })}
          {[...layout.nodes.values()].map((node) => {
            const colours = NODE_COLOURS[node.type] ?? DEFAULT_COLOURS;
            const description = describeNode(node.type, node.id, names);
            const isRoot = node.key === rootKey;
            const isSelected = node.key === current?.key;
            return (
              <g
                key={node.key}
                role="button"
                tabIndex={0}
                aria-pressed={isSelected}
                aria-label={`${description.typeLabel} ${description.name}${isRoot ? " (this dataset)" : ""}`}
                data-node-type={node.type}
                transform={`translate(${String(node.x)} ${String(node.y)})`}
                onClick={() => setSelected(node.key)}
                onKeyDown={(event) => onKeyDown(event, node.key)}
                className="cursor-pointer outline-none [&:focus-visible>rect.node]:stroke-indigo-600 [&:focus-visible>rect.node]:stroke-[3]"
              >
                <title>{`${description.typeLabel}: ${node.id}`}</title>
                {isRoot ? (
                  <rect
                    x={-4}
                    y={-4}
                    width={NODE_WIDTH + 8}
                    height={NODE_HEIGHT + 8}
                    rx={12}
                    className="fill-none stroke-indigo-300"
                    strokeWidth={3}
                  />
                ) : null}
                <rect
                  width={NODE_WIDTH}
                  height={NODE_HEIGHT}
                  rx={9}
                  className={cx("node", colours.fill, isSelected ? "stroke-indigo-600" : colours.stroke)}
                  strokeWidth={isSelected || isRoot ? 2 : 1.25}
                />
                <text x={12} y={20} className="fill-slate-500 text-[10px] font-semibold tracking-wide uppercase">
                  {description.typeLabel}
                </text>
                <text x={12} y={40} className={cx("font-mono text-[13px] font-semibold", colours.text)}>
                  {shorten(description.name, 21)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>

      {current && currentDescription ? (
        <div
          className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm"
          aria-live="polite"
        >
          <Badge tone={current.key === rootKey ? "indigo" : "slate"}>{currentDescription.typeLabel}</Badge>
          <span className="font-medium text-slate-900">{currentDescription.name}</span>
          <IdText id={current.id} full />
          <span className="text-xs text-slate-500">{directionText(current.direction, current.depth)}</span>
          {currentDescription.link && current.key !== rootKey ? (
            <NodeLinkTo link={currentDescription.link} className="ml-auto text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Open {currentDescription.typeLabel.toLowerCase()} →
            </NodeLinkTo>
          ) : null}
        </div>
      ) : null}

      <table className="w-full text-sm">
        <caption className="sr-only">Lineage steps</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-1.5 text-left font-medium">
              From
            </th>
            <th scope="col" className="py-1.5 text-left font-medium">
              Operation
            </th>
            <th scope="col" className="py-1.5 text-left font-medium">
              To
            </th>
            <th scope="col" className="py-1.5 text-left font-medium">
              Job
            </th>
            <th scope="col" className="py-1.5 text-left font-medium">
              When
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {graph.edges.map((edge) => {
            const from = describeNode(edge.source_type, edge.source_id, names);
            const to = describeNode(edge.target_type, edge.target_id, names);
            const end = (d: typeof from, key: string) => (
              <span className="inline-flex items-center gap-1.5">
                <span className="text-xs text-slate-500">{d.typeLabel}</span>
                {d.link && key !== rootKey ? (
                  <NodeLinkTo link={d.link} className="font-mono text-xs text-indigo-600 hover:underline">
                    {d.name}
                  </NodeLinkTo>
                ) : (
                  <span className={cx("font-mono text-xs", key === rootKey && "font-semibold text-slate-900")}>{d.name}</span>
                )}
              </span>
            );
            return (
              <tr key={edge.id}>
                <td className="py-1.5">{end(from, nodeKey(edge.source_type, edge.source_id))}</td>
                <td className="py-1.5 text-xs text-slate-600" title={edge.operation ?? undefined}>
                  {operationLabel(edge.operation) || "—"}
                </td>
                <td className="py-1.5">{end(to, nodeKey(edge.target_type, edge.target_id))}</td>
                <td className="py-1.5">
                  {edge.job_id ? (
                    <Link to="/jobs/$jobId" params={{ jobId: edge.job_id }} className="font-mono text-xs text-indigo-600 hover:underline">
                      {edge.job_id.slice(0, 8)}
                    </Link>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="py-1.5 text-xs text-slate-500">
                  <RelativeTime value={edge.created_at} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
