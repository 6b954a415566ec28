"""mask.noise: numbers moved by a keyed relative amount (at most `pct` percent), in the column's scale."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    Transformer,
    TransformerParams,
    digest,
)


class NoiseParams(TransformerParams):
    pct: float = Field(default=10.0, gt=0, le=100, description="Largest change, in percent of the value.")


class Noise(Transformer):
    name = "mask.noise"
    summary = "Keyed multiplicative noise of at most pct percent, rounded to the column's scale."
    Params = NoiseParams
    kinds = frozenset({"integer", "number"})
    leak_check = "none"  # a small value may round back to itself

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, NoiseParams)
        key = ctx.keyed(self.name)
        out = []
        for value in values:
            raw = int.from_bytes(digest(key, str(value))[:8], "big") / 2**64  # [0, 1)
            factor = 1 + (2 * raw - 1) * params.pct / 100
            if isinstance(value, int):
                result: Any = round(value * factor)
                if column.integer_bits:
                    limit = 2 ** (column.integer_bits - 1) - 1
                    result = max(-limit - 1, min(limit, result))
            elif isinstance(value, Decimal):
                exponent = Decimal(1).scaleb(-(column.scale or max(0, -int(value.as_tuple().exponent))))
                result = (value * Decimal(str(factor))).quantize(exponent, rounding=ROUND_HALF_EVEN)
                if column.precision is not None:
                    bound = Decimal(10) ** (column.precision - (column.scale or 0)) - exponent
                    result = max(-bound, min(bound, result))
            else:
                result = float(value) * factor
            out.append(result)
        return out


TRANSFORMER = Noise()
