"""Property-based fuzzing of every operation the OpenAPI document lists, with an admin key, against the
real app and its real services (PostgreSQL, Redis, S3): no answer may be a server error, and every
answer -- status code, content type, body -- must be what the document says.

Bounded (a few examples per operation, no shrinking) so it runs in a minute or two on every CI run.
A job route whose agent is not in this build (or a pipeline with such a step) answers its documented
501: that refusal is the contract, so only the server-error check is left out for those operations.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from tdm_orchestrator.registry import AGENTS

from tests.api.conftest import Keys

PREFIX = "/api/v1"
UNBUILT_ROUTES = {f"{PREFIX}{agent.contract.route}" for agent in AGENTS if not agent.built}
if UNBUILT_ROUTES:  # a pipeline with a step of an unbuilt agent gets the same 501
    UNBUILT_ROUTES.add(f"{PREFIX}/pipeline")


def _fuzzer(
    operation: Any, mode: GenerationMode, checks: list[Any], headers: dict[str, str], statuses: list[int]
) -> Any:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=checks)
        statuses.append(response.status_code)

    return fuzz


def test_every_operation_answers_as_documented(app: FastAPI, keys: Keys) -> None:
    schema = schemathesis.openapi.from_asgi(f"{PREFIX}/openapi.json", app)
    failures: dict[str, str] = {}
    statuses: list[int] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        checks = [content_type_conformance, response_schema_conformance, status_code_conformance]
        if not (operation.method.upper() == "POST" and operation.path in UNBUILT_ROUTES):
            checks.append(not_a_server_error)
        # Valid input, then invalid input (which must be refused with a documented 4xx).
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzzer(operation, mode, checks, keys.headers("admin"), statuses)()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing to get wrong: no parameter, no body
            except (
                Exception,
                BaseExceptionGroup,
            ) as exc:  # one operation's failure must not hide the others'
                failures[f"{operation.method.upper()} {operation.path} ({mode.value})"] = str(exc)[:3000]
    assert operations >= 35
    # Real traffic: several examples per operation, both accepted and refused input.
    assert len(statuses) >= 4 * operations, len(statuses)
    assert any(200 <= s < 300 for s in statuses) and any(400 <= s < 500 for s in statuses)
    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())
