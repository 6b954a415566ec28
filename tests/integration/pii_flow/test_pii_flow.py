"""Discovery then PII classification of Pagila, as a user drives it: the API queues the jobs, a real
`tdm-worker` process runs them, the results are read back through the API.

Covers: the stored PII map (spot checks), the no-LLM job log line, no raw sample value in the job's
LangGraph checkpoints nor its logs, manual labels that survive rediscovery and reclassification,
schema drift between versions after ALTER TABLE, and user-declared relationships carried over.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_orchestrator import enqueue_job
from tdm_orchestrator.graphs.pii_classification import NODE_NAMES

from tests.integration.orchestrator.support import create_job
from tests.integration.pii_flow.conftest import Flow

# Raw values of Pagila that must never be stored outside the source: a customer's e-mail address and
# the stored password hash of staff member Mike.
KNOWN_EMAIL = "MARY.SMITH@sakilacustomer.org"
KNOWN_PASSWORD_HASH = "8cb2237d0679ca88db6464eac60da96345513964"


def _checkpoint_hits(engine: Engine, job_id: str, needle: str) -> int:
    """Rows of the job's checkpoints (any of LangGraph's three tables) containing `needle`."""
    pattern = f"%{needle.lower()}%"
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM checkpoints WHERE thread_id = :t"
                    "        AND lower(checkpoint::text || metadata::text) LIKE :p)"
                    "     + (SELECT count(*) FROM checkpoint_blobs WHERE thread_id = :t"
                    "        AND lower(encode(blob, 'escape')) LIKE :p)"
                    "     + (SELECT count(*) FROM checkpoint_writes WHERE thread_id = :t"
                    "        AND lower(encode(blob, 'escape')) LIKE :p)"
                ),
                {"t": job_id, "p": pattern},
            ).scalar_one()
        )


def _logs(engine: Engine, job_id: str) -> list[Any]:
    with Session(engine) as session:
        rows = JobRepository(session).logs(uuid.UUID(job_id))
        return [(row.message, row.node, row.details) for row in rows]


def test_pii_job_classifies_pagila_and_keeps_sample_values_out_of_checkpoints(
    flow: Flow, sample_db: Callable[[str], str], engine: Engine
) -> None:
    discovered = flow.discover(sample_db("pagila"))
    version_id = discovered["schema_version_id"]
    # Pause before the last node: the checkpoints then hold everything the PII nodes produced.
    accepted = flow.call(
        "POST",
        "/pipeline",
        202,
        json={"pii": {"schema_version_id": version_id}, "require_approval_before": ["store_pii_metadata"]},
    )
    job_id = accepted["job_id"]
    flow.wait(job_id, {"awaiting_approval"})

    assert _checkpoint_hits(engine, job_id, "matched_patterns") > 0, "control: evidence is searchable"
    assert _checkpoint_hits(engine, job_id, "last_update") > 0, "control: column names are searchable"
    assert _checkpoint_hits(engine, job_id, KNOWN_EMAIL) == 0
    assert _checkpoint_hits(engine, job_id, KNOWN_PASSWORD_HASH) == 0

    flow.call("POST", f"/job/{job_id}/approve", json={"comment": "go"})
    job = flow.wait(job_id)

    summary = job["result"]["steps"]["pii"]
    assert job["result"]["schema_version_id"] == version_id
    assert summary["llm"] == "not_configured"
    assert summary["pii_columns"] == sum(summary["by_type"].values()) >= 15
    assert summary["by_type"]["email"] == 2  # customer.email, staff.email
    assert summary["tables_not_sampled"] == 0, summary["sampling_problems"]
    assert summary["skipped_relations"] == {"view": 7, "materialized_view": 1}  # not sampled

    pii = flow.pii_map(version_id)
    assert pii[("customer", "email")]["pii_type"] == "email"
    assert pii[("address", "phone")]["pii_type"] == "phone"
    assert pii[("staff", "password")]["pii_type"] == "password"
    assert pii[("film", "title")]["pii_type"] == "none"
    assert ("customer_list", "name") not in pii  # a view
    assert pii[("customer", "email")]["technique"] in ("regex", "merged")
    assert pii[("customer", "email")]["reviewed_by"] is None
    assert 0.9 <= pii[("customer", "email")]["confidence"] <= 1.0
    assert summary["columns"] == len(pii)
    # Every column of the map shows the evidence behind its label (GET /pii), and no value in it.
    for entry in pii.values():
        assert entry["evidence_items"] and entry["evidence_summary"] != "-"
        assert {item["source"] for item in entry["evidence_items"]} <= {
            "name",
            "values",
            "reference",
            "table",
            "llm",
            "manual",
        }
    email_sources = {item["source"] for item in pii[("customer", "email")]["evidence_items"]}
    assert {"name", "values"} <= email_sources
    assert KNOWN_EMAIL.lower() not in repr(pii).lower()
    assert summary["llm_columns_sent"] == 0 and summary["sensitive_columns"] == 0

    logs = _logs(engine, job_id)
    completed = [node for message, node, details in logs if (details or {}).get("event") == "node_completed"]
    assert [n for n in completed if n in NODE_NAMES] == list(NODE_NAMES)
    assert any("no LLM configured" in message and "no-LLM mode" in message for message, _, _ in logs)
    flat = repr(logs).lower() + flow.worker.log().lower()
    assert KNOWN_EMAIL.lower() not in flat
    assert KNOWN_PASSWORD_HASH not in flat


def test_manual_labels_survive_rediscovery_and_reclassification(
    flow: Flow, sample_db: Callable[[str], str], operator: tuple[str, dict[str, str]], viewer: dict[str, str]
) -> None:
    url = sample_db("pagila")
    first = flow.discover(url)
    v1 = first["schema_version_id"]
    flow.classify(v1)

    bad = flow.client.put(
        f"/api/v1/pii/{v1}/columns",
        headers=flow.headers,
        json=[
            {"table": "film", "column": "title", "pii_type": "other"},
            {"table": "film", "column": "titel", "pii_type": "other"},
            {"table": "customer", "column": "email", "pii_type": "e-mail address"},
            {"table": "no_such_table", "column": "x", "pii_type": "email"},
        ],
    )
    assert bad.status_code == 422, bad.text
    detail = bad.json()["detail"]
    assert "body[1]: table 'film' has no column 'titel'" in detail
    assert "body[2]: 'e-mail address' is not a PII type" in detail
    assert "body[3]: table 'no_such_table' does not exist" in detail
    # All or nothing: the valid first entry was not applied either.
    assert flow.pii_map(v1)[("film", "title")]["technique"] != "manual"

    anonymous = flow.client.put(f"/api/v1/pii/{v1}/columns", json=[])
    assert anonymous.status_code == 401
    read_only = flow.client.put(
        f"/api/v1/pii/{v1}/columns",
        headers=viewer,
        json=[{"table": "film", "column": "title", "pii_type": "other"}],
    )
    assert read_only.status_code == 403
    assert flow.client.get(f"/api/v1/pii/{v1}", headers=viewer).status_code == 200

    labelled = flow.call(
        "PUT",
        f"/pii/{v1}/columns",
        json=[
            {"table": "film", "column": "title", "pii_type": "other"},
            {"table": "customer", "column": "email", "pii_type": "email"},
            {"table": "public.staff", "column": "username", "pii_type": "none"},
        ],
    )
    entries = {(e["table"], e["column"]): e for e in labelled["pii_map"]}
    name = operator[0]
    for key, pii_type in ((("film", "title"), "other"), (("staff", "username"), "none")):
        assert entries[key]["pii_type"] == pii_type
        assert entries[key]["technique"] == "manual"
        assert entries[key]["reviewed_by"] == name
        assert entries[key]["reviewed_at"] is not None
    assert entries[("customer", "email")]["reviewed_by"] == name  # confirmed
    assert entries[("film", "title")]["evidence"]["automatic"]["pii_type"] == "none"

    # Classifying the same version again leaves the reviewed labels alone.
    flow.classify(v1)
    again = flow.pii_map(v1)
    assert again[("film", "title")]["pii_type"] == "other"
    assert again[("staff", "username")]["pii_type"] == "none"

    # Rediscovering the unchanged database is the same version: its review still applies.
    same = flow.discover(url)
    assert same["schema_version_id"] == v1 and same["version_number"] == 1
    assert same["changed_since_previous"] is False and same["new_version"] is False
    assert flow.pii_map(v1)[("film", "title")]["technique"] == "manual"

    # A changed structure makes version 2, which inherits the labels people set on version 1.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE film ADD COLUMN tagline text")
    second = flow.discover(url)
    v2 = second["schema_version_id"]
    assert second["schema_id"] == first["schema_id"] and second["version_number"] == 2
    assert second["changed_since_previous"] is True and second["new_version"] is True
    assert flow.not_classified(v2)
    job = flow.classify(v2)
    assert job["result"]["steps"]["pii"]["manual_labels_carried_over"] == 3
    carried = flow.pii_map(v2)
    assert carried[("film", "title")]["pii_type"] == "other"
    assert carried[("film", "title")]["technique"] == "manual"
    assert carried[("film", "title")]["reviewed_by"] == name
    assert carried[("film", "title")]["reviewed_at"] == entries[("film", "title")]["reviewed_at"]
    assert carried[("staff", "username")]["pii_type"] == "none"
    assert carried[("customer", "email")]["reviewed_by"] == name
    assert carried[("address", "phone")]["technique"] != "manual"  # automatic labels stay automatic


def test_drift_and_user_relationships_across_rediscovery(flow: Flow, sample_db: Callable[[str], str]) -> None:
    url = sample_db("pagila")
    first = flow.discover(url)
    schema_id = first["schema_id"]

    only_one = flow.client.get(f"/api/v1/schema/{schema_id}/diff", headers=flow.headers)
    assert only_one.status_code == 422 and "needs two versions" in only_one.json()["detail"]

    # Declared on the latest version; validated against its tables and columns.
    missing = flow.client.post(
        f"/api/v1/schema/{schema_id}/relationships",
        headers=flow.headers,
        json={
            "parent_table": "customer",
            "parent_columns": ["emial"],
            "child_table": "staf",
            "child_columns": ["email"],
        },
    )
    assert missing.status_code == 422
    assert "child_table: table 'staf' does not exist" in missing.json()["detail"]
    assert "parent_columns[0]: table 'customer' has no column 'emial'" in missing.json()["detail"]

    kept = flow.call(
        "POST",
        f"/schema/{schema_id}/relationships",
        201,
        json={
            "parent_table": "customer",
            "parent_columns": ["email"],
            "child_table": "staff",
            "child_columns": ["email"],
            "name": "staff_is_customer",
        },
    )
    assert kept["is_user_defined"] is True and kept["version_number"] == 1
    flow.call(
        "POST",
        f"/schema/{schema_id}/relationships",
        201,
        json={
            "parent_table": "public.customer",
            "parent_columns": ["first_name"],
            "child_table": "staff",
            "child_columns": ["username"],
            "name": "staff_username_customer",
        },
    )
    duplicate = flow.client.post(
        f"/api/v1/schema/{schema_id}/relationships",
        headers=flow.headers,
        json={
            "parent_table": "customer",
            "parent_columns": ["email"],
            "child_table": "staff",
            "child_columns": ["email"],
            "name": "staff_is_customer",
        },
    )
    assert duplicate.status_code == 409

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE customer ADD COLUMN loyalty_tier varchar(20) NOT NULL DEFAULT 'basic'")
        conn.execute("ALTER TABLE staff DROP COLUMN username")

    second = flow.discover(url)
    assert second["version_number"] == 2 and second["changed_since_previous"] is True

    diff = flow.call("GET", f"/schema/{schema_id}/diff")  # default: previous vs latest
    assert (diff["from_version"], diff["to_version"], diff["changed"]) == (1, 2, True)
    assert diff["tables"] == {"added": [], "removed": [], "changed": ["customer", "staff"]}
    [added] = diff["columns"]["added"]
    assert (added["table"], added["column"], added["nullable"]) == ("customer", "loyalty_tier", False)
    assert added["data_type"] in ("varchar(20)", "character varying(20)")
    assert [(c["table"], c["column"]) for c in diff["columns"]["removed"]] == [("staff", "username")]
    assert diff["columns"]["changed"] == []
    assert diff["keys"]["primary_keys"] == []
    assert diff["keys"]["unique"] == {"added": [], "removed": []}
    # The relationship on the dropped column is gone with it; that is the only key change.
    assert diff["keys"]["foreign_keys"]["added"] == []
    assert [fk["name"] for fk in diff["keys"]["foreign_keys"]["removed"]] == ["staff_username_customer"]
    assert diff["summary"]["columns_added"] == 1 and diff["summary"]["columns_removed"] == 1

    explicit = flow.call("GET", f"/schema/{schema_id}/diff", params={"from_version": 1, "to_version": 2})
    assert explicit == diff
    backwards = flow.call("GET", f"/schema/{schema_id}/diff", params={"from_version": 2, "to_version": 1})
    assert [c["column"] for c in backwards["columns"]["added"]] == ["username"]
    same = flow.call("GET", f"/schema/{schema_id}/diff", params={"from_version": 2, "to_version": 2})
    assert same["changed"] is False
    unknown = flow.client.get(
        f"/api/v1/schema/{schema_id}/diff", params={"to_version": 9}, headers=flow.headers
    )
    assert unknown.status_code == 404

    relationships = flow.call("GET", f"/schema/{schema_id}/relationships")
    assert relationships["version_number"] == 2
    user = [r for r in relationships["relationships"] if r["is_user_defined"]]
    assert [(r["name"], r["child_table"], r["child_columns"], r["parent_table"]) for r in user] == [
        ("staff_is_customer", "staff", ["email"], "customer")
    ]
    assert user[0]["created_by"] is not None
    discovered = [r for r in relationships["relationships"] if not r["is_user_defined"]]
    assert len(discovered) == first_relationship_count(flow, schema_id)
    old = flow.call("GET", f"/schema/{schema_id}/relationships", params={"version": 1})
    assert sorted(r["name"] for r in old["relationships"] if r["is_user_defined"]) == [
        "staff_is_customer",
        "staff_username_customer",
    ]

    # Removing: user-declared ones only, from the latest version.
    flow.call("DELETE", f"/schema/{schema_id}/relationships/staff_is_customer", 204)
    after = flow.call("GET", f"/schema/{schema_id}/relationships")
    assert not [r for r in after["relationships"] if r["is_user_defined"]]
    some_fk = discovered[0]["name"]
    refused = flow.client.delete(f"/api/v1/schema/{schema_id}/relationships/{some_fk}", headers=flow.headers)
    assert refused.status_code == 404


def first_relationship_count(flow: Flow, schema_id: str) -> int:
    detail = flow.call("GET", f"/schema/{schema_id}", params={"version": 1})
    return sum(1 for rel in detail["relationships"] if not rel["is_user_defined"])


def test_classifying_a_schema_without_a_stored_connection_fails_clearly(
    flow: Flow, sample_db: Callable[[str], str], engine: Engine
) -> None:
    # A job request written straight to the queue (not through the API) keeps its connection string
    # inside the job only: the schema gets no stored connection to sample later.
    job_id = create_job(engine, {"discover": {"connection_string": sample_db("chinook")}})
    assert enqueue_job(job_id)
    version_id = flow.wait(job_id)["result"]["schema_version_id"]

    accepted = flow.call("POST", "/pii/classify", 202, json={"schema_version_id": version_id})
    failed = flow.wait(accepted["job_id"], {"failed"})
    assert "has no stored source connection" in failed["error"]
    assert "discover it again through POST /discover-schema" in failed["error"]
    assert flow.not_classified(version_id)
