"""mask.generalize: numbers rounded down to a bucket, dates truncated to the month or the year."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)


class GeneralizeParams(TransformerParams):
    bucket: float | None = Field(default=None, gt=0, description="Numbers: the bucket width (e.g. 10, 1000).")
    unit: Literal["month", "year"] = Field(default="month", description="Dates: what to keep.")


class Generalize(Transformer):
    name = "mask.generalize"
    summary = "Coarsen values: numbers down to a bucket (bucket=1000), dates to their month or year."
    Params = GeneralizeParams
    kinds = frozenset({"integer", "number", "date", "timestamp", "timestamptz"})
    leak_check = "none"  # a value already on a bucket boundary stays what it was

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        super().check(params, column)
        assert isinstance(params, GeneralizeParams)
        if column.kind in ("integer", "number") and params.bucket is None:
            raise RuleError(f"{column.label}: mask.generalize needs a bucket width for numbers")

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, GeneralizeParams)
        return [_generalize(v, params) for v in values]


def _generalize(value: Any, params: GeneralizeParams) -> Any:
    if isinstance(value, datetime):
        month = 1 if params.unit == "year" else value.month
        return value.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
    if isinstance(value, date):
        return value.replace(month=1 if params.unit == "year" else value.month, day=1)
    if isinstance(value, int) and params.bucket is not None and float(params.bucket).is_integer():
        step = int(params.bucket)
        return value - value % step
    if isinstance(value, int | float | Decimal) and params.bucket is not None:
        width = Decimal(str(params.bucket))
        result = (Decimal(str(value)) // width) * width
        if isinstance(value, Decimal):
            return result
        return int(result) if isinstance(value, int) else float(result)
    return value


TRANSFORMER = Generalize()
