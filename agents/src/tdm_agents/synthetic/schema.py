"""The normalized schema of synthetic generation: a `tdm_core` `SchemaSnapshot`, whatever its origin.

A database schema version already is one. An OpenAPI spec, a crawled web form and a domain pack are
turned into one by their readers (`api_schema`, `crawler.schema_extractor`, `domain_packs`), merged by
`schema_merger`, stored as a schema version of their own, and generated from by the engines. One model
means one generator, and a synthetic dataset provisions like any other (its tables' DDL comes from the
stored version).

What a non-database reader writes into the snapshot, beyond the discovery format:

- `data_type`: a PostgreSQL type name (`integer`, `bigint`, `numeric(12,2)`, `double precision`,
  `boolean`, `date`, `timestamp with time zone`, `uuid`, `text`, `character varying(n)`, `jsonb`), so
  provisioning creates the table as is.
- `type_details`: `family` as discovery names it, plus the constraints a reader saw:
  `allowed_values` (enum / select options, strings), `minimum` / `maximum` (numbers, or ISO dates for
  date columns), `min_length` / `max_length`, `pattern` (a regular expression), `format` (the
  OpenAPI / HTML format, e.g. "email", "uri").
- column extra keys: `semantic_type` (one of `SEMANTIC_TYPES`: what the values mean, drives the value
  provider) and `origin` ("db", "api", "ui", "pack").
- table extra key `origin`, and for a domain pack `default_row_count`.

`column()` builds such a column so the readers agree on it.
"""

from __future__ import annotations

import re
from typing import Any, Literal

Origin = Literal["db", "api", "ui", "pack"]
ORIGIN_PRIORITY: dict[str, int] = {"db": 0, "api": 1, "ui": 2, "pack": 3}  # lower wins (spec 8.2)

# What a column's values mean. The PII types of `tdm_agents.pii_detection.labels.PIIType` (so the PII
# map feeds generation directly) and the common non-personal kinds of business data.
PII_SEMANTIC_TYPES = frozenset(
    {
        "email",
        "phone",
        "person_name",
        "first_name",
        "last_name",
        "address",
        "city",
        "postal_code",
        "country",
        "ssn",
        "credit_card",
        "iban",
        "date_of_birth",
        "ip_address",
        "username",
        "password",
    }
)
BUSINESS_SEMANTIC_TYPES = frozenset(
    {
        "state",  # region / province / state
        "country_code",  # ISO 3166 alpha-2
        "currency_code",  # ISO 4217
        "company",
        "job_title",
        "url",
        "product_name",
        "description",  # free text, a sentence or two
        "word",  # one word: a category, a tag, a label
        "amount",  # a money amount (positive, two decimals)
        "quantity",  # a small positive count
        "percentage",
        "status",  # a short state label (active, closed ...)
        "account_number",
        "sku",
        "msisdn",  # a mobile number in international form, digits only
        "imsi",
        "iccid",
        "latitude",
        "longitude",
        "color",
        "gender",
        "timestamp",  # a recent point in time
        "date",  # a recent day
    }
)
SEMANTIC_TYPES = PII_SEMANTIC_TYPES | BUSINESS_SEMANTIC_TYPES

_VARCHAR = re.compile(r"^(?:character varying|varchar)\((\d+)\)$")


def family_of(data_type: str) -> str:
    """Discovery's type family of a PostgreSQL type name."""
    name = data_type.lower()
    if name in ("smallint", "integer", "bigint", "real", "double precision") or name.startswith("numeric"):
        return "numeric"
    if name == "boolean":
        return "boolean"
    if name in ("date",) or name.startswith(("timestamp", "time")):
        return "datetime"
    if name == "uuid":
        return "uuid"
    if name in ("json", "jsonb"):
        return "json"
    return "string"


def varchar_length(data_type: str) -> int | None:
    match = _VARCHAR.match(data_type.strip().lower())
    return int(match.group(1)) if match else None


def column(
    name: str,
    data_type: str,
    *,
    position: int,
    nullable: bool = True,
    primary_key: bool = False,
    semantic_type: str | None = None,
    origin: Origin,
    allowed_values: list[str] | None = None,
    minimum: float | str | None = None,
    maximum: float | str | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    value_format: str | None = None,
    comment: str | None = None,
) -> dict[str, Any]:
    """One column of a non-database schema, in the snapshot's column format (see the module doc)."""
    if semantic_type is not None and semantic_type not in SEMANTIC_TYPES:
        raise ValueError(f"unknown semantic type {semantic_type!r}")
    details: dict[str, Any] = {"family": family_of(data_type)}
    for key, value in (
        ("allowed_values", allowed_values),
        ("minimum", minimum),
        ("maximum", maximum),
        ("min_length", min_length),
        ("max_length", max_length),
        ("pattern", pattern),
        ("format", value_format),
    ):
        if value is not None:
            details[key] = value
    return {
        "name": name,
        "data_type": data_type,
        "inferred_type": semantic_type,
        "nullable": nullable and not primary_key,
        "ordinal_position": position,
        "default": None,
        "is_primary_key": primary_key,
        "type_details": details,
        "stats": None,
        "comment": comment,
        "semantic_type": semantic_type,
        "origin": origin,
    }


def table(
    name: str,
    columns: list[dict[str, Any]],
    *,
    origin: Origin,
    schema: str = "public",
    unique: list[list[str]] | None = None,
    comment: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One table of a non-database schema; its primary key is the columns marked `primary_key`."""
    pk = [c["name"] for c in columns if c["is_primary_key"]]
    constraints: list[dict[str, Any]] = []
    if pk:
        constraints.append({"type": "primary_key", "name": f"{name}_pkey", "columns": pk})
    for i, cols in enumerate(unique or []):
        constraints.append({"type": "unique", "name": f"{name}_uniq_{i + 1}", "columns": list(cols)})
    return {
        "schema": schema,
        "name": name,
        "kind": "table",
        "row_count": None,
        "constraints": constraints,
        "comment": comment,
        "columns": columns,
        "origin": origin,
        **extra,
    }


def relationship(
    child: str,
    child_columns: list[str],
    parent: str,
    parent_columns: list[str],
    *,
    schema: str = "public",
) -> dict[str, Any]:
    """A foreign key child(child_columns) -> parent(parent_columns) in the snapshot's format."""
    return {
        "name": f"{child}_{'_'.join(child_columns)}_fkey",
        "parent_schema": schema,
        "parent_table": parent,
        "parent_columns": list(parent_columns),
        "child_schema": schema,
        "child_table": child,
        "child_columns": list(child_columns),
        "on_delete": None,
        "is_user_defined": False,
    }
