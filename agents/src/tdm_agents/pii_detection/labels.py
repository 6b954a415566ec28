"""The vocabulary of the PII agent: PII types, techniques, and the input/output models.

`ColumnClassification.evidence` carries counts, rates, pattern names, name tokens and the LLM's reason,
never a sampled value, and `items`: the evidence as `{"source", "detail", "score"}` dicts (see
`contract.evidence_items`). It is stored in `pii_classification.evidence`, shown by the API, the CLI and
the portal, and logged.

`SENSITIVE` is special-category data about a person that identifies nobody (pay, health, religion...):
`is_pii` is true for it (it is personal data: not profiled, not shown), `is_identifier` is not (masking
"auto" masks it only when asked, `MaskStep.mask_sensitive`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PIIType(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    PERSON_NAME = "person_name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    ADDRESS = "address"
    CITY = "city"
    POSTAL_CODE = "postal_code"
    COUNTRY = "country"
    SSN = "ssn"  # any national identification number (US SSN, UK NINO, BR CPF, IT codice fiscale...)
    CREDIT_CARD = "credit_card"
    IBAN = "iban"
    DATE_OF_BIRTH = "date_of_birth"
    IP_ADDRESS = "ip_address"
    USERNAME = "username"
    PASSWORD = "password"  # noqa: S105 - a label; covers stored credentials: hashes, PINs, API tokens
    OTHER = "other"  # identifies or describes a person, none of the above: passport, gender, photo...
    # Special-category data about a person that does not identify them: pay, health, religion,
    # ethnicity, union membership... Masked only when a mask request asks for it (`mask_sensitive`).
    SENSITIVE = "sensitive"
    NONE = "none"

    @property
    def is_pii(self) -> bool:
        """Personal data of any kind (identifiers and sensitive data): not to be profiled or shown."""
        return self is not PIIType.NONE

    @property
    def is_sensitive(self) -> bool:
        return self is PIIType.SENSITIVE

    @property
    def is_identifier(self) -> bool:
        """Identifies or contacts a person: masking "auto" always masks these."""
        return self is not PIIType.NONE and self is not PIIType.SENSITIVE


class Technique(StrEnum):
    REGEX = "regex"  # value patterns and validators over sampled values
    NAME = "name"  # column-name dictionary (with table context)
    LLM = "llm"
    MERGED = "merged"  # two or more techniques agreed
    MANUAL = "manual"  # set or confirmed by a person


# Types that describe the same thing at different granularity: agreement between them is agreement.
NAME_FAMILY = frozenset({PIIType.PERSON_NAME, PIIType.FIRST_NAME, PIIType.LAST_NAME})


class ColumnKey(NamedTuple):
    """Identifies a column across sampler, detectors and classifier (schema may be None)."""

    schema: str | None
    table: str
    column: str

    def __str__(self) -> str:
        prefix = f"{self.schema}." if self.schema else ""
        return f"{prefix}{self.table}.{self.column}"


class ColumnInput(BaseModel):
    """What the classifier needs to know about one column (from the metadata store or reflection)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    schema_name: str | None = Field(default=None, alias="schema")
    table: str = Field(min_length=1)
    column: str = Field(min_length=1)
    data_type: str = ""
    # Keys are usually surrogate numbers; an integer key column is never PII itself.
    is_primary_key: bool = False
    is_foreign_key: bool = False
    # The column a foreign key of this column references (schema, table, column), when known: a text
    # column referencing a PII column holds the same values ("ownerEmail" -> users.email).
    references: tuple[str | None, str, str] | None = None

    @property
    def key(self) -> ColumnKey:
        return ColumnKey(self.schema_name, self.table, self.column)


class ColumnClassification(BaseModel):
    """One row of the spec's `pii_map` (section 5.3) plus the evidence behind it."""

    schema_name: str | None = Field(default=None, alias="schema")
    table: str
    column: str
    pii_type: PIIType
    confidence: float = Field(ge=0.0, le=1.0)
    technique: Technique
    evidence: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True)

    @field_validator("confidence")
    @classmethod
    def _two_decimals(cls, value: float) -> float:
        # pii_classification.confidence is NUMERIC(3, 2): round here so what we return is what we store.
        return round(value, 2)

    @property
    def key(self) -> ColumnKey:
        return ColumnKey(self.schema_name, self.table, self.column)

    @property
    def is_pii(self) -> bool:
        return self.pii_type.is_pii

    def to_pii_map_entry(self) -> dict[str, Any]:
        """The spec 5.3 output shape: table, column, pii_type, confidence, technique."""
        return {
            "table": self.table,
            "column": self.column,
            "pii_type": self.pii_type.value,
            "confidence": self.confidence,
            "technique": self.technique.value,
        }


# Labels an LLM (or a user) may write for our types. Keys are normalised by `normalise_label`.
LABEL_SYNONYMS: dict[str, PIIType] = {
    "e_mail": PIIType.EMAIL,
    "email_address": PIIType.EMAIL,
    "mail": PIIType.EMAIL,
    "phone_number": PIIType.PHONE,
    "telephone": PIIType.PHONE,
    "telephone_number": PIIType.PHONE,
    "mobile": PIIType.PHONE,
    "fax": PIIType.PHONE,
    "name": PIIType.PERSON_NAME,
    "full_name": PIIType.PERSON_NAME,
    "person": PIIType.PERSON_NAME,
    "given_name": PIIType.FIRST_NAME,
    "firstname": PIIType.FIRST_NAME,
    "surname": PIIType.LAST_NAME,
    "family_name": PIIType.LAST_NAME,
    "lastname": PIIType.LAST_NAME,
    "street_address": PIIType.ADDRESS,
    "street": PIIType.ADDRESS,
    "state": PIIType.ADDRESS,
    "region": PIIType.ADDRESS,
    "location": PIIType.ADDRESS,
    "town": PIIType.CITY,
    "zip": PIIType.POSTAL_CODE,
    "zip_code": PIIType.POSTAL_CODE,
    "zipcode": PIIType.POSTAL_CODE,
    "postcode": PIIType.POSTAL_CODE,
    "postal": PIIType.POSTAL_CODE,
    "national_id": PIIType.SSN,
    "national_identifier": PIIType.SSN,
    "national_id_number": PIIType.SSN,
    "social_security_number": PIIType.SSN,
    "tax_id": PIIType.SSN,
    "credit_card_number": PIIType.CREDIT_CARD,
    "card_number": PIIType.CREDIT_CARD,
    "payment_card": PIIType.CREDIT_CARD,
    "bank_account": PIIType.IBAN,
    "dob": PIIType.DATE_OF_BIRTH,
    "birth_date": PIIType.DATE_OF_BIRTH,
    "birthdate": PIIType.DATE_OF_BIRTH,
    "ip": PIIType.IP_ADDRESS,
    "ipv4": PIIType.IP_ADDRESS,
    "ipv6": PIIType.IP_ADDRESS,
    "user_name": PIIType.USERNAME,
    "login": PIIType.USERNAME,
    "user_id": PIIType.USERNAME,
    "password_hash": PIIType.PASSWORD,
    "credential": PIIType.PASSWORD,
    "credentials": PIIType.PASSWORD,
    "secret": PIIType.PASSWORD,
    "not_pii": PIIType.NONE,
    "non_pii": PIIType.NONE,
    "no_pii": PIIType.NONE,
    "null": PIIType.NONE,
    "no": PIIType.NONE,
    "n_a": PIIType.NONE,
    "na": PIIType.NONE,
    "pii": PIIType.OTHER,
    "sensitive_data": PIIType.SENSITIVE,
    "special_category": PIIType.SENSITIVE,
    "special_category_data": PIIType.SENSITIVE,
    "salary": PIIType.SENSITIVE,
    "income": PIIType.SENSITIVE,
    "health": PIIType.SENSITIVE,
    "medical": PIIType.SENSITIVE,
    "health_data": PIIType.SENSITIVE,
    "religion": PIIType.SENSITIVE,
    "ethnicity": PIIType.SENSITIVE,
    "biometric": PIIType.SENSITIVE,
    "passport": PIIType.OTHER,
    "gender": PIIType.OTHER,
    "nationality": PIIType.COUNTRY,
}

_LABEL_SEPARATORS = re.compile(r"[\s\-/.]+")


def normalise_label(label: str) -> str:
    return _LABEL_SEPARATORS.sub("_", label.strip().lower()).strip("_")


def parse_pii_type(label: object) -> PIIType | None:
    """Map a free-text label onto a PIIType; None when it means nothing we know (caller drops it)."""
    if not isinstance(label, str) or not label.strip():
        return None
    key = normalise_label(label)
    try:
        return PIIType(key)
    except ValueError:
        return LABEL_SYNONYMS.get(key)
