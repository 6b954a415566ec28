"""mask.fpe_pan: keeps BIN, length, separators; passes Luhn; reversible with the key."""

from __future__ import annotations

import random

import pytest
from tdm_agents.masking.transformers.fpe_pan import luhn_digit, passes_luhn, unmask_pan

from tests.unit.masking.support import OTHER_KEY, ctx, run


def card(prefix: str, length: int, rng: random.Random) -> str:
    body = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    return "".join(map(str, [*body, luhn_digit(body)]))


RNG = random.Random(7)
CARDS = [card("411111", 16, RNG) for _ in range(300)] + [
    card("378282", 15, RNG),
    card("6011", 16, RNG),
    card("5555", 19, RNG),
]


@pytest.mark.parametrize(
    "value", [*CARDS[:5], "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005"]
)
def test_keeps_bin_length_format_and_luhn(value: str) -> None:
    (out,) = run("mask.fpe_pan", [value])
    digits = [int(c) for c in out if c.isdigit()]
    assert len(out) == len(value) and [c for c in out if not c.isdigit()] == [
        c for c in value if not c.isdigit()
    ]
    assert out.replace(" ", "").replace("-", "")[:6] == value.replace(" ", "").replace("-", "")[:6]
    assert passes_luhn(digits) and out != value


def test_distinct_deterministic_reversible() -> None:
    out = run("mask.fpe_pan", CARDS)
    assert len(set(out)) == len(CARDS) and out == run("mask.fpe_pan", CARDS)
    assert unmask_pan(ctx(), out) == CARDS
    assert run("mask.fpe_pan", CARDS[:3], key=OTHER_KEY) != out[:3]


def test_the_batched_and_the_per_value_paths_agree() -> None:
    plain = CARDS[:50]
    spaced = [f"{c[:4]} {c[4:8]} {c[8:12]} {c[12:]}" for c in plain]
    assert [m.replace(" ", "") for m in run("mask.fpe_pan", spaced)] == run("mask.fpe_pan", plain)
