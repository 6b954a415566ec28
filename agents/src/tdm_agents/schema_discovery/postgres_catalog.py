"""PostgreSQL catalog extras: what SQLAlchemy's inspector does not tell, read with a few bulk queries.

Each function runs ONE query over all requested schemas (never one per table): relation kinds and
partition trees, exact type names with enum labels / domain definitions / array element types /
identity and serial sequences, and foreign-key facts (ON UPDATE, deferrability, which key of the
parent it references, whether it is a partition's clone of its parent's key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text

# pg_class.relkind -> the `kind` we store (tables.kind).
RELKINDS = {
    "r": "table",
    "p": "partitioned_table",
    "v": "view",
    "m": "materialized_view",
    "f": "foreign_table",
}
_FK_ACTIONS = {"a": None, "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_FK_MATCH = {"s": None, "f": "FULL", "p": "PARTIAL"}
_IDENTITY = {"a": "ALWAYS", "d": "BY DEFAULT"}
_GENERATED = {"s": "STORED", "v": "VIRTUAL"}
_NEXTVAL = re.compile(r"nextval\('((?:[^']|'')+)'::regclass\)")
_IDENTIFIER = re.compile(r'"((?:[^"]|"")+)"|([^".]+)')

_TABLES_SQL = text(
    """
    SELECT n.nspname AS schema, c.relname AS name, c.relkind AS relkind, c.relispopulated AS populated,
           d.description AS comment,
           CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_description d
           ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
    WHERE n.nspname = ANY(:schemas)
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT c.relispartition
    ORDER BY n.nspname, c.relname
    """
)

# Every partition (any depth) of the partitioned tables of the schemas, with its bound.
_PARTITIONS_SQL = text(
    """
    SELECT rn.nspname AS root_schema, r.relname AS root_name,
           pn.nspname AS schema, p.relname AS name, p.relkind AS relkind, t.level AS level,
           pg_get_expr(p.relpartbound, p.oid) AS bound,
           qn.nspname AS parent_schema, q.relname AS parent_name,
           CASE WHEN p.relkind = 'p' THEN pg_get_partkeydef(p.oid) END AS partition_key
    FROM pg_class r
    JOIN pg_namespace rn ON rn.oid = r.relnamespace
    CROSS JOIN LATERAL pg_partition_tree(r.oid) t
    JOIN pg_class p ON p.oid = t.relid
    JOIN pg_namespace pn ON pn.oid = p.relnamespace
    LEFT JOIN pg_class q ON q.oid = t.parentrelid
    LEFT JOIN pg_namespace qn ON qn.oid = q.relnamespace
    WHERE rn.nspname = ANY(:schemas) AND r.relkind = 'p' AND NOT r.relispartition AND t.level > 0
    ORDER BY rn.nspname, r.relname, t.level, p.relname
    """
)

_COLUMNS_SQL = text(
    """
    WITH owned AS (
        SELECT d.refobjid, d.refobjsubid, sn.nspname AS seq_schema, s.relname AS seq_name
        FROM pg_depend d
        JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        JOIN pg_namespace sn ON sn.oid = s.relnamespace
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
    )
    SELECT n.nspname AS schema, c.relname AS table_name, a.attname AS name,
           format_type(a.atttypid, a.atttypmod) AS data_type,
           a.atttypid AS type_oid, t.typtype AS typtype, tn.nspname AS type_schema, t.typname AS type_name,
           CASE WHEN t.typcategory = 'A' THEN format_type(t.typelem, a.atttypmod) END AS element_type,
           CASE WHEN t.typcategory = 'A' THEN t.typelem END AS element_oid,
           a.attidentity AS identity, a.attgenerated AS generated,
           o.seq_schema, o.seq_name
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    JOIN pg_namespace tn ON tn.oid = t.typnamespace
    LEFT JOIN owned o ON o.refobjid = c.oid AND o.refobjsubid = a.attnum
    WHERE n.nspname = ANY(:schemas)
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT c.relispartition
      AND a.attnum > 0 AND NOT a.attisdropped
    """
)

_ENUMS_SQL = text(
    """
    SELECT e.enumtypid AS oid, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_enum e GROUP BY e.enumtypid
    """
)

_DOMAINS_SQL = text(
    """
    SELECT t.oid AS oid, n.nspname AS schema, t.typname AS name,
           format_type(t.typbasetype, t.typtypmod) AS base_type, t.typbasetype AS base_oid,
           t.typnotnull AS not_null, t.typdefault AS "default",
           (SELECT coalesce(json_agg(json_build_object('name', k.conname,
                                                       'definition', pg_get_constraintdef(k.oid))
                                     ORDER BY k.conname), '[]'::json)
            FROM pg_constraint k WHERE k.contypid = t.oid) AS constraints
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd'
    """
)

# Stand-alone composite types (CREATE TYPE ... AS (...)), with their attributes: what a target needs
# to create them again.
_COMPOSITES_SQL = text(
    """
    SELECT t.oid AS oid, n.nspname AS schema, t.typname AS name,
           json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                    ORDER BY a.attnum) AS attributes
    FROM pg_type t
    JOIN pg_namespace n ON n.oid = t.typnamespace
    JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
    JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE t.typtype = 'c'
    GROUP BY t.oid, n.nspname, t.typname
    """
)

_FOREIGN_KEYS_SQL = text(
    """
    SELECT n.nspname AS schema, c.relname AS table_name, k.conname AS name,
           k.conparentid <> 0 AS inherited,
           rrn.nspname AS parent_schema, rr.relname AS parent_table,
           ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
                 ORDER BY u.ord) AS child_columns,
           ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum
                 ORDER BY u.ord) AS parent_columns,
           k.confupdtype AS on_update, k.confdeltype AS on_delete, k.confmatchtype AS match,
           k.condeferrable AS deferrable, k.condeferred AS initially_deferred, k.convalidated AS validated,
           ik.contype AS parent_key_type, ik.conname AS parent_key_name
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class r ON r.oid = k.confrelid
    JOIN pg_class rr ON rr.oid = CASE WHEN r.relispartition THEN pg_partition_root(r.oid) ELSE r.oid END
    JOIN pg_namespace rrn ON rrn.oid = rr.relnamespace
    LEFT JOIN pg_constraint ik
           ON ik.conindid = k.conindid AND ik.conrelid = k.confrelid AND ik.contype IN ('p', 'u')
    WHERE k.contype = 'f' AND n.nspname = ANY(:schemas)
    """
)


def tables(conn: Connection, schemas: Sequence[str]) -> list[dict[str, Any]]:
    """Relations of the schemas, partitioned tables with their partition trees (2 queries)."""
    rows = conn.execute(_TABLES_SQL, {"schemas": list(schemas)}).mappings().all()
    partitions: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if any(r["relkind"] == "p" for r in rows):
        for p in conn.execute(_PARTITIONS_SQL, {"schemas": list(schemas)}).mappings():
            entry: dict[str, Any] = {
                "schema": p["schema"],
                "name": p["name"],
                "kind": RELKINDS.get(p["relkind"], "table"),
                "bound": p["bound"],
                "level": int(p["level"]),
                "parent": f"{p['parent_schema']}.{p['parent_name']}",
            }
            if p["partition_key"]:
                entry["partition_key"] = p["partition_key"]
            partitions.setdefault((p["root_schema"], p["root_name"]), []).append(entry)
    result = []
    for r in rows:
        table: dict[str, Any] = {
            "schema": r["schema"],
            "name": r["name"],
            "kind": RELKINDS[r["relkind"]],
            "comment": r["comment"],
        }
        if r["relkind"] == "p":
            table["partition_key"] = r["partition_key"]
            table["partitions"] = partitions.get((r["schema"], r["name"]), [])
        if not r["populated"]:
            # A materialized view never refreshed cannot be read (counting it raises an error).
            table["populated"] = False
        result.append(table)
    return result


def column_details(conn: Connection, schemas: Sequence[str]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(schema, table, column) -> catalog facts about its type (4 queries: columns, enums, domains,
    composite types)."""
    enums = {int(r["oid"]): list(r["labels"]) for r in conn.execute(_ENUMS_SQL).mappings()}
    domains = {int(r["oid"]): dict(r) for r in conn.execute(_DOMAINS_SQL).mappings()}
    composites = {int(r["oid"]): dict(r) for r in conn.execute(_COMPOSITES_SQL).mappings()}
    details: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in conn.execute(_COLUMNS_SQL, {"schemas": list(schemas)}).mappings():
        entry = dict(r)
        entry["enums"] = enums
        entry["domains"] = domains
        entry["composites"] = composites
        details[(r["schema"], r["table_name"], r["name"])] = entry
    return details


def _base_type_facts(
    oid: int, domains: dict[int, dict[str, Any]], enums: dict[int, list[str]]
) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    seen = 0
    while oid in domains and seen < 10:  # domains over domains: follow to the base type
        seen += 1
        oid = int(domains[oid]["base_oid"])
    if oid in enums:
        facts["enum_labels"] = enums[oid]
    return facts


def type_details(extra: dict[str, Any], reflected: dict[str, Any], category: str) -> dict[str, Any]:
    """type_details of one column from the catalog row (`column_details`) and the inspector's dict."""
    enums: dict[int, list[str]] = extra["enums"]
    domains: dict[int, dict[str, Any]] = extra["domains"]
    details: dict[str, Any] = {"family": category}
    type_oid = int(extra["type_oid"])
    user_defined = extra["typtype"] in ("e", "d", "c", "r", "m") or extra["type_schema"] != "pg_catalog"
    if user_defined and not extra["element_type"]:  # an array is described by its element type
        details["type_name"] = f"{extra['type_schema']}.{extra['type_name']}"
    if extra["typtype"] == "e":
        details["enum_labels"] = enums.get(type_oid, [])
    elif extra["typtype"] == "d":
        domain = domains[type_oid]
        details["domain"] = {
            "name": f"{domain['schema']}.{domain['name']}",
            "base_type": domain["base_type"],
            "not_null": bool(domain["not_null"]),
            "default": domain["default"],
            "constraints": list(domain["constraints"] or []),
        }
        details.update(_base_type_facts(type_oid, domains, enums))
    elif extra["typtype"] == "c":
        composite = (extra.get("composites") or {}).get(type_oid)
        details["composite"] = (
            {
                "name": f"{composite['schema']}.{composite['name']}",
                "attributes": list(composite["attributes"] or []),
            }
            if composite
            else True  # a table's row type: that table defines it
        )
    if extra["element_type"]:
        details["element_type"] = extra["element_type"]
        element = _base_type_facts(int(extra["element_oid"]), domains, enums)
        if element.get("enum_labels"):
            details["element_enum_labels"] = element["enum_labels"]
    sequence = f"{extra['seq_schema']}.{extra['seq_name']}" if extra["seq_name"] else None
    if extra["identity"]:
        identity: dict[str, Any] = {"generation": _IDENTITY[extra["identity"]], "sequence": sequence}
        for key in ("start", "increment", "cycle"):
            value = (reflected.get("identity") or {}).get(key)
            if isinstance(value, bool | int):
                identity[key] = value
        details["identity"] = identity
    elif sequence is not None:
        # A sequence OWNED BY the column and used by its default: serial / bigserial.
        details["serial"] = {"sequence": sequence}
    elif (used := default_sequence(reflected.get("default"))) is not None:
        # nextval() of a sequence nobody declared the owner of (common in dumps, e.g. Pagila).
        details["serial"] = {"sequence": used, "owned": False}
    if extra["generated"]:
        computed = reflected.get("computed") or {}
        details["generated"] = {
            "kind": _GENERATED.get(extra["generated"], extra["generated"]),
            "expression": str(computed.get("sqltext")) if computed else None,
        }
    return details


def default_sequence(default: Any) -> str | None:
    """The sequence of a `nextval('schema.seq'::regclass)` default, as "schema.seq"."""
    match = _NEXTVAL.search(str(default or ""))
    if match is None:
        return None
    parts = [
        quoted.replace('""', '"') if quoted else plain
        for quoted, plain in _IDENTIFIER.findall(match.group(1))
    ]
    return ".".join(parts)


def foreign_key_details(
    conn: Connection, schemas: Sequence[str]
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(schema, table, constraint) -> the catalog's facts about each foreign key of the schemas."""
    details: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in conn.execute(_FOREIGN_KEYS_SQL, {"schemas": list(schemas)}).mappings():
        details[(r["schema"], r["table_name"], r["name"])] = {
            "inherited": bool(r["inherited"]),
            "parent_schema": r["parent_schema"],
            "parent_table": r["parent_table"],
            "child_columns": list(r["child_columns"]),
            "parent_columns": list(r["parent_columns"]),
            "on_update": _FK_ACTIONS.get(r["on_update"]),
            "on_delete": _FK_ACTIONS.get(r["on_delete"]),
            "match": _FK_MATCH.get(r["match"]),
            "deferrable": bool(r["deferrable"]),
            "initially_deferred": bool(r["initially_deferred"]),
            "validated": bool(r["validated"]),
            "parent_key": {"p": "primary_key", "u": "unique"}.get(r["parent_key_type"] or "", "unique_index"),
            "parent_key_name": r["parent_key_name"],
        }
    return details
