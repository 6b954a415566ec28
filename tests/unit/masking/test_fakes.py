"""mask.fake_name, mask.fake_phone, mask.fake_address, mask.date_shift: consistent made-up values."""

from __future__ import annotations

import re
from datetime import date, datetime

import pyarrow as pa
import pytest
from tdm_agents.masking.transformers.fakes_data import FIRST_NAMES, LAST_NAMES
from tdm_agents.masking.transformers.registry import resolve_rule

from tests.unit.masking.support import column, ctx, run


@pytest.mark.parametrize("locale", ["en", "fr", "de", "es", "pt", "it"])
@pytest.mark.parametrize("part", ["first", "last", "full"])
def test_names_come_from_the_locale_and_stay_consistent(locale: str, part: str) -> None:
    rule = {"type": "mask.fake_name", "params": {"part": part, "locale": locale}}
    out = run(rule, ["MARY", "mary ", "JOHN"], column(max_length=40))
    assert out[0] == out[1]
    words = out[0].split(" ")
    if part == "first":
        assert words == [words[0]] and words[0] in FIRST_NAMES[locale]
    elif part == "last":
        assert out[0] in LAST_NAMES[locale]
    else:
        assert words[0] in FIRST_NAMES[locale]


def test_names_fit_short_columns() -> None:
    assert all(len(v) <= 5 for v in run("mask.fake_name", ["a", "b", "c"], column(max_length=5)))


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("+33 6 12 34 56 78", r"^\+33 \d \d\d \d\d \d\d \d\d$"),
        ("(555) 010-9999", r"^\(\d{3}\) \d{3}-\d{4}$"),
        ("0123456789", r"^\d{10}$"),
    ],
)
def test_phones_keep_their_format(value: str, shape: str) -> None:
    (out,) = run("mask.fake_phone", [value])
    assert re.match(shape, out) and out != value
    assert run("mask.fake_phone", [value]) == [out]


def test_addresses_are_streets() -> None:
    out = run("mask.fake_address", ["1913 Hanoi Way", "1913 hanoi way"], column(max_length=50))
    assert out[0] == out[1] and re.match(r"^\d{1,4} [A-Z][a-z]+ [A-Z][a-z]+$", out[0])


def test_date_shift_moves_every_date_and_keeps_the_type() -> None:
    rule = {"type": "mask.date_shift", "params": {"max_days": 30}}
    dates = [date(2020, 1, 1), date(1990, 6, 15)]
    out = run(rule, dates, column("date"))
    assert all(isinstance(d, date) and 0 < abs((d - o).days) <= 30 for d, o in zip(out, dates, strict=True))
    moments = run(rule, [datetime(2020, 1, 1, 12)], column("timestamp"))
    assert moments[0].hour == 12


def test_date_shift_per_entity_keeps_intervals() -> None:
    transformer, params = resolve_rule({"type": "mask.date_shift", "params": {"entity": "customer_id"}})
    days = pa.array([date(2022, 1, 1), date(2022, 1, 11), date(2022, 1, 1)], pa.date32())
    owners = pa.array([7, 7, 8])
    out = transformer.apply_rows(days, {"customer_id": owners}, params, column("date"), ctx()).to_pylist()
    assert (out[1] - out[0]).days == 10  # the same customer: the same shift
    assert out[0] != days[0].as_py()
