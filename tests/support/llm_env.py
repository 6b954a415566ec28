"""PII tests must not pick up a developer's real LLM configuration (used by their conftest files)."""

from __future__ import annotations

import pytest

LLM_VARIABLES = (
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_DEPLOYMENT_CHAT",
    "AZURE_OPENAI_API_VERSION",
    "TDM_LLM_BASE_URL",
    "TDM_LLM_API_KEY",
    "TDM_LLM_MODEL",
    "TDM_LLM_ALLOW_RAW_SAMPLES",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)


@pytest.fixture(autouse=True)
def no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LLM_VARIABLES:
        monkeypatch.delenv(name, raising=False)
