"""Merge name, value and LLM evidence into one label per column (spec node `validate_pii`).

Order of trust, and why:
1. Schema facts: an integer/uuid key or a boolean is never PII itself; nothing overrides that.
2. Validated values (Luhn, mod-97, SSN rules, e-mail syntax, IP parsing) at a high rate: checksums
   do not happen by accident, so they beat a misleading name and the LLM.
3. The column name (with table context), confirmed or weakened by the values' match rate.
4. The LLM: fills gaps (names we do not know), confirms, or overrides a *weak* non-LLM label.
Agreement of two techniques gives `merged` with a higher confidence. The function is pure and
deterministic for a given input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tdm_agents.pii_detection.detectors import TypeFamily, ValueEvidence, type_family
from tdm_agents.pii_detection.labels import NAME_FAMILY, ColumnClassification, ColumnInput, PIIType, Technique
from tdm_agents.pii_detection.llm_classifier import LLMColumnVerdict
from tdm_agents.pii_detection.name_dictionary import NameMatch, has_event_word

P = PIIType
_TEXTUAL: frozenset[TypeFamily] = frozenset({"text", "other"})
# Column families each type can be stored in. "other" = unknown/user-defined type: be permissive.
COMPATIBLE_FAMILIES: dict[PIIType, frozenset[TypeFamily]] = {
    P.EMAIL: _TEXTUAL,
    P.PHONE: _TEXTUAL | {"integer", "decimal"},
    P.PERSON_NAME: _TEXTUAL,
    P.FIRST_NAME: _TEXTUAL,
    P.LAST_NAME: _TEXTUAL,
    P.ADDRESS: _TEXTUAL | {"document"},
    P.CITY: _TEXTUAL,
    P.COUNTRY: _TEXTUAL,
    P.POSTAL_CODE: _TEXTUAL | {"integer"},
    P.SSN: _TEXTUAL | {"integer", "decimal"},
    P.CREDIT_CARD: _TEXTUAL | {"integer", "decimal"},
    P.IBAN: _TEXTUAL,
    P.DATE_OF_BIRTH: _TEXTUAL | {"date", "datetime", "integer"},
    P.IP_ADDRESS: _TEXTUAL | {"network", "integer"},
    P.USERNAME: _TEXTUAL,
    P.PASSWORD: _TEXTUAL | {"binary"},
}

# Detectors backed by a validator: a high rate is proof, not a hint.
VALIDATED_DETECTORS: dict[PIIType, str] = {
    P.EMAIL: "email",
    P.CREDIT_CARD: "credit_card",
    P.IBAN: "iban",
    P.SSN: "ssn",
    P.IP_ADDRESS: "ip_address",
}


@dataclass(frozen=True)
class ValueOnlyRule:
    pii_type: PIIType
    detector: str
    min_rate: float
    families: frozenset[TypeFamily] | None = None  # None = any family


# Labels values may give without any help from the name, strongest first.
VALUE_ONLY_RULES: tuple[ValueOnlyRule, ...] = (
    ValueOnlyRule(P.EMAIL, "email", 0.8),
    ValueOnlyRule(P.CREDIT_CARD, "credit_card", 0.8),
    ValueOnlyRule(P.IBAN, "iban", 0.8),
    ValueOnlyRule(P.SSN, "ssn", 0.8),
    ValueOnlyRule(P.IP_ADDRESS, "ip_address", 0.8),
    # Bare digit runs are never enough for a phone: only written-as-phone numbers in text columns.
    ValueOnlyRule(P.PHONE, "phone_formatted", 0.8, _TEXTUAL),
    ValueOnlyRule(P.ADDRESS, "street_address", 0.6, _TEXTUAL),
    ValueOnlyRule(P.PERSON_NAME, "full_name", 0.6, _TEXTUAL),
    ValueOnlyRule(P.FIRST_NAME, "first_name", 0.7, _TEXTUAL),
    ValueOnlyRule(P.LAST_NAME, "last_name", 0.7, _TEXTUAL),
)

# Below this value support a name's label is kept but its confidence drops: the values disagree.
CONTRADICTION_RATE = 0.1
CONFIRMATION_RATE = 0.5
WEAK_NAME = 0.5
LLM_MIN_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Decision:
    pii_type: PIIType
    confidence: float
    technique: Technique
    why: str
    validated: bool = False  # backed by a validator at a high rate
    final: bool = False  # a schema fact: the LLM may not override it


def is_structural_none(column: ColumnInput, family: TypeFamily | None = None) -> bool:
    """Integer/uuid keys and booleans: not PII whatever their name says."""
    family = family or type_family(column.data_type)
    if family == "boolean":
        return True
    return (column.is_primary_key or column.is_foreign_key) and family in ("integer", "uuid", "decimal")


def _value_only(values: ValueEvidence, family: TypeFamily) -> tuple[ValueOnlyRule, float] | None:
    if values.sampled == 0:
        return None
    for rule in VALUE_ONLY_RULES:
        if rule.families is not None and family not in rule.families:
            continue
        rate = values.rate(rule.detector)
        if rate >= rule.min_rate:
            return rule, rate
    return None


def _birth_dates_by_value(column: ColumnInput, family: TypeFamily, values: ValueEvidence) -> bool:
    """A date column no name explains whose values look like birth dates: ages of adults, widely spread.
    Hire or order dates are ruled out by their name (event words) or their narrow spread."""
    if family not in ("date", "datetime") or values.sampled < 10 or has_event_word(column.column):
        return False
    median, spread = values.median_age_years, values.age_spread_years
    return (
        values.rate("birth_date_range") >= 0.95
        and median is not None
        and 18 <= median <= 90
        and spread is not None
        and spread >= 8
        and values.distinct >= 0.5 * values.sampled
    )


def _value_decision(rule: ValueOnlyRule, rate: float, why: str) -> Decision:
    return Decision(
        rule.pii_type,
        0.5 + 0.45 * rate,
        Technique.REGEX,
        f"{why}: {rule.detector} matched {rate:.0%} of sampled values",
        validated=VALIDATED_DETECTORS.get(rule.pii_type) == rule.detector,
    )


def decide_without_llm(column: ColumnInput, name: NameMatch, values: ValueEvidence) -> Decision:
    """The label from schema facts, the name and the values."""
    family = type_family(column.data_type)
    if is_structural_none(column, family):
        what = "boolean column" if family == "boolean" else "key column"
        return Decision(P.NONE, 0.95, Technique.NAME, what, final=True)
    name_type = name.pii_type
    compatible = COMPATIBLE_FAMILIES.get(name_type, frozenset()) if name_type is not None else frozenset()
    if name_type is not None and name_type not in (P.NONE, P.OTHER) and family not in compatible:
        reason = f"{name.rule}, but a {family} column cannot hold {name_type}"
        name = NameMatch(P.NONE, 0.7, reason, name.tokens)
    value_only = _value_only(values, family)
    if name.pii_type is None:
        return _from_values(column, family, values, value_only)
    if name.pii_type is P.NONE:
        if value_only is not None and value_only[0].pii_type in VALIDATED_DETECTORS and value_only[1] >= 0.9:
            return _value_decision(*value_only, f"values override the name ({name.rule})")
        return Decision(P.NONE, name.confidence, Technique.NAME, name.rule)
    return _from_name(name, name.pii_type, values, value_only)


def _from_values(
    column: ColumnInput,
    family: TypeFamily,
    values: ValueEvidence,
    value_only: tuple[ValueOnlyRule, float] | None,
) -> Decision:
    """No opinion from the name: the values alone decide."""
    if value_only is not None:
        return _value_decision(*value_only, "values alone")
    if _birth_dates_by_value(column, family, values):
        return Decision(P.DATE_OF_BIRTH, 0.55, Technique.REGEX, "dates of adults spread over decades")
    if values.sampled:
        return Decision(P.NONE, 0.8, Technique.REGEX, "no dictionary term and no value pattern")
    return Decision(P.NONE, 0.6, Technique.NAME, "no dictionary term; no values sampled")


def _from_name(
    name: NameMatch, name_type: PIIType, values: ValueEvidence, value_only: tuple[ValueOnlyRule, float] | None
) -> Decision:
    """The name says PII: confirm, weaken or (with validated values) overturn it."""
    support = values.support(name_type) if name.checks_values else None
    if value_only is not None:
        rule, rate = value_only
        related = rule.pii_type == name_type or {rule.pii_type, name_type} <= NAME_FAMILY
        if (
            not related
            and rule.pii_type in VALIDATED_DETECTORS
            and (support is None or support < CONFIRMATION_RATE)
        ):
            return _value_decision(rule, rate, f"values contradict the name ({name.rule})")
    if name.confidence < WEAK_NAME:
        if support is not None and support >= 0.3:
            why = f"{name.rule}, confirmed by {support:.0%} of values"
            return Decision(name_type, 0.6 + 0.3 * support, Technique.MERGED, why)
        if value_only is not None:
            return _value_decision(*value_only, "values alone (name hint too weak)")
        return Decision(P.NONE, 0.6, Technique.NAME, f"{name.rule}: too weak without value support")
    return _supported(name, name_type, values, support)


def _supported(name: NameMatch, name_type: PIIType, values: ValueEvidence, support: float | None) -> Decision:
    if support is None:
        return Decision(name_type, name.confidence, Technique.NAME, name.rule)
    if support >= CONFIRMATION_RATE:
        detector = VALIDATED_DETECTORS.get(name_type)
        return Decision(
            name_type,
            min(0.99, max(name.confidence, 0.9) + 0.09 * support),
            Technique.MERGED,
            f"{name.rule}, confirmed by {support:.0%} of values",
            validated=detector is not None and values.rate(detector) >= 0.8,
        )
    if support < CONTRADICTION_RATE:
        why = f"{name.rule}; values do not look like {name_type}"
        return Decision(name_type, name.confidence * 0.6, Technique.NAME, why)
    return Decision(name_type, name.confidence, Technique.NAME, f"{name.rule}; {support:.0%} of values agree")


def _same_meaning(a: PIIType, b: PIIType) -> bool:
    return a == b or (a in NAME_FAMILY and b in NAME_FAMILY)


def decide_with_llm(base: Decision, verdict: LLMColumnVerdict) -> Decision:
    """Fold the LLM's verdict into the non-LLM decision (see module docstring for the order of trust)."""
    llm_type, llm_conf = verdict.pii_type, verdict.confidence
    if base.final:
        return base
    if _same_meaning(base.pii_type, llm_type):
        # Keep the more specific of person_name / first_name / last_name.
        chosen = llm_type if base.pii_type is P.PERSON_NAME and llm_type in NAME_FAMILY else base.pii_type
        combined = 1.0 - (1.0 - base.confidence) * (1.0 - llm_conf)
        return Decision(
            chosen, min(0.99, combined), Technique.MERGED, f"{base.why}; LLM agrees", base.validated
        )
    if base.pii_type is P.NONE:
        return _llm_fills_gap(base, llm_type, llm_conf)
    if llm_type is P.NONE:
        if not base.validated and base.confidence < 0.7 and llm_conf >= 0.8:
            return Decision(P.NONE, llm_conf * 0.9, Technique.LLM, f"LLM overrides a weak label ({base.why})")
        why = f"{base.why}; LLM says none"
        return Decision(base.pii_type, base.confidence * 0.95, base.technique, why, base.validated)
    return _llm_disagrees(base, llm_type, llm_conf)


def _llm_fills_gap(base: Decision, llm_type: PIIType, llm_conf: float) -> Decision:
    """No PII found without the LLM: a confident LLM verdict fills the gap (names we do not know)."""
    if llm_conf >= LLM_MIN_CONFIDENCE:
        return Decision(llm_type, min(0.95, llm_conf), Technique.LLM, "LLM (no name or value evidence)")
    return base


def _llm_disagrees(base: Decision, llm_type: PIIType, llm_conf: float) -> Decision:
    """Both say PII, of different types: validated values win, else the more confident side."""
    if not base.validated and llm_conf > base.confidence:
        return Decision(
            llm_type, min(0.95, llm_conf), Technique.LLM, f"LLM overrides a weaker label ({base.why})"
        )
    return base


def merge_column(
    column: ColumnInput,
    name: NameMatch,
    values: ValueEvidence,
    llm: LLMColumnVerdict | None = None,
    llm_error: str | None = None,
) -> ColumnClassification:
    """One column's classification with its evidence (counts, rates, tokens, reasons; no values)."""
    decision = decide_without_llm(column, name, values)
    evidence: dict[str, Any] = {
        "name_tokens": list(name.tokens),
        "name_rule": name.rule,
        "name_type": name.pii_type.value if name.pii_type is not None else None,
        "type_family": type_family(column.data_type),
        **values.as_evidence(),
    }
    matched = values.matched_patterns
    if matched:
        evidence["matched_patterns"] = matched
    if llm is not None:
        evidence["llm"] = {"pii_type": llm.pii_type.value, "confidence": llm.confidence, "reason": llm.reason}
        decision = decide_with_llm(decision, llm)
    elif llm_error is not None:
        evidence["llm"] = {"error": llm_error}
    evidence["decision"] = decision.why
    return ColumnClassification(
        schema=column.schema_name,
        table=column.table,
        column=column.column,
        pii_type=decision.pii_type,
        confidence=max(0.0, min(1.0, decision.confidence)),
        technique=decision.technique,
        evidence=evidence,
    )
