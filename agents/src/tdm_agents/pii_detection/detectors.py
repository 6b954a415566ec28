"""Value detection measured per column: the share of sampled values that match *and* validate.

A column is judged on its sample as a whole (DESIGN.md 3): one e-mail address in a free-text comment
does not make an e-mail column, 95 of 100 valid IBANs do. The result is a `ValueEvidence` of counts
and rates, with no value in it, ready to be stored as evidence.
"""

from __future__ import annotations

import ipaddress
import re
import statistics
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from tdm_agents.pii_detection import regex_patterns as rx
from tdm_agents.pii_detection import validators as v
from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.pii_detection.person_names import FIRST_NAMES, LAST_NAMES, normalise_text

TypeFamily = Literal[
    "text", "integer", "decimal", "boolean", "date", "datetime", "time", "uuid", "network", "binary",
    "array", "document", "other",
]  # fmt: skip

_TYPE_RULES: tuple[tuple[re.Pattern[str], TypeFamily], ...] = (
    (re.compile(r"\[\]|\barray\b"), "array"),
    (re.compile(r"bytea|blob|binary|\bimage\b|\braw\b|\bbit varying\b|varbit"), "binary"),
    (re.compile(r"tsvector|tsquery|\bjsonb?\b|\bxml\b|geometry|geography|\bpoint\b|polygon|\bbox\b|"
                r"\bcircle\b|\blseg\b|\bpath\b|hstore|\bline\b"), "document"),
    (re.compile(r"\bbool(ean)?\b|tinyint\(1\)"), "boolean"),
    (re.compile(r"uuid|uniqueidentifier"), "uuid"),
    (re.compile(r"\binet\b|\bcidr\b|macaddr"), "network"),
    (re.compile(r"timestamp|datetime"), "datetime"),
    (re.compile(r"^date\b"), "date"),
    (re.compile(r"^time\b|interval"), "time"),
    (re.compile(r"int\b|integer|serial|\bint\d|tinyint|smallint|bigint|mediumint"), "integer"),
    (re.compile(r"numeric|decimal|number|money|real|double|float"), "decimal"),
    (re.compile(r"char|text|string|clob|citext|name\b|enum|varchar"), "text"),
)  # fmt: skip


def type_family(data_type: str) -> TypeFamily:
    """Coarse family of a database type name (SQLAlchemy's str(type) or information_schema's)."""
    text = data_type.strip().lower()
    for pattern, family in _TYPE_RULES:
        if pattern.search(text):
            return family
    return "other"


# Families whose values we neither sample nor inspect: large, binary or structured.
UNSAMPLED_FAMILIES: frozenset[TypeFamily] = frozenset({"binary", "array", "document"})
NUMERIC_FAMILIES: frozenset[TypeFamily] = frozenset({"integer", "decimal"})

# Which detectors speak for which PII type (the support of a name hint), see `ValueEvidence.support`.
SUPPORT_DETECTORS: dict[PIIType, tuple[str, ...]] = {
    PIIType.EMAIL: ("email",),
    PIIType.PHONE: ("phone_valid", "phone_shape"),
    PIIType.CREDIT_CARD: ("credit_card", "card_masked"),
    PIIType.IBAN: ("iban",),
    PIIType.SSN: ("ssn", "ssn_digits"),
    PIIType.IP_ADDRESS: ("ip_address",),
    PIIType.POSTAL_CODE: ("postal_code",),
    PIIType.DATE_OF_BIRTH: ("birth_date_range",),
    PIIType.FIRST_NAME: ("first_name", "person_name_shape"),
    PIIType.LAST_NAME: ("last_name", "person_name_shape"),
    PIIType.PERSON_NAME: ("full_name", "first_name", "last_name", "person_name_shape"),
    PIIType.ADDRESS: ("street_address",),
    PIIType.PASSWORD: ("password_hash",),
}

MAX_AGE_YEARS = 120


@dataclass
class ValueEvidence:
    """Counts and match rates of one column's sample. Holds no sampled value."""

    sampled: int = 0  # non-null, non-empty values examined
    distinct: int = 0
    rates: dict[str, float] = field(default_factory=dict)
    median_age_years: float | None = None  # for date columns: age implied by the median date
    age_spread_years: float | None = None  # interquartile range of those ages (birth dates spread widely)

    def rate(self, detector: str) -> float:
        return self.rates.get(detector, 0.0)

    def support(self, pii_type: PIIType) -> float | None:
        """How far the values agree with `pii_type`; None when no detector exists or nothing was sampled."""
        detectors = SUPPORT_DETECTORS.get(pii_type)
        if not detectors or self.sampled == 0:
            return None
        return max(self.rate(name) for name in detectors)

    @property
    def matched_patterns(self) -> list[str]:
        return sorted(name for name, rate in self.rates.items() if rate > 0)

    def as_evidence(self) -> dict[str, Any]:
        evidence: dict[str, Any] = {"sampled": self.sampled, "distinct": self.distinct}
        if self.rates:
            evidence["match_rates"] = {k: round(r, 3) for k, r in sorted(self.rates.items()) if r > 0}
        if self.median_age_years is not None:
            evidence["median_age_years"] = round(self.median_age_years, 1)
        if self.age_spread_years is not None:
            evidence["age_spread_years"] = round(self.age_spread_years, 1)
        return evidence


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = rx.ISO_DATE.fullmatch(text) or rx.DMY_DATE.fullmatch(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def _age_years(born: date, today: date) -> float:
    return (today - born).days / 365.2425


def _normalise(values: Iterable[Any]) -> list[Any]:
    """Drop nulls, empty strings and values we never inspect (bytes, containers)."""
    kept: list[Any] = []
    for value in values:
        if value is None or isinstance(value, bytes | bytearray | memoryview | list | dict | tuple | set):
            continue
        if isinstance(value, str):
            stripped = value.strip()
            if stripped:
                kept.append(stripped)
            continue
        kept.append(value)
    return kept


def _is_card_masked(text: str) -> bool:
    # "XXXX-XXXX-XXXX-1234", "************1234", "4111 11** **** 1111"
    compact = re.sub(r"[ \-]", "", text)
    return 12 <= len(compact) <= 19 and bool(re.fullmatch(r"\d{0,6}[X*#x]{6,15}\d{2,4}", compact))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", normalise_text(text)) if w]


_IP_OBJECTS = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network, ipaddress.IPv6Network)


class _Scan:
    """Counts detector hits over one column's values."""

    def __init__(self, family: TypeFamily) -> None:
        self.family = family
        self.counts: dict[str, int] = {}
        self.texts: list[str] = []
        self.dates: list[date] = []

    def hit(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    def value(self, value: Any) -> None:
        if isinstance(value, _IP_OBJECTS):
            self.hit("ip_address")
        elif isinstance(value, bool | uuid.UUID | float):
            return
        elif isinstance(value, date):
            self.dates.append(value.date() if isinstance(value, datetime) else value)
        elif isinstance(value, int | Decimal):
            self.number(value)
        elif isinstance(value, str):
            self.text(value[:256])

    def number(self, value: int | Decimal) -> None:
        # Numbers can be card numbers or unformatted SSNs stored as integers, never phone numbers: any
        # id or amount column would otherwise look like one.
        if isinstance(value, Decimal) and value != value.to_integral_value():
            return
        digits = str(int(value))
        if v.is_credit_card(digits):
            self.hit("credit_card")
        if len(digits) <= 9 and v.is_ssn(digits.zfill(9), allow_plain_digits=True):
            self.hit("ssn_digits")
        if v.is_postal_code_shape(digits):
            self.hit("postal_code")

    def text(self, text: str) -> None:
        self.texts.append(text)
        parsed = _as_date(text)
        if parsed is not None:
            self.dates.append(parsed)
        if v.is_email(text):
            self.hit("email")
            return
        if v.ip_version(text) is not None:
            self.hit("ip_address")
            return
        self.identifiers(text)
        if rx.PASSWORD_HASH.fullmatch(text):
            self.hit("password_hash")
        if len(text) <= 120 and any(ch.isdigit() for ch in text) and rx.STREET_ADDRESS.fullmatch(text):
            self.hit("street_address")
        if len(text) <= 60 and rx.PERSON_NAME_SHAPE.fullmatch(text):
            self.person_name(text)

    def identifiers(self, text: str) -> None:
        if v.is_credit_card(text):
            self.hit("credit_card")
        elif _is_card_masked(text):
            self.hit("card_masked")
        if v.is_iban(text):
            self.hit("iban")
        if v.is_ssn(text):
            self.hit("ssn")
        if v.is_ssn(text, allow_plain_digits=True):
            self.hit("ssn_digits")
        if self.family not in NUMERIC_FAMILIES and v.phone_digits(text) is not None:
            self.hit("phone_shape")
        if v.is_postal_code_shape(text):
            self.hit("postal_code")

    def person_name(self, text: str) -> None:
        self.hit("person_name_shape")
        words = _words(text)
        first_known = words[0].rstrip(".") in FIRST_NAMES
        last_known = words[-1] in LAST_NAMES
        if first_known:
            self.hit("first_name")
        if last_known:
            self.hit("last_name")
        if 2 <= len(words) <= 4 and (first_known or last_known):
            self.hit("full_name")

    def phones(self, total: int) -> None:
        # Phone validation is the expensive check: run it only when the shape says it could pay off.
        if not self.texts or self.counts.get("phone_shape", 0) < 0.5 * total:
            return
        for text in self.texts:
            if v.phone_digits(text) is not None and v.is_valid_phone(text):
                self.hit("phone_valid")
                if v.is_formatted_phone(text):
                    self.hit("phone_formatted")


def detect_values(values: Sequence[Any], data_type: str = "", *, today: date | None = None) -> ValueEvidence:
    """Run every detector over one column's sampled values (str, int, date, Decimal, IP objects...)."""
    kept = _normalise(values)
    evidence = ValueEvidence(sampled=len(kept))
    if not kept:
        return evidence
    evidence.distinct = len({str(value) for value in kept})
    scan = _Scan(type_family(data_type))
    for value in kept:
        scan.value(value)
    scan.phones(len(kept))
    if scan.dates:
        reference = today or date.today()
        ages = [_age_years(born, reference) for born in scan.dates]
        scan.counts["birth_date_range"] = sum(1 for age in ages if 0 <= age <= MAX_AGE_YEARS)
        evidence.median_age_years = statistics.median(ages)
        if len(ages) >= 4:
            quartiles = statistics.quantiles(ages, n=4)
            evidence.age_spread_years = quartiles[2] - quartiles[0]
    evidence.rates = {name: count / len(kept) for name, count in scan.counts.items()}
    return evidence
