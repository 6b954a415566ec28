"""Primary keys, unique/check constraints, indexes and foreign keys, from bulk inspector calls.

A table without a declared primary key gets the first unique constraint (or unique index) whose
columns are all NOT NULL as its key, flagged `inferred`: subsetting and masking need a row identity.
Foreign keys come from the catalog only; a key pointing outside the discovered schemas is reported
(`external_references`) but not stored, since its parent table is not part of the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.engine.reflection import ObjectKind

from tdm_agents.schema_discovery.connector import TableKey, table_key, translate_source_errors

# TABLE covers plain, partitioned and foreign tables in the PostgreSQL dialect.
_KEYED_KINDS = ObjectKind.TABLE | ObjectKind.MATERIALIZED_VIEW


def _by_schema(tables: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for table in tables:
        grouped.setdefault(table["schema"], []).append(table["name"])
    return grouped


def keys_and_constraints(
    engine: Engine,
    tables: Sequence[dict[str, Any]],
    columns: Sequence[dict[str, Any]],
    *,
    source: str,
) -> tuple[dict[TableKey, dict[str, Any]], dict[TableKey, dict[str, Any]]]:
    """(pk_map, constraints): pk_map[key] = {"columns", "name", "inferred"}; constraints[key] =
    {"constraints": [...], "indexes": [...]} in the snapshot's list-of-small-dicts form."""
    not_null = {
        (table_key(c["schema"], c["table"]), c["name"]) for c in columns if not c.get("nullable", True)
    }
    pk_map: dict[TableKey, dict[str, Any]] = {}
    constraints: dict[TableKey, dict[str, Any]] = {}
    with translate_source_errors(source, "reading keys and constraints"), engine.connect() as conn:
        inspector = inspect(conn)
        for schema, names in _by_schema(tables).items():
            pks = inspector.get_multi_pk_constraint(schema=schema, filter_names=names, kind=_KEYED_KINDS)
            uniques = inspector.get_multi_unique_constraints(
                schema=schema, filter_names=names, kind=_KEYED_KINDS
            )
            checks = inspector.get_multi_check_constraints(
                schema=schema, filter_names=names, kind=_KEYED_KINDS
            )
            indexes = inspector.get_multi_indexes(schema=schema, filter_names=names, kind=_KEYED_KINDS)
            for name in names:
                key = table_key(schema, name)
                pk: dict[str, Any] = dict(pks.get((schema, name)) or {})
                table_uniques: list[dict[str, Any]] = [dict(u) for u in uniques.get((schema, name), [])]
                table_indexes: list[dict[str, Any]] = [dict(i) for i in indexes.get((schema, name), [])]
                if pk.get("constrained_columns"):
                    pk_map[key] = {
                        "columns": list(pk["constrained_columns"]),
                        "name": pk.get("name"),
                        "inferred": False,
                    }
                else:
                    candidate = _unique_candidate(key, table_uniques, table_indexes, not_null)
                    if candidate is not None:
                        pk_map[key] = candidate
                entries: list[dict[str, Any]] = [
                    {"type": "unique", "name": u.get("name"), "columns": list(u.get("column_names") or [])}
                    for u in table_uniques
                ]
                entries += [
                    {"type": "check", "name": c.get("name"), "definition": str(c.get("sqltext"))}
                    for c in checks.get((schema, name), [])
                ]
                index_entries = [
                    {
                        "name": i.get("name"),
                        "columns": [col for col in (i.get("column_names") or []) if col is not None],
                        "unique": bool(i.get("unique")),
                    }
                    for i in table_indexes
                ]
                if entries or index_entries:
                    constraints[key] = {"constraints": entries, "indexes": index_entries}
    return pk_map, constraints


def _unique_candidate(
    key: TableKey,
    uniques: Sequence[dict[str, Any]],
    indexes: Sequence[dict[str, Any]],
    not_null: set[tuple[TableKey, str]],
) -> dict[str, Any] | None:
    candidates = [(u.get("name"), list(u.get("column_names") or [])) for u in uniques]
    candidates += [
        (i.get("name"), list(i.get("column_names") or []))
        for i in indexes
        if i.get("unique") and None not in (i.get("column_names") or [None])
    ]
    for name, cols in sorted(candidates, key=lambda item: len(item[1])):
        if cols and all((key, col) in not_null for col in cols):
            return {"columns": cols, "name": name, "inferred": True}
    return None


def foreign_keys(
    engine: Engine, tables: Sequence[dict[str, Any]], *, source: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(relationships within the discovered tables, references to tables outside them)."""
    known = {table_key(t["schema"], t["name"]) for t in tables}
    relationships: list[dict[str, Any]] = []
    external: list[dict[str, Any]] = []
    with translate_source_errors(source, "reading foreign keys"), engine.connect() as conn:
        inspector = inspect(conn)
        for schema, names in _by_schema(tables).items():
            fks = inspector.get_multi_foreign_keys(schema=schema, filter_names=names, kind=_KEYED_KINDS)
            for name in names:
                for fk in fks.get((schema, name), []):
                    parent_schema = fk.get("referred_schema") or schema
                    relationship = {
                        "name": fk.get("name"),
                        "parent_schema": parent_schema,
                        "parent_table": fk["referred_table"],
                        "parent_columns": list(fk["referred_columns"]),
                        "child_schema": schema,
                        "child_table": name,
                        "child_columns": list(fk["constrained_columns"]),
                        "on_delete": (fk.get("options") or {}).get("ondelete"),
                    }
                    if table_key(parent_schema, fk["referred_table"]) in known:
                        relationships.append(relationship)
                    else:
                        external.append(relationship)
    return relationships, external
