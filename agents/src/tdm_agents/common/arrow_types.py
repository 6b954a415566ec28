"""How a source column's values are stored in a dataset's Parquet files: the one type mapping.

Every agent that writes rows of a real database (subsetting, masking) takes its Arrow types from here,
and provisioning reads the same field metadata to load them back. The rule: a type Arrow holds exactly
gets that Arrow type; every other type is kept as the source database's own text form of the value
(what `COPY ... TO STDOUT` prints), which the same database type accepts back as input, so nothing is
lost on the way to the target.

PostgreSQL (`format_type` names; a domain maps as its base type):

    smallint / integer / bigint           int16 / int32 / int64
    real / double precision               float32 / float64 (NaN and infinities kept)
    numeric(p,s), p <= 38                 decimal128(p, s)
    numeric (no precision), p > 38        text form (arbitrary precision, NaN)
    boolean                               bool
    date                                  date32
    timestamp [without time zone]         timestamp[us]
    timestamp with time zone              timestamp[us, UTC] (read in a UTC session)
    time [without time zone]              time64[us]
    bytea                                 binary
    text, varchar(n), char(n), name, citext   string
    anything else                         text form: uuid, json/jsonb, arrays, enums, interval, money,
                                          timetz, inet/cidr/macaddr, bit strings, tsvector, xml,
                                          ranges, composites, geometric and extension types

MySQL / MariaDB (types as discovery names them; read with time_zone '+00:00'):

    tinyint / smallint / mediumint / int / bigint (unsigned: the next wider or unsigned type)
    float / double                        float32 / float64
    decimal(p,s), p <= 38                 decimal128(p, s)
    date / datetime / timestamp           date32 / timestamp[us] / timestamp[us, UTC]
    binary, varbinary, blobs, bit         binary
    everything else (char, text, enum, set, json, time, year...)   string (text form)

A value the typed column cannot hold (PostgreSQL 'infinity' timestamps, BC dates, numeric NaN, MySQL
zero dates) makes the exporter retry that table with `text_only=True`: the same columns in text form.

Each field carries metadata: `tdm.source_type` (the source's type name), `tdm.dialect`, and
`tdm.text_form` = "true" when the values are the source's text form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from tdm_core.schema_model import ColumnInfo

SOURCE_TYPE = b"tdm.source_type"
DIALECT = b"tdm.dialect"
TEXT_FORM = b"tdm.text_form"
MAX_DECIMAL_PRECISION = 38

_PG_EXACT: dict[str, pa.DataType] = {
    "smallint": pa.int16(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "real": pa.float32(),
    "double precision": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "bytea": pa.binary(),
    "text": pa.string(),
    "name": pa.string(),
    "citext": pa.string(),
}
_PG_STRING = re.compile(r"^(character varying|varchar|character|char|bpchar)(\(\d+\))?$")
_PG_NUMERIC = re.compile(r"^(numeric|decimal)\((\d+)(?:,\s*(-?\d+))?\)$")
_PG_TIMESTAMP = re.compile(r"^timestamp(\(\d\))?( without time zone)?$")
_PG_TIMESTAMPTZ = re.compile(r"^(timestamp(\(\d\))? with time zone|timestamptz)$")
_PG_TIME = re.compile(r"^time(\(\d\))?( without time zone)?$")

_MYSQL_INT = re.compile(
    r"^(tinyint|smallint|mediumint|int|integer|bigint)(\(\d+\))?( unsigned)?( zerofill)?$"
)
_MYSQL_INTS: dict[tuple[str, bool], pa.DataType] = {
    ("tinyint", False): pa.int8(),
    ("tinyint", True): pa.uint8(),
    ("smallint", False): pa.int16(),
    ("smallint", True): pa.uint16(),
    ("mediumint", False): pa.int32(),
    ("mediumint", True): pa.uint32(),
    ("int", False): pa.int32(),
    ("int", True): pa.uint32(),
    ("integer", False): pa.int32(),
    ("integer", True): pa.uint32(),
    ("bigint", False): pa.int64(),
    ("bigint", True): pa.uint64(),
}
_MYSQL_DECIMAL = re.compile(r"^(decimal|numeric)(\((\d+)(?:,\s*(\d+))?\))?( unsigned)?$")
_MYSQL_BINARY = re.compile(r"^(binary|varbinary|tinyblob|blob|mediumblob|longblob|bit)\b")


@dataclass(frozen=True)
class ColumnType:
    """How one column is stored: its Arrow type and whether values are the source's text form."""

    name: str
    arrow: pa.DataType
    source_type: str
    dialect: str
    text_form: bool

    def field(self, nullable: bool = True) -> pa.Field:
        metadata = {SOURCE_TYPE: self.source_type.encode(), DIALECT: self.dialect.encode()}
        if self.text_form:
            metadata[TEXT_FORM] = b"true"
        return pa.field(self.name, self.arrow, nullable=nullable, metadata=metadata)


def base_type_name(column: ColumnInfo) -> str:
    """The type that decides the mapping: a domain's base type, else the column's own (lower case)."""
    details = column.type_details or {}
    domain = details.get("domain") or {}
    return str(domain.get("base_type") or column.data_type or "").strip().lower()


def column_type(column: ColumnInfo, dialect: str, *, text_only: bool = False) -> ColumnType:
    """The storage of `column` read from a `dialect` ("postgresql" or "mysql") source."""
    name = base_type_name(column)
    shown = str(column.data_type or name)
    arrow = _pg_arrow(name, column) if dialect == "postgresql" else _mysql_arrow(name)
    if text_only and arrow is not None and not _exact_in_text_too(arrow):
        arrow = None
    if arrow is None:
        return ColumnType(column.name, pa.string(), shown, dialect, text_form=True)
    return ColumnType(column.name, arrow, shown, dialect, text_form=False)


def _exact_in_text_too(arrow: pa.DataType) -> bool:
    """Types whose parsing cannot fail on a value the source accepted: kept typed in a text-only retry."""
    return bool(
        pa.types.is_integer(arrow)
        or pa.types.is_string(arrow)
        or pa.types.is_binary(arrow)
        or pa.types.is_boolean(arrow)
    )


def _pg_arrow(name: str, column: ColumnInfo) -> pa.DataType | None:  # noqa: PLR0911
    details = column.type_details or {}
    if details.get("family") == "array" or name.endswith("]") or details.get("enum_labels"):
        return None
    if name in _PG_EXACT:
        return _PG_EXACT[name]
    if _PG_STRING.match(name):
        return pa.string()
    if (numeric := _PG_NUMERIC.match(name)) is not None:
        precision, scale = int(numeric.group(2)), int(numeric.group(3) or 0)
        if 0 < precision <= MAX_DECIMAL_PRECISION and 0 <= scale <= precision:
            return pa.decimal128(precision, scale)
        return None
    if _PG_TIMESTAMPTZ.match(name):
        return pa.timestamp("us", tz="UTC")
    if _PG_TIMESTAMP.match(name):
        return pa.timestamp("us")
    if _PG_TIME.match(name):
        return pa.time64("us")
    return None


def _mysql_arrow(name: str) -> pa.DataType | None:  # noqa: PLR0911
    if (integer := _MYSQL_INT.match(name)) is not None:
        if integer.group(1) == "tinyint" and integer.group(2) == "(1)":
            return pa.int8()  # MySQL's BOOLEAN is tinyint(1): keep the number, any value fits
        return _MYSQL_INTS[(integer.group(1), bool(integer.group(3)))]
    if (decimal := _MYSQL_DECIMAL.match(name)) is not None:
        precision = int(decimal.group(3) or 10)
        scale = int(decimal.group(4) or 0)
        return pa.decimal128(precision, scale) if precision <= MAX_DECIMAL_PRECISION else None
    if name.startswith("float"):
        return pa.float32()
    if name.startswith(("double", "real")):
        return pa.float64()
    if name == "date":
        return pa.date32()
    if name.startswith("datetime"):
        return pa.timestamp("us")
    if name.startswith("timestamp"):
        return pa.timestamp("us", tz="UTC")
    if _MYSQL_BINARY.match(name):
        return pa.binary()
    return None


def table_schema(types: list[ColumnType], nullable: dict[str, bool] | None = None) -> pa.Schema:
    return pa.schema([t.field((nullable or {}).get(t.name, True)) for t in types])


def describe(field: pa.Field) -> dict[str, Any]:
    """A field's storage as provisioning reads it back."""
    metadata = field.metadata or {}
    return {
        "name": field.name,
        "arrow_type": str(field.type),
        "source_type": metadata.get(SOURCE_TYPE, b"").decode() or None,
        "dialect": metadata.get(DIALECT, b"").decode() or None,
        "text_form": metadata.get(TEXT_FORM) == b"true",
    }
