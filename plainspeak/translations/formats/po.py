"""gettext PO / POT catalogs with exact positions.

A line-oriented parser (one pass, a handful of regexes) reads entries the way GNU gettext
does: comments (``#``, ``#.``, ``#:``, ``#,`` flags, ``#|`` previous), ``msgctxt``,
``msgid``, ``msgid_plural``, ``msgstr`` / ``msgstr[n]`` with continuation strings, and
obsolete ``#~`` entries. polib and babel do not report where a string's characters are, so
they are not used at run time; the tests check this parser against polib (values, flags,
obsolete entries) and against ``msgfmt --statistics`` (counts).

Messages: one per entry (per ``msgstr[n]`` for plural entries: ``base`` = key, ``plural`` =
``"n"``). ``key`` = ``msgctxt + "\\x04" + msgid`` (or ``msgid``); ``line``/``column`` and
``key_start`` are those of the ``msgid`` keyword, ``key_end`` the end of its last string.
The value is ``msgstr`` with its strings concatenated; C escapes map as units and the quotes
between continuation strings are gaps of the map. The header entry (``msgid ""`` without
context) is not a message: it gives ``Catalog.locale`` (``Language:``), ``plural_forms`` and
``nplurals``; its details are kept on the catalog as ``cat.po_header`` (a dict).
``Message.meta``: ``comments`` (``#``), ``extracted`` (``#.``), ``references`` (``#:``) and
``previous_msgctxt`` / ``previous_msgid`` / ``previous_msgid_plural`` (``#|``, what a fuzzy
entry was translated from).
"""
from __future__ import annotations

import re

from ..catalog import (FUZZY, OBSOLETE, SYNTAX_BRACE, SYNTAX_PRINTF, SYNTAX_PYTHON, SYNTAX_RUBY,
                       TRANSLATED, UNTRANSLATED, Catalog, Message)
from .base import ValueBuilder, problem, simple_map

# one line of a PO file: [#~] [keyword] "string" | # comment | blank | anything else
_LINE = re.compile(r'^[ \t]*(?:(#~[ \t]*)?(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]+)\])?'
                   r'[ \t]*)?"((?:[^"\\\n]|\\[^\n])*)"[ \t]*\r?$|(#[^\n]*)|(\r?)$|([^\n]*))',
                   re.M)
_PREV = re.compile(r'#~?\|[ \t]*(msgctxt|msgid_plural|msgid)?[ \t]*"((?:[^"\\\n]|\\[^\n])*)"')
_OBS_BAD = re.compile(r'#~[ \t]*(?:msg|")')
_ESC = re.compile(r'((?:\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}))+)|\\(.)', re.S)
_NUM = re.compile(r'\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2}))')
_C_ESC = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
          "\\": "\\", '"': '"', "'": "'", "?": "?"}
_NPLURALS = re.compile(r"nplurals\s*=\s*([0-9]+)")

FLAG_SYNTAXES = {
    "c-format": (SYNTAX_PRINTF,),
    "objc-format": (SYNTAX_PRINTF,),
    "javascript-format": (SYNTAX_PRINTF,),
    "php-format": (SYNTAX_PRINTF,),
    "python-format": (SYNTAX_PYTHON, SYNTAX_PRINTF),
    "python-brace-format": (SYNTAX_BRACE,),
    "java-format": (SYNTAX_BRACE,),
    "java-printf-format": (SYNTAX_PRINTF,),
    "csharp-format": (SYNTAX_BRACE,),
    "ruby-format": (SYNTAX_RUBY, SYNTAX_PRINTF),
}
DEFAULT_SYNTAXES = (SYNTAX_PRINTF, SYNTAX_PYTHON, SYNTAX_BRACE)


_SIMPLE = {"\\" + k: v for k, v in _C_ESC.items()}


def _conv(m) -> str:
    out = _SIMPLE.get(m.group())
    if out is not None:
        return out
    if m.group(1) is not None:
        # numeric escapes are bytes in the file's charset (UTF-8 here): decode a run of
        # them together ("\\303\\201" is one character)
        data = bytes(int(o, 8) & 0xFF if o else int(h, 16) for o, h in _NUM.findall(m.group(1)))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    c = m.group(2)
    return _C_ESC.get(c, c)


def unescape(text: str, pieces: list[tuple[int, int]]) -> str:
    """Concatenate and unescape string bodies (no map)."""
    raw = text[pieces[0][0]:pieces[0][1]] if len(pieces) == 1 else "".join(
        text[a:b] for a, b in pieces)
    return _ESC.sub(_conv, raw) if "\\" in raw else raw


def decode(text: str, pieces: list[tuple[int, int]]):
    """Concatenate and unescape string bodies ``text[a:b]``: ``(value, SourceMap)``."""
    if len(pieces) == 1:
        a, b = pieces[0]
        if "\\" not in text[a:b]:
            return text[a:b], simple_map(a, b - a)
    vb = ValueBuilder()
    for a, b in pieces:
        if "\\" not in text[a:b]:
            vb.lit(text[a:b], a)
        else:
            vb.escapes(text, a, b, _ESC, _conv)
    return vb.build()


class _Entry:
    __slots__ = ("fields", "flags", "obsolete", "msgid_at", "comments", "extracted", "refs",
                 "start", "has_str", "previous")

    def __init__(self, start: int) -> None:
        self.fields: dict = {}          # "msgctxt"/"msgid"/"msgid_plural"/"msgstr"/int -> pieces
        self.flags: list[str] = []
        self.obsolete = False
        self.msgid_at = -1              # offset of the msgid keyword
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.refs: list[str] = []
        self.start = start
        self.has_str = False
        self.previous: dict[str, str] = {}


def _syntaxes(flags) -> tuple[str, ...]:
    out: list[str] = []
    for f in flags:
        for s in FLAG_SYNTAXES.get(f, ()):
            if s not in out:
                out.append(s)
    return tuple(out) if out else DEFAULT_SYNTAXES


def read_po(cat: Catalog) -> None:
    text = cat.text
    cat.bilingual = True
    if cat.path.lower().endswith(".pot"):
        cat.template = True
    entries: list[_Entry] = []
    cur: _Entry | None = None
    field = None                        # current field key (for continuation strings)
    problems = cat.problems
    pend_flags: list[str] = []
    pend_comments: tuple[list, list, list] = ([], [], [])
    pend_prev: dict[str, str] = {}           # "#|" previous msgctxt / msgid / msgid_plural
    prev_field = "msgid"

    def new_entry(at: int) -> _Entry:
        nonlocal pend_flags, pend_comments, pend_prev
        e = _Entry(at)
        e.flags = pend_flags
        e.comments, e.extracted, e.refs = pend_comments
        e.previous = pend_prev
        pend_flags = []
        pend_comments = ([], [], [])
        pend_prev = {}
        entries.append(e)
        return e

    for m in _LINE.finditer(text):
        body_at = m.start(4)
        if body_at < 0:
            if m.group(6) is not None:                              # blank line
                if cur is not None and cur.has_str:
                    cur, field = None, None
                continue
            com = m.group(5)
            if com is None:
                junk = m.group(7)
                problems.append(problem(f"PO syntax error: unexpected text {junk[:30]!r}",
                                        m.start(7), len(junk)))
                continue
            if com.startswith(("#|", "#~|")):
                if cur is not None and cur.has_str:
                    cur, field = None, None
                pm = _PREV.match(com)
                if pm:
                    prev_field = pm.group(1) or prev_field
                    raw_ = pm.group(2)
                    pend_prev[prev_field] = pend_prev.get(prev_field, "") + (
                        _ESC.sub(_conv, raw_) if "\\" in raw_ else raw_)
                continue
            if com.startswith("#~"):
                if _OBS_BAD.match(com):
                    problems.append(problem("PO syntax error: unterminated string or text "
                                            "after the string", m.start(5), len(com)))
                continue                                            # "#~|" previous
            if cur is not None and cur.has_str:
                cur, field = None, None
            kind = com[1:2]
            if kind == ",":
                pend_flags.extend(f.strip() for f in com[2:].split(",") if f.strip())
            elif kind == ".":
                pend_comments[1].append(com[2:].strip())
            elif kind == ":":
                pend_comments[2].extend(com[2:].split())
            else:
                pend_comments[0].append(com[1:].strip())
            continue
        kw = m.group(2)
        piece = (body_at, m.end(4))
        if kw is None:                                              # continuation string
            if cur is None or field is None:
                problems.append(problem("PO syntax error: string without a keyword",
                                        body_at - 1, m.end() - body_at + 1))
                continue
            cur.fields[field].append(piece)
            continue
        off = m.start(2)
        obsolete = m.group(1) is not None
        idx = m.group(3)
        if kw in ("msgctxt", "msgid"):
            if cur is None or cur.has_str or kw in cur.fields or (
                    kw == "msgctxt" and "msgid" in cur.fields):
                if cur is not None and not cur.has_str and "msgid" in cur.fields:
                    problems.append(problem("PO syntax error: msgid without msgstr",
                                            cur.msgid_at, 5))
                cur = new_entry(off)
            if kw == "msgid":
                cur.msgid_at = off
            cur.obsolete = cur.obsolete or obsolete
            field = kw
        elif kw == "msgid_plural":
            if cur is None or "msgid" not in cur.fields or cur.has_str:
                problems.append(problem("PO syntax error: msgid_plural without msgid", off, 12))
                field = None
                continue
            field = kw
        else:                                                   # msgstr
            if cur is None or "msgid" not in cur.fields:
                problems.append(problem("PO syntax error: msgstr without msgid", off, 6))
                field = None
                continue
            cur.has_str = True
            field = int(idx) if idx is not None else "msgstr"
        cur.fields[field] = [piece]
    if cur is not None and not cur.has_str and "msgid" in cur.fields:
        problems.append(problem("PO syntax error: msgid without msgstr", cur.msgid_at, 5))
    for e in entries:
        if "msgid" in e.fields and e.has_str:
            _emit(cat, e)


def _emit(cat: Catalog, e: _Entry) -> None:
    text = cat.text
    f = e.fields
    msgid = unescape(text, f["msgid"])
    ctx = unescape(text, f["msgctxt"]) if "msgctxt" in f else None
    if msgid == "" and ctx is None and not e.obsolete:
        _header(cat, e)
        return
    key = msgid if ctx is None else f"{ctx}\x04{msgid}"
    line, col = cat.line_col(e.msgid_at)
    key_end = f["msgid"][-1][1] + 1
    fuzzy = "fuzzy" in e.flags
    syntaxes = _syntaxes(e.flags)
    flags = tuple(e.flags)
    meta = {}
    if e.comments:
        meta["comments"] = e.comments
    if e.extracted:
        meta["extracted"] = e.extracted
    if e.refs:
        meta["references"] = e.refs
    for k, v in e.previous.items():              # "#| msgid" etc.: the source it was made from
        meta[f"previous_{k}"] = v
    plural_src = unescape(text, f["msgid_plural"]) if "msgid_plural" in f else None
    forms = sorted(k for k in f if isinstance(k, int))
    if "msgstr" in f or not forms:
        variants = [(None, f.get("msgstr", []))]
        if plural_src is not None and not forms:
            cat.problems.append(problem("PO syntax error: a msgid_plural entry needs "
                                        "msgstr[0], msgstr[1], ...", e.msgid_at, 5))
    else:
        variants = [(str(k), f[k]) for k in forms]
    for plural, pieces in variants:
        value, smap = decode(text, pieces) if pieces else ("", simple_map(0, 0))
        nonempty = [p for p in pieces if p[1] > p[0]] or pieces
        vs = nonempty[0][0] if nonempty else -1
        ve = nonempty[-1][1] if nonempty else -1
        if e.obsolete:
            state = OBSOLETE
        elif not value:
            state = UNTRANSLATED
        elif fuzzy:
            state = FUZZY
        else:
            state = TRANSLATED
        cat.messages.append(Message(
            key=key, value=value, line=line, column=col, key_start=e.msgid_at, key_end=key_end,
            value_start=vs, value_end=ve, smap=smap, source=msgid,
            source_plural=plural_src if plural is not None else None,
            base=key if plural is not None else None, plural=plural, context=ctx, state=state,
            syntaxes=syntaxes, flags=flags, meta=dict(meta) if meta else {}))


def _header(cat: Catalog, e: _Entry) -> None:
    value = decode(cat.text, e.fields.get("msgstr", []))[0] if "msgstr" in e.fields else ""
    fields: dict[str, str] = {}
    for ln in value.split("\n"):
        if ":" in ln:
            k, v = ln.split(":", 1)
            fields[k.strip()] = v.strip()
    cat.po_header = {"msgstr": value, "fuzzy": "fuzzy" in e.flags, "fields": fields,
                     "line": cat.line_col(e.msgid_at)[0]}
    lang = fields.get("Language")
    if lang:
        cat.locale = lang.replace("_", "-")
    pf = fields.get("Plural-Forms")
    if pf:
        cat.plural_forms = pf
        m = _NPLURALS.search(pf)
        if m:
            cat.nplurals = int(m.group(1))


def msgfmt_statistics(cat: Catalog) -> dict[str, int]:
    """Counts as ``msgfmt --statistics`` prints them (GNU gettext 0.21, checked by
    tests/test_msgfmt_parity.py): per non-obsolete entry, *untranslated* when ``msgstr`` (or
    ``msgstr[0]`` of a plural entry) is empty, else *fuzzy* when flagged ``fuzzy``, else
    *translated*. The header (``msgid ""``) is not counted unless its ``msgstr`` is empty
    (then it is one untranslated message). A plural entry whose ``msgstr[0]`` is filled but
    another form is empty counts as translated here, as in msgfmt, pocount and babel.

    plainspeak's own gating differs on purpose (translations.md §3 and §6.4): every plural
    form is its own message, so an empty ``msgstr[1]`` is an untranslated message, and fuzzy
    messages never count as translated."""
    out = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    hdr = getattr(cat, "po_header", None)
    if hdr is not None and hdr["msgstr"] == "":
        out["untranslated"] += 1
    seen: set[tuple[int, int]] = set()
    for m in cat.messages:
        if m.state == OBSOLETE:
            continue
        ident = (m.key_start, m.key_end)
        if ident in seen:
            continue
        seen.add(ident)
        if not m.value:                       # msgstr, or msgstr[0]: the first form listed
            out["untranslated"] += 1
        elif "fuzzy" in m.flags:
            out["fuzzy"] += 1
        else:
            out["translated"] += 1
    return out
