"""LLM classifier against the local fake OpenAI server: prompt privacy, parsing, settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from openai import OpenAI
from tdm_agents.pii_detection import (
    ColumnInput,
    ColumnKey,
    LLMClassifier,
    PIISettings,
    PIIType,
    classify_columns,
)
from tdm_agents.pii_detection.llm_classifier import (
    LLMUnavailableError,
    _retry_after_seconds,
    mask_value,
    parse_answer,
)
from tdm_core.errors import ConfigurationError

from tests.support.fake_llm import FakeLLMServer, answer_columns

RAW: dict[str, list[Any]] = {
    "email": ["zelda.quux@hidden-domain.example", "yorick.plum@other-host.example"],
    "full_name": ["Zelda Quux", "Yorick Plum"],
    "phone": ["+1 202-555-0147", "+44 20 7946 0958"],
    "ssn": ["078-05-1120", "123-45-6789"],
    "born": [date(1961, 3, 14), date(1984, 12, 1)],
    # Columns the rules cannot settle: an unknown name over values of no known pattern.
    "contact_x": ["zelda.quux@hidden-domain.example", "call after 6"],
    "alias": ["Zelda Quux", "Yorick Plum"],
}
# What the rules settle alone (names confirmed by values): never sent to the LLM.
CONFIDENT = {"email", "full_name", "phone", "ssn", "born"}


def columns() -> list[ColumnInput]:
    types = {"born": "date"}
    return [ColumnInput(schema="crm", table="person", column=c, data_type=types.get(c, "text")) for c in RAW]


def samples() -> dict[ColumnKey, list[Any]]:
    return {c.key: list(RAW[c.column]) for c in columns()}


@pytest.fixture
def fake() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(answer_columns({"alias": "person_name", "contact_x": "email"})) as server:
        yield server


def classifier(fake: FakeLLMServer, **overrides: object) -> LLMClassifier:
    settings = PIISettings(
        azure_openai_api_key="test-key",
        azure_openai_endpoint=fake.azure_endpoint,
        tdm_llm_cache_enabled=False,
        **overrides,  # type: ignore[arg-type]
    )
    llm = LLMClassifier.from_settings(settings)
    assert llm is not None
    return llm


def test_mask_value_keeps_shape_only() -> None:
    assert mask_value("John.Smith@Example.com") == "Xxxx.Xxxxx@Xxxxxxx.xxx"
    assert mask_value("+1 (202) 555-0147") == "+9 (999) 999-9999"
    assert mask_value(date(1961, 3, 14)) == "9999-99-99"
    assert mask_value(4111111111111111) == "9999999999999999"
    assert mask_value("Gonçalves") == "Xxxxxxxxx"
    assert len(mask_value("x" * 500)) == 64


def test_prompt_carries_no_raw_sample_value_by_default(fake: FakeLLMServer) -> None:
    llm = classifier(fake)
    result = classify_columns(columns(), samples(), llm)
    [request] = fake.chat_requests
    body = request.text
    for values in RAW.values():
        for value in values:
            assert str(value) not in body
    assert "zelda" not in body.lower() and "hidden-domain" not in body
    # What the model does see: names, types, table context and shape masks.
    payload = json.loads(request.message_text("user"))
    assert payload["table"] == "person" and payload["schema"] == "crm"
    sent = {c["column"]: c for c in payload["columns"]}
    assert sent["contact_x"]["samples"][0] == "xxxxx.xxxx@xxxxxx-xxxxxx.xxxxxxx"
    assert sent["alias"]["samples"] == ["Xxxxx Xxxx", "Xxxxxx Xxxx"]
    # Only the columns the rules are unsure of are sent; the table's other columns are context.
    assert set(sent) == {"contact_x", "alias"}
    assert set(payload["table_columns"]) == set(RAW)
    assert llm.columns_asked == 2
    by_column = {r.column: r for r in result}
    assert by_column["alias"].pii_type == PIIType.PERSON_NAME
    assert by_column["alias"].evidence["llm"]["pii_type"] == "person_name"
    assert any(item["source"] == "llm" for item in by_column["alias"].evidence["items"])
    for name in CONFIDENT:
        assert by_column[name].evidence["llm"] == {"not_sent": "the rules are confident"}
        assert by_column[name].pii_type != PIIType.NONE


def test_raw_samples_only_when_explicitly_allowed(fake: FakeLLMServer) -> None:
    classify_columns(columns(), samples(), classifier(fake, tdm_llm_allow_raw_samples=True))
    [request] = fake.chat_requests
    assert "zelda.quux@hidden-domain.example" in request.text
    assert json.loads(request.message_text("user"))["sample_encoding"] == "raw"


def test_nothing_is_sent_when_the_rules_are_sure(fake: FakeLLMServer) -> None:
    confident = [c for c in columns() if c.column in CONFIDENT]
    llm = classifier(fake)
    classify_columns(confident, {c.key: RAW[c.column] for c in confident}, llm)
    assert fake.chat_requests == []
    assert llm.columns_asked == 0


def test_keys_and_booleans_are_not_sent(fake: FakeLLMServer) -> None:
    cols = [
        ColumnInput(table="t", column="id", data_type="integer", is_primary_key=True),
        ColumnInput(table="t", column="active", data_type="boolean"),
        ColumnInput(table="t", column="nick", data_type="text"),
    ]
    classify_columns(cols, {}, classifier(fake))
    [request] = fake.chat_requests
    payload = json.loads(request.message_text("user"))
    assert [c["column"] for c in payload["columns"]] == ["nick"]
    assert payload["table_columns"] == ["id", "active", "nick"]


def test_temperature_can_be_left_out_for_reasoning_models(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TDM_LLM_TEMPERATURE", "")
    assert PIISettings.load().tdm_llm_temperature is None
    unsure = [c for c in columns() if c.column == "alias"]
    classify_columns(unsure, {}, classifier(fake, tdm_llm_temperature=None))
    [request] = fake.chat_requests
    assert "temperature" not in request.json


def test_one_table_per_call() -> None:
    from tdm_core.errors import InvalidInputError

    llm = LLMClassifier(OpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1"), "m")
    mixed = [ColumnInput(table="a", column="x"), ColumnInput(table="b", column="y")]
    with pytest.raises(InvalidInputError, match="one table"):
        llm.classify_table(mixed)


def test_columns_are_batched_per_call(fake: FakeLLMServer) -> None:
    cols = [ColumnInput(table="wide", column=f"c{i}", data_type="text") for i in range(7)]
    classify_columns(cols, {}, classifier(fake, tdm_llm_max_columns_per_call=3))
    assert [len(json.loads(r.message_text("user"))["columns"]) for r in fake.chat_requests] == [3, 3, 1]


def test_parse_answer_maps_synonyms_and_drops_unknowns() -> None:
    content = json.dumps(
        {
            "columns": [
                {"column": "EMAIL", "pii_type": "Email Address", "confidence": 97, "reason": "r"},
                {"column": "zip", "pii_type": "ZIP code", "confidence": 0.8},
                {"column": "x", "pii_type": "favourite colour", "confidence": 0.9},
                {"column": "not_requested", "pii_type": "email"},
                {"pii_type": "email"},
                "junk",
            ]
        }
    )
    verdicts, dropped = parse_answer(content, ["email", "zip", "x"])
    assert verdicts["email"].pii_type == PIIType.EMAIL
    assert verdicts["email"].confidence == 0.97
    assert verdicts["zip"].pii_type == PIIType.POSTAL_CODE
    assert "x" not in verdicts
    assert dropped == 4


def test_parse_answer_accepts_a_mapping_by_column() -> None:
    verdicts, _ = parse_answer(json.dumps({"email": "email", "id": {"pii_type": "none"}}), ["email", "id"])
    assert verdicts["email"].pii_type == PIIType.EMAIL
    assert verdicts["id"].pii_type == PIIType.NONE


@pytest.mark.parametrize(
    "content", ["zelda.quux@hidden.example is an email", '[{"column": "email"', "4242", '"zelda quux"', "{}"]
)
def test_parse_answer_rejects_garbage_without_quoting_it(content: str) -> None:
    with pytest.raises(LLMUnavailableError) as info:
        parse_answer(content, ["email"])
    assert "zelda" not in str(info.value) and "4242" not in str(info.value)


def test_retry_after_headers() -> None:
    assert _retry_after_seconds({"retry-after": "3"}) == 3.0
    assert _retry_after_seconds({"retry-after-ms": "250", "retry-after": "3"}) == 0.25
    assert _retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert _retry_after_seconds({"retry-after": "soon"}) is None
    assert _retry_after_seconds({}) is None


def test_settings_select_the_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    assert PIISettings().llm_provider is None
    assert LLMClassifier.from_settings(PIISettings()) is None  # no-LLM mode
    azure = PIISettings(azure_openai_api_key="k", azure_openai_endpoint="https://x.openai.azure.com/")
    assert (azure.llm_provider, azure.llm_model) == ("azure", "gpt-4o")
    assert azure.azure_openai_api_version == "2024-02-15-preview"
    plain = PIISettings(tdm_llm_base_url="http://127.0.0.1:1/v1", tdm_llm_model="llama3")
    assert (plain.llm_provider, plain.llm_model) == ("openai", "llama3")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "")  # blank in a .env template = not configured
    assert PIISettings().llm_provider is None


def test_half_an_azure_configuration_is_an_error() -> None:
    with pytest.raises(ConfigurationError, match="AZURE_OPENAI_ENDPOINT"):
        _ = PIISettings(azure_openai_api_key="k").llm_provider
    with pytest.raises(ConfigurationError, match="AZURE_OPENAI_API_KEY"):
        _ = PIISettings(azure_openai_endpoint="https://x.openai.azure.com/").llm_provider


def test_settings_read_the_spec_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com/")
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT_CHAT", "gpt-4o-mini")
    monkeypatch.setenv("TDM_LLM_ALLOW_RAW_SAMPLES", "true")
    settings = PIISettings.load()
    assert settings.llm_provider == "azure"
    assert settings.llm_model == "gpt-4o-mini"
    assert settings.tdm_llm_allow_raw_samples is True
    assert "env-key" not in repr(settings)  # secrets stay out of reprs and logs
