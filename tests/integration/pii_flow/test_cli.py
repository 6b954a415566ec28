"""`tdm discover` and `tdm pii classify` as scripts use them: subprocesses on Chinook, JSON on stdout,
non-zero exit codes with a clear message (and no password) on failure. No API and no worker run: the
commands run the job in their own process through the worker's runner."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.jobs import JobRepository

from tests.support.cli import tdm
from tests.support.fake_llm import FakeLLMServer, answer_columns


def tdm_json(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = tdm(*args, "--json", env=env)
    assert result.returncode == 0, f"tdm {' '.join(args[:2])}: rc={result.returncode}\n{result.stderr}"
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def _catalog_counts(url: str) -> tuple[int, int, int]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'),"
            " (SELECT count(*) FROM information_schema.columns c JOIN pg_tables t"
            "    ON t.schemaname = c.table_schema AND t.tablename = c.table_name"
            "    WHERE c.table_schema = 'public'),"
            " (SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
            "    AND connamespace = 'public'::regnamespace)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


@pytest.fixture(scope="module")
def chinook(flow_env: dict[str, str], sample_db: Callable[[str], str]) -> str:
    return sample_db("chinook")


@pytest.fixture(scope="module")
def discovered(chinook: str) -> dict[str, Any]:
    return tdm_json("discover", chinook, "--schema", "public")


def test_discover_prints_the_new_version_and_its_counts(
    discovered: dict[str, Any], chinook: str, engine: Engine
) -> None:
    tables, columns, relationships = _catalog_counts(chinook)
    assert (discovered["tables"], discovered["columns"], discovered["relationships"]) == (
        tables,
        columns,
        relationships,
    )
    assert tables == 11 and relationships == 11
    assert discovered["version_number"] == 1
    uuid.UUID(discovered["schema_version_id"])
    with Session(engine) as session:
        job = JobRepository(session).require(uuid.UUID(discovered["job_id"]))
        assert (job.user_id, job.status, job.operation) == ("cli", "completed", "SCHEMA_DISCOVERY")
        # The connection string was stored encrypted, never in the request.
        assert "connection_string" not in json.dumps(job.request_json)


def test_pii_classify_json_and_table(discovered: dict[str, Any]) -> None:
    version_id = discovered["schema_version_id"]
    payload = tdm_json("pii", "classify", version_id)
    assert payload["schema_version_id"] == version_id
    pii = {(e["table"], e["column"]): e for e in payload["pii_map"]}
    assert len(pii) == discovered["columns"]
    assert pii[("customer", "email")]["pii_type"] == "email"
    assert pii[("employee", "birth_date")]["pii_type"] == "date_of_birth"
    assert pii[("invoice", "billing_city")]["pii_type"] == "city"
    assert pii[("track", "name")]["pii_type"] == "none"
    # Every column says why: evidence items by source, and a one-line summary.
    email = pii[("customer", "email")]
    assert {item["source"] for item in email["evidence_items"]} >= {"name", "values"}
    assert email["evidence_summary"].startswith("term 'email'")
    assert pii[("track", "name")]["evidence_summary"] != "-"
    assert payload["summary"]["llm"] == "not_configured"
    assert payload["summary"]["pii_columns"] == sum(1 for e in pii.values() if e["pii_type"] != "none")

    readable = tdm("pii", "classify", version_id, "--no-llm")
    assert readable.returncode == 0, readable.stderr
    lines = readable.stdout.splitlines()
    assert lines[0].split() == ["TABLE", "COLUMN", "TYPE", "CONFIDENCE", "TECHNIQUE", "EVIDENCE"]
    email_line = next(line for line in lines if line.split()[:3] == ["customer", "email", "email"])
    assert "confirmed by" in email_line and "values: email" in email_line  # the evidence, in short
    assert not any(line.split()[:2] == ["track", "name"] for line in lines)  # only PII columns
    everything = tdm("pii", "classify", version_id, "--no-llm", "--all")
    assert any(line.split()[:3] == ["track", "name", "none"] for line in everything.stdout.splitlines())
    assert "columns hold PII" in lines[-1] and "--no-llm" in lines[-1]
    assert "pii_classification.store_pii_metadata completed" in readable.stderr  # progress


def test_pii_classify_consults_a_configured_llm_with_masked_samples(discovered: dict[str, Any]) -> None:
    with FakeLLMServer(answer_columns({"composer": "person_name"})) as fake:
        llm_env = {"TDM_LLM_BASE_URL": fake.openai_base_url, "TDM_LLM_CACHE_ENABLED": "false"}
        payload = tdm_json("pii", "classify", discovered["schema_version_id"], env=llm_env)
        sent = "\n".join(request.text for request in fake.chat_requests)
        disabled = tdm_json("pii", "classify", discovered["schema_version_id"], "--no-llm", env=llm_env)
        requests_after_disabled = len(fake.chat_requests)
    assert payload["summary"]["llm"] == "used" and payload["summary"]["llm_calls"] >= 5
    # Only the columns the rules are unsure of go to the LLM (keys, validated values, strong names don't).
    assert 0 < payload["summary"]["llm_columns_sent"] < payload["summary"]["columns"] / 2
    sent_columns = {
        c["column"] for r in fake.chat_requests for c in json.loads(r.message_text("user"))["columns"]
    }
    assert "email" not in sent_columns and "composer" in sent_columns
    pii = {(e["table"], e["column"]): e for e in payload["pii_map"]}
    assert (pii[("track", "composer")]["pii_type"], pii[("track", "composer")]["technique"]) == (
        "person_name",
        "llm",
    )
    assert pii[("customer", "email")]["pii_type"] == "email"
    # The model saw shape-masked samples only: no real e-mail address or name of Chinook.
    assert "luisg@embraer.com.br" not in sent and "Gonçalves" not in sent
    assert "composer" in sent
    assert disabled["summary"]["llm"] == "disabled"
    assert requests_after_disabled == len(fake.chat_requests)


def test_failures_exit_non_zero_with_a_clear_message_and_no_password() -> None:
    secret = "Sup3r-Secret-pw"
    unreachable = tdm("discover", f"postgresql://tdm:{secret}@127.0.0.1:1/nowhere", "--json")
    assert unreachable.returncode == 1
    assert unreachable.stdout == ""
    assert "error: discovery failed" in unreachable.stderr
    assert "127.0.0.1:1/nowhere" in unreachable.stderr
    assert secret not in unreachable.stderr + unreachable.stdout

    not_a_url = tdm("discover", "not a url", "--json")
    assert not_a_url.returncode == 1
    assert "connection_string: must be a URL" in not_a_url.stderr

    missing = str(uuid.uuid4())
    unknown = tdm("pii", "classify", missing, "--json")
    assert unknown.returncode == 1
    assert f"schema version {missing} does not exist" in unknown.stderr

    bad_id = tdm("pii", "classify", "nope")
    assert bad_id.returncode == 2
    assert "must be a schema version id" in bad_id.stderr
