"""Primary keys, unique/check constraints, indexes and foreign keys, from bulk inspector calls.

A table without a declared primary key gets the first unique constraint (or unique index) whose
columns are all NOT NULL as its key, flagged `inferred`: subsetting and masking need a row identity.
Foreign keys come from the catalog only; a key pointing outside the discovered schemas is reported
(`external_references`) but not stored, since its parent table is not part of the snapshot.

PostgreSQL partitions: a foreign key declared on partitions (not on their parent, as in Pagila's
`payment_p2022_*`) is reported once, on the partitioned table, with the partitions that carry it; a
key referencing a partition points at its partitioned table; the per-partition clones PostgreSQL makes
of a parent's key are left out (the parent's key stands for them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.engine.reflection import ObjectKind

from tdm_agents.common.sources import dialect_family, translate_source_errors
from tdm_agents.schema_discovery import postgres_catalog
from tdm_agents.schema_discovery.connector import (
    TableKey,
    group_by_schema,
    partition_roots,
    quiet_reflection,
    reflect_bulk,
    table_key,
)

# TABLE covers plain, partitioned and foreign tables in the PostgreSQL dialect.
_KEYED_KINDS = ObjectKind.TABLE | ObjectKind.MATERIALIZED_VIEW


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
    keyed = [t for t in tables if t["kind"] not in ("view",)]
    pk_map: dict[TableKey, dict[str, Any]] = {}
    constraints: dict[TableKey, dict[str, Any]] = {}
    with (
        translate_source_errors(source, "reading keys and constraints"),
        engine.connect() as conn,
        quiet_reflection(),
    ):
        family = dialect_family(conn)
        inspector = inspect(conn)
        for schema, names in group_by_schema(keyed).items():
            pks = reflect_bulk(inspector, "get_multi_pk_constraint", schema, names, _KEYED_KINDS)
            uniques = reflect_bulk(inspector, "get_multi_unique_constraints", schema, names, _KEYED_KINDS)
            checks = reflect_bulk(inspector, "get_multi_check_constraints", schema, names, _KEYED_KINDS)
            indexes = reflect_bulk(inspector, "get_multi_indexes", schema, names, _KEYED_KINDS)
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
                index_entries = [index_entry(i, family) for i in table_indexes]
                if entries or index_entries:
                    constraints[key] = {"constraints": entries, "indexes": index_entries}
    return pk_map, constraints


def index_entry(index: Mapping[str, Any], family: str) -> dict[str, Any]:
    """One reflected index in snapshot form: columns (expressions in place), unique, method, predicate."""
    options: Mapping[str, Any] = index.get("dialect_options") or {}
    names = list(index.get("column_names") or [])
    expressions = list(index.get("expressions") or [])
    # An expression key has column name None; its text is at the same position in `expressions`.
    elements = [name if name is not None else str(expressions[pos]) for pos, name in enumerate(names)]
    entry: dict[str, Any] = {
        "name": index.get("name"),
        "columns": elements,
        "unique": bool(index.get("unique")),
    }
    if any(name is None for name in names):
        entry["expressions"] = [str(expressions[pos]) for pos, name in enumerate(names) if name is None]
    if family == "postgresql":
        entry["method"] = options.get("postgresql_using") or "btree"
    elif family == "mysql":
        entry["method"] = str(index.get("type") or options.get("mysql_using") or "btree").lower()
    predicate = options.get("postgresql_where") or options.get("sqlite_where")
    if predicate is not None:
        entry["predicate"] = str(predicate)
    include = options.get("postgresql_include")
    if include:
        entry["include"] = list(include)
    if index.get("column_sorting"):
        entry["sorting"] = {str(k): list(v) for k, v in dict(index["column_sorting"]).items()}
    if index.get("duplicates_constraint"):
        entry["constraint"] = index["duplicates_constraint"]
    return entry


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
        if i.get("unique")
        and None not in (i.get("column_names") or [None])
        # A partial unique index does not make the whole table unique.
        and not (i.get("dialect_options") or {}).get("postgresql_where")
        and not (i.get("dialect_options") or {}).get("sqlite_where")
    ]
    for name, cols in sorted(candidates, key=lambda item: len(item[1])):
        if cols and all((key, col) in not_null for col in cols):
            return {"columns": cols, "name": name, "inferred": True}
    return None


def foreign_keys(
    engine: Engine, tables: Sequence[dict[str, Any]], *, source: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(relationships within the discovered tables, references to tables outside them)."""
    roots = partition_roots(tables)
    keyed = [t for t in tables if t["kind"] != "view"]
    # Partitions are reflected too: their own foreign keys belong to their partitioned table.
    reflect_targets = [*keyed, *({"schema": s, "name": n} for (s, n) in roots)]
    reflected: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with (
        translate_source_errors(source, "reading foreign keys"),
        engine.connect() as conn,
        quiet_reflection(),
    ):
        inspector = inspect(conn)
        for schema, names in group_by_schema(reflect_targets).items():
            found = reflect_bulk(inspector, "get_multi_foreign_keys", schema, names, _KEYED_KINDS)
            for (found_schema, name), fks in found.items():
                reflected[(str(found_schema), name)] = [dict(fk) for fk in fks]
        catalog = (
            postgres_catalog.foreign_key_details(conn, sorted({s for s, _ in reflected}))
            if dialect_family(conn) == "postgresql"
            else {}
        )
    known = {(t["schema"], t["name"]) for t in tables}
    return merge_foreign_keys(reflected, catalog, roots, known)


def merge_foreign_keys(
    reflected: Mapping[tuple[str, str], Sequence[Mapping[str, Any]]],
    catalog: Mapping[tuple[str, str, str], Mapping[str, Any]],
    roots: Mapping[tuple[str, str], tuple[str, str]],
    known: set[tuple[str, str]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Inspector foreign keys + catalog facts -> (relationships, external references).

    Pure, so the partition rules are testable without a database: clones of a parent's key are
    dropped, keys of partitions are lifted to their root (once per distinct key), referenced
    partitions become their root.
    """
    relationships: list[dict[str, Any]] = []
    external: list[dict[str, Any]] = []
    lifted: dict[tuple[Any, ...], dict[str, Any]] = {}
    for (schema, table), fks in sorted(reflected.items()):
        for fk in fks:
            facts = catalog.get((schema, table, str(fk.get("name"))), {})
            if facts.get("inherited"):
                continue  # PostgreSQL's per-partition clone of a key declared on the parent
            options = fk.get("options") or {}
            parent_schema = facts.get("parent_schema") or fk.get("referred_schema") or schema
            parent_table = facts.get("parent_table") or fk["referred_table"]
            parent_schema, parent_table = roots.get(
                (parent_schema, parent_table), (parent_schema, parent_table)
            )
            child_schema, child_table = roots.get((schema, table), (schema, table))
            relationship: dict[str, Any] = {
                "name": fk.get("name"),
                "parent_schema": parent_schema,
                "parent_table": parent_table,
                "parent_columns": list(facts.get("parent_columns") or fk["referred_columns"]),
                "child_schema": child_schema,
                "child_table": child_table,
                "child_columns": list(facts.get("child_columns") or fk["constrained_columns"]),
                "on_delete": facts["on_delete"] if facts else _action(options.get("ondelete")),
                "on_update": facts["on_update"] if facts else _action(options.get("onupdate")),
                "deferrable": bool(facts.get("deferrable", options.get("deferrable", False))),
                "initially_deferred": bool(
                    facts.get("initially_deferred", str(options.get("initially", "")).upper() == "DEFERRED")
                ),
            }
            for extra in ("match", "parent_key", "parent_key_name"):
                if facts.get(extra) is not None:
                    relationship[extra] = facts[extra]
            if facts and not facts.get("validated", True):
                relationship["validated"] = False
            if (schema, table) != (child_schema, child_table):
                shape = (
                    child_schema,
                    child_table,
                    tuple(relationship["child_columns"]),
                    parent_schema,
                    parent_table,
                    tuple(relationship["parent_columns"]),
                )
                if shape in lifted:
                    lifted[shape]["declared_on_partitions"].append(f"{schema}.{table}")
                    continue
                # PostgreSQL's own default name, as if it had been declared on the partitioned table.
                relationship["name"] = f"{child_table}_{'_'.join(relationship['child_columns'])}_fkey"
                relationship["declared_on_partitions"] = [f"{schema}.{table}"]
                lifted[shape] = relationship
            target = relationships if (parent_schema, parent_table) in known else external
            target.append(relationship)
    return relationships, external


def _action(value: Any) -> str | None:
    """Referential action as PostgreSQL spells it; NO ACTION (the default) is None."""
    if value is None:
        return None
    action = str(value).upper()
    return None if action == "NO ACTION" else action
