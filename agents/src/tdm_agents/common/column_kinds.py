"""What kind of value a column holds, from its type as discovery recorded it (any source dialect).

Used wherever user input meets a column: subsetting's filter values, masking's rules (what a
transformer may write into it, and how long it may be).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tdm_core.schema_model import ColumnInfo, TableInfo

_INTEGER = re.compile(r"^(tiny|small|medium|big)?int(eger)?\d?\b|^(small|big)?serial\b|^year\b")
_NUMBER = re.compile(r"^(numeric|decimal|real|double|float|money)\b")
_LENGTH = re.compile(r"^(character varying|varchar|character|char|bpchar|nvarchar|nchar)\s*\((\d+)\)")
_NUMERIC = re.compile(r"^(numeric|decimal)\s*\((\d+)(?:,\s*(\d+))?\)")
_BITS = {
    "smallint": 16,
    "int2": 16,
    "integer": 32,
    "int": 32,
    "int4": 32,
    "bigint": 64,
    "int8": 64,
    "serial": 32,
    "bigserial": 64,
    "smallserial": 16,
    "mediumint": 32,
    "tinyint": 8,
}


def value_kind(column: ColumnInfo) -> str:  # noqa: PLR0911 - one answer per type family
    """What a filter value of this column must be."""
    details = column.type_details or {}
    domain = details.get("domain") or {}
    data_type = str(domain.get("base_type") or column.data_type or "").lower().strip()
    family = details.get("family")
    if family == "array" or data_type.endswith("]"):
        return "other"
    if details.get("enum_labels") and family in ("enum", "string", None):
        return "enum"
    if data_type in ("boolean", "bool"):
        return "boolean"
    if _INTEGER.match(data_type) and not data_type.startswith("tinyint(1)"):
        return "integer"
    if _NUMBER.match(data_type):
        return "number" if not data_type.startswith("money") else "other"
    if data_type == "date":
        return "date"
    if (data_type.startswith("timestamp") and "with time zone" in data_type) or data_type == "timestamptz":
        return "timestamptz"
    if data_type.startswith(("timestamp", "datetime")):
        return "timestamp"
    if data_type.startswith("time") and "with time zone" not in data_type and data_type != "timetz":
        return "time"  # "time without time zone" too
    if data_type == "uuid":
        return "uuid"
    if family in ("string", "enum") or data_type.startswith(
        ("char", "varchar", "text", "character", "citext", "name")
    ):
        return "text"
    return "other"


@dataclass(frozen=True)
class TypeFacts:
    """Limits of a column's type: text length (char(n) pads), numeric precision, integer width."""

    max_length: int | None = None
    fixed_length: bool = False
    precision: int | None = None
    scale: int | None = None
    integer_bits: int | None = None


def type_facts(column: ColumnInfo) -> TypeFacts:
    details = column.type_details or {}
    name = str((details.get("domain") or {}).get("base_type") or column.data_type or "").lower().strip()
    if (length := _LENGTH.match(name)) is not None:
        return TypeFacts(
            max_length=int(length.group(2)),
            fixed_length=length.group(1) in ("character", "char", "bpchar", "nchar"),
        )
    if (numeric := _NUMERIC.match(name)) is not None:
        return TypeFacts(precision=int(numeric.group(2)), scale=int(numeric.group(3) or 0))
    word = name.split("(")[0].split(" ")[0]
    if word in _BITS:
        return TypeFacts(integer_bits=_BITS[word])
    return TypeFacts()


def unique_columns(table: TableInfo) -> tuple[set[str], set[str]]:
    """(columns of the primary key, columns in any unique constraint or the primary key)."""
    primary = set(table.primary_key())
    unique = set(primary)
    for columns in table.unique_keys():
        unique.update(columns)
    return primary, unique
