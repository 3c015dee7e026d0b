"""Shared helpers for tests: lint a string as a given format and profile."""
from __future__ import annotations

from pathlib import Path

from plainspeak.config import Config
from plainspeak.engine import Linter, Options
from plainspeak.rulepack import load_rules

_RULES = None
EXT = {"text": "txt", "markdown": "md", "html": "html", "catalog-json": "json"}


def rules():
    global _RULES
    if _RULES is None:
        _RULES = load_rules()
    return _RULES


def linter(select=None, ignore=(), profile=None, config: Config | None = None) -> Linter:
    cfg = config or Config(root=Path.cwd())
    return Linter(cfg, rules(), Options(select=list(select) if select else None,
                                        ignore=list(ignore), profile=profile))


def lint(text: str, fmt: str = "text", profile: str | None = None, select=None, ignore=(),
         name: str | None = None, config: Config | None = None):
    lt = linter(select, ignore, profile, config)
    path = name or f"example.{EXT[fmt]}"
    return lt.lint_bytes(path, text.encode("utf-8"), fmt=fmt)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]
