"""Every transformer of this package, by name: each module defining `TRANSFORMER` is one entry.

Adding a transformer = adding a module (and its table-driven test): nothing here changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from tdm_agents.masking.transformers.base import RuleError, Transformer, TransformerParams

_NOT_TRANSFORMERS = frozenset({"base", "encoding", "fakes_data", "registry"})


@cache
def registry() -> dict[str, Transformer]:
    package = importlib.import_module("tdm_agents.masking.transformers")
    found: dict[str, Transformer] = {}
    for module in pkgutil.iter_modules(package.__path__):
        if module.name in _NOT_TRANSFORMERS:
            continue
        transformer = getattr(
            importlib.import_module(f"{package.__name__}.{module.name}"), "TRANSFORMER", None
        )
        if isinstance(transformer, Transformer):
            found[transformer.name] = transformer
    return dict(sorted(found.items()))


def resolve_rule(rule: Any) -> tuple[Transformer, TransformerParams]:
    """A rule value -- "mask.hash" or {"type": "mask.hash", "params": {...}} -- as (transformer, params);
    RuleError naming what is unknown or wrong."""
    raw: dict[str, Any]
    if isinstance(rule, str):
        name, raw = rule, {}
    elif isinstance(rule, dict) and isinstance(rule.get("type"), str):
        unknown = set(rule) - {"type", "params"}
        if unknown:
            raise RuleError(f"a rule object has 'type' and 'params', not {sorted(unknown)}")
        name, raw = rule["type"], rule.get("params") or {}
        if not isinstance(raw, dict):
            raise RuleError("a rule's params must be an object")
    else:
        raise RuleError('a rule is a transformer name ("mask.hash") or {"type": ..., "params": {...}}')
    transformer = registry().get(name)
    if transformer is None:
        raise RuleError(f"unknown transformer {name[:60]!r}; known: {', '.join(registry())}")
    try:
        return transformer, transformer.params(raw)
    except ValueError as exc:  # pydantic's ValidationError
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'params'}: {err['msg']}"
            for err in getattr(exc, "errors", lambda: [])()
        )
        raise RuleError(f"{name} params: {problems or exc}") from None
