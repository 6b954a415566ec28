"""`tdm demo`: the platform end to end on the running stack (`tdm up && tdm demo`).

1. Load the bundled Pagila sample into the stack's PostgreSQL, database `pagila` (once; idempotent).
2. Make an admin API key once and keep it in $TDM_HOME/demo-api-key.env (mode 0600).
3. Through the running API: POST /discover-schema, follow GET /job/{id}/events (SSE), then
   POST /pii/classify for the new schema version, follow it, and GET /pii/{schema_version_id}.
4. Register the environment `demo-qa` (an empty database `pagila_qa` of the same server) and run
   POST /pipeline: subset (store 1's customers, 20%) -> mask (rules "auto", from the PII map) ->
   provision into demo-qa (tables recreated), following its progress.
5. Print the PII map, then what was loaded where and how to look at it (or everything as JSON).
Unlike `tdm discover` this goes through the API and the worker `tdm up` started, as a user would.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from tdm_cli.api_client import ApiClient, ApiError
from tdm_cli.commands.pii import format_pii_table, pii_summary_line

DemoError = ApiError

DEMO_KEY_FILE = "demo-api-key.env"
DEMO_KEY_VAR = "TDM_DEMO_API_KEY"

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Folder of the stack (default: $TDM_HOME, else ~/.tdm)."),
]


def _api_port(home: Path, default: int) -> int:
    from tdm_cli.stack.state import StackState

    record = StackState.load(home / "run" / "state.json").alive("api")
    return record.port if record is not None and record.port else default


def _demo_key(home: Path, base_url: str) -> str:
    """The stored demo key if the API still accepts it, else a new admin key (stored 0600)."""
    import httpx
    from tdm_core.settings import read_env_file
    from tdm_metadata_store.db import session_scope
    from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

    from tdm_cli.stack.secrets import write_private

    def accepted(key: str) -> bool:
        answer = httpx.get(f"{base_url}/schemas", params={"limit": 1}, headers={"X-API-Key": key}, timeout=10)
        return answer.status_code == 200

    path = home / DEMO_KEY_FILE
    stored = read_env_file(path).get(DEMO_KEY_VAR) if path.exists() else None
    if stored and accepted(stored):
        return stored
    with session_scope() as session:
        _row, clear = ApiKeyRepository(session).create(
            name=f"tdm-demo@{os.uname().nodename}"[:255], role="admin", created_by="tdm demo"
        )
    if not accepted(clear):
        raise DemoError(
            "the API does not accept a key made in this shell's metadata database: DATABASE_URL here "
            "differs from the one `tdm up` gave the API (unset it, or use the same)"
        )
    write_private(path, {DEMO_KEY_VAR: clear}, header="Admin API key made by `tdm demo`. Keep private.")
    return clear


def demo(
    home: HomeOption = None,
    api_port: Annotated[
        int | None,
        typer.Option("--api-port", help="Port of the running API (default 8000, or $TDM_API_PORT)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON (progress on stderr).")
    ] = False,
) -> None:
    """Pagila through the running API: discover, classify PII, subset -> mask -> provision into demo-qa."""
    from tdm_core.errors import TDMError
    from tdm_core.redaction import redact_text

    from tdm_cli.stack.apps import api_healthy
    from tdm_cli.stack.config import StackConfig

    def say(message: str) -> None:
        typer.echo(message, err=as_json)

    try:
        config = StackConfig.resolve(home=home, api_port=api_port)
        if home is not None:
            # Settings (DATABASE_URL from $TDM_HOME/stack.env) must come from the same stack.
            os.environ["TDM_HOME"] = str(config.home)
        port = api_port or _api_port(config.home, config.api_port)
        base_url = f"http://127.0.0.1:{port}/api/v1"
        if not api_healthy(port):
            raise DemoError(f"the TDM API does not answer on http://127.0.0.1:{port}: run `tdm up` first")
        payload = _run(config.home, base_url, say)
    except DemoError as exc:
        typer.echo(f"error: {redact_text(str(exc))}", err=True)
        raise typer.Exit(1) from None
    except TDMError as exc:
        typer.echo(f"error: {redact_text(exc.detail)}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(payload, indent=2, default=str))
        return
    typer.echo("")
    typer.echo(f"PII map of Pagila (schema version {payload['schema_version_id']}):")
    typer.echo(format_pii_table(payload["pii_map"]))
    typer.echo("")
    discovered = payload["discovery"]
    skipped = sum((payload["pii_summary"].get("skipped_relations") or {}).values())
    typer.echo(
        f"Discovered {discovered['tables']} relations (tables and views) with {discovered['columns']} "
        f"columns and {discovered['relationships']} relationships."
    )
    typer.echo(
        f"PII classification covers the tables' columns ({skipped} views skipped: they show table data): "
        f"{pii_summary_line(payload['pii_map'])}."
    )
    pipeline = payload["pipeline"]
    rows = pipeline["row_counts"]
    typer.echo("")
    typer.echo(
        f"Pipeline job {pipeline['job_id']}: {sum(rows.values())} rows in {len(rows)} tables, "
        f"{pipeline['columns_masked']} columns masked, loaded into environment {pipeline['environment']} "
        f"(database {pipeline['database']} of the stack's PostgreSQL); smoke tests "
        f"{'passed' if pipeline['smoke_tests_passed'] else 'FAILED'}."
    )
    busiest = sorted(rows.items(), key=lambda item: -item[1])[:6]
    typer.echo(
        "  " + ", ".join(f"{table} {count}" for table, count in busiest) + (" ..." if len(rows) > 6 else "")
    )
    typer.echo(
        f"Look at it: psql \"$(grep '^DATABASE_URL=' {config.home / 'stack.env'} | cut -d= -f2- | "
        f"sed 's#/[^/]*$#/{pipeline['database']}#')\""
    )
    typer.echo(f"Lineage: GET {base_url}/lineage/dataset/{pipeline['masked_dataset_version_id']}")
    typer.echo(f"Explore: {base_url}/docs  (API key in {config.home / DEMO_KEY_FILE})")


def _run(home: Path, base_url: str, say: Callable[[str], None]) -> dict[str, Any]:
    import psycopg
    from sqlalchemy.exc import OperationalError
    from tdm_core.redaction import redact_text, redact_url
    from tdm_metadata_store.settings import MetadataStoreSettings

    from tdm_cli.samples import load_sample

    database_url = MetadataStoreSettings.load().database_url
    say("loading the Pagila sample into database 'pagila' (once)")
    try:
        pagila_url = load_sample("pagila", database_url, dbname="pagila")
        key = _demo_key(home, base_url)
    except (OperationalError, psycopg.OperationalError):
        raise DemoError(
            f"cannot reach the stack's PostgreSQL at {redact_url(database_url)}: run `tdm up` first"
        ) from None
    except psycopg.Error as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise DemoError(f"loading Pagila failed: {redact_text(first)[:300]}") from None
    api = ApiClient(base_url, key, say)
    say("discovering the schema of pagila (POST /discover-schema)")
    accepted = api.call("POST", "/discover-schema", {"connection_string": pagila_url, "schemas": ["public"]})
    job = api.follow(accepted["job_id"], "discover")
    result = job.get("result") or {}
    discover = (result.get("steps") or {}).get("discover") or {}
    version_id = result.get("schema_version_id")
    if not version_id:
        raise DemoError(f"discovery job {accepted['job_id']} completed without a schema version")
    say(f"classifying PII of schema version {version_id} (POST /pii/classify)")
    accepted_pii = api.call("POST", "/pii/classify", {"schema_version_id": version_id})
    pii_job = api.follow(accepted_pii["job_id"], "pii")
    pii_map = api.call("GET", f"/pii/{version_id}")["pii_map"]
    pipeline = _pipeline(api, database_url, pagila_url, version_id, say)
    counts = discover.get("counts") or {}
    return {
        "pipeline": pipeline,
        "schema_id": discover.get("schema_id"),
        "schema_version_id": version_id,
        "version_number": discover.get("version_number"),
        "discover_job_id": accepted["job_id"],
        "pii_job_id": accepted_pii["job_id"],
        "discovery": {key: counts.get(key) for key in ("tables", "columns", "relationships")},
        "pii_summary": ((pii_job.get("result") or {}).get("steps") or {}).get("pii") or {},
        "pii_map": [
            {
                k: entry.get(k)
                for k in (
                    "table",
                    "column",
                    "pii_type",
                    "confidence",
                    "technique",
                    "reviewed_by",
                    "evidence_summary",
                )
            }
            for entry in pii_map
        ],
    }


DEMO_ENV = "demo-qa"
DEMO_TARGET_DB = "pagila_qa"


def _pipeline(
    api: ApiClient, database_url: str, pagila_url: str, version_id: str, say: Callable[[str], None]
) -> dict[str, Any]:
    """Subset -> mask (auto) -> provision into demo-qa, as one job; what it loaded and where."""
    from tdm_cli.samples import create_database, with_database

    target_url = with_database(database_url, DEMO_TARGET_DB)
    create_database(database_url, DEMO_TARGET_DB)
    try:
        api.call("GET", f"/environments/{DEMO_ENV}")
        api.call("PUT", f"/environments/{DEMO_ENV}", {"connection_string": target_url})
    except ApiError:
        api.call("POST", "/environments", {"name": DEMO_ENV, "connection_string": target_url})
    say(f"subset -> mask (auto rules) -> provision into environment {DEMO_ENV} (POST /pipeline)")
    accepted = api.call(
        "POST",
        "/pipeline",
        {
            "subset": {
                "schema_version_id": version_id,
                "connection_string": pagila_url,
                "root_table": "customer",
                "filters": {"customer": {"store_id": 1}},
                "sampling_pct": 20,
                "seed": 1,
                "name": "demo: store 1, 20% of its customers",
            },
            "mask": {"rules": "auto", "name": "demo: masked"},
            "provision": {"target_env": DEMO_ENV, "reset_env": True, "reset_mode": "recreate"},
        },
    )
    job = api.follow(accepted["job_id"], "pipeline")
    steps = (job.get("result") or {}).get("steps") or {}
    provision, masked = steps.get("provision") or {}, steps.get("mask") or {}
    return {
        "job_id": accepted["job_id"],
        "environment": DEMO_ENV,
        "database": DEMO_TARGET_DB,
        "subset_dataset_version_id": (steps.get("subset") or {}).get("dataset_version_id"),
        "masked_dataset_version_id": masked.get("dataset_version_id"),
        "columns_masked": masked.get("columns_masked"),
        "row_counts": provision.get("row_counts") or {},
        "smoke_tests_passed": (provision.get("smoke_test_results") or {}).get("passed"),
    }


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.command("demo")(demo)
