import { describe, expect, it } from "vitest";
import { fkDepths, layoutDiagram, type DiagramRelInput } from "./diagramLayout";
import { longestPathLayers } from "./graphLayers";
import { qualifiedName } from "./schemaModel";

const tables = (...ids: string[]) => ids.map((id) => ({ id }));
const fk = (child: string, parent: string, userDefined = false): DiagramRelInput => ({
  id: `${child}->${parent}`,
  child,
  parent,
  userDefined,
});

describe("fkDepths", () => {
  it("puts tables that reference nothing at depth 0 and each child one past its deepest parent", () => {
    const depths = fkDepths(tables("customers", "orders", "order_items", "products", "regions"), [
      fk("orders", "customers"),
      fk("order_items", "orders"),
      fk("order_items", "products"),
      fk("customers", "regions"),
    ]);
    expect(Object.fromEntries(depths)).toEqual({ regions: 0, products: 0, customers: 1, orders: 2, order_items: 3 });
  });

  it("terminates on cycles and self-references, with every table placed", () => {
    const depths = fkDepths(tables("a", "b", "c", "employees"), [fk("a", "b"), fk("b", "c"), fk("c", "a"), fk("employees", "employees")]);
    expect(depths.size).toBe(4);
    expect(depths.get("employees")).toBe(0);
    // One edge of the 3-cycle is dropped: the three tables end up on three distinct depths.
    expect(new Set([depths.get("a"), depths.get("b"), depths.get("c")])).toEqual(new Set([0, 1, 2]));
  });

  it("reports the edges it ignored and ignores edges to unknown tables", () => {
    const result = longestPathLayers(
      ["x", "y"],
      [
        { before: "x", after: "y" },
        { before: "y", after: "x" },
        { before: "x", after: "ghost" },
      ],
    );
    expect(result.backEdges).toHaveLength(1);
    expect(result.layers.flat().sort()).toEqual(["x", "y"]);
  });

  it("handles a long chain without recursion limits", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `t${String(i)}`);
    const rels = ids.slice(1).map((id, i) => fk(id, ids[i]!));
    const depths = fkDepths(tables(...ids), rels);
    expect(depths.get("t4999")).toBe(4999);
  });
});

describe("layoutDiagram", () => {
  it("places layers left to right and isolated tables in a grid below", () => {
    const layout = layoutDiagram(tables("customers", "orders", "audit_log", "settings"), [fk("orders", "customers", true)]);
    const customers = layout.boxes.get("customers")!;
    const orders = layout.boxes.get("orders")!;
    expect(customers.layer).toBe(0);
    expect(orders.layer).toBe(1);
    expect(orders.x).toBeGreaterThan(customers.x);
    expect(layout.isolated).toEqual(["audit_log", "settings"]);
    const audit = layout.boxes.get("audit_log")!;
    expect(audit.layer).toBeNull();
    expect(audit.y).toBeGreaterThan(Math.max(customers.y, orders.y) + customers.height);
    expect(layout.arrows).toEqual([expect.objectContaining({ child: "orders", parent: "customers", kind: "forward", userDefined: true })]);
    expect(layout.width).toBeGreaterThanOrEqual(orders.x + orders.width);
  });

  it("draws cycle and self edges without overlapping boxes", () => {
    const layout = layoutDiagram(tables("a", "b", "emp"), [fk("a", "b"), fk("b", "a"), fk("emp", "emp"), fk("emp", "a")]);
    const kinds = layout.arrows.map((a) => a.kind).sort();
    expect(kinds).toEqual(["back", "forward", "forward", "self"].sort());
    const boxes = [...layout.boxes.values()];
    for (const one of boxes) {
      for (const other of boxes) {
        if (one === other) continue;
        const overlap =
          one.x < other.x + other.width && other.x < one.x + one.width && one.y < other.y + other.height && other.y < one.y + one.height;
        expect(overlap).toBe(false);
      }
    }
  });

  it("lays out 40 tables with every table placed once", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, "0")}`);
    const rels = ids.slice(1).map((id, i) => fk(id, ids[Math.floor(i / 3)]!));
    const layout = layoutDiagram(tables(...ids), rels);
    expect(layout.boxes.size).toBe(40);
    expect(layout.arrows).toHaveLength(39);
    expect(layout.layers.flat()).toHaveLength(40);
  });
});

describe("qualifiedName", () => {
  it("names tables as users see them", () => {
    expect(qualifiedName("public", "orders")).toBe("orders");
    expect(qualifiedName("sales", "orders")).toBe("sales.orders");
    expect(qualifiedName("public", "dot.ted")).toBe('"dot.ted"');
  });
});
