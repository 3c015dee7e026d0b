"""Java ``.properties`` catalogs.

``javaproperties.parse`` splits the file into elements (key-value pairs, comments, blank
lines) and decodes keys and values; each element carries its raw source text, so cumulative
lengths give its exact offset. Within an element a small tokenizer finds the raw key and value
and maps escapes (``\\uXXXX``, ``\\t``, ``\\ ``, ``\\=`` …) as units; a line continuation
(backslash, line break, leading blanks of the next line) is a gap of the map, so every
physical piece of a continued value maps to its own line. When the tokenizer and the library
ever disagree, the library's value wins and is mapped as one unit.
"""
from __future__ import annotations

import re

import javaproperties

from ..catalog import (SYNTAX_BRACE, SYNTAX_ICU, SYNTAX_MUSTACHE, TRANSLATED, UNTRANSLATED,
                       Catalog, Message)
from .base import ValueBuilder, problem, simple_map, unit_map

SYNTAXES = (SYNTAX_BRACE, SYNTAX_MUSTACHE, SYNTAX_ICU)

_CONT = r"\\(?:\r\n|\r|\n)[ \t\f]*"
_LEAD = re.compile(rf"(?:[ \t\f]|{_CONT})*")
_KEY = re.compile(rf"(?:[^\\=: \t\f\r\n]+|{_CONT}|\\u[0-9a-fA-F]{{4}}|\\.)*", re.S)
_SEP = re.compile(rf"(?:[ \t\f]|{_CONT})*[=:]?(?:[ \t\f]|{_CONT})*")
_TOK = re.compile(rf"({_CONT})|\\u([0-9a-fA-F]{{4}})|\\(.)|[^\\]+|\\$", re.S)
_ESC = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_LOGICAL_LINE = re.compile(r"(?:[^\r\n\\]|\\(?:\r\n|[\s\S]))*(?:\r\n|\r|\n|$)")


def _decode(s: str, a: int, b: int):
    """Decode ``s[a:b]`` (a key or value, raw): ``(text, ValueBuilder)``."""
    vb = ValueBuilder()
    pending = None                # a high surrogate escape: [start, end so far]

    def flush() -> None:
        vb.unit(chr(int(s[pending[0] + 2:pending[0] + 6], 16)), pending[0], 6)

    for m in _TOK.finditer(s, a, b):
        st, en = m.span()
        if m.group(1) is not None:                   # line continuation: a gap
            if pending is not None:
                pending[1] = en
            continue
        hexd = m.group(2)
        if hexd is not None:
            cp = int(hexd, 16)
            if 0xD800 <= cp < 0xDC00:
                if pending is not None:
                    flush()
                pending = [st, en]
                continue
            if 0xDC00 <= cp < 0xE000 and pending is not None and pending[1] == st:
                hi = int(s[pending[0] + 2:pending[0] + 6], 16)
                vb.unit(chr(0x10000 + ((hi - 0xD800) << 10) + (cp - 0xDC00)), pending[0],
                        en - pending[0])
                pending = None
                continue
        if pending is not None:
            flush()
            pending = None
        if hexd is not None:
            vb.unit(chr(int(hexd, 16)), st, 6)
        elif m.group(3) is not None:
            c = m.group(3)
            vb.unit(_ESC.get(c, c), st, 2)
        elif en - st == 1 and s[st] == "\\":
            continue                                 # lone backslash at the very end
        else:
            vb.lit(s[st:en], st)
    if pending is not None:
        flush()
    return vb.value(), vb


def _elements(text: str, cat: Catalog):
    """``(offset, element)`` for every element; an invalid ``\\u`` escape becomes a problem
    and parsing resumes after its logical line."""
    base = 0
    while base <= len(text):
        chunk = text[base:] if base else text
        pos = base
        try:
            for el in javaproperties.parse(chunk):
                yield pos, el
                pos += len(el.source)
            return
        except javaproperties.InvalidUEscapeError as exc:
            m = _LOGICAL_LINE.match(text, pos)
            end = m.end() if m and m.end() > pos else pos + 1
            bad = text.find(exc.escape, pos, end) if getattr(exc, "escape", None) else -1
            cat.problems.append(problem(f"invalid \\u escape {getattr(exc, 'escape', '')!r} "
                                        "(it needs four hex digits)",
                                        bad if bad >= 0 else pos, len(exc.escape or "")))
            base = end
            if base >= len(text):
                return
        except Exception as exc:  # noqa: BLE001 - never raise for bad content
            cat.problems.append(problem(f"cannot read this .properties file: {exc}", pos))
            return


def read_properties(cat: Catalog) -> None:
    text = cat.text
    comments: list[str] = []
    for off, el in _elements(text, cat):
        if isinstance(el, javaproperties.Comment):
            comments.append(el.value.strip())
            continue
        if not isinstance(el, javaproperties.KeyValue):
            comments = []
            continue
        src = el.source
        end = off + len(src)
        if src.endswith("\r\n"):
            end -= 2
        elif src.endswith(("\n", "\r")):
            end -= 1
        ka = _LEAD.match(text, off, end).end()
        kb = _KEY.match(text, ka, end).end()
        va = _SEP.match(text, kb, end).end()
        key = el.key                             # the library decodes keys
        if "\\" not in text[va:end]:
            value, smap = text[va:end], simple_map(va, end - va)
        else:
            value, vb = _decode(text, va, end)
            smap = vb.smap()
        if value != el.value:                    # never expected: trust the library
            value = el.value
            smap = unit_map(value, va, end - va)
        line, col = cat.line_col(ka)
        meta = {"comments": comments} if comments else {}
        comments = []
        cat.messages.append(Message(
            key=key, value=value, line=line, column=col, key_start=ka, key_end=kb,
            value_start=va, value_end=end, smap=smap,
            state=TRANSLATED if value else UNTRANSLATED, syntaxes=SYNTAXES, meta=meta))
