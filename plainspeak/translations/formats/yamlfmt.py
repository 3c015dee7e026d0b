"""Rails YAML locale files (``es:`` root key, nested keys, ``one:``/``other:`` plurals).

PyYAML's ``compose`` (libyaml when available) gives every node with its start and end marks
(character offsets). Scalars are decoded again here with an exact map: plain and quoted
scalars (line folding, ``''`` and backslash escapes as units) and literal/folded block
scalars line by line. The result is compared with PyYAML's own value; if they ever differ,
PyYAML's value wins and the whole scalar maps as one unit.
"""
from __future__ import annotations

import re

import yaml

from ..catalog import SYNTAX_RUBY, TRANSLATED, UNTRANSLATED, Catalog, Message
from .base import CLDR_CATEGORIES, ValueBuilder, normalize_locale, problem, unit_map

SYNTAXES = (SYNTAX_RUBY,)
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_CATS = frozenset(CLDR_CATEGORIES)

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

_DQ_ESC = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)
_DQ_SIMPLE = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
              "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
              "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_BREAK = re.compile(r"\r\n|\r|\n")
_LOCALE_KEY = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def is_locale_key(key: str) -> bool:
    return bool(_LOCALE_KEY.match(key)) and normalize_locale(key, strict=False) is not None


# ----------------------------------------------------------------------------- scalars

def _lines(s: str, a: int, b: int):
    """``(start, end)`` of the physical lines of ``s[a:b]`` (without their breaks)."""
    out = []
    pos = a
    for m in _BREAK.finditer(s, a, b):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, b))
    return out


def _flow(s: str, a: int, b: int, content, dq: bool = False) -> ValueBuilder:
    """Fold a flow scalar (plain or quoted) spread over the lines of ``s[a:b]``.

    ``content(vb, s, start, end)`` decodes one line's content. A single break between two
    lines becomes a space, ``n`` breaks (empty lines) become ``n - 1`` newlines; trailing
    blanks of a line and leading blanks of the next are dropped (the gap maps as a unit). A
    double-quoted line ending in an escaped break (``\\``) joins the next one directly."""
    vb = ValueBuilder()
    lines = _lines(s, a, b)
    if len(lines) == 1:
        content(vb, s, a, b)
        return vb
    last = len(lines) - 1
    empties = 0
    gap = -1                      # source offset where the pending fold starts
    joined = False                # the previous line ended with an escaped break
    for k, (cs, ce) in enumerate(lines):
        if k > 0:
            while cs < ce and s[cs] in " \t":
                cs += 1
        esc = False
        if k < last:
            if dq:
                j = ce
                while j > cs and s[j - 1] == "\\":
                    j -= 1
                if (ce - j) % 2 == 1:
                    esc = True
                    ce -= 1
            if not esc:
                while ce > cs and s[ce - 1] in " \t":
                    ce -= 1
        if 0 < k < last and cs == ce and not esc:
            empties += 1
            continue
        if gap >= 0:
            if empties:
                vb.unit("\n" * empties, gap, cs - gap)
            elif not joined:
                vb.unit(" ", gap, cs - gap)
        content(vb, s, cs, ce)
        empties = 0
        gap = ce
        joined = esc
    return vb


def _plain_content(vb: ValueBuilder, s: str, a: int, b: int) -> None:
    vb.lit(s[a:b], a)


def _sq_content(vb: ValueBuilder, s: str, a: int, b: int) -> None:
    pos = a
    i = s.find("''", a, b)
    while i != -1:
        vb.lit(s[pos:i], pos)
        vb.unit("'", i, 2)
        pos = i + 2
        i = s.find("''", pos, b)
    vb.lit(s[pos:b], pos)


def _dq_content(vb: ValueBuilder, s: str, a: int, b: int) -> None:
    pos = a
    for m in _DQ_ESC.finditer(s, a, b):
        st, en = m.span()
        if st > pos:
            vb.lit(s[pos:st], pos)
        h = m.group(1) or m.group(2) or m.group(3)
        if h:
            vb.unit(chr(int(h, 16)), st, en - st)
        else:
            c = m.group(4)
            vb.unit(_DQ_SIMPLE.get(c, c), st, en - st)
        pos = en
    if pos < b:
        vb.lit(s[pos:b], pos)


def _block(s: str, node, start: int) -> tuple[ValueBuilder | None, int, int]:
    """Literal (``|``) and folded (``>``) block scalars: ``(builder, content_start, end)``."""
    end = node.end_mark.index
    nl = _BREAK.search(s, start, end)
    if nl is None:
        return None, start, end
    header = s[start + 1:nl.start()].split("#", 1)[0].strip()
    chomp = "+" if "+" in header else "-" if "-" in header else ""
    digits = "".join(c for c in header if c.isdigit())
    lines = _lines(s, nl.end(), end)
    if lines and lines[-1][0] == lines[-1][1] and len(lines) > 1:
        lines.pop()                     # the empty remainder after the final break
    indent = None
    if digits:
        # explicit indentation: relative to the parent's indentation (the key's column)
        indent = _parent_indent(s, start) + int(digits)
    else:
        for ls, le in lines:
            text = s[ls:le]
            if text.strip(" "):
                indent = len(text) - len(text.lstrip(" "))
                break
    if indent is None:
        indent = 0
    vb = ValueBuilder()
    folded = node.style == ">"
    body: list[tuple[int, int, int]] = []      # (content start, content end, break end)
    for ls, le in lines:
        brk = _BREAK.match(s, le)
        be = brk.end() if brk else le
        text = s[ls:le]
        if len(text) <= indent and not text.strip(" "):
            body.append((le, le, be))           # empty line
        else:
            body.append((ls + indent, le, be))
    # trailing empty lines (for chomping)
    last_content = max((k for k, (cs, ce, be) in enumerate(body) if ce > cs), default=-1)
    if last_content < 0:
        return vb, nl.end(), end
    prev_kind = None                             # "normal" | "more" (folded only)
    pending_breaks: list[tuple[int, int]] = []   # break spans not yet emitted
    for k in range(last_content + 1):
        cs, ce, be = body[k]
        if ce == cs:
            pending_breaks.append((ce, be))
            continue
        kind = "more" if s[cs] in " \t" else "normal"
        if k > 0:
            first, *rest = pending_breaks
            if folded and prev_kind == "normal" and kind == "normal":
                if rest:
                    vb.unit("\n" * len(rest), first[0], rest[-1][1] - first[0])
                else:
                    vb.unit(" ", first[0], cs - first[0])
            else:
                for bs, bend in pending_breaks:
                    vb.unit("\n", bs, bend - bs)
        vb.lit(s[cs:ce], cs)
        prev_kind = kind
        pending_breaks = [(ce, be)]
    # chomping of the final break(s)
    trailing = pending_breaks + [(ce, be) for cs, ce, be in body[last_content + 1:]]
    trailing = [t for t in trailing if t[1] > t[0]]
    if chomp == "" and trailing:
        vb.unit("\n", trailing[0][0], trailing[0][1] - trailing[0][0])
    elif chomp == "+":
        for bs, bend in trailing:
            vb.unit("\n", bs, bend - bs)
    return vb, body[0][0], body[last_content][1]


def _parent_indent(s: str, at: int) -> int:
    ls = s.rfind("\n", 0, at) + 1
    line = s[ls:at]
    return len(line) - len(line.lstrip(" "))


_PROPS = re.compile(r"(?:[&!][^\s]*\s+)*")


def decode_scalar(s: str, node):
    """``(value, smap, value_start, value_end)`` for a string scalar node."""
    style = node.style or ""
    start, end = node.start_mark.index, node.end_mark.index
    if s[start:start + 1] in ("&", "!"):                   # anchor / tag before the scalar
        start = _PROPS.match(s, start, end).end()
    vb = None
    a, b = start, end
    try:
        if style in ("'", '"'):
            a, b = start + 1, end - 1
            vb = _flow(s, a, b, _sq_content if style == "'" else _dq_content, style == '"')
        elif style in ("|", ">"):
            vb, a, b = _block(s, node, start)
        else:
            vb = _flow(s, a, b, _plain_content)
    except Exception:  # noqa: BLE001 - fall back to a unit map below
        vb = None
    value = node.value
    if vb is not None and vb.value() == value:
        if vb.segs:
            t0, s0, tl, sl = vb.segs[-1]
            b = max(b, s0 + sl)                 # a block scalar's final break
        return value, vb.smap(), a, b
    return value, unit_map(value, a, max(b - a, 0)), a, b


# ---------------------------------------------------------------------------------- read

def read_rails_yaml(cat: Catalog) -> None:
    text = cat.text
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        cat.problems.append(problem(f"catalog is not valid YAML: {exc.problem or exc}{where}",
                                    mark.index if mark else 0))
        return
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        cat.problems.append(problem(f"catalog is not valid YAML: {exc}"))
        return
    if root is None:
        return
    if not (isinstance(root, yaml.MappingNode) and len(root.value) == 1
            and isinstance(root.value[0][0], yaml.ScalarNode)
            and is_locale_key(str(root.value[0][0].value))
            and isinstance(root.value[0][1], yaml.MappingNode)):
        cat.problems.append(problem("not a Rails locale file: the top level must be a single "
                                    "locale key (en:, es:) holding the translations",
                                    root.start_mark.index))
        return
    knode, body = root.value[0]
    cat.locale = str(knode.value).replace("_", "-")
    _walk(cat, body, "", set())


def _key_pos(cat: Catalog, knode) -> tuple[int, int]:
    a, b = knode.start_mark.index, knode.end_mark.index
    if knode.style in ("'", '"'):
        a, b = a + 1, b - 1
    return a, b


def _emit(cat: Catalog, key: str, knode, vnode, **kw) -> None:
    ka, kb = _key_pos(cat, knode) if knode is not None else (vnode.start_mark.index,) * 2
    line, col = cat.line_col(ka)
    if vnode.tag == _NULL_TAG:
        cat.messages.append(Message(key=key, value=None, line=line, column=col, key_start=ka,
                                    key_end=kb, state=UNTRANSLATED, syntaxes=SYNTAXES, **kw))
        return
    value, smap, va, vb = decode_scalar(cat.text, vnode)
    cat.messages.append(Message(key=key, value=value, line=line, column=col, key_start=ka,
                                key_end=kb, value_start=va, value_end=vb, smap=smap,
                                state=TRANSLATED if value else UNTRANSLATED,
                                syntaxes=SYNTAXES, **kw))


def _walk(cat: Catalog, node, prefix: str, active: set) -> None:
    if id(node) in active:                        # recursive alias
        return
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            for k, child in enumerate(node.value):
                _child(cat, f"{prefix}{k}", None, child, active)
            return
        pairs = node.value
        keys = [k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode)]
        is_plural = (bool(keys) and len(keys) == len(pairs) and all(k in _CATS for k in keys)
                     and all(isinstance(v, yaml.ScalarNode) for _, v in pairs))
        for knode, vnode in pairs:
            if not isinstance(knode, yaml.ScalarNode):
                continue
            if knode.tag == _MERGE_TAG:
                for m in (vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]):
                    if isinstance(m, yaml.MappingNode):
                        _walk(cat, m, prefix, active)
                continue
            key = prefix + str(knode.value)
            if is_plural and prefix:
                _emit(cat, key, knode, vnode, base=prefix[:-1], plural=str(knode.value))
            else:
                _child(cat, key, knode, vnode, active)
    finally:
        active.discard(id(node))


def _child(cat: Catalog, key: str, knode, vnode, active: set) -> None:
    if isinstance(vnode, yaml.ScalarNode):
        if vnode.tag in (_STR_TAG, _NULL_TAG):
            _emit(cat, key, knode, vnode)
    elif isinstance(vnode, (yaml.MappingNode, yaml.SequenceNode)):
        _walk(cat, vnode, key + ".", active)


# --------------------------------------------------------------------------- detection

_TOP_KEY = re.compile(r"^(?![\s#]|---|\.\.\.|- )(?:\"([^\"]*)\"|'([^']*)'|([^:#\s][^:#]*?))[ \t]*:(?:[ \t]|$)",
                      re.M)


def looks_like_rails(text: str | None) -> bool:
    """Cheap check: exactly one top-level key, a locale code, with a nested mapping."""
    if not text:
        return False
    keys = _TOP_KEY.findall(text)
    if len(keys) != 1:
        return False
    key = next(k for k in keys[0] if k)
    return is_locale_key(key.strip())
