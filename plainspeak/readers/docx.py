"""Word (.docx) reader: standard library only (:mod:`zipfile` and expat).

A .docx file is a zip package of XML parts. The reader opens only the parts it needs, found
through the package relationships: the main document (``_rels/.rels``, by default
``word/document.xml``), its styles, and the headers, footers, footnotes and endnotes it refers
to (``word/_rels/document.xml.rels``). External relationships (``TargetMode="External"``, or a
target with a URI scheme) are never resolved, fetched or opened; comments
(``word/comments.xml``), macros (``vbaProject.bin``), embedded objects, images, custom XML and
document properties are never read. Macro-enabled ``.docm`` files are not read at all.

Positions. ``Document.source`` is the visible text of the document's paragraphs joined by
``"\\n"``, one paragraph per line, so a finding's ``line:column`` is ``paragraph:character + 1``
(shown as ``letter.docx:¶12:34``) and its ``match`` is the real text of that paragraph. Every
``w:p`` gets a line, empty ones too, numbered in reading order:

1. the body: paragraphs, list items and table cells (row by row, cell by cell, nested tables
   in place), each paragraph immediately followed by the paragraphs of the text boxes anchored
   in it (recursively; of a shape with a DrawingML and a VML version only the first is read);
2. the headers, then 3. the footers, each part once, in the order the section properties refer
   to them (first section first; default, first-page and even-page headers alike);
4. footnotes, then 5. endnotes (separator notes skipped).

A tab is ``"\\t"``; a line or page break (``w:br``, ``w:cr``) is a space, never a newline;
a non-breaking hyphen is ``-``; soft hyphens, symbols (``w:sym``), footnote marks and page
numbers (``w:pgNum``) produce nothing. Each paragraph with text becomes one Block whose
SourceMap maps 1:1 into its line.

What is linted is what the document shows with tracked changes accepted ("final" view):
insertions (``w:ins``, ``w:moveTo``) are text; deletions (``w:del``/``w:delText``,
``w:moveFrom``), field instructions (``w:instrText``: ``{ MERGEFIELD Name }``, ``{ IF ... }``),
hidden text (``w:vanish``), ruby guide text and equations are not in the source at all.
Comments are never read. Field results are text, but the result of a mail-merge field
(``MERGEFIELD``, ``MERGEREC``, ``MERGESEQ``, ``ADDRESSBLOCK``, ``GREETINGLINE``; simple
``w:fldSimple`` or complex ``w:fldChar`` begin/separate/end fields, nested or spanning
paragraphs) and of a table of contents or index (``TOC``, ``INDEX``: they repeat the headings)
is masked like a template field: it stays in the source, with its length, and is spaces in the
block text, so it is never a word and never flagged. ``«Field»`` typed as text is masked by
:mod:`plainspeak.masking` like any merge field.

Block kinds: a paragraph whose style (looked up by ``w:styleId`` in ``word/styles.xml``) is
named ``heading 1`` .. ``heading 9``, or has an outline level (``w:outlineLvl``, own or
inherited through ``w:basedOn``; a direct ``w:outlineLvl`` in the paragraph wins) is a heading
of that level (levels above 6 count as 6); the ``Title`` style gives a title block; numbered
or bulleted paragraphs (``w:numPr`` on the paragraph or its style, ``numId`` not 0) are list
items; other paragraphs in table cells are table cells; the rest are paragraphs.
``Block.attrs["part"]`` says where a block is: ``body``, ``textbox``, ``header``, ``footer``,
``footnote`` or ``endnote``. The document language is the default run language of the styles
(``w:docDefaults``, ``w:lang/@w:val``, primary subtag); per-run languages are ignored.

Defences (a PS904 problem, the file is not linted, never an exception): a file that is not a
zip package (or a damaged one), an OLE compound file (an encrypted or password-protected
document, or an old binary ``.doc``), a package without a main document, parts using an
encryption or a compression method Word never writes, zip bombs (at most 50 MB uncompressed
read in all, and no part over 1 MB compressed more than 100:1; sizes are checked before
reading and the read is capped), XML with a DOCTYPE or entity declaration (OOXML never has
one), XML nested more than 256 elements deep, and malformed XML in the main document. A
malformed style, header, footer or notes part is reported (PS904) and skipped; the rest is
linted.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import xml.etree.ElementTree as ET
from urllib.parse import unquote
from xml.parsers import expat

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, TITLE, Document, Problem
from . import TextBuilder, primary_language

__all__ = ["read_bytes", "MAX_TOTAL_SIZE", "MAX_RATIO", "RATIO_MIN_SIZE", "MAX_DEPTH"]

MAX_TOTAL_SIZE = 50 * 1024 * 1024   # uncompressed bytes read from the package, all parts
MAX_RATIO = 100                     # compression ratio allowed for a part ...
RATIO_MIN_SIZE = 1024 * 1024        # ... over this uncompressed size
MAX_DEPTH = 256                     # XML element nesting

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# namespaces (ISO/IEC 29500 Strict names are read as the transitional ones)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_STRICT = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": R,
}
_NS = {"w": W}


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


P, R_, T, TAB, PTAB, BR, CR = (_w(x) for x in ("p", "r", "t", "tab", "ptab", "br", "cr"))
NBHYPHEN, FLDCHAR, INSTRTEXT, FLDSIMPLE = (_w(x) for x in (
    "noBreakHyphen", "fldChar", "instrText", "fldSimple"))
PPR, RPR, VANISH, PSTYLE, NUMPR, NUMID, OUTLINE = (_w(x) for x in (
    "pPr", "rPr", "vanish", "pStyle", "numPr", "numId", "outlineLvl"))
TBL, TR, TC, SDT, SDTCONTENT, TXBX, SECTPR = (_w(x) for x in (
    "tbl", "tr", "tc", "sdt", "sdtContent", "txbxContent", "sectPr"))
HEADERREF, FOOTERREF = _w("headerReference"), _w("footerReference")
BOLD, TRPR, TBLHEADER, DRAWING = _w("b"), _w("trPr"), _w("tblHeader"), _w("drawing")
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DOCPR = f"{{{WP}}}docPr"
# Office's "mark as decorative" extension on wp:docPr
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
VAL = _w("val")
ALTERNATE, CHOICE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
RID = f"{{{R}}}id"

# inline elements whose content is never text: deletions, properties, instructions, equations,
# ruby guide text, field data
_SKIP_INLINE = frozenset([PPR, RPR, INSTRTEXT, SECTPR] + [_w(x) for x in (
    "del", "moveFrom", "delText", "delInstrText", "sdtPr", "sdtEndPr", "rt", "rubyPr",
    "fldData", "commentReference", "footnoteReference", "endnoteReference", "pgNum",
    "tblPr", "trPr", "tcPr")] + [f"{{{MATH}}}oMath", f"{{{MATH}}}oMathPara"])
# block containers walked through (tracked insertions, content controls, custom XML)
_BLOCK_THROUGH = frozenset([TBL, TR, TC] + [_w(x) for x in (
    "ins", "moveTo", "customXml", "smartTag")])
_NOTE_SKIP = frozenset({"separator", "continuationSeparator", "continuationNotice"})
# fields whose result is masked: mail merge, and tables of contents / indexes
MASKED_FIELDS = frozenset({"MERGEFIELD", "MERGEREC", "MERGESEQ", "ADDRESSBLOCK",
                           "GREETINGLINE", "TOC", "INDEX", "TOA"})
_FIELD_WORD = re.compile(r"\s*([A-Za-z]+)")
_HEADING_NAME = re.compile(r"heading\s*([1-9])", re.I)
_HEADING_ID = re.compile(r"heading([1-9])", re.I)
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# characters that would break "one paragraph per line" (Document.line_starts, splitlines())
_NEWLINES = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
_OFF = frozenset({"0", "false", "off", "none"})


class _Refused(Exception):
    """The whole file is not read; the message (for a PS904 problem) says why."""


class _Malformed(Exception):
    """One part is not well-formed XML."""


# ------------------------------------------------------------------------------ XML parsing

_QN_CACHE: dict[str, str] = {}


def _qn(name: str) -> str:
    """expat's ``"uri local"`` as ElementTree's ``"{uri}local"`` (Strict namespaces mapped)."""
    q = _QN_CACHE.get(name)
    if q is None:
        uri, sep, local = name.rpartition(" ")
        q = f"{{{_STRICT.get(uri, uri)}}}{local}" if sep else name
        if len(_QN_CACHE) < 4096:
            _QN_CACHE[name] = q
    return q


def parse_xml(data: bytes, name: str) -> ET.Element:
    """Parse one part with expat. Raises :class:`_Refused` for a DOCTYPE or entity
    declaration or too deep nesting, :class:`_Malformed` for XML that is not well-formed."""
    tb = ET.TreeBuilder()
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True
    p.buffer_size = 1 << 16
    try:
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    except AttributeError:  # pragma: no cover - always there in CPython
        pass
    depth = 0

    def start(tag, attrs):
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _Refused(f"{name} nests XML elements more than {MAX_DEPTH} deep; Word never "
                           "writes that, so the file was not read")
        tb.start(_qn(tag), {_qn(k): v for k, v in attrs.items()} if attrs else {})

    def end(tag):
        nonlocal depth
        depth -= 1
        tb.end(_qn(tag))

    def doctype(*_args):
        raise _Refused(f"{name} has a DOCTYPE declaration, which Word files never have; "
                       "it was not read (it could hide an entity-expansion attack)")

    def entity(*_args):
        raise _Refused(f"{name} declares XML entities, which Word files never do; "
                       "it was not read")

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = tb.data
    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = entity
    p.UnparsedEntityDeclHandler = entity
    p.ExternalEntityRefHandler = entity
    try:
        p.Parse(data, True)
        return tb.close()
    except expat.ExpatError as exc:
        raise _Malformed(f"{name} is not well-formed XML ({expat.ErrorString(exc.code)}, "
                         f"line {exc.lineno}, column {exc.offset + 1})") from None
    except (LookupError, UnicodeError, ValueError) as exc:    # an unknown declared encoding
        raise _Malformed(f"{name} cannot be decoded ({exc})") from None


# ------------------------------------------------------------------------------ the package

class _Package:
    """The zip package: reading parts within the size budget."""

    def __init__(self, raw: bytes):
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zf.infolist()
        except Exception as exc:  # noqa: BLE001 - BadZipFile, struct errors, EOFError ...
            raise _Refused(_not_a_package(raw, exc)) from None
        self.names = {}
        for info in infos:
            self.names.setdefault(info.filename.lstrip("/").lower(), info)
        self.remaining = MAX_TOTAL_SIZE

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def read(self, name: str) -> bytes | None:
        """The bytes of part ``name`` (None if there is no such part). Raises _Refused."""
        info = self.names.get(name.lower())
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise _Refused("this Word file is encrypted or password-protected, so it was not "
                           "checked: remove the password in Word (File > Info > Protect "
                           "Document) and check it again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(f"{info.filename} uses a compression method Word never writes "
                           f"(method {info.compress_type}); the file was not read")
        size = info.file_size
        if size > RATIO_MIN_SIZE and size > MAX_RATIO * max(info.compress_size, 1):
            raise _Refused(
                f"{info.filename} would expand from {info.compress_size:,} to {size:,} bytes "
                f"(more than {MAX_RATIO}:1): this looks like a zip bomb, so the file was not "
                "read")
        if size > self.remaining:
            raise _Refused(
                f"the parts of this Word file that hold its text are larger than "
                f"{MAX_TOTAL_SIZE // (1024 * 1024)} MB uncompressed ({info.filename} alone is "
                f"{size / 1048576:.1f} MB): this looks like a zip bomb, so the file was not read")
        cap = size
        try:
            with self.zf.open(info) as fh:
                data = fh.read(cap + 1)
        except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError ...
            why = str(exc) or type(exc).__name__
            raise _Refused(f"this Word file is damaged: {info.filename} cannot be unpacked "
                           f"({why}); the file was not checked") from None
        if len(data) > cap:
            raise _Refused(f"{info.filename} is larger than its zip entry says: this looks like "
                           "a zip bomb or a damaged file, so the file was not read")
        self.remaining -= len(data)
        return data

    def xml(self, name: str) -> ET.Element | None:
        data = self.read(name)
        return None if data is None else parse_xml(data, name)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Internal relationships of ``part``: id -> (type's last segment, target part name).
        External targets are left out, never resolved."""
        d, base = posixpath.split(part)
        root = self.xml(posixpath.join(d, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root:
            if rel.tag != f"{{{PKG_REL}}}Relationship":
                continue
            if (rel.get("TargetMode") or "").strip().lower() == "external":
                continue
            target = _resolve(d, rel.get("Target") or "")
            rid = rel.get("Id")
            if target is None or not rid:
                continue
            kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            out[rid] = (kind, target)
        return out


def _resolve(base_dir: str, target: str) -> str | None:
    """A relationship target as a part name inside the package, or None (a URI, or outside)."""
    target = target.strip()
    if not target or _URI_SCHEME.match(target) or target.startswith("//") or "\\" in target:
        return None
    target = unquote(target.split("#", 1)[0])
    if not target:
        return None
    path = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                              else posixpath.join(base_dir, target))
    if path in (".", "..") or path.startswith("../") or path.startswith("/"):
        return None
    return path


def _not_a_package(raw: bytes, exc: Exception) -> str:
    if raw.startswith(OLE_MAGIC):
        if "WordDocument".encode("utf-16-le") in raw and \
                "EncryptedPackage".encode("utf-16-le") not in raw:
            return ("this is an old Word 97-2003 (.doc) file named .docx, so it was not "
                    "checked: open it in Word and save it as a Word Document (.docx)")
        return ("this Word file is encrypted or password-protected (an OLE compound file, "
                "not a .docx zip package), so it was not checked: remove the password in "
                "Word (File > Info > Protect Document > Encrypt with Password) and check it "
                "again")
    head = raw[:64].lstrip()
    if head.startswith(b"{\\rtf"):
        return ("this is a Rich Text (RTF) file named .docx, so it was not checked: save it "
                "as a Word Document (.docx)")
    if not raw:
        return "this .docx file is empty: it was not checked"
    if raw.startswith(b"PK"):
        return (f"this Word file is damaged or truncated (the zip package cannot be opened: "
                f"{exc}); it was not checked")
    return ("this is not a Word .docx file (it is not a zip package), so it was not checked")


# ------------------------------------------------------------------------------ styles

class _Styles:
    """Paragraph styles by id: heading level, title, list numbering (through basedOn)."""

    def __init__(self, root: ET.Element | None):
        self.styles: dict[str, tuple[str, str | None, int | None, str | None]] = {}
        self.default: str | None = None
        self.language: str | None = None
        self._memo: dict[str, tuple[int, bool, str | None]] = {}
        if root is None:
            return
        lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
        if lang is not None:
            self.language = lang.get(VAL)
        for st in root.iter(_w("style")):
            if (st.get(_w("type")) or "paragraph") != "paragraph":
                continue
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            el = st.find("w:name", _NS)
            name = (el.get(VAL) if el is not None else None) or ""
            el = st.find("w:basedOn", _NS)
            based = el.get(VAL) if el is not None else None
            ppr = st.find(PPR)
            outline, numid = _outline(ppr), _numid(ppr)
            self.styles[sid] = (name, based, outline, numid)
            if (st.get(_w("default")) or "").lower() in ("1", "true", "on") \
                    and self.default is None:
                self.default = sid

    def info(self, sid: str | None) -> tuple[int, bool, str | None]:
        """(heading level or 0, is the Title style, numbering id or None) of style ``sid``."""
        if sid is None:
            sid = self.default
        if sid is None:
            return 0, False, None
        memo = self._memo.get(sid)
        if memo is not None:
            return memo
        st = self.styles.get(sid)
        if st is None:                     # no styles part, or an unknown id: go by the id
            m = _HEADING_ID.fullmatch(sid)
            res = (int(m.group(1)) if m else 0, sid.lower() == "title",
                   "1" if sid.lower().startswith(("listbullet", "listnumber")) else None)
            self._memo[sid] = res
            return res
        name = st[0].strip()
        m = _HEADING_NAME.fullmatch(name)
        level = int(m.group(1)) if m else 0
        outline = numid = None
        seen = set()
        cur: str | None = sid
        while cur is not None and cur not in seen and len(seen) < 32:
            seen.add(cur)
            s = self.styles.get(cur)
            if s is None:
                break
            if outline is None and s[2] is not None:
                outline = s[2]
            if numid is None and s[3] is not None:
                numid = s[3]
            if not level and outline is None and cur != sid:
                m = _HEADING_NAME.fullmatch(s[0].strip())
                if m:
                    level = int(m.group(1))
            cur = s[1]
        if not level and outline is not None and 0 <= outline <= 8:
            level = outline + 1
        res = (level, name.lower() == "title", numid)
        self._memo[sid] = res
        return res


def _outline(ppr: ET.Element | None) -> int | None:
    if ppr is None:
        return None
    el = ppr.find(OUTLINE)
    if el is None:
        return None
    try:
        return int(el.get(VAL) or "")
    except ValueError:
        return None


def _numid(ppr: ET.Element | None) -> str | None:
    if ppr is None:
        return None
    el = ppr.find(NUMPR)
    if el is None:
        return None
    nid = el.find(NUMID)
    return None if nid is None else (nid.get(VAL) or "").strip() or None


def _on(el: ET.Element) -> bool:
    return (el.get(VAL) or "true").strip().lower() not in _OFF


# ------------------------------------------------------------------------------ the walk

class _Field:
    __slots__ = ("instr", "result", "mask")

    def __init__(self, result: bool = False, mask: bool = False):
        self.instr: list[str] = []
        self.result = result
        self.mask = mask


def _field_masked(instr: str) -> bool:
    m = _FIELD_WORD.match(instr)
    return bool(m) and m.group(1).upper() in MASKED_FIELDS


class _Walker:
    """Walks the parts in reading order and collects one line per paragraph."""

    def __init__(self, styles: _Styles):
        self.styles = styles
        self.lines: list[str] = []
        self.paras: list[tuple[int, list[tuple[int, int]], str, int, str]] = []
        self.fields: list[_Field] = []
        self.deferred: list[ET.Element] = []
        self.header_ids: list[str] = []
        self.footer_ids: list[str] = []
        self.part = "body"
        # current paragraph
        self.chars: list[str] = []
        self.pos = 0
        self.masks: list[tuple[int, int]] = []
        self.hidden = False
        # accessibility facts: pictures (paragraph index, offset, alt, decorative), tables
        # (first paragraph index, rows, columns, header row), and bold/plain text per paragraph
        self.images: list[tuple[int, int, str | None, bool, str]] = []
        self.tables: list[dict] = []
        self.bold = False
        self.plain = False
        self.bold_paras: set[int] = set()
        self.run_bold = False

    # -- block level ----------------------------------------------------------------------
    def blocks(self, el: ET.Element, in_table: bool = False) -> None:
        for ch in el:
            tag = ch.tag
            if tag == P:
                self.paragraph(ch, in_table)
            elif tag == TBL:
                self.table(ch)
            elif tag in _BLOCK_THROUGH:
                self.blocks(ch, in_table or tag == TBL)
            elif tag == SDT:
                content = ch.find(SDTCONTENT)
                if content is not None:
                    self.blocks(content, in_table)
            elif tag == ALTERNATE:
                branch = _branch(ch)
                if branch is not None:
                    self.blocks(branch, in_table)
            elif tag == SECTPR:
                self.section(ch)
            # anything else (w:del, bookmarks, w:altChunk, table and cell properties): no text

    def table(self, tbl: ET.Element) -> None:
        """Record a table (rows, columns, whether a row repeats as the header row), then read
        its cells."""
        rows = tbl.findall(TR)
        header = False
        for tr in rows:
            trpr = tr.find(TRPR)
            mark = trpr.find(TBLHEADER) if trpr is not None else None
            if mark is not None and _on(mark):
                header = True
                break
        self.tables.append({"para": len(self.lines), "rows": len(rows),
                            "cols": max((sum(1 for tc in tr if tc.tag == TC) for tr in rows),
                                        default=0),
                            "th": 1 if header else 0, "part": self.part})
        self.blocks(tbl, True)

    def section(self, sect: ET.Element) -> None:
        for ref in sect:
            if ref.tag in (HEADERREF, FOOTERREF):
                rid = ref.get(RID)
                ids = self.header_ids if ref.tag == HEADERREF else self.footer_ids
                if rid and rid not in ids:
                    ids.append(rid)

    def paragraph(self, p: ET.Element, in_table: bool) -> None:
        ppr = p.find(PPR)
        kind, level = self.kind(ppr, in_table)
        if ppr is not None:
            sect = ppr.find(SECTPR)
            if sect is not None:
                self.section(sect)
        outer = self.deferred
        self.deferred = []
        self.chars, self.pos, self.masks, self.hidden = [], 0, [], False
        self.bold = self.plain = False
        self.inline(p)
        text = "".join(self.chars)
        if self.bold and not self.plain:
            self.bold_paras.add(len(self.lines))
        self.lines.append(text)
        self.paras.append((len(self.lines) - 1, self.masks, kind, level, self.part))
        mine, self.deferred = self.deferred, outer
        if mine:
            fields, part = self.fields, self.part
            for box in mine:
                self.fields = []
                self.part = "textbox" if part == "body" else part
                if box.tag == P:                 # a stray paragraph inside a paragraph
                    self.paragraph(box, False)
                else:
                    self.blocks(box, False)
            self.fields, self.part = fields, part

    def kind(self, ppr: ET.Element | None, in_table: bool) -> tuple[str, int]:
        sid = None
        if ppr is not None:
            el = ppr.find(PSTYLE)
            if el is not None:
                sid = el.get(VAL)
        level, title, numid = self.styles.info(sid)
        own_outline = _outline(ppr)
        if own_outline is not None:
            level = own_outline + 1 if 0 <= own_outline <= 8 else 0
        if ppr is not None and ppr.find(NUMPR) is not None:
            own = _numid(ppr)
            if own is not None:
                numid = own
        if title:
            return TITLE, 0
        if level:
            return HEADING, min(level, 6)
        if numid is not None and numid != "0":
            return LIST_ITEM, 0
        if in_table:
            return TABLE_CELL, 0
        return PARAGRAPH, 0

    # -- inline level ---------------------------------------------------------------------
    def emit(self, s: str) -> None:
        if not s or self.hidden:
            return
        mask = False
        for f in self.fields:
            if not f.result:
                return                          # inside a field instruction: not shown
            mask = mask or f.mask
        s = s.translate(_NEWLINES)
        n = len(s)
        if s.strip():
            if self.run_bold:
                self.bold = True
            else:
                self.plain = True
        if mask:
            self.masks.append((self.pos, self.pos + n))
        self.chars.append(s)
        self.pos += n

    def inline(self, el: ET.Element) -> None:
        for ch in el:
            tag = ch.tag
            if tag == R_:
                self.run(ch)
            elif tag in _SKIP_INLINE:
                continue
            elif tag == FLDSIMPLE:
                self.fields.append(_Field(True, _field_masked(ch.get(_w("instr")) or "")))
                n = len(self.fields)
                self.inline(ch)
                del self.fields[n - 1:]
            elif tag == ALTERNATE:
                branch = _branch(ch)
                if branch is not None:
                    self.inline(branch)
            elif tag == TXBX or tag == P:
                self.deferred.append(ch)
            elif tag == T:
                self.emit(ch.text or "")
            else:                   # w:ins, w:hyperlink, w:sdt content, w:drawing, w:pict ...
                self.inline(ch)

    def run(self, r: ET.Element) -> None:
        hidden = self.hidden
        rpr = r.find(RPR)
        bold = False
        if rpr is not None:
            v = rpr.find(VANISH)
            if v is not None and _on(v):
                self.hidden = True
            b = rpr.find(BOLD)
            bold = b is not None and _on(b)
        outer_bold, self.run_bold = self.run_bold, bold
        for ch in r:
            tag = ch.tag
            if tag == T:
                self.emit(ch.text or "")
            elif tag == TAB or tag == PTAB:
                self.emit("\t")
            elif tag == BR or tag == CR:
                self.emit(" ")
            elif tag == NBHYPHEN:
                self.emit("-")
            elif tag == FLDCHAR:
                self.field_char(ch.get(_w("fldCharType")) or "")
            elif tag == INSTRTEXT:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr.append(ch.text or "")
            elif tag in _SKIP_INLINE:
                continue
            elif tag == ALTERNATE:
                branch = _branch(ch)
                if branch is not None:
                    self.inline(branch)
            elif tag == TXBX or tag == P:
                self.deferred.append(ch)
            elif tag == DRAWING:
                self.picture(ch)
                self.inline(ch)
            else:                              # w:pict, w:object, w:ruby ...
                self.inline(ch)
        self.hidden = hidden
        self.run_bold = outer_bold

    def picture(self, drawing: ET.Element) -> None:
        """A DrawingML picture: its alt text (wp:docPr descr) and "decorative" mark."""
        pr = drawing.find(f".//{DOCPR}")
        if pr is None or self.hidden:
            return
        alt = pr.get("descr")
        decorative = any(el.tag == DECORATIVE and (el.get("val") or "1") not in _OFF
                         for el in pr.iter())
        self.images.append((len(self.lines), self.pos, alt, decorative, self.part))

    def field_char(self, typ: str) -> None:
        fields = self.fields
        if typ == "begin":
            fields.append(_Field())
        elif typ == "separate":
            if fields and not fields[-1].result:
                f = fields[-1]
                f.result = True
                f.mask = _field_masked("".join(f.instr))
        elif typ == "end":
            if fields:
                fields.pop()


def _branch(alt: ET.Element) -> ET.Element | None:
    """The one branch of mc:AlternateContent that is read: the first Choice, else Fallback."""
    fallback = None
    for ch in alt:
        if ch.tag == CHOICE:
            return ch
        if ch.tag == FALLBACK and fallback is None:
            fallback = ch
    return fallback


# ------------------------------------------------------------------------------ reading

_OTHER_PACKAGES = (
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("content.xml", "an OpenDocument file"),
)


def _main_part(pkg: _Package) -> str:
    for kind, target in pkg.rels("").values():
        if kind == "officeDocument" and pkg.has(target):
            return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    for name, what in _OTHER_PACKAGES:
        if pkg.has(name):
            raise _Refused(f"this is {what} named .docx, not a Word document: it was not "
                           "checked")
    raise _Refused("this is not a Word document: the zip package has no word/document.xml, "
                   "so it was not checked")


def _read(doc: Document, raw: bytes) -> None:
    if raw.startswith(OLE_MAGIC):
        raise _Refused(_not_a_package(raw, ValueError("OLE")))
    pkg = _Package(raw)
    main = _main_part(pkg)
    rels = pkg.rels(main)

    def optional(kind: str, fallback: str | None = None):
        """Parts of a kind (in relationship order); a malformed one is a problem, skipped."""
        names = [t for k, t in rels.values() if k == kind]
        if not names and fallback and pkg.has(fallback):
            names = [fallback]
        out = []
        for name in names:
            try:
                root = pkg.xml(name)
            except _Malformed as exc:
                doc.problems.append(Problem("PS904", f"{exc}; that part was not checked"))
                continue
            if root is not None:
                out.append(root)
        return out

    try:
        body_root = pkg.xml(main)
    except _Malformed as exc:
        raise _Refused(f"this Word file is damaged: {exc}; it was not checked") from None
    if body_root is None or body_root.tag != _w("document"):
        raise _Refused(f"this is not a Word document: {main} is not a WordprocessingML "
                       "document, so it was not checked")
    styles_roots = optional("styles", "word/styles.xml")
    styles = _Styles(styles_roots[0] if styles_roots else None)
    lang = primary_language(styles.language)
    if lang:
        doc.language = lang
        doc.language_declared = True

    walker = _Walker(styles)
    body = body_root.find(_w("body"))
    if body is not None:
        walker.blocks(body)

    def by_ids(ids: list[str], kind: str, label: str) -> None:
        seen = set()
        for rid in ids:
            rel = rels.get(rid)
            if rel is None or rel[0] != kind or rel[1] in seen:
                continue
            seen.add(rel[1])
            try:
                root = pkg.xml(rel[1])
            except _Malformed as exc:
                doc.problems.append(Problem("PS904", f"{exc}; that {label} was not checked"))
                continue
            if root is None:
                continue
            walker.fields, walker.part = [], label
            walker.blocks(root)

    by_ids(walker.header_ids, "header", "header")
    by_ids(walker.footer_ids, "footer", "footer")
    for kind, label, tag in (("footnotes", "footnote", "footnote"),
                             ("endnotes", "endnote", "endnote")):
        for root in optional(kind):
            for note in root:
                if note.tag != _w(tag) or (note.get(_w("type")) or "") in _NOTE_SKIP:
                    continue
                walker.fields, walker.part = [], label
                walker.blocks(note)

    # one line per paragraph; each paragraph with text is a block mapping 1:1 into its line
    lines = walker.lines
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    doc.source = "\n".join(lines)
    doc._line_starts = None
    meta = doc.meta
    for idx, masks, kind, level, part in walker.paras:
        text = lines[idx]
        if kind == HEADING and part == "body":
            a = starts[idx] + len(text) - len(text.lstrip())
            z = starts[idx] + len(text.rstrip())
            meta.setdefault("headings", []).append({
                "start": starts[idx], "end": starts[idx] + len(text), "tag_end": starts[idx],
                "level": level, "text": " ".join(text.split()), "alts": [],
                "aria_label": None, "markdown": False, "word": True,
                "text_start": a if text.strip() else None,
                "text_end": z if text.strip() else None})
        if not text.strip():
            continue
        tb = TextBuilder()
        tb.add(text, starts[idx])
        for s, e in masks:
            tb.mask(s, e)
        attrs = {"part": part}
        if idx in walker.bold_paras and kind == PARAGRAPH:
            attrs["all_bold"] = True
        block = tb.build(kind, level=level, attrs=attrs)
        if block is not None:
            doc.blocks.append(block)
    for idx, off, alt, decorative, part in walker.images:
        start = starts[idx] + off if idx < len(starts) else pos
        meta.setdefault("images", []).append({
            "start": start, "end": start, "src": f"picture in paragraph {idx + 1}",
            "alt": alt, "alt_start": None, "alt_end": None, "markdown": False, "word": True,
            "role": "presentation" if decorative else "", "aria_hidden": decorative,
            "aria_label": None, "labelledby": None, "title": None, "in_link": False})
    for t in walker.tables:
        if t["para"] >= len(starts):
            continue
        start = starts[t["para"]]
        meta.setdefault("tables", []).append({
            "start": start, "tag_end": start + len(lines[t["para"]]),
            "end": start + len(lines[t["para"]]), "rows": t["rows"], "cols": t["cols"],
            "th": t["th"], "role": "", "markdown": False, "word": True})


def read_bytes(path: str, raw: bytes) -> Document:
    """Read a .docx file's bytes. Never raises for bad content: a file that cannot be read
    safely is an empty document with one PS904 problem saying why."""
    doc = Document(path=path, source="", format="docx")
    try:
        _read(doc, raw)
    except (_Refused, _Malformed) as exc:
        msg = str(exc) if isinstance(exc, _Refused) else \
            f"this Word file is damaged: {exc}; it was not checked"
        doc.source = ""
        doc._line_starts = None
        doc.blocks = []
        doc.problems = [p for p in doc.problems if p.code != "PS904"]
        doc.problems.append(Problem("PS904", msg))
    except RecursionError:
        doc.source = ""
        doc._line_starts = None
        doc.blocks = []
        doc.problems.append(Problem("PS904", "this Word file is nested too deeply to read; it "
                                             "was not checked"))
    return doc
