"""Object keys of dataset versions: readable for people, impossible to confuse for S3."""

from __future__ import annotations

import uuid

import pytest
from tdm_core.errors import InvalidInputError
from tdm_dataset_store.paths import (
    manifest_key,
    parse_key,
    part_key,
    single_file_key,
    validate_table_name,
    validate_version_id,
    version_prefix,
)

VID = "3f1c2d8e-0b7a-4c52-9a63-1d2e3f4a5b6c"


def test_spec_path_pattern_for_a_single_file_table() -> None:
    assert single_file_key(VID, "customers") == f"datasets/{VID}/customers.parquet"


def test_schema_qualified_names_stay_readable() -> None:
    assert single_file_key(VID, "sales.orders") == f"datasets/{VID}/sales.orders.parquet"
    assert part_key(VID, "sales.orders", 7) == f"datasets/{VID}/sales.orders/part-00007.parquet"


def test_uuid_objects_are_accepted_as_version_ids() -> None:
    vid = uuid.UUID(VID)
    assert version_prefix(vid) == f"datasets/{VID}/"
    assert manifest_key(vid) == f"datasets/{VID}/_manifest.json"


@pytest.mark.parametrize(
    "name", ["orders", "sales.orders", "Order Details", "čísla_2024", "a-b_c$1", "x" * 255]
)
def test_valid_table_names_are_kept_verbatim(name: str) -> None:
    assert validate_table_name(name) == name


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "non-empty"),
        ("sales/orders", "'/' is not allowed"),
        ("..", "'..' is not allowed"),
        ("a..b", "'..' is not allowed"),
        ("../etc", "'/' is not allowed"),
        (" orders", "whitespace"),
        ("orders ", "whitespace"),
        (".hidden", "must not start with '.'"),
        ("_manifest", "reserved"),
        ("a\\b", "'\\\\'"),
        ("a\nb", "'\\n'"),
        ("a#b", "'#'"),
        ("a%20b", "'%'"),
        ("x" * 256, "longer than 255 bytes"),
        ("é" * 128, "longer than 255 bytes"),
    ],
)
def test_unsafe_table_names_are_rejected_with_the_reason(name: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_table_name(name)
    assert fragment in caught.value.detail
    assert caught.value.status_code == 422


def test_key_builders_validate_the_table_name() -> None:
    with pytest.raises(InvalidInputError, match="'/' is not allowed"):
        single_file_key(VID, "a/b")
    with pytest.raises(InvalidInputError, match=r"'\.\.' is not allowed"):
        part_key(VID, "..", 0)


@pytest.mark.parametrize("bad", ["", "../x", "a/b", "a b", "-leading", "x" * 129, "id\n"])
def test_bad_version_ids_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="invalid dataset version id"):
        validate_version_id(bad)


def test_part_numbers_have_five_digits_and_a_ceiling() -> None:
    assert part_key(VID, "t", 0).endswith("/t/part-00000.parquet")
    assert part_key(VID, "t", 99_999).endswith("/t/part-99999.parquet")
    with pytest.raises(InvalidInputError, match="TDM_DATASET_MAX_ROWS_PER_FILE"):
        part_key(VID, "t", 100_000)


def test_parse_key_recovers_table_and_part() -> None:
    assert parse_key(VID, single_file_key(VID, "sales.orders")) == ("sales.orders", 0)
    assert parse_key(VID, part_key(VID, "sales.orders", 12)) == ("sales.orders", 12)
    assert parse_key(VID, manifest_key(VID)) is None
    assert parse_key(VID, f"datasets/{VID}/t/notes.txt") is None
    assert parse_key(VID, "datasets/other/t.parquet") is None
