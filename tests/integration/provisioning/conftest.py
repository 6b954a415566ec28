"""Environments for the provisioning tests: each an empty PostgreSQL database registered under a fresh
name, dropped (with its registration) at the end."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from tdm_agents.common.sources import dispose_source_engines
from tdm_metadata_store.repositories.environments import EnvironmentRepository
from tdm_orchestrator.runtime import get_runtime

from tests.support.services import ServiceEndpoints
from tests.support.subsets import create_empty, drop_database


@dataclass(frozen=True)
class Env:
    name: str
    url: str
    id: uuid.UUID


def registered_environments(services: ServiceEndpoints) -> Iterator[Callable[..., Env]]:
    """make(requires_approval=False, url=None) -> a registered environment over a new empty database."""
    made: list[Env] = []

    def make(*, requires_approval: bool = False, url: str | None = None) -> Env:
        target = url or create_empty(services.postgres_url, "tdm_env")
        name = f"QA-{uuid.uuid4().hex[:8]}"
        with get_runtime().session() as session:
            row = EnvironmentRepository(session).create(
                name=name, connection_string=target, requires_approval=requires_approval
            )
            env = Env(name, target, row.id)
        made.append(env)
        return env

    yield make
    dispose_source_engines()
    for env in made:
        with get_runtime().session() as session:
            EnvironmentRepository(session).delete(env.id)
        if env.url.startswith("postgresql"):
            drop_database(env.url)  # other servers' databases are their test's to drop


@pytest.fixture
def environment(services: ServiceEndpoints, subset_env: dict[str, str]) -> Iterator[Callable[..., Env]]:
    yield from registered_environments(services)


@pytest.fixture(scope="module")
def environment_module(
    services: ServiceEndpoints, subset_env: dict[str, str]
) -> Iterator[Callable[..., Env]]:
    yield from registered_environments(services)
