"""Document model: what readers produce and checks consume.

A reader turns a file into a :class:`Document` made of :class:`Block` objects. Each block holds
the *plain text* a reader sees (markup removed, template fields masked) and a :class:`SourceMap`
that maps every character of that text back to the exact characters of the decoded source.
Checks work on block text offsets; the engine turns them into ``line:column`` through the
block's map and the document's line table, so a finding always points at the real source.

Positions: offsets are 0-based code-point offsets into ``Document.source`` (the decoded text);
lines and columns shown to users are 1-based, columns counted in code points, and the end of a
span is exclusive.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Iterable

# Block kinds (Vale-style scopes). Checks select the kinds they apply to.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE_CELL = "table_cell"
QUOTE = "quote"
LINK_TEXT = "link_text"   # reserved: links are recorded as spans inside their block (Block.links)
ALT = "alt"               # image alt text
TITLE = "title"           # page title (<title>, front matter title)
STRING = "string"         # a catalog / portal string value
BLOCK_KINDS = frozenset({HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, QUOTE, LINK_TEXT, ALT, TITLE, STRING})

# Kinds that are running prose (counted for readability and paragraph checks).
PROSE_KINDS = frozenset({PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL, HEADING, STRING})


class SourceMap:
    """Maps offsets in a block's text to offsets in the document source.

    The map is a sorted list of segments ``(text_start, src_start, text_len, src_len)``.
    A segment with ``text_len == src_len`` maps character for character (the common case);
    any other segment maps as a unit: an HTML entity ``&amp;`` (text 1, source 5), a Markdown
    escape ``\\*`` (text 1, source 2), or a masked template field. Gaps between segments are
    markup that produced no text (``**``, ``> ``, tags), so they never appear in a match's ends.
    """

    __slots__ = ("_tstarts", "_segs")

    def __init__(self, segments: Iterable[tuple[int, int, int, int]] = ()):
        self._segs: list[tuple[int, int, int, int]] = []
        self._tstarts: list[int] = []
        for seg in segments:
            self.add(*seg)

    def add(self, text_start: int, src_start: int, text_len: int, src_len: int) -> None:
        if text_len <= 0:
            return
        segs = self._segs
        if segs:
            t0, s0, tl, sl = segs[-1]
            if text_start < t0 + tl:
                raise ValueError("SourceMap segments must be added in text order")
            # merge contiguous 1:1 runs to keep maps small
            if tl == sl and text_len == src_len and t0 + tl == text_start and s0 + sl == src_start:
                segs[-1] = (t0, s0, tl + text_len, sl + src_len)
                return
        segs.append((text_start, src_start, text_len, src_len))
        self._tstarts.append(text_start)

    @property
    def segments(self) -> list[tuple[int, int, int, int]]:
        return list(self._segs)

    def _seg(self, i: int) -> tuple[int, int, int, int]:
        k = bisect.bisect_right(self._tstarts, i) - 1
        if k < 0:
            k = 0
        return self._segs[k]

    def start(self, i: int) -> int:
        """Source offset of the first source character behind text character ``i``."""
        t0, s0, tl, sl = self._seg(i)
        if i >= t0 + tl:           # past the segment (should not happen for valid i)
            return s0 + sl
        if tl == sl:
            return s0 + (i - t0)
        return s0

    def end(self, i: int) -> int:
        """Source offset just after text character ``i - 1`` (an exclusive end)."""
        if i <= 0:
            return self.start(0)
        t0, s0, tl, sl = self._seg(i - 1)
        if tl == sl:
            return s0 + (i - t0)
        return s0 + sl

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``(start, end)`` for the text span ``[start, end)``."""
        if end <= start:
            s = self.start(start) if self._segs else 0
            return s, s
        return self.start(start), self.end(end)


class MapBuilder:
    """Accumulates text and its :class:`SourceMap` segments, one piece at a time. ``lit(text,
    src)`` appends characters copied 1:1 from ``source[src:src+len(text)]``, merging with the
    previous segment when both runs are contiguous. The readers' ``TextBuilder`` and the
    catalog readers' ``ValueBuilder`` build on it."""

    __slots__ = ("parts", "segs", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segs: list[tuple[int, int, int, int]] = []
        self.pos = 0

    def lit(self, text: str, src: int) -> None:
        n = len(text)
        if not n:
            return
        segs = self.segs
        pos = self.pos
        if segs:
            t0, s0, tl, sl = segs[-1]
            if tl == sl and t0 + tl == pos and s0 + sl == src:
                segs[-1] = (t0, s0, tl + n, sl + n)
                self.parts.append(text)
                self.pos = pos + n
                return
        segs.append((pos, src, n, n))
        self.parts.append(text)
        self.pos = pos + n


@dataclass
class Link:
    """A link inside a block: its text span (block offsets) and target."""
    start: int
    end: int
    href: str


@dataclass
class Mark:
    """An inline annotation of block text: ``tag`` is ``abbr`` (value: its title, the
    expansion), ``dfn`` (a term being defined; value: its title, if any) or ``lang`` (an
    inline element with a ``lang`` attribute; value: the attribute as written)."""
    start: int
    end: int
    tag: str
    value: str | None = None


@dataclass
class Block:
    kind: str
    text: str
    smap: SourceMap
    level: int = 0                 # heading level (1-6), 0 otherwise
    lang: str | None = None        # language of this block if it differs / is known
    attrs: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def source_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        return self.smap.span(start, len(self.text) if end is None else end)


@dataclass
class Directive:
    """An inline suppression written in the source.

    action: ``disable`` | ``enable`` | ``disable-next-line`` | ``disable-line`` | ``disable-file``
    rules: codes or names as written (empty = every rule)
    line: 1-based line of the directive itself; ``start``/``end`` its source offsets.
    """
    action: str
    rules: tuple[str, ...]
    line: int
    start: int
    end: int


@dataclass
class Problem:
    """Something a reader could not handle cleanly (becomes a PS9xx finding)."""
    code: str            # e.g. "PS903"
    message: str
    offset: int = 0      # source offset the problem is about
    length: int = 0


@dataclass
class Document:
    path: str                       # as given, POSIX separators
    source: str                     # decoded source text
    format: str                     # "text" | "markdown" | "html" | "catalog-json" | ...
    blocks: list[Block] = field(default_factory=list)
    language: str = "en"            # primary language (BCP 47 primary subtag, lower case)
    language_declared: bool = False  # True when the file says its language (lang, front matter)
    front_matter: dict[str, Any] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"
    # reader facts for document-level checks (HTML: "html" tag and lang, "lang_attrs",
    # "hreflang" alternates with source offsets; see readers/html.py)
    meta: dict[str, Any] = field(default_factory=dict)
    _line_starts: list[int] | None = field(default=None, repr=False)

    # -- positions --------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            src = self.source
            find = src.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count code points."""
        starts = self.line_starts
        k = bisect.bisect_right(starts, offset) - 1
        return k + 1, offset - starts[k] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1
