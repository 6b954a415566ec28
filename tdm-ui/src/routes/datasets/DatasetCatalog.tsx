// Dataset Catalog (spec 14.1): dataset versions with filters, metadata, lineage, download and provision.
// STUB: replace this file's content; the routes /datasets and /datasets/$datasetId are wired in router.tsx.
import { getRouteApi } from "@tanstack/react-router";
import { Card, EmptyState, IdText, PageHeader } from "@/components";
import { DatasetIcon } from "@/components/icons";

export function DatasetCatalog() {
  return (
    <>
      <PageHeader title="Dataset Catalog" description="Subset, masked and synthetic dataset versions, with their lineage." />
      <Card padded={false}>
        <EmptyState
          icon={<DatasetIcon className="h-5 w-5" />}
          title="The Dataset Catalog arrives soon"
          description="Find dataset versions, see where they came from, download them or provision them to an environment."
        />
      </Card>
    </>
  );
}

const datasetRoute = getRouteApi("/app/datasets/$datasetId");

export function DatasetDetail() {
  const { datasetId } = datasetRoute.useParams();
  return (
    <>
      <PageHeader title="Dataset version" description={<IdText id={datasetId} full />} />
      <Card padded={false}>
        <EmptyState
          icon={<DatasetIcon className="h-5 w-5" />}
          title="Dataset details arrive soon"
          description="Metadata, files, lineage and actions of this dataset version."
        />
      </Card>
    </>
  );
}
