// How lineage nodes read: a label per type, a name (environment and connection names, dataset names,
// short ids otherwise), a colour per type, and the screen a node opens when there is one.
import { shortId } from "@/lib/format";

export interface NodeNames {
  environments: Map<string, string>;
  connections: Map<string, string>;
  /** schema_version id -> schema id (known for the latest version of each schema). */
  schemaOfVersion: Map<string, string>;
  /** dataset_version id -> name, where known. */
  datasets: Map<string, string>;
}

export type NodeLink =
  | { to: "/datasets/$datasetId"; params: { datasetId: string } }
  | { to: "/schemas/$schemaId"; params: { schemaId: string } }
  | { to: "/jobs/$jobId"; params: { jobId: string } };

export interface NodeDescription {
  typeLabel: string;
  name: string;
  link: NodeLink | null;
}

const TYPE_LABELS: Record<string, string> = {
  dataset_version: "Dataset version",
  schema_version: "Schema version",
  schema: "Schema",
  environment: "Environment",
  connection: "Source connection",
  job: "Job",
  masking_rules: "Masking rules",
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

/** Fill/stroke classes of a node type (SVG). */
export const NODE_COLOURS: Record<string, { fill: string; stroke: string; text: string; dot: string }> = {
  dataset_version: { fill: "fill-emerald-50", stroke: "stroke-emerald-400", text: "fill-emerald-800", dot: "bg-emerald-400" },
  schema_version: { fill: "fill-indigo-50", stroke: "stroke-indigo-400", text: "fill-indigo-800", dot: "bg-indigo-400" },
  schema: { fill: "fill-indigo-50", stroke: "stroke-indigo-400", text: "fill-indigo-800", dot: "bg-indigo-400" },
  environment: { fill: "fill-amber-50", stroke: "stroke-amber-400", text: "fill-amber-900", dot: "bg-amber-400" },
  connection: { fill: "fill-slate-50", stroke: "stroke-slate-400", text: "fill-slate-800", dot: "bg-slate-400" },
  job: { fill: "fill-sky-50", stroke: "stroke-sky-400", text: "fill-sky-800", dot: "bg-sky-400" },
  masking_rules: { fill: "fill-violet-50", stroke: "stroke-violet-400", text: "fill-violet-800", dot: "bg-violet-400" },
};

export const DEFAULT_COLOURS = { fill: "fill-white", stroke: "stroke-slate-300", text: "fill-slate-800", dot: "bg-slate-300" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function describeNode(type: string, id: string, names: NodeNames): NodeDescription {
  const label = typeLabel(type);
  const short = UUID.test(id) ? shortId(id) : id;
  switch (type) {
    case "dataset_version":
      return { typeLabel: label, name: names.datasets.get(id) ?? short, link: { to: "/datasets/$datasetId", params: { datasetId: id } } };
    case "schema_version": {
      const schemaId = names.schemaOfVersion.get(id);
      return { typeLabel: label, name: short, link: schemaId ? { to: "/schemas/$schemaId", params: { schemaId } } : null };
    }
    case "schema":
      return { typeLabel: label, name: short, link: { to: "/schemas/$schemaId", params: { schemaId: id } } };
    case "job":
      return { typeLabel: label, name: short, link: { to: "/jobs/$jobId", params: { jobId: id } } };
    case "environment":
      return { typeLabel: label, name: names.environments.get(id) ?? short, link: null };
    case "connection":
      return { typeLabel: label, name: names.connections.get(id) ?? short, link: null };
    default:
      return { typeLabel: label, name: short, link: null };
  }
}

const OPERATION_LABELS: Record<string, string> = {
  discovered_from: "discovered",
  subset: "subset",
  derived_from: "derived",
  synthetic: "synthetic",
  provisioned_to: "provisioned",
  merged_into: "merged",
};

/** The edge's operation as a short verb (the raw name goes in the title). */
export function operationLabel(operation: string | null): string {
  if (!operation) return "";
  return OPERATION_LABELS[operation] ?? operation.replaceAll("_", " ");
}
