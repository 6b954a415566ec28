"""Catalog reads are bulk: the number of statements does not grow with the number of tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event
from tdm_agents.common.sources import source_engine
from tdm_agents.schema_discovery import foreign_keys, keys_and_constraints, list_columns, list_tables

from tests.integration.orchestrator.support import create_source_database
from tests.support.services import ServiceEndpoints


def _schema(name: str, tables: int) -> str:
    statements = [f"CREATE SCHEMA {name}; CREATE TYPE {name}.mood AS ENUM ('ok', 'meh')"]
    for i in range(tables):
        parent = f"REFERENCES {name}.t{i - 1} (id)" if i else ""
        statements.append(
            f"CREATE TABLE {name}.t{i} (id int PRIMARY KEY, up int {parent}, code text UNIQUE, "
            f"mood {name}.mood, tags text[], CHECK (id > 0))"
        )
        statements.append(f"CREATE INDEX t{i}_up ON {name}.t{i} (up) WHERE up IS NOT NULL")
    statements.append(f"CREATE TABLE {name}.p (id int, d date) PARTITION BY RANGE (d)")
    statements.append(
        f"CREATE TABLE {name}.p1 PARTITION OF {name}.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    )
    return ";\n".join(statements)


@pytest.fixture(scope="module")
def engine_(services: ServiceEndpoints) -> Iterator[Engine]:
    for url in create_source_database(services, _schema("few", 3) + ";\n" + _schema("many", 60)):
        yield source_engine(url)


def _statements(engine_: Engine, schema: str) -> tuple[int, int]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine_, "before_cursor_execute", count)
    try:
        tables = list_tables(engine_, [schema], "src")
        columns = list_columns(engine_, tables, "src")
        keys_and_constraints(engine_, tables, columns, source="src")
        relationships, _ = foreign_keys(engine_, tables, source="src")
    finally:
        event.remove(engine_, "before_cursor_execute", count)
    assert len(relationships) == len(tables) - 2  # the chain of keys (p has none)
    return len(tables), len(seen)


def test_catalog_statements_do_not_grow_with_the_tables(engine_: Engine) -> None:
    _statements(engine_, "few")  # the first use of an engine reads a few server facts once
    few_tables, few_statements = _statements(engine_, "few")
    many_tables, many_statements = _statements(engine_, "many")
    assert (few_tables, many_tables) == (4, 61)
    assert many_statements == few_statements
    assert many_statements <= 25, many_statements
