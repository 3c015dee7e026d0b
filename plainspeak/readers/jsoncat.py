"""Portal string catalog reader (JSON, i18next style).

A JSON object, nested or flat, whose string values are portal strings: one ``string`` block per
non-empty string value, in file order, with ``attrs={"key": "dotted.key.path"}`` (array items
use their index). Positions are exact: a tiny position-tracking scanner walks the file (the
json module reports no positions), mapping escapes (``\\n``, ``\\"``, ``\\u00e9``, surrogate
pairs) as units. Invalid JSON gives a PS904 problem at the error's position and no blocks.
The language comes from the file name (``es.json``, ``messages.es.json``,
``locales/es/common.json``) when it is obvious, else it stays ``en``.
"""
from __future__ import annotations

import json
import re

from ..document import STRING, Document, Problem
from . import TextBuilder

_WS = re.compile(r"[ \t\r\n]*")
_STR_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.S)
_ESC = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "", "t": "\t"}

# ISO 639-1 codes common in patient portals (kept small: a file name must be unambiguous)
_LANGS = frozenset("""ar bn de el en es fa fr gu he hi ht hy it ja km ko lo ne pa pl pt ro ru so
    sw tl th tr uk ur vi zh am my nl sv da fi no nb cs hu id ms ta te""".split())
_LANG_PART = re.compile(r"^([a-z]{2})(?:[-_][A-Za-z]{2,4})?$")


def language_from_path(path: str) -> str | None:
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    stem = name[:-5] if name.lower().endswith(".json") else name
    candidates = [stem]
    if "." in stem:
        candidates.append(stem.rsplit(".", 1)[1])
    candidates.extend(reversed(parts[-4:-1]))
    for c in candidates:
        m = _LANG_PART.match(c)
        if m and m.group(1) in _LANGS:
            return m.group(1)
    return None


class _Scanner:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.s = doc.source

    def ws(self, i: int) -> int:
        return _WS.match(self.s, i).end()

    def string(self, i: int) -> tuple[int, int]:
        """``s[i]`` is the opening quote: ``(body_start, body_end)``; closing quote at end."""
        m = _STR_BODY.match(self.s, i + 1)
        return i + 1, m.end()

    def key_text(self, a: int, b: int) -> str:
        raw = self.s[a:b]
        if "\\" not in raw:
            return raw
        return json.loads('"' + raw + '"')

    def value(self, i: int, path: list[str]) -> int:
        s = self.s
        c = s[i]
        if c == "{":
            i = self.ws(i + 1)
            if s[i] == "}":
                return i + 1
            while True:
                a, b = self.string(i)
                key = self.key_text(a, b)
                i = self.ws(b + 1)
                i = self.ws(i + 1)          # ':'
                path.append(key)
                i = self.ws(self.value(i, path))
                path.pop()
                if s[i] == ",":
                    i = self.ws(i + 1)
                    continue
                return i + 1                # '}'
        if c == "[":
            i = self.ws(i + 1)
            if s[i] == "]":
                return i + 1
            k = 0
            while True:
                path.append(str(k))
                i = self.ws(self.value(i, path))
                path.pop()
                k += 1
                if s[i] == ",":
                    i = self.ws(i + 1)
                    continue
                return i + 1                # ']'
        if c == '"':
            a, b = self.string(i)
            self.emit(a, b, path)
            return b + 1
        m = _SCALAR.match(s, i)
        return m.end() if m else i + 1

    def emit(self, a: int, b: int, path: list[str]) -> None:
        if a == b:
            return
        s = self.s
        builder = TextBuilder()
        if "\\" not in s[a:b]:
            builder.add(s[a:b], a)
        else:
            pos = a
            it = _ESC.finditer(s, a, b)
            pending = None                   # a high surrogate waiting for its pair
            for m in it:
                st, en = m.span()
                if st > pos:
                    if pending:
                        builder.unit("\ufffd", *pending)
                        pending = None
                    builder.add(s[pos:st], pos)
                hexd, ch = m.group(1), m.group(2)
                if hexd is not None:
                    cp = int(hexd, 16)
                    if 0xD800 <= cp < 0xDC00:
                        if pending:
                            builder.unit("\ufffd", *pending)
                        pending = (st, en - st)
                    elif 0xDC00 <= cp < 0xE000:
                        if pending and pending[0] + pending[1] == st:
                            hi = int(s[pending[0] + 2:pending[0] + 6], 16)
                            full = 0x10000 + ((hi - 0xD800) << 10) + (cp - 0xDC00)
                            builder.unit(chr(full), pending[0], en - pending[0])
                        else:
                            if pending:
                                builder.unit("\ufffd", *pending)
                            builder.unit("\ufffd", st, en - st)
                        pending = None
                    else:
                        if pending:
                            builder.unit("\ufffd", *pending)
                            pending = None
                        builder.unit(chr(cp), st, en - st)
                else:
                    if pending:
                        builder.unit("\ufffd", *pending)
                        pending = None
                    builder.unit(_SIMPLE.get(ch, ch), st, en - st)
                pos = en
            if pending:
                builder.unit("\ufffd", *pending)
            if pos < b:
                builder.add(s[pos:b], pos)
        blk = builder.build(STRING, attrs={"key": ".".join(path)}, urls=True)
        if blk is not None:
            self.doc.blocks.append(blk)


def read_document(path: str, text: str, *, fmt: str | None = None) -> Document:
    doc = Document(path=path, source=text, format="catalog-json")
    lang = language_from_path(path)
    if lang:
        doc.language = lang
        doc.language_declared = True
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        doc.problems.append(Problem(
            "PS904", f"catalog is not valid JSON: {exc.msg} (line {exc.lineno}, column "
                     f"{exc.colno})", offset=min(exc.pos, len(text))))
        return doc
    except (RecursionError, ValueError) as exc:
        doc.problems.append(Problem("PS904", f"catalog is not valid JSON: {exc}"))
        return doc
    sc = _Scanner(doc)
    try:
        i = sc.ws(0)
        if i < len(text):
            sc.value(i, [])
    except (RecursionError, IndexError) as exc:   # pragma: no cover - validated above
        doc.problems.append(Problem("PS904", f"catalog could not be read: {exc!r}"))
    return doc
