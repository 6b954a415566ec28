"""What a CI pipeline runs: `tdm pipeline run pipeline.yaml` (source -> subset -> mask -> provision as
one job, secrets from the environment) and `tdm provision --dataset ID --env QA --reset --wait`, each
printing a JSON summary and exiting 1 when the job fails. (Against a remote API, `--api URL`, the
same commands are run in tests/e2e/test_demo.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg

from tests.integration.provisioning.conftest import Env
from tests.integration.provisioning.test_atomic import SOURCE
from tests.support.cli import tdm

PIPELINE = """
name: ci-nightly
source:
  connection_string: ${CI_SOURCE_URL}
subset:
  root_table: teams
  filters: {teams: {id: {in: [1, 2]}}}
mask:
  rules:
    people.email: mask.email_deterministic
  allow_unmasked_pii: true
provision:
  target_env: ${CI_TARGET_ENV}
  reset_env: true
  smoke_checks:
    - {name: both teams, sql: "SELECT count(*) FROM teams WHERE id IN (1, 2)", expect: 2}
"""


def test_pipeline_file_then_provision_again(
    source_db: Callable[[str, str], str], environment: Callable[..., Env], tmp_path: Path
) -> None:
    url = source_db("provision_cli", SOURCE)
    env = environment()
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text(PIPELINE)
    variables = {"CI_SOURCE_URL": url, "CI_TARGET_ENV": env.name}

    missing = tdm("pipeline", "run", str(pipeline))
    assert missing.returncode == 1 and "CI_SOURCE_URL" in missing.stderr and "not set" in missing.stderr

    done = tdm("pipeline", "run", str(pipeline), env=variables)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["status"] == "completed" and summary["error"] is None
    steps = summary["result"]["steps"]
    assert set(steps) == {"discover", "subset", "mask", "provision"}
    assert steps["provision"]["row_counts"] == steps["mask"]["row_counts"]
    assert steps["provision"]["smoke_test_results"]["checks"][-1]["name"] == "both teams"
    with psycopg.connect(env.url) as conn:
        emails = [r[0] for r in conn.execute("SELECT email FROM people").fetchall()]
    assert emails and not any(e.endswith("@corp.example") for e in emails)

    # Provision the masked version again, with a check that fails: exit 1, the summary says why.
    masked = steps["mask"]["dataset_version_id"]
    checks = tmp_path / "checks.json"
    checks.write_text(json.dumps([{"name": "no people", "sql": "SELECT count(*) FROM people", "expect": 0}]))
    failed = tdm(
        "provision", "--dataset", masked, "--env", env.name, "--reset", "--checks", str(checks), "--wait"
    )
    assert failed.returncode == 1
    failure = json.loads(failed.stdout)
    assert failure["status"] == "failed" and "no people" in failure["error"]
    again = tdm("provision", "--dataset", masked, "--env", env.name, "--reset", "--wait")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["result"]["steps"]["provision"]["smoke_test_results"]["passed"] is True

    unknown = tdm("provision", "--dataset", masked, "--env", "NO-SUCH-ENV", "--wait")
    assert unknown.returncode == 1 and "NO-SUCH-ENV" in unknown.stderr
