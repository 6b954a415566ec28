"""Bundled public sample databases (Pagila, Chinook) and a loader that needs no `psql`.

The dumps are plain `pg_dump` output: SQL statements plus `COPY ... FROM stdin` blocks. We replay them
through psycopg (statements in chunks, COPY data through the COPY protocol), so a machine with only the
embedded PostgreSQL and no client tools can load them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.settings import libpq_url

SAMPLE_DIR = Path(__file__).parent / "sample_data"


@dataclass(frozen=True)
class Sample:
    name: str
    dump: Path
    licence: Path
    description: str


SAMPLES: dict[str, Sample] = {
    "pagila": Sample(
        "pagila",
        SAMPLE_DIR / "pagila" / "pagila.sql",
        SAMPLE_DIR / "pagila" / "LICENSE.txt",
        "DVD rental (PostgreSQL port of Sakila): partitions, enums, domains, views, arrays, tsvector",
    ),
    "chinook": Sample(
        "chinook",
        SAMPLE_DIR / "chinook" / "chinook.sql",
        SAMPLE_DIR / "chinook" / "LICENSE.md",
        "Digital media store: customers, invoices, employees with a self-referencing manager key",
    ),
}


def get_sample(name: str) -> Sample:
    try:
        return SAMPLES[name]
    except KeyError:
        raise InvalidInputError(f"unknown sample {name!r}; available: {', '.join(sorted(SAMPLES))}") from None


def with_database(url: str, dbname: str) -> str:
    """Same server and credentials, another database name."""
    base, _, _ = libpq_url(url).partition("?")[0].rpartition("/")
    return f"{base}/{dbname}"


def create_database(server_url: str, dbname: str, *, replace: bool = False) -> str:
    """Create `dbname` on the server of `server_url` and return its URL."""
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        if replace:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    return with_database(server_url, dbname)


def _dump_chunks(path: Path) -> Iterator[tuple[str, str | None]]:
    """Yield (sql_text, None) for statement chunks and (copy_statement, data) for COPY blocks."""
    statements: list[str] = []
    with path.open(encoding="utf-8") as dump:
        for line in dump:
            if line.startswith(("\\restrict", "\\unrestrict")):
                continue  # psql meta-commands guarding the dump; meaningless over the wire
            if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
                if statements:
                    yield "".join(statements), None
                    statements = []
                data: list[str] = []
                for data_line in dump:
                    if data_line in {"\\.\n", "\\."}:
                        break
                    data.append(data_line)
                yield line.rstrip().rstrip(";"), "".join(data)
                continue
            statements.append(line)
    if "".join(statements).strip():
        yield "".join(statements), None


def load_dump(database_url: str, dump: Path) -> None:
    """Replay a plain pg_dump file into an existing (empty) database, in one transaction."""
    with psycopg.connect(libpq_url(database_url)) as conn, conn.cursor() as cur:
        for text, data in _dump_chunks(dump):
            if data is None:
                cur.execute(text.encode())
            else:
                with cur.copy(text.encode()) as copy:
                    copy.write(data)
        conn.commit()


def load_sample(name: str, server_url: str, *, dbname: str | None = None, replace: bool = False) -> str:
    """Create a database (default: the sample's name) on the server and load the sample; return its URL."""
    sample = get_sample(name)
    url = create_database(server_url, dbname or sample.name, replace=replace)
    with psycopg.connect(libpq_url(url)) as conn:
        loaded = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    if loaded and loaded[0] and not replace:
        return url  # already loaded: loading is idempotent for demos and tests
    load_dump(url, sample.dump)
    return url
