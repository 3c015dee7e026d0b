"""Language access on a single document (PS630-PS641): page language, language codes, passages
in another language, hreflang alternates and the language-assistance notice (taglines).

Kinds:

``page-language`` (PS630)
    An HTML page whose ``<html>`` element has no ``lang`` (or ``xml:lang``), or an empty one;
    a Markdown page whose front matter has no ``lang``/``language``. HTML fragments (no
    ``<html>`` tag and no doctype: partials, e-mail snippets) are not pages and are skipped.
``language-code`` (PS631)
    ``lang``/``xml:lang`` values on any element, ``hreflang`` values and front matter
    ``lang`` that are not valid BCP 47 tags ("english", "en_US", "sp"). An empty ``lang`` on an
    inner element is allowed (HTML: "language unknown").
``unmarked-language`` (PS632)
    WCAG 3.1.2: a passage (a sentence, or a run of short sentences, of at least ``min_words``
    words and ``min_letters`` letters) that offline language identification places, with
    probability >= ``threshold`` among ``candidates``, in another language than the element
    it is in (inline ``lang`` elements, then the block's, then the page's). Capitalised words
    inside a sentence (names, brands, places) do not count towards ``min_words``. Pages
    without a declared language are left to PS630.
``hreflang-target`` (PS633)
    ``<link rel="alternate" hreflang href>``, ``<a hreflang href>`` and Markdown front matter
    ``alternates: {es: path}`` whose target is a local file that does not exist. Relative
    hrefs resolve against the file's folder; root-relative hrefs ("/es/x.html") only when
    ``site_root`` is set; URLs with a scheme (https:, mailto:) are never checked (no network).
``language-assistance-notice`` (PS640) / ``language-assistance-content`` (PS641)
    Significant documents (``significant_profiles``, ``significant_paths`` or front matter
    ``significant: true``) must carry a language-assistance line in each language of
    ``tagline_languages`` (plus the document's own language when ``document_language``).
    A line (or a line and its continuation) belongs to a language when it contains one of that
    language's ``notice`` phrases ("asistencia lingüística") or one of its ``words``
    ("intérprete") together with a "free" word; it is complete when it also says the help is
    free (the language's ``free`` words) and gives a phone number (or 711 / a template field
    named like a phone). PS640 names the languages with no line at all; PS641 reports a
    ``notice`` line that lacks "free" or the phone number, when its language has no complete
    line elsewhere. A declared notice (``markers`` in the source, front matter
    ``language_assistance: included`` or ``taglines: ...``) satisfies both. Documents of fewer
    than ``min_words`` words are snippets or partials, not communications, and are skipped.

Language identification (py3langid) and babel are imported only when a check needs them.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from typing import Any, Iterable, Iterator
from urllib.parse import unquote

from ..document import (HEADING, LIST_ITEM, PARAGRAPH, QUOTE, STRING, TABLE_CELL, Block,
                        Document)
from ..finding import Finding, Severity
from .base import Check, Context

__all__ = ["PageLanguage", "LanguageCode", "UnmarkedLanguage", "HreflangTarget",
           "AssistanceNotice", "AssistanceContent", "KINDS", "is_valid_tag", "language_name",
           "find_taglines"]

_DOC_FORMATS = ("html", "markdown")
_TEMPLATE = re.compile(r"\{\{|\{%|\$\{|\[\[|«|<%")


# ------------------------------------------------------------------------------- helpers

def is_valid_tag(tag: Any) -> bool:
    """Strict BCP 47 validity of ``tag`` as written ("en_US" and "english" are not valid)."""
    if not isinstance(tag, str) or not tag:
        return False
    try:
        from ..translations import locales
        return bool(locales.is_valid(tag))
    except ImportError:                                       # pragma: no cover - fallback
        if "_" in tag or "@" in tag or tag != tag.strip():
            return False
        try:
            import langcodes
            return bool(langcodes.tag_is_valid(tag))
        except Exception:  # noqa: BLE001
            return False


def _primary(tag: str) -> str:
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


_NAMES: dict[str, str] | None = None
_NAME_TO_CODE: dict[str, str] | None = None


def language_name(code: str) -> str:
    """English name of a language code ("es" -> "Spanish"); the code itself if unknown."""
    global _NAMES
    if _NAMES is None:
        try:
            from babel import Locale
            _NAMES = dict(Locale("en").languages)
        except Exception:  # noqa: BLE001 - names are cosmetic
            _NAMES = {}
    p = _primary(code) if code else code
    return _NAMES.get(code) or _NAMES.get(p) or code


def _suggest_tag(value: str) -> str | None:
    """A valid tag for an invalid ``value``: "en_US" -> "en-US", "english" -> "en"."""
    try:
        from ..translations import locales
        n = locales.normalize(value)
        if n:
            return n
    except ImportError:                                       # pragma: no cover
        pass
    global _NAME_TO_CODE
    if _NAME_TO_CODE is None:
        language_name("en")
        _NAME_TO_CODE = {}
        for code, name in (_NAMES or {}).items():
            if "_" not in code and len(code) <= 3:
                _NAME_TO_CODE.setdefault(name.lower(), code)
        for code, endonym in (("es", "español"), ("fr", "français"), ("pt", "português"),
                              ("de", "deutsch"), ("vi", "tiếng việt"), ("it", "italiano"),
                              ("pl", "polski"), ("ru", "русский"), ("zh", "中文"),
                              ("ko", "한국어"), ("ja", "日本語"), ("ar", "العربية"),
                              ("ht", "kreyòl ayisyen"), ("tl", "tagalog")):
            _NAME_TO_CODE.setdefault(endonym, code)
        _NAME_TO_CODE["castellano"] = "es"
        _NAME_TO_CODE["espanol"] = "es"
    return _NAME_TO_CODE.get(value.strip().lower())


def _first_line_span(text: str, start: int = 0) -> tuple[int, int]:
    """Source span of the first non-blank line at or after ``start`` (trimmed)."""
    n = len(text)
    i = start
    while i < n:
        j = text.find("\n", i)
        if j == -1:
            j = n
        line = text[i:j]
        if line.strip():
            a = i + (len(line) - len(line.lstrip()))
            b = i + len(line.rstrip())
            return a, b
        i = j + 1
    return 0, 0


def _front_matter_span(source: str) -> tuple[int, int] | None:
    """Source span of a leading YAML front matter block (``---`` ... ``---``)."""
    m = re.match(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", source, re.S)
    return (0, m.end()) if m else None


def _front_matter_value_span(source: str, keys: Iterable[str]) -> tuple[int, int] | None:
    """Span of the scalar value of the first of ``keys`` in the front matter (unquoted)."""
    fm = _front_matter_span(source)
    if fm is None:
        return None
    body = source[fm[0]:fm[1]]
    for key in keys:
        m = re.search(r"(?m)^[ \t]*" + re.escape(key) + r"[ \t]*:[ \t]*(?:([\"'])(.*?)\1|([^\s#][^#\r\n]*?))[ \t]*(?:#.*)?\r?$",
                      body)
        if m:
            g = 2 if m.group(2) is not None else 3
            if m.group(g) is None or m.start(g) == m.end(g):
                continue
            return fm[0] + m.start(g), fm[0] + m.end(g)
    return None


def _doc_relpath(ctx: Context) -> str:
    root = getattr(ctx.config, "root", None)
    try:
        from ..config import relative_posix
        return relative_posix(ctx.document.path, root) if root is not None else ctx.document.path
    except Exception:  # noqa: BLE001
        return ctx.document.path


class _Base(Check):
    DEFAULTS: dict[str, Any] = {}

    def p(self, key: str) -> Any:
        if self.params and key in self.params:
            return self.params[key]
        return self.DEFAULTS[key]

    def run(self, ctx: Context) -> Iterator[Finding]:
        if ctx.document.format not in self.FORMATS:
            return iter(())
        try:
            return iter(list(self.check(ctx)))
        except Exception:  # noqa: BLE001 - bad input must never stop a run
            return iter(())

    FORMATS: tuple[str, ...] = _DOC_FORMATS

    def check(self, ctx: Context) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


# ------------------------------------------------------------------------ PS630 page language

class PageLanguage(_Base):
    KIND = "page-language"
    PARAMS = {
        "markdown_severity": {"enum": ["error", "warning", "info", "off"],
                              "description": "severity for Markdown pages without front "
                                             "matter lang (a site generator may set it)"},
        "suggest": {"type": "string", "description": "tag suggested in the message"},
    }
    DEFAULTS = {"markdown_severity": "warning", "suggest": "en"}

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.document
        suggest = str(self.p("suggest") or "en")
        if doc.format == "html":
            info = doc.meta.get("html")
            if info is None:
                m = re.search(r"<!doctype[^>]*>", doc.source[:4096], re.I)
                if not m:
                    return                     # a fragment, not a page
                yield ctx.source_finding(self.rule, m.start(), m.end(), self.message(
                    what="This page has no <html> element, so it has no lang attribute",
                    suggest=suggest), data={"reason": "no-html-element"})
                return
            lang = info.get("lang")
            if lang is None:
                yield ctx.source_finding(self.rule, info["start"], info["end"], self.message(
                    what="The <html> element has no lang attribute", suggest=suggest),
                    data={"reason": "missing"})
            elif not lang.strip():
                s, e = info["start"], info["end"]
                yield ctx.source_finding(self.rule, s, e, self.message(
                    what="The lang attribute of <html> is empty", suggest=suggest),
                    data={"reason": "empty"})
            return
        # Markdown page
        sev = self.p("markdown_severity")
        if sev == "off":
            return
        fm = doc.front_matter if isinstance(doc.front_matter, dict) else {}
        for key in ("lang", "language"):
            v = fm.get(key)
            if isinstance(v, str) and v.strip():
                return                         # present (PS631 judges the value)
        if any(pr.code == "PS904" and "front matter" in pr.message for pr in doc.problems):
            return                             # unreadable front matter: PS904 says so
        span = _front_matter_span(doc.source)
        if span is not None:
            s, e = _first_line_span(doc.source, 0)
            what = "The front matter has no lang"
        else:
            s, e = _first_line_span(doc.source, 0)
            what = "This Markdown page has no front matter lang"
        if s == e:
            return
        yield ctx.source_finding(self.rule, s, e, self.message(what=what, suggest=suggest),
                                 severity=Severity.parse(sev), data={"reason": "markdown"})


# ---------------------------------------------------------------------- PS631 language codes

class LanguageCode(_Base):
    KIND = "language-code"
    PARAMS = {
        "hreflang": {"type": "boolean", "description": "also check hreflang values"},
    }
    DEFAULTS = {"hreflang": True}

    def _one(self, ctx, value: str, s: int, e: int, where: str, *, allow_default=False):
        v = value.strip()
        if allow_default and v.lower() == "x-default":
            return None
        if is_valid_tag(value):
            return None
        sug = _suggest_tag(value)
        hint = f' Use "{sug}".' if sug else ' Use a code such as "en", "es" or "es-US".'
        msg = self.message(value=value, where=where, hint=hint.strip())
        return ctx.source_finding(self.rule, s, e, msg, suggestions=[sug] if sug else (),
                                  fix_text=sug if sug and sug != value else None,
                                  data={"value": value, "attribute": where,
                                        "suggestion": sug})

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.document
        if doc.format == "html" or doc.meta.get("lang_attrs"):
            html = doc.meta.get("html") or {}
            for a in doc.meta.get("lang_attrs") or ():
                value = a.get("value") or ""
                if not value.strip():
                    continue                   # empty: PS630 for <html>, allowed inside
                if a.get("start") == html.get("lang_start") and a.get("tag") == "html":
                    where = f'{a["attr"]} on <html>'
                else:
                    where = f'{a["attr"]} on <{a["tag"]}>'
                f = self._one(ctx, value, a["start"], a["end"], where)
                if f is not None:
                    yield f
            if self.p("hreflang"):
                for h in doc.meta.get("hreflang") or ():
                    value = h.get("hreflang") or ""
                    if not value.strip():
                        continue
                    f = self._one(ctx, value, h["hreflang_start"], h["hreflang_end"],
                                  f'hreflang on <{h["tag"]}>', allow_default=True)
                    if f is not None:
                        yield f
        if doc.format == "markdown" and isinstance(doc.front_matter, dict):
            for key in ("lang", "language"):
                v = doc.front_matter.get(key)
                if not isinstance(v, str) or not v.strip():
                    continue
                span = _front_matter_value_span(doc.source, [key])
                if span is None or doc.source[span[0]:span[1]] != v:
                    continue
                f = self._one(ctx, v, span[0], span[1], f"front matter {key}")
                if f is not None:
                    yield f
                break


# -------------------------------------------------------------- language identification glue

def _other_language(text: str, expected: str, candidates: Iterable[str], *, threshold: float,
                    min_words: int, min_letters: int) -> str | None:
    try:
        from ..translations import langid
    except ImportError:                                       # pragma: no cover - fallback
        return _fallback_other(text, expected, candidates, threshold, min_words, min_letters)
    return langid.is_other_language(text, expected, candidates, threshold=threshold,
                                    min_words=min_words, min_letters=min_letters)


_FALLBACK: dict = {}


def _fallback_other(text, expected, candidates, threshold, min_words, min_letters):
    # pragma: no cover - used only when plainspeak.translations.langid is missing
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    cands = sorted({_primary(c) for c in candidates} | {_primary(expected)})
    key = tuple(cands)
    ident = _FALLBACK.get(key)
    if ident is None:
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages([c for c in cands if c in ident.nb_classes])
        _FALLBACK[key] = ident
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < min_letters or len(text.split()) < min_words:
        return None
    lang, prob = ident.classify(text)
    if lang == _primary(expected) or prob < threshold:
        return None
    return lang


# ------------------------------------------------------------ PS632 unmarked-language passages

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENT_END = re.compile(r"(?<=[.!?;:。！？])[\"'”’)\]]*\s+|\n\s*|(?<=[。！？])")
_BREAK = re.compile(r"[.!?:;¿¡\n]")
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")


def _is_unspaced(ch: str, *, hangul: bool = False) -> bool:
    """A letter of a script written without spaces between words (Korean: particles attach to
    words, so for keyword boundaries Hangul counts too)."""
    if ord(ch) < 0x0E00:
        return False
    name = unicodedata.name(ch, "")
    return name.startswith(_UNSPACED) or (hangul and name.startswith("HANGUL"))


def _content_words(text: str) -> tuple[int, int, bool]:
    """(content words, letters, mostly unspaced script). A capitalised word that does not
    start the passage or a sentence (a name, a brand) is not a content word; nor is an
    all-capital word of 2+ letters (ATENCIÓN, TTY)."""
    letters = sum(map(str.isalpha, text))
    unspaced = 0
    if letters and max(text) >= "\u0e00":
        for ch in text:
            if ch >= "\u0e00" and ch.isalpha() and _is_unspaced(ch):
                unspaced += 1
    words = 0
    prev_end = 0
    brk = _BREAK.search
    for m in _WORD.finditer(text):
        w = m.group()
        first = w[0]
        sentence_start = prev_end == 0 or brk(text, prev_end, m.start()) is not None
        prev_end = m.end()
        if first.lower() == first.upper():          # uncased script: every word counts
            words += 1
            continue
        if len(w) >= 2 and w.isupper():
            continue
        if first.isupper() and not sentence_start:
            continue
        words += 1
    return words, letters, letters > 0 and unspaced * 2 >= letters


from ..translations.langid import clearly_in, stop_words  # noqa: E402


def _maybe_other(text: str, expected: str, cands: list[str]) -> bool:
    """Cheap positive pre-filter before language identification: the passage has the function
    words of another candidate language, or letters of a script the expected language does not
    use (Chinese, Arabic, Cyrillic … in a Latin-script page, or the other way round)."""
    for c in cands:
        c = _primary(c)
        if c != expected and stop_words(c) is not None and clearly_in(text, c, share=0.2):
            return True
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f")
    letters = sum(map(str.isalpha, text))
    if not letters:
        return False
    exp_latin = stop_words(expected) is not None and expected not in (
        "ar", "fa", "ru", "uk", "el", "he", "hi", "ko", "bn", "ta", "te", "ur", "bg", "sr", "mk")
    share_latin = latin / letters
    return share_latin < 0.5 if exp_latin else share_latin > 0.5


class UnmarkedLanguage(_Base):
    KIND = "unmarked-language"
    PARAMS = {
        "min_words": {"type": "integer", "minimum": 1,
                      "description": "content words a passage needs (names do not count)"},
        "min_letters": {"type": "integer", "minimum": 1},
        "threshold": {"type": "number", "minimum": 0.5, "maximum": 1,
                      "description": "minimum probability of the other language"},
        "candidates": {"type": "array", "items": {"type": "string"},
                       "description": "languages the identifier chooses among (the "
                                      "element's language is always added)"},
    }
    DEFAULTS = {"min_words": 6, "min_letters": 25, "threshold": 0.9,
                "candidates": ["en", "es", "zh", "vi", "ko", "tl", "ru", "ar", "ht", "fr",
                               "pt", "pl", "de", "fa", "ja", "hi", "it"]}
    DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL, HEADING})

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.document
        if not doc.language_declared:
            return                              # PS630's finding; nothing to compare with
        scope = set(self.rule.scope) if getattr(self.rule, "scope", None) else set(
            self.DEFAULT_SCOPE)
        scope = {s for s in scope if not s.startswith("~")} or set(self.DEFAULT_SCOPE)
        cands = [str(c) for c in (self.p("candidates") or [])]
        for b in doc.blocks:
            if b.kind not in scope or not b.text.strip():
                continue
            if doc.format == "markdown":
                s0, e0 = b.source_span()
                s0 = doc.source.rfind("\n", 0, s0) + 1          # whole source lines: the
                e1 = doc.source.find("\n", e0)                  # opening tag is not text
                e0 = len(doc.source) if e1 == -1 else e1
                if re.search(r"\blang\s*=", doc.source[s0:e0]):
                    continue                    # inline HTML with lang: trust the author
            yield from self._block(ctx, b, cands)

    def _stretches(self, ctx: Context, b: Block):
        """(start, end, expected language or None) pieces of the block text."""
        doc = ctx.document
        if "base_lang" in b.attrs:
            base = b.attrs.get("base_lang") or doc.language
        else:
            base = b.lang or doc.language
        marks = sorted((m for m in b.marks if m.tag == "lang"), key=lambda m: (m.start, -m.end))
        n = len(b.text)
        if not marks:
            yield 0, n, base
            return
        # innermost lang mark per position (marks nest properly)
        owner: list[str | None] = [base] * n
        for m in marks:
            v = (m.value or "").strip()
            lang = _primary(v) if v and is_valid_tag(v) else None
            for i in range(max(m.start, 0), min(m.end, n)):
                owner[i] = lang if v else None
        i = 0
        while i < n:
            j = i
            while j < n and owner[j] == owner[i]:
                j += 1
            yield i, j, owner[i]
            i = j

    def _block(self, ctx: Context, b: Block, cands: list[str]) -> Iterator[Finding]:
        min_w = int(self.p("min_words"))
        min_l = int(self.p("min_letters"))
        thr = float(self.p("threshold"))
        text = b.text

        def long_enough(s: int, e: int) -> bool:
            w, letters, unspaced = _content_words(text[s:e])
            if unspaced:
                return letters >= max(8, min_l // 3)
            return w >= min_w and letters >= min_l

        flagged: list[tuple[int, int, str, str]] = []
        for s, e, expected in self._stretches(ctx, b):
            if expected is None or e - s < 2:
                continue
            sents = _sentences(text, s, e)
            units: list[tuple[int, int]] = []
            i = 0
            while i < len(sents):
                if long_enough(*sents[i]):
                    units.append(sents[i])
                    i += 1
                    continue
                j = i
                while j < len(sents) and not long_enough(*sents[j]):
                    j += 1
                if long_enough(sents[i][0], sents[j - 1][1]):
                    units.append((sents[i][0], sents[j - 1][1]))
                i = j
            for us, ue in units:
                unit = text[us:ue]
                if clearly_in(unit, expected) or not _maybe_other(unit, expected, cands):
                    continue            # no model call: plainly the expected language, or
                                        # nothing suggests another one
                got = _other_language(text[us:ue], expected, cands, threshold=thr,
                                      min_words=1, min_letters=1)
                if got:
                    if flagged and flagged[-1][2] == got and flagged[-1][3] == expected \
                            and not text[flagged[-1][1]:us].strip():
                        flagged[-1] = (flagged[-1][0], ue, got, expected)
                    else:
                        flagged.append((us, ue, got, expected))
        for s, e, got, expected in flagged:
            yield ctx.finding(self.rule, b, s, e, self.message(
                detected=got, detected_name=language_name(got), expected=expected,
                expected_name=language_name(expected)),
                data={"detected": got, "expected": expected})


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = max(m.end(), pos)
    if pos < end:
        out.append((pos, end))
    res = []
    for s, e in out:
        piece = text[s:e]
        a = s + (len(piece) - len(piece.lstrip()))
        z = s + len(piece.rstrip())
        if z > a:
            res.append((a, z))
    return res


# ------------------------------------------------------------------- PS633 hreflang targets

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _target_exists(path: str) -> bool:
    cands = [path]
    stem, ext = os.path.splitext(path)
    if path.endswith(("/", os.sep)) or not ext:
        base = path.rstrip("/" + os.sep)
        cands += [base + ".html", base + ".htm", base + ".md",
                  os.path.join(base, "index.html"), os.path.join(base, "index.htm"),
                  os.path.join(base, "index.md")]
    elif ext.lower() in (".html", ".htm"):
        cands += [stem + ".md", stem + ".markdown", stem + ".txt"]
    return any(os.path.exists(c) for c in cands if c)


class HreflangTarget(_Base):
    KIND = "hreflang-target"
    PARAMS = {
        "site_root": {"type": ["string", "null"],
                      "description": "folder (relative to the config root) that root-relative "
                                     "hrefs such as /es/page.html resolve against; null: such "
                                     "hrefs are not checked"},
    }
    DEFAULTS = {"site_root": None}

    def _resolve(self, ctx: Context, href: str) -> str | None:
        h = href.strip()
        if not h or h.startswith(("#", "?", "//")) or _SCHEME.match(h) or _TEMPLATE.search(h):
            return None
        h = h.split("#", 1)[0].split("?", 1)[0]
        if not h:
            return None
        h = unquote(h)
        if h.startswith("/"):
            root = self.p("site_root")
            if not root:
                return None
            base = os.path.join(str(getattr(ctx.config, "root", "") or ""), str(root))
            return os.path.normpath(os.path.join(base, h.lstrip("/")))
        folder = os.path.dirname(ctx.document.path)
        return os.path.normpath(os.path.join(folder, h)) + ("/" if h.endswith("/") else "")

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.document
        items: list[tuple[str, str, int, int, str]] = []   # (lang, href, start, end, where)
        for h in doc.meta.get("hreflang") or ():
            href = h.get("href")
            if href is None or h.get("href_start") is None:
                continue
            if h.get("tag") == "link" and "alternate" not in (h.get("rel") or []):
                continue
            items.append((h.get("hreflang") or "", href, h["href_start"], h["href_end"],
                          f'<{h["tag"]} hreflang="{h.get("hreflang") or ""}">'))
        fm = doc.front_matter if isinstance(doc.front_matter, dict) else {}
        alts = fm.get("alternates")
        if isinstance(alts, dict):
            fms = _front_matter_span(doc.source)
            for lang, href in alts.items():
                if not isinstance(href, str) or not href.strip() or fms is None:
                    continue
                m = re.compile(r"(?m)^[ \t]*[\"']?" + re.escape(str(lang)) +
                               r"[\"']?[ \t]*:[ \t]*[\"']?(" + re.escape(href) + r")").search(
                    doc.source, fms[0], fms[1])
                if m is None:
                    continue
                items.append((str(lang), href, m.start(1), m.end(1),
                              f"front matter alternates.{lang}"))
        for lang, href, s, e, where in items:
            target = self._resolve(ctx, href)
            if target is None or _target_exists(target):
                continue
            yield ctx.source_finding(self.rule, s, e, self.message(
                href=href, lang=lang, where=where, target=target.replace(os.sep, "/")),
                data={"href": href, "hreflang": lang, "resolved": target})


# ---------------------------------------------------- PS640/PS641 language-assistance notice

_PHONE_RUN = re.compile(r"(?<![\w/])\+?[\d(][\d\s().\-\u2011\u2012\u2013]{5,}\d(?![\w/])")
_PHONE_WORDS = re.compile(r"(?i)(?<![\w])(?:711|7-1-1|1-8\d\d-[A-Z]{4,}[A-Z0-9\-]*)(?![\w])")
_TTY = re.compile(r"(?i)(?<![\w])(?:TTY|TDD|TTD|teletypewriter|relay|711|7-1-1|телетайп)(?![\w])")
_FIELD = re.compile(r"\{\{[^}]*\}\}|\{%[^%]*%\}|\$\{[^}]*\}|\[\[[^\]]*\]\]|«[^»]*»|%\([^)]*\)s")
_PHONE_FIELD = re.compile(r"(?i)phone|tel|number|numero|número|contact|hotline|line")

_DEFAULT_MARKERS = [
    r"<!--\s*plainspeak:\s*language-assistance(?:-notice)?\s*-->",
    r"(?im)^[ \t]*(?:#|//|;|%)?[ \t]*plainspeak:[ \t]*language-assistance(?:-notice)?[ \t]*$",
    r"(?i)\bdata-lang(?:uage)?-assistance\b",
    r"(?i)\{%-?\s*(?:include|render)\s+[\"'][^\"']*(?:tagline|language-assistance|"
    r"language_assistance)[^\"']*[\"']",
]

_COMPILED: dict[str, Any] = {}


def _norm_text(s: str) -> str:
    return unicodedata.normalize("NFC", s).casefold()


def _kw_regex(words: Iterable[str]) -> re.Pattern | None:
    parts = []
    for w in words:
        if not isinstance(w, str) or not w.strip():
            continue
        w = _norm_text(w.strip())
        prefix = w.endswith("*")
        if prefix:
            w = w[:-1]
        body = re.escape(w).replace(r"\ ", r"\s+")
        first, last = w[0], w[-1]
        lead = r"(?<![^\W_])" if first.isalnum() and not _is_unspaced(first, hangul=True) else ""
        tail = r"(?![^\W_])" if (last.isalnum() and not prefix
                                  and not _is_unspaced(last, hangul=True)) else ""
        parts.append(lead + body + tail)
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)))


class _LangData:
    __slots__ = ("lang", "name", "notice", "words", "free")

    def __init__(self, lang: str, entries: list[dict]):
        self.lang = lang
        names = [e.get("name") for e in entries if e.get("name")]
        self.name = str(names[0]) if names else language_name(lang)
        self.notice = _kw_regex(w for e in entries for w in (e.get("notice") or ()))
        self.words = _kw_regex(w for e in entries for w in (e.get("words") or ()))
        self.free = _kw_regex(w for e in entries for w in (e.get("free") or ()))


def _compiled(entries: list) -> dict[str, _LangData]:
    """Keyword regexes per language; several entries of one language are merged."""
    key = hashlib.sha1(json.dumps(entries, sort_keys=True, ensure_ascii=False,
                                  default=str).encode()).hexdigest()
    got = _COMPILED.get(key)
    if got is None:
        by_lang: dict[str, list[dict]] = {}
        for e in entries or ():
            if isinstance(e, dict) and isinstance(e.get("lang"), str) and e["lang"].strip():
                by_lang.setdefault(_primary(e["lang"]), []).append(e)
        got = {lang: _LangData(lang, es) for lang, es in by_lang.items()}
        if len(_COMPILED) > 32:
            _COMPILED.clear()
        _COMPILED[key] = got
    return got


class TaglineUnit:
    """A line (or a line and its continuation) of a block that is a language-assistance line
    for ``lang``: ``strong`` when it has a notice phrase; ``free``/``phone``/``tty`` what it
    says."""
    __slots__ = ("block", "start", "end", "lang", "strong", "free", "phone", "tty")

    def __init__(self, block, start, end, lang, strong, free, phone, tty):
        self.block = block
        self.start = start
        self.end = end
        self.lang = lang
        self.strong = strong
        self.free = free
        self.phone = phone
        self.tty = tty

    def complete(self, require_tty: bool) -> bool:
        return self.free and self.phone and (self.tty or not require_tty)


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        j = text.find("\n", pos)
        if j == -1:
            j = n
        seg = text[pos:j]
        a = pos + (len(seg) - len(seg.lstrip()))
        z = pos + len(seg.rstrip())
        if z > a:
            out.append((a, z))
        pos = j + 1
    return out


def _has_phone(doc: Document, b: Block, s: int, e: int) -> bool:
    t = b.text[s:e]
    for m in _PHONE_RUN.finditer(t):
        digits = sum(ch.isdigit() for ch in m.group())
        if 7 <= digits <= 15:
            return True
    if _PHONE_WORDS.search(t):
        return True
    # a masked template field named like a phone number ("[[ClinicPhone]]")
    if e > s:
        a, z = b.smap.span(s, e)
        for m in _FIELD.finditer(doc.source, a, z):
            if _PHONE_FIELD.search(m.group()):
                return True
    return False


def find_taglines(doc: Document, entries: list, *, kinds=None) -> list[TaglineUnit]:
    """Language-assistance lines of ``doc`` for the languages described by ``entries``."""
    data = _compiled(entries)
    kinds = kinds or {PARAGRAPH, LIST_ITEM, TABLE_CELL, QUOTE, HEADING, STRING}
    units: list[TaglineUnit] = []
    for b in doc.blocks:
        if b.kind not in kinds:
            continue
        lines = _lines(b.text)
        if not lines:
            continue
        normed = [_norm_text(b.text[s:e]) for s, e in lines]
        # languages each line mentions (strong or weak)
        hits: list[dict[str, bool]] = []
        for t in normed:
            h: dict[str, bool] = {}
            for lang, d in data.items():
                if d.notice is not None and d.notice.search(t):
                    h[lang] = True
                elif d.words is not None and d.words.search(t):
                    h.setdefault(lang, False)
            hits.append(h)
        for i, h in enumerate(hits):
            for lang, strong in h.items():
                d = data[lang]
                j = i
                while True:
                    s, e = lines[i][0], lines[j][1]
                    t = _norm_text(b.text[s:e])
                    free = d.free is not None and bool(d.free.search(t))
                    phone = _has_phone(doc, b, s, e)
                    tty = bool(_TTY.search(b.text[s:e]))
                    st = strong or any(hits[k].get(lang) for k in range(i, j + 1))
                    if (free and phone) or j + 1 >= len(lines) or j - i >= 2:
                        break
                    nxt = hits[j + 1]
                    if any(k != lang for k in nxt):
                        break                   # the next line is another language's
                    j += 1
                if not st and not free:
                    continue                    # a weak word alone ("interpreter") is no notice
                units.append(TaglineUnit(b, s, e, lang, st, free, phone, tty))
    return _confirm(units, data)


def _confirm(units: list[TaglineUnit], data) -> list[TaglineUnit]:
    """A line claimed by several languages (shared words: "intérprete", "gratuito") keeps the
    languages language identification does not rule out."""
    by_span: dict[tuple, list[TaglineUnit]] = {}
    for u in units:
        by_span.setdefault((id(u.block), u.start, u.end), []).append(u)
    out = []
    for group in by_span.values():
        if len(group) == 1:
            out.extend(group)
            continue
        langs = sorted({u.lang for u in group})
        keep = set(langs)
        try:
            from ..translations import langid
            res = langid.identify(group[0].block.text[group[0].start:group[0].end], langs,
                                  min_letters=15, min_words=3)
            if res is not None and res[1] >= 0.8:
                keep = {res[0]}
        except Exception:  # noqa: BLE001 - identification is only a tie-breaker
            pass
        out.extend(u for u in group if u.lang in keep)
    return out


class _Assistance(_Base):
    FORMATS = ("text", "markdown", "html", "docx")
    PARAMS = {
        "tagline_languages": {"type": "array", "items": {"type": "string"},
                              "description": "languages that need a notice line"},
        "document_language": {"type": "boolean",
                              "description": "also require a line in the document's own "
                                             "language"},
        "significant_profiles": {"type": "array",
                                 "items": {"enum": ["letter", "web", "portal"]}},
        "significant_paths": {"type": "array", "items": {"type": "string"},
                              "description": "globs (relative to the config root) of "
                                             "significant documents of any profile"},
        "require_tty": {"type": "boolean",
                        "description": "each line must also give a TTY/711 number"},
        "min_words": {"type": "integer", "minimum": 0,
                      "description": "documents with fewer words are snippets or partials, "
                                     "not complete communications, and are not checked"},
        "markers": {"type": "array", "items": {"type": "string", "format": "regex"},
                    "description": "regexes on the source that declare an included notice"},
        "languages": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["lang", "notice", "free", "source"],
                "properties": {
                    "lang": {"type": "string"},
                    "name": {"type": "string"},
                    "notice": {"type": "array", "items": {"type": "string"}},
                    "words": {"type": "array", "items": {"type": "string"}},
                    "free": {"type": "array", "items": {"type": "string"}},
                    "source": {"type": "string", "minLength": 1},
                    "note": {"type": "string"},
                },
            },
        },
    }
    DEFAULTS = {"tagline_languages": ["es"], "document_language": True,
                "significant_profiles": ["letter"], "significant_paths": [],
                "require_tty": False, "min_words": 40, "markers": _DEFAULT_MARKERS,
                "languages": []}

    def significant(self, ctx: Context) -> bool:
        doc = ctx.document
        fm = doc.front_matter if isinstance(doc.front_matter, dict) else {}
        v = fm.get("significant")
        if isinstance(v, str) and v.strip().lower() in ("true", "yes", "false", "no"):
            v = v.strip().lower() in ("true", "yes")
        if isinstance(v, bool):
            return v                           # the author's word beats every heuristic
        chosen = ctx.profile in (self.p("significant_profiles") or [])
        if not chosen:
            globs = [str(g) for g in (self.p("significant_paths") or [])]
            if globs:
                from ..config import matches_any
                chosen = matches_any(_doc_relpath(ctx), globs)
        if not chosen:
            return False
        min_words = int(self.p("min_words") or 0)
        if min_words:
            n = 0
            for b in doc.blocks:
                n += len(_WORD.findall(b.text))
                if n >= min_words:
                    break
            if n < min_words:
                return False
        return True

    def declared(self, ctx: Context) -> bool:
        doc = ctx.document
        fm = doc.front_matter if isinstance(doc.front_matter, dict) else {}
        v = fm.get("language_assistance", fm.get("language-assistance"))
        if v is True or (isinstance(v, str) and v.strip().lower() in
                         ("included", "include", "yes", "true", "present")):
            return True
        if fm.get("taglines"):
            return True
        for rx in self.p("markers") or ():
            try:
                if re.search(rx, doc.source):
                    return True
            except re.error:
                continue
        return False

    def required(self, ctx: Context) -> list[str]:
        req: list[str] = []
        for c in self.p("tagline_languages") or []:
            if isinstance(c, str) and c.strip():
                p = _primary(c)
                if p not in req:
                    req.append(p)
        if self.p("document_language"):
            d = _primary(ctx.document.language or "en")
            if d and d not in req:
                req.insert(0, d)
        return req

    def analyse(self, ctx: Context):
        """(required languages, units, complete languages) — or None when not applicable."""
        if not self.significant(ctx) or self.declared(ctx):
            return None
        entries = self.p("languages") or []
        key = ("lang-assist", id(entries), len(entries))
        units = ctx.cache.get(key)
        if units is None:
            units = find_taglines(ctx.document, entries)
            ctx.cache[key] = units
        req = self.required(ctx)
        rt = bool(self.p("require_tty"))
        complete = {u.lang for u in units if u.complete(rt)}
        known = set(_compiled(entries))
        # languages without keyword data: a confidently identified line with a phone number
        for lang in req:
            if lang not in known and lang not in complete and _identified_line(ctx, lang, req):
                complete.add(lang)
        return req, units, complete


def _identified_line(ctx: Context, lang: str, req: list[str]) -> bool:
    doc = ctx.document
    for b in doc.blocks:
        for s, e in _lines(b.text):
            if not _has_phone(doc, b, s, e):
                continue
            try:
                from ..translations import langid
                res = langid.identify(b.text[s:e], sorted(set(req) | {lang}),
                                      min_letters=15, min_words=3)
            except Exception:  # noqa: BLE001
                res = None
            if res is not None and res[0] == lang and res[1] >= 0.9:
                return True
    return False


class AssistanceNotice(_Assistance):
    KIND = "language-assistance-notice"

    def check(self, ctx: Context) -> Iterator[Finding]:
        got = self.analyse(ctx)
        if got is None:
            return
        req, units, complete = got
        present = complete | {u.lang for u in units}
        missing = [lang for lang in req if lang not in present]
        if not missing:
            return
        s, e = _first_line_span(ctx.document.source, 0)
        names = [f"{language_name(m)} ({m})" for m in missing]
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        msg = self.message(missing=", ".join(missing), missing_names=text, count=len(missing))
        if s == e:
            yield ctx.source_finding(self.rule, 0, 0, msg, data={"missing": missing},
                                     scope="file")
            return
        yield ctx.source_finding(self.rule, s, e, msg, data={"missing": missing})


class AssistanceContent(_Assistance):
    KIND = "language-assistance-content"

    def check(self, ctx: Context) -> Iterator[Finding]:
        got = self.analyse(ctx)
        if got is None:
            return
        _req, units, complete = got
        rt = bool(self.p("require_tty"))
        seen: set[tuple] = set()
        for u in units:
            if u.lang in complete or u.complete(rt):
                continue
            key = (id(u.block), u.start, u.end)
            if key in seen:
                continue
            seen.add(key)
            parts = []
            if not u.free:
                parts.append("say the help is free")
            if not u.phone:
                parts.append("give a phone number")
            elif rt and not u.tty:
                parts.append("give a TTY or 711 number")
            missing = " or ".join(parts)
            excerpt = u.block.text[u.start:u.end]
            if len(excerpt) > 80:
                excerpt = excerpt[:77].rstrip() + "…"
            yield ctx.finding(self.rule, u.block, u.start, u.end, self.message(
                language=u.lang, language_name=language_name(u.lang), missing=missing,
                excerpt=excerpt),
                data={"language": u.lang, "free": u.free, "phone": u.phone, "tty": u.tty})


KINDS = {cls.KIND: cls for cls in (PageLanguage, LanguageCode, UnmarkedLanguage,
                                   HreflangTarget, AssistanceNotice, AssistanceContent)}
