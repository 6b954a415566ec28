"""Fixtures of the synthetic agent's tests: environments to provision synthetic datasets into."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.integration.provisioning.conftest import Env, registered_environments
from tests.support.services import ServiceEndpoints


@pytest.fixture
def environment(services: ServiceEndpoints, subset_env: dict[str, str]) -> Iterator[Callable[..., Env]]:
    """make(url=None) -> a registered environment over a new empty database (dropped afterwards)."""
    yield from registered_environments(services)
