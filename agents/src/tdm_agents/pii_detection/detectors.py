"""Value detection measured per column: the share of sampled values that match *and* validate.

Evidence sources "values" and "reference". A column is judged on its sample as a whole (DESIGN.md 3):
one e-mail address in a free-text comment does not make an e-mail column, 95 of 100 valid IBANs do.

Detectors, each a rate over the non-empty sampled values:
- validators (`validators`, `national_ids`): e-mail syntax, IP parsing, Luhn + IIN for cards, mod 97
  for IBANs, libphonenumber and the NANP structure for phones, check digits of national ids (and of
  organisation and device ids, which speak *against* a person), short internal extensions;
- reference sets (`reference_data`): ISO 3166 country codes and names, ISO 4217 currencies (ruled
  out), region codes and names, postal-code formats per country, role mailboxes, blood groups, ICD-10;
- shapes (`regex_patterns`): street addresses, person-name shapes with the given-name and surname
  lists, password hashes, URLs and file paths, coordinates, login names;
- statistics: distinct ratio, text lengths, the dominant character pattern, and for dates the ages
  they imply (dates of birth by range: adults, spread over decades).
The result is a `ValueEvidence` of counts and rates, with no value in it, ready to be stored.
"""

from __future__ import annotations

import ipaddress
import re
import statistics
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from tdm_agents.pii_detection import national_ids as ids
from tdm_agents.pii_detection import reference_data as ref
from tdm_agents.pii_detection import regex_patterns as rx
from tdm_agents.pii_detection import validators as v
from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.pii_detection.person_names import (
    FIRST_NAMES,
    INSTITUTION_NOUNS,
    LAST_NAMES,
    LEGAL_FORMS,
    NAME_SUFFIXES,
    NAME_TITLES,
    normalise_text,
)

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
    PIIType.CITY: ("city_shape",),
    PIIType.IBAN: ("iban",),
    PIIType.SSN: ("ssn", "ssn_digits", "national_id"),
    PIIType.IP_ADDRESS: ("ip_address",),
    PIIType.POSTAL_CODE: ("postal_code",),
    PIIType.DATE_OF_BIRTH: ("birth_date_range",),
    PIIType.FIRST_NAME: ("first_name", "person_name_shape"),
    PIIType.LAST_NAME: ("last_name", "person_name_shape"),
    PIIType.PERSON_NAME: ("full_name", "first_name", "last_name", "person_name_shape"),
    PIIType.ADDRESS: ("street_address", "street_name", "region"),
    PIIType.PASSWORD: ("password_hash",),
    PIIType.COUNTRY: ("country_code", "country_name"),
    PIIType.USERNAME: ("login_shape", "email"),
}

MAX_AGE_YEARS = 120


@dataclass
class ValueEvidence:
    """Counts, match rates and shape statistics of one column's sample. Holds no sampled value."""

    sampled: int = 0  # non-null, non-empty values examined
    distinct: int = 0
    rates: dict[str, float] = field(default_factory=dict)
    median_age_years: float | None = None  # for date columns: age implied by the median date
    age_spread_years: float | None = None  # interquartile range of those ages (birth dates spread widely)
    # Text statistics: lengths and the dominant character pattern ("digits", "upper", "words"...).
    min_length: int | None = None
    max_length: int | None = None
    mean_length: float | None = None
    pattern: str | None = None
    pattern_share: float = 0.0
    # Which validator or reference format fits most values ("es_dni", "DE" postal format...).
    id_kind: str | None = None
    postal_country: str | None = None

    def rate(self, detector: str) -> float:
        return self.rates.get(detector, 0.0)

    @property
    def distinct_ratio(self) -> float:
        return self.distinct / self.sampled if self.sampled else 0.0

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
        if self.sampled:
            evidence["distinct_ratio"] = round(self.distinct_ratio, 3)
        if self.rates:
            evidence["match_rates"] = {k: round(r, 3) for k, r in sorted(self.rates.items()) if r > 0}
        if self.median_age_years is not None:
            evidence["median_age_years"] = round(self.median_age_years, 1)
        if self.age_spread_years is not None:
            evidence["age_spread_years"] = round(self.age_spread_years, 1)
        if self.max_length is not None:
            evidence["length"] = {
                "min": self.min_length,
                "max": self.max_length,
                "mean": round(self.mean_length or 0.0, 1),
            }
        if self.pattern is not None:
            evidence["pattern"] = {"name": self.pattern, "share": round(self.pattern_share, 3)}
        if self.id_kind is not None:
            evidence["id_kind"] = self.id_kind
        if self.postal_country is not None:
            evidence["postal_format"] = self.postal_country
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
    words = [w for w in re.split(r"[\s,]+", normalise_text(text)) if w]
    while len(words) > 1 and words[0].rstrip(".") in NAME_TITLES:
        words = words[1:]  # "Dr. Ana García": the title is no given name
    while len(words) > 2 and words[-1].replace(".", "") in NAME_SUFFIXES:
        words = words[:-1]  # "Smith, John MD": the degree is no surname
    return words


_FIRM_JOINERS = re.compile(r"\s(?:&|and|und|et|y|e|en)\s", re.IGNORECASE)


# Short legal forms that are also surnames or words ("Sá", "Sas", "Co"): only when written as legal
# forms are, in capitals or with their dots ("S.A.", "SAS", "Co.").
_SHORT_LEGAL_FORMS = frozenset(
    {"sa", "sas", "se", "me", "ag", "co", "pc", "ev", "sl", "kg", "bv", "nv", "cv"}
)


def _legal_form(written: str) -> bool:
    word = normalise_text(written).replace(".", "").replace("/", "").strip("&,")
    if word not in LEGAL_FORMS:
        return False
    return word not in _SHORT_LEGAL_FORMS or written.isupper() or "." in written or "/" in written


def _organisation_name(text: str) -> bool:
    """A business's name: a legal form among its words ("Krebs GmbH & Co. KG", "Nunes Teixeira S/A"),
    or surnames joined as partners ("Griffin, Griffith and Perez", "Dekker & Reimes") -- not a couple
    ("Mr & Mrs Smith", "John and Mary Smith")."""
    written = text.split()
    if len(written) >= 2 and any(_legal_form(w) for w in written[1:]):
        return True
    if len(written) >= 2 and normalise_text(written[-1]).strip(".,") in INSTITUTION_NOUNS:
        return True  # "Springfield General Hospital", "Lopez Pharmacy"
    if _firm_of_partners(text):
        return True
    parts = _FIRM_JOINERS.split(text.strip())
    if len(parts) != 2 or not all(parts):
        return False
    first = normalise_text(parts[0]).split()
    return bool(first) and first[0].rstrip(".") not in FIRST_NAMES | NAME_TITLES and len(first) == 1


_PARTNERS = re.compile(r"\w[\w'-]*, \w[\w'-]* (?:and|&|und|et|y|e|en) \w[\w'-]*")


def _firm_of_partners(text: str) -> bool:
    """ "Griffin, Griffith and Perez": surnames listed with a comma and a final "and" name a firm (a
    person's "Smith, John" has no "and"; a couple's "John and Mary Smith" no comma)."""
    return bool(_PARTNERS.fullmatch(text.strip()))


_DEGREE = re.compile(r"[A-Za-z]{1,5}\.(?:-?[A-Za-z]{1,5}\.?)+")
_ACADEMIC = frozenset({"prof", "univprof", "dipl-ing", "diplom", "mba", "llm", "msc", "bsc", "beng", "meng"})


def _without_honorifics(text: str) -> str:
    """A name without the titles before it and the degrees after it ("Dr. Krista Hande B.Eng.",
    "Univ.Prof. Ina Roth MBA"): what is left has the shape of a name."""
    words = text.split()
    while len(words) > 1 and (
        normalise_text(words[0]).replace(".", "") in NAME_TITLES | _ACADEMIC or _DEGREE.fullmatch(words[0])
    ):
        words = words[1:]
    while len(words) > 1 and (
        normalise_text(words[-1]).replace(".", "") in NAME_SUFFIXES | _ACADEMIC
        or _DEGREE.fullmatch(words[-1])
    ):
        words = words[:-1]
    return " ".join(words).rstrip(",")  # "Smith, John MD" and "John Smith, MD" keep their shape


def _given_name_first(text: str) -> bool:
    """ "Mary Lane", "John Way": a given name first makes a person of a surname that is a street word."""
    first = normalise_text(text).split()[0].rstrip(".")
    return first in FIRST_NAMES or first in NAME_TITLES


def _pattern_of(text: str) -> str:
    """A coarse name for how a value is written; the most common one is recorded as evidence."""
    if text.isdigit():
        return "digits"
    if text.isalpha():
        return "upper" if text.isupper() else "lower" if text.islower() else "letters"
    if " " in text.strip():
        return "words_with_digits" if any(ch.isdigit() for ch in text) else "words"
    if text.replace("-", "").replace(".", "").replace("/", "").isdigit():
        return "digits_punctuated"
    if text.isalnum():
        return "alnum"
    return "mixed"


def _personal_mailbox(email: str) -> bool:
    """A local part made of a person's names ("mary.smith", "j_doe", "smithj"): a person's mailbox."""
    local = normalise_text(email.rpartition("@")[0])
    parts = [p for p in re.split(r"[._\-+]", local) if p]
    if len(parts) >= 2 and all(p.isalpha() for p in parts[:2]):
        return True
    return any(p.rstrip("0123456789") in FIRST_NAMES or p.rstrip("0123456789") in LAST_NAMES for p in parts)


_LOGIN = re.compile(r"[A-Za-z][A-Za-z0-9._\-]{2,31}")
_CITY_SHAPE = re.compile(r"[^\W\d_][^\W\d_'\-.]*(?:[\s\-'][^\W\d_][^\W\d_'\-.]*){0,4}")


_IP_OBJECTS = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network, ipaddress.IPv6Network)


# Reference lists a short text is looked up in, with the detector each one feeds.
REFERENCE_CHECKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("country_code", ref.is_country_code),
    ("country_name", ref.is_country_name),
    ("currency_code", ref.is_currency_code),
    ("region", ref.is_region),
    ("blood_group", ref.is_blood_group),
    ("icd10", ref.is_icd10_code),
    ("medical_text", ref.is_medical_text),
    ("trade_union", ref.is_trade_union),
    ("ethnic_group", ref.is_ethnic_group),
)


class _Scan:
    """Counts detector hits over one column's values."""

    def __init__(self, family: TypeFamily) -> None:
        self.family = family
        self.counts: dict[str, int] = {}
        self.texts: list[str] = []
        self.dates: list[date] = []
        self.id_kinds: dict[str, int] = {}
        self.postal: dict[str, int] = {}
        self.patterns: dict[str, int] = {}
        self.lengths: list[int] = []
        self.axes: dict[str, int] = {}

    def hit(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    def value(self, value: Any) -> None:
        if isinstance(value, _IP_OBJECTS):
            self.hit("ip_address")
        elif isinstance(value, bool | uuid.UUID):
            return
        elif isinstance(value, float):
            self.coordinate(value)
        elif isinstance(value, date):
            self.dates.append(value.date() if isinstance(value, datetime) else value)
        elif isinstance(value, int | Decimal):
            self.number(value)
        elif isinstance(value, str):
            self.text(value[:256])

    def coordinate(self, value: float | Decimal | str) -> None:
        axis = v.coordinate_axis(value)
        if axis is not None:
            self.hit("coordinate")
            self.axes[axis] = self.axes.get(axis, 0) + 1

    def number(self, value: int | Decimal) -> None:
        # Numbers can be card numbers or unformatted SSNs stored as integers, never phone numbers: any
        # id or amount column would otherwise look like one.
        if isinstance(value, Decimal) and value != value.to_integral_value():
            self.coordinate(value)
            return
        digits = str(int(value))
        if v.is_credit_card(digits):
            self.hit("credit_card")
        if len(digits) <= 9 and v.is_ssn(digits.zfill(9), allow_plain_digits=True):
            self.hit("ssn_digits")
        if v.is_postal_code_shape(digits):
            self.hit("postal_code")
        self.national_ids(digits)

    def text(self, text: str) -> None:  # noqa: PLR0912 - one branch per detector family
        self.texts.append(text)
        self.lengths.append(len(text))
        pattern = _pattern_of(text)
        self.patterns[pattern] = self.patterns.get(pattern, 0) + 1
        parsed = _as_date(text)
        if parsed is not None:
            self.dates.append(parsed)
        if v.is_email(text):
            self.hit("email")
            if ref.is_role_mailbox(text):
                self.hit("role_mailbox")
            elif _personal_mailbox(text):
                self.hit("personal_mailbox")
            return
        if v.ip_version(text) is not None:
            self.hit("ip_address")
            return
        if v.is_url(text):
            self.hit("url")
            return
        if v.is_file_path(text):
            self.hit("file_path")
            return
        self.identifiers(text)
        self.references(text)
        if rx.PASSWORD_HASH.fullmatch(text):
            self.hit("password_hash")
        if (
            len(text) <= 120
            and any(ch.isdigit() for ch in text)
            and (rx.STREET_ADDRESS.fullmatch(text) or rx.NUMBERED_STREET.fullmatch(text))
        ):
            self.hit("street_address")
        if len(text) <= 80 and _organisation_name(text):
            self.hit("organisation_name")  # "Harris Roofing Ltd", "Krebs GmbH & Co. KG", "Dekker & Reimes"
        elif len(text) <= 60 and rx.STREET_NAME.fullmatch(text) and not _given_name_first(text):
            self.hit("street_name")  # "Jones Crescent": a surname and a street word is a street
        elif len(text) <= 60 and rx.PERSON_NAME_SHAPE.fullmatch(_without_honorifics(text)):
            self.person_name(text)
        if len(text) <= 40 and _CITY_SHAPE.fullmatch(text):
            self.hit("city_shape")
        if _LOGIN.fullmatch(text) and (text.islower() or not text.isalpha()):
            # "jsmith", "mary.smith", "JSMIT001"; not "OPN" or "Hartley" (codes and names).
            self.hit("login_shape")
        if v.coordinate_axis(text) is not None:
            self.coordinate(text)
        if len(text) <= 60 and rx.COORDINATE_PAIR.fullmatch(text.strip()):
            self.hit("coordinate_pair")
        if len(text) <= 12 and rx.VEHICLE_PLATE.fullmatch(text.upper()) and any(c.isalpha() for c in text):
            self.hit("vehicle_plate")

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
        if v.is_phone_extension(text):
            self.hit("extension")
        if v.is_postal_code_shape(text):
            self.hit("postal_code")
        country = ref.postal_format(text)
        if country is not None:
            self.postal[country] = self.postal.get(country, 0) + 1
            if country in ref.DISTINCTIVE_POSTAL_FORMATS and not text.strip().isdigit():
                # A Brazilian CEP written without its dash is eight bare digits: anything.
                self.hit("postal_code_distinctive")
        self.national_ids(text)

    def national_ids(self, text: str) -> None:
        person = ids.person_id_kinds(text)
        if person:
            self.hit("national_id")
            if any(kind.strong for kind in person):
                self.hit("national_id_strong")
            name = person[0].name
            self.id_kinds[name] = self.id_kinds.get(name, 0) + 1
        organisation = ids.organisation_id_kind(text)
        if organisation is not None:
            self.hit("organisation_id")
            self.id_kinds[organisation] = self.id_kinds.get(organisation, 0) + 1
        device = ids.device_id_kind(text)
        if device is not None:
            self.hit("device_id")
            self.id_kinds[device] = self.id_kinds.get(device, 0) + 1

    def references(self, text: str) -> None:
        if len(text) > 60:
            return
        for detector, check in REFERENCE_CHECKS:
            if check(text):
                self.hit(detector)

    def person_name(self, text: str) -> None:
        words = _words(text)
        self.hit("person_name_shape")
        first_known = words[0].rstrip(".") in FIRST_NAMES
        last_known = words[-1] in LAST_NAMES
        if first_known:
            self.hit("first_name")
        if last_known:
            self.hit("last_name")
        if 2 <= len(words) <= 4 and (first_known or last_known or words[0] in LAST_NAMES):
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
                if v.is_business_line(text):
                    self.hit("phone_business")

    def statistics(self, evidence: ValueEvidence, total: int) -> None:
        if self.lengths:
            evidence.min_length = min(self.lengths)
            evidence.max_length = max(self.lengths)
            evidence.mean_length = statistics.fmean(self.lengths)
        if self.patterns:
            name, count = max(self.patterns.items(), key=lambda item: (item[1], item[0]))
            evidence.pattern, evidence.pattern_share = name, count / total
        if self.id_kinds:
            evidence.id_kind = max(self.id_kinds.items(), key=lambda item: (item[1], item[0]))[0]
        if self.postal:
            evidence.postal_country = max(self.postal.items(), key=lambda item: (item[1], item[0]))[0]
        if self.axes:
            evidence.rates["latitude_range"] = self.axes.get("lat", 0) / total


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
    scan.statistics(evidence, len(kept))
    return evidence
