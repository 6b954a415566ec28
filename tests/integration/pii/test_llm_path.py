"""The LLM path end to end: real openai SDK -> local fake Azure/OpenAI server, real Redis cache."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from tdm_agents.pii_detection import (
    ColumnInput,
    LLMClassifier,
    PIISettings,
    PIIType,
    Technique,
    classify_columns,
)
from tdm_agents.pii_detection.labels import ColumnKey
from tdm_agents.pii_detection.llm_classifier import CACHE_PREFIX

from tests.support.fake_llm import FakeLLMServer, FakeResponse, answer_columns
from tests.support.services import ServiceEndpoints

SAMPLES: dict[str, list[Any]] = {
    "contact": ["quentin.zorn@private-mail.example", "ulla.vex@another-mail.example"],
    "handle": ["qzorn77", "ullavex"],
    "nickname_text": ["Quentin Zorn", "Ulla Vex"],
    "notes": ["called twice", "prefers mornings"],
}
LLM_LABELS = {"contact": "email", "handle": "username", "nickname_text": "person_name", "notes": "none"}


def make_columns(table: str = "member_profile") -> list[ColumnInput]:
    return [ColumnInput(schema="app", table=table, column=name, data_type="text") for name in SAMPLES]


def make_samples(columns: list[ColumnInput]) -> dict[ColumnKey, list[Any]]:
    return {c.key: SAMPLES[c.column] for c in columns}


@pytest.fixture
def fake() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(answer_columns(LLM_LABELS), api_key="azure-test-key") as server:
        yield server


@pytest.fixture
def redis_conn(services: ServiceEndpoints) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(services.redis_url)
    yield client
    client.close()


@pytest.fixture
def deployment() -> str:
    # Part of every cache signature: a fresh name per test keeps tests and sessions from sharing answers.
    return f"gpt-4o-test-{uuid.uuid4().hex[:8]}"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def azure_llm(
    fake: FakeLLMServer,
    deployment: str,
    redis_conn: redis.Redis | None,
    sleeps: Sleeps | None = None,
    **extra: Any,
) -> LLMClassifier:
    settings = PIISettings(
        azure_openai_api_key="azure-test-key",
        azure_openai_endpoint=fake.azure_endpoint,
        azure_openai_deployment_chat=deployment,
        azure_openai_api_version="2024-02-15-preview",
        tdm_llm_cache_enabled=redis_conn is not None,
        tdm_llm_cache_ttl_seconds=600,
        tdm_llm_backoff_base_seconds=0.01,
        **extra,
    )
    llm = LLMClassifier.from_settings(
        settings, redis_client=redis_conn, sleep=sleeps if sleeps is not None else Sleeps()
    )
    assert llm is not None
    return llm


def by_column(results: list[Any]) -> dict[str, Any]:
    return {r.column: r for r in results}


def test_azure_request_shape_and_privacy(fake: FakeLLMServer, deployment: str) -> None:
    columns = make_columns()
    results = by_column(classify_columns(columns, make_samples(columns), azure_llm(fake, deployment, None)))
    [request] = fake.chat_requests
    assert request.method == "POST"
    assert request.path == f"/openai/deployments/{deployment}/chat/completions"
    assert request.api_version == "2024-02-15-preview"
    assert request.headers["api-key"] == "azure-test-key"
    body = request.json
    assert body["response_format"] == {"type": "json_object"}
    assert body["temperature"] == 0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    for values in SAMPLES.values():
        for value in values:
            assert value not in request.text
    # The LLM's labels fill in what names and values could not see.
    assert results["handle"].pii_type == PIIType.USERNAME
    assert results["handle"].technique == Technique.MERGED
    assert results["nickname_text"].pii_type == PIIType.PERSON_NAME
    assert results["notes"].pii_type == PIIType.NONE
    # Validated e-mail addresses settle "contact", login-shaped values confirm "handle": not sent.
    sent = [c["column"] for c in json.loads(request.message_text("user"))["columns"]]
    assert sent == ["nickname_text", "notes"]
    assert results["contact"].pii_type == PIIType.EMAIL
    assert results["contact"].technique == Technique.REGEX
    assert results["contact"].evidence["llm"] == {"not_sent": "the rules are confident"}


def test_rate_limit_is_retried_honouring_retry_after(fake: FakeLLMServer, deployment: str) -> None:
    fake.enqueue(FakeResponse.rate_limited(retry_after=2))
    sleeps = Sleeps()
    llm = azure_llm(fake, deployment, None, sleeps)
    columns = make_columns()
    results = by_column(classify_columns(columns, make_samples(columns), llm))
    assert len(fake.chat_requests) == 2
    assert len(sleeps) == 1 and 2.0 <= sleeps[0] < 2.5
    assert results["nickname_text"].pii_type == PIIType.PERSON_NAME
    assert "error" not in results["nickname_text"].evidence["llm"]


def test_server_errors_back_off_with_jitter_then_succeed(fake: FakeLLMServer, deployment: str) -> None:
    fake.enqueue(FakeResponse.server_error(500), FakeResponse.server_error(503))
    sleeps = Sleeps()
    columns = make_columns()
    results = by_column(
        classify_columns(columns, make_samples(columns), azure_llm(fake, deployment, None, sleeps))
    )
    assert len(fake.chat_requests) == 3
    assert len(sleeps) == 2 and all(0 < s <= 0.02 for s in sleeps)  # base 0.01 s, doubled, jittered
    assert results["handle"].pii_type == PIIType.USERNAME


def test_retries_are_bounded_then_fall_back(
    fake: FakeLLMServer, deployment: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake.enqueue(*[FakeResponse.rate_limited(retry_after=0) for _ in range(10)])
    columns = make_columns()
    llm = azure_llm(fake, deployment, None, tdm_llm_max_attempts=3)
    with caplog.at_level(logging.WARNING):
        results = by_column(classify_columns(columns, make_samples(columns), llm))
    assert len(fake.chat_requests) == 3
    assert results["contact"].pii_type == PIIType.EMAIL  # the values still find it
    assert results["handle"].pii_type == PIIType.USERNAME  # name 'handle' (weak) still counts
    assert "3 attempts" in results["nickname_text"].evidence["llm"]["error"]


def test_a_long_retry_after_means_give_up_not_sleep(fake: FakeLLMServer, deployment: str) -> None:
    fake.enqueue(FakeResponse.rate_limited(retry_after=3600))
    sleeps = Sleeps()
    columns = make_columns()
    results = by_column(
        classify_columns(columns, make_samples(columns), azure_llm(fake, deployment, None, sleeps))
    )
    assert sleeps == [] and len(fake.chat_requests) == 1
    assert "beyond the backoff limit" in results["notes"].evidence["llm"]["error"]


@pytest.mark.parametrize(
    "bad",
    [
        FakeResponse.garbage(),
        FakeResponse.raw("<html>502 Bad Gateway</html>", status=200, content_type="text/html"),
        FakeResponse.chat({"columns": [{"column": "handle", "pii_type": "favourite colour"}]}),
        FakeResponse.error(401, "invalid_api_key", "Access denied"),
    ],
    ids=["non-json-content", "html-body", "unknown-labels", "auth-error"],
)
def test_garbage_falls_back_to_non_llm_labels_and_logs_why(
    fake: FakeLLMServer, deployment: str, bad: FakeResponse, caplog: pytest.LogCaptureFixture
) -> None:
    columns = make_columns()
    expected = by_column(classify_columns(columns, make_samples(columns)))  # no-LLM mode
    fake.enqueue(bad)
    with caplog.at_level(logging.INFO, logger="tdm_agents.pii_detection"):
        got = by_column(classify_columns(columns, make_samples(columns), azure_llm(fake, deployment, None)))
    for name, result in got.items():
        assert (result.pii_type, result.technique) == (expected[name].pii_type, expected[name].technique)
        assert "error" in result.evidence["llm"] or "not_sent" in result.evidence["llm"]
    assert "error" in got["nickname_text"].evidence["llm"]
    messages = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("tdm_agents"))
    assert "member_profile" in messages
    # Either the whole answer was unusable, or every entry in it was dropped.
    assert "keep their non-LLM labels" in messages or "entries dropped" in messages
    for values in SAMPLES.values():
        for value in values:
            assert value not in caplog.text


def test_second_run_is_served_from_the_redis_cache(
    fake: FakeLLMServer, deployment: str, redis_conn: redis.Redis
) -> None:
    columns = make_columns()
    llm = azure_llm(fake, deployment, redis_conn)
    first = classify_columns(columns, make_samples(columns), llm)
    assert len(fake.chat_requests) == 1
    sent = [c for c in columns if c.column in ("nickname_text", "notes")]  # the rules settle the rest
    keys = [CACHE_PREFIX + llm.signature(c, llm.shown_samples(c, SAMPLES[c.column])) for c in sent]
    try:
        assert all(redis_conn.exists(key) for key in keys)
        assert all(0 < redis_conn.ttl(key) <= 600 for key in keys)
        assert all(SAMPLES["contact"][0].encode() not in (redis_conn.get(key) or b"") for key in keys)
        # A new classifier (a re-run, another worker) with the same columns and samples: zero HTTP calls.
        again = azure_llm(fake, deployment, redis_conn)
        second = classify_columns(columns, make_samples(columns), again)
        assert len(fake.chat_requests) == 1
        assert again.calls == 0
        assert again.columns_asked == len(sent)  # asked (from the cache), not sent over HTTP
        assert [r.model_dump() for r in second] == [r.model_dump() for r in first]
        # Different samples are a different signature: asked again.
        changed = {**make_samples(columns), columns[3].key: ["totally 123 different"]}
        classify_columns(columns, changed, again)
        assert len(fake.chat_requests) == 2
        sent = json.loads(fake.chat_requests[-1].message_text("user"))
        assert [c["column"] for c in sent["columns"]] == ["notes"]
    finally:
        notes = columns[3]
        changed_key = CACHE_PREFIX + llm.signature(notes, llm.shown_samples(notes, ["totally 123 different"]))
        redis_conn.delete(*keys, changed_key)


def test_unreachable_redis_disables_the_cache_without_failing(fake: FakeLLMServer, deployment: str) -> None:
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))
    columns = make_columns()
    results = by_column(classify_columns(columns, make_samples(columns), azure_llm(fake, deployment, dead)))
    assert results["handle"].pii_type == PIIType.USERNAME
    assert len(fake.chat_requests) == 1


def test_openai_compatible_base_url(deployment: str) -> None:
    with FakeLLMServer(answer_columns(LLM_LABELS), api_key="local-key") as server:
        settings = PIISettings(
            tdm_llm_base_url=server.openai_base_url,
            tdm_llm_api_key="local-key",
            tdm_llm_model="llama-3.1-8b",
            tdm_llm_cache_enabled=False,
        )
        llm = LLMClassifier.from_settings(settings)
        assert llm is not None
        columns = make_columns()
        results = by_column(classify_columns(columns, make_samples(columns), llm))
        [request] = server.chat_requests
        assert request.path == "/v1/chat/completions"
        assert request.headers["authorization"] == "Bearer local-key"
        assert request.json["model"] == "llama-3.1-8b"
        assert request.json["response_format"] == {"type": "json_object"}
        assert results["handle"].pii_type == PIIType.USERNAME
