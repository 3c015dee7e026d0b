"""Catalog -> Document: lint the values of a locale catalog as portal strings.

``catalog_document(cat, lang)`` builds a :class:`~plainspeak.document.Document` (format
``catalog-<format>``, source = the catalog text) with one ``string`` block per translatable,
non-obsolete message with a non-empty value (bilingual formats: the translation; POT
templates: nothing). ``block.attrs["key"]`` is the message key; ``block.lang`` the catalog
language. Placeholders and tags of the message's syntaxes (``{{x}}``, ``{x}``, ``{0}``, ICU
``{n, plural, one {...}}`` syntax but not its branch texts, ``%s``/``%1$s``, ``%(x)s``,
``%{x}``, ``$t(key)``, ``<b>``/``<x id="1"/>`` …) are masked with spaces, so words are never
built from them, and every block character maps to its source through the message's map.
"""
from __future__ import annotations

import re

from ..document import STRING, Document
from ..readers import TextBuilder
from ..masking import apply_mask
from .catalog import (OBSOLETE, SYNTAX_BRACE, SYNTAX_I18NEXT, SYNTAX_ICU, SYNTAX_MUSTACHE,
                      SYNTAX_PRINTF, SYNTAX_PYTHON, SYNTAX_RUBY, SYNTAX_XML, Catalog)
from .formats.base import primary

_PRINTF = r"%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@%]"
_PYTHON = r"%\([^()\n]{1,60}\)[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]"
_RUBY = r"%\{[^{}\n]{1,60}\}|%<[A-Za-z_]\w*>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]"
_MUSTACHE = r"\{\{\{.*?\}\}\}|\{\{.*?\}\}"
_I18NEXT = _MUSTACHE + r"|\$t\((?:[^()]|\([^()]*\))*\)"
_BRACE = r"\{\s*[\w.\-]{1,60}\s*(?:,[^{}\n]{0,60})?\}"
_TAG = r"""</?[A-Za-z][\w:.\-]*(?:\s+[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*)?/?>|</?\d+/?>"""

_PATTERNS = {
    SYNTAX_PRINTF: _PRINTF, SYNTAX_PYTHON: _PYTHON, SYNTAX_RUBY: _RUBY,
    SYNTAX_MUSTACHE: _MUSTACHE, SYNTAX_I18NEXT: _I18NEXT + "|" + _TAG, SYNTAX_BRACE: _BRACE,
    SYNTAX_XML: _TAG,
}
_CACHE: dict[tuple[str, ...], re.Pattern | None] = {}

_ICU_ARG = re.compile(r"\{\s*[\w.\-]+\s*(?:,\s*(\w+)\s*)?(,|\})")
_ICU_SELECTOR = re.compile(r"\s*(?:offset\s*:\s*\d+\s*)?(=?[\w.\-]+)\s*\{")


def _regex(syntaxes: tuple[str, ...]) -> re.Pattern | None:
    rx = _CACHE.get(syntaxes, False)
    if rx is False:
        # {{x}} first: every reader masks it (masking.py), and a brace pattern must not
        # leave its outer braces behind. Not for pure ICU, where "other {{n} visits}" is a
        # branch starting with an argument (the ICU scan masks its braces).
        parts = [_PATTERNS[s] for s in (SYNTAX_I18NEXT, SYNTAX_PYTHON, SYNTAX_RUBY,
                                        SYNTAX_PRINTF, SYNTAX_BRACE, SYNTAX_XML)
                 if s in syntaxes]
        if SYNTAX_ICU not in syntaxes or SYNTAX_MUSTACHE in syntaxes:
            parts.insert(0, _MUSTACHE)
        rx = re.compile("|".join(parts), re.S) if parts else None
        _CACHE[syntaxes] = rx
    return rx


def _icu_spans(text: str, spans: list[tuple[int, int]], mustache: bool = False) -> None:
    """Mask ICU syntax: simple arguments whole; for plural/select, the header, the selectors,
    the branch braces and ``#``, leaving the branch texts (prose) unmasked. With ``mustache``
    (CHT: messageformat and ``{{x}}`` in one value) ``{{x}}`` is one field."""
    n = len(text)

    def message(i: int, depth: int, in_plural: bool) -> int:
        # scan until an unmatched "}" (returned) or the end
        while i < n:
            c = text[i]
            if c == "'" and i + 1 < n and text[i + 1] in "{}#'":
                j = text.find("'", i + 1) if text[i + 1] != "'" else i + 1
                i = (j + 1) if j > 0 else n
                continue
            if c == "#" and in_plural:
                spans.append((i, i + 1))
                i += 1
                continue
            if c == "}":
                return i
            if c == "{":
                if mustache and text.startswith("{{", i):
                    j = text.find("}}", i + 2)
                    if j > 0:
                        spans.append((i, j + 2))
                        i = j + 2
                        continue
                i = argument(i, depth)
                continue
            i += 1
        return n

    def argument(i: int, depth: int) -> int:
        m = _ICU_ARG.match(text, i)
        if not m or depth > 8:
            return i + 1
        kind = (m.group(1) or "").lower()
        if m.group(2) == "}":                            # {name} / {n, number}
            spans.append((i, m.end()))
            return m.end()
        if kind not in ("plural", "select", "selectordinal"):
            close = text.find("}", m.end())              # {d, date, short}
            close = n if close < 0 else close + 1
            spans.append((i, close))
            return close
        spans.append((i, m.end()))
        j = m.end()
        while j < n:
            sm = _ICU_SELECTOR.match(text, j)
            if not sm:
                break
            spans.append((j, sm.end()))
            k = message(sm.end(), depth + 1, kind != "select")
            if k >= n:
                return n
            spans.append((k, k + 1))
            j = k + 1
        w = j
        while w < n and text[w] in " \t\n":
            w += 1
        if w < n and text[w] == "}":
            spans.append((j, w + 1))
            return w + 1
        return j

    i = message(0, 0, False)
    while i < n:                                  # a stray "}" at the top level: go on
        i = message(i + 1, 0, False)


def placeholder_spans(value: str, syntaxes: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` spans of placeholders and tags in ``value``."""
    spans: list[tuple[int, int]] = []
    if SYNTAX_ICU in syntaxes and "{" in value:
        _icu_spans(value, spans, SYNTAX_MUSTACHE in syntaxes or SYNTAX_I18NEXT in syntaxes)
    if SYNTAX_ICU in syntaxes and SYNTAX_BRACE in syntaxes:
        # the ICU scan masks {0} and {name} itself; a brace regex would also mask one-word
        # plural branches ("other {visits}"), which are prose
        syntaxes = tuple(s for s in syntaxes if s != SYNTAX_BRACE)
    rx = _regex(tuple(syntaxes))
    if rx is not None and any(c in value for c in "{%<$"):
        spans.extend(m.span() for m in rx.finditer(value) if m.end() > m.start())
    if not spans:
        return spans
    spans.sort()
    out = [spans[0]]
    for s, e in spans[1:]:
        ps, pe = out[-1]
        if s <= pe:
            if e > pe:
                out[-1] = (ps, e)
        else:
            out.append((s, e))
    return out


def catalog_document(cat: Catalog, lang: str | None) -> Document:
    """A Document of the catalog's lintable values (see the module docstring)."""
    doc = Document(path=cat.path, source=cat.text, format=f"catalog-{cat.format}")
    doc.problems.extend(cat.problems)
    code = primary(lang) or primary(cat.locale)
    if code:
        doc.language = code
        doc.language_declared = True
    if cat.template:
        return doc
    blocks = doc.blocks
    for m in cat.messages:
        value = m.value
        if not value or not m.translatable or m.state == OBSOLETE or m.smap is None:
            continue
        spans = placeholder_spans(value, m.syntaxes)
        masked = apply_mask(value, spans) if spans else value
        tb = TextBuilder()
        for t0, s0, tl, sl in m.smap.segments:
            piece = masked[t0:t0 + tl]
            if tl == sl:
                tb.add(piece, s0)
            else:
                tb.unit(piece, s0, sl)
        blk = tb.build(STRING, lang=code, attrs={"key": m.key}, urls=True)
        if blk is not None:
            blocks.append(blk)
    return doc
