"""JSON catalogs: i18next (nested or flat), FormatJS / react-intl, Flutter ARB.

``json.loads`` validates (and gives the error position); a small regex-driven scanner then
walks the text once to record the exact position of every key and string, building a tree of
tuples: ``("o", start, end, [(key, key_start, key_end, child), ...])``,
``("a", start, end, [child, ...])``, ``("s", body_start, body_end)`` and
``("v", start, end)`` for other scalars. Escapes (``\\n``, ``\\"``, ``\\u00e9``, surrogate
pairs) map as units, exactly like :mod:`plainspeak.readers.jsoncat`.
"""
from __future__ import annotations

import json
import re

from ..catalog import (SYNTAX_I18NEXT, SYNTAX_ICU, SYNTAX_XML, TRANSLATED, UNTRANSLATED,
                       Catalog, Message)
from .base import ValueBuilder, problem, simple_map

_WS = re.compile(r"[ \t\r\n]*")
_STR_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.S)
_ESC = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _Stop(Exception):
    pass


class Scanner:
    """Position-tracking JSON scanner (input already validated, or read leniently)."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.n = len(s)

    def ws(self, i: int) -> int:
        return _WS.match(self.s, i).end()

    def parse(self):
        """The root node; on malformed input the partial tree read so far (``self.error``)."""
        self.error = None
        holder: list = []
        try:
            i = self.ws(0)
            if i < self.n:
                self._value(i, holder)
        except (_Stop, IndexError, RecursionError) as exc:
            self.error = exc
        return holder[0] if holder else None

    def _value(self, i: int, out: list) -> int:
        s = self.s
        c = s[i]
        if c == "{":
            items: list = []
            node = ["o", i, -1, items]
            out.append(node)
            i = self.ws(i + 1)
            if s[i] == "}":
                node[2] = i + 1
                return i + 1
            while True:
                if s[i] != '"':
                    raise _Stop(i)
                a = i + 1
                b = _STR_BODY.match(s, a).end()
                if b >= self.n:
                    raise _Stop(b)
                raw = s[a:b]
                key = raw if "\\" not in raw else json.loads('"' + raw + '"')
                i = self.ws(b + 1)
                if s[i] != ":":
                    raise _Stop(i)
                i = self.ws(i + 1)
                holder: list = []
                try:
                    i = self.ws(self._value(i, holder))
                finally:
                    if holder:
                        items.append((key, a, b, holder[0]))
                if s[i] == ",":
                    i = self.ws(i + 1)
                    continue
                if s[i] != "}":
                    raise _Stop(i)
                node[2] = i + 1
                return i + 1
        if c == "[":
            kids: list = []
            node = ["a", i, -1, kids]
            out.append(node)
            i = self.ws(i + 1)
            if s[i] == "]":
                node[2] = i + 1
                return i + 1
            while True:
                i = self.ws(self._value(i, kids))
                if s[i] == ",":
                    i = self.ws(i + 1)
                    continue
                if s[i] != "]":
                    raise _Stop(i)
                node[2] = i + 1
                return i + 1
        if c == '"':
            a = i + 1
            b = _STR_BODY.match(s, a).end()
            if b >= self.n:
                raise _Stop(b)
            out.append(("s", a, b))
            return b + 1
        m = _SCALAR.match(s, i)
        if not m:
            raise _Stop(i)
        out.append(("v", i, m.end()))
        return m.end()


def decode_string(s: str, a: int, b: int):
    """Decode the JSON string body ``s[a:b]``: ``(value, SourceMap)``."""
    if "\\" not in s[a:b]:
        return s[a:b], simple_map(a, b - a)
    vb = ValueBuilder()
    pos = a
    pending = None                       # a high surrogate (start, len) waiting for its pair
    for m in _ESC.finditer(s, a, b):
        st, en = m.span()
        if st > pos:
            if pending:
                vb.unit(chr(int(s[pending[0] + 2:pending[0] + 6], 16)), *pending)
                pending = None
            vb.lit(s[pos:st], pos)
        hexd = m.group(1)
        if hexd is not None:
            cp = int(hexd, 16)
            if 0xD800 <= cp < 0xDC00:
                if pending:
                    vb.unit(chr(int(s[pending[0] + 2:pending[0] + 6], 16)), *pending)
                pending = (st, en - st)
            elif 0xDC00 <= cp < 0xE000 and pending and pending[0] + pending[1] == st:
                hi = int(s[pending[0] + 2:pending[0] + 6], 16)
                vb.unit(chr(0x10000 + ((hi - 0xD800) << 10) + (cp - 0xDC00)),
                        pending[0], en - pending[0])
                pending = None
            else:
                if pending:
                    vb.unit(chr(int(s[pending[0] + 2:pending[0] + 6], 16)), *pending)
                    pending = None
                vb.unit(chr(cp), st, en - st)
        else:
            if pending:
                vb.unit(chr(int(s[pending[0] + 2:pending[0] + 6], 16)), *pending)
                pending = None
            ch = m.group(2)
            vb.unit(_SIMPLE.get(ch, ch), st, en - st)
        pos = en
    if pending:
        vb.unit(chr(int(s[pending[0] + 2:pending[0] + 6], 16)), *pending)
    if pos < b:
        vb.lit(s[pos:b], pos)
    return vb.build()


def parse(cat: Catalog):
    """Validate and scan ``cat.text``: the root node (possibly partial) or ``None``."""
    text = cat.text
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        cat.problems.append(problem(
            f"catalog is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            min(exc.pos, len(text))))
    except (RecursionError, ValueError) as exc:
        cat.problems.append(problem(f"catalog is not valid JSON: {exc}"))
        return None
    sc = Scanner(text)
    return sc.parse()


def _message(cat: Catalog, key: str, ka: int, kb: int, node, syntaxes, **kw) -> Message:
    line, col = cat.line_col(ka)
    value, smap = decode_string(cat.text, node[1], node[2])
    return Message(key=key, value=value, line=line, column=col, key_start=ka, key_end=kb,
                   value_start=node[1], value_end=node[2], smap=smap,
                   state=TRANSLATED if value else UNTRANSLATED, syntaxes=syntaxes, **kw)


# ------------------------------------------------------------------------------ i18next

_PLURAL = re.compile(r"^(.+?)(_ordinal)?_(zero|one|two|few|many|other)$")
_V3_INDEX = re.compile(r"^(.+)_(\d)$")
I18NEXT_SYNTAXES = (SYNTAX_I18NEXT,)


def _walk_i18next(cat: Catalog, node, prefix: str) -> None:
    kind = node[0]
    if kind == "a":
        for k, child in enumerate(node[3]):
            key = f"{prefix}{k}"
            if child[0] == "s":
                line, col = cat.line_col(child[1] - 1)
                value, smap = decode_string(cat.text, child[1], child[2])
                cat.messages.append(Message(
                    key=key, value=value, line=line, column=col, key_start=child[1] - 1,
                    key_end=child[1] - 1, value_start=child[1], value_end=child[2], smap=smap,
                    state=TRANSLATED if value else UNTRANSLATED, syntaxes=I18NEXT_SYNTAXES))
            elif child[0] in "oa":
                _walk_i18next(cat, child, key + ".")
        return
    if kind != "o":
        return
    items = node[3]
    names = {it[0] for it in items}
    stems = set(names)                   # keys and plural bases: context needs one of these
    for name in names:
        m = _PLURAL.match(name)
        if m:
            stems.add(m.group(1))
    for key, ka, kb, child in items:
        full = prefix + key
        ck = child[0]
        if ck == "s":
            base = plural = context = None
            stem = key
            m = _PLURAL.match(key)
            if m:
                stem = m.group(1)
                plural = ("ordinal_" if m.group(2) else "") + m.group(3)
            elif key.endswith("_plural") and key[:-7] in names:          # i18next v3
                stem, plural = key[:-7], "other"
            elif key + "_plural" in names:
                plural = "one"
            else:
                m3 = _V3_INDEX.match(key)
                if m3 and m3.group(1) + "_0" in names and m3.group(1) + "_1" in names:
                    stem, plural = m3.group(1), m3.group(2)
            if plural is not None:
                base = prefix + stem
            if "_" in stem:
                cstem, ctx = stem.rsplit("_", 1)
                if ctx and cstem in stems:
                    context = ctx
            cat.messages.append(_message(cat, full, ka, kb, child, I18NEXT_SYNTAXES,
                                         base=base, plural=plural, context=context))
        elif ck == "o" or ck == "a":
            _walk_i18next(cat, child, full + ".")


def read_i18next(cat: Catalog) -> None:
    root = parse(cat)
    if root is not None:
        if root[0] not in "oa":
            cat.problems.append(problem("catalog is not a JSON object", root[1]))
            return
        _walk_i18next(cat, root, "")


# ------------------------------------------------------------------------------ FormatJS

FORMATJS_SYNTAXES = (SYNTAX_ICU, SYNTAX_XML)


def _subtree(cat: Catalog, node):
    start, end = node[1], node[2]
    if node[0] == "s":
        start, end = start - 1, end + 1
    if end < 0:
        return None
    try:
        return json.loads(cat.text[start:end])
    except (ValueError, RecursionError):
        return None


def _walk_formatjs(cat: Catalog, node, prefix: str) -> None:
    for key, ka, kb, child in node[3]:
        full = prefix + key
        if child[0] == "s":
            cat.messages.append(_message(cat, full, ka, kb, child, FORMATJS_SYNTAXES))
        elif child[0] == "o":
            dm = None
            for k2, _a, _b, c2 in child[3]:
                if k2 == "defaultMessage" and c2[0] == "s":
                    dm = c2
            if dm is None:
                _walk_formatjs(cat, child, full + ".")
                continue
            meta = _subtree(cat, child) or {}
            if isinstance(meta, dict):
                meta.pop("defaultMessage", None)
            cat.messages.append(_message(cat, full, ka, kb, dm, FORMATJS_SYNTAXES,
                                         meta=meta if isinstance(meta, dict) else {}))


def read_formatjs(cat: Catalog) -> None:
    root = parse(cat)
    if root is not None:
        if root[0] != "o":
            cat.problems.append(problem("catalog is not a JSON object", root[1]))
            return
        _walk_formatjs(cat, root, "")


# ---------------------------------------------------------------------------------- ARB

ARB_SYNTAXES = (SYNTAX_ICU,)


def read_arb(cat: Catalog) -> None:
    root = parse(cat)
    if root is None:
        return
    if root[0] != "o":
        cat.problems.append(problem("catalog is not a JSON object", root[1]))
        return
    metas: dict[str, dict] = {}
    for key, ka, kb, child in root[3]:
        if key.startswith("@@"):
            if key == "@@locale" and child[0] == "s":
                cat.locale = decode_string(cat.text, child[1], child[2])[0].replace("_", "-") or None
            continue
        if key.startswith("@"):
            if child[0] == "o":
                data = _subtree(cat, child)
                if isinstance(data, dict):
                    metas[key[1:]] = data
            continue
        if child[0] == "s":
            cat.messages.append(_message(cat, key, ka, kb, child, ARB_SYNTAXES))
    if metas:
        for m in cat.messages:
            if m.key in metas:
                m.meta = metas[m.key]


# --------------------------------------------------------------------------- detection

_DEFAULT_MESSAGE = re.compile(r'"defaultMessage"\s*:')
_ICU_COMPLEX = re.compile(r"\{\s*[\w.-]+\s*,\s*(?:plural|select|selectordinal|number|date|time)\s*[,}]")
_SINGLE_BRACE = re.compile(r"(?<!\{)\{\s*[A-Za-z_0-9][\w.-]*\s*\}(?!\})")
_ARB = re.compile(r'"@@locale"\s*:|"@[A-Za-z_]\w*"\s*:\s*\{')


def detect(text: str | None) -> str:
    """``arb``, ``formatjs`` or ``i18next`` for JSON content (cheap regex peeks)."""
    if not text:
        return "i18next"
    if _ARB.search(text):
        return "arb"
    if _DEFAULT_MESSAGE.search(text) or _ICU_COMPLEX.search(text):
        return "formatjs"
    if "{{" in text:
        return "i18next"
    if _SINGLE_BRACE.search(text):
        return "formatjs"
    return "i18next"
