"""mask.null, mask.redact, mask.partial, mask.generalize, mask.noise: table-driven."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from tdm_agents.masking.transformers.base import RuleError

from tests.unit.masking.support import column, run

CASES: list[tuple[str, Any, Any, list[Any], list[Any]]] = [
    ("null", "mask.null", column(), ["a", "b"], [None, None]),
    ("redact", "mask.redact", column(), ["secret"], ["REDACTED"]),
    (
        "redact custom",
        {"type": "mask.redact", "params": {"replacement": "***"}},
        column(max_length=3),
        ["abc"],
        ["***"],
    ),
    ("partial", "mask.partial", column(), ["4111111111111111", "12"], ["************1111", "**"]),
    (
        "partial both ends",
        {"type": "mask.partial", "params": {"keep_first": 2, "keep_last": 2, "mask_char": "#"}},
        column(),
        ["ABCDEFG"],
        ["AB###FG"],
    ),
    (
        "generalize number",
        {"type": "mask.generalize", "params": {"bucket": 1000}},
        column("integer", integer_bits=32),
        [1999, 2000, -1],
        [1000, 2000, -1000],
    ),
    (
        "generalize decimal",
        {"type": "mask.generalize", "params": {"bucket": 10}},
        column("number"),
        [Decimal("19.99")],
        [Decimal("10")],
    ),
    ("generalize month", "mask.generalize", column("date"), [date(1990, 5, 17)], [date(1990, 5, 1)]),
    (
        "generalize year",
        {"type": "mask.generalize", "params": {"unit": "year"}},
        column("timestamp"),
        [datetime(1990, 5, 17, 8)],
        [datetime(1990, 1, 1)],
    ),
]


@pytest.mark.parametrize(("case", "rule", "spec", "values", "expected"), CASES, ids=[c[0] for c in CASES])
def test_cases(case: str, rule: Any, spec: Any, values: list[Any], expected: list[Any]) -> None:
    assert run(rule, values, spec) == expected


def test_noise_is_deterministic_bounded_and_keeps_the_scale() -> None:
    values = [Decimal("100.00"), Decimal("2500.50"), Decimal("7.10")]
    spec = column("number", precision=10, scale=2)
    out = run({"type": "mask.noise", "params": {"pct": 5}}, values, spec)
    assert out == run({"type": "mask.noise", "params": {"pct": 5}}, values, spec)
    for before, after in zip(values, out, strict=True):
        assert abs(after - before) <= before * Decimal("0.05") + Decimal("0.01")
        assert after.as_tuple().exponent == -2
    ints = run("mask.noise", [1000, 20], column("integer", integer_bits=16))
    assert all(isinstance(v, int) for v in ints)


@pytest.mark.parametrize(
    ("rule", "spec", "message"),
    [
        ("mask.null", column(nullable=False), "NOT NULL"),
        ("mask.redact", column(max_length=4), "holds at most 4"),
        ("mask.redact", column(unique=True), "unique"),
        ("mask.partial", column("integer"), "masks text"),
        ("mask.generalize", column("integer", integer_bits=32), "needs a bucket"),
    ],
)
def test_refused(rule: Any, spec: Any, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        run(rule, ["x"], spec)
