"""Reporters: pure functions from results to a string. No printing, no exit codes."""
from __future__ import annotations

FORMATS = ("text", "json")


def render(fmt: str, results, rules, **options) -> str:
    if fmt == "json":
        from .json import render as r
    elif fmt == "text":
        from .text import render as r
    else:  # pragma: no cover - the CLI validates formats
        raise ValueError(f"unknown format {fmt!r}")
    return r(results, rules, **options)
