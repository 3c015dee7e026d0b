"""Reporters: pure functions from results to a string. No printing, no exit codes.

Each format is a module of this package with ``render(results, rules=None, **options) -> str``.
"""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "html")


def render(fmt: str, results, rules, **options) -> str:
    if fmt not in FORMATS:  # pragma: no cover - the CLI validates formats
        raise ValueError(f"unknown format {fmt!r}")
    mod = importlib.import_module(f".{fmt}", __name__)
    return mod.render(results, rules, **options)
