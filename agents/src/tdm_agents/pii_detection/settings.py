"""Settings of the PII agent: the LLM (spec section 20 names) and the sampling bounds.

LLM selection: AZURE_OPENAI_ENDPOINT + AZURE_OPENAI_API_KEY -> Azure OpenAI (deployment
AZURE_OPENAI_DEPLOYMENT_CHAT); else TDM_LLM_BASE_URL and/or TDM_LLM_API_KEY -> any OpenAI-compatible
server (model TDM_LLM_MODEL); else no LLM, and classification runs on names and values alone.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from tdm_core.errors import ConfigurationError
from tdm_core.settings import TDMSettings

THIRTY_DAYS = 30 * 24 * 3600

LLMProvider = Literal["azure", "openai"]


class PIISettings(TDMSettings):
    azure_openai_api_key: SecretStr | None = None
    azure_openai_endpoint: str | None = None
    azure_openai_deployment_chat: str = "gpt-4o"
    azure_openai_api_version: str = "2024-02-15-preview"

    tdm_llm_base_url: str | None = Field(
        default=None, description="Any OpenAI-compatible server, e.g. .../v1"
    )
    tdm_llm_api_key: SecretStr | None = None
    tdm_llm_model: str | None = Field(
        default=None, description="Model for TDM_LLM_BASE_URL (default: gpt-4o)"
    )

    # DESIGN.md 7: raw values never reach the LLM unless this is explicitly switched on.
    tdm_llm_allow_raw_samples: bool = False
    tdm_llm_samples_per_column: int = Field(default=5, ge=0, le=50)
    tdm_llm_max_columns_per_call: int = Field(default=40, ge=1, le=500)
    tdm_llm_timeout_seconds: float = Field(default=60.0, gt=0)
    tdm_llm_max_attempts: int = Field(default=4, ge=1, le=20)
    tdm_llm_backoff_base_seconds: float = Field(default=1.0, ge=0)
    # Longest single wait; a Retry-After beyond it means "give up and fall back", not "sleep an hour".
    tdm_llm_backoff_max_seconds: float = Field(default=30.0, ge=0)
    # Blank = do not send (reasoning models accept only their default temperature).
    tdm_llm_temperature: float | None = Field(default=0.0, ge=0.0, le=2.0)
    tdm_llm_cache_enabled: bool = True
    tdm_llm_cache_ttl_seconds: int = Field(default=THIRTY_DAYS, gt=0)

    tdm_pii_sample_size: int = Field(default=100, ge=1, le=10_000)
    tdm_pii_big_table_rows: int = Field(default=100_000, ge=1)
    tdm_pii_statement_timeout_seconds: float = Field(default=15.0, gt=0)
    tdm_pii_sampling_budget_seconds: float = Field(default=600.0, gt=0)

    @field_validator(
        "azure_openai_api_key",
        "azure_openai_endpoint",
        "tdm_llm_base_url",
        "tdm_llm_api_key",
        "tdm_llm_model",
        "tdm_llm_temperature",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An empty variable in a .env template means "not configured", not "configured as empty".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def llm_provider(self) -> LLMProvider | None:
        """Which LLM to use, or None. Half an Azure configuration is an error, not silently no LLM."""
        azure_key = self.azure_openai_api_key is not None
        azure_endpoint = self.azure_openai_endpoint is not None
        if azure_key and azure_endpoint:
            return "azure"
        if azure_key != azure_endpoint:
            missing = "AZURE_OPENAI_ENDPOINT" if azure_key else "AZURE_OPENAI_API_KEY"
            raise ConfigurationError(f"Azure OpenAI is half configured: {missing} is not set")
        if self.tdm_llm_base_url is not None or self.tdm_llm_api_key is not None:
            return "openai"
        return None

    @property
    def llm_model(self) -> str:
        if self.llm_provider == "azure":
            return self.azure_openai_deployment_chat
        return self.tdm_llm_model or self.azure_openai_deployment_chat
