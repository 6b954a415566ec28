"""Entry points of the PII agent: classify columns from their names, sampled values and (optionally) an LLM.

columns = reflect_columns(engine)                      # or load them from the metadata store
samples = ColumnSampler(engine, per_column=100).sample(columns)
llm = LLMClassifier.from_settings()                    # None when no LLM is configured
pii_map = classify_columns(columns, samples, llm)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine
from tdm_core.errors import InvalidInputError

from tdm_agents.pii_detection.detectors import detect_values
from tdm_agents.pii_detection.labels import ColumnClassification, ColumnInput, ColumnKey
from tdm_agents.pii_detection.llm_classifier import LLMClassifier, LLMTableResult
from tdm_agents.pii_detection.merger import is_structural_none, merge_column
from tdm_agents.pii_detection.name_dictionary import has_location_word, match_column_name
from tdm_agents.pii_detection.sampler import ColumnSampler
from tdm_agents.pii_detection.settings import PIISettings

log = logging.getLogger(__name__)


def _group_by_table(columns: Sequence[ColumnInput]) -> dict[tuple[str | None, str], list[ColumnInput]]:
    tables: dict[tuple[str | None, str], list[ColumnInput]] = {}
    seen: set[ColumnKey] = set()
    for column in columns:
        if column.key in seen:
            raise InvalidInputError(f"column {column.key} is listed twice")
        seen.add(column.key)
        tables.setdefault((column.schema_name, column.table), []).append(column)
    return tables


def classify_columns(
    columns: Sequence[ColumnInput],
    samples: Mapping[ColumnKey, Sequence[Any]] | None = None,
    llm: LLMClassifier | None = None,
) -> list[ColumnClassification]:
    """One classification per input column, in input order; non-PII columns get pii_type "none".

    `samples` maps a column's key to its sampled values (any DB types); missing keys mean "not sampled".
    With `llm` None the result depends only on the inputs (deterministic).
    """
    samples = samples or {}
    results: dict[ColumnKey, ColumnClassification] = {}
    for table_columns in _group_by_table(columns).values():
        # "state" or "district" are address parts only next to other address columns.
        location_context = any(has_location_word(c.column) for c in table_columns)
        llm_result = LLMTableResult()
        if llm is not None:
            candidates = [c for c in table_columns if not is_structural_none(c)]
            if candidates:
                llm_result = llm.classify_table(
                    candidates, samples, table_columns=[c.column for c in table_columns]
                )
        for column in table_columns:
            name = match_column_name(column.column, column.table, location_context=location_context)
            values = detect_values(samples.get(column.key, ()), column.data_type)
            results[column.key] = merge_column(
                column,
                name,
                values,
                llm=llm_result.verdicts.get(column.column),
                llm_error=llm_result.errors.get(column.column),
            )
    return [results[column.key] for column in columns]


def sample_and_classify(
    engine: Engine,
    columns: Sequence[ColumnInput],
    *,
    llm: LLMClassifier | None = None,
    settings: PIISettings | None = None,
    per_column: int | None = None,
) -> tuple[list[ColumnClassification], dict[str, str]]:
    """Sample the source with the configured bounds, then classify. Returns the classifications and
    the sampling problems ("schema.table" -> reason) so callers can report skipped tables."""
    settings = settings or PIISettings.load()
    sampler = ColumnSampler(
        engine,
        per_column=per_column or settings.tdm_pii_sample_size,
        big_table_rows=settings.tdm_pii_big_table_rows,
        statement_timeout_seconds=settings.tdm_pii_statement_timeout_seconds,
        total_timeout_seconds=settings.tdm_pii_sampling_budget_seconds,
    )
    samples = sampler.sample(columns)
    return classify_columns(columns, samples, llm), dict(sampler.problems)
