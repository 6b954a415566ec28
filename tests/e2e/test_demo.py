"""`tdm up && tdm demo`, the README's first command, as a newcomer runs it: real processes (the API and
a worker started by `tdm up`), the bundled Pagila loaded into the stack's PostgreSQL, discovery and PII
classification through the HTTP API, the PII map printed, then subset -> mask (auto) -> provision into
the environment demo-qa, and what was loaded where. Then what a CI pipeline does against that running
platform: `tdm pipeline run pipeline.yaml --api URL` and `tdm provision --api URL`, with an API key
only. Then `tdm down`.

To stay fast the stack reuses this session's PostgreSQL, Redis and S3 (as `tdm up` does with any
configured service); the API and the worker are started for real, on a free port and their own queue.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.services import embedded_config

pytestmark = pytest.mark.timeout(600)

REPO = Path(__file__).resolve().parents[2]
_PORT_VARS = ("TDM_PG_PORT", "TDM_REDIS_PORT", "TDM_S3_PORT", "TDM_API_PORT")


@dataclass
class Cli:
    home: Path
    cwd: Path
    env: dict[str, str]
    api_port: int

    def run(
        self, *args: str, timeout: float = 400, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        tdm = Path(sys.executable).parent / "tdm"
        argv = [str(tdm)] if tdm.exists() else [sys.executable, "-m", "tdm_cli.main"]
        return subprocess.run(
            [*argv, *args],
            env={**self.env, **(extra_env or {})},
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


CI_PIPELINE = """
name: ci-run
source:
  connection_string: ${CI_SOURCE_DB}
subset:
  root_table: customer
  filters: {customer: {store_id: 2}}
  sampling_pct: 10
mask:
  rules: auto
provision:
  target_env: demo-qa
  reset_env: true
"""


def _pagila_url(cli: Cli) -> str:
    from tdm_cli.samples import with_database

    return with_database(cli.env["DATABASE_URL"], "pagila")


def _checks(cli: Cli) -> Path:
    path = cli.cwd / "checks.json"
    path.write_text(
        json.dumps([{"name": "no customers", "sql": "SELECT count(*) FROM customer", "expect": 0}])
    )
    return path


@pytest.fixture
def cli(service_env: dict[str, str]) -> Iterator[Cli]:
    root = Path(tempfile.mkdtemp(prefix="tdm-e2e-demo-"))
    home = root / "tdm-home"
    cwd = root / "cwd"  # no ./.env here
    cwd.mkdir()
    config = embedded_config(home)
    env = {k: v for k, v in os.environ.items() if k not in _PORT_VARS}
    env.update(service_env)
    env["TDM_HOME"] = str(home)
    # Its own queue: no worker of another test takes the demo's jobs.
    env["TDM_QUEUE_NAME"] = f"tdm-demo-{uuid.uuid4().hex[:8]}"
    for name in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "TDM_LLM_BASE_URL", "TDM_LLM_API_KEY"):
        env.pop(name, None)
    runner = Cli(home=home, cwd=cwd, env=env, api_port=config.api_port)
    try:
        yield runner
    finally:
        runner.run("down", timeout=120)
        shutil.rmtree(root, ignore_errors=True)


def test_up_then_demo_prints_the_pii_map_of_pagila(cli: Cli) -> None:
    not_up = cli.run("demo", f"--api-port={cli.api_port}")
    assert not_up.returncode == 1
    assert "run `tdm up` first" in not_up.stderr

    up = cli.run("up", f"--api-port={cli.api_port}", "--json")
    assert up.returncode == 0, up.stderr
    services = {s["name"]: s for s in json.loads(up.stdout)["services"]}
    assert services["api"]["state"] == "started", services["api"]
    assert services["worker"]["state"] == "started", services["worker"]

    demo = cli.run("demo", f"--api-port={cli.api_port}")
    assert demo.returncode == 0, f"stdout:\n{demo.stdout}\nstderr:\n{demo.stderr}"
    out = demo.stdout
    assert "[discover] schema_discovery.save_metadata completed" in out
    assert "[pii] pii_classification.store_pii_metadata completed" in out
    assert "no-LLM mode" in out
    rows = [line.split() for line in out.splitlines()]
    header = rows.index(["TABLE", "COLUMN", "TYPE", "CONFIDENCE", "TECHNIQUE", "EVIDENCE"])
    table = {(row[0], row[1]): row[2] for row in rows[header + 1 :] if len(row) >= 5}
    assert table[("customer", "email")] == "email"
    assert table[("address", "phone")] == "phone"
    assert ("film", "title") not in table  # only columns holding PII are listed
    assert any("columns hold PII" in line for line in out.splitlines())
    assert "[pipeline] provisioning.complete_provisioning completed" in out
    assert "loaded into environment demo-qa (database pagila_qa" in out and "smoke tests passed" in out
    assert "Look at it: psql" in out

    key_file = cli.home / "demo-api-key.env"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()

    # Again, as JSON: Pagila is not loaded twice, the key is reused, and the unchanged schema keeps
    # its version 1 (no new version without drift).
    again = cli.run("demo", f"--api-port={cli.api_port}", "--json")
    assert again.returncode == 0, again.stderr
    payload: dict[str, Any] = json.loads(again.stdout)
    assert payload["version_number"] == 1
    assert payload["discovery"]["tables"] >= 15
    pii = {(e["table"], e["column"]): e for e in payload["pii_map"]}
    assert pii[("customer", "email")]["pii_type"] == "email"
    assert pii[("staff", "password")]["pii_type"] == "password"
    assert payload["pii_summary"]["llm"] == "not_configured"
    assert key_file.read_text() == key
    assert "[pii]" in again.stderr  # progress goes to stderr with --json
    pipeline = payload["pipeline"]
    assert pipeline["smoke_tests_passed"] is True and pipeline["row_counts"]["customer"] > 0
    assert pipeline["columns_masked"] >= 6
    import httpx
    from tdm_core.settings import read_env_file

    secret = read_env_file(key_file)["TDM_DEMO_API_KEY"]
    api = f"http://127.0.0.1:{cli.api_port}/api/v1"
    lineage = httpx.get(
        f"{api}/lineage/dataset/{pipeline['masked_dataset_version_id']}", headers={"X-API-Key": secret}
    ).json()
    operations = {(e["source_type"], e["operation"], e["target_type"]) for e in lineage["edges"]}
    assert {
        ("schema_version", "subset", "dataset_version"),
        ("dataset_version", "derived_from", "dataset_version"),
        ("dataset_version", "provisioned_to", "environment"),
    } <= operations
    masked_versions = httpx.get(
        f"{api}/datasets", params={"source_type": "masked"}, headers={"X-API-Key": secret}
    ).json()
    assert pipeline["masked_dataset_version_id"] in {d["id"] for d in masked_versions["items"]}

    # A CI pipeline against the running platform: only the API's address and a key.
    ci_env = {"TDM_API_URL": api, "TDM_API_KEY": secret, "CI_SOURCE_DB": _pagila_url(cli)}
    pipeline_file = cli.cwd / "pipeline.yaml"
    pipeline_file.write_text(CI_PIPELINE)
    ci = cli.run("pipeline", "run", str(pipeline_file), extra_env=ci_env)
    assert ci.returncode == 0, ci.stderr
    summary = json.loads(ci.stdout)
    assert summary["status"] == "completed" and summary["operation"] == "FULL_TDM_PIPELINE"
    assert "[pipeline] provisioning.load_data completed" in ci.stderr
    masked = summary["result"]["steps"]["mask"]["dataset_version_id"]
    failing = cli.run(
        "provision",
        "--dataset",
        masked,
        "--env",
        "demo-qa",
        "--reset",
        "--checks",
        str(_checks(cli)),
        "--wait",
        extra_env=ci_env,
    )
    assert failing.returncode == 1
    assert json.loads(failing.stdout)["status"] == "failed" and "no customers" in failing.stderr

    # The repository's GitHub Action runs the same CLI: its script, with the inputs a workflow gives.
    outputs = cli.cwd / "github-output"
    action = subprocess.run(
        ["bash", str(REPO / ".github/actions/tdm-provision/run.sh")],
        env={
            **cli.env,
            **ci_env,
            "TDM_ROOT": str(REPO),
            "GITHUB_WORKSPACE": str(cli.cwd),
            "GITHUB_OUTPUT": str(outputs),
            "INPUT_PIPELINE": "",
            "INPUT_DATASET": masked,
            "INPUT_ENVIRONMENT": "demo-qa",
            "INPUT_RESET": "true",
            "INPUT_CHECKS": "",
            "INPUT_TIMEOUT": "600",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert action.returncode == 0, action.stderr
    written = outputs.read_text()
    assert "status=completed" in written and f"job-id={json.loads(action.stdout)['job_id']}" in written

    down = cli.run("down", "--json")
    assert down.returncode == 0
    assert {s["name"]: s["state"] for s in json.loads(down.stdout)["services"]}["api"] == "stopped"
