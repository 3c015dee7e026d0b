"""ICU MessageFormat analysis on top of pyicumessageformat (MIT): syntax problems with the offset
inside the message, plural/select branches, and CLDR plural categories a branch lacks.

Parsing is real (pyicumessageformat, imported lazily), never a regex: ``{visita}`` inside
``one {visita}`` is branch text, ``#`` is the plural number, ``'{'`` is a quoted literal.
Rich-text tags (``<b>…</b>``) are parsed as literal text (``allow_tags`` off), so an unbalanced
tag is never an ICU *syntax* problem here; placeholders.py reports the tags themselves.

Results are cached per text (sources are parsed once per target locale otherwise). Nothing in
this module raises on any input string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["IcuProblem", "Branch", "Parsed", "parse", "syntax_problems", "branches",
           "missing_plural_categories", "arguments"]


@dataclass
class IcuProblem:
    offset: int          # 0-based offset inside the message text
    message: str         # one line, human readable


@dataclass(frozen=True)
class Branch:
    arg: str
    kind: str            # plural | selectordinal | select
    keys: frozenset[str]
    offset: int          # offset of the argument's "{" in the text


@dataclass(frozen=True)
class Parsed:
    """A successful parse: the AST (pyicumessageformat's, do not mutate) and the token stream
    with absolute offsets as ``(type, start, end)`` triples."""
    ast: Any
    tokens: tuple[tuple[str, int, int], ...]


_PARSERS: dict[bool, Any] = {}


def _parser(require_other: bool):
    p = _PARSERS.get(require_other)
    if p is None:
        from pyicumessageformat import Parser
        p = Parser({"include_indices": True, "require_other": require_other,
                    "allow_tags": False})
        _PARSERS[require_other] = p
    return p


@lru_cache(maxsize=8192)
def _parse(text: str, require_other: bool) -> tuple[Parsed | None, str | None]:
    toks: list[dict] = []
    try:
        ast = _parser(require_other).parse(text, toks)
    except SyntaxError as e:
        return None, (str(e) or "invalid ICU message syntax")
    except Exception as e:             # pragma: no cover - the parser should only raise SyntaxError
        return None, f"invalid ICU message syntax ({type(e).__name__})"
    spans = []
    pos = 0
    for t in toks:
        n = len(t["text"])
        spans.append((t["type"], pos, pos + n))
        pos += n
    if pos != len(text):               # pragma: no cover - token stream must cover the text
        spans = []
    return Parsed(ast, tuple(spans)), None


def parse(text: str, *, require_other: bool = False) -> Parsed | None:
    """The parse of ``text`` or None when it is not valid ICU (lenient about ``other`` by
    default, so branches lacking ``other`` can still be inspected)."""
    if not isinstance(text, str):
        return None
    return _parse(text, require_other)[0]


# ---------------------------------------------------------------------------------------------
# syntax problems

_POS = re.compile(r" at position (\d+)")
_I18NEXT = re.compile(r"\{\{[^{}]*\}\}")


def _friendly(raw: str, text: str, offset: int) -> str:
    found_m = re.search(r'but found "(.*)"$', raw)
    found = found_m.group(1) if found_m else None
    eof = found == "<EOF>" or offset >= len(text)
    m = re.match(r"Expected (.+?) at position", raw)
    if raw.startswith("Unexpected"):
        ch = text[offset] if 0 <= offset < len(text) else ""
        if ch == "}":
            return "unexpected '}' without a matching '{' (write a literal brace with apostrophes: '}')"
        return f"unexpected {ch!r}"
    if raw.startswith("Too much recursion"):
        return "ICU message nested too deeply"
    if m:
        what = m.group(1)
        sub = re.match(r"(plural|selectordinal|select) sub-message other$", what)
        if sub:
            return f"{sub.group(1)} argument has no 'other' sub-message (it is required)"
        sub = re.match(r"(plural|selectordinal|select) sub-messages$", what)
        if sub:
            return f"{sub.group(1)} argument has no sub-messages"
        if eof:
            if what in ("}", ", or }"):
                return "missing closing '}' (the message ends inside an argument)"
            return f"message ends where {_WHAT.get(what, what)} was expected (missing '}}'?)"
        got = f" but found {found!r}" if found else ""
        return f"expected {_WHAT.get(what, what)}{got}"
    return raw.splitlines()[0] if raw else "invalid ICU message syntax"


_WHAT = {
    "placeholder name": "an argument name after '{'",
    "placeholder type": "an argument type (number, date, plural, select…) after ','",
    "placeholder style": "an argument style after ','",
    ", or }": "',' or '}' after the argument name",
    "}": "'}'",
    "{": "'{' to open a sub-message",
    "sub-message selector": "a sub-message selector (one, other, =0…)",
    "offset number": "a number after 'offset:'",
}


def syntax_problems(text: str) -> list[IcuProblem]:
    """ICU syntax errors of ``text`` (at most one: the parser stops at the first error).

    Plain text without braces never has problems. An i18next-style ``{{x}}`` message that is
    valid once its ``{{…}}`` tokens are blanked out is not reported either (callers only pass
    ICU values, but mis-detected formats must not flood the report). A plural/select without
    ``other`` is reported here (ICU/FormatJS refuse to format it) *and* by
    :func:`missing_plural_categories`; callers may skip the latter when this returns problems.
    """
    if not isinstance(text, str) or ("{" not in text and "}" not in text):
        return []
    parsed, err = _parse(text, True)
    if parsed is not None or err is None:
        return []
    m = _POS.search(err)
    offset = int(m.group(1)) if m else 0
    if "{{" in text:
        blanked = _I18NEXT.sub(lambda m: "x" * len(m.group(0)), text)
        if blanked != text:
            parsed2, err2 = _parse(blanked, True)
            if parsed2 is not None:
                return []
            m2 = _POS.search(err2 or "")
            if m2 and int(m2.group(1)) > offset:
                # the reading with {{x}} as opaque text gets further: report its error
                err, offset = err2, int(m2.group(1))
    offset = max(0, min(offset, len(text)))
    return [IcuProblem(offset, _friendly(err, text, offset))]


# ---------------------------------------------------------------------------------------------
# AST walks

_SUBMESSAGE_TYPES = ("plural", "selectordinal", "select")


def _walk(nodes, out_args, out_branches):
    for node in nodes:
        if not isinstance(node, dict):
            continue
        if node.get("hash"):
            continue
        out_args.append(node)
        options = node.get("options")
        if options is not None:
            if node.get("type") in _SUBMESSAGE_TYPES:
                out_branches.append(Branch(node["name"], node["type"], frozenset(options),
                                           node.get("start", -1)))
            for sub in options.values():
                _walk(sub, out_args, out_branches)


@lru_cache(maxsize=8192)
def _structure(text: str) -> tuple[tuple[tuple[str, int, int], ...], tuple[Branch, ...]] | None:
    parsed = parse(text)
    if parsed is None:
        return None
    args: list[dict] = []
    brs: list[Branch] = []
    _walk(parsed.ast, args, brs)
    return (tuple((a["name"], a.get("start", -1), a.get("end", -1)) for a in args),
            tuple(brs))


def arguments(text: str) -> list[tuple[str, int, int]] | None:
    """``(name, start, end)`` of every argument (nested ones too, ``#`` excluded), where the span
    is the whole ``{…}`` construct; None when ``text`` does not parse."""
    s = _structure(text) if isinstance(text, str) else None
    return None if s is None else list(s[0])


def branches(text: str) -> list[Branch]:
    """plural / selectordinal / select arguments of ``text`` in text order, nested ones too.
    Empty when the text does not parse (see :func:`syntax_problems`)."""
    s = _structure(text) if isinstance(text, str) else None
    if s is None:
        return []
    return sorted(s[1], key=lambda b: b.offset)


def missing_plural_categories(text: str, locale: str) -> list[tuple[Branch, frozenset[str]]]:
    """For each branch, the categories it lacks for ``locale``.

    plural: the CLDR cardinal categories of the locale (plurals.categories), ``other`` included;
    explicit ``=0``/``=1`` keys do not stand in for a category. selectordinal: the ordinal
    categories. select: ``other``. Unknown locale (babel has no data) -> ``[]``.
    """
    from .plurals import categories
    if not isinstance(text, str) or "{" not in text:
        return []
    brs = branches(text)
    if not brs:
        return []
    cardinal = categories(locale) if locale else None
    if cardinal is None:
        return []
    ordinal = None
    out: list[tuple[Branch, frozenset[str]]] = []
    for b in brs:
        if b.kind == "plural":
            need = cardinal
        elif b.kind == "selectordinal":
            if ordinal is None:
                ordinal = categories(locale, ordinal=True) or frozenset({"other"})
            need = ordinal
        else:
            need = frozenset({"other"})
        missing = need - b.keys
        if missing:
            out.append((b, frozenset(missing)))
    return out
