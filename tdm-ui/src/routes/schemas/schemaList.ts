// The schema list's search (client-side, over the first page of up to 500 schemas) and source names.
import type { Connection, SchemaSummary } from "@/api/queries/schemas";

export const SCHEMAS_PAGE_SIZE = 25;

export function sourceLabel(schema: SchemaSummary, connections: Map<string, Connection>): { name: string; detail?: string } | null {
  if (!schema.source_connection_id) return null;
  const connection = connections.get(schema.source_connection_id);
  if (!connection) return { name: schema.source_connection_id.slice(0, 8), detail: schema.source_connection_id };
  return { name: connection.name, detail: connection.display_url ?? connection.type };
}

/** Schemas whose name, description or source name contains `search` (case-insensitive). */
export function filterSchemas(schemas: readonly SchemaSummary[], search: string, connections: Map<string, Connection>): SchemaSummary[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return [...schemas];
  return schemas.filter((s) =>
    [s.name, s.description ?? "", sourceLabel(s, connections)?.name ?? ""].some((text) => text.toLowerCase().includes(needle)),
  );
}
