"""SDV / SDMetrics multi-table metadata from a `SchemaSnapshot`: which sdtype each column gets.

Both libraries read the same dict (SDV through `sdv.metadata.Metadata.load_from_dict`, SDMetrics as is):

    {"METADATA_SPEC_VERSION": "V1",
     "tables": {name: {"primary_key": column, "columns": {column: {"sdtype": ..., ...}}}},
     "relationships": [{"parent_table_name", "parent_primary_key", "child_table_name",
                        "child_foreign_key"}]}

Tables are keyed by the names the caller gave (`"customer"`, `"sales.orders"`); a name matches a
snapshot table by its qualified name (`qualified_name`) or, when unambiguous, its bare name.

sdtype of a column, first rule that applies:

1. single-column primary key, or a foreign-key column (of any relationship of the snapshot) -> "id".
   SDV generates primary keys (unique); a non-key "id" column is sampled like a categorical from the
   real values, which keeps the keys of a parent *outside* the given tables valid. A uuid primary key
   gets a uuid `regex_format` and a short varchar one a format that fits its length, so generated keys
   survive the cast back to the column type.
2. boolean -> "boolean"; uuid -> "id" with the uuid format; date / timestamp -> "datetime"
   (`datetime_format` only for day values: a `date` column or a string of format "date"); a time of
   day -> "categorical"; numeric -> "numerical" (a learnt distribution copies no value, so even a
   numeric PII column stays one), or "categorical" with `allowed_values` or at most
   `MAX_NUMERIC_CATEGORIES` distinct values in the stats; an enum -> "categorical".
3. a PII semantic type (the `semantic` map first, i.e. the PII map, then the column's `semantic_type`,
   then discovery's `inferred_type`) -> the SDV Faker-backed sdtype with `"pii": True` (`PII_SDTYPES`).
   "address" becomes "street_address": a database address column holds one street line, while
   Faker's `address` is a multi-line postal address. PII "other" -> "unknown" with pii.
4. a vocabulary semantic type (status, word, country, city, state, gender ...), `allowed_values`, or
   low cardinality in the column stats (`LOW_CARDINALITY`) -> "categorical".
5. a few business semantic types Faker knows (company, url, job_title) -> that Faker sdtype, pii.
6. anything else (free text, json, arrays, binary) -> "unknown" with pii: SDV writes placeholder
   strings, never real values.

Not representable in SDV Community, hence left out (and listed by `sdv_metadata_notes`):

- a composite primary key: the table gets no primary key (SDV keys are one column); its key columns
  keep their sdtype ("id" when they are foreign keys). The generator de-duplicates the key afterwards.
- a composite foreign key, a self reference, a foreign key to a unique key that is not the parent's
  primary key, a relationship closing a cycle, or a column already used by another relationship: not
  a relationship of the metadata. The generator re-draws such columns from the sampled parent keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import (
    ColumnInfo,
    RelationshipInfo,
    SchemaSnapshot,
    TableInfo,
    TableKey,
    resolve_table_name,
)

from tdm_agents.synthetic.schema import PII_SEMANTIC_TYPES, family_of, varchar_length

METADATA_SPEC_VERSION = "V1"

# Our semantic type -> SDV sdtype (a Faker function SDV knows); generated with Faker, flagged pii.
PII_SDTYPES: dict[str, str] = {
    "email": "email",
    "phone": "phone_number",
    "first_name": "first_name",
    "last_name": "last_name",
    "person_name": "name",
    "address": "street_address",
    "postal_code": "postcode",
    "ssn": "ssn",
    "credit_card": "credit_card_number",
    "iban": "iban",
    "ip_address": "ipv4_address",
    "username": "user_name",
    "password": "password",
    "date_of_birth": "date_of_birth",  # only where the column is text; a date column is "datetime"
}
# Non-personal values Faker writes well: better than placeholder strings when the data is free text.
FAKER_SDTYPES: dict[str, str] = {"company": "company", "url": "url", "job_title": "job"}
# Semantic types whose values are a small vocabulary: sampled from the real frequencies.
CATEGORICAL_SEMANTIC_TYPES = frozenset(
    {"status", "word", "country", "city", "state", "gender", "country_code", "currency_code", "color"}
)
UNKNOWN_SDTYPE = "unknown"

# A column is low cardinality when it has at most 20 distinct values, or at most 100 that repeat (at
# most one distinct value per two rows): few enough to sample as categories, too many for free text.
LOW_CARDINALITY = 20
MAX_CATEGORIES = 100
MAX_DISTINCT_RATIO = 0.5
# A number with at most 10 distinct values (a price list, a quantity of 1, a rating) is sampled as
# categories: a continuous distribution would smear 0.99 / 1.99 into everything in between.
MAX_NUMERIC_CATEGORIES = 10

UUID_REGEX = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
# SDV's default string key is "sdv-id-" plus 6 letters (13 characters): shorter columns need a format.
_SDV_STRING_KEY_LENGTH = 13
DATE_FORMAT = "%Y-%m-%d"


@dataclass
class MetadataBuild:
    """The metadata dict and the sentences saying what SDV could not represent (for the job report)."""

    metadata: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    # Snapshot relationships between the given tables that are not in the metadata.
    skipped: list[RelationshipInfo] = field(default_factory=list)


def resolve_tables(snapshot: SchemaSnapshot, tables: Sequence[str]) -> dict[str, TableInfo]:
    """Given name -> snapshot table, in the given order; InvalidInputError for unknown or repeated ones."""
    keys = [t.key for t in snapshot.tables]
    by_key = {t.key: t for t in snapshot.tables}
    resolved: dict[str, TableInfo] = {}
    seen: set[TableKey] = set()
    for name in tables:
        key = resolve_table_name(name, keys)
        if key is None:
            # A bare name of a table outside the default schema, if only one schema has it.
            candidates = [k for k in keys if k[1] == name]
            key = candidates[0] if len(candidates) == 1 else None
        if key is None:
            raise InvalidInputError(f"table {name!r} is not in the schema snapshot (or is ambiguous)")
        if key in seen:
            raise InvalidInputError(f"table {name!r} is given twice")
        seen.add(key)
        resolved[name] = by_key[key]
    return resolved


def sdv_metadata_dict(
    snapshot: SchemaSnapshot,
    tables: Sequence[str],
    *,
    semantic: Mapping[tuple[str, str], str] | None = None,
) -> dict[str, Any]:
    """The SDV / SDMetrics multi-table metadata of `tables` (see the module doc for the rules).

    `semantic` maps (table, column) -> semantic type (the PII map: table as given, qualified or bare;
    "none" means "not personal" and overrides the column's own inferred type)."""
    return build_sdv_metadata(snapshot, tables, semantic=semantic).metadata


def sdv_metadata_notes(
    snapshot: SchemaSnapshot,
    tables: Sequence[str],
    *,
    semantic: Mapping[tuple[str, str], str] | None = None,
) -> list[str]:
    """What the metadata of `tables` leaves out (composite keys, skipped relationships), as sentences."""
    return build_sdv_metadata(snapshot, tables, semantic=semantic).notes


def build_sdv_metadata(
    snapshot: SchemaSnapshot,
    tables: Sequence[str],
    *,
    semantic: Mapping[tuple[str, str], str] | None = None,
) -> MetadataBuild:
    """The metadata dict with its notes and skipped relationships."""
    resolved = resolve_tables(snapshot, tables)
    name_of = {table.key: name for name, table in resolved.items()}
    notes: list[str] = []
    fk_columns: dict[TableKey, set[str]] = {}
    for rel in snapshot.relationships:
        fk_columns.setdefault(rel.child_key, set()).update(rel.child_columns)

    meta_tables: dict[str, Any] = {}
    for name, table in resolved.items():
        pk = table.primary_key()
        if len(pk) > 1:
            notes.append(
                f"table {name}: the primary key ({', '.join(pk)}) has {len(pk)} columns; SDV keys have "
                "one, so the table is modelled without one and the key is de-duplicated after sampling"
            )
        single_pk = pk[0] if len(pk) == 1 else None
        columns = {
            column.name: column_metadata(
                column,
                is_key=column.name == single_pk,
                is_foreign_key=column.name in fk_columns.get(table.key, set()),
                semantic=_semantic_of(semantic, name, table, column.name),
            )
            for column in sorted(table.columns, key=lambda c: (c.ordinal_position, c.name))
            # A generated column is computed by the database: no dataset holds it.
            if not (column.type_details or {}).get("generated")
        }
        entry: dict[str, Any] = {"columns": columns}
        if single_pk is not None:
            entry["primary_key"] = single_pk
        meta_tables[name] = entry

    relationships, skipped = _relationships(snapshot, resolved, name_of, notes)
    metadata = {
        "METADATA_SPEC_VERSION": METADATA_SPEC_VERSION,
        "tables": meta_tables,
        "relationships": relationships,
    }
    return MetadataBuild(metadata=metadata, notes=notes, skipped=skipped)


def _relationships(
    snapshot: SchemaSnapshot,
    resolved: Mapping[str, TableInfo],
    name_of: Mapping[TableKey, str],
    notes: list[str],
) -> tuple[list[dict[str, str]], list[RelationshipInfo]]:
    """The relationships SDV can model between the given tables, and the ones it cannot."""
    kept: list[dict[str, str]] = []
    skipped: list[RelationshipInfo] = []
    used: set[tuple[str, str]] = set()  # (child, column): SDV forbids reusing a foreign-key column
    parents_of: dict[str, set[str]] = {}
    for rel in snapshot.relationships:
        parent, child = name_of.get(rel.parent_key), name_of.get(rel.child_key)
        if parent is None or child is None:
            continue  # a table outside the set: its keys are sampled from the real values ("id")
        reason = _unmodelled_reason(
            rel, parent_table=resolved[parent], parent=parent, child=child, used=used, parents_of=parents_of
        )
        if reason is not None:
            notes.append(f"relationship {rel.name} ({child} -> {parent}) is not modelled: {reason}")
            skipped.append(rel)
            continue
        column = rel.child_columns[0]
        used.add((child, column))
        parents_of.setdefault(child, set()).add(parent)
        kept.append(
            {
                "parent_table_name": parent,
                "parent_primary_key": rel.parent_columns[0],
                "child_table_name": child,
                "child_foreign_key": column,
            }
        )
    return kept, skipped


def _unmodelled_reason(
    rel: RelationshipInfo,
    *,
    parent_table: TableInfo,
    parent: str,
    child: str,
    used: set[tuple[str, str]],
    parents_of: Mapping[str, set[str]],
) -> str | None:
    if len(rel.child_columns) > 1:
        return "a composite foreign key (SDV Community models one-column keys only)"
    if parent == child:
        return "a self reference (SDV models no cycles)"
    if parent_table.primary_key() != list(rel.parent_columns):
        return "it references a unique key, not the parent's one-column primary key"
    if (child, rel.child_columns[0]) in used:
        return f"column {rel.child_columns[0]} already references another table"
    if _reaches(parents_of, parent, child):
        return "it would close a cycle of relationships (SDV models no cycles)"
    return None


def _reaches(parents_of: Mapping[str, set[str]], start: str, target: str) -> bool:
    """True when `target` is an ancestor of `start` (or `start` itself) through the kept relationships."""
    stack, seen = [start], set()
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(parents_of.get(node, ()))
    return False


def _semantic_of(
    semantic: Mapping[tuple[str, str], str] | None, name: str, table: TableInfo, column: str
) -> str | None:
    """The semantic type of a column in the PII map, whose table is as given, qualified (with or
    without the default schema) or bare."""
    if not semantic:
        return None
    spellings = (name, table.qualified_name, f"{table.schema_name}.{table.name}", table.name)
    for table_name in dict.fromkeys(spellings):
        value = semantic.get((table_name, column))
        if value is not None:
            return value
    return None


def column_metadata(
    column: ColumnInfo, *, is_key: bool = False, is_foreign_key: bool = False, semantic: str | None = None
) -> dict[str, Any]:
    """The SDV column metadata of one column (rules in the module doc)."""
    data_type = (column.data_type or "").strip().lower()
    details = column.type_details or {}
    family = str(details.get("family") or family_of(data_type))
    if is_key:
        return _key_metadata(data_type, family)
    if is_foreign_key:
        return {"sdtype": "id"}
    typed = _typed_metadata(data_type, family, details, column.stats or {})
    if typed is not None:
        return typed
    return _text_metadata(column, details, _meaning(column, semantic))


def _typed_metadata(  # noqa: PLR0911
    data_type: str, family: str, details: Mapping[str, Any], stats: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Rule 2: the sdtype a column's type decides alone; None for text (and other free-form) columns."""
    if family == "boolean":
        return {"sdtype": "boolean"}
    if family == "uuid" or data_type == "uuid":
        return {"sdtype": "id", "regex_format": UUID_REGEX}  # values that cast back to uuid
    if family == "datetime":
        if data_type.startswith("time") and not data_type.startswith("timestamp"):
            return {"sdtype": "categorical"}  # a time of day: SDV's datetime needs a day
        if data_type == "date":
            return {"sdtype": "datetime", "datetime_format": DATE_FORMAT}
        return {"sdtype": "datetime"}
    if family == "numeric":
        if details.get("allowed_values") or _distinct_count(stats) <= MAX_NUMERIC_CATEGORIES:
            return {"sdtype": "categorical"}
        # A distribution is learnt, never values copied: fine even for a column the PII map flags.
        return {"sdtype": "numerical"}
    if family == "enum" or details.get("enum_labels"):
        return {"sdtype": "categorical"}
    if family == "string" and details.get("format") == "date":
        return {"sdtype": "datetime", "datetime_format": DATE_FORMAT}
    return None


def _text_metadata(column: ColumnInfo, details: Mapping[str, Any], meaning: str | None) -> dict[str, Any]:
    """Rules 3 to 6: text by what it means, then by its cardinality."""
    if meaning in PII_SDTYPES:
        return {"sdtype": PII_SDTYPES[meaning], "pii": True}
    if meaning == "other":  # personal, of no kind Faker writes: placeholders, never the real values
        return {"sdtype": UNKNOWN_SDTYPE, "pii": True}
    if meaning in CATEGORICAL_SEMANTIC_TYPES or details.get("allowed_values") or _low_cardinality(column):
        return {"sdtype": "categorical"}
    if meaning in FAKER_SDTYPES:
        return {"sdtype": FAKER_SDTYPES[meaning], "pii": True}
    return {"sdtype": UNKNOWN_SDTYPE, "pii": True}


def _key_metadata(data_type: str, family: str) -> dict[str, Any]:
    if family == "uuid" or data_type == "uuid":
        return {"sdtype": "id", "regex_format": UUID_REGEX}
    length = varchar_length(data_type) or _char_length(data_type)
    if family == "string" and length is not None and length < _SDV_STRING_KEY_LENGTH:
        return {"sdtype": "id", "regex_format": f"[a-z0-9]{{{length}}}"}
    return {"sdtype": "id"}


def _char_length(data_type: str) -> int | None:
    if data_type.startswith(("character(", "char(")) and data_type.endswith(")"):
        inside = data_type[data_type.index("(") + 1 : -1]
        return int(inside) if inside.isdigit() else None
    return None


def _meaning(column: ColumnInfo, semantic: str | None) -> str | None:
    """What the values mean: the PII map, else the reader's semantic type, else discovery's guess."""
    if semantic is not None:
        value = semantic.strip().lower()
        # "none" is a reviewed "not personal": it also overrules a PII guess of discovery.
        return None if value in ("none", "") else value
    own = getattr(column, "semantic_type", None)
    if isinstance(own, str) and own:
        return own
    inferred = column.inferred_type
    if inferred in PII_SEMANTIC_TYPES or inferred in CATEGORICAL_SEMANTIC_TYPES or inferred in FAKER_SDTYPES:
        return inferred
    return None


def _distinct_count(stats: Mapping[str, Any]) -> float:
    """Distinct non-null values in the column stats; infinity when unknown (no stats: no guess)."""
    distinct = stats.get("distinct_count")
    return float(distinct) if isinstance(distinct, int | float) and distinct > 0 else math.inf


def _low_cardinality(column: ColumnInfo) -> bool:
    stats = column.stats or {}
    distinct = _distinct_count(stats)
    if distinct <= LOW_CARDINALITY:
        return True
    ratio = stats.get("distinct_ratio")
    return distinct <= MAX_CATEGORIES and isinstance(ratio, int | float) and ratio <= MAX_DISTINCT_RATIO
