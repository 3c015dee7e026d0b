"""Plain-text reader (letters, reminders, SMS templates).

Paragraphs are separated by blank lines. A line starting with a bullet or a number
(``- ``, ``* ``, ``• ``, ``1. ``, ``1)``, ``(1)``, ``a)``) starts a list item; indented lines
after it continue it. A short standalone line (preceded by a blank line or the start of the
file, followed by a blank line) that is Title Case, ALL CAPS or ends with ``:`` is a level-2
heading. Lines that are suppression directives are excluded and end the current block.

Line breaks inside a block are ``"\\n"`` in the block text, mapped to the source ``"\\n"``
(a ``"\\r"`` before it is skipped); leading and trailing blanks of each line are not text.
"""
from __future__ import annotations

import re

from ..directives import parse_text_line
from ..masking import apply_mask, mask_fields
from ..document import HEADING, LIST_ITEM, PARAGRAPH, Document
from . import TextBuilder

_LIST_RE = re.compile(r"[ \t]*(?:[-*•‣◦▪▸–+]|\d{1,3}[.)]|\(\d{1,3}\)|[a-zA-Z]\))[ \t]+(?=\S)")
_WORD_RE = re.compile(r"\w+")
_LETTER_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
_SMALL = frozenset("""a an the and or but nor of to in on at by for from with as into onto
    via per vs is are be your you our my if than then so up out off over under about after
    before during while when what how""".split())
_NOT_HEADING_START = frozenset("dear hi hello thanks thank sincerely regards best cheers".split())


def _is_heading(text: str, blank_after: bool, blank_before: bool) -> bool:
    if not (blank_after and blank_before):
        return False
    if "\n" in text:
        return False
    t = text.strip()
    if not t or t[-1] in ".!,;…":
        return False
    if len(_WORD_RE.findall(t)) > 8:
        return False
    words = _LETTER_WORD_RE.findall(t)
    if not words:
        return False
    if words[0].lower() in _NOT_HEADING_START:
        return False
    letters = [c for c in t if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters if c.lower() != c.upper()) \
            and any(c.isupper() for c in letters):
        return True                         # ALL CAPS
    if t.endswith(":"):
        return len(words) <= 6
    if t.endswith("?") and len(words) < 2:
        return False
    if not words[0][0].isupper():
        return False
    big = [w for w in words[1:] if w.lower() not in _SMALL]
    return all(w[0].isupper() for w in big)   # Title Case


def read_document(path: str, text: str, *, fmt: str | None = None) -> Document:
    doc = Document(path=path, source=text, format="text")
    blocks = doc.blocks
    n = len(text)

    cur: TextBuilder | None = None
    cur_kind = PARAGRAPH
    cur_lines = 0
    cur_blank_before = True
    prev_blank = True          # previous line blank / start of file / directive
    pending_nl = -1            # source offset of the "\n" ending the previous line in the block

    def flush(blank_after: bool) -> None:
        nonlocal cur
        if cur is None:
            return
        kind, level = cur_kind, 0
        if kind == PARAGRAPH and cur_lines == 1 and _is_heading(cur.text(), blank_after,
                                                                 cur_blank_before):
            kind, level = HEADING, 2
        b = cur.build(kind, level=level)
        if b is not None:
            blocks.append(b)
        cur = None

    lineno = 0
    pos = 0
    while pos <= n:
        if pos == n and (n == 0 or text[n - 1] == "\n"):
            break
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        lineno += 1
        cend = end
        if cend > pos and text[cend - 1] == "\r":
            cend -= 1
        line = text[pos:cend]
        stripped = line.strip()
        if not stripped:
            flush(True)
            prev_blank = True
        elif "plainspeak-" in stripped and (d := parse_text_line(
                line, lineno, pos + (len(line) - len(line.lstrip())),
                pos + len(line.rstrip()))) is not None:
            flush(True)
            doc.directives.append(d)
            prev_blank = True
        else:
            lead = len(line) - len(line.lstrip())
            m = _LIST_RE.match(line)
            if m is None and ("{" in line or "$" in line or "%" in line):
                # a list marker after a template tag: "{% if x %}- item"
                m = _LIST_RE.match(apply_mask(line, mask_fields(line)))
            if m:
                flush(False)
                cur = TextBuilder()
                cur_kind = LIST_ITEM
                cur_lines = 1
                cur_blank_before = prev_blank
                cur.add(line[m.end():].rstrip(), pos + m.end())
            elif cur is not None and (cur_kind == PARAGRAPH or lead > 0):
                cur.add("\n", pending_nl)
                cur.add(stripped, pos + lead)
                cur_lines += 1
            else:
                flush(False)
                cur = TextBuilder()
                cur_kind = PARAGRAPH
                cur_lines = 1
                cur_blank_before = prev_blank
                cur.add(stripped, pos + lead)
            prev_blank = False
        pending_nl = end
        if nl == -1:
            break
        pos = nl + 1
    # end of file: a heading needs text after it, so a final line never is one
    flush(False)
    return doc
