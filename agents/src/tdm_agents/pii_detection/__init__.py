"""PII classification agent (spec section 5): column-name dictionary, value validators, optional LLM.

Public API (plain functions and classes; the LangGraph subgraph calls these):

    reflect_columns(engine, schemas=None) -> list[ColumnInput]
    ColumnSampler(engine, per_column=100, ...).sample(columns) -> dict[ColumnKey, list[Any]]
    LLMClassifier.from_settings(settings=None, redis_client=None) -> LLMClassifier | None
    classify_columns(columns, samples, llm=None) -> list[ColumnClassification]
    sample_and_classify(engine, columns, llm=None) -> (classifications, sampling problems)
    propagate_references(columns, classifications) -> classifications (foreign keys to PII columns)
    evidence_items(evidence) / evidence_summary(evidence) -> what a stored label rests on

Evidence sources, one module each: the column name (`name_dictionary`), values (`detectors` with
`validators` and `national_ids`), reference lists (`reference_data`), the table (`table_context`) and
the LLM (`llm_classifier`), merged by `merger`.

The names are imported on first use: the LLM client (openai) is slow to import, and what only needs
the contract (`tdm_agents.pii_detection.contract`: the API, the CLI) should not pay for it.
"""

from __future__ import annotations

from tdm_core.lazy import lazy_exports

_EXPORTS = {
    "classify_columns": "classify",
    "propagate_references": "classify",
    "sample_and_classify": "classify",
    "build_table_context": "table_context",
    "evidence_items": "contract",
    "evidence_summary": "contract",
    "ColumnClassification": "labels",
    "ColumnInput": "labels",
    "ColumnKey": "labels",
    "PIIType": "labels",
    "Technique": "labels",
    "parse_pii_type": "labels",
    "LLMClassifier": "llm_classifier",
    "LLMColumnVerdict": "llm_classifier",
    "LLMTableResult": "llm_classifier",
    "ColumnSampler": "sampler",
    "reflect_columns": "sampler",
    "sample_columns": "sampler",
    "PIISettings": "settings",
}
__all__ = list(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
