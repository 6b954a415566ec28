"""What kind of value a column holds (filters and transformers decide by it), per type name."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.common.column_kinds import value_kind
from tdm_core.schema_model import ColumnInfo


@pytest.mark.parametrize(
    ("data_type", "details", "kind"),
    [
        ("integer", None, "integer"),
        ("bigint", None, "integer"),
        ("numeric(10,2)", None, "number"),
        ("money", None, "other"),
        ("boolean", None, "boolean"),
        ("date", None, "date"),
        ("timestamp without time zone", None, "timestamp"),
        ("timestamp with time zone", None, "timestamptz"),
        ("time without time zone", None, "time"),
        ("time", None, "time"),
        ("time with time zone", None, "other"),
        ("timetz", None, "other"),
        ("uuid", None, "uuid"),
        ("character varying(20)", None, "text"),
        ("text[]", {"family": "array"}, "other"),
        ("mpaa_rating", {"family": "enum", "enum_labels": ["G", "PG"]}, "enum"),
    ],
)
def test_value_kind(data_type: str, details: dict[str, Any] | None, kind: str) -> None:
    column = ColumnInfo(name="c", data_type=data_type, ordinal_position=1, type_details=details)
    assert value_kind(column) == kind
