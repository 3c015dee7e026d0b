"""``plainspeak check --fix``: apply the safe fixes that findings carry, in place.

A finding's :class:`~plainspeak.finding.Fix` replaces source offsets ``[start, end)`` of the
*decoded* file text. To apply it the fixer reads the bytes again and decodes them with the
reader's own :func:`plainspeak.readers.decode`, so the offsets mean the same thing, then

* refuses the whole file (one message, file untouched) when it is binary or a word-processor
  file, when it was not valid UTF-8 / its declared encoding (the reader's cp1252 fallback,
  PS903), when its bytes would not survive a decode/encode round trip, or when it is
  read-only;
* skips one fix (message) when the text at its span is no longer the finding's ``match``
  (the file changed since it was linted), when the span or the replacement holds a newline,
  markup, a template-field bracket or a format's escape character (defence in depth: checks
  only produce fixes inside block text, where code, markup and fields are masked), or when it
  overlaps a fix that was kept (sorted by ``(start, -end, code)``: the earlier start wins, then
  the longer span, then the lower code);
* splices the encoded replacements into the original bytes, so the encoding, a byte-order mark,
  the newline style (CRLF, LF or mixed; the reader keeps ``\\r``) and every byte outside the
  fixed spans stay exactly as they were;
* writes atomically (a temporary file in the same folder, then :func:`os.replace`), keeping
  the permission bits and, where allowed, the owner; the temporary file never outlives an error.

With ``dry_run`` nothing is written: :attr:`FixReport.diff` holds a unified diff
(``--- a/path`` / ``+++ b/path``) of every file that would change.
"""
from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Iterable, Union

from .fileio import atomic_write
from .finding import Finding, Fix

__all__ = ["FixReport", "fix_results", "apply_fixes", "MARKUP_CHARS"]

# characters that show code, markup, an escape or a template/merge field; a fix whose span or
# replacement holds one (or a line break) is never applied: tags, template fields ({{ }}, ${ },
# «Field», [[Field]]), inline code, link brackets, emphasis, table pipes, escapes. Not "_":
# a language-tag fix turns lang="en_US" into "en-US".
MARKUP_CHARS = frozenset("<>{}`«»[]*|\\$")
_NEWLINES = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# what a replacement may not bring into a file of this format (it would need escaping there:
# entities in HTML/XML and attribute quotes, string quotes in JSON/PO/YAML, YAML indicators)
_FORMAT_FORBIDDEN = {
    "html": ("&", '"', "'"),
    "catalog-xliff": ("&", '"', "'"),
    "catalog-android": ("&", '"', "'"),
    "catalog-json": ('"',),
    "catalog-arb": ('"',),
    "catalog-po": ('"',),
    "catalog-rails-yaml": ('"', "'", ": ", " #"),
}

# word-processor and other binary document types the readers never edit
_BINARY_EXTENSIONS = {".docx", ".doc", ".docm", ".dotx", ".odt", ".rtf", ".pdf", ".pages",
                      ".xlsx", ".xls", ".pptx", ".ppt", ".epub"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),      # same order as the reader: FF FE 00 00 first
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class FixReport:
    diff: str = ""                                       # unified diff (dry run only)
    changed: list[str] = field(default_factory=list)     # paths written (dry run: would be)
    applied: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)    # one line each, for stderr


FixLike = Union[Fix, Finding]


# ------------------------------------------------------------------------------ pure part

@dataclass
class _Item:
    fix: Fix
    code: str = ""
    finding: Finding | None = None

    @property
    def key(self):
        return (self.fix.start, -self.fix.end, self.code, self.fix.replacement)


def _items(fixes: Iterable[FixLike]) -> list[_Item]:
    out = []
    for f in fixes:
        if isinstance(f, Finding):
            if f.fix is not None:
                out.append(_Item(f.fix, f.code, f))
        elif f is not None:
            out.append(_Item(f))
    return out


def _unsafe(s: str) -> str | None:
    """The first newline or markup character in ``s``, or None."""
    for c in s:
        if c in _NEWLINES or c in MARKUP_CHARS:
            return c
    return None


def _plan(text: str, items: list[_Item], fmt: str = "text"
          ) -> tuple[list[_Item], list[tuple[_Item, str]]]:
    """Split ``items`` into the fixes to apply (sorted by start) and the skipped ones with a
    reason. Pure and deterministic: the result does not depend on the input order."""
    skipped: list[tuple[_Item, str]] = []
    valid: list[_Item] = []
    forbidden = _FORMAT_FORBIDDEN.get(fmt, ())
    for it in sorted(items, key=lambda i: i.key):
        fx = it.fix
        if not (0 <= fx.start <= fx.end <= len(text)):
            skipped.append((it, "its position is outside the file; the file changed since "
                                "it was checked"))
            continue
        current = text[fx.start:fx.end]
        if it.finding is not None and current != it.finding.match:
            skipped.append((it, f"the file changed since it was checked (expected "
                                f"{it.finding.match!r}, found {current!r})"))
            continue
        bad = _unsafe(current)
        if bad is not None:
            skipped.append((it, f"the text spans {_describe(bad)}; fixes never touch "
                                "markup, code or template fields"))
            continue
        bad = _unsafe(fx.replacement)
        if bad is None:
            bad = next((c for c in forbidden if c in fx.replacement), None)
            if bad is None and fmt == "catalog-rails-yaml" and fx.replacement.endswith(":"):
                bad = ":"
        if bad is not None:
            skipped.append((it, f"the replacement {fx.replacement!r} holds {_describe(bad)}, "
                                f"which is not safe to write into a {fmt} file"))
            continue
        valid.append(it)
    kept: list[_Item] = []
    for it in valid:
        if kept:
            last = kept[-1].fix
            if it.fix.start < last.end or it.fix.start == last.start:
                other = kept[-1]
                skipped.append((it, "it overlaps the " + (f"{other.code} " if other.code else "")
                                + f"fix of {text[last.start:last.end]!r}, which was applied"
                                " (run --fix again to see what remains)"))
                continue
        kept.append(it)
    return kept, skipped


def _describe(c: str) -> str:
    if c in _NEWLINES:
        return "a line break"
    return f"{c!r}"


def _splice(text: str, kept: list[_Item]) -> str:
    parts = []
    pos = 0
    for it in kept:
        parts.append(text[pos:it.fix.start])
        parts.append(it.fix.replacement)
        pos = it.fix.end
    parts.append(text[pos:])
    return "".join(parts)


def apply_fixes(text: str, fixes: list[FixLike]) -> tuple[str, int, int]:
    """Apply ``fixes`` (:class:`Fix` objects, or findings that carry one) to ``text``.

    Returns ``(new_text, applied, skipped)``. Overlaps are resolved deterministically: sorted
    by ``(start, -end, code)``, a fix is kept only if it does not overlap one already kept.
    A finding's fix is also skipped when ``text`` at its span is not the finding's ``match``,
    and any fix whose span or replacement holds a newline or markup characters is skipped."""
    kept, skipped = _plan(text, _items(fixes))
    return _splice(text, kept), len(kept), len(skipped)


# ------------------------------------------------------------------------------ files

class _Refused(Exception):
    """The file is left untouched; the message says why."""


def _body_codec(raw: bytes, encoding: str) -> tuple[bytes, str]:
    """(BOM bytes, codec of the rest) for bytes the reader decoded as ``encoding``."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return bom, enc
    return b"", encoding


def _encode_spliced(body: bytes, text: str, kept: list[_Item], codec: str) -> bytes:
    """``body`` with the encoded replacements spliced in at the byte offsets of each span;
    every other byte is copied from ``body``."""
    out = []
    pos = 0          # in text
    bpos = 0         # in body
    for it in kept:
        seg_len = len(text[pos:it.fix.start].encode(codec))
        span_len = len(text[it.fix.start:it.fix.end].encode(codec))
        out.append(body[bpos:bpos + seg_len])
        try:
            out.append(it.fix.replacement.encode(codec))
        except UnicodeEncodeError:
            raise _Refused(f"the replacement {it.fix.replacement!r} cannot be written in "
                           f"this file's encoding ({codec})") from None
        bpos += seg_len + span_len
        pos = it.fix.end
    out.append(body[bpos:])
    return b"".join(out)


def _where(it: _Item, path: str) -> str:
    f = it.finding
    loc = f"{path}:{f.line}:{f.column}" if f is not None else path
    code = f" {it.code}" if it.code else ""
    return f"{loc}:{code} fix skipped"


def _display(path: str) -> str:
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    while p.startswith("./"):
        p = p[2:]
    return p


def _lines(text: str) -> list[str]:
    """Lines split on LF only, each keeping its ending (so CRLF shows in the diff)."""
    return re.findall(r"[^\n]*\n|[^\n]+", text)


def _unified_diff(path: str, old: str, new: str) -> str:
    name = _display(path).lstrip("/")
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), fromfile=f"a/{name}",
                                     tofile=f"b/{name}"):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def _writable(path: str, st: os.stat_result) -> str | None:
    """Why ``path`` may not be rewritten, or None. A file without any write bit counts as
    read-only even for root (who could write it anyway): the owner meant it."""
    if not stat.S_ISREG(st.st_mode):
        return "it is not a regular file"
    any_write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not st.st_mode & any_write or not os.access(path, os.W_OK):
        return "the file is read-only"
    folder = os.path.dirname(path) or "."
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is not writable"
    return None


def _fix_file(path: str, findings: list[Finding], dry_run: bool, report: FixReport) -> None:
    """Fix one file, updating ``report``. Raises :class:`_Refused` (file untouched) with
    ``pending`` = the fixes not yet counted, which the caller counts as skipped."""
    from .readers import BinaryFile, decode, format_for

    shown = _display(path)
    items = _items(findings)
    pending = len(items)

    def refuse(msg: str):
        exc = _Refused(msg)
        exc.pending = pending
        return exc

    ext = os.path.splitext(path)[1].lower()
    if ext in _BINARY_EXTENSIONS:
        raise refuse(f"--fix does not edit {ext} files")
    target = os.path.realpath(path)          # write through a symlink, not over it
    try:
        st = os.stat(target)
        with open(target, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise refuse(f"cannot read it: {exc.strerror or exc}") from None
    fmt = format_for(path) or "text"          # exactly what the engine passes to the reader
    try:
        text, encoding, problems = decode(raw, fmt)
    except BinaryFile:
        raise refuse("--fix does not edit binary files") from None
    if any(p.code == "PS903" for p in problems):
        raise refuse("it is not valid UTF-8 (or its declared encoding), so it cannot be "
                     "rewritten safely; save it as UTF-8 and run --fix again")
    bom, codec = _body_codec(raw, encoding)
    if codec == "utf-8-sig":
        codec = "utf-8"
    body = raw[len(bom):]
    try:
        roundtrip = text.encode(codec) == body
    except (UnicodeEncodeError, LookupError):
        roundtrip = False
    if not roundtrip:
        raise refuse(f"its bytes do not survive reading and writing as {codec}, so it "
                     "cannot be rewritten safely")

    kept, skipped = _plan(text, items, fmt)
    for it, why in skipped:
        report.messages.append(f"{_where(it, shown)}: {why}")
    report.skipped += len(skipped)
    pending = len(kept)
    if not kept:
        return
    new_text = _splice(text, kept)
    if new_text == text:                      # every fix replaced a span with itself
        report.applied += len(kept)
        return
    try:
        new_body = _encode_spliced(body, text, kept, codec)
    except _Refused as exc:
        raise refuse(str(exc)) from None
    try:
        ok = new_body.decode(codec) == new_text
    except UnicodeDecodeError:
        ok = False
    if not ok:                                # a stateful codec: splicing is not exact
        raise refuse(f"its encoding ({codec}) cannot be edited in place")
    if dry_run:
        report.diff += _unified_diff(path, text, new_text)
    else:
        why = _writable(target, st)
        if why:
            raise refuse(why)
        try:
            atomic_write(target, bom + new_body, like=st)
        except OSError as exc:
            raise refuse(f"cannot write it: {exc.strerror or exc}") from None
    report.applied += len(kept)
    report.changed.append(path)


def fix_results(results, *, dry_run: bool = False) -> FixReport:
    """Apply the fixes of ``results`` (engine :class:`FileResult` objects) to their files.

    Files are handled in the order of ``results``; findings of one file met twice (the same
    real path) are merged. A refused file is left untouched and named in one message; its
    fixes count as skipped. ``changed`` lists the paths (as given in the results) that were
    written or, with ``dry_run``, would be."""
    report = FixReport()
    order: list[str] = []
    by_file: dict[str, tuple[str, list[Finding]]] = {}
    for r in results:
        fixable = [f for f in r.findings if f.fix is not None]
        if not fixable:
            continue
        key = os.path.realpath(r.path)
        if key not in by_file:
            by_file[key] = (r.path, [])
            order.append(key)
        by_file[key][1].extend(fixable)
    for key in order:
        path, findings = by_file[key]
        try:
            _fix_file(path, findings, dry_run, report)
        except _Refused as exc:
            report.skipped += getattr(exc, "pending", 0)
            report.messages.append(f"{_display(path)}: not fixed: {exc}")
    if report.applied or report.skipped:
        files = len(report.changed)
        verb = "Would fix" if dry_run else "Fixed"
        line = (f"{verb} {report.applied} problem{'s' if report.applied != 1 else ''} in "
                f"{files} file{'s' if files != 1 else ''}")
        if report.skipped:
            line += f"; {report.skipped} fix{'es' if report.skipped != 1 else ''} not applied"
        report.messages.append(line + ".")
    return report
