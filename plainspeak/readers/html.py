"""HTML reader.

Built on :class:`html.parser.HTMLParser` with ``convert_charrefs=False`` so every text chunk
and every character reference arrives with its exact position (BeautifulSoup's tree does not
keep positions of text nodes). Block-level elements start and end blocks; inline elements
continue the current block. Text keeps the source whitespace one for one (``"\\r"`` is
skipped); ``<br>`` is a ``"\\n"`` mapped to the whole tag as a unit; entities are units.
Skipped: script, style, template, noscript, svg, math, pre, code, textarea, select; comments
are parsed for directives. ``img`` alt text becomes an ``alt`` block, ``<title>`` a ``title``
block. ``<html lang>`` sets the document language, ``lang`` on inner elements the block's.
Malformed markup never raises: unclosed blocks end at the next block start, stray end tags
are ignored.

:class:`HTMLExtractor` also serves the Markdown reader for raw HTML blocks.
"""
from __future__ import annotations

import re
from html.entities import html5 as _HTML5
from html.parser import HTMLParser

from ..directives import parse_comment
from ..document import (ALT, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_CELL, TITLE, Block,
                        Document, Problem)
from . import TextBuilder, decode_entity, entity_parts, primary_language, sort_blocks

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr"
                 .split())
SKIP = frozenset("script style template noscript svg math pre code textarea select iframe "
                 "object".split())
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# elements that end the current block where they start and end
BLOCK = frozenset("""address article aside blockquote body caption center dd details dialog
    dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html iframe legend li main menu nav noscript ol optgroup option p pre search
    section summary table tbody td tfoot th thead title tr ul template textarea select""".split())
# start tags that close an open <p>
P_CLOSERS = frozenset("""address article aside blockquote center details dialog dir div dl
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol
    p pre search section summary table ul""".split())
# kind of text directly inside these elements; others inherit their container's context
OWN_KIND = {"li": LIST_ITEM, "dt": LIST_ITEM, "dd": LIST_ITEM, "td": TABLE_CELL,
            "th": TABLE_CELL, "blockquote": QUOTE, "title": TITLE,
            "h1": HEADING, "h2": HEADING, "h3": HEADING, "h4": HEADING, "h5": HEADING,
            "h6": HEADING}
CONTEXT_KINDS = frozenset({LIST_ITEM, TABLE_CELL, QUOTE})

_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_TAGNAME_RE = re.compile(r"<[^\s/>]+")


# inline elements recorded as Block.marks: <abbr title="..."> expansions, <dfn> definitions
MARK_TAGS = ("abbr", "dfn")


def attr_spans(tag_text: str):
    """Yield ``(name_lower, value, value_start)`` for each attribute of a start tag's text."""
    m = _TAGNAME_RE.match(tag_text)
    pos = m.end() if m else 0
    n = len(tag_text)
    search = _ATTR_RE.search
    while pos < n:
        m = search(tag_text, pos)
        if not m:
            return
        if m.group(2) is not None:
            g = 2
        elif m.group(3) is not None:
            g = 3
        elif m.group(4) is not None:
            g = 4
        else:
            g = 0
        if g:
            yield m.group(1).lower(), m.group(g), m.start(g)
        else:
            yield m.group(1).lower(), None, m.end()
        pos = max(m.end(), pos + 1)


def add_entity_text(builder: TextBuilder, raw: str, src: int) -> None:
    """Append ``raw`` (copied from ``source[src:]``), decoding character references as units."""
    if "&" not in raw:
        builder.add(raw, src)
        return
    for s, e, val in entity_parts(raw):
        if val is None:
            builder.add(raw[s:e], src + s)
        else:
            builder.unit(val, src + s, e - s)


class _Entry:
    __slots__ = ("tag", "block", "kind", "level", "ctx", "lang", "skip", "mark")

    def __init__(self, tag, block, kind, level, ctx, lang, skip, mark=False):
        self.tag = tag
        self.block = block
        self.kind = kind
        self.level = level
        self.ctx = ctx
        self.lang = lang
        self.skip = skip
        self.mark = mark          # opened a ``lang`` mark (inline element with lang)


class _Collect:
    """Text of an open element recorded for the accessibility checks (a link, a heading or a
    paragraph): its characters as read, the source span of its first to last non-space
    character, and the alt text of images inside it."""

    __slots__ = ("tag", "rec", "parts", "text_start", "text_end", "plain", "bold")

    def __init__(self, tag: str, rec: dict) -> None:
        self.tag = tag
        self.rec = rec
        self.parts: list[str] = []
        self.text_start: int | None = None
        self.text_end: int | None = None
        self.plain = False        # non-space text outside <strong>/<b> (paragraphs)
        self.bold = False         # non-space text inside <strong>/<b>

    def add(self, text: str, off: int, src_len: int | None = None, bold: int = 0) -> None:
        self.parts.append(text)
        stripped = text.strip()
        if not stripped:
            return
        if src_len is None:        # copied 1:1 from the source
            a = off + (len(text) - len(text.lstrip()))
            b = off + len(text.rstrip())
        else:                      # a unit (entity)
            a, b = off, off + src_len
        if self.text_start is None:
            self.text_start = a
        self.text_end = b
        if bold:
            self.bold = True
        else:
            self.plain = True

    def finish(self, end: int) -> dict:
        rec = self.rec
        rec["end"] = end
        rec["text"] = " ".join("".join(self.parts).split())
        rec["text_start"] = self.text_start
        rec["text_end"] = self.text_end
        return rec


def _ci_attrs(attrs) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for k, v in attrs:
        if k not in out:
            out[k] = v
    return out


COLLECT_TAGS = frozenset({"a", "p", "h1", "h2", "h3", "h4", "h5", "h6"})
BOLD_TAGS = frozenset({"strong", "b"})
FIELD_TAGS = frozenset({"input", "select", "textarea"})
UNLABELLED_INPUTS = frozenset({"hidden", "submit", "reset", "button", "image"})


class HTMLExtractor(HTMLParser):
    """Extracts blocks and directives from ``source[start:end]`` into ``doc``.

    ``holes``: sorted source ranges that are not text (e.g. ``> `` markers of a Markdown
    blockquote around an HTML block); ``default_kind``: kind of text outside any block element.
    """

    def __init__(self, doc: Document, start: int = 0, end: int | None = None, *,
                 default_kind: str = PARAGRAPH, holes: list[tuple[int, int]] | None = None,
                 top_level: bool = True) -> None:
        super().__init__(convert_charrefs=False)
        self.doc = doc
        self.base = start
        src = doc.source
        self.end = len(src) if end is None else end
        self.chunk = src if (start == 0 and self.end == len(src)) else src[start:self.end]
        if self.chunk is src:
            self.ls = doc.line_starts
        else:
            ls = [0]
            find = self.chunk.find
            i = find("\n")
            while i != -1:
                ls.append(i + 1)
                i = find("\n", i + 1)
            self.ls = ls
        self.default_kind = default_kind
        self.holes = holes or None
        self.top_level = top_level
        self.stack: list[_Entry] = []
        self.cur: TextBuilder | None = None
        self.cur_kind = PARAGRAPH
        self.cur_level = 0
        self.cur_lang: str | None = None
        self.cur_base: str | None = None   # language of the block without inline elements
        self.skipping = 0
        self.out: list[Block] = []
        # accessibility facts (Document.meta): open links, headings and paragraphs collecting
        # their text, open tables, <label> nesting, <strong>/<b> nesting
        self.collectors: list[_Collect] = []
        self.tables: list[dict] = []
        self.labels = 0
        self.bold = 0
        self._last_bold = False

    # -- driving --------------------------------------------------------------------------
    def run(self) -> list[Block]:
        try:
            self.feed(self.chunk)
            self.close()
        except Exception as exc:  # noqa: BLE001 - malformed markup must not stop linting
            line, col = self.getpos()
            self.doc.problems.append(Problem(
                "PS904", f"HTML could not be fully parsed at line {line}: {exc}",
                self._off()))
        self.flush()
        end = self.base + len(self.chunk)
        for c in reversed(self.collectors):
            self._finish(c, end)
        self.collectors.clear()
        while self.tables:
            self._end_table(end)
        self.doc.blocks.extend(self.out)
        return self.out

    def _off(self) -> int:
        line, col = self.getpos()
        ls = self.ls
        if line - 1 >= len(ls):
            return self.base + len(self.chunk)
        return self.base + ls[line - 1] + col

    # -- blocks ---------------------------------------------------------------------------
    def flush(self) -> None:
        cur = self.cur
        if cur is not None:
            self.cur = None
            attrs = None
            if any(m.tag == "lang" for m in cur.marks) or any(
                    t == "lang" for _s, t, _v in cur.open_marks):
                attrs = {"base_lang": self.cur_base}
            b = cur.build(self.cur_kind, level=self.cur_level, lang=self.cur_lang, attrs=attrs)
            if b is not None:
                self.out.append(b)

    def _context(self) -> tuple[str, int, str | None]:
        kind, level, lang = None, 0, None
        for e in reversed(self.stack):
            if lang is None and e.lang is not None:
                lang = e.lang
            if kind is None and e.block:
                kind, level = e.kind, e.level
            if kind is not None and lang is not None:
                break
        return kind or self.default_kind, level, lang

    def _ensure(self) -> TextBuilder:
        if self.cur is None:
            self.cur = TextBuilder()
            self.cur_kind, self.cur_level, self.cur_lang = self._context()
            base = None
            inside = False
            for e in reversed(self.stack):
                if not inside:
                    inside = e.block
                    if not inside:
                        continue
                if e.lang is not None:
                    base = e.lang
                    break
            self.cur_base = base
        return self.cur

    def _pop_to(self, idx: int, end: int | None = None) -> None:
        popped = self.stack[idx:]
        del self.stack[idx:]
        here = self._off() if end is None else end
        for e in reversed(popped):
            if e.tag in COLLECT_TAGS and self.collectors:
                self._close_collector(e.tag, here if e is popped[0] else self._off())
            elif e.tag == "table" and self.tables:
                self._end_table(here)
            elif e.tag == "label" and self.labels:
                self.labels -= 1
            elif e.tag in BOLD_TAGS and self.bold and not e.skip:
                self.bold -= 1
        for e in popped:
            if e.skip:
                self.skipping -= 1
            if e.block:
                n = len(self.out)
                self.flush()
                if self._last_bold:
                    self._last_bold = False
                    if len(self.out) > n:
                        self.out[-1].attrs["all_bold"] = True
            elif e.tag == "a" and self.cur is not None:
                self.cur.close_link()
            elif e.tag in MARK_TAGS and self.cur is not None:
                self.cur.close_mark(e.tag)
            if e.mark and self.cur is not None:
                self.cur.close_mark("lang")

    def _find_open(self, names, stop=()) -> int:
        stack = self.stack
        for i in range(len(stack) - 1, -1, -1):
            t = stack[i].tag
            if t in names:
                return i
            if t in stop:
                return -1
        return -1

    # -- accessibility facts -------------------------------------------------------------------
    def _tag_end(self, start: int) -> int:
        """Source offset just after the tag that starts at ``start``."""
        local = start - self.base
        gt = self.chunk.find(">", local)
        return self.base + (gt + 1 if gt != -1 else len(self.chunk))

    def _open_collector(self, tag: str, attrs: dict, start: int) -> None:
        meta = self.doc.meta
        if tag == "a":
            if attrs.get("href") is None:
                return                      # not a link (a named anchor)
            rec = {"start": start, "tag_end": self._tag_end(start), "href": attrs["href"],
                   "target": attrs.get("target"), "aria_label": attrs.get("aria-label"),
                   "labelledby": attrs.get("aria-labelledby"), "title": attrs.get("title"),
                   "role": attrs.get("role"), "alts": [], "images": 0, "markdown": False}
            meta.setdefault("links", []).append(rec)
        elif tag == "p":
            rec = {}
        else:
            rec = {"start": start, "tag_end": self._tag_end(start), "level": HEADINGS[tag],
                   "alts": [], "aria_label": attrs.get("aria-label"), "markdown": False}
            meta.setdefault("headings", []).append(rec)
        self.collectors.append(_Collect(tag, rec))

    def _close_collector(self, tag: str, end: int) -> None:
        cols = self.collectors
        for i in range(len(cols) - 1, -1, -1):
            c = cols[i]
            if c.tag == tag or (tag in HEADINGS and c.tag in HEADINGS):
                del cols[i]
                self._finish(c, end)
                return

    def _finish(self, c: _Collect, end: int) -> None:
        c.finish(end)
        if c.tag == "p":
            self._last_bold = c.bold and not c.plain

    def _collect(self, text: str, off: int, src_len: int | None = None) -> None:
        for c in self.collectors:
            c.add(text, off, src_len, self.bold)

    def _end_table(self, end: int) -> None:
        t = self.tables.pop()
        t["end"] = end
        self.doc.meta.setdefault("tables", []).append(t)

    def _field(self, tag: str, attrs: dict, start: int) -> None:
        typ = (attrs.get("type") or "text").strip().lower() if tag == "input" else tag
        if tag == "input" and typ in UNLABELLED_INPUTS:
            return
        self.doc.meta.setdefault("fields", []).append({
            "tag": tag, "type": typ, "id": attrs.get("id"), "start": start,
            "end": self._tag_end(start), "aria_label": attrs.get("aria-label"),
            "labelledby": attrs.get("aria-labelledby"), "title": attrs.get("title"),
            "in_label": self.labels > 0, "aria_hidden": attrs.get("aria-hidden")})

    def _image(self, attrs) -> None:
        a = _ci_attrs(attrs)
        start = self._off()
        text = self.get_starttag_text() or ""
        alt = a.get("alt", False)
        rec = {"start": start, "end": start + len(text), "src": a.get("src") or "",
               "alt": None, "alt_start": None, "alt_end": None, "markdown": False,
               "role": (a.get("role") or "").strip().lower(),
               "aria_hidden": (a.get("aria-hidden") or "").strip().lower() == "true",
               "aria_label": a.get("aria-label"), "labelledby": a.get("aria-labelledby"),
               "title": a.get("title"), "in_link": False}
        if alt is not False:
            rec["alt"] = "" if alt is None else alt
            for name, value, vstart in attr_spans(text):
                if name == "alt":
                    rec["alt_start"] = start + vstart
                    rec["alt_end"] = start + vstart + len(value or "")
                    break
        for c in self.collectors:
            if c.tag == "a":
                rec["in_link"] = True
                c.rec["images"] = c.rec.get("images", 0) + 1
            name = (rec["alt"] or "").strip() or (rec["aria_label"] or "").strip()
            if name:
                c.rec.setdefault("alts", []).append(name)
        self.doc.meta.setdefault("images", []).append(rec)

    def _a11y_start(self, tag: str, attrs) -> None:
        """Record links, headings, paragraphs, tables, labels and form fields."""
        a = _ci_attrs(attrs)
        start = self._off()
        if tag in COLLECT_TAGS:
            self._open_collector(tag, a, start)
        elif tag in BOLD_TAGS:
            self.bold += 1
        elif tag == "table":
            self.tables.append({"start": start, "tag_end": self._tag_end(start),
                                "role": (a.get("role") or "").strip().lower(), "rows": 0,
                                "cols": 0, "th": 0, "markdown": False, "_row": 0})
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            if not t["rows"]:
                t["rows"] = 1
            t["_row"] += 1
            t["cols"] = max(t["cols"], t["_row"])
            if tag == "th":
                t["th"] += 1
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            t["rows"] += 1
            t["_row"] = 0
        elif tag == "label":
            self.labels += 1
            f = a.get("for")
            if f:
                self.doc.meta.setdefault("label_for", []).append(f.strip())
        elif tag == "svg" and self.collectors:
            name = (a.get("aria-label") or "").strip()
            if name:
                for c in self.collectors:
                    c.rec.setdefault("alts", []).append(name)
        if tag in FIELD_TAGS:
            self._field(tag, a, start)

    # -- parser events ------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        raw_lang = self._record(tag, attrs)
        if tag in VOID:
            self._void(tag, attrs)
            return
        # implied end tags
        if tag == "li":
            i = self._find_open(("li",), ("ul", "ol", "menu", "dir"))
            if i >= 0:
                self._pop_to(i)
        elif tag in ("dt", "dd"):
            i = self._find_open(("dt", "dd"), ("dl",))
            if i >= 0:
                self._pop_to(i)
        elif tag in ("td", "th"):
            i = self._find_open(("td", "th"), ("tr", "table"))
            if i >= 0:
                self._pop_to(i)
        elif tag == "tr":
            i = self._find_open(("tr",), ("table",))
            if i >= 0:
                self._pop_to(i)
        elif tag == "option":
            i = self._find_open(("option",), ("select", "datalist", "optgroup"))
            if i >= 0:
                self._pop_to(i)
        if tag in P_CLOSERS:
            for i in range(len(self.stack) - 1, -1, -1):
                e = self.stack[i]
                if e.block:
                    if e.tag == "p":
                        self._pop_to(i)
                    break
        if not self.skipping or tag in FIELD_TAGS:
            self._a11y_start(tag, attrs)
        lang = None
        href = None
        title = None
        for k, v in attrs:
            if k == "lang" or k == "xml:lang":
                lang = primary_language(v)
            elif k == "href":
                href = v
            elif k == "title":
                title = v
        if tag == "html":
            if self.top_level and lang:
                self.doc.language = lang
                self.doc.language_declared = True
            lang = None
        block = tag in BLOCK
        skip = tag in SKIP
        if block:
            self.flush()
        kind = level = None
        ctx = None
        if block:
            parent_ctx = None
            for e in reversed(self.stack):
                if e.block:
                    parent_ctx = e.ctx
                    break
            own = OWN_KIND.get(tag)
            if own is not None:
                kind = own
                level = HEADINGS.get(tag, 0)
                ctx = own if own in CONTEXT_KINDS else parent_ctx
            else:
                ctx = parent_ctx
                kind = ctx or self.default_kind
                level = 0
        mark = raw_lang is not None and not block and not skip and not self.skipping \
            and tag != "html"
        self.stack.append(_Entry(tag, block, kind, level or 0, ctx, lang, skip, mark))
        if skip:
            self.skipping += 1
        elif tag == "a" and not self.skipping:
            self._ensure().open_link(href or "")
        elif tag in MARK_TAGS and not self.skipping:
            self._ensure().open_mark(tag, title)
        if mark:
            self._ensure().open_mark("lang", raw_lang)

    def handle_startendtag(self, tag, attrs):
        if tag in VOID:
            self._record(tag, attrs)
            self._void(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            if tag == "br":          # </br> is a line break in browsers
                self._void(tag, [])
            return
        if tag in HEADINGS:
            i = self._find_open(HEADINGS)
        else:
            i = self._find_open((tag,))
        if i >= 0:
            self._pop_to(i, self._tag_end(self._off()))

    def _record(self, tag, attrs) -> str | None:
        """Record ``lang``/``xml:lang`` attributes, the ``<html>`` tag and ``hreflang``
        alternates in ``Document.meta`` with their source offsets (for the language-access
        checks). Returns the raw ``lang`` value (``xml:lang`` if there is no ``lang``)."""
        names = {k for k, _v in attrs}
        is_html = tag == "html" and self.top_level and "html" not in self.doc.meta
        if not is_html and not names & {"lang", "xml:lang", "hreflang"}:
            return None
        text = self.get_starttag_text() or ""
        start = self._off()
        meta = self.doc.meta
        found: dict[str, tuple[str, int]] = {}
        for name, value, vstart in attr_spans(text):
            if name not in found:
                found[name] = (value, start + vstart)
        raw = None
        for name in ("lang", "xml:lang"):
            if name in found:
                value, vs = found[name]
                v = value if value is not None else ""
                meta.setdefault("lang_attrs", []).append(
                    {"tag": tag, "attr": name, "value": v, "start": vs, "end": vs + len(v)})
                if raw is None:
                    raw = v
        if is_html:
            info = {"start": start, "end": start + len(text), "name_end": start + len(tag) + 1,
                    "lang": None, "lang_start": None, "lang_end": None, "lang_attr": None}
            for name in ("lang", "xml:lang"):
                if name in found:
                    value, vs = found[name]
                    v = value if value is not None else ""
                    info.update(lang=v, lang_start=vs, lang_end=vs + len(v), lang_attr=name)
                    break
            meta["html"] = info
        if "hreflang" in found:
            hl, hs = found["hreflang"]
            href, fs = found.get("href", (None, None))
            rel = (found.get("rel", ("", 0))[0] or "").lower().split()
            meta.setdefault("hreflang", []).append({
                "tag": tag, "rel": rel, "hreflang": hl or "", "hreflang_start": hs,
                "hreflang_end": hs + len(hl or ""), "href": href,
                "href_start": fs, "href_end": fs + len(href) if href is not None else None})
        return raw

    def _void(self, tag, attrs):
        if tag == "hr":
            self.flush()
            return
        if tag == "input":
            self._field(tag, _ci_attrs(attrs), self._off())
        if self.skipping:
            return
        if tag == "img":
            self._image(attrs)
        if tag == "br":
            if self.cur is not None:
                text = self.get_starttag_text() or "<br>"
                self.cur.unit("\n", self._off(), len(text))
        elif tag == "img":
            text = self.get_starttag_text() or ""
            for name, value, vstart in attr_spans(text):
                if name == "alt" and value:
                    b = TextBuilder()
                    add_entity_text(b, value, self._off() + vstart)
                    _, _, lang = self._context()
                    blk = b.build(ALT, lang=lang)
                    if blk is not None:
                        self.out.append(blk)
                    break

    def handle_data(self, data):
        if self.skipping:
            return
        cur = self.cur
        if cur is None:
            if data.isspace():
                return
            cur = self._ensure()
        off = self._off()
        if self.collectors:
            self._collect(data, off)
        if self.holes:
            self._add_holed(cur, data, off)
        elif "&" in data:           # RCDATA (<title>) or stray references at the very end
            add_entity_text(cur, data, off)
        else:
            cur.add(data, off)

    def _add_holed(self, cur: TextBuilder, data: str, off: int) -> None:
        end = off + len(data)
        pos = off
        for hs, he in self.holes:
            if he <= pos:
                continue
            if hs >= end:
                break
            if hs > pos:
                add_entity_text(cur, data[pos - off:hs - off], pos)
            pos = max(pos, he)
        if pos < end:
            add_entity_text(cur, data[pos - off:], pos)

    def _ref(self, ref_body: str, prefix: str) -> None:
        if self.skipping:
            return
        off = self._off()
        local = off - self.base
        n = len(prefix) + len(ref_body)
        if self.chunk[local + n:local + n + 1] == ";":
            n += 1
        raw = self.chunk[local:local + n]
        val = decode_entity(raw) if prefix == "&#" else _HTML5.get(raw[1:])
        cur = self._ensure()
        if self.collectors:
            self._collect(raw if val is None else val, off, n)
        if val is None:
            cur.add(raw, off)
        else:
            cur.unit(val, off, n)

    def handle_entityref(self, name):
        self._ref(name, "&")

    def handle_charref(self, name):
        self._ref(name, "&#")

    def handle_comment(self, data):
        if "plainspeak-" not in data:
            return
        off = self._off()
        local = off - self.base
        close = self.chunk.find("-->", local + 4)
        end = self.base + (close + 3 if close != -1 else len(self.chunk))
        d = parse_comment(data, self.doc.line_col(off)[0], off, end)
        if d is not None:
            self.doc.directives.append(d)


def read_document(path: str, text: str, *, fmt: str | None = None) -> Document:
    doc = Document(path=path, source=text, format="html")
    HTMLExtractor(doc).run()
    sort_blocks(doc)
    return doc
