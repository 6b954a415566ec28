"""PII tests must not pick up a developer's real LLM configuration."""

from tests.support.llm_env import no_llm_environment

__all__ = ["no_llm_environment"]
