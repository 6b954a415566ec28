// Layout of a lineage graph (pure): left to right along the edges (what was used -> what was produced),
// each node one column right of its deepest source; cycles cannot loop (an edge closing one is drawn
// as a back edge). Edge paths and label positions are computed here too.
import type { LineageEdgeData, LineageGraphData } from "@/api/queries/datasets";
import { longestPathLayers } from "@/routes/schemas/graphLayers";

export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 56;
const GAP_X = 100;
const GAP_Y = 28;
const PAD = 24;

export interface PlacedNode {
  key: string;
  type: string;
  id: string;
  /** self (the dataset shown), upstream or downstream. */
  direction: string;
  depth: number;
  layer: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  key: string;
  from: string;
  to: string;
  operation: string | null;
  jobId: string | null;
  kind: "forward" | "back";
  path: string;
  labelX: number;
  labelY: number;
}

export interface LineageLayout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  layers: string[][];
  width: number;
  height: number;
}

export function nodeKey(type: string, id: string): string {
  return `${type}:${id}`;
}

function edgeEnds(edge: LineageEdgeData): [string, string] {
  return [nodeKey(edge.source_type, edge.source_id), nodeKey(edge.target_type, edge.target_id)];
}

export function layoutLineage(graph: LineageGraphData): LineageLayout {
  const info = new Map<string, { type: string; id: string; direction: string; depth: number }>();
  for (const node of graph.nodes)
    info.set(nodeKey(node.type, node.id), { type: node.type, id: node.id, direction: node.direction, depth: node.depth });
  const rootKey = nodeKey(graph.root.type, graph.root.id);
  if (!info.has(rootKey)) info.set(rootKey, { type: graph.root.type, id: graph.root.id, direction: "self", depth: 0 });
  // An edge may name a node the walk did not list (depth bound): draw it anyway.
  for (const edge of graph.edges) {
    const [from, to] = edgeEnds(edge);
    if (!info.has(from)) info.set(from, { type: edge.source_type, id: edge.source_id, direction: "upstream", depth: -1 });
    if (!info.has(to)) info.set(to, { type: edge.target_type, id: edge.target_id, direction: "downstream", depth: -1 });
  }

  const { layer, layers } = longestPathLayers(
    [...info.keys()],
    graph.edges.map((edge) => {
      const [before, after] = edgeEnds(edge);
      return { before, after };
    }),
  );

  const tallest = layers.reduce((max, l) => Math.max(max, l.length), 0);
  const columnHeight = tallest * NODE_HEIGHT + Math.max(0, tallest - 1) * GAP_Y;
  const nodes = new Map<string, PlacedNode>();
  layers.forEach((keys, l) => {
    const height = keys.length * NODE_HEIGHT + Math.max(0, keys.length - 1) * GAP_Y;
    const top = PAD + (columnHeight - height) / 2;
    keys.forEach((key, i) => {
      const node = info.get(key);
      if (!node) return;
      nodes.set(key, { key, ...node, layer: l, x: PAD + l * (NODE_WIDTH + GAP_X), y: top + i * (NODE_HEIGHT + GAP_Y) });
    });
  });

  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const [fromKey, toKey] = edgeEnds(edge);
    const from = nodes.get(fromKey);
    const to = nodes.get(toKey);
    if (!from || !to || fromKey === toKey) continue;
    const forward = (layer.get(toKey) ?? 0) > (layer.get(fromKey) ?? 0);
    let path: string;
    let labelX: number;
    let labelY: number;
    if (forward) {
      const sx = from.x + NODE_WIDTH;
      const sy = from.y + NODE_HEIGHT / 2;
      const ex = to.x;
      const ey = to.y + NODE_HEIGHT / 2;
      const dx = Math.max(40, (ex - sx) / 2);
      path = `M ${sx} ${sy} C ${sx + dx} ${sy}, ${ex - dx} ${ey}, ${ex} ${ey}`;
      labelX = (sx + ex) / 2;
      labelY = (sy + ey) / 2 - 6;
    } else {
      // Against the flow (a cycle): out of the bottom of one, into the bottom of the other, looping below.
      const sx = from.x + NODE_WIDTH / 2;
      const sy = from.y + NODE_HEIGHT;
      const ex = to.x + NODE_WIDTH / 2;
      const ey = to.y + NODE_HEIGHT;
      const low = Math.max(sy, ey) + 48;
      path = `M ${sx} ${sy} C ${sx} ${low}, ${ex} ${low}, ${ex} ${ey}`;
      labelX = (sx + ex) / 2;
      labelY = low - 8;
    }
    edges.push({
      key: edge.id,
      from: fromKey,
      to: toKey,
      operation: edge.operation,
      jobId: edge.job_id,
      kind: forward ? "forward" : "back",
      path,
      labelX,
      labelY,
    });
  }

  let width = PAD * 2;
  let height = PAD * 2;
  for (const node of nodes.values()) {
    width = Math.max(width, node.x + NODE_WIDTH + PAD);
    height = Math.max(height, node.y + NODE_HEIGHT + PAD);
  }
  if (edges.some((e) => e.kind === "back")) height += 56;
  return { nodes, edges, layers, width, height };
}
