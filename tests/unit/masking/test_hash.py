"""mask.hash: keyed, deterministic, fits; integers stay integers of the same width and distinct."""

from __future__ import annotations

import re
import uuid

import pytest
from tdm_agents.masking.transformers.base import RuleError

from tests.unit.masking.support import OTHER_KEY, column, run

CASES = [  # rule, column, input, pattern of the output
    ("mask.hash", column(), "alice", r"^[0-9a-f]{32}$"),
    (
        {"type": "mask.hash", "params": {"length": 12, "alphabet": "base32"}},
        column(),
        "alice",
        r"^[a-z2-7]{12}$",
    ),
    (
        {"type": "mask.hash", "params": {"alphabet": "digits", "length": 9}},
        column(max_length=9),
        "123-45-6789",
        r"^\d{9}$",
    ),
    (
        {"type": "mask.hash", "params": {"prefix": "cust_"}},
        column(max_length=20),
        "x",
        r"^cust_[0-9a-f]{15}$",
    ),
    ("mask.hash", column(max_length=8, unique=True), "ACC-0001", r"^[0-9A-Za-z]{8}$"),
    ("mask.hash", column("uuid"), str(uuid.UUID(int=5)), r"^[0-9a-f-]{36}$"),
]


@pytest.mark.parametrize(("rule", "spec", "value", "pattern"), CASES)
def test_output_shape_determinism_and_key(rule: object, spec: object, value: str, pattern: str) -> None:
    out = run(rule, [value, value], spec)  # type: ignore[arg-type]
    assert re.match(pattern, out[0]) and out[0] == out[1]
    assert out[0] != value
    assert run(rule, [value], spec, key=OTHER_KEY) != out[:1]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bits", "low", "high"), [(16, 10_000, 2**15), (32, 10**9, 2**31), (64, 10**18, 2**63)]
)
def test_integers_become_distinct_integers_of_the_same_width(bits: int, low: int, high: int) -> None:
    values = [*range(1, 2000), -7, 0]
    out = run("mask.hash", values, column("integer", integer_bits=bits, unique=True))
    assert len(set(out)) == len(out)
    assert all(isinstance(v, int) and (low <= abs(v) < high) for v in out)
    assert not set(out) & set(values)
    assert out[-2] < 0  # the sign is kept


@pytest.mark.parametrize(
    ("rule", "spec", "message"),
    [
        ("mask.hash", column(max_length=3, unique=True), "would collide"),
        ({"type": "mask.hash", "params": {"length": 40}}, column(max_length=20), "holds at most 20"),
        ("mask.hash", column("integer", integer_bits=8), "16, 32 or 64 bits"),
        ("mask.hash", column("date"), "not t.c"),
    ],
)
def test_rules_that_cannot_fit_are_refused(rule: object, spec: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        run(rule, ["x"], spec)  # type: ignore[arg-type]


def test_the_fast_hmac_is_hmac_sha256() -> None:
    import hmac

    from tdm_agents.masking.transformers.base import digests

    for key in (b"k" * 32, b"short", b"x" * 100):
        values = ["", "alice", "ünïcode 🚀", "x" * 300]
        assert digests(key, values) == [hmac.digest(key, v.encode(), "sha256") for v in values]
