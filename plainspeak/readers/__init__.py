"""Readers: bytes on disk -> :class:`~plainspeak.document.Document`.

``load(path, raw, fmt)`` decodes the bytes (:func:`decode`) and hands the text to the reader
module for the format (``<module>.read_document(path, text) -> Document``); formats that are
not text (:data:`BINARY_FORMATS`: Word .docx) get the bytes instead
(``<module>.read_bytes(path, raw) -> Document``). Readers never raise for malformed content:
what they cannot handle becomes a :class:`Problem` on the document. Binary input of a text
format raises :class:`BinaryFile` (the engine reports PS902).

Shared helpers for the reader modules live here too: :class:`TextBuilder` accumulates a
block's text together with its exact source map, and :func:`entity_parts` splits a raw string
into literal runs and character references.
"""
from __future__ import annotations

import codecs
import html as _html
import importlib
import os
import re
from html.entities import html5 as _HTML5

from ..document import Block, Document, Link, MapBuilder, Mark, Problem, SourceMap
from ..masking import apply_mask, mask_fields

__all__ = ["EXTENSIONS", "FORMATS", "BINARY_FORMATS", "BinaryFile", "format_for", "decode",
           "load", "source_text", "TextBuilder", "entity_parts", "decode_entity",
           "primary_language"]

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    # HTML templates (Handlebars, Mustache, Nunjucks, Jinja, Liquid): fields are masked
    ".hbs": "html", ".handlebars": "html", ".mustache": "html", ".njk": "html",
    ".jinja": "html", ".jinja2": "html", ".liquid": "html",
    ".json": "catalog-json",
    ".po": "catalog-po", ".pot": "catalog-po", ".properties": "catalog-properties",
    ".xlf": "catalog-xliff", ".xliff": "catalog-xliff", ".arb": "catalog-arb",
    # Word documents (not .docm: macro-enabled files are never read)
    ".docx": "docx",
}

# format name -> module in this package
FORMATS: dict[str, str] = {
    "text": "text", "markdown": "markdown", "html": "html", "catalog-json": "jsoncat",
    "catalog-po": "catalogs", "catalog-properties": "catalogs", "catalog-xliff": "catalogs",
    "catalog-arb": "catalogs", "catalog-android": "catalogs", "catalog-rails-yaml": "catalogs",
    "docx": "docx",
}


# formats read from bytes by their own reader (no text decoding, no binary-content check):
# the module has ``read_bytes(path, raw) -> Document``
BINARY_FORMATS: frozenset[str] = frozenset({"docx"})


class BinaryFile(Exception):
    """The input is not text (NUL bytes, mostly control characters)."""


def format_for(path: str) -> str | None:
    """Format name for a file name by its extension, or ``None`` if unknown.

    ``.xml`` is a catalog only as an Android resources file (``strings.xml``, or any ``.xml``
    in a ``values*`` folder) and ``.yml``/``.yaml`` only under a ``locales`` folder
    (``config/locales/es.yml``); the catalog reader then checks the content. ``~$name.docx``
    is the lock file Word keeps beside an open document, not a document."""
    stem, ext = os.path.splitext(path)
    ext = ext.lower()
    if ext in (".j2", ".tmpl", ".tpl", ".erb"):     # "page.html.j2": the format of the stem
        inner = os.path.splitext(stem)[1].lower()
        return EXTENSIONS.get(inner) if inner in (".html", ".htm", ".md", ".txt") else None
    fmt = EXTENSIONS.get(ext)
    if fmt == "docx" and os.path.basename(stem).startswith("~$"):
        return None                                 # Word's lock file for an open document
    if fmt is None and ext in (".xml", ".yml", ".yaml"):
        from ..translations.formats import is_android_path, is_locale_yaml_path
        if ext == ".xml":
            return "catalog-android" if is_android_path(path) else None
        return "catalog-rails-yaml" if is_locale_yaml_path(path) else None
    return fmt


# ------------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),   # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_UTF8_NAMES = {"utf-8", "utf8", "utf_8", "unicode-1-1-utf-8", "x-unicode20utf8"}
# WHATWG: these labels mean windows-1252
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
              "iso_8859-1", "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819"}


def _check_binary(raw: bytes) -> None:
    head = raw[:8192]
    if b"\x00" in head:
        raise BinaryFile("this looks like a binary file (it contains NUL bytes)")
    if head:
        n = len(_CONTROL.findall(head))
        if n > 8 and n / len(head) > 0.05:
            raise BinaryFile("this looks like a binary file (many control characters)")


def _check_binary_text(text: str) -> None:
    head = text[:8192]
    if "\x00" in head:
        raise BinaryFile("this looks like a binary file (it contains NUL characters)")


def _declared_html_encoding(raw: bytes) -> str | None:
    try:
        from bs4.dammit import EncodingDetector
    except ImportError:  # pragma: no cover - bs4 is a dependency
        m = re.search(rb"<meta[^>]+charset\s*=\s*['\"]?([\w:.-]+)", raw[:4096], re.I)
        return m.group(1).decode("ascii").lower() if m else None
    try:
        enc = EncodingDetector.find_declared_encoding(raw[:8192], is_html=True)
    except Exception:  # noqa: BLE001 - a detector hiccup must not stop reading
        return None
    return enc.lower() if enc else None


def decode(raw: bytes, fmt: str) -> tuple[str, str, list[Problem]]:
    """Decode file bytes: ``(text, encoding, problems)``.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32; the BOM is dropped, so offsets
    are into the text without it). HTML then honours a declared non-UTF-8 ``<meta charset>``.
    Otherwise the bytes must be strict UTF-8; if they are not, they are read as Windows-1252
    (Latin-1 for its few undefined bytes) with a PS903 problem. Line endings are kept as is.
    Raises :class:`BinaryFile` for binary content.
    """
    problems: list[Problem] = []
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            if enc == "utf-8":
                _check_binary(body)
                try:
                    return body.decode("utf-8"), "utf-8-sig", problems
                except UnicodeDecodeError as exc:
                    return _fallback(body, exc, problems, skip=len(bom))
            try:
                text = body.decode(enc)
            except UnicodeDecodeError:
                text = body.decode(enc, errors="replace")
                problems.append(Problem("PS903", f"not valid {enc.upper()} text; some "
                                        "characters were replaced — save the file as UTF-8"))
            _check_binary_text(text)
            return text, enc.replace("-le", "").replace("-be", ""), problems
    _check_binary(raw)
    if fmt == "html":
        declared = _declared_html_encoding(raw)
        if declared and declared not in _UTF8_NAMES:
            enc = "cp1252" if declared in _AS_CP1252 else declared
            try:
                codecs.lookup(enc)
                return raw.decode(enc), enc, problems
            except (LookupError, UnicodeDecodeError):
                pass                       # unknown or wrong declaration: try UTF-8 below
    try:
        return raw.decode("utf-8"), "utf-8", problems
    except UnicodeDecodeError as exc:
        return _fallback(raw, exc, problems)


def _fallback(raw: bytes, exc: UnicodeDecodeError, problems: list[Problem],
              skip: int = 0) -> tuple[str, str, list[Problem]]:
    bad = raw[exc.start]
    try:
        text, enc, label = raw.decode("cp1252"), "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        text, enc, label = raw.decode("latin-1"), "latin-1", "Latin-1"
    problems.append(Problem(
        "PS903",
        f"not valid UTF-8 (byte 0x{bad:02X} at offset {exc.start + skip}); read as {label}"
        " — save the file as UTF-8",
        offset=exc.start, length=1))       # single-byte encoding: byte offset == char offset
    return text, enc, problems


def load(path: str, raw: bytes, fmt: str | None = None) -> Document:
    """Decode ``raw`` and read it as ``fmt`` (default: by extension, else plain text).

    Formats in :data:`BINARY_FORMATS` (Word files) are handed the bytes as they are: no
    decoding, no binary-content check; their reader reports what it cannot read as a
    problem (PS904) and never raises."""
    fmt = fmt or format_for(path) or "text"
    path = path.replace(os.sep, "/") if os.sep != "/" else path
    if fmt in BINARY_FORMATS:
        mod = importlib.import_module(f".{FORMATS[fmt]}", __name__)
        try:
            return mod.read_bytes(path, raw)
        except Exception as exc:  # noqa: BLE001 - last resort: a reader bug must not stop a run
            doc = Document(path=path, source="", format=fmt)
            doc.problems.append(Problem("PS904", f"could not read this file as {fmt}: "
                                                 f"{type(exc).__name__}: {exc}"))
            return doc
    text, encoding, problems = decode(raw, fmt)
    mod = importlib.import_module(f".{FORMATS.get(fmt, 'text')}", __name__)
    try:
        doc = mod.read_document(path, text)
    except Exception as exc:  # noqa: BLE001 - last resort: a reader bug must not stop a run
        doc = Document(path=path, source=text, format=fmt)
        doc.problems.append(Problem("PS904", f"could not read this file as {fmt}: "
                                             f"{type(exc).__name__}: {exc}"))
    doc.encoding = encoding
    if problems:
        doc.problems[:0] = problems
    return doc


def source_text(path: str, raw: bytes, fmt: str | None = None) -> str:
    """The text that findings' line and column refer to: the decoded file, or for formats
    that are not text (Word files) the text the reader built, one paragraph per line."""
    fmt = fmt or format_for(path) or "text"
    if fmt in BINARY_FORMATS:
        return load(path, raw, fmt).source
    return decode(raw, fmt)[0]


# ------------------------------------------------------------------------------ languages

_LANG_RE = re.compile(r"\s*([A-Za-z]{2,3})(?![A-Za-z])")


def primary_language(value) -> str | None:
    """Primary subtag of a BCP 47 tag (``"es-US"`` -> ``"es"``), lower case, or ``None``."""
    if not isinstance(value, str):
        return None
    m = _LANG_RE.match(value)
    return m.group(1).lower() if m else None


# ------------------------------------------------------------------------------- entities

ENTITY_RE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")


def decode_entity(ref: str) -> str | None:
    """The text of a character reference (``&amp;``, ``&#169;``, ``&eacute``), or ``None``."""
    if len(ref) < 3:
        return None
    if ref[1] == "#":
        out = _html.unescape(ref if ref.endswith(";") else ref + ";")
        return None if out.startswith("&#") else out
    return _HTML5.get(ref[1:])


def entity_parts(raw: str):
    """Yield ``(start, end, decoded)`` over ``raw``: decoded is ``None`` for literal runs."""
    if "&" not in raw:
        if raw:
            yield 0, len(raw), None
        return
    pos = 0
    for m in ENTITY_RE.finditer(raw):
        val = decode_entity(m.group())
        if val is None:
            continue
        s, e = m.span()
        if s > pos:
            yield pos, s, None
        yield s, e, val
        pos = e
    if pos < len(raw):
        yield pos, len(raw), None


# ---------------------------------------------------------------------------- text builder

class TextBuilder(MapBuilder):
    """Accumulates a block's text and its source map.

    ``add(text, src)`` appends characters copied 1:1 from ``source[src:src+len(text)]``;
    ``unit(text, src, src_len)`` appends text produced by a unit of source (an entity, an
    escape, ``<br>``). Carriage returns are never part of block text: they are skipped.
    """

    __slots__ = ("links", "forced", "open_links", "marks", "open_marks")

    def __init__(self) -> None:
        super().__init__()
        self.links: list[Link] = []
        self.forced: list[tuple[int, int]] | None = None
        self.open_links: list[tuple[int, str]] = []
        self.marks: list[Mark] = []
        self.open_marks: list[tuple[int, str, str | None]] = []

    def add(self, text: str, src: int) -> None:
        if "\r" in text:
            off = 0
            for piece in text.split("\r"):
                if piece:
                    self.lit(piece, src + off)
                off += len(piece) + 1
            return
        self.lit(text, src)

    def unit(self, text: str, src: int, src_len: int) -> None:
        if "\r" in text:
            text = text.replace("\r", "")
        n = len(text)
        if not n:
            return
        # (units always have n != src_len in practice: entities, escapes, <br>, code spans)
        self.segs.append((self.pos, src, n, src_len))
        self.parts.append(text)
        self.pos += n

    def mask(self, start: int, end: int) -> None:
        """Force text ``[start, end)`` to be masked (e.g. an autolink)."""
        if end > start:
            if self.forced is None:
                self.forced = []
            self.forced.append((start, end))

    def open_link(self, href: str) -> None:
        self.open_links.append((self.pos, href))

    def close_link(self) -> None:
        if self.open_links:
            start, href = self.open_links.pop()
            if self.pos > start:
                self.links.append(Link(start, self.pos, href))

    def open_mark(self, tag: str, value: str | None) -> None:
        self.open_marks.append((self.pos, tag, value))

    def close_mark(self, tag: str) -> None:
        for i in range(len(self.open_marks) - 1, -1, -1):
            start, t, value = self.open_marks[i]
            if t == tag:
                del self.open_marks[i]
                if self.pos > start:
                    self.marks.append(Mark(start, self.pos, tag, value))
                return

    def text(self) -> str:
        return "".join(self.parts)

    def build(self, kind: str, *, level: int = 0, lang: str | None = None,
              attrs: dict | None = None, urls: bool = True) -> Block | None:
        """The finished block (masked, trimmed), or ``None`` when it has no text."""
        if not self.pos:
            return None
        text = "".join(self.parts)
        spans = mask_fields(text, urls=urls)
        if self.forced:
            spans = _merge_spans(spans + self.forced)
        if spans:
            text = apply_mask(text, spans)
        n = len(text)
        stripped = text.strip()
        if not stripped:
            return None
        a = text.find(stripped[0])
        b = a + len(stripped)
        segs = self.segs
        if a or b < n:
            for t0, s0, tl, sl in segs:          # never cut through a unit
                if tl != sl:
                    if t0 < a < t0 + tl:
                        a = t0
                    if t0 < b < t0 + tl:
                        b = t0 + tl
            text = text[a:b]
        smap = SourceMap()
        add = smap.add
        if a or b < n:
            for t0, s0, tl, sl in segs:
                t1 = t0 + tl
                if t1 <= a or t0 >= b:
                    continue
                if tl == sl:
                    lo = t0 if t0 > a else a
                    hi = t1 if t1 < b else b
                    add(lo - a, s0 + lo - t0, hi - lo, hi - lo)
                else:
                    add(t0 - a, s0, tl, sl)
        else:
            for seg in segs:
                add(*seg)
        links = []
        for ln in self.links:
            s = max(ln.start - a, 0)
            e = min(ln.end - a, len(text))
            if e > s:
                links.append(Link(s, e, ln.href))
        marks = []
        for m in self.marks:
            s = max(m.start - a, 0)
            e = min(m.end - a, len(text))
            if e > s:
                marks.append(Mark(s, e, m.tag, m.value))
        return Block(kind=kind, text=text, smap=smap, level=level, lang=lang,
                     attrs=attrs if attrs is not None else {}, links=links, marks=marks)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def sort_blocks(doc: Document) -> None:
    """Put blocks in document order (by first source offset); stable."""
    blocks = doc.blocks
    if len(blocks) > 1:
        blocks.sort(key=lambda b: b.smap.start(0))
