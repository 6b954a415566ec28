"""`tdm apikey create|list|revoke` against the real metadata store, checked through the API."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient
from tdm_cli.main import app as cli
from typer.testing import CliRunner

PREFIX = "/api/v1"


def test_create_list_revoke(service_env: dict[str, str], client: TestClient) -> None:
    runner = CliRunner()
    name = f"cli-{uuid.uuid4().hex[:8]}"
    created = runner.invoke(cli, ["apikey", "create", "--name", name, "--role", "operator"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    assert re.fullmatch(r"tdm_[A-Za-z0-9_\-]{40,}", key)
    assert "not shown again" in created.stderr

    # The key works, with the operator role, and is recorded as the caller.
    headers = {"X-API-Key": key}
    assert client.get(f"{PREFIX}/jobs", headers=headers).status_code == 200
    assert client.get(f"{PREFIX}/apikeys", headers=headers).status_code == 403

    listed = runner.invoke(cli, ["apikey", "list"])
    assert listed.exit_code == 0
    line = next(line for line in listed.stdout.splitlines() if f"\t{name}\t" in line)
    assert "\toperator\t" in line and "active" in line and "last used" in line
    assert key not in listed.stdout

    key_id = line.split("\t")[0]
    revoked = runner.invoke(cli, ["apikey", "revoke", key_id])
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert client.get(f"{PREFIX}/jobs", headers=headers).status_code == 401
    assert "REVOKED" in runner.invoke(cli, ["apikey", "list"]).stdout

    assert runner.invoke(cli, ["apikey", "revoke", str(uuid.uuid4())]).exit_code == 1
    assert runner.invoke(cli, ["apikey", "revoke", "not-an-id"]).exit_code == 2
    assert runner.invoke(cli, ["apikey", "create", "--name", "x", "--role", "root"]).exit_code == 2
