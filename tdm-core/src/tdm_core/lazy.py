"""Package attributes imported on first use (PEP 562), for packages whose full import is slow.

    __getattr__ = lazy_exports(__name__, {"LLMClassifier": "llm_classifier", ...})

`from package import LLMClassifier` still works; importing only a light submodule of the package
(e.g. an agent's `contract`) no longer imports the heavy ones.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` resolving each name of `exports` from `package.<submodule>`."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's required name
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
