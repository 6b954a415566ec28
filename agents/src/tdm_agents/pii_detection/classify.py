"""Entry points of the PII agent: classify columns from their names, sampled values, table context,
foreign keys and (optionally) an LLM.

columns = reflect_columns(engine)                      # or load them from the metadata store
samples = ColumnSampler(engine, per_column=100).sample(columns)
llm = LLMClassifier.from_settings()                    # None when no LLM is configured
pii_map = classify_columns(columns, samples, llm)

Per column: name evidence (`name_dictionary`), value evidence (`detectors`: validators, reference
lists, statistics), table context (`table_context`), merged by `merger` into a label with a confidence
and its evidence. With an LLM, only the columns the rules are unsure of are sent (confidence below
`merger.LLM_THRESHOLD`, or name and values disagree); `LLMClassifier.columns_asked` counts them.
Foreign keys last (`propagate_references`): a text column referencing a PII column takes its type.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot

from tdm_agents.pii_detection.detectors import ValueEvidence, detect_values, type_family
from tdm_agents.pii_detection.labels import ColumnClassification, ColumnInput, ColumnKey, PIIType
from tdm_agents.pii_detection.llm_classifier import LLMClassifier, LLMTableResult
from tdm_agents.pii_detection.merger import Decision, decide_without_llm, merge_column, needs_llm
from tdm_agents.pii_detection.name_dictionary import NameMatch, match_column_name
from tdm_agents.pii_detection.sampler import ColumnSampler
from tdm_agents.pii_detection.settings import PIISettings
from tdm_agents.pii_detection.table_context import TableContext, build_table_context

log = logging.getLogger(__name__)

TableKey = tuple[str | None, str]
_KEY_FAMILIES = frozenset({"integer", "uuid", "decimal", "boolean"})


def _group_by_table(columns: Sequence[ColumnInput]) -> dict[TableKey, list[ColumnInput]]:
    tables: dict[TableKey, list[ColumnInput]] = {}
    seen: set[ColumnKey] = set()
    for column in columns:
        if column.key in seen:
            raise InvalidInputError(f"column {column.key} is listed twice")
        seen.add(column.key)
        tables.setdefault((column.schema_name, column.table), []).append(column)
    return tables


def table_contexts(tables: Mapping[TableKey, Sequence[ColumnInput]]) -> dict[TableKey, TableContext]:
    """The context of every table, with the person tables each one references."""
    first = {key: build_table_context(key[1], cols) for key, cols in tables.items()}
    contexts: dict[TableKey, TableContext] = {}
    for key, cols in tables.items():
        parents = []
        health_parent = False
        for column in cols:
            if column.references is None:
                continue
            parent_key = (column.references[0], column.references[1])
            parent = first.get(parent_key)
            if parent is None or parent_key == key:
                continue
            if parent.kind == "person":
                parents.append(parent_key[1])
            health_parent = health_parent or parent.health_records
        if parents or health_parent:
            contexts[key] = build_table_context(key[1], cols, parents, health_parent=health_parent)
        else:
            contexts[key] = first[key]
    return contexts


_BARE_NAME_WORDS = frozenset({"name", "naam"})


def _surnames_beside_first_names(
    columns: Sequence[ColumnInput],
    found: dict[ColumnKey, tuple[NameMatch, ValueEvidence, Decision]],
    samples: Mapping[ColumnKey, Sequence[Any]],
) -> None:
    """A bare "name" beside a first-name column of the same person is the surname ("vorname" and
    "name", "vn_vorname" and "vn_name"): one-word values there are last names, not whole names."""
    first_prefixes = {
        found[c.key][0].tokens[:-1]
        for c in columns
        if found[c.key][2].pii_type is PIIType.FIRST_NAME and found[c.key][0].tokens
    }
    if not first_prefixes:
        return
    for column in columns:
        name, values, decision = found[column.key]
        if decision.pii_type is not PIIType.PERSON_NAME or not name.tokens:
            continue
        if name.tokens[-1] not in _BARE_NAME_WORDS or name.tokens[:-1] not in first_prefixes:
            continue
        texts = [str(v).strip() for v in samples.get(column.key, ()) if v is not None and str(v).strip()]
        if not texts or sum(1 for t in texts if " " in t) > 0.2 * len(texts):
            continue
        why = f"{decision.why}; one-word names beside a first-name column: surnames"
        found[column.key] = (name, values, replace(decision, pii_type=PIIType.LAST_NAME, why=why))


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
    tables = _group_by_table(columns)
    contexts = table_contexts(tables)
    results: dict[ColumnKey, ColumnClassification] = {}
    for table_key, table_columns in tables.items():
        context = contexts[table_key]
        found: dict[ColumnKey, tuple[NameMatch, ValueEvidence, Decision]] = {}
        for column in table_columns:
            name = match_column_name(column.column, column.table, location_context=context.location_context)
            values = detect_values(samples.get(column.key, ()), column.data_type)
            found[column.key] = (name, values, decide_without_llm(column, name, values, context))
        _surnames_beside_first_names(table_columns, found, samples)
        llm_result = LLMTableResult()
        if llm is not None:
            unsure = [c for c in table_columns if needs_llm(found[c.key][2])]
            if unsure:
                llm_result = llm.classify_table(
                    unsure, samples, table_columns=[c.column for c in table_columns]
                )
        for column in table_columns:
            name, values, decision = found[column.key]
            results[column.key] = merge_column(
                column,
                name,
                values,
                llm=llm_result.verdicts.get(column.column),
                llm_error=llm_result.errors.get(column.column),
                context=context,
                decision=decision,
            )
            if (
                llm is not None
                and column.column not in llm_result.verdicts
                and column.column not in llm_result.errors
            ):
                results[column.key].evidence["llm"] = {"not_sent": "the rules are confident"}
    ordered = [results[column.key] for column in columns]
    return propagate_references(columns, ordered)


def propagate_references(
    columns: Iterable[ColumnInput], results: Sequence[ColumnClassification]
) -> list[ColumnClassification]:
    """Foreign-key context: a text column referencing a PII column holds the same values and takes its
    type ("ownerEmail" -> users.email is an e-mail); one referencing a non-PII key is not PII unless
    its own values proved otherwise. Integer and uuid keys stay what they are (surrogate numbers).
    Manual labels are never touched. Idempotent: callers that classify in batches run it again over
    everything at the end."""
    by_key = {r.key: r for r in results}
    out: list[ColumnClassification] = []
    for column, result in zip(columns, results, strict=True):
        ref = column.references
        parent = by_key.get(ColumnKey(*ref)) if ref is not None else None
        if (
            parent is None
            or ref is None
            or result.technique.value == "manual"
            or type_family(column.data_type) in _KEY_FAMILIES
            or parent.key == result.key
        ):
            out.append(result)
            continue
        target = f"{ref[1]}.{ref[2]}"
        evidence = dict(result.evidence)
        items = _ItemList(evidence.get("items") or [])
        own_proof = evidence.get("decided_by") == "values" and result.confidence >= 0.9
        if parent.pii_type.is_identifier and parent.pii_type is not result.pii_type:
            items.append(
                {
                    "source": "table",
                    "detail": f"foreign key to {target} ({parent.pii_type.value})",
                    "score": 0.9,
                }
            )
            evidence.update(
                items=list(items),
                decided_by="table",
                decision=f"references {target}, a {parent.pii_type.value} column",
            )
            out.append(
                result.model_copy(
                    update={
                        "pii_type": parent.pii_type,
                        "confidence": round(max(0.6, min(0.95, parent.confidence * 0.95)), 2),
                        "evidence": evidence,
                    }
                )
            )
        elif parent.pii_type.is_identifier:  # the same type: the reference confirms it
            items.append(
                {
                    "source": "table",
                    "detail": f"foreign key to {target} ({parent.pii_type.value})",
                    "score": 0.9,
                }
            )
            evidence["items"] = list(items)
            out.append(result.model_copy(update={"evidence": evidence}))
        elif parent.pii_type is PIIType.NONE and result.pii_type is not PIIType.NONE and not own_proof:
            items.append({"source": "table", "detail": f"foreign key to {target} (not PII)", "score": 0.8})
            evidence.update(
                items=list(items), decided_by="table", decision=f"references {target}, a key that is not PII"
            )
            out.append(
                result.model_copy(update={"pii_type": PIIType.NONE, "confidence": 0.8, "evidence": evidence})
            )
        else:
            out.append(result)
    return out


class _ItemList(list[Any]):
    """Evidence items where adding one already there is a no-op (propagation runs more than once)."""

    def append(self, item: Any) -> None:
        if item not in self:
            super().append(item)


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


# Relations whose rows are data (views repeat their tables' columns; classifying them twice would count
# one column's PII twice).
CLASSIFIED_KINDS = frozenset({"table", "partitioned_table", "foreign_table"})


def column_inputs(snapshot: SchemaSnapshot) -> tuple[list[ColumnInput], dict[str, int]]:
    """The columns to classify from a schema version: keys flagged, each single-column foreign key's
    referenced column attached (a text column referencing a PII column takes its type; a composite
    key's parts are codes, not values of a person). Also how many relations of each other kind were
    skipped."""
    foreign = {(*rel.child_key, column) for rel in snapshot.relationships for column in rel.child_columns}
    references = {
        (*rel.child_key, rel.child_columns[0]): (*rel.parent_key, rel.parent_columns[0])
        for rel in snapshot.relationships
        if len(rel.child_columns) == 1
    }
    columns: list[ColumnInput] = []
    skipped: dict[str, int] = {}
    for table in snapshot.tables:
        if table.kind not in CLASSIFIED_KINDS:
            skipped[table.kind] = skipped.get(table.kind, 0) + 1
            continue
        for column in table.columns:
            columns.append(
                ColumnInput(
                    schema=table.schema_name,
                    table=table.name,
                    column=column.name,
                    data_type=column.data_type or "",
                    is_primary_key=column.is_primary_key,
                    is_foreign_key=(*table.key, column.name) in foreign,
                    references=references.get((*table.key, column.name)),
                )
            )
    return columns, skipped
