"""Markdown reader (CommonMark + GFM tables and strikethrough).

markdown-it-py gives the block structure and the inline token stream; positions come from our
own pass. For every inline token markdown-it hands us its ``content`` (the block's lines with
container prefixes such as ``> `` and list indentation removed); each content line is located
on its source line (it is a suffix of it), which yields a piecewise map from content offsets to
source offsets. The inline children are then aligned with the content left to right (with
``text_join`` disabled, text tokens are literal slices of the content and escapes/entities
keep their source in ``markup``), so every character of block text maps back exactly.

Blocks: headings (ATX and setext, with level), paragraphs, list items (paragraphs inside list
items), quotes (paragraphs inside blockquotes), table cells, image alt text (``alt`` blocks)
and the text of raw HTML blocks (through the HTML reader). Skipped: front matter (parsed into
``Document.front_matter``), fenced and indented code, code spans, link destinations and
titles, inline tags. Autolinks and bare URLs are masked. HTML comments carry directives.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import yaml
from markdown_it import MarkdownIt

from ..directives import parse_comment
from ..document import (ALT, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_CELL, Document,
                        Problem)
from . import TextBuilder, entity_parts, primary_language, sort_blocks
from .html import HTMLExtractor, attr_spans

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")

_FRONT_RE = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MAPPING_LINE_RE = re.compile(r"^[ \t]*[\"']?[\w][\w .\-\"']*:(?:\s|$)", re.M)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EMPH = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
_BACKTICKS: dict[int, re.Pattern] = {}
_SKIP_INLINE_HTML = re.compile(r"<(/?)(code|script|style|kbd|samp|pre|textarea|svg)\b", re.I)


def _backtick_re(n: int) -> re.Pattern:
    rx = _BACKTICKS.get(n)
    if rx is None:
        rx = _BACKTICKS[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    return rx


class _Inline:
    """Aligns one inline token's children with its content ``s`` and emits mapped text."""

    __slots__ = ("r", "s", "pieces", "pstarts", "nl_s", "nl_src", "cur", "fallback", "skip",
                 "links", "marks")

    def __init__(self, reader: "_Reader", s: str, pieces, nl_s, nl_src) -> None:
        self.r = reader
        self.s = s
        self.pieces = pieces
        self.pstarts = [p[0] for p in pieces]
        self.nl_s = nl_s
        self.nl_src = nl_src
        self.cur = 0
        self.fallback = -1
        self.skip = 0
        self.links: list[tuple[dict, int, int]] = []   # open links: (record, part index, pos)
        self.marks: list[str] = []                     # open inline <abbr>/<dfn>

    # -- accessibility records (Document.meta) ------------------------------------------------
    def src_end(self, p: int) -> int | None:
        """Source offset just after content character ``p - 1``."""
        z = self.src_of(p - 1) if p > 0 else None
        return z + 1 if z is not None else None

    def open_link_rec(self, b: TextBuilder, start: int | None, href: str, **extra) -> None:
        rec = {"start": start, "href": href, "target": None, "aria_label": None,
               "labelledby": None, "title": None, "role": None, "alts": [], "images": 0,
               "markdown": True}
        rec.update(extra)
        self.r.doc.meta.setdefault("links", []).append(rec)
        self.links.append((rec, len(b.parts), b.pos))

    def close_link_rec(self, b: TextBuilder, end: int | None) -> None:
        if not self.links:
            return
        rec, k, pos = self.links.pop()
        text = "".join(b.parts[k:])
        rec["text"] = " ".join(text.split())
        rec["end"] = end if end is not None else rec["start"]
        rec["text_start"], rec["text_end"] = _builder_span(b, pos, b.pos)

    def image_rec(self, start: int | None, end: int | None, src: str, alt: str | None,
                  alt_span: tuple[int | None, int | None], markdown: bool,
                  attrs: dict | None = None) -> None:
        a = attrs or {}
        rec = {"start": start, "end": end, "src": src, "alt": alt, "alt_start": alt_span[0],
               "alt_end": alt_span[1], "markdown": markdown,
               "role": (a.get("role") or "").strip().lower(),
               "aria_hidden": (a.get("aria-hidden") or "").strip().lower() == "true",
               "aria_label": a.get("aria-label"), "labelledby": a.get("aria-labelledby"),
               "title": a.get("title") if not markdown else None,
               "in_link": bool(self.links)}
        name = (alt or "").strip() or (rec["aria_label"] or "").strip()
        for lrec, _k, _p in self.links:
            lrec["images"] += 1
            if name:
                lrec["alts"].append(name)
        self.r.doc.meta.setdefault("images", []).append(rec)

    # -- content offset -> source offset ------------------------------------------------------
    def src_of(self, p: int) -> int | None:
        k = bisect_right(self.pstarts, p) - 1
        if k >= 0:
            ps, src, ln = self.pieces[k]
            if p < ps + ln:
                return src + p - ps
        j = bisect_left(self.nl_s, p)
        if j < len(self.nl_s) and self.nl_s[j] == p:
            return self.nl_src[j]
        return None

    def emit(self, b: TextBuilder, p: int, n: int) -> None:
        """Append ``s[p:p+n]`` 1:1 (characters outside the map, e.g. indentation, are dropped)."""
        s = self.s
        pieces = self.pieces
        pstarts = self.pstarts
        end = p + n
        while p < end:
            k = bisect_right(pstarts, p) - 1
            if k >= 0:
                ps, src, ln = pieces[k]
                pe = ps + ln
                if p < pe:
                    m = (end if end < pe else pe) - p
                    b.add(s[p:p + m], src + p - ps)
                    p += m
                    continue
            if s[p] == "\n":
                src = self.src_of(p)
                if src is not None:
                    b.add("\n", src)
                p += 1
                continue
            # not mapped: skip to the next piece or newline
            nxt = pstarts[k + 1] if k + 1 < len(pstarts) else end
            j = bisect_left(self.nl_s, p)
            if j < len(self.nl_s) and self.nl_s[j] < nxt:
                nxt = self.nl_s[j]
            p = max(p + 1, min(nxt, end))

    def emit_unit(self, b: TextBuilder, text: str, p: int, n: int) -> None:
        a = self.src_of(p)
        z = self.src_of(p + n - 1)
        if a is None or z is None or z < a:
            return
        b.unit(text, a, z + 1 - a)

    def find(self, c: str) -> int:
        s = self.s
        cur = self.cur
        if s.startswith(c, cur):
            p = cur
        else:
            p = s.find(c, cur)
            if p < 0 and 0 <= self.fallback < cur:
                p = s.find(c, self.fallback)
        if p >= 0:
            self.fallback = -1
        return p

    # -- the walk ---------------------------------------------------------------------------
    def walk(self, children, b: TextBuilder, alts: list[TextBuilder]) -> None:
        s = self.s
        link_kinds: list[str] = []
        in_auto = False
        for t in children:
            ty = t.type
            if ty == "text":
                c = t.content
                if not c or in_auto:
                    continue
                p = self.find(c)
                if p < 0:
                    continue
                if not self.skip and not in_auto:
                    self.emit(b, p, len(c))
                self.cur = p + len(c)
            elif ty == "softbreak" or ty == "hardbreak":
                q = s.find("\n", self.cur)
                if q < 0:
                    continue
                if not self.skip and not in_auto:
                    self.emit(b, q, 1)
                self.cur = q + 1
            elif ty == "text_special":
                m = t.markup or t.content
                p = self.find(m)
                if p < 0:
                    continue
                if not self.skip and not in_auto:
                    self.emit_unit(b, t.content, p, len(m))
                self.cur = p + len(m)
            elif ty in _EMPH:
                m = t.markup
                if m:
                    p = self.find(m)
                    if p >= 0:
                        self.cur = p + len(m)
            elif ty == "code_inline":
                self._code(b, t.markup or "`")
            elif ty == "link_open":
                href = t.attrs.get("href") or ""
                if t.markup == "autolink" or t.info == "auto":
                    link_kinds.append("auto")
                    p = s.find("<", self.cur)
                    q = s.find(">", p + 1) if p >= 0 else -1
                    if p >= 0 and q > p:
                        if not self.skip:
                            start = b.pos
                            b.open_link(str(href))
                            self.open_link_rec(b, self.src_of(p), str(href), autolink=True)
                            self.emit(b, p + 1, q - p - 1)
                            self.close_link_rec(b, self.src_end(q + 1))
                            b.mask(start, b.pos)
                            b.close_link()
                        self.cur = q + 1
                    in_auto = True
                else:
                    link_kinds.append("md")
                    p = s.find("[", self.cur)
                    if p >= 0:
                        self.cur = p + 1
                    b.open_link(str(href))
                    if not self.skip:
                        self.open_link_rec(b, self.src_of(p) if p >= 0 else None, str(href),
                                           title=t.attrs.get("title"))
            elif ty == "link_close":
                kind = link_kinds.pop() if link_kinds else "md"
                if kind == "auto":
                    in_auto = False
                    continue
                b.close_link()
                p = s.find("]", self.cur)
                if p >= 0:
                    self.cur = self._skip_tail(p)
                if not self.skip and self.links:
                    self.close_link_rec(b, self.src_end(self.cur) if p >= 0 else None)
            elif ty == "image":
                p0 = p = s.find("![", self.cur)
                if p >= 0:
                    self.cur = p + 2
                ab = TextBuilder()
                self.walk(t.children or (), ab, alts)
                if not self.skip:
                    alts.append(ab)
                p = s.find("]", self.cur)
                if p >= 0:
                    self.cur = self._skip_tail(p)
                if not self.skip and p0 >= 0:
                    self.image_rec(self.src_of(p0), self.src_end(self.cur),
                                   str(t.attrs.get("src") or ""), ab.text(),
                                   _builder_span(ab, 0, ab.pos), True)
            elif ty == "html_inline":
                c = t.content
                p = self.find(c)
                if p < 0:
                    continue
                self.cur = p + len(c)
                self._html(b, c, p, alts)

    def _code(self, b: TextBuilder, markup: str) -> None:
        s = self.s
        rx = _backtick_re(len(markup))
        m = rx.search(s, self.cur)
        if not m:
            return
        m2 = rx.search(s, m.end())
        end = m2.end() if m2 else m.end()
        if not self.skip and b.pos and end < len(s):
            prev = b.parts[-1][-1]
            if prev.isalnum() and s[end].isalnum():
                # keep the words on each side apart: one space standing for the whole span
                self.emit_unit(b, " ", m.start(), end - m.start())
        self.cur = end

    def _skip_tail(self, p: int) -> int:
        """``p`` is at the ``]`` closing a link/image text: skip ``(dest "title")`` or ``[ref]``."""
        s = self.s
        n = len(s)
        q = p + 1
        self.fallback = q
        if q < n and s[q] == "(":
            i = q + 1
            while i < n and s[i] in " \t\n":
                i += 1
            if i < n and s[i] == "<":
                j = s.find(">", i)
                i = j + 1 if j >= 0 else i + 1
            depth = 1
            while i < n:
                c = s[i]
                if c == "\\":
                    i += 2
                    continue
                if c in "\"'" and s[i - 1] in " \t\n":
                    j = i + 1
                    while j < n and s[j] != c:
                        j += 2 if s[j] == "\\" else 1
                    i = j + 1
                    continue
                if c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth == 0:
                        return i + 1
                i += 1
            return q
        if q < n and s[q] == "[":
            j = s.find("]", q + 1)
            return j + 1 if j >= 0 else q
        return q

    def _html(self, b: TextBuilder, c: str, p: int, alts: list[TextBuilder]) -> None:
        if c.startswith("<!--"):
            if "plainspeak-" in c:
                a = self.src_of(p)
                z = self.src_of(p + len(c) - 1)
                if a is not None:
                    end = z + 1 if z is not None else a + len(c)
                    r = self.r
                    d = parse_comment(c, r.doc.line_col(a)[0], a, end)
                    if d is not None:
                        r.doc.directives.append(d)
            return
        m = _SKIP_INLINE_HTML.match(c)
        if m:
            if m.group(1):
                self.skip = max(0, self.skip - 1)
            elif not c.endswith("/>"):
                self.skip += 1
            return
        if self.skip:
            return
        low = c[:5].lower()
        if low.startswith("<br") and (len(c) == 3 or not c[3].isalnum()):
            if b.pos:
                self.emit_unit(b, "\n", p, len(c))
        elif low.startswith("<a") and (len(c) > 2 and not c[2].isalnum()):
            attrs = {}
            for name, value, _ in attr_spans(c):
                attrs.setdefault(name, value)
            href = attrs.get("href") or ""
            b.open_link(href)
            if attrs.get("href") is not None:
                self.open_link_rec(b, self.src_of(p), href, target=attrs.get("target"),
                                   aria_label=attrs.get("aria-label"),
                                   labelledby=attrs.get("aria-labelledby"),
                                   title=attrs.get("title"), markdown=False)
            else:
                self.links.append(({}, len(b.parts), b.pos))    # an anchor: no record
        elif low.startswith("</a") and (len(c) > 3 and not c[3].isalnum()):
            b.close_link()
            if self.links and not self.links[-1][0]:
                self.links.pop()
            else:
                self.close_link_rec(b, self.src_end(p + len(c)))
        elif (low.startswith("<abbr") or low.startswith("<dfn")) and c.endswith(">") \
                and not c.endswith("/>"):
            tag = "abbr" if low.startswith("<abbr") else "dfn"
            if c[len(tag) + 1:len(tag) + 2] in (">", " ", "\t", "\n"):
                title = None
                for name, value, _ in attr_spans(c):
                    if name == "title":
                        title = value
                        break
                b.open_mark(tag, title)
        elif low.startswith("</abb") or low.startswith("</dfn"):
            b.close_mark("abbr" if low.startswith("</abb") else "dfn")
        elif low.startswith("<img") and (len(c) > 4 and not c[4].isalnum()):
            attrs = {}
            alt_span: tuple[int | None, int | None] = (None, None)
            for name, value, vstart in attr_spans(c):
                if name in attrs:
                    continue
                attrs[name] = value
                if name == "alt":
                    alt_span = (self.src_of(p + vstart),
                                self.src_end(p + vstart + len(value or "")))
                    if alt_span[1] is None or not value:
                        alt_span = (alt_span[0], alt_span[0])
                if name == "alt" and value:
                    ab = TextBuilder()
                    base = p + vstart
                    for s0, e0, val in entity_parts(value):
                        if val is None:
                            self.emit(ab, base + s0, e0 - s0)
                        else:
                            self.emit_unit(ab, val, base + s0, e0 - s0)
                    alts.append(ab)
            alt = attrs.get("alt", False)
            self.image_rec(self.src_of(p), self.src_end(p + len(c)),
                           attrs.get("src") or "", None if alt is False else (alt or ""),
                           alt_span, False, attrs)


def _all_bold(children) -> bool:
    """True when an inline token list is one strong span with only space around it."""
    kids = [c for c in children or () if not (c.type in ("text", "softbreak") and
                                                not c.content.strip())]
    if len(kids) < 3 or kids[0].type != "strong_open" or kids[-1].type != "strong_close":
        return False
    depth = 0
    for k, c in enumerate(kids):
        if c.type == "strong_open":
            depth += 1
        elif c.type == "strong_close":
            depth -= 1
            if depth == 0 and k != len(kids) - 1:
                return False
    return True


def _builder_span(b: TextBuilder, ta: int, tb: int) -> tuple[int | None, int | None]:
    """Source span of the non-space text of builder text ``[ta, tb)``."""
    text = "".join(b.parts)[ta:tb]
    stripped = text.strip()
    if not stripped:
        return None, None
    a = ta + text.find(stripped[0])
    z = a + len(stripped)
    start = end = None
    for t0, s0, tl, sl in b.segs:
        if start is None and t0 <= a < t0 + tl:
            start = s0 + (a - t0) if tl == sl else s0
        if t0 < z <= t0 + tl:
            end = s0 + (z - t0) if tl == sl else s0 + sl
            break
    return start, end


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.src = doc.source
        self.ls = doc.line_starts
        self.nlines = len(self.ls)

    def line(self, k: int) -> tuple[int, int, int]:
        """``(start, content_end, newline_offset)`` of 0-based line ``k`` (no ``\\r``)."""
        ls = self.ls
        s = ls[k]
        if k + 1 < self.nlines:
            e = ls[k + 1] - 1
            nl = e
        else:
            e = len(self.src)
            nl = -1
        if e > s and self.src[e - 1] == "\r":
            e -= 1
        return s, e, nl

    # -- content -> source pieces -------------------------------------------------------------
    def line_pieces(self, content: str, first: int):
        src = self.src
        pieces = []
        nl_s: list[int] = []
        nl_src: list[int] = []
        cpos = 0
        lines = content.split("\n")
        last = len(lines) - 1
        for k, L in enumerate(lines):
            lk = first + k
            if lk >= self.nlines:
                break
            s0, ce, nl = self.line(lk)
            core = L.strip()
            if core:
                lead = len(L) - len(L.lstrip())
                S = src[s0:ce]
                Sr = S.rstrip()
                if Sr.endswith(core):
                    col = len(Sr) - len(core)
                else:
                    col = S.find(core)
                if col >= 0:
                    length = min(len(L) - lead, len(S) - col)
                    pieces.append((cpos + lead, s0 + col, length))
            if k < last and nl >= 0:
                nl_s.append(cpos + len(L))
                nl_src.append(nl)
            cpos += len(L) + 1
        return pieces, nl_s, nl_src

    def heading_pieces(self, content: str, lk: int):
        s0, ce, _ = self.line(lk)
        S = self.src[s0:ce]
        h = S.find("#")
        while 0 <= h < len(S) and S[h] == "#":
            h += 1
        col = S.find(content, max(h, 0))
        if col < 0:
            col = S.find(content)
        if col < 0:
            return [], [], []
        return [(0, s0 + col, len(content))], [], []

    # -- the document -------------------------------------------------------------------------
    def read(self) -> Document:
        doc = self.doc
        text = self.src
        md_src = text
        fm = _FRONT_RE.match(text)
        if fm and self.front_matter(fm):
            md_src = "\n" * fm.group(0).count("\n") + text[fm.end():]
        if "\r" in md_src:
            md_src = md_src.replace("\r\n", "\n").replace("\r", " ")
        try:
            tokens = _MD.parse(md_src)
        except Exception as exc:  # noqa: BLE001 - never raise for content
            doc.problems.append(Problem("PS904", f"Markdown could not be parsed: {exc}"))
            return doc
        try:
            self.walk(tokens)
        except Exception as exc:  # noqa: BLE001 - keep what was read, report the rest
            doc.problems.append(Problem("PS904", f"Markdown could not be fully read: "
                                                 f"{type(exc).__name__}: {exc}"))
        sort_blocks(doc)
        return doc

    def front_matter(self, fm: re.Match) -> bool:
        doc = self.doc
        body = fm.group(1) or ""
        try:
            data = yaml.load(body, Loader=_YAML_LOADER) if body.strip() else {}
        except yaml.YAMLError as exc:
            if not _MAPPING_LINE_RE.search(body):
                return False                 # a thematic break, not front matter
            mark = getattr(exc, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 2
            line = min(line, len(self.ls))
            col = mark.column if mark is not None else 0
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            doc.problems.append(Problem(
                "PS904", f"front matter is not valid YAML (line {line}): {what}",
                self.ls[line - 1] + col))
            return True
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return False
        doc.front_matter = data
        for key in ("lang", "language"):
            lang = primary_language(data.get(key))
            if lang:
                doc.language = lang
                doc.language_declared = True
                break
        return True

    def walk(self, tokens) -> None:
        ctx: list[str] = []
        i = 0
        n = len(tokens)
        row_line = -1
        row_cursor = 0
        table: dict | None = None
        while i < n:
            t = tokens[i]
            ty = t.type
            if ty == "inline":
                i += 1
                continue
            if ty == "paragraph_open":
                if i + 1 < n and tokens[i + 1].type == "inline":
                    kind = ctx[-1] if ctx else PARAGRAPH
                    inl = tokens[i + 1]
                    pieces = self.line_pieces(inl.content, inl.map[0] if inl.map else t.map[0])
                    blk = self.inline_block(inl, kind, 0, pieces)
                    if blk is not None and kind == PARAGRAPH and _all_bold(inl.children):
                        blk.attrs["all_bold"] = True
                    i += 2
                    continue
            elif ty == "heading_open":
                if i + 1 < n and tokens[i + 1].type == "inline":
                    inl = tokens[i + 1]
                    level = int(t.tag[1]) if len(t.tag) == 2 and t.tag[1].isdigit() else 1
                    blk = None
                    if inl.content.strip() and t.map:
                        if t.markup and t.markup[0] == "#":
                            pieces = self.heading_pieces(inl.content, t.map[0])
                        else:
                            pieces = self.line_pieces(inl.content, t.map[0])
                        blk = self.inline_block(inl, HEADING, level, pieces)
                    if t.map:
                        self.heading_rec(t, inl, level, blk)
                    i += 2
                    continue
            elif ty == "blockquote_open":
                ctx.append(QUOTE)
            elif ty == "list_item_open":
                ctx.append(LIST_ITEM)
            elif ty in ("blockquote_close", "list_item_close"):
                if ctx:
                    ctx.pop()
            elif ty == "table_open":
                table = None
                if t.map:
                    s0, ce, _ = self.line(t.map[0])
                    lead = len(self.src[s0:ce]) - len(self.src[s0:ce].lstrip())
                    table = {"start": s0 + lead, "tag_end": ce, "end": ce, "role": "",
                             "rows": 0, "cols": 0, "th": 0, "markdown": True}
            elif ty == "table_close":
                if table is not None:
                    if t.map:
                        table["end"] = self.line(max(t.map[1] - 1, 0))[1]
                    self.doc.meta.setdefault("tables", []).append(table)
                    table = None
            elif ty == "tr_open":
                row_line = t.map[0] if t.map else -1
                row_cursor = 0
                if table is not None:
                    table["rows"] += 1
                    table["_row"] = 0
            elif ty in ("th_open", "td_open"):
                if table is not None:
                    table["_row"] = table.get("_row", 0) + 1
                    table["cols"] = max(table["cols"], table["_row"])
                    if ty == "th_open" and i + 1 < n and tokens[i + 1].type == "inline" \
                            and tokens[i + 1].content.strip():
                        table["th"] += 1
                if i + 1 < n and tokens[i + 1].type == "inline" and row_line >= 0:
                    inl = tokens[i + 1]
                    c = inl.content
                    if c.strip():
                        row_cursor = self.cell(inl, row_line, row_cursor)
                    i += 2
                    continue
            elif ty == "html_block":
                if t.map:
                    self.html_block(t, ctx)
            # fence, code_block, hr, lists/tables open/close: nothing to read
            i += 1

    def cell(self, inl, row_line: int, cursor: int) -> int:
        c = inl.content
        s0, ce, _ = self.line(row_line)
        S = self.src[s0:ce]
        raw = c
        col = S.find(c, cursor)
        if "|" in c:
            esc = c.replace("|", "\\|")
            col2 = S.find(esc, cursor)
            if col2 >= 0 and (col < 0 or col2 <= col):
                raw, col = esc, col2
        if col < 0:
            return cursor
        pieces = []
        src0 = s0 + col
        sp = rp = 0
        while True:
            j = raw.find("\\|", rp) if raw is not c else -1
            if j < 0:
                pieces.append((sp, src0 + rp, len(raw) - rp))
                break
            pieces.append((sp, src0 + rp, j - rp))
            sp += j - rp
            rp = j + 1
        self.inline_block(inl, TABLE_CELL, 0, (pieces, [], []))
        return col + len(raw)

    def inline_block(self, inl, kind: str, level: int, pieces) -> None:
        il = _Inline(self, inl.content, *pieces)
        b = TextBuilder()
        alts: list[TextBuilder] = []
        il.walk(inl.children or (), b, alts)
        blocks = self.doc.blocks
        blk = b.build(kind, level=level)
        if blk is not None:
            blocks.append(blk)
        for ab in alts:
            a = ab.build(ALT)
            if a is not None:
                blocks.append(a)
        return blk

    def heading_rec(self, t, inl, level: int, blk) -> None:
        s0, ce, _ = self.line(t.map[0])
        line = self.src[s0:ce]
        start = s0 + len(line) - len(line.lstrip())
        alts = [im["alt"] for im in self.doc.meta.get("images", ())
                if im.get("alt") and im.get("start") is not None and s0 <= im["start"] < ce]
        rec = {"start": start, "tag_end": start, "end": self.line(max(t.map[1] - 1, 0))[1],
               "level": level, "alts": alts, "aria_label": None, "markdown": True,
               "text": " ".join(blk.text.split()) if blk is not None else "",
               "text_start": None, "text_end": None}
        if blk is not None:
            rec["text_start"], rec["text_end"] = blk.source_span()
        self.doc.meta.setdefault("headings", []).append(rec)

    def html_block(self, t, ctx: list[str]) -> None:
        first, last = t.map
        last = min(last, self.nlines)
        if first >= last:
            return
        start = self.ls[first]
        _, end, _ = self.line(last - 1)
        holes = None
        if QUOTE in ctx:
            holes = []
            lines = t.content.split("\n")
            for k in range(last - first):
                s0, ce, _ = self.line(first + k)
                L = lines[k] if k < len(lines) else ""
                S = self.src[s0:ce]
                if L and S.endswith(L):
                    col = len(S) - len(L)
                elif L.strip():
                    col = S.find(L.strip())
                    col = col if col >= 0 else 0
                else:
                    col = len(S)
                if col > 0:
                    holes.append((s0, s0 + col))
        ext = HTMLExtractor(self.doc, start, end, default_kind=ctx[-1] if ctx else PARAGRAPH,
                            holes=holes, top_level=False)
        ext.run()


def read_document(path: str, text: str, *, fmt: str | None = None) -> Document:
    doc = Document(path=path, source=text, format="markdown")
    return _Reader(doc).read()
