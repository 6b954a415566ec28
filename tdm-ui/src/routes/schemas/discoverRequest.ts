/** The body of POST /discover-schema from the dialog's fields ("public, sales" -> ["public", "sales"]). */
export function discoverRequest(connectionId: string, schemas: string): { connection_id: string; schemas?: string[] } {
  const names = schemas
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length ? { connection_id: connectionId, schemas: names } : { connection_id: connectionId };
}
