"""The real stack the portal's browser tests drive: `tdm up` (the API serving the portal at /ui, and a
worker, as real processes on a free port with their own queue) over this session's PostgreSQL, Redis
and S3; Pagila loaded beside it; API keys for each role; a saved connection and an environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from tdm_agents.common.sources import dispose_source_engines
from tdm_cli.samples import load_sample
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

from tests.support.services import embedded_config
from tests.support.subsets import create_empty, drop_database

_PORT_VARS = ("TDM_PG_PORT", "TDM_REDIS_PORT", "TDM_S3_PORT", "TDM_API_PORT")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "portal"


@dataclass
class PortalStack:
    url: str  # the portal, e.g. http://127.0.0.1:23456/ui/
    api: str  # .../api/v1
    keys: dict[str, str]  # role -> clear API key
    source_url: str  # Pagila
    connection_name: str
    environment_name: str
    environment_url: str

    def headers(self, role: str = "admin") -> dict[str, str]:
        return {"X-API-Key": self.keys[role]}


def _tdm(
    env: dict[str, str], cwd: Path, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    tdm = Path(sys.executable).parent / "tdm"
    argv = [str(tdm)] if tdm.exists() else [sys.executable, "-m", "tdm_cli.main"]
    return subprocess.run(
        [*argv, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@contextmanager
def portal_stack(service_env: dict[str, str], postgres_url: str) -> Iterator[PortalStack]:
    root = Path(tempfile.mkdtemp(prefix="tdm-e2e-portal-"))
    home, cwd = root / "tdm-home", root / "cwd"
    cwd.mkdir()
    config = embedded_config(home)
    env = {k: v for k, v in os.environ.items() if k not in _PORT_VARS}
    env.update(service_env)
    env["TDM_HOME"] = str(home)
    env["TDM_QUEUE_NAME"] = f"tdm-portal-{uuid.uuid4().hex[:8]}"
    for name in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "TDM_LLM_BASE_URL", "TDM_LLM_API_KEY"):
        env.pop(name, None)
    source = load_sample("pagila", postgres_url, dbname=f"tdm_portal_pagila_{uuid.uuid4().hex[:8]}")
    target = create_empty(postgres_url, "tdm_portal_qa")
    try:
        up = _tdm(env, cwd, "up", f"--api-port={config.api_port}", "--json")
        assert up.returncode == 0, up.stderr
        database = service_env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(database)
        keys: dict[str, str] = {}
        with Session(engine) as session:
            for role in ("admin", "operator", "viewer"):
                _, clear = ApiKeyRepository(session).create(name=f"portal-{role}", role=role)
                keys[role] = clear
            session.commit()
        engine.dispose()
        api = f"http://127.0.0.1:{config.api_port}/api/v1"
        admin = {"X-API-Key": keys["admin"]}
        suffix = uuid.uuid4().hex[:6]
        connection_name, environment_name = f"pagila-{suffix}", f"QA-{suffix}"
        created = httpx.post(
            f"{api}/connections",
            headers=admin,
            json={"name": connection_name, "connection_string": source},
            timeout=30,
        )
        assert created.status_code == 201, created.text
        created = httpx.post(
            f"{api}/environments",
            headers=admin,
            json={"name": environment_name, "connection_string": target},
            timeout=30,
        )
        assert created.status_code == 201, created.text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        yield PortalStack(
            url=f"http://127.0.0.1:{config.api_port}/ui/",
            api=api,
            keys=keys,
            source_url=source,
            connection_name=connection_name,
            environment_name=environment_name,
            environment_url=target,
        )
    finally:
        _tdm(env, cwd, "down", timeout=120)
        dispose_source_engines()
        drop_database(source)
        drop_database(target)
        shutil.rmtree(root, ignore_errors=True)
