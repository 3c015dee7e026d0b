"""Placeholders in catalog values: find them per syntax, compare source and translation, and
compute the spans to mask when a value is linted as prose.

Syntaxes (catalog.SYNTAX_*): what is matched -> the token used for comparison.

- i18next: ``{{ count }}``, ``{{count, number}}``, ``{{- html}}`` -> ``{{count}}`` (spaces,
  format suffix and the ``-`` unescape prefix dropped); ``$t(key)``, ``$t(key, {"n": 1})`` -> as
  written; tags ``<0>`` ``</0>`` ``<1/>`` ``<b>`` ``<br />`` ``<a href="…">`` -> lower-cased,
  self-closing as ``<br/>``, attributes other than ``id`` dropped (``<a>``).
- icu: arguments from a real parse (icu.py) -> ``{name}`` for ``{name}``, ``{n, number}`` and
  ``{n, plural, …}`` (``#`` and branch text such as ``{visita}`` are not placeholders); FormatJS
  rich-text tags in the text parts (``<b>`` ``</b>`` ``<br/>``) -> the tag, lower-cased. A text
  that does not parse falls back to a brace regex that still skips ``one {…}`` branch text.
- printf: ``%s`` ``%d`` ``%1$s`` ``%.2f`` ``%ld`` ``%@`` ``%-10s`` -> as written.
- python: ``%(name)s`` ``%(n).1f`` and unnamed ``%s`` ``%d`` (python-format uses both) -> as
  written.
- brace: ``{name}`` ``{0}`` ``{}`` ``{0,number,integer}`` ``{name!r:>10}`` ``{user.name}``
  ``{items[0]}`` -> ``{name}``, ``{0}``, ``{user.name}`` (format spec/conversion dropped);
  ``{{`` and ``}}`` are escapes.
- ruby: ``%{name}``, ``%<name>.2f`` -> as written.
- mustache: ``{{ name }}``, ``{{{raw}}}``, ``{{#sec}}``, ``{{/sec}}``, ``{{date | filter}}`` ->
  ``{{name}}``, ``{{{raw}}}``, ``{{#sec}}``, ``{{date}}`` (spaces and ``| filter`` dropped).
- xml: ``<x id="1"/>`` ``<ph id="2"/>`` ``<g id="3" ctype="x">`` ``</g>`` ``<b>`` ``<a href="…">``
  -> element name + ``id``: ``<x id="1"/>``, ``<g id="3">``, ``</g>``, ``<a>``.

False positives avoided: ``100%`` / ``50% off`` / ``15 % de`` are not printf (no space flag, no
conversion right after a digit), nor URL escapes such as ``%20de`` inside ``https://…`` (a
``%`` followed by two hex digits inside a URL; ``?q=%1$s`` in a URL still counts), ``%%`` is an
escape, a ``{`` without its ``}`` is prose, ``a < b``, ``<5 years`` and ``<help@x.org>`` are not
tags. When syntaxes overlap (``i18next`` + ``brace``) the longest construct wins.

Comparison is by multiset (``%s %s`` vs ``%s`` is a missing ``%s``; order does not matter),
except for ICU tokens, compared as a set (plural branches legitimately repeat arguments).

Speed: one precompiled alternation regex per syntax combination, a character pre-check that
returns at once for values without ``{ % < $``, and cached ICU parses; ICU values made only of
text and simple ``{name}`` arguments (no quotes, no nesting) take a regex fast path that is
provably equivalent to the parse. See tests/test_translation_analysis.py for the timing test.
"""
from __future__ import annotations

from functools import lru_cache

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from . import catalog as _c

__all__ = ["Placeholder", "find", "compare", "mask_spans", "ALL_SYNTAXES"]

ALL_SYNTAXES = (_c.SYNTAX_I18NEXT, _c.SYNTAX_ICU, _c.SYNTAX_PRINTF, _c.SYNTAX_PYTHON,
                _c.SYNTAX_BRACE, _c.SYNTAX_RUBY, _c.SYNTAX_MUSTACHE, _c.SYNTAX_XML)


@dataclass(frozen=True)
class Placeholder:
    token: str       # normalised for comparison
    start: int       # offsets into the text
    end: int
    syntax: str      # catalog.SYNTAX_*


# ---------------------------------------------------------------------------------------------
# regex alternatives. Each is (kind, pattern); kind is the name of the outer group and selects
# the normaliser. Escapes have kinds starting with "esc".

_PRINTF_BODY = (r"(?:[1-9]\d*\$)?[-+#0']*(?:\d+|\*(?:[1-9]\d*\$)?)?"
                r"(?:\.(?:\d+|\*(?:[1-9]\d*\$)?))?"
                r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcCsSpn@]")
_PY_BODY = r"[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa]"
_TAG_XML = (r"<(/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)"
            r"\s*(/?)>")
_TAG_BOTH = (r"<(/?)(\d+|[A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)"
             r"\s*(/?)>")

_ALTS: dict[str, list[tuple[str, str]]] = {
    # order inside the combined regex is fixed by _ORDER below
    "mustache3": [("mustache3", r"\{\{\{[^{}]*\}\}\}")],
    "i18next": [("i18n", r"\{\{[^{}]*\}\}"), ("nest", r"\$t\((?:[^()]|\([^()]*\))*\)")],
    "mustache": [("must", r"\{\{[^{}]*\}\}")],
    "ruby": [("ruby", r"%\{\w+\}"), ("rubyfmt", r"%<\w+>[-+ 0#]*\d*(?:\.\d+)?[bBdiouxXeEfgGaAcps]")],
    "python": [("pynamed", r"%\(\w+\)" + _PY_BODY)],
    "escpct": [("escpct", r"%%")],
    "printf": [("printf", r"(?<![0-9])%" + _PRINTF_BODY)],
    "pyunnamed": [("pyplain", r"(?<![0-9])%" + _PY_BODY)],
    "escbrace": [("escbrace", r"\{\{|\}\}")],
    "brace": [("brace", r"\{((?:[A-Za-z_]\w*|\d+)?)((?:\.\w+|\[[^\[\]{}]*\])*)"
                        r"(?:![rsa])?(?::[^{}]*|,[^{}]*)?\}")],
}


def _norm_i18n(s: str) -> str:
    inner = s[2:-2].strip()
    if inner.startswith("-"):
        inner = inner[1:].strip()
    inner = inner.split(",", 1)[0].strip()
    return "{{" + inner + "}}"


def _norm_must(s: str) -> str:
    inner = s[2:-2].strip()
    inner = inner.split("|", 1)[0].strip()
    if inner[:1] in "#/^&>" and inner:
        inner = inner[0] + inner[1:].strip()
    return "{{" + inner + "}}"


def _norm_must3(s: str) -> str:
    return "{{{" + s[3:-3].strip().split("|", 1)[0].strip() + "}}}"


_TAG_PARSE = re.compile(_TAG_BOTH)
_ID_ATTR = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _norm_tag(s: str) -> str:
    m = _TAG_PARSE.match(s)
    if not m:                                            # pragma: no cover
        return s.lower()
    close, name, attrs, selfclose = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
    ident = ""
    if attrs:
        im = _ID_ATTR.search(attrs)
        if im:
            ident = f' id="{im.group(1) if im.group(1) is not None else im.group(2)}"'
    return f"<{close}{name}{ident}{selfclose}>"


_BRACE_PARSE = re.compile(_ALTS["brace"][0][1])


def _norm_brace(s: str) -> str:
    m = _BRACE_PARSE.match(s)
    return "{" + m.group(1) + m.group(2) + "}" if m else s


_NORMALISERS: dict[str, Callable[[str], str]] = {
    "i18n": _norm_i18n, "must": _norm_must, "mustache3": _norm_must3, "brace": _norm_brace,
    "tag": _norm_tag,
}

_SYNTAX_OF_KIND = {
    "mustache3": _c.SYNTAX_MUSTACHE, "i18n": _c.SYNTAX_I18NEXT, "nest": _c.SYNTAX_I18NEXT,
    "must": _c.SYNTAX_MUSTACHE, "ruby": _c.SYNTAX_RUBY, "rubyfmt": _c.SYNTAX_RUBY,
    "pynamed": _c.SYNTAX_PYTHON, "printf": _c.SYNTAX_PRINTF, "pyplain": _c.SYNTAX_PYTHON,
    "brace": _c.SYNTAX_BRACE,
}


class _Spec:
    __slots__ = ("regex", "triggers", "icu", "tag_syntax", "syntaxes")

    def __init__(self, syntaxes: tuple[str, ...]):
        s = set(syntaxes)
        unknown = s - set(ALL_SYNTAXES)
        if unknown:
            raise ValueError(f"unknown placeholder syntax(es): {sorted(unknown)}")
        self.syntaxes = s
        self.icu = _c.SYNTAX_ICU in s
        groups: list[str] = []
        trig: set[str] = set()

        def add(name: str):
            for kind, pat in _ALTS[name]:
                groups.append(f"(?P<{kind}>{pat})")

        if _c.SYNTAX_MUSTACHE in s:
            add("mustache3")
        if _c.SYNTAX_I18NEXT in s:
            add("i18next")
            trig.update("{$<")
        elif _c.SYNTAX_MUSTACHE in s:
            add("mustache")
        if _c.SYNTAX_MUSTACHE in s:
            trig.add("{")
        if _c.SYNTAX_RUBY in s:
            add("ruby")
            trig.add("%")
        if _c.SYNTAX_PYTHON in s:
            add("python")
        if s & {_c.SYNTAX_PRINTF, _c.SYNTAX_PYTHON}:
            add("escpct")
            add("printf" if _c.SYNTAX_PRINTF in s else "pyunnamed")
            trig.add("%")
        if _c.SYNTAX_BRACE in s:
            add("escbrace")
            add("brace")
            trig.add("{")
        tag_i18n = _c.SYNTAX_I18NEXT in s
        tag_xml = _c.SYNTAX_XML in s
        if tag_i18n or tag_xml:
            # i18next values may hold raw HTML too (<a href="…">), so its tags take attributes
            pat = _TAG_BOTH if tag_i18n else _TAG_XML
            groups.append(f"(?P<tag>{pat})")
            trig.add("<")
        self.tag_syntax = _c.SYNTAX_I18NEXT if tag_i18n else _c.SYNTAX_XML
        if self.icu:
            trig.update("{}<")
        self.triggers = tuple(sorted(trig))
        self.regex = re.compile("|".join(groups)) if groups else None


_SPECS: dict[tuple[str, ...], _Spec] = {}


def _spec(syntaxes: Iterable[str]) -> _Spec:
    key = syntaxes if type(syntaxes) is tuple else tuple(syntaxes)
    sp = _SPECS.get(key)
    if sp is None:
        sp = _Spec(key)
        if len(_SPECS) < 256:
            _SPECS[key] = sp
    return sp


# ---------------------------------------------------------------------------------------------
# ICU

# exactly the characters pyicumessageformat treats as spaces (besides \s) are excluded from names
_ICU_NAME = r"[^\s{},#'\u180e\u200b-\u200d\u2060\ufeff]+"
_ICU_SIMPLE = re.compile(r"\{\s*(" + _ICU_NAME + r")\s*\}")
_ICU_HEAD = re.compile(r"\{\s*(" + _ICU_NAME + r")\s*(?:,\s*[^\s{},#']+)?")
_ICU_TAG = re.compile(r"</?[A-Za-z][\w.-]*\s*/?>")
# fallback when the text does not parse
_ICU_FALLBACK = re.compile(
    r"\{\s*(" + _ICU_NAME + r")\s*,\s*(?:plural|selectordinal|select)\s*,"
    r"|(?<![{])\{\s*(" + _ICU_NAME + r")\s*(?:,\s*\w+\s*(?:,[^{}]*)?)?\}")
_CATEGORY_BEFORE = re.compile(r"(?:zero|one|two|few|many|other|=\d+)\s*$")


def _icu_is_simple(text: str) -> bool:
    rest = _ICU_SIMPLE.sub("", text)
    return "{" not in rest and "}" not in rest


def _icu_find(text: str) -> tuple[list[Placeholder], list[tuple[int, int]]]:
    """(placeholders, extra mask spans) for ICU syntax."""
    from . import icu
    out: list[Placeholder] = []
    if "{" not in text and "}" not in text:
        tags_from = [(0, len(text))]
        masks: list[tuple[int, int]] = []
    elif "'" not in text and _icu_is_simple(text):
        # fast path: text and simple arguments only; identical to what the parser returns
        masks = []
        tags_from = []
        prev = 0
        for m in _ICU_SIMPLE.finditer(text):
            out.append(Placeholder("{" + m.group(1) + "}", m.start(), m.end(), _c.SYNTAX_ICU))
            masks.append((m.start(), m.end()))
            tags_from.append((prev, m.start()))
            prev = m.end()
        tags_from.append((prev, len(text)))
    else:
        parsed = icu.parse(text)
        if parsed is None:
            masks = []
            for m in _ICU_FALLBACK.finditer(text):
                name = m.group(1) or m.group(2)
                if m.group(2) and _CATEGORY_BEFORE.search(text, 0, m.start()):
                    continue                     # `one {visita}`: branch text, not an argument
                hm = _ICU_HEAD.match(text, m.start())
                end = m.end() if m.group(2) else (hm.end() if hm else m.end())
                out.append(Placeholder("{" + name + "}", m.start(), end, _c.SYNTAX_ICU))
                masks.append((m.start(), m.end()))
            tags_from = [(0, len(text))]
        else:
            for name, start, end in icu.arguments(text) or ():
                if text.count("{", start, end) > 1:
                    # plural/select: the span is the "{n, plural" head, not the branches
                    hm = _ICU_HEAD.match(text, start)
                    if hm:
                        end = hm.end()
                out.append(Placeholder("{" + name + "}", start, end, _c.SYNTAX_ICU))
            masks = []
            tags_from = []
            for kind, a, b in parsed.tokens:
                if kind == "text":
                    tags_from.append((a, b))
                elif masks and masks[-1][1] == a:
                    masks[-1] = (masks[-1][0], b)
                else:
                    masks.append((a, b))
    if "<" in text:
        for a, b in tags_from:
            for m in _ICU_TAG.finditer(text, a, b):
                out.append(Placeholder(_norm_tag(m.group(0)), m.start(), m.end(), _c.SYNTAX_ICU))
                masks.append((m.start(), m.end()))
    return out, masks


# ---------------------------------------------------------------------------------------------
# public API

_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"']+", re.I)
_HEX2 = re.compile(r"%[0-9A-Fa-f]{2}")


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text:
        return []
    return [m.span() for m in _URL.finditer(text)]


def _scan(text: str, sp: _Spec) -> tuple[list[Placeholder], list[tuple[int, int]]]:
    found: list[Placeholder] = []
    masks: list[tuple[int, int]] = []
    if sp.regex is not None:
        tag_syntax = sp.tag_syntax
        urls = _url_spans(text) if "%" in text else []
        for m in sp.regex.finditer(text):
            kind = m.lastgroup
            if kind[:3] == "esc":
                continue
            if urls and (kind == "printf" or kind == "pyplain") and _HEX2.match(text, m.start()) \
                    and any(a <= m.start() < b for a, b in urls):
                continue                 # URL escape such as %20d in https://x.org/a%20de
            s = m.group(0)
            if kind == "tag":
                found.append(Placeholder(_norm_tag(s), m.start(), m.end(), tag_syntax))
                continue
            norm = _NORMALISERS.get(kind)
            found.append(Placeholder(norm(s) if norm else s, m.start(), m.end(),
                                     _SYNTAX_OF_KIND[kind]))
    if sp.icu:
        icu_found, icu_masks = _icu_find(text)
        if icu_found or icu_masks:
            masks = icu_masks
            if found:
                # drop regex matches overlapping ICU placeholders (longest construct wins)
                found = _dedupe(found + icu_found)
            else:
                found = icu_found
    return found, masks


def _dedupe(items: list[Placeholder]) -> list[Placeholder]:
    items.sort(key=lambda p: (p.start, -p.end))
    out: list[Placeholder] = []
    last_end = -1
    for p in items:
        if p.start >= last_end:
            out.append(p)
            last_end = p.end
    return out


def _has_trigger(text: str, triggers: tuple[str, ...]) -> bool:
    for c in triggers:
        if c in text:
            return True
    return False


def find(text: str, syntaxes: Iterable[str]) -> list[Placeholder]:
    """Placeholders of ``text`` for ``syntaxes`` (catalog.SYNTAX_*), in text order.

    Results are cached (a source string is compared with its translation in every locale);
    callers must not modify the returned list."""
    if not text:
        return []
    syn = syntaxes if type(syntaxes) is tuple else tuple(syntaxes)
    return _find_cached(text, syn)


@lru_cache(maxsize=1 << 15)
def _find_cached(text: str, syntaxes: tuple) -> list[Placeholder]:
    if not text:
        return []
    sp = _spec(syntaxes)
    if not _has_trigger(text, sp.triggers):
        return []
    found, _ = _scan(text, sp)
    if sp.icu and len(found) > 1:
        found.sort(key=lambda p: p.start)
    return found


def _multiset(phs: list[Placeholder]) -> Counter:
    c: Counter = Counter()
    for p in phs:
        if p.syntax == _c.SYNTAX_ICU:
            c[p.token] = 1
        else:
            c[p.token] += 1
    return c


def compare(source: str, target: str, syntaxes: Iterable[str]) -> tuple[list[str], list[str]]:
    """``(missing_in_target, added_in_target)`` placeholder tokens.

    Multisets for every syntax (counts matter, order does not; ``%1$s``/``%2$s`` compare by
    token), sets for ICU arguments and tags. Lists are in order of first appearance.
    """
    syn = syntaxes if type(syntaxes) is tuple else tuple(syntaxes)
    src = find(source, syn) if source else []
    tgt = find(target, syn) if target else []
    if not src and not tgt:
        return [], []
    cs, ct = _multiset(src), _multiset(tgt)
    if cs == ct:
        return [], []
    return _diff(src, cs, ct), _diff(tgt, ct, cs)


def _diff(items: list[Placeholder], mine: Counter, other: Counter) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for p in items:
        t = p.token
        if t in seen:
            continue
        seen.add(t)
        extra = mine[t] - other.get(t, 0)
        if extra > 0:
            out.extend([t] * extra)
    return out


def mask_spans(text: str, syntaxes: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` spans to blank out before linting ``text`` as prose:
    placeholders and tags, and for ICU every bit of syntax around the branch texts (argument
    heads, selectors, braces, ``#``), so only the human text remains."""
    if not text:
        return []
    sp = _spec(syntaxes)
    if not _has_trigger(text, sp.triggers):
        return []
    found, masks = _scan(text, sp)
    spans = [(p.start, p.end) for p in found] + masks
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for a, b in spans[1:]:
        la, lb = merged[-1]
        if a <= lb:
            if b > lb:
                merged[-1] = (la, b)
        else:
            merged.append((a, b))
    return merged
