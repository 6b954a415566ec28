// Synthetic Data Generator (spec 14.1): generate realistic data from a schema, UI pages or an API spec, with domain packs and row counts.
// STUB: replace this file's content; its route is wired in router.tsx.
import { Card, EmptyState, PageHeader } from "@/components";
import { SparkIcon } from "@/components/icons";

export function SyntheticGenerator() {
  return (
    <>
      <PageHeader
        title="Synthetic Data Generator"
        description="Generate realistic data from a schema, UI pages or an API spec, with domain packs and row counts."
      />
      <Card padded={false}>
        <EmptyState
          icon={<SparkIcon className="h-5 w-5" />}
          title="The Synthetic Data Generator arrives soon"
          description="Describe the data you need and generate it without touching production."
        />
      </Card>
    </>
  );
}
