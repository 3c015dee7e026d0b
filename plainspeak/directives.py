"""Inline suppression comments.

Forms (``RULES`` = codes such as ``PS201`` or names such as ``long-sentence``, separated by
spaces and/or commas; none means every rule; text after `` -- `` is a free-form reason)::

    <!-- plainspeak-disable RULES -->             from this line on, until plainspeak-enable
    <!-- plainspeak-enable RULES -->              ends a disable (for those rules / all)
    <!-- plainspeak-disable-next-line RULES -->   the next non-blank line after the directive
    <!-- plainspeak-disable-line RULES -->        the line the directive is on
    <!-- plainspeak-disable-file RULES -->        the whole file

In plain-text files the same words form a line of their own, optionally after ``#``, ``//``,
``;``, ``%`` or ``--`` (or wrapped in ``<!-- -->``); that line is not linted.

``Directive.line`` is always the 1-based line where the directive *starts*; for a directive
comment spanning several lines, the engine can use ``Document.line_col(d.end - 1)`` to find
the line the comment ends on (a disable-next-line then applies after that line).
"""
from __future__ import annotations

import re

from .document import Directive

ACTIONS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")

_DIRECTIVE_RE = re.compile(
    r"plainspeak-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])"
    r"[ \t]*:?(.*)\Z", re.S)
_TEXT_PREFIX_RE = re.compile(r"(?:#+|//+|;+|%+|--)[ \t]*")
_SPLIT_RE = re.compile(r"[\s,]+")
_REASON_RE = re.compile(r"(?:^|\s)--(?:\s|$)")


def _parse(body: str, line: int, start: int, end: int) -> Directive | None:
    m = _DIRECTIVE_RE.match(body)
    if not m:
        return None
    rest = m.group(2)
    r = _REASON_RE.search(rest)
    if r:
        rest = rest[:r.start()]
    rules = tuple(x for x in _SPLIT_RE.split(rest) if x)
    return Directive(action=m.group(1), rules=rules, line=line, start=start, end=end)


def parse_comment(comment_text: str, line: int, start: int, end: int) -> Directive | None:
    """A directive from an HTML/Markdown comment (with or without ``<!--``/``-->``)."""
    body = comment_text.strip()
    if body.startswith("<!--"):
        body = body[4:]
        if body.endswith("-->"):
            body = body[:-3]
        body = body.strip()
    if not body.startswith("plainspeak-"):
        return None
    return _parse(body, line, start, end)


def parse_text_line(line_text: str, line: int, start: int, end: int) -> Directive | None:
    """A directive written as a whole line of a plain-text file (``start``/``end``: the line)."""
    body = line_text.strip()
    if "plainspeak-" not in body:
        return None
    if body.startswith("<!--"):
        return parse_comment(body, line, start, end)
    m = _TEXT_PREFIX_RE.match(body)
    if m:
        body = body[m.end():]
    if not body.startswith("plainspeak-"):
        return None
    return _parse(body, line, start, end)
