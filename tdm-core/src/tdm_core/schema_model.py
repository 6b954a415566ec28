"""The typed model of a discovered database schema, shared by every member.

Discovery produces a `SchemaSnapshot`; the metadata store persists it (and only persists it); PII
classification, subsetting, masking, provisioning and synthetic generation read it. Everything here is
pure: validation and defaults (`normalize_snapshot`), the structural fingerprint that tells schema drift
(`SchemaSnapshot.fingerprint`), the drift report between two versions (`diff_snapshots`), and how users
name tables (`qualified_name`, `resolve_table_name`).

Snapshot format (`SchemaSnapshot.to_dict()`, also the JSON kept in `schema_versions.snapshot_json`):

    {"tables": [{"schema", "name", "kind", "row_count", "row_count_estimated", "partitions",
                 "constraints", "indexes", "stats", "comment",
                 "columns": [{"name", "data_type", "inferred_type", "nullable", "ordinal_position",
                              "default", "is_primary_key", "type_details", "stats", "comment"}]}],
     "relationships": [{"name", "parent_schema", "parent_table", "parent_columns": [...],
                        "child_schema", "child_table", "child_columns": [...], "on_delete",
                        "is_user_defined"}]}

Discovery may add keys of its own (a table's `partition_key`, a foreign key's `deferrable` ...): the
models keep them as extra fields, and they take no part in the fingerprint. A composite foreign key is
one relationship with several column pairs, in order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tdm_core.errors import InvalidInputError

DEFAULT_NAMESPACE = "public"
TABLE_KEYS = (
    "schema",
    "name",
    "kind",
    "row_count",
    "row_count_estimated",
    "partitions",
    "constraints",
    "indexes",
    "stats",
    "comment",
)
COLUMN_KEYS = (
    "name",
    "data_type",
    "inferred_type",
    "nullable",
    "ordinal_position",
    "default",
    "is_primary_key",
    "type_details",
    "stats",
    "comment",
)
RELATIONSHIP_KEYS = (
    "name",
    "parent_schema",
    "parent_table",
    "parent_columns",
    "child_schema",
    "child_table",
    "child_columns",
    "on_delete",
    "is_user_defined",
)
# Reported problems per invalid snapshot: enough to fix it, not a wall of text.
_MAX_REPORTED = 20

TableKey = tuple[str, str]  # (schema, table)


class _Part(BaseModel):
    # Extra keys discovery adds are kept (and stored), not rejected.
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


class ColumnInfo(_Part):
    name: str
    data_type: str | None = None
    inferred_type: str | None = None
    nullable: bool = True
    ordinal_position: int
    default: str | None = None
    is_primary_key: bool = False
    type_details: dict[str, Any] | None = None
    stats: dict[str, Any] | None = None
    comment: str | None = None


class TableInfo(_Part):
    schema_name: str = Field(alias="schema")
    name: str
    kind: str = "table"
    row_count: int | None = None
    row_count_estimated: bool = False
    partitions: list[Any] | None = None
    constraints: list[Any] | None = None
    indexes: list[Any] | None = None
    stats: dict[str, Any] | None = None
    comment: str | None = None
    columns: list[ColumnInfo] = Field(default_factory=list)

    @property
    def key(self) -> TableKey:
        return (self.schema_name, self.name)

    @property
    def qualified_name(self) -> str:
        return qualified_name(self.schema_name, self.name)

    def column(self, name: str) -> ColumnInfo | None:
        return next((c for c in self.columns if c.name == name), None)

    def primary_key(self) -> list[str]:
        """The primary-key columns in key order (the constraint's order, else ordinal order)."""
        return _primary_key(self.to_dict())

    def unique_keys(self) -> list[list[str]]:
        """Column lists of the unique constraints (not the primary key)."""
        return [list(columns) for columns in _unique_keys(self.to_dict())]


class RelationshipInfo(_Part):
    name: str
    parent_schema: str = DEFAULT_NAMESPACE
    parent_table: str
    parent_columns: list[str]
    child_schema: str = DEFAULT_NAMESPACE
    child_table: str
    child_columns: list[str]
    on_delete: str | None = None
    is_user_defined: bool = False

    @property
    def parent_key(self) -> TableKey:
        return (self.parent_schema, self.parent_table)

    @property
    def child_key(self) -> TableKey:
        return (self.child_schema, self.child_table)


class SchemaSnapshot(BaseModel):
    """A validated snapshot (build it with `normalize_snapshot`, which reports every problem)."""

    tables: list[TableInfo]
    relationships: list[RelationshipInfo] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": [table.to_dict() for table in self.tables],
            "relationships": [rel.to_dict() for rel in self.relationships],
        }

    def table(self, key: TableKey) -> TableInfo | None:
        return next((t for t in self.tables if t.key == key), None)

    def column_index(self) -> dict[TableKey, list[str]]:
        """(schema, table) -> column names in ordinal order: what validation of user input needs."""
        return {t.key: [c.name for c in sorted(t.columns, key=_column_order)] for t in self.tables}

    def structure(self) -> dict[str, Any]:
        return structure_of(self.to_dict())

    def fingerprint(self) -> str:
        """sha256 of the canonical JSON of the structure: equal fingerprints mean no schema drift."""
        canonical = json.dumps(self.structure(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _column_order(column: ColumnInfo) -> tuple[int, str]:
    return (column.ordinal_position, column.name)


# --- validation ----------------------------------------------------------------------------------


def json_safe(value: Mapping[str, Any]) -> dict[str, Any]:
    """Deep copy with dates, decimals and UUIDs (e.g. min/max stats) turned into JSON strings."""
    result: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return result


def _problem(problems: list[str], message: str) -> None:
    if len(problems) < _MAX_REPORTED:
        problems.append(message)


def normalize_snapshot(snapshot: Mapping[str, Any] | SchemaSnapshot) -> SchemaSnapshot:
    """Validated, typed copy with defaults filled in; InvalidInputError listing what is wrong otherwise."""
    if isinstance(snapshot, SchemaSnapshot):
        return snapshot
    problems: list[str] = []
    if not isinstance(snapshot, Mapping) or not isinstance(snapshot.get("tables"), list):
        raise InvalidInputError("schema snapshot must be an object with a 'tables' list")
    raw = json_safe(snapshot)
    tables: list[dict[str, Any]] = []
    columns_of: dict[TableKey, set[str]] = {}
    for index, raw_table in enumerate(raw["tables"]):
        table = _normalize_table(raw_table, index, problems)
        if table is None:
            continue
        key = (table["schema"], table["name"])
        if key in columns_of:
            _problem(problems, f"table {key[0]}.{key[1]} appears twice")
            continue
        columns_of[key] = {c["name"] for c in table["columns"]}
        tables.append(table)
    relationships = [
        rel
        for index, raw_rel in enumerate(raw.get("relationships") or [])
        if (rel := normalize_relationship(raw_rel, index, columns_of, problems)) is not None
    ]
    if problems:
        raise InvalidInputError(
            "invalid schema snapshot: " + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""),
            errors=[{"msg": p} for p in problems],
        )
    return SchemaSnapshot.model_validate({"tables": tables, "relationships": relationships})


def _normalize_table(raw: Any, index: int, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str) or not raw["name"]:
        _problem(problems, f"tables[{index}] needs a non-empty 'name'")
        return None
    table: dict[str, Any] = {**raw, **{key: raw.get(key) for key in TABLE_KEYS}}
    table["schema"] = raw.get("schema") or DEFAULT_NAMESPACE
    table["kind"] = raw.get("kind") or "table"
    table["row_count_estimated"] = bool(raw.get("row_count_estimated", False))
    qualified = f"{table['schema']}.{table['name']}"
    columns: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, col in enumerate(raw.get("columns") or [], start=1):
        if not isinstance(col, Mapping) or not isinstance(col.get("name"), str) or not col["name"]:
            _problem(problems, f"table {qualified}: column #{position} needs a non-empty 'name'")
            continue
        if col["name"] in seen:
            _problem(problems, f"table {qualified}: column {col['name']!r} appears twice")
            continue
        seen.add(col["name"])
        column: dict[str, Any] = {**col, **{key: col.get(key) for key in COLUMN_KEYS}}
        column["nullable"] = bool(col.get("nullable", True))
        column["is_primary_key"] = bool(col.get("is_primary_key", False))
        if column["ordinal_position"] is None:
            column["ordinal_position"] = position
        columns.append(column)
    table["columns"] = columns
    return table


def normalize_relationship(
    raw: Any, index: int, columns_of: Mapping[TableKey, set[str]], problems: list[str]
) -> dict[str, Any] | None:
    """One relationship with defaults, checked against the tables' columns; None (and a problem) if bad."""
    if not isinstance(raw, Mapping):
        _problem(problems, f"relationships[{index}] must be an object")
        return None
    rel: dict[str, Any] = {**raw, **{key: raw.get(key) for key in RELATIONSHIP_KEYS}}
    rel["parent_schema"] = raw.get("parent_schema") or DEFAULT_NAMESPACE
    rel["child_schema"] = raw.get("child_schema") or DEFAULT_NAMESPACE
    rel["is_user_defined"] = bool(raw.get("is_user_defined", False))
    label = f"relationship {rel['name'] or f'#{index}'}"
    if not isinstance(rel["parent_table"], str) or not isinstance(rel["child_table"], str):
        _problem(problems, f"{label}: parent_table and child_table must be table names")
        return None
    parent_cols, child_cols = rel["parent_columns"], rel["child_columns"]
    if not isinstance(parent_cols, list) or not isinstance(child_cols, list) or not parent_cols:
        _problem(problems, f"{label}: parent_columns and child_columns must be non-empty lists")
        return None
    if len(parent_cols) != len(child_cols):
        _problem(problems, f"{label}: {len(child_cols)} child columns but {len(parent_cols)} parent columns")
        return None
    ok = True
    for side in ("parent", "child"):
        key = (rel[f"{side}_schema"], rel[f"{side}_table"])
        known = columns_of.get(key)
        if known is None:
            _problem(problems, f"{label}: {side} table {key[0]}.{key[1]} is not in the snapshot")
            ok = False
            continue
        missing = [c for c in rel[f"{side}_columns"] if c not in known]
        if missing:
            _problem(problems, f"{label}: {side} table {key[0]}.{key[1]} has no column {missing[0]!r}")
            ok = False
    if not ok:
        return None
    if not rel["name"]:
        # PostgreSQL's own default name; every stored relationship needs one to group composite pairs.
        rel["name"] = f"{rel['child_table']}_{'_'.join(child_cols)}_fkey"
    return rel


# --- structure and fingerprint --------------------------------------------------------------------


def _canonical_list(items: Any) -> list[Any]:
    # Discovery may list constraints/indexes in any order; order is not structure.
    if not isinstance(items, list):
        return []
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))


def structure_of(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The structural part of a normalized snapshot dict: no counts, stats, comments or inferred types."""
    tables = [
        {
            "schema": t["schema"],
            "name": t["name"],
            "kind": t["kind"],
            "partitions": _canonical_list(t.get("partitions")),
            "constraints": _canonical_list(t.get("constraints")),
            "indexes": _canonical_list(t.get("indexes")),
            "columns": sorted(
                (
                    {
                        "name": c["name"],
                        "data_type": c.get("data_type"),
                        "nullable": c["nullable"],
                        "ordinal_position": c["ordinal_position"],
                        "default": c.get("default"),
                        "is_primary_key": c["is_primary_key"],
                        "type_details": c.get("type_details"),
                    }
                    for c in t["columns"]
                ),
                key=lambda c: (c["ordinal_position"], c["name"]),
            ),
        }
        for t in snapshot["tables"]
    ]
    tables.sort(key=lambda t: (t["schema"], t["name"]))
    relationships = sorted(
        (
            {key: r.get(key) for key in RELATIONSHIP_KEYS if key != "is_user_defined"}
            for r in snapshot.get("relationships", [])
            # Declared by users, not discovered: carrying them over must not look like drift.
            if not r.get("is_user_defined")
        ),
        key=lambda r: json.dumps(r, sort_keys=True, default=str),
    )
    return {"tables": tables, "relationships": relationships}


def fingerprint(snapshot: Mapping[str, Any] | SchemaSnapshot) -> str:
    """The fingerprint of a snapshot given as a dict (validated first) or as a model."""
    return normalize_snapshot(snapshot).fingerprint()


# --- names ---------------------------------------------------------------------------------------


def _name_part(part: str) -> str:
    # Quoted (SQL style) only when needed, so that names with a dot cannot be read two ways.
    if "." in part or '"' in part:
        return '"' + part.replace('"', '""') + '"'
    return part


def qualified_name(schema: str, table: str) -> str:
    """How users see a table: "table" in the default schema, "schema.table" elsewhere (PII map, rules,
    diff). A part holding a dot or a quote is double-quoted: the table `dot.ted` of the default schema is
    `"dot.ted"`, the table `ted` of schema `dot` is `dot.ted`."""
    return _name_part(table) if schema == DEFAULT_NAMESPACE else f"{_name_part(schema)}.{_name_part(table)}"


def split_name(name: str) -> list[str] | None:
    """The dot-separated parts of a (possibly quoted) name: `"a.b".c` -> ["a.b", "c"]; None if malformed."""
    parts: list[str] = []
    current: list[str] = []
    index, quoted_part = 0, False
    while index < len(name):
        char = name[index]
        if char == '"' and not current and not quoted_part:
            end = index + 1
            text: list[str] = []
            while True:
                close = name.find('"', end)
                if close < 0:
                    return None
                text.append(name[end:close])
                if name[close + 1 : close + 2] == '"':  # a doubled quote inside
                    text.append('"')
                    end = close + 2
                    continue
                break
            current.append("".join(text))
            quoted_part = True
            index = close + 1
            continue
        if char == ".":
            parts.append("".join(current))
            current, quoted_part = [], False
        elif quoted_part:
            return None  # characters after a closing quote
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts if all(parts) else None


def resolve_table_name(name: str, tables: Iterable[TableKey]) -> TableKey | None:
    """The (schema, table) a user means by `name`; None when there is none.

    `customer` is a table of the default schema; `sales.orders` is schema `sales`, table `orders`; a
    quoted part is taken literally (`"dot.ted"`, `"my.schema".orders`). An unquoted name with dots
    that names no schema.table is also tried as a default-schema table whose own name has dots."""
    known = set(tables)
    parts = split_name(name)
    if '"' in name:
        if parts is None or len(parts) > 2:
            return None
        key = (DEFAULT_NAMESPACE, parts[0]) if len(parts) == 1 else (parts[0], parts[1])
        return key if key in known else None
    if "." not in name:
        return (DEFAULT_NAMESPACE, name) if (DEFAULT_NAMESPACE, name) in known else None
    for index, char in enumerate(name):
        if char == "." and (name[:index], name[index + 1 :]) in known:
            return (name[:index], name[index + 1 :])
    return (DEFAULT_NAMESPACE, name) if (DEFAULT_NAMESPACE, name) in known else None


# --- drift ---------------------------------------------------------------------------------------


def _primary_key(table: Mapping[str, Any]) -> list[str]:
    for constraint in table.get("constraints") or []:
        if isinstance(constraint, Mapping) and constraint.get("type") == "primary_key":
            return [str(c) for c in constraint.get("columns") or []]
    columns = sorted(table.get("columns") or [], key=lambda c: (c.get("ordinal_position") or 0, c["name"]))
    return [c["name"] for c in columns if c.get("is_primary_key")]


def _unique_keys(table: Mapping[str, Any]) -> dict[tuple[str, ...], str | None]:
    """Unique constraints by their column list (names may differ between runs; columns are the key)."""
    return {
        tuple(str(c) for c in constraint.get("columns") or []): constraint.get("name")
        for constraint in table.get("constraints") or []
        if isinstance(constraint, Mapping) and constraint.get("type") == "unique"
    }


def _foreign_keys(snapshot: SchemaSnapshot) -> dict[tuple[Any, ...], dict[str, Any]]:
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rel in snapshot.relationships:
        key = (
            *rel.child_key,
            tuple(rel.child_columns),
            *rel.parent_key,
            tuple(rel.parent_columns),
        )
        found[key] = {
            "name": rel.name,
            "child_table": qualified_name(*rel.child_key),
            "child_columns": list(rel.child_columns),
            "parent_table": qualified_name(*rel.parent_key),
            "parent_columns": list(rel.parent_columns),
            "is_user_defined": rel.is_user_defined,
        }
    return found


def diff_snapshots(
    old: Mapping[str, Any] | SchemaSnapshot, new: Mapping[str, Any] | SchemaSnapshot
) -> dict[str, Any]:
    """Schema drift from `old` to `new`. Pure.

    Tables added/removed/changed; columns added/removed (in tables present in both) and changed in
    type or nullability; keys: primary keys changed, unique constraints and foreign keys added/removed.
    Tables are named as users see them (`qualified_name`). Counts, stats and comments are not drift.
    """
    before_snapshot, after_snapshot = normalize_snapshot(old), normalize_snapshot(new)
    old_tables = {t.key: t.to_dict() for t in before_snapshot.tables}
    new_tables = {t.key: t.to_dict() for t in after_snapshot.tables}
    changed: set[TableKey] = set()
    columns: dict[str, list[dict[str, Any]]] = {"added": [], "removed": [], "changed": []}
    primary_keys: list[dict[str, Any]] = []
    unique: dict[str, list[dict[str, Any]]] = {"added": [], "removed": []}
    for key in sorted(old_tables.keys() & new_tables.keys()):
        name = qualified_name(*key)
        if _diff_table(
            name, old_tables[key], new_tables[key], columns=columns, primary_keys=primary_keys, unique=unique
        ):
            changed.add(key)
    old_fks, new_fks = _foreign_keys(before_snapshot), _foreign_keys(after_snapshot)
    foreign_keys = {
        "added": [new_fks[k] for k in sorted(new_fks.keys() - old_fks.keys())],
        "removed": [old_fks[k] for k in sorted(old_fks.keys() - new_fks.keys())],
    }
    for fk_key in new_fks.keys() ^ old_fks.keys():
        child = (fk_key[0], fk_key[1])
        if child in old_tables and child in new_tables:
            changed.add(child)
    tables = {
        "added": [qualified_name(*k) for k in sorted(new_tables.keys() - old_tables.keys())],
        "removed": [qualified_name(*k) for k in sorted(old_tables.keys() - new_tables.keys())],
        "changed": [qualified_name(*k) for k in sorted(changed)],
    }
    keys = {"primary_keys": primary_keys, "unique": unique, "foreign_keys": foreign_keys}
    summary = {
        "tables_added": len(tables["added"]),
        "tables_removed": len(tables["removed"]),
        "tables_changed": len(tables["changed"]),
        "columns_added": len(columns["added"]),
        "columns_removed": len(columns["removed"]),
        "columns_changed": len(columns["changed"]),
        "primary_keys_changed": len(primary_keys),
        "unique_added": len(unique["added"]),
        "unique_removed": len(unique["removed"]),
        "foreign_keys_added": len(foreign_keys["added"]),
        "foreign_keys_removed": len(foreign_keys["removed"]),
    }
    return {
        "changed": any(summary.values()),
        "summary": summary,
        "tables": tables,
        "columns": columns,
        "keys": keys,
    }


def _diff_table(
    name: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    columns: dict[str, list[dict[str, Any]]],
    primary_keys: list[dict[str, Any]],
    unique: dict[str, list[dict[str, Any]]],
) -> bool:
    """Append one table's column and key changes to the lists; True when there was any."""
    found = 0
    old_cols = {c["name"]: c for c in before["columns"]}
    new_cols = {c["name"]: c for c in after["columns"]}
    added = [_column_entry(name, c) for c in after["columns"] if c["name"] not in old_cols]
    removed = [_column_entry(name, c) for c in before["columns"] if c["name"] not in new_cols]
    columns["added"].extend(added)
    columns["removed"].extend(removed)
    found += len(added) + len(removed)
    for col in after["columns"]:
        previous = old_cols.get(col["name"])
        if previous is None:
            continue
        changes = {}
        if previous["data_type"] != col["data_type"]:
            changes["data_type"] = {"from": previous["data_type"], "to": col["data_type"]}
        if previous["nullable"] != col["nullable"]:
            changes["nullable"] = {"from": previous["nullable"], "to": col["nullable"]}
        if changes:
            columns["changed"].append({"table": name, "column": col["name"], "changes": changes})
            found += 1
    old_pk, new_pk = _primary_key(before), _primary_key(after)
    if old_pk != new_pk:
        primary_keys.append({"table": name, "from": old_pk, "to": new_pk})
        found += 1
    old_unique, new_unique = _unique_keys(before), _unique_keys(after)
    for cols in sorted(new_unique.keys() - old_unique.keys()):
        unique["added"].append({"table": name, "columns": list(cols), "name": new_unique[cols]})
        found += 1
    for cols in sorted(old_unique.keys() - new_unique.keys()):
        unique["removed"].append({"table": name, "columns": list(cols), "name": old_unique[cols]})
        found += 1
    return found > 0


def _column_entry(table: str, column: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "table": table,
        "column": column["name"],
        "data_type": column["data_type"],
        "nullable": column["nullable"],
    }
