"""Merge name, value, reference, table and LLM evidence into one label per column (spec node `validate_pii`).

Order of trust, and why:
1. Schema facts: an integer/uuid key or a boolean is never PII itself (a boolean named after a special
   category, "union_member", is `sensitive`); nothing overrides that.
2. Validated values (Luhn, mod 97, national-id check digits, e-mail syntax, IP parsing) at a high rate:
   checksums do not happen by accident, so they beat a misleading name and the LLM.
3. Values that rule PII out: ISO 4217 currency codes, URLs, file paths, organisation ids (EIN, CNPJ,
   SIRET, VAT), role mailboxes (info@...), short internal extensions, card or account numbers that fail
   their checksum.
4. The column name (with table context), confirmed or weakened by the values' match rate.
5. The table: an organisation's address, phone and coordinates are not a person's unless the column
   names a contact person; coordinates and MAC addresses are personal only about a person or a device;
   infrastructure IPs are not personal.
6. The LLM: fills gaps (names we do not know), confirms, or overrides a *weak* non-LLM label.
Agreement of two techniques gives `merged` with a higher confidence. The function is pure and
deterministic for a given input. Each decision lists its evidence as small dicts
`{"source": "name"|"values"|"reference"|"table"|"llm", "detail": str, "score": float}`: counts, rates,
pattern and validator names, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from tdm_agents.pii_detection.detectors import TypeFamily, ValueEvidence, type_family
from tdm_agents.pii_detection.labels import NAME_FAMILY, ColumnClassification, ColumnInput, PIIType, Technique
from tdm_agents.pii_detection.llm_classifier import LLMColumnVerdict
from tdm_agents.pii_detection.name_dictionary import (
    NEUTRAL_AFFIXES,
    PERSON_ENTITIES,
    SHOP_CARD_WORDS,
    NameMatch,
    expanded_words,
    has_event_word,
    joined_runs,
    singular,
    tokenize,
)
from tdm_agents.pii_detection.person_names import word_set
from tdm_agents.pii_detection.table_context import TableContext

P = PIIType
_TEXTUAL: frozenset[TypeFamily] = frozenset({"text", "other"})
_ANY: frozenset[TypeFamily] = frozenset(
    {"text", "integer", "decimal", "boolean", "date", "datetime", "time", "uuid", "network", "binary",
     "array", "document", "other"}
)  # fmt: skip
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
    P.OTHER: _ANY,
    P.SENSITIVE: _ANY,
}

# Detectors backed by a validator: a high rate is proof, not a hint.
VALIDATED_DETECTORS: dict[PIIType, str] = {
    P.EMAIL: "email",
    P.CREDIT_CARD: "credit_card",
    P.IBAN: "iban",
    P.SSN: "ssn",
    P.IP_ADDRESS: "ip_address",
}
_VALIDATED_NAMES = frozenset({*VALIDATED_DETECTORS.values(), "national_id_strong", "device_id"})
# Detectors that compare values with a reference list (shown as evidence source "reference").
REFERENCE_DETECTORS = frozenset(
    {"country_code", "country_name", "currency_code", "region", "role_mailbox", "blood_group", "icd10",
     "postal_code", "postal_code_distinctive", "first_name", "last_name", "full_name"}
)  # fmt: skip


@dataclass(frozen=True)
class ValueOnlyRule:
    pii_type: PIIType
    detector: str
    min_rate: float
    families: frozenset[TypeFamily] | None = None  # None = any family
    min_distinct: int = 1


# Labels values may give without any help from the name, strongest first.
VALUE_ONLY_RULES: tuple[ValueOnlyRule, ...] = (
    ValueOnlyRule(P.EMAIL, "email", 0.8),
    ValueOnlyRule(P.CREDIT_CARD, "credit_card", 0.8),
    ValueOnlyRule(P.IBAN, "iban", 0.8),
    ValueOnlyRule(P.SSN, "ssn", 0.8),
    ValueOnlyRule(P.SSN, "national_id_strong", 0.8, _TEXTUAL),
    ValueOnlyRule(P.OTHER, "device_id", 0.8, _TEXTUAL, min_distinct=5),
    ValueOnlyRule(P.IP_ADDRESS, "ip_address", 0.8),
    # Bare digit runs are never enough for a phone: only written-as-phone numbers in text columns.
    ValueOnlyRule(P.PHONE, "phone_formatted", 0.8, _TEXTUAL, min_distinct=5),
    ValueOnlyRule(P.ADDRESS, "street_address", 0.6, _TEXTUAL),
    ValueOnlyRule(P.PERSON_NAME, "full_name", 0.6, _TEXTUAL, min_distinct=5),
    ValueOnlyRule(P.FIRST_NAME, "first_name", 0.7, _TEXTUAL, min_distinct=5),
    ValueOnlyRule(P.LAST_NAME, "last_name", 0.7, _TEXTUAL, min_distinct=5),
    ValueOnlyRule(P.SENSITIVE, "blood_group", 0.8, _TEXTUAL, min_distinct=3),
    # Reasons for an absence or a visit: illnesses, injuries, symptoms, treatments.
    ValueOnlyRule(P.SENSITIVE, "medical_text", 0.6, _TEXTUAL, min_distinct=3),
    ValueOnlyRule(P.SENSITIVE, "ethnic_group", 0.6, _TEXTUAL, min_distinct=3),
    # Union names next to "None": the share of members may be small.
    ValueOnlyRule(P.SENSITIVE, "trade_union", 0.3, _TEXTUAL, min_distinct=2),
    # Only postal codes of a distinctive format (letters and digits, or a dash) speak alone: a bare
    # five-digit number is anything.
    ValueOnlyRule(P.POSTAL_CODE, "postal_code_distinctive", 0.9, _TEXTUAL, min_distinct=5),
)

# Words of an amount: in a payroll table such a column is part of a person's pay.
PAY_AMOUNT_WORDS = word_set(
    """
    gross net amount pay total basic base bonus overtime allowance deduction deductions tax ytd
    earnings commission brutto netto betrag abzug abzuge bruto neto liquido montant brut importe
    valor valeur bedrag inhouding pension contribution contrib nic ni ssp smp spp sick student
    loan ytd paid employer_contribution arbeitnehmeranteil arbeitgeberanteil steuer lohnsteuer
    sozialversicherung cotisation cotisations retenue irpf inss fgts premie loonheffing paye earnings
    fica medicare deferral withholding wages garnishment k401 rate
    """
)

# The words that make a number of an employee table pay ("gross_ytd", "car_allowance").
EMPLOYEE_PAY_WORDS = word_set(
    """
    gross net pay basic bonus overtime allowance commission earnings wage wages pension contribution
    contrib ytd brutto netto bruto neto nic paye deferral loan aeo weighting benefit benefits hourly tax
    ni niable taxable sacrifice voucher vouchers rate brut prime primes gratification
    """
)
# The words that make a number of a table of employees' records pay ("deduction_order.normal_deduction",
# "w4.extra_withholding"): what is taken from or paid as pay, not a gross or net of anything.
EMPLOYEE_RECORD_PAY_WORDS = word_set(
    """
    earnings deduction deductions withholding garnishment salary wage wages bonus overtime commission
    abzug einbehalt retenue retencion retencao inhouding contribution contributions contrib
    """
)
# Words of a reason, note or direction: in a person's absences, clinical encounters or medication
# orders such a text is about the person's health ("absence.reason_detail", "bezoek.rapportage",
# "med_order.sig" -- a prescription's directions).
HEALTH_NOTE_WORDS = word_set(
    """
    reason reasons cause detail details description desc note notes comment comments grund ursache
    bemerkung motif motivo causa reden oorzaak opmerking report rapportage verslag bericht observation
    observations sig directions instructions anweisung notitie notities
    """
)
# A whole-name column repeating a handful of values over many rows names categories (insurers, plans,
# payers), not people. (Name parts may repeat: "van", "de" and "van der" are most Dutch tussenvoegsels.)
CATEGORY_MIN_SAMPLED = 40
CATEGORY_MAX_DISTINCT = 8
# ...unless the few values are whole names of people (a first name and a surname we know): the handful
# of managers or payroll clerks who approve every run are still people.
FEW_PEOPLE_FULL_NAMES = 0.7
# Numbers on a payslip that are not money: "tax_period", "tax_week", "pension_scheme_no".
NOT_AN_AMOUNT_WORDS = word_set(
    """
    period periods week weeks month months year years day days wk mth yr no nr num number code cd id
    count cnt qty quantity hours hrs units scheme category cat letter table plan type status flag pct
    percent percentage
    """
)
# Share of known given names (or surnames) among one-word values that makes a whole-name column one part.
NAME_PART_RATE = 0.5
# Share of national registration-plate formats (or latitude,longitude pairs) that makes an unnamed
# column of a person's table their plates (or their positions).
PLATE_RATE = 0.8
# Share of businesses' names (a legal form, partners) that makes a "name" column an organisation's.
ORGANISATION_NAMES_RATE = 0.5
# Share of ISO 3166 codes or names that makes a "country_id" hold countries rather than keys.
COUNTRY_VALUES_RATE = 0.9
# Share of freephone / premium / shared-cost numbers that makes a phone column a business's lines.
BUSINESS_LINE_RATE = 0.8
# Below this value support a name's label is kept but its confidence drops: the values disagree.
CONTRADICTION_RATE = 0.1
CONFIRMATION_RATE = 0.5
WEAK_NAME = 0.5
LLM_MIN_CONFIDENCE = 0.6
# A column whose rules-only confidence is below this (or whose name and values disagree) is the kind
# of column an LLM may settle; the rest are not sent (see classify.py).
LLM_THRESHOLD = 0.8
# Types whose name is decided by a checksum: a name without validating values is an internal number.
_CHECKSUM_TYPES = frozenset({P.CREDIT_CARD, P.IBAN})
# Words that name the business a column belongs to, whatever the table ("warehouse_city",
# "store_lat", "support_phone", "return_address_line1", "ship_from_zip", "tel_zentrale"): its own places
# and lines, not a person's. A person word among them ("store_manager_phone") keeps the column a person's.
ORGANISATION_COLUMN_PREFIXES = word_set(
    """
    warehouse store shop branch depot outlet plant factory office_location headquarters hq
    support helpdesk hotline switchboard zentrale reception empfang return returns fulfillment
    fulfilment lager filiale zweigstelle almacen tienda sucursal entrepot magasin armazem loja
    filial magazijn winkel vestiging centrale company companies facility clinic hospital ward pharmacy
    practice site campus
    """
)
# A house number is an address part even in an integer column ("huisnummer integer").
HOUSE_NUMBER_WORDS = word_set(
    """
    housenumber houseno hausnummer huisnummer buildingnumber streetnumber numerorue numerocasa
    numeropuerta numeroporta
    """
)
_PERSON_COLUMN_WORDS = word_set(
    """
    manager owner contact contacto kontakt ansprechpartner person customer employee user member
    patient buyer recipient holder agent rep representative
    """
)


def organisation_column_word(tokens: tuple[str, ...]) -> str | None:
    """The organisation word a column is named after ("warehouse" in warehouse_zip), if any."""
    if set(tokens) & _PERSON_COLUMN_WORDS:
        return None
    for first, second in pairwise(tokens):
        if (first, second) in (("ship", "from"), ("sender", "business"), ("origin", "warehouse")):
            return f"{first} {second}"
    return next((t for t in tokens if t in ORGANISATION_COLUMN_PREFIXES), None)


# What an organisation has of its own: contact data and places, tax numbers, the machines' addresses.
_ORGANISATION_OWN = frozenset(
    {P.ADDRESS, P.CITY, P.POSTAL_CODE, P.COUNTRY, P.PHONE, P.OTHER, P.SSN, P.IP_ADDRESS, P.DATE_OF_BIRTH}
)


@dataclass(frozen=True)
class Decision:
    pii_type: PIIType
    confidence: float
    technique: Technique
    why: str
    validated: bool = False  # backed by a validator at a high rate
    final: bool = False  # a schema fact: the LLM may not override it
    unsure: bool = False  # name and values disagree: worth a second opinion
    source: str = "name"  # the evidence source that decided: name, values, reference, table, llm


def is_structural_none(
    column: ColumnInput, family: TypeFamily | None = None, name: NameMatch | None = None
) -> bool:
    """Integer/uuid keys and booleans: not PII whatever their name says (a boolean named after a
    special category -- "union_member", "smoker" -- is `sensitive`, see `decide_without_llm`)."""
    family = family or type_family(column.data_type)
    if family == "boolean":
        return name is None or name.pii_type is not P.SENSITIVE
    return (column.is_primary_key or column.is_foreign_key) and family in ("integer", "uuid", "decimal")


def _value_only(values: ValueEvidence, family: TypeFamily) -> tuple[ValueOnlyRule, float] | None:
    if values.sampled == 0:
        return None
    for rule in VALUE_ONLY_RULES:
        if rule.families is not None and family not in rule.families:
            continue
        if values.distinct < rule.min_distinct:
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


def _names_by_value(values: ValueEvidence) -> Decision | None:
    """A column of varied, name-shaped words of which a good share are known given names or surnames.
    The lists are small on purpose, so a third of known names is already telling; repeated values
    (categories, colours) and digits are ruled out by the distinct ratio and the shape."""
    if values.distinct < 10 or values.distinct_ratio < 0.3 or values.rate("person_name_shape") < 0.9:
        return None
    first, last, full = values.rate("first_name"), values.rate("last_name"), values.rate("full_name")
    single_word = values.pattern in ("letters", "upper", "lower") and values.pattern_share >= 0.8
    if single_word and first >= 0.35 and first >= 1.5 * last:
        return Decision(
            P.FIRST_NAME,
            0.6,
            Technique.REGEX,
            f"values are given names ({first:.0%} known)",
            source="reference",
        )
    if single_word and last >= 0.35 and last >= 1.5 * first:
        return Decision(
            P.LAST_NAME, 0.6, Technique.REGEX, f"values are surnames ({last:.0%} known)", source="reference"
        )
    if values.pattern == "words" and full >= 0.4:
        return Decision(
            P.PERSON_NAME,
            0.6,
            Technique.REGEX,
            f"values are full names ({full:.0%} known)",
            source="reference",
        )
    return None


def _value_decision(rule: ValueOnlyRule, rate: float, why: str) -> Decision:
    validated = VALIDATED_DETECTORS.get(rule.pii_type) == rule.detector or rule.detector in _VALIDATED_NAMES
    return Decision(
        rule.pii_type,
        0.5 + 0.45 * rate,
        Technique.REGEX,
        f"{why}: {rule.detector} matched {rate:.0%} of sampled values",
        validated=validated,
        source="reference" if rule.detector in REFERENCE_DETECTORS else "values",
    )


def _ruled_out(name: NameMatch, values: ValueEvidence, family: TypeFamily) -> Decision | None:  # noqa: PLR0911 - one return per rule, in order of trust
    """Values that prove a column is not a person's data, whatever its name says."""
    if values.sampled < 3:
        return None
    name_type = name.pii_type
    if values.rate("currency_code") >= 0.8 and name_type is not P.COUNTRY:
        return Decision(P.NONE, 0.9, Technique.REGEX, "ISO 4217 currency codes", source="reference")
    if values.rate("url") >= 0.8 and name_type is not P.OTHER:
        return Decision(P.NONE, 0.85, Technique.REGEX, "URLs", source="values")
    if name_type in NAME_FAMILY and values.rate("organisation_name") >= ORGANISATION_NAMES_RATE:
        why = f"{name.rule}, but the values are businesses' names (legal forms, partners)"
        return Decision(P.NONE, 0.8, Technique.MERGED, why, source="values")
    if values.rate("file_path") >= 0.8:  # a photo's path is not the photo (a profile URL may name one)
        return Decision(P.NONE, 0.85, Technique.REGEX, "file paths", source="values")
    if values.rate("organisation_id") >= 0.6 and values.rate("national_id") < 0.3:
        kind = values.id_kind or "organisation id"
        return Decision(P.NONE, 0.85, Technique.REGEX, f"organisation ids ({kind})", source="values")
    email = values.rate("email")
    if email >= 0.8 and values.rate("role_mailbox") >= 0.5 * email:
        return Decision(P.NONE, 0.8, Technique.REGEX, "role mailboxes of an organisation", source="reference")
    if (
        name_type is P.PHONE
        and values.rate("extension") >= 0.8
        and values.rate("phone_valid") < 0.2
        and family in _TEXTUAL | {"integer"}
    ):
        return Decision(P.NONE, 0.85, Technique.MERGED, "short internal extensions, not phone numbers")
    if name_type is P.PHONE and values.rate("phone_business") >= BUSINESS_LINE_RATE:
        why = "freephone, premium-rate or shared-cost numbers: a business's lines"
        return Decision(P.NONE, 0.8, Technique.MERGED, why, source="values")
    if name_type in _CHECKSUM_TYPES and values.sampled >= 5:
        support = values.support(name_type) or 0.0
        if support < CONFIRMATION_RATE:
            why = f"{name.rule}, but only {support:.0%} of values pass the {name_type.value} checksum"
            return Decision(P.NONE, 0.75, Technique.MERGED, why + ": an internal number", source="values")
    return None


def decide_without_llm(
    column: ColumnInput, name: NameMatch, values: ValueEvidence, context: TableContext | None = None
) -> Decision:
    """The label from schema facts, the name, the values and the table."""
    family = type_family(column.data_type)
    if is_structural_none(column, family, name):
        what = "boolean column" if family == "boolean" else "key column"
        return Decision(P.NONE, 0.95, Technique.NAME, what, final=True)
    if family == "boolean":  # named after a special category
        return Decision(P.SENSITIVE, name.confidence, Technique.NAME, f"{name.rule} (a yes/no flag)")
    decision = _decide(column, family, name, values)
    if context is not None and decision.pii_type is P.NONE:
        found = _from_table(column, family, name, values, context)
        if found is not None:
            return found
    decision = _name_part_by_values(decision, values)
    if (
        decision.pii_type is P.PERSON_NAME
        and values.sampled >= CATEGORY_MIN_SAMPLED
        and values.distinct <= CATEGORY_MAX_DISTINCT
        and not (values.pattern == "words" and values.rate("full_name") >= FEW_PEOPLE_FULL_NAMES)
    ):
        why = f"{decision.why}, but only {values.distinct} distinct values in {values.sampled}: categories"
        return Decision(P.NONE, 0.7, Technique.MERGED, why, source="values")
    return _in_table(decision, name, values, context, family)


def _from_table(
    column: ColumnInput, family: TypeFamily, name: NameMatch, values: ValueEvidence, context: TableContext
) -> Decision | None:
    """What the table makes of a column its name and values left unlabelled: a person's pay, notes in
    their health records, the plates of their vehicle."""
    pay_words = _pay_words(context)
    if (
        pay_words
        and family in ("decimal", "integer")
        and not (column.is_primary_key or column.is_foreign_key)
        and (amount := _amount_words(name.tokens)) & pay_words
        and not amount & NOT_AN_AMOUNT_WORDS
    ):
        why = f"an amount of a person's pay ({context.reason})"
        return Decision(P.SENSITIVE, 0.75, Technique.NAME, why, source="table")
    if (
        context.health_records
        and family in _TEXTUAL
        # The raw words: "sig" is a prescription's directions before it is expanded into "signature".
        and _head_word(tuple(tokenize(column.column))) in HEALTH_NOTE_WORDS
        and values.distinct >= 3
    ):
        why = f"a note or reason in a person's health records ({context.table}): health data"
        return Decision(P.SENSITIVE, 0.7, Technique.NAME, why, source="table")
    if (
        context.person_context
        and context.kind != "organisation"
        and name.pii_type is None
        and family in _TEXTUAL
        and values.distinct >= 5
    ):
        if values.rate("vehicle_plate") >= PLATE_RATE:
            why = f"values are registration plates ({values.rate('vehicle_plate'):.0%}) of a person's vehicle"
            return Decision(P.OTHER, 0.7, Technique.REGEX, why, source="values")
        if values.rate("coordinate_pair") >= PLATE_RATE:
            why = (
                f"values are positions ({values.rate('coordinate_pair'):.0%} latitude,longitude) of a person"
            )
            return Decision(P.OTHER, 0.7, Technique.REGEX, why, source="values")
    return None


def _head_word(tokens: tuple[str, ...]) -> str | None:
    """The word a column is named after: its last word, before neutral affixes ("reason_txt")."""
    words = [t for t in tokens if t not in NEUTRAL_AFFIXES]
    return words[-1] if words else None


def _name_part_by_values(decision: Decision, values: ValueEvidence) -> Decision:
    """A whole name whose values are single given names (or single surnames) is that part of the name:
    a "preferred_name" or a bare "name" holding "Sarah", "Tom"..."""
    if decision.pii_type is not P.PERSON_NAME or values.sampled < 10:
        return decision
    single_word = values.pattern in ("letters", "upper", "lower") and values.pattern_share >= 0.9
    first, last = values.rate("first_name"), values.rate("last_name")
    if single_word and first >= NAME_PART_RATE and first >= 2 * last:
        return replace(decision, pii_type=P.FIRST_NAME, why=f"{decision.why}; single given names")
    if single_word and last >= NAME_PART_RATE and last >= 2 * first:
        return replace(decision, pii_type=P.LAST_NAME, why=f"{decision.why}; single surnames")
    return decision


def _decide(column: ColumnInput, family: TypeFamily, name: NameMatch, values: ValueEvidence) -> Decision:
    name_type = name.pii_type
    compatible = COMPATIBLE_FAMILIES.get(name_type, frozenset()) if name_type is not None else frozenset()
    if name_type is P.ADDRESS and family == "integer" and HOUSE_NUMBER_WORDS & joined_runs(name.tokens):
        compatible = compatible | {"integer"}
    if name_type is not None and name_type is not P.NONE and family not in compatible:
        reason = f"{name.rule}, but a {family} column cannot hold {name_type}"
        name = NameMatch(P.NONE, 0.7, reason, name.tokens)
    elif name.count_prefix and family in ("integer", "decimal") and name_type is not P.SENSITIVE:
        name = NameMatch(P.NONE, 0.8, f"{name.rule}, counted (a number of them)", name.tokens)
    value_only = _value_only(values, family)
    ruled_out = _ruled_out(name, values, family)
    if ruled_out is not None and (
        not (value_only and value_only[0].pii_type in VALIDATED_DETECTORS) or ruled_out.source == "reference"
    ):
        return ruled_out
    if name.pii_type is None:
        return _from_values(column, family, values, value_only)
    if (
        name.negated is P.COUNTRY
        and family in _TEXTUAL
        and values.distinct >= 2
        and (values.support(P.COUNTRY) or 0.0) >= COUNTRY_VALUES_RATE
    ):
        why = f"{name.rule}, but the values are countries (ISO 3166), not keys"
        return Decision(P.COUNTRY, 0.8, Technique.MERGED, why, source="reference")
    if name.pii_type is P.NONE:
        # A gift or loyalty card may be numbered in a payment scheme's range with a Luhn digit: the name
        # saying it is the shop's own card wins over the checksum.
        shop_card = (
            value_only is not None
            and value_only[0].pii_type is P.CREDIT_CARD
            and bool(set(name.tokens) & SHOP_CARD_WORDS)
        )
        if (
            value_only is not None
            and value_only[1] >= 0.9
            and (value_only[0].pii_type in VALIDATED_DETECTORS or value_only[0].detector in _VALIDATED_NAMES)
            and not shop_card
        ):
            return _value_decision(*value_only, f"values override the name ({name.rule})")
        return Decision(P.NONE, name.confidence, Technique.NAME, name.rule)
    return _from_name(name, name.pii_type, values, value_only)


def _pay_words(context: TableContext | None) -> frozenset[str]:
    """The words that make a number someone's pay in this table: any amount word on a payslip, only the
    unmistakable ones (gross, overtime, allowance, pension...) in a table of employees."""
    if context is None:
        return frozenset()
    if context.kind == "payroll":
        return PAY_AMOUNT_WORDS
    if context.employees:
        return EMPLOYEE_PAY_WORDS
    if context.of_employees:
        return EMPLOYEE_RECORD_PAY_WORDS
    return frozenset()


def _amount_words(tokens: tuple[str, ...]) -> set[str]:
    """The words naming what a number is: "amount_per_period" is an amount, "per period" its unit."""
    words = list(tokens)
    if "per" in words[1:]:
        words = words[: words.index("per", 1)]
    return set(words)


ROLE_NAME_MIN_KNOWN = 0.15
ROLE_NAME_SHAPE = 0.8  # titles and degrees ("Univ.Prof. ... B.Sc.") break the shape of a few names


def _role_holder_names(column: ColumnInput, values: ValueEvidence) -> Decision | None:
    """A column named after a person's role ("Serviceberater", "assigned_agent", "caseworker") whose
    values are names of people: the role holder's name. The role word lowers the bar the values must
    clear (a sixth of known names instead of two fifths)."""
    words = expanded_words(column.column).words
    if not words or not (words[-1] in PERSON_ENTITIES or singular(words[-1]) in PERSON_ENTITIES):
        return None
    if (
        values.distinct < 5
        or values.distinct_ratio < 0.3
        or values.rate("person_name_shape") < ROLE_NAME_SHAPE
    ):
        return None
    known = max(values.rate("full_name"), values.rate("first_name"), values.rate("last_name"))
    if values.pattern != "words" or known < ROLE_NAME_MIN_KNOWN:
        return None
    why = f"the column names a person's role ('{words[-1]}'); values are names ({known:.0%} known)"
    return Decision(P.PERSON_NAME, 0.7, Technique.MERGED, why, source="reference")


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
    names = _names_by_value(values) or _role_holder_names(column, values)
    if names is not None:
        return names
    if values.sampled >= 5 and values.distinct >= 2 and values.rate("country_name") >= 0.8:
        return Decision(
            P.COUNTRY, 0.7, Technique.REGEX, "values are country names (ISO 3166)", source="reference"
        )
    if values.sampled:
        # No evidence either way: a weak "none" the LLM (when there is one) is asked about.
        return Decision(P.NONE, 0.7, Technique.REGEX, "no dictionary term and no value pattern")
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
            and (rule.pii_type in VALIDATED_DETECTORS or rule.detector in _VALIDATED_NAMES)
            and (support is None or support < CONFIRMATION_RATE)
        ):
            return _value_decision(rule, rate, f"values contradict the name ({name.rule})")
    if name_type is P.USERNAME and support is not None and values.distinct_ratio < 0.2:
        support = 0.0  # a handful of repeated codes is no list of logins
    if name.confidence < WEAK_NAME:
        if support is not None and support >= 0.3:
            why = f"{name.rule}, confirmed by {support:.0%} of values"
            return Decision(name_type, 0.6 + 0.3 * support, Technique.MERGED, why, source="values")
        if value_only is not None:
            return _value_decision(*value_only, "values alone (name hint too weak)")
        return Decision(
            P.NONE, 0.6, Technique.NAME, f"{name.rule}: too weak without value support", unsure=True
        )
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
            source="values",
        )
    if support < CONTRADICTION_RATE:
        why = f"{name.rule}; values do not look like {name_type}"
        return Decision(name_type, name.confidence * 0.6, Technique.NAME, why, unsure=True)
    return Decision(name_type, name.confidence, Technique.NAME, f"{name.rule}; {support:.0%} of values agree")


def _in_table(  # noqa: PLR0911 - one return per rule, in order of trust
    decision: Decision,
    name: NameMatch,
    values: ValueEvidence,
    context: TableContext | None,
    family: TypeFamily,
) -> Decision:
    """Table context: whose data a PII-looking column is."""
    if context is None or decision.pii_type is P.NONE:
        if decision.pii_type is not P.NONE and name.needs == "person_context":
            return replace(
                decision, pii_type=P.NONE, confidence=0.6, why=f"{decision.why}; not about a person"
            )
        return decision
    kind = context.kind
    owner = organisation_column_word(name.tokens)
    # A person's number the organisation issued ("clinic_mrn", "practice_nhs_number") stays the person's;
    # its places, lines and machines ("store_lat", "clinic_address") are its own.
    issued_to_person = decision.pii_type is P.SSN or (
        decision.pii_type is P.OTHER and name.needs != "person_context"
    )
    if (
        owner is not None
        and not name.contact_person
        and decision.pii_type in _ORGANISATION_OWN
        and not issued_to_person
    ):
        return replace(
            decision,
            pii_type=P.NONE,
            confidence=0.8,
            technique=Technique.NAME,
            why=f"{decision.why}; the {owner}'s own (the column names a business)",
            source="table",
        )
    if name.needs == "person_context" and decision.pii_type is P.OTHER:
        if context.person_context and kind != "organisation":
            return replace(decision, why=f"{decision.why}; about a person ({context.reason})", source="table")
        return replace(
            decision,
            pii_type=P.NONE,
            confidence=0.8,
            technique=Technique.NAME,
            why=f"{decision.why}; but the rows are not people ({context.reason})",
            source="table",
        )
    if kind == "organisation" and not name.contact_person:
        if decision.pii_type in _ORGANISATION_OWN and not decision.validated:
            return replace(
                decision,
                pii_type=P.NONE,
                confidence=0.85,
                technique=Technique.NAME,
                why=f"{decision.why}; an organisation's own ({context.reason})",
                source="table",
            )
        if decision.pii_type is P.EMAIL and values.sampled and values.rate("personal_mailbox") < 0.5:
            return replace(
                decision,
                pii_type=P.NONE,
                confidence=0.75,
                why=f"{decision.why}; an organisation's mailbox ({context.reason})",
                source="table",
            )
    if kind == "infrastructure" and decision.pii_type in (P.IP_ADDRESS, P.OTHER) and not name.contact_person:
        return replace(
            decision,
            pii_type=P.NONE,
            confidence=0.8,
            why=f"{decision.why}; a machine's address ({context.reason})",
            source="table",
        )
    if kind == "currency_lookup" and decision.pii_type is P.COUNTRY:
        return replace(decision, pii_type=P.NONE, confidence=0.8, why=f"{decision.why}; a currency table")
    if kind == "person" and not decision.final and not decision.unsure:
        return replace(decision, confidence=min(0.99, decision.confidence + 0.03))
    return decision


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


def needs_llm(decision: Decision) -> bool:
    """Whether the rules are unsure of a column: low confidence, or name and values disagree."""
    return not decision.final and (decision.confidence < LLM_THRESHOLD or decision.unsure)


# --- evidence ------------------------------------------------------------------------------------


def _item(source: str, detail: str, score: float | None) -> dict[str, Any]:
    item: dict[str, Any] = {"source": source, "detail": detail}
    if score is not None:
        item["score"] = round(score, 3)
    return item


def evidence_items(
    name: NameMatch, values: ValueEvidence, context: TableContext | None, decision: Decision
) -> list[dict[str, Any]]:
    """The evidence behind a decision as small dicts (source, detail, score); no value in any."""
    items: list[dict[str, Any]] = []
    if name.pii_type is not None:
        label = name.pii_type.value
        items.append(_item("name", f"{label}: {name.rule} (words: {' '.join(name.tokens)})", name.confidence))
    else:
        items.append(_item("name", f"{name.rule} (words: {' '.join(name.tokens)})", None))
    if values.sampled:
        top = sorted(((rate, det) for det, rate in values.rates.items() if rate >= 0.05), reverse=True)[:4]
        for rate, detector in top:
            source = "reference" if detector in REFERENCE_DETECTORS else "values"
            kind = (
                f" ({values.id_kind})" if detector in ("national_id", "organisation_id", "device_id") else ""
            )
            items.append(_item(source, f"{detector}{kind}: {rate:.0%} of {values.sampled} sampled", rate))
        stats = f"distinct {values.distinct}/{values.sampled}"
        if values.max_length is not None:
            stats += f", length {values.min_length}-{values.max_length}"
        if values.pattern is not None:
            stats += f", pattern {values.pattern} {values.pattern_share:.0%}"
        if values.postal_country is not None and values.rate("postal_code") >= 0.5:
            stats += f", postal format {values.postal_country}"
        items.append(_item("values", stats, values.distinct_ratio))
    else:
        items.append(_item("values", "not sampled", None))
    if context is not None and (decision.source == "table" or context.kind is not None):
        items.append(_item("table", f"{context.reason}", None))
    return items


def merge_column(
    column: ColumnInput,
    name: NameMatch,
    values: ValueEvidence,
    llm: LLMColumnVerdict | None = None,
    llm_error: str | None = None,
    *,
    context: TableContext | None = None,
    decision: Decision | None = None,
) -> ColumnClassification:
    """One column's classification with its evidence (counts, rates, tokens, reasons; no values)."""
    decision = decision or decide_without_llm(column, name, values, context)
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
    if context is not None:
        evidence["table"] = context.as_evidence()
    items = evidence_items(name, values, context, decision)
    if llm is not None:
        evidence["llm"] = {"pii_type": llm.pii_type.value, "confidence": llm.confidence, "reason": llm.reason}
        items.append(_item("llm", f"{llm.pii_type.value}: {llm.reason}"[:240], llm.confidence))
        decision = decide_with_llm(decision, llm)
    elif llm_error is not None:
        evidence["llm"] = {"error": llm_error}
        items.append(_item("llm", f"no answer: {llm_error}"[:240], None))
    evidence["decision"] = decision.why
    evidence["decided_by"] = decision.source if decision.technique is not Technique.LLM else "llm"
    evidence["items"] = items
    return ColumnClassification(
        schema=column.schema_name,
        table=column.table,
        column=column.column,
        pii_type=decision.pii_type,
        confidence=max(0.0, min(1.0, decision.confidence)),
        technique=decision.technique,
        evidence=evidence,
    )
