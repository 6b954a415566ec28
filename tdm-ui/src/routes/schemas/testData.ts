// Test data of the Schema Explorer tests (API shapes).
import type { PiiMap, SchemaDetailData, SchemaDiffData, SchemaSummary, SchemaVersion } from "@/api/queries/schemas";

export const SCHEMA_ID = "5c1e0a2b-0000-4000-8000-000000000001";
export const VERSION_ID = "5c1e0a2b-0000-4000-8000-0000000000a2";
export const VERSION1_ID = "5c1e0a2b-0000-4000-8000-0000000000a1";
export const CONNECTION_ID = "c0000000-0000-4000-8000-000000000001";

export function schemaSummary(overrides: Partial<SchemaSummary> = {}): SchemaSummary {
  return {
    id: SCHEMA_ID,
    name: "shop",
    description: "Web shop database",
    source_connection_id: CONNECTION_ID,
    created_at: "2025-03-01T10:00:00Z",
    latest_version_id: VERSION_ID,
    latest_version_number: 2,
    ...overrides,
  };
}

export const schemaList = {
  items: [
    schemaSummary(),
    schemaSummary({
      id: "5c1e0a2b-0000-4000-8000-000000000002",
      name: "billing",
      description: null,
      source_connection_id: null,
      latest_version_id: null,
      latest_version_number: 1,
    }),
    schemaSummary({ id: "5c1e0a2b-0000-4000-8000-000000000003", name: "hr", description: "People", source_connection_id: null }),
  ],
  total: 3,
  limit: 500,
  offset: 0,
};

export const connections = {
  items: [
    {
      id: CONNECTION_ID,
      name: "prod-replica",
      type: "postgres",
      display_url: "postgresql://reader@db:5432/shop",
      created_by: "admin",
      created_at: "2025-01-01T00:00:00Z",
      inline: false,
    },
  ],
  total: 1,
  limit: 500,
  offset: 0,
};

export function version(number: number, id: string): SchemaVersion {
  return {
    id,
    schema_id: SCHEMA_ID,
    version_number: number,
    discovered_at: `2025-03-0${String(number)}T10:00:00Z`,
    status: "active",
    fingerprint: null,
    job_id: null,
  };
}

export const versions = { items: [version(2, VERSION_ID), version(1, VERSION1_ID)], total: 2, limit: 500, offset: 0 };

export function schemaDetail(overrides: Partial<SchemaDetailData> = {}): SchemaDetailData {
  return {
    ...schemaSummary(),
    version: version(2, VERSION_ID),
    counts: { tables: 2, columns: 5, relationships: 1 },
    tables: [
      {
        schema: "public",
        name: "customers",
        kind: "table",
        row_count: 1200,
        row_count_estimated: false,
        partitions: null,
        columns: [
          {
            name: "id",
            data_type: "integer",
            nullable: false,
            is_primary_key: true,
            ordinal_position: 1,
            stats: { null_fraction: 0, distinct_count: 1200, distinct_ratio: 1, min: 1, max: 1200 },
          },
          {
            name: "email",
            data_type: "text",
            nullable: true,
            is_primary_key: false,
            ordinal_position: 2,
            pii_type: "email",
            stats: { null_fraction: 0.02, distinct_count: 1176, distinct_ratio: 1 },
          },
          {
            name: "status",
            data_type: "text",
            nullable: false,
            is_primary_key: false,
            ordinal_position: 3,
            default: "'active'::text",
            stats: {
              null_fraction: 0,
              distinct_count: 2,
              distinct_ratio: 0.0017,
              top_values: [
                { value: "active", count: 1100, fraction: 0.9167 },
                { value: "closed", count: 100, fraction: 0.0833 },
              ],
            },
          },
        ],
      },
      {
        schema: "public",
        name: "orders",
        kind: "partitioned_table",
        row_count: 50000,
        row_count_estimated: true,
        partitions: [
          { schema: "public", name: "orders_2024", bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
          { schema: "public", name: "orders_2025", bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" },
        ],
        columns: [
          { name: "id", data_type: "bigint", nullable: false, is_primary_key: true, ordinal_position: 1 },
          { name: "customer_id", data_type: "integer", nullable: false, is_primary_key: false, ordinal_position: 2 },
        ],
      },
    ],
    relationships: [
      {
        name: "orders_customer_fk",
        parent_schema: "public",
        parent_table: "customers",
        parent_columns: ["id"],
        child_schema: "public",
        child_table: "orders",
        child_columns: ["customer_id"],
        on_delete: "CASCADE",
        is_user_defined: false,
      },
    ],
    ...overrides,
  };
}

export const piiMap: PiiMap = {
  schema_version_id: VERSION_ID,
  pii_map: [
    {
      table: "customers",
      column: "email",
      pii_type: "email",
      confidence: 0.97,
      technique: "merged",
      evidence: { patterns: ["email"], match_rate: 0.98, name_tokens: ["email"] },
    },
    { table: "customers", column: "status", pii_type: "none", confidence: 0.9, technique: "name" },
  ],
};

export const diff: SchemaDiffData = {
  schema_id: SCHEMA_ID,
  from_version: 1,
  to_version: 2,
  from_version_id: VERSION1_ID,
  to_version_id: VERSION_ID,
  changed: true,
  summary: {
    tables_added: 1,
    tables_removed: 1,
    tables_changed: 1,
    columns_added: 1,
    columns_removed: 1,
    columns_changed: 1,
    foreign_keys_added: 1,
  },
  tables: { added: ["orders"], removed: ["legacy_orders"], changed: ["customers"] },
  columns: {
    added: [{ table: "customers", column: "status", data_type: "text", nullable: false }],
    removed: [{ table: "customers", column: "fax", data_type: "text", nullable: true }],
    changed: [{ table: "customers", column: "email", changes: { data_type: { from: "varchar(100)", to: "text" } } }],
  },
  keys: {
    primary_keys: [],
    unique: { added: [], removed: [] },
    foreign_keys: {
      added: [
        {
          name: "orders_customer_fk",
          child_table: "orders",
          child_columns: ["customer_id"],
          parent_table: "customers",
          parent_columns: ["id"],
          is_user_defined: false,
        },
      ],
      removed: [],
    },
  },
};
