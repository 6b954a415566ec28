"""mask.fake_name: a made-up person name per input value (the same input always gets the same name).

Drawn with a keyed hash from the locale's lists (fakes_data.py); Title Case. `part` says whether the
column holds first names, last names or full names. The lists are short: a large table's originals may
hold every name of them, so from the engine's COMPOUND_FROM-th redraw on (see `small_output_space`) a
pick is a double name ("Emma-Louise", "Garcia-Moreau"), which real columns rarely hold.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MadeUpValues,
    MaskContext,
    TransformerParams,
    digest,
    fit_text,
)
from tdm_agents.masking.transformers.fakes_data import FIRST_NAMES, LAST_NAMES

Locale = Literal["en", "fr", "de", "es", "pt", "it"]
COMPOUND_FROM = 3


class NameParams(TransformerParams):
    part: Literal["first", "last", "full"] = Field(default="full", description="first, last or full name.")
    locale: Locale = "en"


def pick(options: tuple[str, ...], raw: bytes, offset: int = 0) -> str:
    return options[int.from_bytes(raw[offset : offset + 8], "big") % len(options)]


class FakeName(MadeUpValues):
    name = "mask.fake_name"
    summary = "A consistent made-up first, last or full name per value (locale: en, fr, de, es, pt, it)."
    Params = NameParams
    kinds = frozenset({"text"})

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, NameParams)
        key = ctx.keyed(self.name)
        firsts, lasts = FIRST_NAMES[params.locale], LAST_NAMES[params.locale]
        out = []
        double = ctx.redraw >= COMPOUND_FROM
        for value in values:
            raw = digest(key, str(value).strip().lower())
            first, last = pick(firsts, raw), pick(lasts, raw, 8)
            if double:
                first, last = f"{first}-{pick(firsts, raw, 16)}", f"{last}-{pick(lasts, raw, 24)}"
            name = first if params.part == "first" else last if params.part == "last" else f"{first} {last}"
            out.append(fit_text(name, column))
        return out


TRANSFORMER = FakeName()
