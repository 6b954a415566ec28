"""Rows of a source table -> Arrow record batches, streamed (memory does not grow with the table).

PostgreSQL: `COPY (<query>) TO STDOUT (FORMAT csv)` read by pyarrow's streaming CSV reader, which parses
blocks on its own threads straight into the Arrow types of `common.arrow_types` (CSV keeps NULL -- an
unquoted empty field -- apart from the empty string, quoted). bytea arrives as PostgreSQL's hex text and
is decoded to binary here. MySQL/MariaDB: an unbuffered cursor, rows converted per batch.

Values the typed mapping cannot hold (an 'infinity' timestamp, numeric NaN, a year outside 1..9999, a
MySQL zero date) raise `TypedValueError`; the caller reruns the table with text forms.
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import qualified_name
from tdm_dataset_store.paths import validate_table_name

from tdm_agents.common.arrow_types import ColumnType

BATCH_ROWS = 50_000
CSV_BLOCK_BYTES = 4 << 20
SOURCE_SCHEMA = b"tdm.source_schema"
SOURCE_TABLE = b"tdm.source_table"


class TypedValueError(Exception):
    """A value did not fit the typed Arrow column (the table is retried in text form)."""


def storage_name(schema: str, table: str) -> str:
    """The table's file name in the dataset: its qualified name when that is a safe object key, else a
    readable, collision-free stand-in (the real name is in the file's schema metadata)."""
    name = qualified_name(schema, table)
    try:
        return validate_table_name(name)
    except InvalidInputError:
        digest = hashlib.sha256(f"{schema}\x1f{table}".encode()).hexdigest()[:10]
        readable = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")[:180] or "table"
        return f"{readable}-{digest}"


def arrow_schema(schema: str, table: str, types: Sequence[ColumnType]) -> pa.Schema:
    fields = [t.field() for t in types]
    return pa.schema(fields, metadata={SOURCE_SCHEMA: schema.encode(), SOURCE_TABLE: table.encode()})


# --- PostgreSQL -----------------------------------------------------------------------------------


class _CopyStream(io.RawIOBase):
    """A read-only file over psycopg's COPY OUT chunks, for pyarrow."""

    def __init__(self, copy: Any) -> None:
        super().__init__()
        self._copy = copy
        self._buffer = bytearray()
        self._done = False

    def readable(self) -> bool:
        return True

    def _fill(self, size: int) -> None:
        while not self._done and (size < 0 or len(self._buffer) < size):
            chunk = self._copy.read()
            if not chunk:
                self._done = True
                break
            self._buffer += chunk

    def read(self, size: int = -1) -> bytes:
        self._fill(size)
        if size < 0 or size >= len(self._buffer):
            data = bytes(self._buffer)
            self._buffer.clear()
            return data
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def readinto(self, target: Any) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def at_end(self) -> bool:
        self._fill(1)
        return not self._buffer


def postgres_batches(
    dbapi_connection: Any,
    query: str,
    types: Sequence[ColumnType],
    *,
    between_batches: Callable[[], None] | None = None,
) -> Iterator[pa.RecordBatch]:
    """The rows of `query` (columns in the order of `types`) as record batches."""
    binary = {t.name for t in types if pa.types.is_binary(t.arrow)}
    csv_types = {t.name: (pa.string() if t.name in binary else t.arrow) for t in types}
    names = [t.name for t in types]
    target = pa.schema([pa.field(t.name, t.arrow) for t in types])
    with dbapi_connection.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
        stream = _CopyStream(copy)
        if stream.at_end():
            return
        try:
            reader = pa_csv.open_csv(
                pa.PythonFile(stream, mode="r"),
                read_options=pa_csv.ReadOptions(
                    column_names=[f"c{i}" for i in range(len(names))],
                    block_size=CSV_BLOCK_BYTES,
                    # Parsing stays on this thread: the COPY stream must not be read from two threads.
                    use_threads=False,
                ),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(
                    column_types={f"c{i}": csv_types[name] for i, name in enumerate(names)},
                    null_values=[""],
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=False,
                    true_values=["t"],
                    false_values=["f"],
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise _typed_value_error(exc, types) from None
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise _typed_value_error(exc, types) from None
            columns = [
                _hex_to_binary(column) if name in binary else column
                for name, column in zip(names, batch.columns, strict=True)
            ]
            yield pa.RecordBatch.from_arrays(columns, schema=target)
            if between_batches is not None:
                between_batches()


def _typed_value_error(exc: Exception, types: Sequence[ColumnType]) -> TypedValueError:
    """Names the column, never the value (Arrow's message quotes it: it may be personal data)."""
    found = re.search(r"column #(\d+)", str(exc))
    if found and int(found.group(1)) < len(types):
        column = types[int(found.group(1))]
        return TypedValueError(f"a value of column {column.name!r} does not fit {column.arrow}")
    return TypedValueError(f"a value does not fit its column's type ({type(exc).__name__})")


def _hex_to_binary(column: pa.Array) -> pa.Array:
    # PostgreSQL's bytea text form: \x followed by hex digits.
    return pa.array(
        [None if v is None else bytes.fromhex(v[2:]) for v in column.to_pylist()], type=pa.binary()
    )


# --- MySQL / MariaDB ------------------------------------------------------------------------------


def mysql_batches(
    dbapi_connection: Any,
    query: str,
    types: Sequence[ColumnType],
    *,
    between_batches: Callable[[], None] | None = None,
) -> Iterator[pa.RecordBatch]:
    target = pa.schema([pa.field(t.name, t.arrow) for t in types])
    # PyMySQL's unbuffered cursor (rows stream from the server), found through the connection's driver
    # module: this project never imports the driver itself.
    driver = sys.modules[type(dbapi_connection).__module__.split(".")[0]]
    cursor = dbapi_connection.cursor(driver.cursors.SSCursor)
    try:
        cursor.execute(query)
        while True:
            rows = cursor.fetchmany(BATCH_ROWS)
            if not rows:
                return
            columns = list(zip(*rows, strict=True))
            arrays = []
            for column_type, values in zip(types, columns, strict=True):
                shown = tuple(_mysql_text(v) for v in values) if column_type.text_form else values
                try:
                    arrays.append(pa.array(shown, type=column_type.arrow))
                except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
                    raise TypedValueError(f"column {column_type.name!r}: {type(exc).__name__}") from None
            yield pa.RecordBatch.from_arrays(arrays, schema=target)
            if between_batches is not None:
                between_batches()
    finally:
        cursor.close()


def _mysql_text(value: Any) -> str | None:  # noqa: PLR0911
    """MySQL's own text form of a value PyMySQL decoded."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="surrogateescape")
    if isinstance(value, timedelta):
        total = int(value.total_seconds())
        sign = "-" if total < 0 else ""
        total = abs(total)
        text = f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
        return text + (f".{value.microseconds:06d}" if value.microseconds else "")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, set | frozenset):
        return ",".join(sorted(value))
    return str(value)
