"""CHECK constraints read into bounds, allowed values, lengths and orderings (PostgreSQL's
pg_get_constraintdef text with its casts and parentheses, and MySQL's), or reported as not understood."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.synthetic.checks import table_rules

COLUMNS = {"price", "qty", "status", "ends", "starts", "code", "pct", "shipped", "email", "total", "discount"}

CASES: list[tuple[str, dict[str, dict[str, Any]], list[tuple[str, str, bool]]]] = [
    ("(price >= (0)::numeric)", {"price": {"low": (0.0, False)}}, []),
    ("((qty > 0) AND (qty <= 100))", {"qty": {"low": (0.0, True), "high": (100.0, False)}}, []),
    ("(0 < qty)", {"qty": {"low": (0.0, True)}}, []),
    ("`qty` > 0", {"qty": {"low": (0.0, True)}}, []),
    ("pct BETWEEN 0 AND 100", {"pct": {"low": (0.0, False), "high": (100.0, False)}}, []),
    ("(shipped >= '2020-01-01'::date)", {"shipped": {"low": ("2020-01-01", False)}}, []),
    (
        "((status)::text = ANY ((ARRAY['new'::character varying, 'paid'::character varying])::text[]))",
        {"status": {"allowed": ["new", "paid"]}},
        [],
    ),
    ("status IN ('a', 'b''c')", {"status": {"allowed": ["a", "b'c"]}}, []),
    ("(char_length((code)::text) = 3)", {"code": {"min_length": 3, "max_length": 3}}, []),
    ("(length(code) >= 2)", {"code": {"min_length": 2}}, []),
    ("(ends >= starts)", {}, [("ends", "starts", False)]),
    ("(starts < ends)", {}, [("ends", "starts", True)]),
    ("((total > discount) OR (total IS NULL))", {}, [("total", "discount", True)]),
    ("(email IS NOT NULL)", {}, []),
    ("((code)::text <> ''::text)", {}, []),
]


@pytest.mark.parametrize(("definition", "columns", "orderings"), CASES, ids=[c[0] for c in CASES])
def test_understood_checks(
    definition: str, columns: dict[str, dict[str, Any]], orderings: list[tuple[str, str, bool]]
) -> None:
    rules = table_rules([{"type": "check", "name": "c", "definition": definition}], COLUMNS)
    assert rules.not_understood == []
    assert rules.orderings == orderings
    for column, expected in columns.items():
        rule = rules.columns[column]
        for field, value in expected.items():
            assert getattr(rule, field) == value, (column, field)


@pytest.mark.parametrize(
    "definition",
    [
        "(email ~~ '%@%'::text)",  # a pattern
        "((qty > 0) OR (price > 0))",  # a real disjunction
        "(nope > 0)",  # not a column of the table
        "(upper(code) = code)",  # an expression
        "(ends > (starts + '1 day'::interval))",
    ],
)
def test_other_checks_are_reported(definition: str) -> None:
    rules = table_rules([{"type": "check", "name": "odd_check", "definition": definition}], COLUMNS)
    assert rules.not_understood == ["odd_check"]


def test_only_check_constraints_are_read() -> None:
    rules = table_rules(
        [{"type": "unique", "columns": ["code"]}, {"type": "check", "definition": "qty > 1"}], COLUMNS
    )
    assert rules.columns["qty"].low == (1.0, True)
    assert rules.not_understood == []
