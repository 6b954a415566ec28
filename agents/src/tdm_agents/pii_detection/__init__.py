"""PII classification agent (spec section 5): column-name dictionary, value validators, optional LLM.

Public API (plain functions and classes; the LangGraph subgraph calls these):

    reflect_columns(engine, schemas=None) -> list[ColumnInput]
    ColumnSampler(engine, per_column=100, ...).sample(columns) -> dict[ColumnKey, list[Any]]
    LLMClassifier.from_settings(settings=None, redis_client=None) -> LLMClassifier | None
    classify_columns(columns, samples, llm=None) -> list[ColumnClassification]
    sample_and_classify(engine, columns, llm=None) -> (classifications, sampling problems)
"""

from tdm_agents.pii_detection.classify import classify_columns, sample_and_classify
from tdm_agents.pii_detection.labels import (
    ColumnClassification,
    ColumnInput,
    ColumnKey,
    PIIType,
    Technique,
    parse_pii_type,
)
from tdm_agents.pii_detection.llm_classifier import LLMClassifier, LLMColumnVerdict, LLMTableResult
from tdm_agents.pii_detection.sampler import ColumnSampler, reflect_columns, sample_columns
from tdm_agents.pii_detection.settings import PIISettings

__all__ = [
    "ColumnClassification",
    "ColumnInput",
    "ColumnKey",
    "ColumnSampler",
    "LLMClassifier",
    "LLMColumnVerdict",
    "LLMTableResult",
    "PIISettings",
    "PIIType",
    "Technique",
    "classify_columns",
    "parse_pii_type",
    "reflect_columns",
    "sample_and_classify",
    "sample_columns",
]
