"""mask.partial: keep the last (and/or first) characters, mask the rest ("************1234")."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import ColumnSpec, MaskContext, Transformer, TransformerParams


class PartialParams(TransformerParams):
    keep_last: int = Field(default=4, ge=0, le=64)
    keep_first: int = Field(default=0, ge=0, le=64)
    mask_char: str = Field(default="*", min_length=1, max_length=1)


class Partial(Transformer):
    name = "mask.partial"
    summary = (
        "Keep the last N (and first M) characters and mask the others; a value too short is masked whole."
    )
    Params = PartialParams
    kinds = frozenset({"text"})
    leak_check = "row"  # masked text may equal another row's original value

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, PartialParams)
        out = []
        for value in values:
            text = str(value)
            hidden = len(text) - params.keep_first - params.keep_last
            if hidden <= 0:
                out.append(params.mask_char * len(text))  # keeping would show the whole value
            else:
                tail = text[len(text) - params.keep_last :] if params.keep_last else ""
                out.append(text[: params.keep_first] + params.mask_char * hidden + tail)
        return out


TRANSFORMER = Partial()
