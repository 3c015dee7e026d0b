"""The closed set of check kinds. A rule pack names a kind; the kind's class does the work."""
from __future__ import annotations

from typing import Iterator

from .base import Check, Context


class SystemCheck(Check):
    """PS9xx rules: findings made by the engine itself (unreadable files, suppressions)."""
    KIND = "system"
    PARAMS: dict = {}

    def run(self, ctx: Context) -> Iterator:
        return iter(())


def _gather() -> dict[str, type[Check]]:
    """Every module of this package that defines ``KINDS`` contributes its check kinds."""
    import importlib
    import pkgutil
    kinds: dict[str, type[Check]] = {SystemCheck.KIND: SystemCheck}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        for name, cls in getattr(mod, "KINDS", {}).items():
            if name in kinds:
                raise RuntimeError(f"check kind {name!r} registered twice")
            kinds[name] = cls
    return kinds


KINDS = _gather()
