"""Template and merge fields (and, for prose, bare URLs) that are never words.

Readers replace the characters of every masked span with spaces in a block's text, one for
one, so the block's source map is unchanged and text after a field keeps its positions.
Masked text is never tokenised into words and never flagged.
"""
from __future__ import annotations

import re

# One precompiled pattern for the small, fixed set of field syntaxes we recognise.
_FIELDS = r"""
    \{\{\{.*?\}\}\}                                  # {{{ raw }}}      (Mustache / Handlebars)
  | \{\{.*?\}\}                                      # {{ name }}       (Jinja, Liquid, i18next)
  | \{%.*?%\}                                        # {% if x %}       (Jinja, Liquid tags)
  | \{\#.*?\#\}                                      # {# comment #}    (Jinja comments)
  | \$\{[^{}\n]*\}                                   # ${var}           (JS templates, shells)
  | %\([A-Za-z_][\w.\-]*\)                           # %(name)s         (Python printf style)
        [\-\#0\ +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]
  | «[^«»\s]{1,60}»                                  # «FirstName»      (Word mail merge)
  | \[\[[^\[\]\n]{1,200}\]\]                         # [[Field]]        (merge fields)
"""

# Bare web addresses and e-mail addresses (prose readers only).
_URLS = r"""
  | \b(?:https?://|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]
  | (?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}\b
"""

_FIELD_RE = re.compile(_FIELDS, re.S | re.X)
_FIELD_URL_RE = re.compile(_FIELDS + _URLS, re.S | re.X)
# cheap pre-check: every pattern needs one of these characters
_TRIGGERS = re.compile(r"[{$%«\[]")
_TRIGGERS_URL = re.compile(r"[{$%«\[@]|https?://|www\.")


def mask_fields(text: str, *, urls: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` spans of template / merge fields in ``text`` (and URLs if ``urls``)."""
    if urls:
        if not _TRIGGERS_URL.search(text):
            return []
        rx = _FIELD_URL_RE
    else:
        if not _TRIGGERS.search(text):
            return []
        rx = _FIELD_RE
    return [m.span() for m in rx.finditer(text)]


def apply_mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span replaced by the same number of spaces."""
    if not spans:
        return text
    out = []
    pos = 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(" " * (e - s))
        pos = e
    out.append(text[pos:])
    return "".join(out)
