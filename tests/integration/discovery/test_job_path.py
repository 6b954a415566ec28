"""Discovery through the real job path: a jobs row, the queue, a `tdm-worker` process running the
LangGraph subgraph, and the schema version it saved, read back from the metadata store."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator import enqueue_job

from tests.integration.orchestrator.support import create_job, run_burst_worker, wait_for_status


def _run(engine: Engine, request: dict[str, Any], logs: Path) -> dict[str, Any]:
    job_id = create_job(engine, request)
    assert enqueue_job(job_id) is True
    log = run_burst_worker(logs)
    job = wait_for_status(engine, job_id, {"completed", "failed"}, timeout=10)
    assert job.status == "completed", f"{job.error}\n{log[-3000:]}"
    return dict(job.result_json or {})


def test_pagila_discovery_job_saves_payment_once_with_its_partitions(
    discovery_env: dict[str, str], engine: Engine, pagila_url: str, tmp_path: Path
) -> None:
    result = _run(engine, {"discover": {"connection_string": pagila_url, "sample_size": 500}}, tmp_path)
    discover = result["steps"]["discover"]
    with psycopg.connect(pagila_url) as conn:
        relations, columns, foreign_keys = conn.execute(
            """
            SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                      AND NOT c.relispartition),
                   (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
                      AND a.attnum > 0 AND NOT a.attisdropped),
                   (SELECT count(DISTINCT (coalesce(pg_partition_root(k.conrelid), k.conrelid), k.conkey,
                                           k.confrelid, k.confkey))
                    FROM pg_constraint k WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace)
            """
        ).fetchone() or (0, 0, 0)
    assert discover["counts"] == {"tables": relations, "columns": columns, "relationships": foreign_keys}
    assert discover["schemas"] == ["public"]
    with Session(engine) as session:
        repo = SchemaRepository(session)
        version_id = uuid.UUID(str(result["schema_version_id"]))
        loaded = repo.load_version(version_id).to_dict()
        saved = repo.require_version(version_id).snapshot_json or {}
    names = [t["name"] for t in loaded["tables"]]
    assert names.count("payment") == 1 and not [n for n in names if n.startswith("payment_p")]
    payment = next(t for t in loaded["tables"] if t["name"] == "payment")
    assert payment["kind"] == "partitioned_table" and len(payment["partitions"]) == 7
    assert {t["name"]: t["kind"] for t in loaded["tables"]}["film_list"] == "view"
    film = next(t for t in saved["tables"] if t["name"] == "film")
    rating = next(c for c in film["columns"] if c["name"] == "rating")
    assert rating["type_details"]["enum_labels"] == ["G", "PG", "PG-13", "R", "NC-17"]
    assert rating["stats"]["top_values"]


def test_every_schema_through_a_job_with_star(
    discovery_env: dict[str, str], engine: Engine, synthetic_url: str, tmp_path: Path
) -> None:
    request = {"discover": {"connection_string": synthetic_url, "schemas": ["*"], "include_stats": False}}
    discover = _run(engine, request, tmp_path)["steps"]["discover"]
    assert discover["schemas"] == ["crm", "public", "sales"]
    assert discover["counts"]["tables"] == 9 and discover["counts"]["relationships"] == 6
    # Every schema is the database itself: no "(schema, ...)" suffix in the logical name.
    assert "(" not in discover["schema_name"]
