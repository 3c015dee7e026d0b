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
    kinds: dict[str, type[Check]] = {SystemCheck.KIND: SystemCheck}
    from . import readability, structure
    for mod in (readability, structure):
        for name, cls in mod.KINDS.items():
            if name in kinds:
                raise RuntimeError(f"check kind {name!r} registered twice")
            kinds[name] = cls
    return kinds


KINDS = _gather()
