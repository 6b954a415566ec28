"""mask.null: every value becomes NULL (drop the data, keep the column)."""

from __future__ import annotations

from typing import Any

from tdm_agents.common.contract import VALUE_KINDS
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)


class NullMask(Transformer):
    name = "mask.null"
    summary = "Set the value to NULL."
    kinds = VALUE_KINDS
    unique_safe = True  # NULLs are not equal to one another: a unique column may hold many
    leak_check = "none"

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        if not column.nullable:
            raise RuleError(
                f"{column.label} is NOT NULL: mask.null cannot empty it (use mask.redact or mask.hash)"
            )
        if column.primary_key:
            raise RuleError(f"{column.label} is a primary key column: it cannot be NULL")
        super().check(params, column)

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        return [None] * len(values)


TRANSFORMER = NullMask()
