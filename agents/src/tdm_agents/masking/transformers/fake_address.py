"""mask.fake_address: a made-up street address per value ("742 Maple Lane"), the same for the same input."""

from __future__ import annotations

from typing import Any

from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MadeUpValues,
    MaskContext,
    TransformerParams,
    digest,
    fit_text,
)
from tdm_agents.masking.transformers.fake_name import pick
from tdm_agents.masking.transformers.fakes_data import STREET_KINDS, STREETS


class FakeAddress(MadeUpValues):
    name = "mask.fake_address"
    summary = "A consistent made-up street address per value."
    kinds = frozenset({"text"})

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        key = ctx.keyed(self.name)
        out = []
        for value in values:
            raw = digest(key, str(value).strip().lower())
            number = 1 + int.from_bytes(raw[16:20], "big") % 9899
            out.append(fit_text(f"{number} {pick(STREETS, raw)} {pick(STREET_KINDS, raw, 8)}", column))
        return out


TRANSFORMER = FakeAddress()
