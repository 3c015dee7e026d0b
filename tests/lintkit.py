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


def lint_tree(root: Path, files: dict[str, str | bytes], select=None, ignore=(), profile=None,
              config: Config | None = None):
    """Write ``files`` (relative path -> content) under ``root`` and lint them all together,
    per file and across files (locale sets, document translations). Returns every finding,
    with paths relative to ``root``."""
    import os
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, str):
            p.write_text(body, encoding="utf-8")
        else:
            p.write_bytes(body)
    cfg = config or Config(root=root)
    lt = linter(select, ignore, profile, cfg)
    old = os.getcwd()
    os.chdir(root)
    try:
        from plainspeak.engine import iter_files
        paths = iter_files(["."], cfg, lambda p, m: None)
        results = [lt.lint_path(p) for p in paths]
        lt.lint_project(paths, results)
    finally:
        os.chdir(old)
    return [f for r in results for f in r.findings]
