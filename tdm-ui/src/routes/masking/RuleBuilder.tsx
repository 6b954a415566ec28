// Masking Rule Builder (spec 14.1): choose a schema version, pick a rule for each column, save the rule set.
// STUB: replace this file's content; its route is wired in router.tsx.
import { Card, EmptyState, PageHeader } from "@/components";
import { MaskIcon } from "@/components/icons";

export function RuleBuilder() {
  return (
    <>
      <PageHeader title="Masking Rule Builder" description="Choose a schema version, pick a rule for each column, save the rule set." />
      <Card padded={false}>
        <EmptyState
          icon={<MaskIcon className="h-5 w-5" />}
          title="The Masking Rule Builder arrives soon"
          description="Map table.column to a masking rule, preview the result and save rule sets for mask jobs."
        />
      </Card>
    </>
  );
}
