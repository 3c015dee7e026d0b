"""XML catalogs: XLIFF 1.2 / 2.0 and Android ``strings.xml``.

The stdlib expat parser checks well-formedness and reports where every element starts and
ends; entity declarations, external entities and parameter entities are refused (no DTD
expansion, no network), so hostile files cannot expand or fetch anything. The inner text of
an element is then decoded from the raw source with an exact map: character and predefined
entity references map as units, CDATA sections map character for character, and inline
elements (``<x/>``, ``<g>``, ``<ph/>``, ``<b>``, ``<xliff:g>``) stay in the value as their raw
source text so placeholder checks can compare them. Line breaks are normalised like an XML
parser does (``\\r\\n`` -> ``\\n`` as a unit).
"""
from __future__ import annotations

import re
from xml.parsers import expat

from ..catalog import (NEEDS_REVIEW, SYNTAX_PRINTF, SYNTAX_XML, TRANSLATED, UNTRANSLATED,
                       Catalog, Message)
from .base import ValueBuilder, locale_from_path, problem

XLIFF_SYNTAXES = (SYNTAX_XML,)
ANDROID_SYNTAXES = (SYNTAX_PRINTF, SYNTAX_XML)

_TAG_END = re.compile(r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_INNER = re.compile(r"""<!\[CDATA\[(.*?)\]\]>|<!--.*?-->|<\?.*?\?>"""
                    r"""|<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>|&(#[0-9]+|#x[0-9a-fA-F]+|\w+);""",
                    re.S)
_ENT = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _Refused(Exception):
    pass


class El:
    __slots__ = ("name", "attrs", "start", "tag_end", "end", "children")

    def __init__(self, name: str, attrs: dict, start: int, tag_end: int) -> None:
        self.name = name
        self.attrs = attrs
        self.start = start            # offset of "<"
        self.tag_end = tag_end        # offset after the start tag's ">"
        self.end = -1                 # offset of "</" (== tag_end for <x/>); -1 = unclosed
        self.children: list[El] = []

    def kids(self, name: str):
        return [c for c in self.children if c.name == name]

    def kid(self, name: str):
        for c in self.children:
            if c.name == name:
                return c
        return None


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def parse(cat: Catalog) -> El | None:
    """Parse ``cat.text``: the root element (elements closed before an error are complete)."""
    text = cat.text
    data = text.encode("utf-8", "surrogatepass")
    ascii_ = len(data) == len(text)
    state = [0, 0]                    # byte offset, char offset (monotonic cursor)

    def char_at(bi: int) -> int:
        if ascii_:
            return bi
        b0, c0 = state
        if bi < b0:
            b0, c0 = 0, 0
        c = c0 + len(data[b0:bi].decode("utf-8", "surrogatepass"))
        state[0], state[1] = bi, c
        return c

    p = expat.ParserCreate("utf-8")
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[El] = []
    root: list[El] = []

    def start(name, attrs):
        at = char_at(p.CurrentByteIndex)
        m = _TAG_END.match(text, at + 1)
        te = m.end() if m else at + 1
        el = El(_local(name), attrs, at, te)
        if stack:
            stack[-1].children.append(el)
        else:
            root.append(el)
        stack.append(el)

    def end(name):
        el = stack.pop()
        if text[el.tag_end - 2:el.tag_end] == "/>":
            el.end = el.tag_end
        else:
            el.end = char_at(p.CurrentByteIndex)

    def refuse_entity(*args):
        raise _Refused("entity declarations are not allowed in catalogs")

    def refuse_external(*args):
        raise _Refused("external entities are not allowed in catalogs")

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.EntityDeclHandler = refuse_entity
    p.UnparsedEntityDeclHandler = refuse_entity
    p.ExternalEntityRefHandler = refuse_external
    try:
        p.Parse(data, True)
    except expat.ExpatError as exc:
        line, col = exc.lineno or 1, exc.offset or 0
        off = _line_offset(text, line) + col
        cat.problems.append(problem(f"catalog is not well-formed XML: "
                                    f"{expat.ErrorString(exc.code)} (line {line}, column "
                                    f"{col + 1})", min(off, len(text))))
    except _Refused as exc:
        cat.problems.append(problem(str(exc), char_at(p.CurrentByteIndex)))
        return None
    except (RecursionError, ValueError, UnicodeError) as exc:
        cat.problems.append(problem(f"catalog could not be read as XML: {exc}"))
    return root[0] if root else None


def _line_offset(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        i = text.find("\n", pos)
        if i < 0:
            return len(text)
        pos = i + 1
    return pos


def _lit(vb: ValueBuilder, s: str, a: int, b: int) -> None:
    """Literal XML text ``s[a:b]`` with ``\\r\\n`` / ``\\r`` normalised to ``\\n``."""
    if "\r" not in s[a:b]:
        vb.lit(s[a:b], a)
        return
    pos = a
    i = s.find("\r", a, b)
    while i != -1:
        vb.lit(s[pos:i], pos)
        n = 2 if i + 1 < b and s[i + 1] == "\n" else 1
        vb.unit("\n", i, n)
        pos = i + n
        i = s.find("\r", pos, b)
    vb.lit(s[pos:b], pos)


def _entity(ref: str) -> str:
    if ref[0] == "#":
        return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
    return _ENT.get(ref, "")


def inner(s: str, el: El, vb: ValueBuilder | None = None) -> ValueBuilder:
    """Decode an element's content (tags kept raw, comments and PIs dropped)."""
    vb = vb or ValueBuilder()
    a, b = el.tag_end, el.end
    pos = a
    for m in _INNER.finditer(s, a, b):
        st, en = m.span()
        if st > pos:
            _lit(vb, s, pos, st)
        if m.group(1) is not None:
            _lit(vb, s, st + 9, en - 3)
        elif m.group(2) is not None:
            vb.unit(_entity(m.group(2)), st, en - st)
        elif s[st + 1] not in "!?":
            _lit(vb, s, st, en)                                  # inline element, raw
        pos = en
    if pos < b:
        _lit(vb, s, pos, b)
    return vb


def _attr_span(s: str, el: El, name: str) -> tuple[int, int] | None:
    m = re.compile(rf"""\s{re.escape(name)}\s*=\s*(["'])(.*?)\1""", re.S).search(
        s, el.start, el.tag_end)
    return (m.start(2), m.end(2)) if m else None


# ---------------------------------------------------------------------------------- XLIFF

_REVIEW_12 = {"needs-review-translation", "needs-review-adaptation", "needs-review-l10n",
              "needs-translation", "needs-adaptation", "needs-l10n"}
_DONE_12 = {"translated", "signed-off", "final"}
_DONE_20 = {"translated", "reviewed", "final"}
_RANK = {UNTRANSLATED: 0, NEEDS_REVIEW: 1, TRANSLATED: 2}


def _iter(el: El, name: str, stop: tuple[str, ...] = ()):
    for c in el.children:
        if c.name == name:
            yield c
        elif c.name not in stop:
            yield from _iter(c, name, stop)


def read_xliff(cat: Catalog) -> None:
    cat.bilingual = True
    root = parse(cat)
    if root is None:
        return
    if root.name != "xliff":
        cat.problems.append(problem(f"not an XLIFF file: the root element is <{root.name}>",
                                    root.start))
        return
    v2 = str(root.attrs.get("version", "1.2")).startswith("2")
    if v2:
        cat.source_locale = _tag(root.attrs.get("srcLang"))
        cat.locale = _tag(root.attrs.get("trgLang"))
    for f in root.kids("file"):
        if not v2:
            cat.source_locale = cat.source_locale or _tag(f.attrs.get("source-language"))
            cat.locale = cat.locale or _tag(f.attrs.get("target-language"))
        if v2:
            for unit in _iter(f, "unit"):
                _unit20(cat, unit)
        else:
            for tu in _iter(f, "trans-unit", ("alt-trans",)):
                _unit12(cat, tu)
    if cat.locale is None and all(m.value is None for m in cat.messages) \
            and locale_from_path(cat.path) is None:
        # no target language, no <target> at all and no locale in the path: an extracted
        # source file (Angular's messages.xlf), the XLIFF counterpart of a POT template, not an
        # untranslated catalog (messages.fr.xlf freshly copied from it still is one)
        cat.template = True


def _tag(value: str | None) -> str | None:
    return value.strip().replace("_", "-") or None if value else None


def _key_of(cat: Catalog, el: El, *names: str):
    for n in names:
        v = el.attrs.get(n)
        if v is not None:
            span = _attr_span(cat.text, el, n) or (el.start, el.start)
            return v, span
    return "", (el.start, el.start)


def _message(cat: Catalog, el: El, key: str, span, value, smap, va, vb, source, state,
             translatable, meta) -> None:
    line, col = cat.line_col(span[0])
    cat.messages.append(Message(
        key=key, value=value, line=line, column=col, key_start=span[0], key_end=span[1],
        value_start=va, value_end=vb, smap=smap, source=source, state=state,
        translatable=translatable, syntaxes=XLIFF_SYNTAXES, meta=meta))


def _unit12(cat: Catalog, tu: El) -> None:
    if tu.end < 0:
        return
    s = cat.text
    key, span = _key_of(cat, tu, "id", "resname")
    src_el = tu.kid("source")
    source = inner(s, src_el).value() if src_el is not None and src_el.end >= 0 else None
    tgt = tu.kid("target")
    meta = {}
    if "resname" in tu.attrs:
        meta["resname"] = tu.attrs["resname"]
    notes = [inner(s, n).value() for n in tu.kids("note") if n.end >= 0]
    if notes:
        meta["notes"] = notes
    translatable = tu.attrs.get("translate", "yes") != "no"
    if tgt is None or tgt.end < 0:
        _message(cat, tu, key, span, None, None, -1, -1, source, UNTRANSLATED, translatable,
                 meta)
        return
    vb = inner(s, tgt)
    value = vb.value()
    st = tgt.attrs.get("state")
    if st:
        meta["state"] = st
    if not value or st == "new":
        state = UNTRANSLATED
    elif st in _REVIEW_12:
        state = NEEDS_REVIEW
    else:
        state = TRANSLATED                    # translated / signed-off / final / no state
    if tu.attrs.get("approved") == "yes" and value:
        state = TRANSLATED
    _message(cat, tu, key, span, value, vb.smap(), tgt.tag_end, tgt.end, source, state,
             translatable, meta)


def _unit20(cat: Catalog, unit: El) -> None:
    """One message per ``<unit>``: the targets of its segments (and ignorables) joined in
    order; the state is the least advanced segment state. ``value_start``/``value_end`` span
    from the first target to the end of the last one."""
    if unit.end < 0:
        return
    s = cat.text
    key, span = _key_of(cat, unit, "id", "name")
    meta = {}
    if "name" in unit.attrs:
        meta["name"] = unit.attrs["name"]
    notes_el = unit.kid("notes")
    if notes_el is not None:
        notes = [inner(s, n).value() for n in notes_el.kids("note") if n.end >= 0]
        if notes:
            meta["notes"] = notes
    translatable = unit.attrs.get("translate", "yes") != "no"
    vb = ValueBuilder()
    sources: list[str] = []
    va = vend = -1
    has_target = False
    state = TRANSLATED
    states = []
    for seg in unit.children:
        if seg.name not in ("segment", "ignorable") or seg.end < 0:
            continue
        src_el = seg.kid("source")
        if src_el is not None and src_el.end >= 0:
            sources.append(inner(s, src_el).value())
        tgt = seg.kid("target")
        st = seg.attrs.get("state") if seg.name == "segment" else None
        if st:
            states.append(st)
        if tgt is None or tgt.end < 0:
            if seg.name == "segment":
                state = UNTRANSLATED
            continue
        has_target = True
        before = vb.pos
        inner(s, tgt, vb)
        if va < 0:
            va = tgt.tag_end
        vend = tgt.end
        seg_state = (UNTRANSLATED if vb.pos == before or st == "initial" else
                     TRANSLATED if st in _DONE_20 or st is None else NEEDS_REVIEW)
        if seg.name == "segment" and _RANK[seg_state] < _RANK[state]:
            state = seg_state
    if states:
        meta["state"] = states[0] if len(set(states)) == 1 else states
    source = "".join(sources) if sources else None
    if not has_target:
        _message(cat, unit, key, span, None, None, -1, -1, source, UNTRANSLATED, translatable,
                 meta)
        return
    value = vb.value()
    if not value:
        state = UNTRANSLATED
    _message(cat, unit, key, span, value, vb.smap(), va, vend, source, state, translatable,
             meta)


# -------------------------------------------------------------------------------- Android

_ANDROID_TOK = re.compile(r'\\u([0-9a-fA-F]{4})|\\(.)|"|[ \t\n]+|[^\\" \t\n]+(?: [^\\" \t\n]+)*|\\$',
                          re.S)
_ANDROID_ESC = {"n": "\n", "t": "\t"}
_REFERENCE = re.compile(r"^\s*@(?:\+?[\w.]+:)?(?:string|android:string|array|plurals)/[\w.]+\s*$")


class _AndroidText:
    """Android string processing over decoded XML pieces: escapes, quotes, and whitespace
    collapsing (runs of blanks outside quotes become one space; ends are trimmed)."""

    def __init__(self) -> None:
        self.vb = ValueBuilder()
        self.quoted = False
        self.space: tuple[int, int] | None = None    # pending collapsed whitespace (src span)

    def _flush(self) -> None:
        if self.space is not None:
            if self.vb.pos:                           # no leading space
                a, b = self.space
                self.vb.unit(" ", a, b - a)
            self.space = None

    def text(self, s: str, a: int, b: int) -> None:
        for m in _ANDROID_TOK.finditer(s, a, b):
            st, en = m.span()
            tok = s[st:en]
            c = tok[0]
            if c == "\\":
                if m.group(1) is not None:
                    out = chr(int(m.group(1), 16))
                elif m.group(2) is not None:
                    out = _ANDROID_ESC.get(m.group(2), m.group(2))
                else:
                    out = "\\"
                self._flush()
                self.vb.unit(out, st, en - st) if en - st > 1 else self.vb.lit(out, st)
            elif c == '"':
                self._flush()
                self.quoted = not self.quoted
            elif c in " \t\n":
                if self.quoted:
                    self.vb.lit(tok, st)
                elif self.space is None:
                    self.space = (st, en)
                else:
                    self.space = (self.space[0], en)
            else:
                self._flush()
                self.vb.lit(tok, st)

    def unit(self, out: str, st: int, n: int) -> None:
        if out == '"':
            self._flush()
            self.quoted = not self.quoted
            return
        if out in " \t\n" and out and not self.quoted:
            self.space = (st, st + n) if self.space is None else (self.space[0], st + n)
            return
        self._flush()
        self.vb.unit(out, st, n)

    def raw(self, s: str, a: int, b: int) -> None:
        self._flush()
        _lit(self.vb, s, a, b)


def android_inner(s: str, el: El) -> ValueBuilder:
    at = _AndroidText()
    a, b = el.tag_end, el.end
    pos = a

    def text(x: int, y: int) -> None:
        if "\r" in s[x:y]:
            # normalise CR LF first (the break then collapses like any whitespace)
            i = s.find("\r", x, y)
            p0 = x
            while i != -1:
                at.text(s, p0, i)
                n = 2 if i + 1 < y and s[i + 1] == "\n" else 1
                at.unit("\n", i, n)
                p0 = i + n
                i = s.find("\r", p0, y)
            at.text(s, p0, y)
        else:
            at.text(s, x, y)

    for m in _INNER.finditer(s, a, b):
        st, en = m.span()
        if st > pos:
            text(pos, st)
        if m.group(1) is not None:
            text(st + 9, en - 3)
        elif m.group(2) is not None:
            at.unit(_entity(m.group(2)), st, en - st)
        elif s[st + 1] not in "!?":
            at.raw(s, st, en)
        pos = en
    if pos < b:
        text(pos, b)
    return at.vb


def read_android(cat: Catalog) -> None:
    root = parse(cat)
    if root is None:
        return
    if root.name != "resources":
        cat.problems.append(problem(f"not an Android resources file: the root element is "
                                    f"<{root.name}>", root.start))
        return
    s = cat.text
    for el in root.children:
        if el.end < 0 or el.name not in ("string", "plurals", "string-array"):
            continue
        name = el.attrs.get("name")
        if name is None:
            continue
        span = _attr_span(s, el, "name") or (el.start, el.start)
        translatable = str(el.attrs.get("translatable", "true")).lower() != "false"
        meta = {k: v for k, v in el.attrs.items() if k not in ("name", "translatable")}
        if el.name == "string":
            _android_msg(cat, el, name, span, translatable, dict(meta))
        elif el.name == "plurals":
            for item in el.kids("item"):
                if item.end < 0:
                    continue
                q = item.attrs.get("quantity", "")
                qspan = _attr_span(s, item, "quantity") or (item.start, item.start)
                _android_msg(cat, item, name, qspan, translatable, dict(meta), base=name,
                             plural=q)
        else:
            for k, item in enumerate(el.kids("item")):
                if item.end < 0:
                    continue
                _android_msg(cat, item, f"{name}[{k}]", (item.start, item.tag_end),
                             translatable, dict(meta))


def _android_msg(cat: Catalog, el: El, key: str, span, translatable: bool, meta: dict,
                 **kw) -> None:
    vb = android_inner(cat.text, el)
    value = vb.value()
    if _REFERENCE.match(value):
        meta["reference"] = True
        translatable = False
    line, col = cat.line_col(span[0])
    cat.messages.append(Message(
        key=key, value=value, line=line, column=col, key_start=span[0], key_end=span[1],
        value_start=el.tag_end, value_end=el.end, smap=vb.smap(),
        state=TRANSLATED if value else UNTRANSLATED, translatable=translatable,
        syntaxes=ANDROID_SYNTAXES, meta=meta, **kw))


# --------------------------------------------------------------------------- detection

_ROOT = re.compile(r"\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)\s*)*"
                   r"<([\w:.-]+)",
                   re.S)


def root_name(text: str | None) -> str | None:
    if not text:
        return None
    m = _ROOT.match(text, 0, min(len(text), 20000))
    return _local(m.group(1)) if m else None
