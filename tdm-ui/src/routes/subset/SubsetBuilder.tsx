// Subset Builder (spec 14.1): pick a schema and connection, a root table, filters and row limits, then run a subset.
// STUB: replace this file's content; its route is wired in router.tsx.
import { Card, EmptyState, PageHeader } from "@/components";
import { SubsetIcon } from "@/components/icons";

export function SubsetBuilder() {
  return (
    <>
      <PageHeader
        title="Subset Builder"
        description="Pick a schema and connection, a root table, filters and row limits, then run a subset."
      />
      <Card padded={false}>
        <EmptyState
          icon={<SubsetIcon className="h-5 w-5" />}
          title="The Subset Builder arrives soon"
          description="Build a referentially intact subset of a source database and run it as a job."
        />
      </Card>
    </>
  );
}
