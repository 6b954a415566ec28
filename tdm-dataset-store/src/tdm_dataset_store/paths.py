"""Object keys of a dataset version (spec 12.1: `datasets/<dataset_version_id>/<table_name>.parquet`).

A table that fits in one file:        datasets/<id>/<table>.parquet
A table rolled over several files:    datasets/<id>/<table>/part-00000.parquet, part-00001.parquet, ...
The version's manifest:               datasets/<id>/_manifest.json

Table names are used verbatim (schema-qualified "sales.orders" stays "sales.orders.parquet") so a
person browsing the bucket recognises them. Anything that would change the key's meaning ("/" makes a
folder, ".." walks up) or that S3 tools handle badly (control characters, backslash, "{}^%`[]<>~#|\\")
is rejected rather than silently rewritten, so two different tables can never map to the same key.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from tdm_core.errors import InvalidInputError

DATASETS_ROOT = "datasets/"
MANIFEST_NAME = "_manifest.json"
PARQUET_SUFFIX = ".parquet"
PART_WIDTH = 5
MAX_PARTS = 10**PART_WIDTH
# S3 keys are at most 1024 UTF-8 bytes; leave room for the prefix and the part suffix.
MAX_TABLE_NAME_BYTES = 255

# Characters AWS lists as "to avoid" in object keys, plus the path separators.
_FORBIDDEN_CHARS = frozenset('/\\{}^%`[]<>~#|"')
_VERSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
_PART_FILE = re.compile(r"part-([0-9]{5})\.parquet")


def validate_version_id(version_id: str | uuid.UUID) -> str:
    """Version ids are UUIDs in the metadata store; accept any short [A-Za-z0-9_-] token as well."""
    value = str(version_id)
    if not _VERSION_ID.fullmatch(value):
        raise InvalidInputError(
            f"invalid dataset version id {value[:80]!r}: use a UUID or letters, digits, '-' and '_' "
            "(at most 128 characters)"
        )
    return value


def validate_table_name(name: str) -> str:
    """Return the name unchanged if it is safe as one S3 key segment; raise a clear error otherwise."""
    if not isinstance(name, str) or not name:
        raise InvalidInputError("table name must be a non-empty string")
    shown = name[:80]
    if "/" in name:
        raise InvalidInputError(
            f"invalid table name {shown!r}: '/' is not allowed (it would create a folder)"
        )
    if ".." in name:
        raise InvalidInputError(f"invalid table name {shown!r}: '..' is not allowed")
    if name != name.strip():
        raise InvalidInputError(f"invalid table name {shown!r}: leading or trailing whitespace")
    if name.startswith("."):
        raise InvalidInputError(f"invalid table name {shown!r}: must not start with '.'")
    if name.startswith("_"):
        # Reserved for the store's own files (_manifest.json); keeps table and control files apart.
        raise InvalidInputError(f"invalid table name {shown!r}: must not start with '_' (reserved)")
    bad = sorted({c for c in name if c in _FORBIDDEN_CHARS or unicodedata.category(c).startswith("C")})
    if bad:
        listed = ", ".join(repr(c) for c in bad)
        raise InvalidInputError(f"invalid table name {shown!r}: characters not allowed in S3 keys: {listed}")
    if len(name.encode("utf-8")) > MAX_TABLE_NAME_BYTES:
        raise InvalidInputError(
            f"invalid table name {shown!r}...: longer than {MAX_TABLE_NAME_BYTES} bytes in UTF-8"
        )
    return name


def version_prefix(version_id: str | uuid.UUID) -> str:
    return f"{DATASETS_ROOT}{validate_version_id(version_id)}/"


def manifest_key(version_id: str | uuid.UUID) -> str:
    return version_prefix(version_id) + MANIFEST_NAME


def single_file_key(version_id: str | uuid.UUID, table: str) -> str:
    return f"{version_prefix(version_id)}{validate_table_name(table)}{PARQUET_SUFFIX}"


def part_key(version_id: str | uuid.UUID, table: str, part_number: int) -> str:
    if not 0 <= part_number < MAX_PARTS:
        raise InvalidInputError(
            f"table {table!r} needs more than {MAX_PARTS} part files: raise TDM_DATASET_MAX_ROWS_PER_FILE"
        )
    file_name = f"part-{part_number:0{PART_WIDTH}d}{PARQUET_SUFFIX}"
    return f"{version_prefix(version_id)}{validate_table_name(table)}/{file_name}"


def parse_key(version_id: str | uuid.UUID, key: str) -> tuple[str, int] | None:
    """(table, part_number) for a data file of this version; None for the manifest or foreign keys.

    A single-file table reports part number 0, like the first file of a rolled table.
    """
    prefix = version_prefix(version_id)
    if not key.startswith(prefix):
        return None
    rest = key[len(prefix) :]
    if "/" in rest:
        table, _, file_name = rest.partition("/")
        match = _PART_FILE.fullmatch(file_name)
        return (table, int(match.group(1))) if match else None
    if rest.endswith(PARQUET_SUFFIX) and len(rest) > len(PARQUET_SUFFIX):
        return rest[: -len(PARQUET_SUFFIX)], 0
    return None
