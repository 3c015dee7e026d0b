"""Content accessibility of web pages and Markdown (PS7xx).

The HTML and Markdown readers record what these checks need in ``Document.meta`` with exact
source offsets (see readers/html.py and readers/markdown.py):

* ``images``: every ``<img>`` / ``![alt](src)`` with its ``alt`` (``None`` when the attribute
  is missing) and the source span of the alt value;
* ``links``: every ``<a href>`` / Markdown link with its text, the alt text of images inside it,
  ``aria-label``, ``aria-labelledby``, ``title``, ``target`` and the span of its text;
* ``headings``: every heading, empty ones included, with level and text span;
* ``tables``: rows, columns and header cells; ``fields`` and ``label_for``: form controls and
  the ids that a ``<label for>`` names;
* ``Block.attrs["all_bold"]``: a paragraph that is all ``<strong>``/``**bold**``.

Word lists, thresholds and patterns come from the rule parameters (``rules/accessibility.yml``).
Each kind reports on source offsets, so every finding points at the real characters.
"""
from __future__ import annotations

import html as _html
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

from ..document import ALT, HEADING, LIST_ITEM, PARAGRAPH, PROSE_KINDS, TITLE
from ..finding import Finding, Severity
from ..masking import mask_fields
from .base import Check, Context

__all__ = ["KINDS", "link_name", "normalize_name"]

_STRIP = " \t\r\n.,:;!?\u2026\u00bb\u00ab\u2192\u2190\u203a\u2039>\u2013\u2014-|()[]\"'\u201c\u201d\u2018\u2019*_"
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|h[1-6]|td|th|tr|table|section|article|br|dd|dt|"
                        r"nav|header|footer|main|aside|form|blockquote)\b", re.I)
_TAG = re.compile(r"<[^>]*>")
_SIZE_RE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:bytes|[kKmMgG][bB]|[kKmMgG]iB|kilobytes?|"
                      r"megabytes?)\b")


def normalize_name(text: str) -> str:
    """Lower-case, whitespace collapsed, punctuation and arrows trimmed at both ends."""
    return " ".join(text.split()).strip(_STRIP).lower()


def link_name(rec: dict) -> tuple[str, str]:
    """Accessible name of a recorded link and where it came from: ``aria-label``,
    ``aria-labelledby`` (not resolved: the name is then ``""``), ``text`` (text and the alt
    text of images inside) or ``title``; ``("", "")`` when the link has no name."""
    label = (rec.get("aria_label") or "").strip()
    if label:
        return " ".join(label.split()), "aria-label"
    if (rec.get("labelledby") or "").strip():
        return "", "aria-labelledby"
    parts = [rec.get("text") or ""] + list(rec.get("alts") or ())
    text = " ".join(" ".join(parts).split())
    if text:
        return text, "text"
    title = (rec.get("title") or "").strip()
    if title:
        return " ".join(title.split()), "title"
    return "", ""


def _text_after(source: str, end: int, window: int) -> str:
    """Plain text right after a link, in the same paragraph, ``window`` characters at most."""
    raw = source[end:end + window * 6]
    cut = raw.find("\n\n")
    if cut != -1:
        raw = raw[:cut]
    m = _BLOCK_TAG.search(raw)
    if m:
        raw = raw[:m.start()]
    raw = _TAG.sub(" ", raw)
    return " ".join(_html.unescape(raw).split())[:window]


def _is_web_format(doc) -> bool:
    return doc.format in ("html", "markdown")


class _A11y(Check):
    """Shared helpers: formats, spans and severities."""

    PARAMS: dict[str, Any] = {
        "formats": {"type": "array", "items": {"type": "string"},
                    "description": "document formats checked (default html and markdown)"},
    }

    DEFAULT_FORMATS: tuple[str, ...] = ("html", "markdown")

    def formats(self) -> tuple[str, ...]:
        f = self.params.get("formats")
        return tuple(f) if f else self.DEFAULT_FORMATS

    def applies(self, ctx: Context) -> bool:
        f = self.formats()
        return not f or ctx.document.format in f

    def p(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def at(self, ctx: Context, start: int | None, end: int | None, message: str, *,
           scope: str, suggestions=(), severity: Severity | None = None,
           data: dict | None = None) -> Finding:
        doc = ctx.document
        start = 0 if start is None else start
        if end is None or end < start:
            end = start
        if end == start:             # point at one real character at least
            nl = doc.source.find("\n", start)
            end = min(len(doc.source), nl if nl != -1 else len(doc.source), start + 1)
            end = max(end, start)
        return ctx.source_finding(self.rule, start, end, " ".join(message.split()),
                                  severity=severity, suggestions=suggestions, data=data,
                                  scope=scope)

    def run(self, ctx: Context) -> Iterator[Finding]:
        if not self.applies(ctx):
            return iter(())
        return self.check(ctx)

    def check(self, ctx: Context) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


def _meta(ctx: Context, key: str) -> list:
    items = ctx.document.meta.get(key) or []
    return sorted((x for x in items if x.get("start") is not None), key=lambda x: x["start"])


def _element_span(rec: dict) -> tuple[int, int]:
    """The opening tag of an HTML element, or the whole Markdown construct."""
    if not rec.get("markdown") and rec.get("tag_end") and rec["tag_end"] > rec["start"]:
        return rec["start"], rec["tag_end"]
    return rec["start"], rec.get("end") or rec["start"]


def _text_span(rec: dict) -> tuple[int, int]:
    if rec.get("text_start") is not None and rec.get("text_end") is not None:
        return rec["text_start"], rec["text_end"]
    return _element_span(rec)


# ------------------------------------------------------------------------------------ images

class ImageAlt(_A11y):
    """PS701: an image with no alt attribute (Markdown: empty alt)."""
    KIND = "image-alt"
    DEFAULT_FORMATS = ("html", "markdown", "docx")
    PARAMS = {**_A11y.PARAMS,
              "markdown_empty_alt": {"type": "boolean"},
              "advice_html": {"type": "string"}, "advice_markdown": {"type": "string"},
              "advice_word": {"type": "string"}}

    def check(self, ctx):
        for im in _meta(ctx, "images"):
            alt = im.get("alt")
            if im.get("role") in ("presentation", "none") or im.get("aria_hidden"):
                continue
            if any((im.get(k) or "").strip() for k in ("aria_label", "labelledby", "title")):
                continue                 # named another way (as axe-core's image-alt allows)
            if alt is None or (im.get("word") and not alt.strip()):
                advice = self.p("advice_word" if im.get("word") else
                                "advice_markdown" if im.get("markdown") else "advice_html", "")
            elif im.get("markdown") and not alt.strip() and self.p("markdown_empty_alt", True):
                advice = self.p("advice_markdown", "")
            else:
                continue
            src = im.get("src") or ""
            yield self.at(ctx, im["start"], im["end"],
                          self.message(src=src or "this image", advice=advice), scope="image",
                          data={"src": src})


class AltPlaceholder(_A11y):
    """PS702: alt text that is a file name, a generic word, a URL or starts "image of"."""
    KIND = "alt-placeholder"
    DEFAULT_FORMATS = ("html", "markdown", "docx")
    PARAMS = {**_A11y.PARAMS,
              "placeholders": {"type": "array", "items": {"type": "string"}},
              "prefixes": {"type": "array", "items": {"type": "string"}},
              "file_patterns": {"type": "array", "items": {"type": "string"}},
              "reasons": {"type": "object"}}

    def _compiled(self):
        c = getattr(self, "_c", None)
        if c is None:
            words = frozenset(w.lower() for w in self.p("placeholders", ()))
            prefixes = tuple(p.lower() + " " for p in self.p("prefixes", ()))
            files = [re.compile(p, re.I) for p in self.p("file_patterns", ())]
            c = self._c = (words, prefixes, files)
        return c

    def reason(self, alt: str) -> str | None:
        words, prefixes, files = self._compiled()
        text = " ".join(alt.split())
        low = text.lower().strip(" .:")
        reasons = self.p("reasons", {})
        if _URL_RE.match(text):
            return reasons.get("url", "is a web address")
        if any(rx.search(text) for rx in files):
            return reasons.get("file", "is a file name")
        bare = re.sub(r"[\s_-]*\d+$", "", low)
        if low in words or bare in words:
            return reasons.get("generic", "is a generic word")
        for p in prefixes:
            if low.startswith(p):
                return reasons.get("prefix", "starts with {prefix}").format(prefix=p.strip())
        return None

    def check(self, ctx):
        for im in _meta(ctx, "images"):
            alt = im.get("alt")
            if not alt or not alt.strip():
                continue
            why = self.reason(_html.unescape(alt) if not im.get("markdown") else alt)
            if why is None:
                continue
            yield self.at(ctx, im.get("alt_start"), im.get("alt_end"),
                          self.message(alt=" ".join(alt.split()), reason=why), scope="alt",
                          data={"alt": alt, "src": im.get("src")})


class AltLength(_A11y):
    """PS703: alt text longer than ``max_length`` characters."""
    KIND = "alt-length"
    DEFAULT_FORMATS = ("html", "markdown", "docx")
    PARAMS = {**_A11y.PARAMS, "max_length": {"type": "integer", "minimum": 1}}

    def check(self, ctx):
        limit = int(self.p("max_length", 150))
        for im in _meta(ctx, "images"):
            alt = im.get("alt") or ""
            text = " ".join((_html.unescape(alt) if not im.get("markdown") else alt).split())
            if len(text) > limit:
                yield self.at(ctx, im.get("alt_start"), im.get("alt_end"),
                              self.message(length=len(text), max_length=limit), scope="alt",
                              data={"length": len(text)})


# ------------------------------------------------------------------------------------- links

def _links(ctx: Context) -> list[dict]:
    return _meta(ctx, "links")


def _is_contact(href: str) -> bool:
    return href.strip().lower().startswith(("mailto:", "tel:", "sms:"))


class LinkText(_A11y):
    """PS711: link text that says nothing out of context, or a bare URL."""
    KIND = "link-text"
    PARAMS = {**_A11y.PARAMS,
              "vague": {"type": "array", "items": {"type": "string"}},
              "url_text": {"type": "boolean"},
              "advice_vague": {"type": "string"}, "advice_url": {"type": "string"}}

    def vague(self) -> frozenset:
        v = getattr(self, "_v", None)
        if v is None:
            v = self._v = frozenset(normalize_name(x) for x in self.p("vague", ()))
        return v

    def reason(self, rec: dict) -> tuple[str, str] | None:
        name, how = link_name(rec)
        if not name:
            return None
        if normalize_name(name) in self.vague():
            return name, self.p("advice_vague", "")
        if self.p("url_text", True) and _URL_RE.match(name) and not _is_contact(
                rec.get("href") or ""):
            return name, self.p("advice_url", "")
        return None

    def check(self, ctx):
        for rec in _links(ctx):
            r = self.reason(rec)
            if r is None:
                continue
            name, advice = r
            s, e = _text_span(rec)
            yield self.at(ctx, s, e, self.message(text=name, advice=advice), scope="link",
                          data={"text": name, "href": rec.get("href")})


def _norm_href(href: str) -> str:
    h = href.strip()
    if len(h) > 1 and h.endswith("/"):
        h = h[:-1]
    return h


class LinkAmbiguous(_A11y):
    """PS712: the same link text for different destinations on one page."""
    KIND = "link-ambiguous"
    PARAMS = {**_A11y.PARAMS, "vague": {"type": "array", "items": {"type": "string"}}}

    def check(self, ctx):
        vague = frozenset(normalize_name(x) for x in self.p("vague", ()))
        first: dict[str, dict] = {}
        for rec in _links(ctx):
            name, how = link_name(rec)
            key = normalize_name(name)
            if not key or key in vague or _URL_RE.match(name) or mask_fields(name):
                continue                 # template fields: the text changes with the data
            href = _norm_href(rec.get("href") or "")
            f = first.get(key)
            if f is None:
                first[key] = rec
                continue
            fhref = _norm_href(f.get("href") or "")
            if href == fhref:
                continue
            line = ctx.document.line_col(f["start"])[0]
            s, e = _text_span(rec)
            yield self.at(ctx, s, e, self.message(text=name, href=rec.get("href") or "",
                                                  other=fhref, line=line),
                          scope="link", data={"text": name, "href": rec.get("href"),
                                              "other": f.get("href")})


class LinkFileType(_A11y):
    """PS713: a link to a document file that does not say the file type (and size)."""
    KIND = "link-file-type"
    PARAMS = {**_A11y.PARAMS, "types": {"type": "object"},
              "window": {"type": "integer", "minimum": 0},
              "check_size": {"type": "boolean"}}

    def check(self, ctx):
        types: dict = self.p("types", {})
        window = int(self.p("window", 40))
        doc = ctx.document
        for rec in _links(ctx):
            href = rec.get("href") or ""
            try:
                parts = urlsplit(href)
            except ValueError:
                continue
            path = unquote(parts.path)
            ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
            names = types.get(ext)
            if not names:
                continue
            name, how = link_name(rec)
            around = f"{name} {_text_after(doc.source, rec.get('end') or rec['start'], window)}"
            low = around.lower()
            has_type = any(re.search(r"(?<![\w])" + re.escape(n.lower()) + r"(?![\w])", low)
                           for n in names + [ext])
            size = self._local_size(doc.path, parts, path) if self.p("check_size", True) else None
            has_size = bool(_SIZE_RE.search(around))
            if has_type and (size is None or has_size):
                continue
            label = names[0]
            shown = f"{label}, {_human_size(size)}" if size is not None else label
            missing = "its file type" if not has_type else "its size"
            if not has_type and size is not None and not has_size:
                missing = "its file type and size"
            s, e = _text_span(rec)
            suggestion = f"{name} ({shown})" if name else None
            yield self.at(ctx, s, e, self.message(type=label, shown=shown, missing=missing),
                          scope="link", suggestions=[suggestion] if suggestion else (),
                          data={"href": href, "type": label, "size": size})

    @staticmethod
    def _local_size(doc_path: str, parts, path: str) -> int | None:
        if parts.scheme or parts.netloc or not path or path.startswith("/"):
            return None
        try:
            target = Path(doc_path).parent / path
            if target.is_file():
                return target.stat().st_size
        except (OSError, ValueError):
            return None
        return None


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB"


class LinkNewWindow(_A11y):
    """PS714: a link that opens a new window or tab without saying so."""
    KIND = "link-new-window"
    PARAMS = {**_A11y.PARAMS, "phrases": {"type": "array", "items": {"type": "string"}},
              "window": {"type": "integer", "minimum": 0}}

    def check(self, ctx):
        phrases = [p.lower() for p in self.p("phrases", ())]
        window = int(self.p("window", 40))
        for rec in _links(ctx):
            target = (rec.get("target") or "").strip().lower()
            if rec.get("target") is None or target in ("", "_self", "_parent", "_top"):
                continue
            name, how = link_name(rec)
            around = f"{name} {_text_after(ctx.document.source, rec.get('end') or 0, window)}"
            title = rec.get("title") or ""
            low = f"{around} {title}".lower()
            if any(p in low for p in phrases):
                continue
            s, e = _text_span(rec)
            yield self.at(ctx, s, e, self.message(text=name or "this link"), scope="link",
                          suggestions=[f"{name} (opens in a new tab)"] if name else (),
                          data={"target": rec.get("target")})


class LinkEmpty(_A11y):
    """PS715: a link with no accessible name (empty, icon-only, image with empty alt)."""
    KIND = "link-empty"

    def check(self, ctx):
        for rec in _links(ctx):
            name, how = link_name(rec)
            if name or how:
                continue
            s, e = _element_span(rec)
            what = "image-only" if rec.get("images") else "empty"
            yield self.at(ctx, s, e, self.message(href=rec.get("href") or "", what=what),
                          scope="link", data={"href": rec.get("href")})


# ---------------------------------------------------------------------------------- headings

def _headings(ctx: Context) -> list[dict]:
    return _meta(ctx, "headings")


def _heading_name(rec: dict) -> str:
    label = (rec.get("aria_label") or "").strip()
    if label:
        return label
    return " ".join(" ".join([rec.get("text") or ""] + list(rec.get("alts") or ())).split())


def _hname(rec: dict, level: int) -> str:
    if rec.get("word"):
        return f"Heading {level}"
    return "#" * level if rec.get("markdown") else f"<h{level}>"


class HeadingOrder(_A11y):
    """PS721: a heading more than one level deeper than the heading before it."""
    KIND = "heading-order"
    DEFAULT_FORMATS = ("html", "markdown", "docx")

    def check(self, ctx):
        prev = None
        for rec in _headings(ctx):
            level = rec["level"]
            if prev is not None and level > prev["level"] + 1:
                s, e = _text_span(rec)
                want = prev["level"] + 1
                yield self.at(ctx, s, e, self.message(
                    level=_hname(rec, level), previous=_hname(prev, prev["level"]),
                    expected=_hname(rec, want)), scope="heading",
                    data={"level": level, "previous": prev["level"]})
            prev = rec


class HeadingH1(_A11y):
    """PS722: more than one top-level heading."""
    KIND = "heading-h1"
    DEFAULT_FORMATS = ("html", "markdown", "docx")

    def check(self, ctx):
        first = None
        for rec in _headings(ctx):
            if rec["level"] != 1:
                continue
            if first is None:
                first = rec
                continue
            s, e = _text_span(rec)
            yield self.at(ctx, s, e, self.message(
                h1=_hname(rec, 1), line=ctx.document.line_col(first["start"])[0]),
                scope="heading")


class HeadingEmpty(_A11y):
    """PS723: a heading with no text."""
    KIND = "heading-empty"
    DEFAULT_FORMATS = ("html", "markdown", "docx")

    def check(self, ctx):
        for rec in _headings(ctx):
            if _heading_name(rec):
                continue
            s, e = _element_span(rec)
            yield self.at(ctx, s, e, self.message(h=_hname(rec, rec["level"])),
                          scope="heading")


def _prose_words(ctx: Context) -> int:
    n = ctx.cache.get("a11y_words")
    if n is None:
        n = sum(len(b.text.split()) for b in ctx.document.blocks
                if b.kind in PROSE_KINDS and b.kind != HEADING)
        ctx.cache["a11y_words"] = n
    return n


class HeadingVague(_A11y):
    """PS724: a heading that says nothing ("Information", "Other"); on long pages, a heading
    of a single word."""
    KIND = "heading-vague"
    DEFAULT_FORMATS = ("html", "markdown", "docx")
    PARAMS = {**_A11y.PARAMS, "vague": {"type": "array", "items": {"type": "string"}},
              "long_page_words": {"type": ["integer", "null"], "minimum": 1},
              "single_word_allow": {"type": "array", "items": {"type": "string"}},
              "single_word_severity": {"enum": ["error", "warning", "info"]},
              "advice_single": {"type": "string"}}

    def check(self, ctx):
        vague = frozenset(normalize_name(v) for v in self.p("vague", ()))
        allow = frozenset(normalize_name(v) for v in self.p("single_word_allow", ()))
        long_words = self.p("long_page_words")
        is_long = long_words is not None and _prose_words(ctx) >= int(long_words)
        for rec in _headings(ctx):
            name = _heading_name(rec)
            key = normalize_name(name)
            if not key:
                continue
            s, e = _text_span(rec)
            if key in vague:
                yield self.at(ctx, s, e, self.message(text=name, advice=""),
                              scope="heading", data={"text": name, "reason": "generic"})
            elif (is_long and rec["level"] >= 2 and " " not in key and key not in allow
                  and any(c.isalpha() for c in key)):
                sev = Severity.parse(self.p("single_word_severity", "info"))
                yield self.at(ctx, s, e, self.message(text=name,
                                                      advice=self.p("advice_single", "")),
                              scope="heading", severity=sev,
                              data={"text": name, "reason": "single-word"})


class HeadingsMissing(_A11y):
    """PS725: long content with no headings."""
    KIND = "headings-missing"
    DEFAULT_FORMATS = ("html", "markdown", "docx")
    PARAMS = {**_A11y.PARAMS, "min_words": {"type": "integer", "minimum": 1}}

    def check(self, ctx):
        if ctx.document.meta.get("headings"):
            return
        words = _prose_words(ctx)
        limit = int(self.p("min_words", 300))
        if words < limit:
            return
        for b in ctx.document.blocks:
            if b.kind in PROSE_KINDS and b.text.strip():
                nl = b.text.find("\n")
                end = len(b.text) if nl == -1 else nl
                s, e = b.smap.span(0, end)
                yield self.at(ctx, s, e, self.message(words=words, min_words=limit),
                              scope="document", data={"words": words})
                return


class BoldHeading(_A11y):
    """PS726: a short paragraph that is all bold, used as a heading."""
    KIND = "bold-heading"
    DEFAULT_FORMATS = ("html", "markdown", "docx")
    PARAMS = {**_A11y.PARAMS, "max_words": {"type": "integer", "minimum": 1},
              "max_label_words": {"type": "integer", "minimum": 1},
              "lead_in_words": {"type": "array", "items": {"type": "string"}}}

    def _sentence(self, text: str) -> bool:
        """A lead-in sentence ending in a colon has a verb from ``lead_in_words``."""
        words = set(re.findall(r"[^\W\d_]+", text.lower()))
        return bool(words & {w.lower() for w in self.p("lead_in_words", ())})

    def check(self, ctx):
        blocks = ctx.document.blocks
        limit = int(self.p("max_words", 10))
        for i, b in enumerate(blocks):
            if b.kind != PARAGRAPH or not b.attrs.get("all_bold"):
                continue
            text = b.text.strip()
            nwords = len(text.split())
            if not text or nwords > limit or text[-1] in ".!?":
                continue
            after = next((nb for nb in blocks[i + 1:i + 4]
                          if nb.kind in PROSE_KINDS and nb.kind != HEADING and nb.text.strip()),
                         None)
            if after is None:
                continue
            if text.endswith(":") and (
                    after.kind == LIST_ITEM or nwords > int(self.p("max_label_words", 4))
                    or self._sentence(text)):
                continue         # a bold lead-in ("All of these must be true:")
            fmt = ctx.document.format
            heading = ("## " + text.rstrip(":") if fmt == "markdown" else
                       "the Heading 2 style" if fmt == "docx" else
                       f"<h2>{text.rstrip(':')}</h2>")
            yield self.at(ctx, *b.source_span(), self.message(text=text, heading=heading),
                          scope=b.kind, data={"text": text})


# ----------------------------------------------------------------------------- other content

# PS731: a word of two or more capital letters (Latin, Greek, Cyrillic; "DON'T", "X-RAY"),
# and what may stand between two of them in a run: spaces, punctuation, numbers and
# one-letter words ("BRING A PHOTO ID"), but no lower-case letter and no line break
_CAPS = "A-Z\u00C0-\u00D6\u00D8-\u00DE\u0391-\u03A9\u0410-\u042F"
_CAPS_WORD = (f"(?<![^\\W\\d_])[{_CAPS}](?:[{_CAPS}]|['\u2019.-](?=[{_CAPS}]))+"
              f"(?![^\\W\\d_])")
_CAPS_SEP = f"(?:[^\\w\\n]|\\d|(?<![^\\W\\d_])[{_CAPS}](?![^\\W\\d_]))+"
_CAPS_WORD_RE = re.compile(_CAPS_WORD)


class AllCaps(_A11y):
    """PS731: a run of words in capitals. Lists of codes ("HAMP, HFE, SLC") are not shouting:
    a run needs ``min_wordlike`` ordinary words: function words (``function_words``), English
    words in the CMU dictionary, or words of five letters or more."""
    KIND = "all-caps"
    PARAMS = {**_A11y.PARAMS, "min_words": {"type": "integer", "minimum": 2},
              "min_wordlike": {"type": "integer", "minimum": 0},
              "function_words": {"type": "array", "items": {"type": "string"}}}

    def _min_wordlike(self) -> int:
        return int(self.p("min_wordlike", 2))

    def _wordlike(self, w: str) -> bool:
        fw = getattr(self, "_fw", None)
        if fw is None:
            fw = self._fw = frozenset(x.lower() for x in self.p("function_words", ()))
        low = w.lower()
        if low in fw or len(w) >= 5:
            return True
        from .acronym import _english_word
        return len(w) >= 3 and _english_word(w)

    DEFAULT_FORMATS = ()          # any format

    def _run_re(self) -> re.Pattern:
        rx = getattr(self, "_rx", None)
        if rx is None:
            need = int(self.p("min_words", 4))
            rx = self._rx = re.compile(
                f"{_CAPS_WORD}(?:{_CAPS_SEP}{_CAPS_WORD}){{{need - 1},}}")
        return rx

    def check(self, ctx):
        run_re = self._run_re()
        word_re = _CAPS_WORD_RE
        need_like = self._min_wordlike()
        for b in ctx.document.blocks:
            if b.kind == ALT:
                continue
            text = b.text
            for m in run_re.finditer(text):
                words = word_re.findall(m.group())
                if sum(1 for w in words if self._wordlike(w)) < need_like:
                    continue
                s, e = m.span()
                yield ctx.finding(self.rule, b, s, e, " ".join(self.message(
                    words=len(words), text=text[s:e]).split()),
                    suggestions=[_sentence_case(text[s:e])], data={"words": len(words)})


def _sentence_case(text: str) -> str:
    low = text.lower()
    return low[:1].upper() + low[1:]


class SensoryInstruction(_A11y):
    """PS732: instructions that rely on colour, shape, size, position or sound alone."""
    KIND = "sensory-instruction"
    PARAMS = {**_A11y.PARAMS, "vocabulary": {"type": "object"},
              "patterns": {"type": "array", "items": {"type": "object"}},
              "anchors": {"type": "array", "items": {"type": "string"}},
              "languages": {"type": "array", "items": {"type": "string"}}}

    DEFAULT_FORMATS = ()          # any format

    def _compiled(self):
        c = getattr(self, "_c", None)
        if c is None:
            vocab = {k: "(?:" + "|".join(re.escape(w) for w in sorted(v, key=len, reverse=True))
                     + ")" for k, v in (self.p("vocabulary") or {}).items()}
            c = []
            for pat in self.p("patterns", ()):
                rx = pat["regex"]
                for k, v in vocab.items():
                    rx = rx.replace("{" + k + "}", v)
                c.append((re.compile(rx, re.I), pat["relies_on"]))
            self._c = c
        return c

    def _anchors(self):
        a = getattr(self, "_a", None)
        if a is None:
            import ahocorasick
            a = ahocorasick.Automaton()
            vocab = self.p("vocabulary") or {}
            words = list(self.p("anchors", ())) + list(vocab.get("control", ())) + list(
                vocab.get("sound", ()))
            for w in words:
                a.add_word(w.lower(), len(w))
            a.make_automaton() if len(a) else None
            self._a = a
        return a

    def check(self, ctx):
        langs = {x.lower() for x in self.p("languages", ["en"])}
        pats = self._compiled()
        anchors = self._anchors()
        for b in ctx.document.blocks:
            if b.kind in (ALT, TITLE) or not b.text:
                continue
            if ctx.block_lang(b) not in langs:
                continue
            text = b.text
            if len(anchors) and not _has_word(anchors, text.lower()):
                continue            # no screen or sound word: no pattern can match
            taken: list[tuple[int, int]] = []
            for rx, what in pats:
                for m in rx.finditer(text):
                    s, e = m.span()
                    if any(s < te and ts < e for ts, te in taken):
                        continue
                    if _proper_name(text, s, e):
                        continue             # "VA Blue Button", "the Green Room": names
                    taken.append((s, e))
                    yield ctx.finding(self.rule, b, s, e, " ".join(self.message(
                        text=text[s:e], relies_on=what).split()),
                        data={"relies_on": what})


def _has_word(automaton, low: str) -> bool:
    """Whether one of the automaton's words or phrases occurs as a whole word in ``low``."""
    n = len(low)
    for end, length in automaton.iter(low):
        start = end - length + 1
        if (start == 0 or not low[start - 1].isalnum()) and (
                end + 1 >= n or not low[end + 1].isalpha()):
            return True
    return False


def _proper_name(text: str, s: int, e: int) -> bool:
    """Every word of ``text[s:e]`` capitalised, and not at the start of a sentence."""
    words = [w for w in re.findall(r"[^\W\d_]+", text[s:e]) if w.lower() not in ("the", "a")]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return False
    before = text[:s].rstrip()
    return bool(before) and before[-1] not in ".!?:\n\"\u201c"


class TableHeaders(_A11y):
    """PS733: a data table with no header cells."""
    KIND = "table-headers"
    DEFAULT_FORMATS = ("html", "markdown", "docx")

    def check(self, ctx):
        for t in _meta(ctx, "tables"):
            if t.get("role") in ("presentation", "none"):
                continue
            if t.get("th"):
                continue
            if not t.get("markdown") and (t.get("rows", 0) < 2 or t.get("cols", 0) < 2):
                continue
            s, e = _element_span(t)
            how = ("a header row with text" if t.get("markdown") else
                   "a header row (Table Properties, Row: Repeat as header row at the top of "
                   "each page)" if t.get("word") else
                   "<th> cells for the column (or row) headers")
            yield self.at(ctx, s, e, self.message(how=how), scope="table",
                data={"rows": t.get("rows"), "cols": t.get("cols")})


class FormLabel(_A11y):
    """PS734: a form field with no label."""
    KIND = "form-label"

    def check(self, ctx):
        ids = {x for x in ctx.document.meta.get("label_for") or ()}
        for f in _meta(ctx, "fields"):
            if (f.get("aria_hidden") or "").strip().lower() == "true":
                continue
            if f.get("in_label") or (f.get("id") or "").strip() in ids and f.get("id"):
                continue
            if any((f.get(k) or "").strip() for k in ("aria_label", "labelledby", "title")):
                continue
            what = f["tag"] if f["tag"] != "input" else f"input type=\"{f['type']}\""
            yield self.at(ctx, f["start"], f["end"], self.message(field=what), scope="form",
                          data={"tag": f["tag"], "type": f.get("type")})


class ErrorMessage(_A11y):
    """PS735: an error message that does not say what went wrong and how to fix it."""
    KIND = "error-message"
    PARAMS = {**_A11y.PARAMS, "error_cues": {"type": "array", "items": {"type": "string"}},
              "fix_cues": {"type": "array", "items": {"type": "string"}},
              "weak_fix_cues": {"type": "array", "items": {"type": "string"}},
              "generic": {"type": "array", "items": {"type": "string"}},
              "max_words": {"type": "integer", "minimum": 1},
              "languages": {"type": "array", "items": {"type": "string"}}}

    DEFAULT_FORMATS = ()          # any format

    def _compiled(self):
        c = getattr(self, "_c", None)
        if c is None:
            def alt(words):
                words = sorted(words, key=len, reverse=True)
                return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words)
                                  + r")(?![\w])", re.I) if words else None
            c = self._c = (alt(self.p("error_cues", ())), alt(self.p("fix_cues", ())),
                           alt(self.p("weak_fix_cues", ())), alt(self.p("generic", ())))
        return c

    def unhelpful(self, text: str) -> str | None:
        """What an error message leaves out, or ``None`` (not an error, or helpful)."""
        err, fix, weak, generic = self._compiled()
        if err is None or not err.search(text):
            return None
        if fix is not None and fix.search(text):
            return None
        rest = generic.sub(" ", text) if generic is not None else text
        if weak is not None:
            rest = weak.sub(" ", rest)
        specific = len(re.findall(r"[^\W\d_]{3,}", rest)) >= 2
        if specific and weak is not None and weak.search(text):
            return None              # "We could not load your messages. Try again later."
        return "how to fix it" if specific else "what went wrong or how to fix it"

    def check(self, ctx):
        langs = {x.lower() for x in self.p("languages", ["en"])}
        limit = int(self.p("max_words", 40))
        for b in ctx.document.blocks:
            if b.kind in (ALT, TITLE) or not b.text.strip():
                continue
            if len(b.text.split()) > limit or ctx.block_lang(b) not in langs:
                continue
            missing = self.unhelpful(b.text)
            if missing is None:
                continue
            yield ctx.finding(self.rule, b, 0, len(b.text), " ".join(self.message(
                text=b.text.strip(), missing=missing).split()), data={"missing": missing})


KINDS = {cls.KIND: cls for cls in (
    ImageAlt, AltPlaceholder, AltLength, LinkText, LinkAmbiguous, LinkFileType, LinkNewWindow,
    LinkEmpty, HeadingOrder, HeadingH1, HeadingEmpty, HeadingVague, HeadingsMissing,
    BoldHeading, AllCaps, SensoryInstruction, TableHeaders, FormLabel, ErrorMessage)}
