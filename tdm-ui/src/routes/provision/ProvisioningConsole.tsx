// Provisioning Console (spec 14.1): load a dataset version into a target environment, with reset and smoke-test options.
// STUB: replace this file's content; its route is wired in router.tsx.
import { Card, EmptyState, PageHeader } from "@/components";
import { ServerIcon } from "@/components/icons";

export function ProvisioningConsole() {
  return (
    <>
      <PageHeader
        title="Provisioning Console"
        description="Load a dataset version into a target environment, with reset and smoke-test options."
      />
      <Card padded={false}>
        <EmptyState
          icon={<ServerIcon className="h-5 w-5" />}
          title="The Provisioning Console arrives soon"
          description="Choose a dataset version and an environment, then provision it as a job."
        />
      </Card>
    </>
  );
}
