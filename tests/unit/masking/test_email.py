"""mask.email_deterministic: valid, deterministic (case-insensitive), unique, fits the column."""

from __future__ import annotations

import re

import pytest
from tdm_agents.masking.transformers.base import RuleError

from tests.unit.masking.support import column, run

EMAIL = re.compile(r"^[a-z2-7]+@[a-z0-9.-]+\.[a-z]+$")


@pytest.mark.parametrize(
    ("rule", "spec", "domain", "local"),
    [
        ("mask.email_deterministic", column(), "example.com", 16),
        ("mask.email_deterministic", column(max_length=25, unique=True), "example.com", 13),
        ("mask.email_deterministic", column(max_length=16, unique=True), "x.test", 9),
        (
            {"type": "mask.email_deterministic", "params": {"domain": "corp.example"}},
            column(),
            "corp.example",
            16,
        ),
        ({"type": "mask.email_deterministic", "params": {"keep_domain": True}}, column(), "mail.fr", 16),
    ],
)
def test_shape(rule: object, spec: object, domain: str, local: int) -> None:
    out = run(rule, ["Jean.Dupont@mail.fr", "jean.dupont@MAIL.fr", "other@mail.fr"], spec)  # type: ignore[arg-type]
    assert all(EMAIL.match(e) for e in out)
    assert out[0] == out[1] != out[2]  # one address whatever its case
    assert out[0].endswith("@" + domain) and len(out[0].split("@")[0]) == local
    if getattr(spec, "max_length", None):
        assert all(len(e) <= spec.max_length for e in out)  # type: ignore[attr-defined]


def test_distinct_inputs_stay_distinct() -> None:
    out = run(
        "mask.email_deterministic",
        [f"user{i}@example.org" for i in range(20000)],
        column(max_length=25, unique=True),
    )
    assert len(set(out)) == 20000


def test_too_short_a_column_is_refused() -> None:
    with pytest.raises(RuleError, match="too short"):
        run("mask.email_deterministic", ["a@b.c"], column(max_length=12))
