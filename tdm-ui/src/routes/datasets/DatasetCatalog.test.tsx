import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DatasetDetailData, DatasetSummary, LineageGraphData } from "@/api/queries/datasets";
import { json, mockApi, problem, renderApp, signIn, type FakeRequest } from "@/test/utils";
import { datasetListParams, NO_FILTERS } from "./datasetSearch";

const SUBSET_ID = "d0000000-0000-4000-8000-000000000001";
const MASKED_ID = "d0000000-0000-4000-8000-000000000002";
const SYNTH_ID = "d0000000-0000-4000-8000-000000000003";
const JOB_ID = "a0000000-0000-4000-8000-000000000001";
const SCHEMA_ID = "5c000000-0000-4000-8000-000000000001";
const SV_ID = "5e000000-0000-4000-8000-000000000002";
const SV_OLD = "5e000000-0000-4000-8000-000000000001";
const ENV_ID = "e0000000-0000-4000-8000-000000000001";

function summary(overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    id: SUBSET_ID,
    name: "orders subset",
    schema_version_id: SV_ID,
    source_type: "subset",
    status: "active",
    path_prefix: `datasets/${SUBSET_ID}/`,
    job_id: JOB_ID,
    row_count: 1500,
    size_bytes: 2_097_152,
    created_at: "2025-03-01T10:00:00Z",
    ...overrides,
  };
}

/** The pagination summary ("1–25 of 28"), split over several elements. */
const range = (text: string) => (_: string, element: Element | null) => element?.tagName === "P" && element.textContent === text;

const lineage: LineageGraphData = {
  root: { type: "dataset_version", id: MASKED_ID },
  nodes: [
    { type: "dataset_version", id: MASKED_ID, direction: "self", depth: 0 },
    { type: "dataset_version", id: SUBSET_ID, direction: "upstream", depth: 1 },
    { type: "schema_version", id: SV_ID, direction: "upstream", depth: 2 },
    { type: "environment", id: ENV_ID, direction: "downstream", depth: 1 },
  ],
  edges: [
    {
      id: "10000000-0000-4000-8000-000000000001",
      source_type: "schema_version",
      source_id: SV_ID,
      target_type: "dataset_version",
      target_id: SUBSET_ID,
      operation: "subset",
      job_id: JOB_ID,
      created_at: "2025-03-01T10:00:00Z",
    },
    {
      id: "10000000-0000-4000-8000-000000000002",
      source_type: "dataset_version",
      source_id: SUBSET_ID,
      target_type: "dataset_version",
      target_id: MASKED_ID,
      operation: "derived_from",
      job_id: null,
      created_at: "2025-03-01T11:00:00Z",
    },
    {
      id: "10000000-0000-4000-8000-000000000003",
      source_type: "dataset_version",
      source_id: MASKED_ID,
      target_type: "environment",
      target_id: ENV_ID,
      operation: "provisioned_to",
      job_id: null,
      created_at: "2025-03-01T12:00:00Z",
    },
  ],
};

function masked(overrides: Partial<DatasetDetailData> = {}): DatasetDetailData {
  return {
    ...summary({ id: MASKED_ID, name: "orders masked", source_type: "masked", row_count: 1500 }),
    files: [
      {
        table_name: "customers",
        object_key: `datasets/${MASKED_ID}/customers/part-0.parquet`,
        part_number: 0,
        row_count: 500,
        size_bytes: 1024,
        sha256: "a".repeat(64),
      },
      {
        table_name: "orders",
        object_key: `datasets/${MASKED_ID}/orders/part-0.parquet`,
        part_number: 0,
        row_count: 1000,
        size_bytes: 4096,
        sha256: "b".repeat(64),
      },
    ],
    metadata: {
      source_dataset_version_id: SUBSET_ID,
      key_id: "k0000000-0000-4000-8000-000000000001",
      key_name: "qa-key",
      rule_set_id: null,
      rules_applied: { "customers.email": { type: "fake_email", params: {}, origin: "pii" } },
      row_counts: { customers: 500, orders: 1000 },
      unmasked_pii: [],
      warnings: ["customers.notes: free text was not scanned"],
    },
    lineage,
    ...overrides,
  };
}

const schemas = {
  items: [
    {
      id: SCHEMA_ID,
      name: "shop",
      description: null,
      source_connection_id: null,
      created_at: "2025-03-01T10:00:00Z",
      latest_version_id: SV_ID,
      latest_version_number: 2,
    },
  ],
  total: 1,
  limit: 500,
  offset: 0,
};

const versions = {
  items: [
    {
      id: SV_ID,
      schema_id: SCHEMA_ID,
      version_number: 2,
      discovered_at: "2025-03-02T10:00:00Z",
      status: "active",
      fingerprint: null,
      job_id: null,
    },
    {
      id: SV_OLD,
      schema_id: SCHEMA_ID,
      version_number: 1,
      discovered_at: "2025-03-01T10:00:00Z",
      status: "active",
      fingerprint: null,
      job_id: null,
    },
  ],
  total: 2,
  limit: 500,
  offset: 0,
};

const commonRoutes = {
  "GET /api/v1/schemas": schemas,
  [`GET /api/v1/schema/${SCHEMA_ID}/versions`]: versions,
  "GET /api/v1/connections": { items: [], total: 0, limit: 500, offset: 0 },
  "GET /api/v1/environments": {
    items: [
      {
        id: ENV_ID,
        name: "qa",
        display_url: null,
        config: null,
        requires_approval: false,
        has_connection: true,
        created_at: "2025-01-01T00:00:00Z",
        updated_at: "2025-01-01T00:00:00Z",
      },
    ],
    total: 1,
    limit: 500,
    offset: 0,
  },
};

describe("dataset list", () => {
  it("builds the list request from the filters", () => {
    expect(datasetListParams(NO_FILTERS, 0)).toEqual({ limit: 25, offset: 0 });
    expect(datasetListParams({ sourceType: "masked", status: "active", schemaId: SCHEMA_ID, schemaVersionId: SV_ID }, 50)).toEqual({
      limit: 25,
      offset: 50,
      source_type: "masked",
      status: "active",
      schema_version_id: SV_ID,
    });
  });

  it("lists versions and sends the filters to the API, then pages", async () => {
    signIn("viewer");
    const { requests } = mockApi({
      ...commonRoutes,
      "GET /api/v1/datasets": ({ url }: FakeRequest) => {
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const items = Array.from({ length: offset === 0 ? 25 : 3 }, (_, i) =>
          summary({ id: `d0000000-0000-4000-8000-${String(offset + i).padStart(12, "0")}`, source_type: i % 2 ? "masked" : "subset" }),
        );
        return json({ items, total: 28, limit: 25, offset });
      },
    });
    const { user } = renderApp("/datasets");
    const table = await screen.findByRole("table", { name: "Dataset versions" });
    await within(table).findAllByRole("link", { name: /^d0000000/ });
    expect(within(table).getAllByText("Subset").length).toBeGreaterThan(0);
    expect(within(table).getAllByText("2.0 MiB").length).toBe(25);
    const datasetCalls = () => requests.filter((r) => r.url.pathname === "/api/v1/datasets");
    const last = () => datasetCalls().at(-1)!.url.searchParams;
    expect(last().get("limit")).toBe("25");
    expect(last().has("source_type")).toBe(false);

    await user.selectOptions(screen.getByLabelText("Type"), "masked");
    await waitFor(() => expect(last().get("source_type")).toBe("masked"));
    await user.selectOptions(screen.getByLabelText("Status"), "active");
    await waitFor(() => expect(last().get("status")).toBe("active"));
    await waitFor(() => expect(screen.getByLabelText("Schema")).toBeEnabled());
    await user.selectOptions(screen.getByLabelText("Schema"), "shop");
    await waitFor(() => expect(last().get("schema_version_id")).toBe(SV_ID));
    await waitFor(() => expect(screen.getByLabelText("Schema version")).toBeEnabled());
    await user.selectOptions(screen.getByLabelText("Schema version"), "Version 1");
    await waitFor(() => expect(last().get("schema_version_id")).toBe(SV_OLD));

    await user.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(last().get("offset")).toBe("25"));
    expect(last().get("source_type")).toBe("masked");

    // Clearing goes back to the first, unfiltered page (cached: no new request is needed).
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(screen.getByLabelText("Type")).toHaveValue("");
    expect(screen.getByLabelText("Status")).toHaveValue("");
    expect(screen.getByLabelText("Schema")).toHaveValue("");
    expect(screen.queryByLabelText("Schema version")).toBeNull();
    expect(await screen.findByText(range("1–25 of 28"))).toBeInTheDocument();
  });

  it("offers to clear filters that match nothing, and shows an empty catalog's next step", async () => {
    signIn("operator");
    mockApi({
      ...commonRoutes,
      "GET /api/v1/datasets": { items: [], total: 0, limit: 25, offset: 0 },
    });
    const { user } = renderApp("/datasets");
    expect(await screen.findByText("No dataset versions yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Build a subset →" })).toHaveAttribute("href", "/ui/subset");
    await user.selectOptions(screen.getByLabelText("Type"), "synthetic");
    expect(await screen.findByText("No dataset versions match these filters")).toBeInTheDocument();
  });

  it("shows the API's error as written", async () => {
    signIn("viewer");
    mockApi({ ...commonRoutes, "GET /api/v1/datasets": problem(422, "source_type: must be subset, masked or synthetic") });
    renderApp("/datasets");
    expect(await screen.findByText("source_type: must be subset, masked or synthetic")).toBeInTheDocument();
  });
});

describe("dataset detail", () => {
  function serve(detail: DatasetDetailData, extra: Record<string, unknown> = {}) {
    return mockApi({
      ...commonRoutes,
      [`GET /api/v1/dataset/${detail.id}`]: detail,
      [`GET /api/v1/lineage/dataset/${detail.id}`]: lineage,
      ...extra,
    });
  }

  it("shows the metadata in cards, and the raw JSON", async () => {
    signIn("viewer");
    serve(masked());
    const { user } = renderApp(`/datasets/${MASKED_ID}`);
    expect(await screen.findByRole("heading", { level: 1, name: "orders masked" })).toBeInTheDocument();
    expect(screen.getByText("qa-key")).toBeInTheDocument();
    expect(screen.getByText("customers.email")).toBeInTheDocument();
    expect(screen.getByText("fake_email")).toBeInTheDocument();
    expect(screen.getByText("customers.notes: free text was not scanned")).toBeInTheDocument();
    const rows = screen.getByRole("table", { name: "Rows per table" });
    expect(within(rows).getByText("1,000")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: SUBSET_ID.slice(0, 8) })).toHaveAttribute("href", `/ui/datasets/${SUBSET_ID}`);
    await user.click(screen.getByRole("tab", { name: "Metadata JSON" }));
    expect(screen.getByRole("group", { name: "metadata" })).toBeInTheDocument();
  });

  it("shows synthetic quality scores and checks", async () => {
    signIn("viewer");
    serve(
      masked({
        id: SYNTH_ID,
        name: null,
        source_type: "synthetic",
        metadata: {
          engine: "tdm",
          seed: 42,
          row_counts: { customers: 100 },
          quality: {
            quality_score: 0.874,
            quality_properties: { "Column Shapes": 0.91 },
            diagnostic_score: 1,
            diagnostic_properties: {},
            pairs: {},
          },
          checks: { foreign_keys: 3, unique_keys: 4, problems: [] },
          warnings: [],
        },
      }),
      { [`GET /api/v1/lineage/dataset/${SYNTH_ID}`]: { ...lineage, root: { type: "dataset_version", id: SYNTH_ID } } },
    );
    renderApp(`/datasets/${SYNTH_ID}`);
    expect(await screen.findByRole("heading", { level: 1, name: "Synthetic dataset" })).toBeInTheDocument();
    expect(screen.getByRole("meter", { name: "Quality score" })).toHaveAttribute("aria-valuenow", "87.4");
    expect(screen.getByRole("meter", { name: "Column Shapes" })).toHaveAttribute("aria-valuenow", "91");
    expect(screen.getByText(/3 foreign keys and 4 unique keys checked, all hold/)).toBeInTheDocument();
  });

  it("draws the lineage graph, with the current node highlighted and nodes linking to their screens", async () => {
    signIn("viewer");
    serve(masked());
    const { user } = renderApp(`/datasets/${MASKED_ID}`);
    await screen.findByRole("heading", { level: 1, name: "orders masked" });
    await user.click(screen.getByRole("tab", { name: /Lineage/ }));
    const graph = await screen.findByRole("group", { name: "Lineage graph: 4 nodes, 3 steps" });
    expect(graph.querySelectorAll("[data-testid=lineage-edge]")).toHaveLength(3);
    expect(within(graph).getByText("provisioned")).toBeInTheDocument();
    expect(
      within(graph)
        .getAllByText("subset")
        .some((node) => node.tagName.toLowerCase() === "text"),
    ).toBe(true);
    const current = within(graph).getByRole("button", { name: /\(this dataset\)/ });
    expect(current).toHaveAttribute("aria-pressed", "true");
    expect(await within(graph).findByRole("button", { name: "Environment qa" })).toBeInTheDocument();

    const upstream = within(graph).getByRole("button", { name: `Dataset version ${SUBSET_ID.slice(0, 8)}` });
    upstream.focus();
    await user.keyboard("{Enter}");
    expect(upstream).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("link", { name: "Open dataset version →" })).toHaveAttribute("href", `/ui/datasets/${SUBSET_ID}`);

    const steps = screen.getByRole("table", { name: "Lineage steps" });
    expect(within(steps).getByRole("link", { name: JOB_ID.slice(0, 8) })).toHaveAttribute("href", `/ui/jobs/${JOB_ID}`);
    // The schema version of the latest version links to its schema.
    expect(within(steps).getByRole("link", { name: SV_ID.slice(0, 8) })).toHaveAttribute("href", `/ui/schemas/${SCHEMA_ID}`);
  });

  it("lists the files with their sizes and download links", async () => {
    signIn("viewer");
    const { requests } = serve(masked(), {
      [`GET /api/v1/dataset/${MASKED_ID}/download`]: {
        dataset_version_id: MASKED_ID,
        expires_in: 900,
        files: masked().files.map((f) => ({
          table_name: f.table_name,
          object_key: f.object_key,
          url: `https://s3.example/${f.object_key}?X-Amz-Signature=abc`,
          size_bytes: f.size_bytes,
          sha256: f.sha256,
        })),
      },
    });
    const { user } = renderApp(`/datasets/${MASKED_ID}`);
    await screen.findByRole("heading", { level: 1, name: "orders masked" });
    expect(requests.some((r) => r.url.pathname.endsWith("/download"))).toBe(false);
    await user.click(screen.getByRole("tab", { name: /Files & download/ }));
    const files = await screen.findByRole("table", { name: "Files to download" });
    const link = within(files).getByRole("link", { name: "Download part-0.parquet (orders)" });
    expect(link).toHaveAttribute("href", `https://s3.example/datasets/${MASKED_ID}/orders/part-0.parquet?X-Amz-Signature=abc`);
    expect(within(files).getByText("4.0 KiB")).toBeInTheDocument();
    expect(within(files).getByText("1,000")).toBeInTheDocument();
    expect(screen.getByText(/2 files · 5.0 KiB/)).toBeInTheDocument();
    expect(screen.getByText(/15 min 00 s/)).toBeInTheDocument();
  });

  it("does not ask for download links of a version that is not active", async () => {
    signIn("operator");
    const { requests } = serve(masked({ status: "writing" }));
    const { user } = renderApp(`/datasets/${MASKED_ID}`);
    await screen.findByRole("heading", { level: 1, name: "orders masked" });
    expect(screen.queryByRole("link", { name: /Provision this dataset/ })).toBeNull();
    await user.click(screen.getByRole("tab", { name: /Files & download/ }));
    expect(screen.getByText("Only active dataset versions can be downloaded.")).toBeInTheDocument();
    expect(requests.some((r) => r.url.pathname.endsWith("/download"))).toBe(false);
  });

  it("links operators to provisioning with the dataset preselected; viewers get no such action", async () => {
    signIn("operator");
    serve(masked());
    const first = renderApp(`/datasets/${MASKED_ID}`);
    const action = await screen.findByRole("link", { name: /Provision this dataset/ });
    expect(action).toHaveAttribute("href", `/ui/provision?dataset=${MASKED_ID}`);
    first.unmount();

    signIn("viewer");
    serve(masked());
    renderApp(`/datasets/${MASKED_ID}`);
    await screen.findByRole("heading", { level: 1, name: "orders masked" });
    expect(screen.queryByRole("link", { name: /Provision this dataset/ })).toBeNull();
  });

  it("says when the dataset version does not exist", async () => {
    signIn("viewer");
    mockApi({ ...commonRoutes, [`GET /api/v1/dataset/${MASKED_ID}`]: problem(404, `dataset version ${MASKED_ID} not found`) });
    renderApp(`/datasets/${MASKED_ID}`);
    expect(await screen.findByText("Dataset version not found")).toBeInTheDocument();
    expect(screen.getByText(`dataset version ${MASKED_ID} not found`)).toBeInTheDocument();
  });
});
