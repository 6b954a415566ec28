// Layout of the relationship diagram (pure): tables in columns by foreign-key depth (tables that
// reference nothing on the left, each referencing table one column right of the deepest table it
// references), cycles broken, tables without any relationship in a grid below; then the arrow paths.
import { longestPathLayers } from "./graphLayers";

export interface DiagramTableInput {
  id: string;
}

export interface DiagramRelInput {
  id: string;
  /** The referencing table (the foreign key's side). */
  child: string;
  /** The referenced table. */
  parent: string;
  userDefined: boolean;
}

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** FK depth; null for a table without relationships (in the grid below). */
  layer: number | null;
}

export interface DiagramArrow {
  id: string;
  child: string;
  parent: string;
  userDefined: boolean;
  /** forward: to a table further left; back: closes a cycle (or same column); self: a table to itself. */
  kind: "forward" | "back" | "self";
  path: string;
}

export interface DiagramLayout {
  boxes: Map<string, Box>;
  arrows: DiagramArrow[];
  /** Table ids per FK depth, top to bottom. */
  layers: string[][];
  /** Tables without any relationship. */
  isolated: string[];
  /** Where the grid of isolated tables starts (null when there are none). */
  isolatedTop: number | null;
  width: number;
  height: number;
}

export const BOX_WIDTH = 200;
export const BOX_HEIGHT = 48;
const GAP_X = 96;
const GAP_Y = 20;
const PAD = 24;
const ISOLATED_GAP = 56;
const MIN_GRID_COLUMNS = 4;

/** FK depth of each table: 0 when it references no other table (self-references and cycles do not count). */
export function fkDepths(tables: readonly DiagramTableInput[], relationships: readonly DiagramRelInput[]): Map<string, number> {
  return longestPathLayers(
    tables.map((t) => t.id),
    relationships.map((r) => ({ before: r.parent, after: r.child })),
  ).layer;
}

function arrowPath(kind: DiagramArrow["kind"], from: Box, to: Box, lane: number): string {
  // Lane 0 leaves from the middle, then alternately below and above it.
  const offset = lane === 0 ? 0 : (lane % 2 === 1 ? 1 : -1) * Math.ceil(lane / 2) * 7;
  if (kind === "self") {
    const x = from.x + from.width;
    const y1 = from.y + 12;
    const y2 = from.y + from.height - 12;
    return `M ${x} ${y1} C ${x + 36 + offset} ${y1 - 18}, ${x + 36 + offset} ${y2 + 18}, ${x} ${y2}`;
  }
  const sy = from.y + from.height / 2 + offset;
  const ey = to.y + to.height / 2;
  if (kind === "forward") {
    const sx = from.x;
    const ex = to.x + to.width;
    const dx = Math.max(32, (sx - ex) / 2);
    return `M ${sx} ${sy} C ${sx - dx} ${sy}, ${ex + dx} ${ey}, ${ex} ${ey}`;
  }
  // A back edge leaves and enters on the right, bulging out past both boxes.
  const sx = from.x + from.width;
  const ex = to.x + to.width;
  const bulge = Math.max(sx, ex) + 40 + offset;
  return `M ${sx} ${sy} C ${bulge} ${sy}, ${bulge} ${ey}, ${ex} ${ey}`;
}

export function layoutDiagram(tables: readonly DiagramTableInput[], relationships: readonly DiagramRelInput[]): DiagramLayout {
  const ids = new Set(tables.map((t) => t.id));
  const rels = relationships.filter((r) => ids.has(r.child) && ids.has(r.parent));
  const connected = new Set<string>();
  for (const rel of rels) {
    connected.add(rel.child);
    connected.add(rel.parent);
  }
  const { layers } = longestPathLayers(
    [...connected],
    rels.map((r) => ({ before: r.parent, after: r.child })),
  );
  const isolated = tables.map((t) => t.id).filter((id) => !connected.has(id));

  const boxes = new Map<string, Box>();
  const tallest = layers.reduce((max, layer) => Math.max(max, layer.length), 0);
  const columnHeight = tallest * BOX_HEIGHT + Math.max(0, tallest - 1) * GAP_Y;
  layers.forEach((layer, l) => {
    const height = layer.length * BOX_HEIGHT + Math.max(0, layer.length - 1) * GAP_Y;
    const top = PAD + (columnHeight - height) / 2;
    layer.forEach((id, i) => {
      boxes.set(id, {
        id,
        layer: l,
        width: BOX_WIDTH,
        height: BOX_HEIGHT,
        x: PAD + l * (BOX_WIDTH + GAP_X),
        y: top + i * (BOX_HEIGHT + GAP_Y),
      });
    });
  });

  const gridColumns = Math.max(layers.length, MIN_GRID_COLUMNS);
  let isolatedTop: number | null = null;
  if (isolated.length > 0) {
    isolatedTop = layers.length > 0 ? PAD + columnHeight + ISOLATED_GAP : PAD;
    const top = isolatedTop;
    isolated.forEach((id, i) => {
      const col = i % gridColumns;
      const row = Math.floor(i / gridColumns);
      boxes.set(id, {
        id,
        layer: null,
        width: BOX_WIDTH,
        height: BOX_HEIGHT,
        x: PAD + col * (BOX_WIDTH + GAP_X),
        y: top + row * (BOX_HEIGHT + GAP_Y),
      });
    });
  }

  // Several keys leaving the same table get their own lane so they do not overlap.
  const lanes = new Map<string, number>();
  const arrows: DiagramArrow[] = [];
  for (const rel of rels) {
    const from = boxes.get(rel.child);
    const to = boxes.get(rel.parent);
    if (!from || !to) continue;
    const kind: DiagramArrow["kind"] = rel.child === rel.parent ? "self" : (to.layer ?? 0) < (from.layer ?? 0) ? "forward" : "back";
    const lane = lanes.get(rel.child) ?? 0;
    lanes.set(rel.child, lane + 1);
    arrows.push({
      id: rel.id,
      child: rel.child,
      parent: rel.parent,
      userDefined: rel.userDefined,
      kind,
      path: arrowPath(kind, from, to, lane % 5),
    });
  }

  let width = PAD * 2;
  let height = PAD * 2;
  for (const box of boxes.values()) {
    width = Math.max(width, box.x + box.width + PAD);
    height = Math.max(height, box.y + box.height + PAD);
  }
  // Room for back edges and self-loops bulging right.
  if (arrows.some((a) => a.kind !== "forward")) width += 64;
  return { boxes, arrows, layers, isolated, isolatedTop, width, height };
}
