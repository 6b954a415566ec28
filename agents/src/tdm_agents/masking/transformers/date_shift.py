"""mask.date_shift: dates and timestamps moved by a keyed number of days (never zero).

With `entity` (another column of the row, e.g. customer_id), every date of the same entity moves by the
same number of days, so intervals between an entity's events survive (a customer's rentals keep their
order and spacing); without it each distinct value gets its own shift. Types are kept.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    Transformer,
    TransformerParams,
    digest,
)

DATE_KINDS = frozenset({"date", "timestamp", "timestamptz"})


class ShiftParams(TransformerParams):
    max_days: int = Field(default=365, ge=1, le=36500, description="Largest shift, in days, either way.")
    entity: str | None = Field(default=None, description="Column of the row whose value picks the shift.")


def shift_days(key: bytes, seed: str, max_days: int) -> int:
    """A keyed shift in [-max_days, -1] or [1, max_days]."""
    raw = int.from_bytes(digest(key, seed)[:8], "big")
    magnitude = 1 + raw % max_days
    return magnitude if (raw >> 62) & 1 else -magnitude


def _shifted(value: Any, days: int) -> Any:
    if isinstance(value, datetime | date):
        try:
            return value + timedelta(days=days)
        except OverflowError:
            return value - timedelta(days=days)
    text = str(value)  # the source's text form (e.g. a table kept in text form for an 'infinity')
    try:
        parsed = (
            datetime.fromisoformat(text.replace(" ", "T", 1)) if len(text) > 10 else date.fromisoformat(text)
        )
    except ValueError:
        return value  # infinity, BC dates: not a personal date
    moved = parsed + timedelta(days=days)
    return moved.isoformat(sep=" ") if isinstance(moved, datetime) else moved.isoformat()


class DateShift(Transformer):
    name = "mask.date_shift"
    summary = "Shift dates by a keyed number of days; per entity (a column of the row) when given."
    Params = ShiftParams
    kinds = DATE_KINDS | frozenset({"text"})
    leak_check = "row"  # shifted dates may equal another row's original value

    def row_columns(self, params: TransformerParams) -> list[str]:
        assert isinstance(params, ShiftParams)
        return [params.entity] if params.entity else []

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, ShiftParams)
        key = ctx.keyed(self.name)
        return [_shifted(v, shift_days(key, str(v), params.max_days)) for v in values]

    def apply_rows(
        self,
        array: pa.Array,
        others: dict[str, pa.Array],
        params: TransformerParams,
        column: ColumnSpec,
        ctx: MaskContext,
    ) -> pa.Array:
        assert isinstance(params, ShiftParams) and params.entity
        key = ctx.keyed(self.name)
        entities = (
            pc.dictionary_encode(others[params.entity]).combine_chunks()
            if isinstance(others[params.entity], pa.ChunkedArray)
            else pc.dictionary_encode(others[params.entity])
        )
        shifts = [
            shift_days(key, "entity:" + str(e), params.max_days) for e in entities.dictionary.to_pylist()
        ]
        per_row = pc.take(pa.array(shifts, pa.int64()), entities.indices).to_pylist()
        values = array.to_pylist()
        masked = [
            None if v is None else _shifted(v, 0 if s is None else s)
            for v, s in zip(values, per_row, strict=True)
        ]
        return pa.array(masked, type=array.type)


TRANSFORMER = DateShift()
