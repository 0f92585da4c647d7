"""A package's names imported on first use (PEP 562), so that importing one of its
modules (``letters.schema`` when cases.db opens) does not import all of them (the
letter parser, the library importers)."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, sources: dict[str, str]) -> Callable[[str], object]:
    """The package's ``__getattr__``: ``sources`` maps each exported name to the
    module (relative to the package) it is imported from."""

    def __getattr__(name: str) -> object:
        module = sources.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        vars(importlib.import_module(package))[name] = value  # found directly next time
        return value

    return __getattr__
