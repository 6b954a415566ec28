"""Discovery jobs end to end: the API's two calls (row + enqueue_job), a `tdm-worker` process, and
what a user then sees: the job's status and result, its events in order, the stored schema version."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from tdm_cache.client import get_redis
from tdm_cache.job_state import JobStateCache
from tdm_metadata_store.models import Lineage
from tdm_metadata_store.repositories.connections import ConnectionRepository
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator import enqueue_job
from tdm_orchestrator.graphs.master import MASTER_NODES
from tdm_orchestrator.graphs.schema_discovery import NODE_NAMES

from tests.integration.orchestrator.support import (
    create_job,
    events,
    get_job,
    node_counts,
    run_burst_worker,
    wait_for_status,
)

# The node order a discovery job goes through (the dispatcher runs before and after the subgraph).
EXPECTED_NODES = [
    "parse_request",
    "decide_operation",
    "execute_subgraph",
    *NODE_NAMES,
    "execute_subgraph",
    "finalize",
]


def test_discovery_job_goes_queued_running_completed_and_writes_a_schema_version(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    request = {"discover": {"connection_string": shop_db, "schemas": ["public", "sales"], "sample_size": 100}}
    job_id = create_job(engine, request, user="alice")
    assert get_job(engine, job_id).status == "queued"
    assert enqueue_job(job_id) is True

    run_burst_worker(worker_logs)

    job = wait_for_status(engine, job_id, {"completed"}, timeout=5)
    assert job.error is None
    assert job.attempts == 1
    assert job.operation == "SCHEMA_DISCOVERY"
    assert job.finished_at is not None
    result = job.result_json or {}
    version_id = result["schema_version_id"]
    discover = result["steps"]["discover"]
    assert discover["counts"] == {"tables": 6, "columns": 19, "relationships": 2}
    assert discover["version_number"] == 1

    with Session(engine) as session:
        snapshot = SchemaRepository(session).load_version(uuid.UUID(version_id)).to_dict()
        edges = session.execute(select(Lineage).where(Lineage.job_id == uuid.UUID(job_id))).scalars().all()
    tables = {(t["schema"], t["name"]): t for t in snapshot["tables"]}
    assert set(tables) == {
        ("public", "customers"),
        ("public", "orders"),
        ("public", "order_items"),
        ("public", "audit_log"),
        ("public", "big_spenders"),
        ("sales", "targets"),
    }
    customers = tables[("public", "customers")]
    assert customers["row_count"] == 50 and customers["row_count_estimated"] is False
    assert tables[("public", "order_items")]["row_count"] == 600
    assert tables[("public", "big_spenders")]["kind"] == "view"
    columns = {c["name"]: c for c in customers["columns"]}
    assert columns["id"]["is_primary_key"] is True
    assert columns["email"]["inferred_type"] == "email"
    assert columns["email"]["stats"]["distinct_count"] == 50
    # Personal values never reach the metadata store: lengths for text, no extremes of a birth date.
    assert "min" not in columns["email"]["stats"] and "max" not in columns["birth_date"]["stats"]
    assert columns["email"]["stats"]["max_length"] == len("user50@example.com")
    # The table without a declared key gets its NOT NULL unique column as an inferred key.
    audit = {c["name"]: c for c in tables[("public", "audit_log")]["columns"]}
    assert audit["event_key"]["is_primary_key"] is True
    relationships = {(r["child_table"], tuple(r["child_columns"])): r for r in snapshot["relationships"]}
    assert relationships[("orders", ("customer_id",))]["parent_table"] == "customers"
    assert relationships[("orders", ("customer_id",))]["on_delete"] == "CASCADE"
    assert relationships[("order_items", ("order_id",))]["parent_columns"] == ["id"]
    assert [(e.source_type, e.target_type, e.target_id, e.operation) for e in edges] == [
        ("connection", "schema_version", version_id, "discovered_from")
    ]

    # Events arrive in node order: each node starts, then completes, before the next one starts.
    stream = [e for e in events(job_id) if e["type"] in ("node_started", "node_completed")]
    assert [(e["type"], e["node"]) for e in stream] == [
        (kind, node) for node in EXPECTED_NODES for kind in ("node_started", "node_completed")
    ]
    assert {e["subgraph"] for e in stream if e["node"] in NODE_NAMES} == {"schema_discovery"}
    assert {e["subgraph"] for e in stream if e["node"] in MASTER_NODES} == {"master"}
    kinds = [e["type"] for e in events(job_id)]
    assert kinds[0] == "job_started" and kinds[-1] == "job_completed"
    # The same story is in job_logs, and the live state in Redis says completed.
    assert node_counts(engine, job_id, "node_completed") == {
        node: EXPECTED_NODES.count(node) for node in EXPECTED_NODES
    }
    state = JobStateCache(get_redis()).get(job_id) or {}
    assert state["status"] == "completed"
    # Finished jobs leave no checkpoints behind.
    with Session(engine) as session:
        left = session.execute(text("SELECT count(*) FROM checkpoints WHERE thread_id = :t"), {"t": job_id})
        assert left.scalar_one() == 0


def test_a_job_is_enqueued_once_and_never_again_once_finished(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    job_id = create_job(engine, {"discover": {"connection_string": shop_db, "include_stats": False}})
    assert enqueue_job(job_id) is True
    assert enqueue_job(job_id) is False  # already waiting on the queue
    run_burst_worker(worker_logs)
    assert wait_for_status(engine, job_id, {"completed"}, timeout=5).attempts == 1
    assert enqueue_job(job_id) is False  # finished: refused
    run_burst_worker(worker_logs)
    assert get_job(engine, job_id).attempts == 1
    assert [e["type"] for e in events(job_id)].count("job_started") == 1


def test_invalid_request_fails_with_its_reason_and_is_not_retried(
    orchestrator_env: dict[str, str], engine: Engine, worker_logs: Path
) -> None:
    job_id = create_job(engine, {"discover": {"schemas": ["public"]}})
    assert enqueue_job(job_id) is True
    run_burst_worker(worker_logs)
    job = wait_for_status(engine, job_id, {"failed"}, timeout=5)
    assert job.error == "discover needs connection_string or connection_id"
    assert job.attempts == 1
    assert enqueue_job(job_id) is False
    failed = [e for e in events(job_id) if e["type"] == "job_failed"]
    assert len(failed) == 1 and failed[0]["reason"] == job.error
    with Session(engine) as session:
        messages = [log.message for log in JobRepository(session).logs(uuid.UUID(job_id))]
    assert "job failed: discover needs connection_string or connection_id" in messages


def test_a_pipeline_refused_at_its_start_runs_nothing(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    """A plan the worker refuses (here: a schema version that does not exist) fails before any step."""
    request = {
        "full_pipeline": True,
        "subset": {
            "schema_version_id": str(uuid.uuid4()),
            "connection_string": shop_db,
            "root_table": "customers",
        },
        "mask": {"rules": {"customers.email": "mask.email_deterministic"}},
        "synthetic": {"domain_pack": "banking"},
        "provision": {"target_env": "QA"},
    }
    job_id = create_job(engine, request)
    enqueue_job(job_id)
    run_burst_worker(worker_logs)
    job = wait_for_status(engine, job_id, {"failed"}, timeout=5)
    assert job.operation == "FULL_TDM_PIPELINE"
    assert job.error is not None
    assert "step_completed" not in [e["type"] for e in events(job_id)]


def test_connection_errors_fail_the_job_without_the_password(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, source_password: str, worker_logs: Path
) -> None:
    missing_db = shop_db.rsplit("/", 1)[0] + "/no_such_database_here"
    job_id = create_job(engine, {"discover": {"connection_string": missing_db}})
    enqueue_job(job_id)
    run_burst_worker(worker_logs)
    job = wait_for_status(engine, job_id, {"failed"}, timeout=5)
    assert job.error is not None
    # Our words, host and port only: no URL, no user, nothing the server sent back.
    host_port = shop_db.split("@", 1)[1].split("/", 1)[0]
    missing_database = "the database 'no_such_database_here' does not exist"
    assert job.error == f"connecting failed: could not connect to {host_port} ({missing_database})"
    everything = [job.error, str(job.result_json), *(str(e) for e in events(job_id))]
    with Session(engine) as session:
        everything += [
            f"{log.message} {log.details}" for log in JobRepository(session).logs(uuid.UUID(job_id))
        ]
        # Failed jobs keep their checkpoints (to be re-run once fixed): the secret is not in them either.
        stored = (
            session.execute(
                text(
                    "SELECT blob FROM checkpoint_blobs WHERE thread_id = :t AND blob IS NOT NULL "
                    "UNION ALL SELECT blob FROM checkpoint_writes WHERE thread_id = :t "
                    "UNION ALL SELECT convert_to(checkpoint::text, 'UTF8') FROM checkpoints "
                    "WHERE thread_id = :t"
                ),
                {"t": job_id},
            )
            .scalars()
            .all()
        )
    assert stored, "the failed job's checkpoints should still be there"
    # The request is in there, redacted (so these are the right bytes to search)...
    assert any(b"no_such_database_here" in bytes(blob) for blob in stored)
    # ...and the password is not.
    assert not [blob for blob in stored if source_password.encode() in bytes(blob)]
    assert not [text_ for text_ in everything if source_password in text_]


def test_discovery_by_stored_connection_and_rediscovery_numbers_versions(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    name = f"shop-{uuid.uuid4().hex[:6]}"
    with Session(engine) as session:
        connection = ConnectionRepository(session).create(name=name, connection_string=shop_db)
        session.commit()
        connection_id = str(connection.id)
    first = create_job(engine, {"discover": {"connection_id": connection_id, "include_stats": False}})
    second = create_job(engine, {"discover": {"connection_id": connection_id, "include_stats": False}})
    enqueue_job(first)
    run_burst_worker(worker_logs)
    enqueue_job(second)
    run_burst_worker(worker_logs)
    one = (wait_for_status(engine, first, {"completed"}, timeout=5).result_json or {})["steps"]["discover"]
    two = (wait_for_status(engine, second, {"completed"}, timeout=5).result_json or {})["steps"]["discover"]
    assert one["schema_name"] == two["schema_name"] == name
    assert one["schema_id"] == two["schema_id"]
    # Same structure, no drift: the second discovery is the same version, with refreshed statistics.
    assert (one["version_number"], two["version_number"]) == (1, 1)
    assert two["schema_version_id"] == one["schema_version_id"]
    assert two["changed_since_previous"] is False and two["new_version"] is False
    assert two["source"] == f"connection {connection_id}"
    # One lineage edge connection -> version, written by the job that made the version, not twice.
    with Session(engine) as session:
        edges = (
            session.execute(select(Lineage).where(Lineage.target_id == two["schema_version_id"]))
            .scalars()
            .all()
        )
    assert [(e.source_type, e.source_id, e.target_id, e.job_id) for e in edges] == [
        ("connection", connection_id, two["schema_version_id"], uuid.UUID(first))
    ]
