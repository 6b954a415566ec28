"""Discovered schemas and their immutable versions (tables, columns, relationships).

A discovery run hands over one snapshot dict (format below). `add_version` numbers it under a row lock
on the schema and writes its tables, columns and relationships with bulk INSERTs: real schemas have
thousands of tables and tens of thousands of columns, so one ORM object per row would dominate the run.

Snapshot format (also what `load_version` returns):

    {"tables": [{"schema", "name", "kind", "row_count", "row_count_estimated", "partitions",
                 "constraints", "indexes", "stats", "comment",
                 "columns": [{"name", "data_type", "inferred_type", "nullable", "ordinal_position",
                              "default", "is_primary_key", "type_details", "stats", "comment"}]}],
     "relationships": [{"name", "parent_schema", "parent_table", "parent_columns": [...],
                        "child_schema", "child_table", "child_columns": [...], "on_delete",
                        "is_user_defined"}]}

A composite foreign key is one relationship with several column pairs; it is stored as one
`relationships` row per pair, sharing the name, ordered by `column_position`.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, text, tuple_
from sqlalchemy.orm import Session, aliased, defer
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError

from tdm_metadata_store.models import Column, Relationship, Schema, SchemaVersion, Table

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

TableKey = tuple[str, str]


# --- snapshot validation and fingerprint ----------------------------------------------------------


def json_safe(value: Mapping[str, Any]) -> dict[str, Any]:
    """Deep copy with dates, decimals and UUIDs (e.g. min/max stats) turned into JSON strings."""
    result: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return result


def _problem(problems: list[str], message: str) -> None:
    if len(problems) < _MAX_REPORTED:
        problems.append(message)


def normalize_snapshot(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """Validated copy with defaults filled in; InvalidInputError listing what is wrong otherwise."""
    problems: list[str] = []
    if not isinstance(snapshot, Mapping) or not isinstance(snapshot.get("tables"), list):
        raise InvalidInputError("schema snapshot must be an object with a 'tables' list")
    snapshot = json_safe(snapshot)
    tables: list[dict[str, Any]] = []
    columns_of: dict[TableKey, set[str]] = {}
    for index, raw in enumerate(snapshot["tables"]):
        table = _normalize_table(raw, index, problems)
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
        for index, raw in enumerate(snapshot.get("relationships") or [])
        if (rel := _normalize_relationship(raw, index, columns_of, problems)) is not None
    ]
    if problems:
        raise InvalidInputError(
            "invalid schema snapshot: " + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""),
            errors=[{"msg": p} for p in problems],
        )
    return {"tables": tables, "relationships": relationships}


def _normalize_table(raw: Any, index: int, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str) or not raw["name"]:
        _problem(problems, f"tables[{index}] needs a non-empty 'name'")
        return None
    table: dict[str, Any] = {key: raw.get(key) for key in TABLE_KEYS}
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
        column: dict[str, Any] = {key: col.get(key) for key in COLUMN_KEYS}
        column["nullable"] = bool(col.get("nullable", True))
        column["is_primary_key"] = bool(col.get("is_primary_key", False))
        if column["ordinal_position"] is None:
            column["ordinal_position"] = position
        columns.append(column)
    table["columns"] = columns
    return table


def _normalize_relationship(
    raw: Any, index: int, columns_of: Mapping[TableKey, set[str]], problems: list[str]
) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        _problem(problems, f"relationships[{index}] must be an object")
        return None
    rel: dict[str, Any] = {key: raw.get(key) for key in RELATIONSHIP_KEYS}
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


def _canonical_list(items: Any) -> list[Any]:
    # Discovery may list constraints/indexes in any order; order is not structure.
    if not isinstance(items, list):
        return []
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))


def structure_of(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The structural part of a normalized snapshot: no counts, stats, comments or inferred types."""
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


def fingerprint(snapshot: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of the structure: equal fingerprints mean no schema drift."""
    canonical = json.dumps(structure_of(normalize_snapshot(snapshot)), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- names and drift -----------------------------------------------------------------------------


def qualified_name(schema: str, table: str) -> str:
    """How users see a table: "table" in the default schema, "schema.table" elsewhere (PII map, diff)."""
    return table if schema == DEFAULT_NAMESPACE else f"{schema}.{table}"


def resolve_table_name(name: str, tables: Iterable[TableKey]) -> TableKey | None:
    """The (schema, table) a user means by `name` ("customer" or "sales.orders"); None when none.

    An unqualified name is looked up in the default schema first; a dotted one is tried at each dot, so
    a table whose own name contains a dot is still found."""
    known = set(tables)
    if (DEFAULT_NAMESPACE, name) in known:
        return (DEFAULT_NAMESPACE, name)
    for index, char in enumerate(name):
        if char == "." and (name[:index], name[index + 1 :]) in known:
            return (name[:index], name[index + 1 :])
    return None


def _primary_key(table: Mapping[str, Any]) -> builtins.list[str]:
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


def _foreign_keys(snapshot: Mapping[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rel in snapshot.get("relationships") or []:
        parent_schema = rel.get("parent_schema") or DEFAULT_NAMESPACE
        child_schema = rel.get("child_schema") or DEFAULT_NAMESPACE
        key = (
            child_schema,
            rel["child_table"],
            tuple(rel["child_columns"]),
            parent_schema,
            rel["parent_table"],
            tuple(rel["parent_columns"]),
        )
        found[key] = {
            "name": rel.get("name"),
            "child_table": qualified_name(child_schema, rel["child_table"]),
            "child_columns": list(rel["child_columns"]),
            "parent_table": qualified_name(parent_schema, rel["parent_table"]),
            "parent_columns": list(rel["parent_columns"]),
            "is_user_defined": bool(rel.get("is_user_defined", False)),
        }
    return found


def diff_snapshots(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Schema drift from `old` to `new` (both in the snapshot format of `load_version`). Pure.

    Tables added/removed/changed; columns added/removed (in tables present in both) and changed in
    type or nullability; keys: primary keys changed, unique constraints and foreign keys added/removed.
    Tables are named as users see them (`qualified_name`). Counts, stats and comments are not drift.
    """
    old_tables = {(t.get("schema") or DEFAULT_NAMESPACE, t["name"]): t for t in old.get("tables") or []}
    new_tables = {(t.get("schema") or DEFAULT_NAMESPACE, t["name"]): t for t in new.get("tables") or []}
    changed: set[TableKey] = set()
    columns: dict[str, builtins.list[dict[str, Any]]] = {"added": [], "removed": [], "changed": []}
    primary_keys: builtins.list[dict[str, Any]] = []
    unique: dict[str, builtins.list[dict[str, Any]]] = {"added": [], "removed": []}
    for key in sorted(old_tables.keys() & new_tables.keys()):
        name = qualified_name(*key)
        before, after = old_tables[key], new_tables[key]
        if _diff_table(name, before, after, columns=columns, primary_keys=primary_keys, unique=unique):
            changed.add(key)
    old_fks, new_fks = _foreign_keys(old), _foreign_keys(new)
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
    columns: dict[str, builtins.list[dict[str, Any]]],
    primary_keys: builtins.list[dict[str, Any]],
    unique: dict[str, builtins.list[dict[str, Any]]],
) -> bool:
    """Append one table's column and key changes to the lists; True when there was any."""
    found = 0
    old_cols = {c["name"]: c for c in before.get("columns") or []}
    new_cols = {c["name"]: c for c in after.get("columns") or []}
    added = [_column_entry(name, c) for c in after.get("columns") or [] if c["name"] not in old_cols]
    removed = [_column_entry(name, c) for c in before.get("columns") or [] if c["name"] not in new_cols]
    columns["added"].extend(added)
    columns["removed"].extend(removed)
    found += len(added) + len(removed)
    for col in after.get("columns") or []:
        previous = old_cols.get(col["name"])
        if previous is None:
            continue
        changes = {}
        if previous.get("data_type") != col.get("data_type"):
            changes["data_type"] = {"from": previous.get("data_type"), "to": col.get("data_type")}
        if bool(previous.get("nullable", True)) != bool(col.get("nullable", True)):
            changes["nullable"] = {"from": previous.get("nullable", True), "to": col.get("nullable", True)}
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
        "data_type": column.get("data_type"),
        "nullable": column.get("nullable", True),
    }


# --- repository ----------------------------------------------------------------------------------


class SchemaRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # schemas

    def get_or_create(
        self, *, name: str, source_connection_id: uuid.UUID | None = None, description: str | None = None
    ) -> Schema:
        """The schema of this name for this connection, created on first discovery."""
        name = name.strip()
        if not name or len(name) > 255:
            raise InvalidInputError("schema name must be 1 to 255 characters")
        # No unique constraint (the connection may be NULL), so serialize concurrent discoveries of
        # the same schema with a transaction-scoped advisory lock instead.
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"tdm.schemas:{source_connection_id}:{name}"},
        )
        existing = self.get_by_name(name, source_connection_id=source_connection_id)
        if existing is not None:
            return existing
        schema = Schema(
            id=uuid.uuid4(), name=name, source_connection_id=source_connection_id, description=description
        )
        self.session.add(schema)
        self.session.flush()
        return schema

    def get_by_name(self, name: str, *, source_connection_id: uuid.UUID | None = None) -> Schema | None:
        query = select(Schema).where(Schema.name == name)
        if source_connection_id is None:
            query = query.where(Schema.source_connection_id.is_(None))
        else:
            query = query.where(Schema.source_connection_id == source_connection_id)
        return self.session.execute(query).scalar_one_or_none()

    def get(self, schema_id: uuid.UUID) -> Schema | None:
        return self.session.get(Schema, schema_id)

    def require(self, schema_id: uuid.UUID) -> Schema:
        schema = self.get(schema_id)
        if schema is None:
            raise NotFoundError(f"schema {schema_id} does not exist")
        return schema

    def list(
        self, *, source_connection_id: uuid.UUID | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[Schema], int]:
        query = select(Schema)
        if source_connection_id is not None:
            query = query.where(Schema.source_connection_id == source_connection_id)
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(query.order_by(Schema.name, Schema.id).limit(limit).offset(offset))
        return rows.scalars().all(), total

    # versions

    def add_version(
        self,
        schema_id: uuid.UUID,
        snapshot: Mapping[str, Any],
        job_id: uuid.UUID | None = None,
        *,
        status: str = "active",
    ) -> SchemaVersion:
        """Store a discovery snapshot as version max+1 of the schema."""
        normalized = normalize_snapshot(snapshot)
        # Row lock on the schema: two discoveries of one schema get consecutive numbers, never the same.
        locked = self.session.execute(
            select(Schema.id).where(Schema.id == schema_id).with_for_update()
        ).scalar_one_or_none()
        if locked is None:
            raise NotFoundError(f"schema {schema_id} does not exist")
        current = self.session.execute(
            select(func.coalesce(func.max(SchemaVersion.version_number), 0)).where(
                SchemaVersion.schema_id == schema_id
            )
        ).scalar_one()
        canonical = json.dumps(structure_of(normalized), sort_keys=True, separators=(",", ":"))
        version = SchemaVersion(
            id=uuid.uuid4(),
            schema_id=schema_id,
            version_number=current + 1,
            status=status,
            snapshot_json=json_safe(snapshot),
            fingerprint=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            job_id=job_id,
        )
        self.session.add(version)
        self.session.flush()
        table_ids, column_ids = self._insert_structure(version.id, normalized)
        if current:
            previous = self.version_by_number(schema_id, current)
            if previous is not None:
                self._carry_user_relationships(previous.id, normalized, table_ids, column_ids)
        return version

    def _carry_user_relationships(
        self,
        previous_version_id: uuid.UUID,
        snapshot: Mapping[str, Any],
        table_ids: Mapping[TableKey, uuid.UUID],
        column_ids: Mapping[TableKey, Mapping[str, uuid.UUID]],
    ) -> int:
        """Copy the previous version's user-declared relationships whose tables and columns still exist.

        A rediscovery must not lose what people declared (the database does not know these keys); one
        whose columns were dropped is left behind, as it no longer means anything."""
        taken = {(r["child_schema"], r["child_table"], r["name"]) for r in snapshot.get("relationships", [])}
        carried = []
        for rel in self.user_relationships(previous_version_id):
            sides = [
                (rel["parent_schema"], rel["parent_table"], rel["parent_columns"]),
                (rel["child_schema"], rel["child_table"], rel["child_columns"]),
            ]
            if (
                all(
                    (schema, table) in column_ids and all(c in column_ids[(schema, table)] for c in columns)
                    for schema, table, columns in sides
                )
                and (rel["child_schema"], rel["child_table"], rel["name"]) not in taken
            ):
                carried.append(rel)
        rows: list[dict[str, Any]] = []
        for rel in carried:
            rows.extend(_relationship_rows([rel], table_ids, column_ids, created_by=rel.get("created_by")))
        if rows:
            self.session.execute(insert(Relationship), rows)
        return len(carried)

    def user_relationships(self, version_id: uuid.UUID) -> builtins.list[dict[str, Any]]:
        """The user-declared relationships of a version (snapshot format plus `created_by`)."""
        parent, child = aliased(Table), aliased(Table)
        parent_col, child_col = aliased(Column), aliased(Column)
        rows = self.session.execute(
            select(
                Relationship.name,
                Relationship.on_delete,
                Relationship.created_by,
                parent.schema_name,
                parent.name,
                parent_col.name,
                child.schema_name,
                child.name,
                child_col.name,
            )
            .join(parent, Relationship.parent_table_id == parent.id)
            .join(child, Relationship.child_table_id == child.id)
            .join(parent_col, Relationship.parent_column_id == parent_col.id)
            .join(child_col, Relationship.child_column_id == child_col.id)
            .where(child.schema_version_id == version_id, Relationship.is_user_defined.is_(True))
            .order_by(child.schema_name, child.name, Relationship.name, Relationship.column_position)
        ).all()
        grouped: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        for name, on_delete, created_by, p_schema, p_table, p_col, c_schema, c_table, c_col in rows:
            entry = grouped.setdefault(
                (c_schema, c_table, name),
                {
                    "name": name,
                    "parent_schema": p_schema,
                    "parent_table": p_table,
                    "parent_columns": [],
                    "child_schema": c_schema,
                    "child_table": c_table,
                    "child_columns": [],
                    "on_delete": on_delete,
                    "is_user_defined": True,
                    "created_by": created_by,
                },
            )
            entry["parent_columns"].append(p_col)
            entry["child_columns"].append(c_col)
        return list(grouped.values())

    def _insert_structure(
        self, version_id: uuid.UUID, snapshot: Mapping[str, Any]
    ) -> tuple[dict[TableKey, uuid.UUID], dict[TableKey, dict[str, uuid.UUID]]]:
        table_rows: list[dict[str, Any]] = []
        column_rows: list[dict[str, Any]] = []
        # Ids are made here so columns and relationships can point at them without RETURNING.
        column_ids: dict[TableKey, dict[str, uuid.UUID]] = {}
        table_ids: dict[TableKey, uuid.UUID] = {}
        for table in snapshot["tables"]:
            key = (table["schema"], table["name"])
            table_id = uuid.uuid4()
            table_ids[key] = table_id
            table_rows.append(
                {
                    "id": table_id,
                    "schema_version_id": version_id,
                    "name": table["name"],
                    "schema_name": table["schema"],
                    "row_count": table["row_count"],
                    "row_count_estimated": table["row_count_estimated"],
                    "kind": table["kind"],
                    "comment": table["comment"],
                    "partitions": table["partitions"],
                    "constraints": table["constraints"],
                    "indexes": table["indexes"],
                    "stats": table["stats"],
                }
            )
            ids = column_ids.setdefault(key, {})
            for column in table["columns"]:
                ids[column["name"]] = column_id = uuid.uuid4()
                column_rows.append(
                    {"id": column_id, "table_id": table_id, **{k: column[k] for k in COLUMN_KEYS}}
                )
        relationship_rows = list(
            _relationship_rows(snapshot.get("relationships", []), table_ids, column_ids, created_by=None)
        )
        # executemany with insertmanyvalues: ~1000 rows per statement round trip.
        for model, rows in ((Table, table_rows), (Column, column_rows), (Relationship, relationship_rows)):
            if rows:
                self.session.execute(insert(model), rows)
        return table_ids, column_ids

    def get_version(self, version_id: uuid.UUID) -> SchemaVersion | None:
        return self.session.get(SchemaVersion, version_id)

    def require_version(self, version_id: uuid.UUID) -> SchemaVersion:
        version = self.get_version(version_id)
        if version is None:
            raise NotFoundError(f"schema version {version_id} does not exist")
        return version

    def list_versions(
        self, schema_id: uuid.UUID, *, limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[SchemaVersion], int]:
        """Newest first; the (possibly large) snapshot JSON is not loaded unless accessed."""
        total = self.session.execute(
            select(func.count()).select_from(SchemaVersion).where(SchemaVersion.schema_id == schema_id)
        ).scalar_one()
        rows = self.session.execute(
            select(SchemaVersion)
            .options(defer(SchemaVersion.snapshot_json))
            .where(SchemaVersion.schema_id == schema_id)
            .order_by(SchemaVersion.version_number.desc())
            .limit(limit)
            .offset(offset)
        )
        return rows.scalars().all(), total

    def latest_version(self, schema_id: uuid.UUID) -> SchemaVersion | None:
        return self.session.execute(
            select(SchemaVersion)
            .where(SchemaVersion.schema_id == schema_id)
            .order_by(SchemaVersion.version_number.desc())
            .limit(1)
        ).scalar_one_or_none()

    def version_by_number(self, schema_id: uuid.UUID, version_number: int) -> SchemaVersion | None:
        return self.session.execute(
            select(SchemaVersion).where(
                SchemaVersion.schema_id == schema_id, SchemaVersion.version_number == version_number
            )
        ).scalar_one_or_none()

    def column_index(self, version_id: uuid.UUID) -> dict[TableKey, builtins.list[str]]:
        """(schema, table) -> its column names in ordinal order: what validations of user input need."""
        index: dict[TableKey, builtins.list[str]] = {
            (schema_name, name): []
            for schema_name, name in self.session.execute(
                select(Table.schema_name, Table.name).where(Table.schema_version_id == version_id)
            )
        }
        for schema_name, table_name, column_name in self.session.execute(
            select(Table.schema_name, Table.name, Column.name)
            .join(Column, Column.table_id == Table.id)
            .where(Table.schema_version_id == version_id)
            .order_by(Table.schema_name, Table.name, Column.ordinal_position, Column.name)
        ):
            index[(schema_name, table_name)].append(column_name)
        return index

    def counts(self, version_id: uuid.UUID) -> dict[str, int]:
        """Number of tables, columns and relationship column pairs of a version."""
        tables = select(Table.id).where(Table.schema_version_id == version_id).scalar_subquery()
        return {
            "tables": self.session.execute(
                select(func.count()).select_from(Table).where(Table.schema_version_id == version_id)
            ).scalar_one(),
            "columns": self.session.execute(
                select(func.count()).select_from(Column).where(Column.table_id.in_(tables))
            ).scalar_one(),
            "relationships": self.session.execute(
                select(func.count(func.distinct(Relationship.name))).where(
                    Relationship.child_table_id.in_(tables)
                )
            ).scalar_one(),
        }

    def load_version(self, version_id: uuid.UUID) -> dict[str, Any]:
        """Tables, columns and relationships of a version as plain dicts, in the snapshot format."""
        self.require_version(version_id)
        tables: dict[uuid.UUID, dict[str, Any]] = {}
        for row in self.session.execute(
            select(Table).where(Table.schema_version_id == version_id).order_by(Table.schema_name, Table.name)
        ).scalars():
            tables[row.id] = {
                "schema": row.schema_name,
                "name": row.name,
                "kind": row.kind,
                "row_count": row.row_count,
                "row_count_estimated": row.row_count_estimated,
                "partitions": row.partitions,
                "constraints": row.constraints,
                "indexes": row.indexes,
                "stats": row.stats,
                "comment": row.comment,
                "columns": [],
            }
        columns: dict[uuid.UUID, tuple[dict[str, Any], str]] = {}
        for col in self.session.execute(
            select(Column)
            .join(Table, Column.table_id == Table.id)
            .where(Table.schema_version_id == version_id)
            .order_by(Column.table_id, Column.ordinal_position, Column.name)
        ).scalars():
            tables[col.table_id]["columns"].append({key: getattr(col, key) for key in COLUMN_KEYS})
            columns[col.id] = (tables[col.table_id], col.name)
        return {"tables": list(tables.values()), "relationships": self._load_relationships(tables, columns)}

    def _load_relationships(
        self,
        tables: Mapping[uuid.UUID, dict[str, Any]],
        columns: Mapping[uuid.UUID, tuple[dict[str, Any], str]],
    ) -> builtins.list[dict[str, Any]]:
        if not tables:
            return []
        rows = self.session.execute(
            select(Relationship)
            .where(Relationship.child_table_id.in_(list(tables)))
            .order_by(Relationship.child_table_id, Relationship.name, Relationship.column_position)
        ).scalars()
        grouped: dict[tuple[Any, ...], dict[str, Any]] = {}
        for rel in rows:
            key = (rel.child_table_id, rel.parent_table_id, rel.name, rel.is_user_defined)
            parent_table, child_table = tables[rel.parent_table_id], tables[rel.child_table_id]
            entry = grouped.setdefault(
                key,
                {
                    "name": rel.name,
                    "parent_schema": parent_table["schema"],
                    "parent_table": parent_table["name"],
                    "parent_columns": [],
                    "child_schema": child_table["schema"],
                    "child_table": child_table["name"],
                    "child_columns": [],
                    "on_delete": rel.on_delete,
                    "is_user_defined": rel.is_user_defined,
                },
            )
            entry["parent_columns"].append(columns[rel.parent_column_id][1])
            entry["child_columns"].append(columns[rel.child_column_id][1])
        return list(grouped.values())

    # user-defined relationships

    def add_relationship(
        self,
        schema_version_id: uuid.UUID,
        *,
        parent_table: str,
        parent_columns: Sequence[str],
        child_table: str,
        child_columns: Sequence[str],
        parent_schema: str = DEFAULT_NAMESPACE,
        child_schema: str = DEFAULT_NAMESPACE,
        name: str | None = None,
        created_by: str | None = None,
    ) -> dict[str, Any]:
        """Declare a relationship the database does not have (e.g. an FK enforced by the app only)."""
        self.require_version(schema_version_id)
        keys = [(parent_schema, parent_table), (child_schema, child_table)]
        table_ids: dict[TableKey, uuid.UUID] = {}
        column_ids: dict[TableKey, dict[str, uuid.UUID]] = {}
        for table_id, schema_name, table_name in self.session.execute(
            select(Table.id, Table.schema_name, Table.name).where(
                Table.schema_version_id == schema_version_id, tuple_(Table.schema_name, Table.name).in_(keys)
            )
        ):
            table_ids[(schema_name, table_name)] = table_id
            column_ids[(schema_name, table_name)] = {}
        by_table_id = {table_id: key for key, table_id in table_ids.items()}
        for column_id, table_id, column_name in self.session.execute(
            select(Column.id, Column.table_id, Column.name).where(Column.table_id.in_(list(by_table_id)))
        ):
            column_ids[by_table_id[table_id]][column_name] = column_id
        problems: list[str] = []
        rel = _normalize_relationship(
            {
                "name": name or f"user_{child_table}_{'_'.join(child_columns)}_fkey",
                "parent_schema": parent_schema,
                "parent_table": parent_table,
                "parent_columns": list(parent_columns),
                "child_schema": child_schema,
                "child_table": child_table,
                "child_columns": list(child_columns),
                "is_user_defined": True,
            },
            0,
            {key: set(cols) for key, cols in column_ids.items()},
            problems,
        )
        if rel is None:
            raise InvalidInputError("invalid relationship: " + "; ".join(problems))
        duplicate = self.session.execute(
            select(Relationship.id).where(
                Relationship.child_table_id == table_ids[(child_schema, child_table)],
                Relationship.name == rel["name"],
            )
        ).first()
        if duplicate is not None:
            raise ConflictError(
                f"table {child_schema}.{child_table} already has a relationship named {rel['name']!r}"
            )
        rows = list(_relationship_rows([rel], table_ids, column_ids, created_by=created_by))
        self.session.execute(insert(Relationship), rows)
        return rel

    def remove_user_relationship(self, schema_version_id: uuid.UUID, name: str) -> int:
        """Delete a user-declared relationship by name; discovered ones cannot be removed."""
        tables = select(Table.id).where(Table.schema_version_id == schema_version_id).scalar_subquery()
        result = self.session.execute(
            delete(Relationship).where(
                Relationship.child_table_id.in_(tables),
                Relationship.name == name,
                Relationship.is_user_defined.is_(True),
            )
        )
        count = int(result.rowcount)  # type: ignore[attr-defined]
        if count == 0:
            raise NotFoundError(
                f"no user-defined relationship named {name!r} in schema version {schema_version_id}"
            )
        return count


def _relationship_rows(
    relationships: Iterable[Mapping[str, Any]],
    table_ids: Mapping[TableKey, uuid.UUID],
    column_ids: Mapping[TableKey, Mapping[str, uuid.UUID]],
    *,
    created_by: str | None,
) -> Iterable[dict[str, Any]]:
    for rel in relationships:
        parent_key = (rel["parent_schema"], rel["parent_table"])
        child_key = (rel["child_schema"], rel["child_table"])
        for position, (parent_col, child_col) in enumerate(
            zip(rel["parent_columns"], rel["child_columns"], strict=True)
        ):
            yield {
                "id": uuid.uuid4(),
                "parent_table_id": table_ids[parent_key],
                "child_table_id": table_ids[child_key],
                "parent_column_id": column_ids[parent_key][parent_col],
                "child_column_id": column_ids[child_key][child_col],
                "name": rel["name"],
                "column_position": position,
                "is_user_defined": rel["is_user_defined"],
                "on_delete": rel.get("on_delete"),
                "created_by": created_by,
            }
