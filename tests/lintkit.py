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


def make_doc(parts, lang: str = "en", fmt: str = "text", *, block_lang: str | None = None,
             heading_level: int = 2):
    """Build a Document by hand, for checks tested without a reader.

    ``parts``: paragraph strings, ``(kind, text)`` tuples, or ready ``Block`` objects (their
    links and marks are kept, their map rebuilt). Blocks are separated by blank lines in the
    source and map 1:1 onto it; headings get ``heading_level``."""
    from plainspeak.document import Block, Document, SourceMap
    src = ""
    blocks = []
    for p in parts:
        extra = {}
        if isinstance(p, Block):
            kind, text, extra = p.kind, p.text, {"links": p.links, "marks": p.marks}
        else:
            kind, text = (p if isinstance(p, tuple) else ("paragraph", p))
        if src:
            src += "\n\n"
        start = len(src)
        src += text
        blocks.append(Block(kind, text, SourceMap([(0, start, len(text), len(text))]),
                            level=heading_level if kind == "heading" else 0, lang=block_lang,
                            **extra))
    return Document(path="t.txt", source=src, format=fmt, blocks=blocks, language=lang)
