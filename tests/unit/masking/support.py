"""A fixed key and column specs for the transformer tests."""

from __future__ import annotations

from typing import Any

from tdm_agents.masking.keys import MaskingKey
from tdm_agents.masking.transformers.base import ColumnSpec, MaskContext
from tdm_agents.masking.transformers.registry import resolve_rule

KEY = MaskingKey("test", bytes(range(32)))
OTHER_KEY = MaskingKey("other", bytes(range(1, 33)))


def ctx(key: MaskingKey = KEY) -> MaskContext:
    return MaskContext(key=key)


def column(kind: str = "text", **facts: Any) -> ColumnSpec:
    return ColumnSpec(table="t", column="c", kind=kind, **facts)


def run(rule: Any, values: list[Any], spec: ColumnSpec | None = None, key: MaskingKey = KEY) -> list[Any]:
    transformer, params = resolve_rule(rule)
    spec = spec or column()
    transformer.check(params, spec)
    return transformer.mask(values, params, spec, ctx(key))
