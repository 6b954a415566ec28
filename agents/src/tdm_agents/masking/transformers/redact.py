"""mask.redact: every value becomes one fixed text (default "REDACTED")."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)


class RedactParams(TransformerParams):
    replacement: str = Field(default="REDACTED", max_length=1000, description="The text every value becomes.")


class Redact(Transformer):
    name = "mask.redact"
    summary = "Replace the value with a fixed text."
    Params = RedactParams
    kinds = frozenset({"text", "json", "other"})

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        super().check(params, column)
        assert isinstance(params, RedactParams)
        if column.max_length is not None and len(params.replacement) > column.max_length:
            raise RuleError(
                f"replacement {params.replacement[:40]!r} has {len(params.replacement)} characters; "
                f"{column.label} holds at most {column.max_length}"
            )
        if column.kind == "json":
            raise RuleError(f"{column.label} holds JSON: use mask.json to redact values inside it")

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, RedactParams)
        return [params.replacement] * len(values)


TRANSFORMER = Redact()
