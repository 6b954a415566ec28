// Test fixtures of the masking screens: the transformer registry as the API serves it (from
// tdm_agents.masking.rules.known_transformers()), and a small schema version with its PII map.
import type { MaskingRuleSet, PiiEntry, Transformer } from "@/api/queries/masking";
import type { Schema } from "@/api/types";

export const TRANSFORMERS: Transformer[] = [
  {
    name: "mask.date_shift",
    summary: "Shift dates by a keyed number of days; per entity (a column of the row) when given.",
    kinds: ["date", "text", "timestamp", "timestamptz"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        max_days: {
          default: 365,
          description: "Largest shift, in days, either way.",
          maximum: 36500,
          minimum: 1,
          title: "Max Days",
          type: "integer",
        },
        entity: {
          anyOf: [
            {
              type: "string",
            },
            {
              type: "null",
            },
          ],
          default: null,
          description: "Column of the row whose value picks the shift.",
          title: "Entity",
        },
      },
      title: "ShiftParams",
      type: "object",
    },
  },
  {
    name: "mask.email_deterministic",
    summary: "Same email -> same masked email, valid syntax, on a reserved domain (or the original one).",
    kinds: ["text"],
    unique_safe: true,
    params_schema: {
      additionalProperties: false,
      properties: {
        domain: {
          default: "example.com",
          description: "Domain of every masked address.",
          maxLength: 100,
          title: "Domain",
          type: "string",
        },
        keep_domain: {
          default: false,
          description: "Keep each address's own domain instead.",
          title: "Keep Domain",
          type: "boolean",
        },
      },
      title: "EmailParams",
      type: "object",
    },
  },
  {
    name: "mask.fake_address",
    summary: "A consistent made-up street address per value.",
    kinds: ["text"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {},
      title: "NoParams",
      type: "object",
    },
  },
  {
    name: "mask.fake_name",
    summary: "A consistent made-up first, last or full name per value (locale: en, fr, de, es, pt, it).",
    kinds: ["text"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        part: {
          default: "full",
          description: "first, last or full name.",
          enum: ["first", "last", "full"],
          title: "Part",
          type: "string",
        },
        locale: {
          default: "en",
          enum: ["en", "fr", "de", "es", "pt", "it"],
          title: "Locale",
          type: "string",
        },
      },
      title: "NameParams",
      type: "object",
    },
  },
  {
    name: "mask.fake_phone",
    summary: "Keyed replacement of a phone number's digits, keeping its format and country code.",
    kinds: ["text"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        keep_prefix: {
          anyOf: [
            {
              maximum: 6,
              minimum: 0,
              type: "integer",
            },
            {
              type: "null",
            },
          ],
          default: null,
          description: "Leading digits kept (default: the country code after '+').",
          title: "Keep Prefix",
        },
      },
      title: "PhoneParams",
      type: "object",
    },
  },
  {
    name: "mask.fpe_pan",
    summary: "FF1 format-preserving encryption of card numbers: keeps the BIN, the length and Luhn; reversible.",
    kinds: ["text"],
    unique_safe: true,
    params_schema: {
      additionalProperties: false,
      properties: {
        keep_first: {
          default: 6,
          description: "Leading digits kept (the issuer, BIN).",
          maximum: 8,
          minimum: 0,
          title: "Keep First",
          type: "integer",
        },
      },
      title: "PanParams",
      type: "object",
    },
  },
  {
    name: "mask.generalize",
    summary: "Coarsen values: numbers down to a bucket (bucket=1000), dates to their month or year.",
    kinds: ["date", "integer", "number", "timestamp", "timestamptz"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        bucket: {
          anyOf: [
            {
              exclusiveMinimum: 0,
              type: "number",
            },
            {
              type: "null",
            },
          ],
          default: null,
          description: "Numbers: the bucket width (e.g. 10, 1000).",
          title: "Bucket",
        },
        unit: {
          default: "month",
          description: "Dates: what to keep.",
          enum: ["month", "year"],
          title: "Unit",
          type: "string",
        },
      },
      title: "GeneralizeParams",
      type: "object",
    },
  },
  {
    name: "mask.hash",
    summary: "Keyed hash (HMAC-SHA256): text of a chosen alphabet and length; integers and uuids keep their type.",
    kinds: ["integer", "other", "text", "uuid"],
    unique_safe: true,
    params_schema: {
      additionalProperties: false,
      properties: {
        length: {
          anyOf: [
            {
              maximum: 128,
              minimum: 4,
              type: "integer",
            },
            {
              type: "null",
            },
          ],
          default: null,
          description: "Characters of output (default: 32, or the column's length).",
          title: "Length",
        },
        alphabet: {
          anyOf: [
            {
              enum: ["hex", "base32", "alnum", "digits", "letters"],
              type: "string",
            },
            {
              type: "null",
            },
          ],
          default: null,
          description: "hex, base32, alnum, digits or letters (default: hex, or alnum when a short unique column needs the density).",
          title: "Alphabet",
        },
        prefix: {
          default: "",
          description: "Text put before the hash, e.g. 'cust_'.",
          maxLength: 20,
          title: "Prefix",
          type: "string",
        },
      },
      title: "HashParams",
      type: "object",
    },
  },
  {
    name: "mask.json",
    summary: "Mask values inside JSON documents by path ($.a.b, $.items[*].c) with any other transformer.",
    kinds: ["json", "text"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        paths: {
          additionalProperties: true,
          description: "JSON path -> rule.",
          maxProperties: 200,
          minProperties: 1,
          title: "Paths",
          type: "object",
        },
      },
      required: ["paths"],
      title: "JsonParams",
      type: "object",
    },
  },
  {
    name: "mask.noise",
    summary: "Keyed multiplicative noise of at most pct percent, rounded to the column's scale.",
    kinds: ["integer", "number"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        pct: {
          default: 10.0,
          description: "Largest change, in percent of the value.",
          exclusiveMinimum: 0,
          maximum: 100,
          title: "Pct",
          type: "number",
        },
      },
      title: "NoiseParams",
      type: "object",
    },
  },
  {
    name: "mask.null",
    summary: "Set the value to NULL.",
    kinds: ["boolean", "date", "integer", "json", "number", "other", "text", "time", "timestamp", "timestamptz", "uuid"],
    unique_safe: true,
    params_schema: {
      additionalProperties: false,
      properties: {},
      title: "NoParams",
      type: "object",
    },
  },
  {
    name: "mask.partial",
    summary: "Keep the last N (and first M) characters and mask the others; a value too short is masked whole.",
    kinds: ["text"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        keep_last: {
          default: 4,
          maximum: 64,
          minimum: 0,
          title: "Keep Last",
          type: "integer",
        },
        keep_first: {
          default: 0,
          maximum: 64,
          minimum: 0,
          title: "Keep First",
          type: "integer",
        },
        mask_char: {
          default: "*",
          maxLength: 1,
          minLength: 1,
          title: "Mask Char",
          type: "string",
        },
      },
      title: "PartialParams",
      type: "object",
    },
  },
  {
    name: "mask.redact",
    summary: "Replace the value with a fixed text.",
    kinds: ["json", "other", "text"],
    unique_safe: false,
    params_schema: {
      additionalProperties: false,
      properties: {
        replacement: {
          default: "REDACTED",
          description: "The text every value becomes.",
          maxLength: 1000,
          title: "Replacement",
          type: "string",
        },
      },
      title: "RedactParams",
      type: "object",
    },
  },
  {
    name: "mask.tokenize",
    summary: "Replace with a token; the original is kept encrypted in the vault (detokenize: admins).",
    kinds: ["other", "text"],
    unique_safe: true,
    params_schema: {
      additionalProperties: false,
      properties: {
        prefix: {
          default: "tok_",
          description: "Text before every token.",
          maxLength: 20,
          title: "Prefix",
          type: "string",
        },
        length: {
          default: 16,
          description: "Characters after the prefix (base62).",
          maximum: 64,
          minimum: 8,
          title: "Length",
          type: "integer",
        },
      },
      title: "TokenizeParams",
      type: "object",
    },
  },
];

export const SCHEMA_ID = "5c1d0000-0000-4000-8000-000000000001";
export const VERSION_ID = "5c1d0000-0000-4000-8000-0000000000a2";
export const OLD_VERSION_ID = "5c1d0000-0000-4000-8000-0000000000a1";
export const CONNECTION_ID = "c0440000-0000-4000-8000-000000000001";
export const DATASET_ID = "da7a0000-0000-4000-8000-000000000001";
export const JOB_ID = "0b000000-0000-4000-8000-000000000001";

type Column = Schema<"ColumnOut">;
type Table = Schema<"TableOut">;

export function column(name: string, dataType: string, extra: Partial<Column> = {}): Column {
  return { name, data_type: dataType, nullable: true, is_primary_key: false, ...extra };
}

function table(schema: string, name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    schema,
    name,
    kind: "table",
    row_count_estimated: false,
    columns: columns.map((c, i) => ({ ordinal_position: i + 1, ...c })),
    ...extra,
  };
}

export const TABLES: Table[] = [
  table(
    "public",
    "orders",
    [
      column("id", "bigint", { is_primary_key: true, nullable: false }),
      column("customer_id", "integer"),
      column("status", "character varying(20)", {
        stats: {
          top_values: [
            { value: "shipped", count: 120, fraction: 0.6 },
            { value: "pending", count: 80, fraction: 0.4 },
          ],
        },
      }),
      column("total", "numeric(10,2)"),
      column("ordered_at", "timestamp without time zone"),
    ],
    { row_count: 2000 },
  ),
  table(
    "public",
    "customer",
    [
      column("id", "integer", { is_primary_key: true, nullable: false }),
      column("store_id", "integer"),
      column("first_name", "character varying(50)"),
      column("email", "character varying(100)"),
      column("card_number", "character varying(19)"),
      column("signup_date", "date"),
      column("active", "boolean"),
    ],
    { row_count: 500 },
  ),
  table("public", "active_customers", [column("id", "integer")], { kind: "view" }),
  table("sales", "invoices", [column("id", "integer", { is_primary_key: true, nullable: false }), column("iban", "character varying(34)")]),
];

const pii = (tableName: string, columnName: string, piiType: string, confidence: number, technique = "regex"): PiiEntry => ({
  table: tableName,
  column: columnName,
  pii_type: piiType,
  confidence,
  technique,
});

export const PII_MAP: Schema<"PIIMap"> = {
  schema_version_id: VERSION_ID,
  pii_map: [
    pii("customer", "email", "email", 0.98),
    pii("customer", "first_name", "first_name", 0.82, "name"),
    pii("customer", "card_number", "credit_card", 0.99),
    pii("sales.invoices", "iban", "iban", 0.95),
    pii("orders", "status", "none", 0.9),
  ],
};

export const SCHEMA: Schema<"SchemaOut"> = {
  id: SCHEMA_ID,
  name: "shop",
  description: null,
  source_connection_id: CONNECTION_ID,
  created_at: "2025-03-01T10:00:00Z",
  latest_version_id: VERSION_ID,
  latest_version_number: 2,
};

export const SCHEMA_DETAIL: Schema<"SchemaDetail"> = {
  ...SCHEMA,
  version: {
    id: VERSION_ID,
    schema_id: SCHEMA_ID,
    version_number: 2,
    discovered_at: "2025-03-02T10:00:00Z",
    status: "active",
    fingerprint: null,
    job_id: null,
  },
  counts: {},
  tables: TABLES,
  relationships: [],
};

export const VERSIONS: Schema<"Page_SchemaVersionOut_"> = {
  items: [
    {
      id: VERSION_ID,
      schema_id: SCHEMA_ID,
      version_number: 2,
      discovered_at: "2025-03-02T10:00:00Z",
      status: "active",
      fingerprint: null,
      job_id: null,
    },
    {
      id: OLD_VERSION_ID,
      schema_id: SCHEMA_ID,
      version_number: 1,
      discovered_at: "2025-03-01T10:00:00Z",
      status: "active",
      fingerprint: null,
      job_id: null,
    },
  ],
  total: 2,
  limit: 100,
  offset: 0,
};

export function ruleSet(overrides: Partial<MaskingRuleSet> = {}): MaskingRuleSet {
  return {
    id: "5e700000-0000-4000-8000-000000000001",
    name: "shop-pii",
    schema_version_id: VERSION_ID,
    dataset_version_id: null,
    rules_json: {
      "customer.email": "mask.email_deterministic",
      "customer.first_name": { type: "mask.fake_name", params: { part: "first" } },
    },
    version: 1,
    created_by: "ops",
    created_at: "2025-03-03T10:00:00Z",
    ...overrides,
  };
}

export const DATASET: Schema<"DatasetOut"> = {
  id: DATASET_ID,
  name: "shop-subset",
  schema_version_id: VERSION_ID,
  source_type: "subset",
  status: "active",
  path_prefix: "datasets/shop-subset",
  job_id: null,
  row_count: 1234,
  size_bytes: 2048,
  created_at: "2025-03-03T11:00:00Z",
};

export const page = <T>(items: T[]) => ({ items, total: items.length, limit: 500, offset: 0 });

/** The API of the builders: every read route they use, overridable per test. */
export function builderRoutes(overrides: Record<string, object> = {}): Record<string, object> {
  return {
    "GET /api/v1/schemas": page([SCHEMA]),
    [`GET /api/v1/schema/${SCHEMA_ID}/versions`]: VERSIONS,
    [`GET /api/v1/schema/${SCHEMA_ID}`]: SCHEMA_DETAIL,
    [`GET /api/v1/pii/${VERSION_ID}`]: PII_MAP,
    "GET /api/v1/masking/transformers": TRANSFORMERS,
    "GET /api/v1/rules/masking": page([ruleSet()]),
    "GET /api/v1/datasets": page([DATASET]),
    "GET /api/v1/connections": page([
      {
        id: CONNECTION_ID,
        name: "shop-prod",
        type: "postgresql",
        display_url: "postgresql://shop@db/shop",
        created_by: "admin",
        created_at: "2025-03-01T09:00:00Z",
        inline: false,
      },
    ]),
    ...overrides,
  };
}
