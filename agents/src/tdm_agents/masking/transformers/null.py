"""mask.null: every value becomes NULL (drop the data, keep the column)."""

from __future__ import annotations

from typing import Any

from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)

ANY_KIND = frozenset(
    {
        "text",
        "integer",
        "number",
        "boolean",
        "date",
        "timestamp",
        "timestamptz",
        "time",
        "uuid",
        "json",
        "other",
    }
)


class NullMask(Transformer):
    name = "mask.null"
    summary = "Set the value to NULL."
    kinds = ANY_KIND
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
