"""PII classification's contract (spec 5.3): what `POST /pii/classify` takes, what the job reports, and
how the evidence stored with each label reads (`evidence_items`, `evidence_summary`).

The classifier stores a dict per column (see `merger.merge_column`): the decision (`decision`), which
evidence source settled it (`decided_by`) and `items`, a list of small dicts

    {"source": "name" | "values" | "reference" | "table" | "llm", "detail": str, "score": float}

made of counts, rates, validator and pattern names -- never a sampled value. Labels set by a person keep
what the automatic classification said under `automatic`. The helpers below turn any of those shapes
(older maps without `items` included) into the list the API returns and the one-line summary the CLI
prints.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import Field

from tdm_agents.common.contract import AgentContract, ContractModel, ResultModel
from tdm_agents.pii_detection.labels import PIIType

__all__ = [
    "CONTRACT",
    "EVIDENCE_SOURCES",
    "PIIClassifyRequest",
    "PIIClassifyStep",
    "PIIResult",
    "PIIType",
    "evidence_items",
    "evidence_summary",
]


class PIIClassifyStep(ContractModel):
    """Classification inside a multi-step job (the schema version may come from discovery)."""

    schema_version_id: uuid.UUID | None = None
    # Only used when an LLM is configured; samples are hashed or masked before they are sent.
    use_llm: bool = Field(default=True, description="Consult the LLM when one is configured.")
    sample_size_per_column: int = Field(default=100, ge=1, le=100_000)


class PIIClassifyRequest(PIIClassifyStep):
    """Body of POST /pii/classify."""

    schema_version_id: uuid.UUID


class PIIResult(ResultModel):
    schema_version_id: uuid.UUID
    schema_id: uuid.UUID
    version_number: int
    columns: int = Field(description="Columns classified")
    pii_columns: int = Field(description="Columns holding personal data (sensitive ones included)")
    sensitive_columns: int = Field(
        default=0,
        description="Of those, columns of special-category data (pay, health, religion...) that do not "
        "identify anyone: masking 'auto' masks them only with mask_sensitive",
    )
    by_type: dict[str, int]
    by_technique: dict[str, int]
    manual_labels: int
    manual_labels_carried_over: int
    written: int
    llm: str = Field(description="used, disabled (use_llm false) or not_configured")
    llm_calls: int
    llm_columns_sent: int = Field(
        default=0, description="Columns the rules were unsure of, sent to the LLM (cache hits included)"
    )
    tables_not_sampled: int
    sampling_problems: dict[str, str] = Field(
        description="Why tables could not be sampled (their columns were classified from names alone)."
    )
    skipped_relations: dict[str, int] = Field(
        description="Views and other relations not classified, by kind."
    )


CONTRACT = AgentContract(
    agent="pii_classification",
    step="pii",
    request=PIIClassifyRequest,
    step_input=PIIClassifyStep,
    result=PIIResult,
    route="/pii/classify",
    summary="Classify the columns of a schema version (names, value patterns, and an LLM if configured).",
    chained_inputs=("schema_version_id",),
)


# --- evidence ------------------------------------------------------------------------------------

EVIDENCE_SOURCES = ("name", "values", "reference", "table", "llm", "manual")
_MAX_DETAIL = 240


def evidence_items(evidence: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The evidence items of a stored map entry; derived from the older keys when `items` is absent."""
    if not evidence:
        return []
    raw = evidence.get("items")
    items: list[dict[str, Any]] = []
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, Mapping) and isinstance(item.get("detail"), str):
                score = item.get("score")
                items.append(
                    {
                        "source": str(item.get("source") or "values"),
                        "detail": item["detail"][:_MAX_DETAIL],
                        "score": float(score) if isinstance(score, int | float) else None,
                    }
                )
    else:
        if evidence.get("name_rule"):
            items.append({"source": "name", "detail": str(evidence["name_rule"]), "score": None})
        rates = evidence.get("match_rates")
        if isinstance(rates, Mapping):
            for detector, rate in sorted(rates.items(), key=lambda kv: -float(kv[1]))[:3]:
                items.append(
                    {"source": "values", "detail": f"{detector}: {float(rate):.0%}", "score": float(rate)}
                )
    automatic = evidence.get("automatic")
    if isinstance(automatic, Mapping) and automatic.get("pii_type"):
        was = f"set by a person; the classifier said {automatic['pii_type']}"
        items.insert(0, {"source": "manual", "detail": was, "score": None})
    if evidence.get("sampling_problem"):
        items.append({"source": "values", "detail": "table not sampled: name only", "score": None})
    return items


def evidence_summary(evidence: Mapping[str, Any] | None, *, width: int = 90) -> str:
    """One line: the decision, then the strongest name/value/table evidence ("-" when none)."""
    if not evidence:
        return "-"
    parts: list[str] = []
    decision = evidence.get("decision")
    if isinstance(decision, str) and decision:
        parts.append(decision)
    elif isinstance(evidence.get("automatic"), Mapping):
        parts.append(f"set by a person (was {evidence['automatic'].get('pii_type')})")
    for item in evidence_items(evidence):
        if item["source"] in ("values", "reference") and item["score"] is not None and item["score"] >= 0.3:
            parts.append(f"{item['source']}: {item['detail'].split(' of ')[0]}")
            break
    for item in evidence_items(evidence):
        if item["source"] in ("table", "llm"):
            parts.append(f"{item['source']}: {item['detail']}")
            break
    text = "; ".join(parts) or "-"
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
