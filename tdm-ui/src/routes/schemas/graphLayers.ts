// Layered graph layout (pure): layers by longest path from the nodes nothing points to, cycles broken
// (an edge that would close a cycle is ignored for layering), then an order inside each layer that
// follows the neighbours (barycentre sweeps) to keep lines short. Used by the schema diagram and lineage.

export interface LayerEdge {
  /** Comes first (left). */
  before: string;
  /** Comes after (right). */
  after: string;
}

export interface Layering {
  /** Node id -> layer (0 = leftmost). */
  layer: Map<string, number>;
  /** Node ids per layer, in their vertical order. */
  layers: string[][];
  /** Edges ignored for layering because they close a cycle (or are self-loops). */
  backEdges: LayerEdge[];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Layer of each node: 0 with no predecessor, else 1 + the deepest predecessor. A walk that comes back
 * to a node still being resolved (a cycle) drops that edge, so cycles terminate; self-loops are ignored.
 * Edges naming unknown nodes are ignored. Deterministic: nodes and predecessors are visited sorted.
 */
export function longestPathLayers(nodeIds: readonly string[], edges: readonly LayerEdge[]): Layering {
  const known = new Set(nodeIds);
  const preds = new Map<string, string[]>();
  for (const id of known) preds.set(id, []);
  const backEdges: LayerEdge[] = [];
  for (const edge of edges) {
    if (!known.has(edge.before) || !known.has(edge.after)) continue;
    if (edge.before === edge.after) {
      backEdges.push(edge);
      continue;
    }
    preds.get(edge.after)?.push(edge.before);
  }
  for (const list of preds.values()) list.sort(compareIds);

  const layer = new Map<string, number>();
  const state = new Map<string, "visiting" | "done">();
  const ignored = new Set<string>(); // "before\u0000after"

  // Iterative depth-first walk (no recursion limit on long chains).
  for (const start of [...known].sort(compareIds)) {
    if (state.get(start) === "done") continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, "visiting");
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (!frame) break;
      const list = preds.get(frame.id) ?? [];
      if (frame.next < list.length) {
        const pred = list[frame.next] ?? "";
        frame.next += 1;
        const seen = state.get(pred);
        if (seen === "visiting") {
          ignored.add(`${pred}\u0000${frame.id}`);
          backEdges.push({ before: pred, after: frame.id });
        } else if (seen === undefined) {
          state.set(pred, "visiting");
          stack.push({ id: pred, next: 0 });
        }
        continue;
      }
      let depth = 0;
      for (const pred of list) {
        if (ignored.has(`${pred}\u0000${frame.id}`)) continue;
        depth = Math.max(depth, (layer.get(pred) ?? 0) + 1);
      }
      layer.set(frame.id, depth);
      state.set(frame.id, "done");
      stack.pop();
    }
  }

  const count = layer.size === 0 ? 0 : Math.max(...layer.values()) + 1;
  const layers: string[][] = Array.from({ length: count }, () => []);
  for (const id of [...known].sort(compareIds)) layers[layer.get(id) ?? 0]?.push(id);
  orderLayers(layers, edges, layer);
  return { layer, layers, backEdges };
}

/** Reorder each layer by the mean position of its neighbours in the previous (then next) layer. */
function orderLayers(layers: string[][], edges: readonly LayerEdge[], layer: Map<string, number>): void {
  const neighbours = new Map<string, { prev: string[]; next: string[] }>();
  for (const id of layer.keys()) neighbours.set(id, { prev: [], next: [] });
  for (const { before, after } of edges) {
    const a = layer.get(before);
    const b = layer.get(after);
    if (a === undefined || b === undefined || before === after) continue;
    if (a < b) {
      neighbours.get(after)?.prev.push(before);
      neighbours.get(before)?.next.push(after);
    } else if (b < a) {
      neighbours.get(before)?.prev.push(after);
      neighbours.get(after)?.next.push(before);
    }
  }
  const position = new Map<string, number>();
  const index = (list: string[]) => list.forEach((id, i) => position.set(id, i));
  layers.forEach(index);
  const sweep = (list: string[], key: "prev" | "next") => {
    const weight = new Map<string, number>();
    list.forEach((id, i) => {
      const near = neighbours.get(id)?.[key] ?? [];
      const known = near.map((n) => position.get(n)).filter((p): p is number => p !== undefined);
      weight.set(id, known.length > 0 ? known.reduce((s, p) => s + p, 0) / known.length : i);
    });
    list.sort((a, b) => (weight.get(a) ?? 0) - (weight.get(b) ?? 0) || compareIds(a, b));
    index(list);
  };
  for (let pass = 0; pass < 2; pass += 1) {
    for (let i = 1; i < layers.length; i += 1) sweep(layers[i] ?? [], "prev");
    for (let i = layers.length - 2; i >= 0; i -= 1) sweep(layers[i] ?? [], "next");
  }
}
