"""mask.json: mask values inside a JSON column with the other transformers, by path.

    {"type": "mask.json", "params": {"paths": {"$.email": "mask.email_deterministic",
                                               "$.contacts[*].phone": "mask.fake_phone",
                                               "$.card.number": {"type": "mask.fpe_pan"}}}}

A path is `$` followed by `.key` and `[*]` (every element of an array) steps. The values a path reaches
are masked like a text column (numbers by their text). The rest of the document is kept.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[\*\]|\[\"([^\"]+)\"\]")


class JsonParams(TransformerParams):
    paths: dict[str, Any] = Field(min_length=1, max_length=200, description="JSON path -> rule.")


def parse_path(path: str) -> list[str | None]:
    """'$.a[*].b' -> ['a', None, 'b'] (None: every element)."""
    if not path.startswith("$"):
        raise RuleError(f"JSON path {path[:60]!r} must start with '$'")
    steps: list[str | None] = []
    position = 1
    while position < len(path):
        found = _STEP.match(path, position)
        if found is None:
            raise RuleError(f"JSON path {path[:60]!r}: cannot read it at character {position + 1}")
        steps.append(None if found.group(0) == "[*]" else (found.group(1) or found.group(2)))
        position = found.end()
    if not steps:
        raise RuleError("a JSON path must name something below '$'")
    return steps


def _collect(node: Any, steps: list[str | None], found: list[tuple[Any, Any]]) -> None:
    """(container, key) of every leaf a path reaches."""
    head, rest = steps[0], steps[1:]
    targets: list[tuple[Any, Any]] = []
    if head is None and isinstance(node, list):
        targets = [(node, i) for i in range(len(node))]
    elif isinstance(head, str) and isinstance(node, dict) and head in node:
        targets = [(node, head)]
    for container, key in targets:
        if rest:
            _collect(container[key], rest, found)
        elif container[key] is not None and not isinstance(container[key], dict | list):
            found.append((container, key))


class JsonMask(Transformer):
    name = "mask.json"
    summary = "Mask values inside JSON documents by path ($.a.b, $.items[*].c) with any other transformer."
    Params = JsonParams
    kinds = frozenset({"json", "text"})

    def rules(self, params: JsonParams) -> list[tuple[list[str | None], Transformer, TransformerParams]]:
        from tdm_agents.masking.transformers.registry import resolve_rule

        found = []
        for path, rule in params.paths.items():
            transformer, inner = resolve_rule(rule)
            if transformer.name == self.name:
                raise RuleError("mask.json cannot nest mask.json")
            found.append((parse_path(path), transformer, inner))
        return found

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        if column.kind not in self.kinds:
            raise RuleError(f"{self.name} masks JSON columns, not {column.label}")
        assert isinstance(params, JsonParams)
        inner_column = ColumnSpec(table=column.table, column=column.column, kind="text")
        for _steps, transformer, inner in self.rules(params):
            transformer.check(inner, inner_column)

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, JsonParams)
        documents = []
        for value in values:
            try:
                documents.append(json.loads(value) if isinstance(value, str) else value)
            except json.JSONDecodeError:
                documents.append(None)  # not JSON: masked whole below
        inner_column = ColumnSpec(table=column.table, column=column.column, kind="text")
        for steps, transformer, inner in self.rules(params):
            leaves: list[tuple[Any, Any]] = []
            for document in documents:
                if document is not None:
                    _collect(document, steps, leaves)
            distinct = list(dict.fromkeys(str(container[key]) for container, key in leaves))
            if not distinct:
                continue
            masked = dict(zip(distinct, transformer.mask(distinct, inner, inner_column, ctx), strict=True))
            for container, key in leaves:
                container[key] = masked[str(container[key])]
        return [
            json.dumps(document, ensure_ascii=False) if document is not None else None
            for document in documents
        ]


TRANSFORMER = JsonMask()
