import { describe, expect, it } from "vitest";
import type { LineageGraphData } from "@/api/queries/datasets";
import { layoutLineage, nodeKey } from "./lineageLayout";
import { describeNode, operationLabel } from "./lineageNodes";

let edgeCount = 0;
function edge(sourceType: string, sourceId: string, targetType: string, targetId: string, operation: string | null) {
  edgeCount += 1;
  return {
    id: `e${String(edgeCount)}`,
    source_type: sourceType,
    source_id: sourceId,
    target_type: targetType,
    target_id: targetId,
    operation,
    job_id: null,
    created_at: "2025-03-01T10:00:00Z",
  };
}

const chain: LineageGraphData = {
  root: { type: "dataset_version", id: "subset-1" },
  nodes: [
    { type: "dataset_version", id: "subset-1", direction: "self", depth: 0 },
    { type: "schema_version", id: "sv-1", direction: "upstream", depth: 1 },
    { type: "connection", id: "conn-1", direction: "upstream", depth: 2 },
    { type: "dataset_version", id: "masked-1", direction: "downstream", depth: 1 },
    { type: "environment", id: "env-qa", direction: "downstream", depth: 2 },
    { type: "environment", id: "env-dev", direction: "downstream", depth: 2 },
  ],
  edges: [
    edge("connection", "conn-1", "schema_version", "sv-1", "discovered_from"),
    edge("schema_version", "sv-1", "dataset_version", "subset-1", "subset"),
    edge("dataset_version", "subset-1", "dataset_version", "masked-1", "derived_from"),
    edge("dataset_version", "masked-1", "environment", "env-qa", "provisioned_to"),
    edge("dataset_version", "masked-1", "environment", "env-dev", "provisioned_to"),
  ],
};

describe("layoutLineage", () => {
  it("lays out source -> schema version -> subset -> masked -> environments left to right", () => {
    const layout = layoutLineage(chain);
    const layerOf = (type: string, id: string) => layout.nodes.get(nodeKey(type, id))!.layer;
    expect(layerOf("connection", "conn-1")).toBe(0);
    expect(layerOf("schema_version", "sv-1")).toBe(1);
    expect(layerOf("dataset_version", "subset-1")).toBe(2);
    expect(layerOf("dataset_version", "masked-1")).toBe(3);
    expect(layerOf("environment", "env-qa")).toBe(4);
    expect(layerOf("environment", "env-dev")).toBe(4);
    const qa = layout.nodes.get(nodeKey("environment", "env-qa"))!;
    const dev = layout.nodes.get(nodeKey("environment", "env-dev"))!;
    expect(qa.x).toBe(dev.x);
    expect(qa.y).not.toBe(dev.y);
    expect(layout.edges).toHaveLength(5);
    expect(layout.edges.every((e) => e.kind === "forward")).toBe(true);
    for (const e of layout.edges) {
      const from = layout.nodes.get(e.from)!;
      const to = layout.nodes.get(e.to)!;
      expect(e.labelX).toBeGreaterThan(from.x);
      expect(e.labelX).toBeLessThan(to.x);
    }
  });

  it("does not loop on a cycle and keeps every node", () => {
    const graph: LineageGraphData = {
      root: { type: "dataset_version", id: "a" },
      nodes: [
        { type: "dataset_version", id: "a", direction: "self", depth: 0 },
        { type: "dataset_version", id: "b", direction: "downstream", depth: 1 },
      ],
      edges: [
        edge("dataset_version", "a", "dataset_version", "b", "derived_from"),
        edge("dataset_version", "b", "dataset_version", "a", "derived_from"),
      ],
    };
    const layout = layoutLineage(graph);
    expect(layout.nodes.size).toBe(2);
    expect(layout.edges.map((e) => e.kind).sort()).toEqual(["back", "forward"]);
  });

  it("adds nodes that only edges name, and places the root alone", () => {
    const lonely = layoutLineage({ root: { type: "dataset_version", id: "x" }, nodes: [], edges: [] });
    expect([...lonely.nodes.keys()]).toEqual(["dataset_version:x"]);
    const partial = layoutLineage({
      root: { type: "dataset_version", id: "x" },
      nodes: [{ type: "dataset_version", id: "x", direction: "self", depth: 0 }],
      edges: [edge("schema_version", "sv", "dataset_version", "x", "synthetic")],
    });
    expect(partial.nodes.get("schema_version:sv")!.layer).toBe(0);
  });
});

describe("lineage nodes", () => {
  const names = {
    environments: new Map([["env-qa", "qa"]]),
    connections: new Map([["conn-1", "prod-replica"]]),
    schemaOfVersion: new Map([["sv-1", "schema-1"]]),
    datasets: new Map<string, string>(),
  };

  it("names nodes and links those that have a screen", () => {
    expect(describeNode("environment", "env-qa", names)).toEqual({ typeLabel: "Environment", name: "qa", link: null });
    expect(describeNode("connection", "conn-1", names).name).toBe("prod-replica");
    expect(describeNode("schema_version", "sv-1", names).link).toEqual({ to: "/schemas/$schemaId", params: { schemaId: "schema-1" } });
    expect(describeNode("schema_version", "sv-old", names).link).toBeNull();
    expect(describeNode("dataset_version", "3f2a9c1e-5b7d-4e21-9a0c-1234567890ab", names)).toMatchObject({
      name: "3f2a9c1e",
      link: { to: "/datasets/$datasetId" },
    });
    expect(operationLabel("provisioned_to")).toBe("provisioned");
    expect(operationLabel(null)).toBe("");
  });
});
