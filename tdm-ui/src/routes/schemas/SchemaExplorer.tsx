// Schema Explorer (spec 14.1): schemas and versions, tables, columns, relationships, PII tags.
// STUB: replace this file's content; the routes /schemas and /schemas/$schemaId are wired in router.tsx.
import { getRouteApi } from "@tanstack/react-router";
import { Card, EmptyState, IdText, PageHeader } from "@/components";
import { SchemaIcon } from "@/components/icons";

export function SchemaExplorer() {
  return (
    <>
      <PageHeader
        title="Schema Explorer"
        description="Discovered schemas and their versions: tables, columns, relationships and PII tags."
      />
      <Card padded={false}>
        <EmptyState
          icon={<SchemaIcon className="h-5 w-5" />}
          title="The Schema Explorer arrives soon"
          description="Browse schemas, drill into tables and columns, and see which columns hold personal data."
        />
      </Card>
    </>
  );
}

const schemaRoute = getRouteApi("/app/schemas/$schemaId");

export function SchemaDetail() {
  const { schemaId } = schemaRoute.useParams();
  return (
    <>
      <PageHeader title="Schema" description={<IdText id={schemaId} full />} />
      <Card padded={false}>
        <EmptyState
          icon={<SchemaIcon className="h-5 w-5" />}
          title="Schema details arrive soon"
          description="Versions, tables, columns and PII tags of this schema."
        />
      </Card>
    </>
  );
}
