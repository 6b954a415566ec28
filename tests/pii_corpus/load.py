"""Create the PII corpus schemas in PostgreSQL: one database per schema, named `tdm_pii_corpus_<schema>`.

    loaded = load_schema("rh_fr", "postgresql://postgres@127.0.0.1:5432/postgres", replace=True)
    loaded.url     # postgresql://postgres@127.0.0.1:5432/tdm_pii_corpus_rh_fr
    loaded.labels  # {("salarie", "prénom"): "first_name", ...}

Every table goes in the `public` namespace with its primary key and unique constraints; rows are copied
in (COPY), then the foreign keys are added (so reference cycles need no ordering) and the database is
ANALYZEd, as a real source would be. Identifiers are always quoted: upper-case, camelCase and accented
names stay exactly as the corpus spells them.

Idempotent: `replace=True` drops the database first. With `replace=False` a database that holds the
current corpus (its comment carries the fingerprint of structure and rows) is reused as it is, and any
other is dropped and rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

import psycopg
from psycopg import sql
from tdm_cli.samples import create_database, with_database
from tdm_metadata_store.settings import libpq_url

from tests.pii_corpus.generate import (
    SCHEMAS,
    CorpusSchema,
    Table,
    fingerprint,
    generate_rows,
    get_schema,
    gold_labels,
)

DB_PREFIX = "tdm_pii_corpus_"
_COMMENT_PREFIX = "tdm pii corpus "


class LoadedSchema(NamedTuple):
    url: str
    labels: dict[tuple[str, str], str]


def database_name(schema: CorpusSchema | str) -> str:
    name = schema if isinstance(schema, str) else schema.name
    return f"{DB_PREFIX}{name}"


def _create_table(table: Table) -> sql.Composed:
    parts: list[sql.Composable] = [
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.sql_type)) for c in table.columns
    ]
    keys = [c.name for c in table.columns if c.pk]
    if keys:
        parts.append(sql.SQL("PRIMARY KEY ({})").format(sql.SQL(", ").join(map(sql.Identifier, keys))))
    parts.extend(sql.SQL("UNIQUE ({})").format(sql.Identifier(c.name)) for c in table.columns if c.unique)
    return sql.SQL("CREATE TABLE {} ({})").format(sql.Identifier(table.name), sql.SQL(", ").join(parts))


def _foreign_keys(table: Table) -> list[sql.Composed]:
    return [
        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})").format(
            sql.Identifier(table.name),
            sql.Identifier(f"{table.name}_{c.name}_fkey"[:63]),
            sql.Identifier(c.name),
            sql.Identifier(c.ref[0]),
            sql.Identifier(c.ref[1]),
        )
        for c in table.columns
        if c.ref is not None
    ]


def _copy_value(value: Any) -> Any:
    # COPY in text format: documents go as their JSON text.
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _current(server_url: str, dbname: str, digest: str) -> bool:
    with psycopg.connect(libpq_url(with_database(server_url, "postgres")), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (dbname,)
        ).fetchone()
    return row is not None and row[0] == f"{_COMMENT_PREFIX}{digest}"


def load_schema(schema: CorpusSchema | str, server_url: str, *, replace: bool = True) -> LoadedSchema:
    """Create (or reuse, see the module docstring) the schema's database; its URL and gold labels."""
    schema = get_schema(schema) if isinstance(schema, str) else schema
    rows = generate_rows(schema)
    digest = fingerprint(schema, rows)
    dbname = database_name(schema)
    url = with_database(server_url, dbname)
    if not replace and _current(server_url, dbname, digest):
        return LoadedSchema(url, gold_labels(schema))
    create_database(server_url, dbname, replace=True)
    with psycopg.connect(libpq_url(url)) as conn:
        for table in schema.tables:
            conn.execute(_create_table(table))
            columns = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table.name), columns)
            with conn.cursor().copy(statement) as copy:
                for row in rows[table.name]:
                    copy.write_row([_copy_value(value) for value in row])
        for table in schema.tables:
            for statement in _foreign_keys(table):
                conn.execute(statement)
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(dbname), sql.Literal(f"{_COMMENT_PREFIX}{digest}")
            )
        )
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("ANALYZE")
    return LoadedSchema(url, gold_labels(schema))


def load_corpus(
    server_url: str, names: Iterable[str] | None = None, *, replace: bool = True
) -> dict[str, LoadedSchema]:
    """Load several schemas (all by default), by name."""
    chosen = [get_schema(name) for name in names] if names is not None else list(SCHEMAS)
    return {schema.name: load_schema(schema, server_url, replace=replace) for schema in chosen}


def drop_schema(schema: CorpusSchema | str, server_url: str) -> None:
    with psycopg.connect(libpq_url(with_database(server_url, "postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database_name(schema)))
        )


if __name__ == "__main__":
    import argparse
    import os

    parser = argparse.ArgumentParser(description="Load the PII corpus databases into PostgreSQL.")
    parser.add_argument(
        "--server", default=os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--schemas", nargs="*", help="corpus schema names (default: all)")
    parser.add_argument("--keep-existing", action="store_true", help="reuse databases that are current")
    args = parser.parse_args()
    for name, loaded in load_corpus(args.server, args.schemas, replace=not args.keep_existing).items():
        print(f"{name}: {loaded.url} ({len(loaded.labels)} labelled columns)")
