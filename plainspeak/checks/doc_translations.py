"""Document translations (PS620, PS621): project kinds that pair letters and pages with their
translations and report missing and stale ones.

Pairing (:func:`analyse`, shared by both kinds and computed once per run):

* a language folder: ``letters/en/x.md`` <-> ``letters/es/x.md`` (any sibling folder whose name
  is a locale with that primary language: ``es``, ``es-US``, ``es_MX``);
* a language suffix: ``x.md`` or ``x.en.md`` <-> ``x.es.md`` (also ``x.es-US.md``);
* front matter ``translation_of: ../en/x.md`` in the translation (relative to the translation);
* front matter ``alternates`` / ``translations`` (``{es: path}``, relative to the file) and local
  ``hreflang`` links of the source (``<link rel=alternate>``, ``<a hreflang>``);
* the ``map`` parameter: ``{"source path": {"es": "translation path"}}`` relative to the root.

A document is a *source* when its language (declared in front matter or ``<html lang>``, else
given by its folder or suffix, else the source language) is ``source_language`` and it names no
``translation_of``; every other document with a known language is a translation.

Staleness (PS621), per pair: git first (when both files have commit history: the source was
committed after the translation's last commit, or the source has uncommitted changes while the
translation has none), else the translation's front matter ``source_hash`` compared with
:func:`source_hash` of the source. The message says which evidence was used.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..finding import Finding, Severity
from ..translations.project import ProjectCheck, ProjectContext

__all__ = ["source_hash", "normalise_text", "analyse", "DocumentTranslation",
           "StaleTranslation", "KINDS"]

_DOC_FORMATS = ("text", "markdown", "html", "docx")


# ------------------------------------------------------------------------------- hashing

def normalise_text(text: str) -> str:
    """The text a ``source_hash`` is computed over: NFC, LF line ends, no trailing spaces on
    lines, no leading or trailing blank lines, no byte-order mark."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [ln.rstrip() for ln in text.split("\n")]
    return "\n".join(lines).strip("\n")


def source_hash(text: str) -> str:
    """First 12 hex digits of the SHA-256 of :func:`normalise_text` (UTF-8)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:12]


# ------------------------------------------------------------------------------ analysis

@dataclass
class DocInfo:
    path: str                     # as given in the run (or as built for a counterpart)
    key: str                      # normalised absolute path
    doc: Any
    lang: str | None              # primary language subtag, None if unknown
    lang_from: str                # "declared" | "folder" | "suffix" | "default"
    translation_of: str | None = None     # key of the declared source
    vital: bool = False


@dataclass
class Pair:
    source: str                   # key
    target: str                   # key
    lang: str
    how: str                      # the convention that paired them


@dataclass
class Analysis:
    infos: dict[str, DocInfo] = field(default_factory=dict)           # key -> info
    sources: list[str] = field(default_factory=list)                   # keys, run order
    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)  # (source, lang) -> pair
    expected: dict[tuple[str, str], str] = field(default_factory=dict)
    any_counterpart: set[str] = field(default_factory=set)
    in_lang_folder: set[str] = field(default_factory=set)
    run_keys: dict[str, str] = field(default_factory=dict)             # key -> path as given


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _primary(tag: str) -> str:
    return re.split(r"[-_@.]", tag.strip(), maxsplit=1)[0].lower()


def _locale_token(token: str, *, known: set[str]) -> str | None:
    """Primary language of a path token that is a locale code, else None. Bare 2-3 letter
    tokens that are also English words ("it", "no", "my") count only when they are one of the
    ``known`` languages of the run (source and required languages)."""
    if not token or len(token) > 20:
        return None
    try:
        from ..translations import locales
        tag = locales.looks_like_locale(token, strict=True)
        if tag is None and token.lower() in known:
            tag = locales.looks_like_locale(token)
    except ImportError:                                       # pragma: no cover
        tag = token if re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", token) else None
    return _primary(tag) if tag else None


def _path_language(path: str, known: set[str]) -> tuple[str | None, str, int]:
    """(language, "folder"|"suffix"|"", index of the folder segment or -1)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    bits = name.split(".")
    if len(bits) >= 3:
        lang = _locale_token(bits[-2], known=known)
        if lang:
            return lang, "suffix", -1
    for i in range(len(parts) - 2, -1, -1):
        lang = _locale_token(parts[i], known=known)
        if lang and (lang in known or _has_locale_sibling(parts[:i], parts[i], known)):
            return lang, "folder", i
    return None, "", -1


_SIBLINGS: dict[str, list[str]] = {}
_LISTINGS: dict[str, list[str]] = {}


def _listdir(folder: str) -> list[str]:
    """Sorted folder listing, cached for one analysis (cleared with ``_SIBLINGS``); raises
    OSError like ``os.listdir``."""
    got = _LISTINGS.get(folder)
    if got is None:
        if len(_LISTINGS) > 4096:
            _LISTINGS.clear()
        got = _LISTINGS[folder] = sorted(os.listdir(folder))
    return got


def _has_locale_sibling(parent_parts: list[str], name: str, known: set[str]) -> bool:
    """A folder named like a language that is not one of the run's languages ("hr", "pt",
    "ca") is a language folder only when a sibling folder is one too (``en/`` next to it)."""
    parent = "/".join(parent_parts) or "."
    if parent not in _SIBLINGS:
        try:
            _SIBLINGS[parent] = [e for e in os.listdir(parent)
                                 if os.path.isdir(os.path.join(parent, e))]
        except OSError:
            _SIBLINGS[parent] = []
        if len(_SIBLINGS) > 4096:
            _SIBLINGS.clear()
    return any(e != name and _locale_token(e, known=known) for e in _SIBLINGS.get(parent, []))


def _fm(doc) -> dict:
    fm = getattr(doc, "front_matter", None)
    return fm if isinstance(fm, dict) else {}


def _truthy(v: Any) -> bool:
    return v is True or (isinstance(v, str) and v.strip().lower() in ("true", "yes", "1"))


def _folder_counterparts(parts: list[str], idx: int, known, want):
    """For a path split into ``parts`` whose folder ``parts[idx]`` names a language: the same
    file under each sibling language folder, ``(folder, language, path)``, for the languages
    ``want(language)`` accepts and where the file exists (folders in sorted order)."""
    parent = "/".join(parts[:idx]) or "."
    rest = "/".join(parts[idx + 1:])
    try:
        sibs = _listdir(parent)
    except OSError:
        return
    for sib in sibs:
        if sib == parts[idx]:
            continue
        lang = _locale_token(sib, known=known)
        if not lang or not want(lang):
            continue
        cand = os.path.normpath(os.path.join(parent, sib, rest))
        if _exists(cand):
            yield sib, lang, cand


def _exists(path: str) -> bool:
    try:
        return os.path.isfile(path)
    except (OSError, ValueError):
        return False


def _resolve_rel(base_file: str, target: str) -> str | None:
    if not isinstance(target, str) or not target.strip():
        return None
    t = target.strip().split("#", 1)[0].split("?", 1)[0]
    if not t or re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", t) or t.startswith("//"):
        return None
    if t.startswith("/"):
        return None
    return os.path.normpath(os.path.join(os.path.dirname(base_file), t))


class _Params(ProjectCheck):
    PARAMS = {
        "required_languages": {"type": "array", "items": {"type": "string"},
                               "description": "languages every source document needs"},
        "source_language": {"type": "string"},
        "vital": {"type": "array", "items": {"type": "string"},
                  "description": "globs (relative to the config root) of vital documents"},
        "non_vital": {"enum": ["collection", "all", "off"],
                      "description": "which documents that are not vital are reported"},
        "map": {"type": "object",
                "additionalProperties": {"type": "object",
                                         "additionalProperties": {"type": "string"}},
                "description": "source path -> {language: translation path}, relative to "
                               "the config root"},
    }
    DEFAULTS = {"required_languages": ["es"], "source_language": "en", "vital": [],
                "non_vital": "collection", "map": {}}

    def p(self, key: str) -> Any:
        if self.params and key in self.params:
            return self.params[key]
        return self.DEFAULTS[key]

    def run_project(self, pctx: ProjectContext) -> Iterator[Finding]:
        try:
            out = list(self.check_project(pctx, analyse(pctx, self)))
        except Exception:  # noqa: BLE001 - bad input must never stop a run
            out = []
        return iter(out)

    def check_project(self, pctx, an: Analysis) -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError


def analyse(pctx: ProjectContext, check: _Params) -> Analysis:
    """Pairs of the run's documents (cached per run and settings)."""
    src_lang = _primary(str(check.p("source_language") or "en"))
    required = []
    for c in check.p("required_languages") or []:
        if isinstance(c, str) and c.strip() and _primary(c) not in required:
            required.append(_primary(c))
    mapping = check.p("map") or {}
    vital_globs = [str(g) for g in (check.p("vital") or [])]
    ckey = ("doc_translations", src_lang, tuple(required), repr(sorted(mapping.items())),
            tuple(vital_globs))
    cached = pctx.cache.get(ckey)
    if cached is not None:
        return cached
    from ..config import matches_any
    from ..readers import format_for
    _SIBLINGS.clear()                      # folder listings are cached for one analysis only
    _LISTINGS.clear()
    known = set(required) | {src_lang}
    an = Analysis()

    def info(path: str, *, given: bool) -> DocInfo | None:
        k = _key(path)
        if k in an.infos:
            return an.infos[k]
        if not given and not _exists(path):
            return None
        if (format_for(path) or "text") not in _DOC_FORMATS:
            return None
        try:
            doc = pctx.document(path)
        except Exception:  # noqa: BLE001
            doc = None
        if doc is None or getattr(doc, "format", "") not in _DOC_FORMATS:
            return None
        fm = _fm(doc)
        lang, lang_from = None, "default"
        declared = None
        for key in ("lang", "language"):
            v = fm.get(key)
            if isinstance(v, str) and v.strip():
                declared = _primary(v)
                break
        if declared is None and getattr(doc, "format", "") == "html":
            h = (getattr(doc, "meta", None) or {}).get("html") or {}
            if h.get("lang"):
                declared = _primary(h["lang"])
        plang, how, _i = _path_language(path, known)
        if declared:
            lang, lang_from = declared, "declared"
        elif plang:
            lang, lang_from = plang, how
        tof = fm.get("translation_of")
        tkey = None
        if isinstance(tof, str) and tof.strip():
            r = _resolve_rel(path, tof)
            if r is not None and not _exists(r):
                alt = os.path.normpath(os.path.join(str(pctx.root), tof.strip()))
                if _exists(alt):
                    r = alt
            tkey = _key(r) if r else None
        vital = _truthy(fm.get("vital"))
        if not vital and vital_globs:
            try:
                vital = matches_any(pctx.relpath(path), vital_globs)
            except Exception:  # noqa: BLE001
                vital = False
        di = DocInfo(path, k, doc, lang, lang_from, tkey, vital)
        an.infos[k] = di
        return di

    # 1. the run's documents
    for p in pctx.files:
        if (format_for(p) or "text") not in _DOC_FORMATS:
            continue
        di = info(p, given=True)
        if di is None:
            continue
        an.run_keys[di.key] = p
    run_infos = [an.infos[k] for k in an.run_keys]

    def is_source(di: DocInfo) -> bool:
        return di.translation_of is None and (di.lang is None or di.lang == src_lang)

    # 2. declared translations (translation_of), from the run and beyond
    declared_for: dict[str, list[DocInfo]] = {}
    for di in run_infos:
        if di.translation_of:
            declared_for.setdefault(di.translation_of, []).append(di)

    def add_pair(src: DocInfo, tgt: DocInfo, lang: str, how: str) -> None:
        if tgt.key == src.key:
            return
        an.any_counterpart.add(src.key)
        an.pairs.setdefault((src.key, lang), Pair(src.key, tgt.key, lang, how))

    def candidates(src: DocInfo) -> list[tuple[str, str, str]]:
        """(language, path, how) of existing counterparts by convention."""
        out: list[tuple[str, str, str]] = []
        path = src.path
        parts = path.replace("\\", "/").split("/")
        name = parts[-1]
        folder = os.path.dirname(path)
        # language folder
        plang, how, idx = _path_language(path, known)
        if how == "folder" and plang == src_lang:
            an.in_lang_folder.add(src.key)
            for sib, lang, cand in _folder_counterparts(parts, idx, known,
                                                        lambda lg: lg != src_lang):
                out.append((lang, cand, f"folder {sib}/"))
        # language suffix: x.md / x.en.md -> x.es.md
        bits = name.split(".")
        if len(bits) >= 2:
            ext = bits[-1]
            stem_bits = bits[:-1]
            if len(stem_bits) >= 2 and _locale_token(stem_bits[-1], known=known) == src_lang:
                stem_bits = stem_bits[:-1]
            stem = ".".join(stem_bits)
            try:
                entries = _listdir(folder or ".")
            except OSError:
                entries = []
            for e in sorted(entries):
                if not e.startswith(stem + ".") or not e.endswith("." + ext):
                    continue
                mid = e[len(stem) + 1:-(len(ext) + 1)]
                if not mid or "." in mid:
                    continue
                lang = _locale_token(mid, known=known)
                if not lang or lang == src_lang:
                    continue
                out.append((lang, os.path.normpath(os.path.join(folder, e)), "suffix"))
        # front matter alternates/translations, hreflang links
        fm = _fm(src.doc)
        for key in ("alternates", "translations"):
            alts = fm.get(key)
            if isinstance(alts, dict):
                for lang, target in alts.items():
                    r = _resolve_rel(path, target) if isinstance(target, str) else None
                    if r and _exists(r) and isinstance(lang, str):
                        out.append((_primary(lang), r, f"front matter {key}"))
        for h in (getattr(src.doc, "meta", None) or {}).get("hreflang") or ():
            href, hl = h.get("href"), h.get("hreflang") or ""
            if not href or not hl or hl.lower() == "x-default":
                continue
            r = _resolve_rel(path, href)
            if r is None and href.startswith("/") and not href.startswith("//"):
                # root-relative: accept a file under any ancestor folder inside the root
                root = os.path.abspath(str(pctx.root))
                d = os.path.abspath(folder or ".")
                rel = href.split("#", 1)[0].split("?", 1)[0].lstrip("/")
                while True:
                    c = os.path.join(d, rel)
                    if _exists(c):
                        r = c
                        break
                    if d == root or os.path.dirname(d) == d or not d.startswith(root):
                        break
                    d = os.path.dirname(d)
            if r and _exists(r):
                out.append((_primary(hl), r, "hreflang"))
        # configured map
        rel = path
        if mapping:
            try:
                rel = pctx.relpath(path)
            except Exception:  # noqa: BLE001
                rel = path
        for sp, targets in (mapping or {}).items():
            if not isinstance(targets, dict):
                continue
            if os.path.normpath(str(sp)) != os.path.normpath(rel):
                continue
            for lang, target in targets.items():
                c = os.path.normpath(os.path.join(str(pctx.root), str(target)))
                if _exists(c):
                    out.append((_primary(str(lang)), c, "map"))
        return out

    def expected_path(src: DocInfo, lang: str) -> str:
        parts = src.path.replace("\\", "/").split("/")
        plang, how, idx = _path_language(src.path, known)
        if how == "folder" and plang == src_lang:
            parts = parts[:idx] + [lang] + parts[idx + 1:]
            return os.path.normpath("/".join(parts)).replace(os.sep, "/")
        bits = parts[-1].split(".")
        if len(bits) >= 2:
            stem_bits = bits[:-1]
            if len(stem_bits) >= 2 and _locale_token(stem_bits[-1], known=known) == src_lang:
                stem_bits = stem_bits[:-1]
            parts[-1] = ".".join(stem_bits + [lang, bits[-1]])
        else:
            parts[-1] = parts[-1] + "." + lang
        return os.path.normpath("/".join(parts)).replace(os.sep, "/")

    # 3. sources and their counterparts
    for di in run_infos:
        if not is_source(di):
            continue
        an.sources.append(di.key)
        for tgt in declared_for.get(di.key, []):
            if tgt.lang:
                add_pair(di, tgt, tgt.lang, "translation_of")
        for lang, cpath, how in candidates(di):
            tgt = info(cpath, given=False)
            if tgt is None:
                continue
            tlang = tgt.lang if tgt.lang and tgt.lang != src_lang else lang
            add_pair(di, tgt, tlang, how)
        for lang in required:
            an.expected[(di.key, lang)] = expected_path(di, lang)

    # 4. translations in the run whose source is outside the run (for PS621)
    for di in run_infos:
        if is_source(di) or not di.lang or di.lang == src_lang:
            continue
        src_key = di.translation_of
        src_path = None
        if src_key is None:
            plang, how, idx = _path_language(di.path, known)
            parts = di.path.replace("\\", "/").split("/")
            if how == "folder" and plang == di.lang:
                for _sib, _lang, cand in _folder_counterparts(parts, idx, known,
                                                              lambda lg: lg == src_lang):
                    src_path = cand
                    break
            elif how == "suffix":
                bits = parts[-1].split(".")
                stem, ext = ".".join(bits[:-2]), bits[-1]
                folder = os.path.dirname(di.path)
                for cand in (f"{stem}.{ext}", f"{stem}.{src_lang}.{ext}"):
                    c = os.path.normpath(os.path.join(folder, cand))
                    if _exists(c):
                        src_path = c
                        break
        else:
            for k, p in an.run_keys.items():
                if k == src_key:
                    src_path = p
                    break
            if src_path is None:
                src_path = src_key
        if src_path is None:
            continue
        src = info(src_path, given=False) if _key(src_path) not in an.infos else \
            an.infos[_key(src_path)]
        if src is None or src.key == di.key or not is_source(src):
            continue
        add_pair(src, di, di.lang, "translation_of" if di.translation_of else "convention")

    pctx.cache[ckey] = an
    return an


def _display(an: Analysis, key: str) -> str:
    p = an.run_keys.get(key) or an.infos[key].path
    return p


def _line_span(text: str) -> tuple[int, int]:
    n = len(text)
    i = 0
    while i < n:
        j = text.find("\n", i)
        if j == -1:
            j = n
        line = text[i:j]
        if line.strip():
            return i + (len(line) - len(line.lstrip())), i + len(line.rstrip())
        i = j + 1
    return 0, 0


def _fm_line_span(text: str, key: str) -> tuple[int, int] | None:
    m = re.match(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.S)
    if not m:
        return None
    k = re.search(r"(?m)^[ \t]*(" + re.escape(key) + r"[ \t]*:[^\r\n]*?)[ \t]*\r?$",
                  text[:m.end()])
    return (k.start(1), k.end(1)) if k else None


def _fm_value_span(text: str, key: str) -> tuple[int, int] | None:
    m = re.match(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.S)
    if not m:
        return None
    k = re.search(r"(?m)^[ \t]*" + re.escape(key) + r"[ \t]*:[ \t]*[\"']?([^\s\"'#]+)",
                  text[:m.end()])
    return (k.start(1), k.end(1)) if k else None


def _lang_name(code: str) -> str:
    from .language import language_name
    return language_name(code)


# --------------------------------------------------------------------------- PS620 missing

class DocumentTranslation(_Params):
    KIND = "document-translation"

    def check_project(self, pctx: ProjectContext, an: Analysis) -> Iterator[Finding]:
        required = []
        for c in self.p("required_languages") or []:
            if isinstance(c, str) and c.strip() and _primary(c) not in required:
                required.append(_primary(c))
        mode = self.p("non_vital")
        for key in an.sources:
            di = an.infos[key]
            if not di.vital:
                if mode == "off":
                    continue
                if mode == "collection" and key not in an.any_counterpart \
                        and key not in an.in_lang_folder:
                    continue
            missing = [lang for lang in required if (key, lang) not in an.pairs]
            if not missing:
                continue
            text = getattr(di.doc, "source", "") or ""
            span = _fm_line_span(text, "vital") if di.vital else None
            if span is None:
                span = _line_span(text)
            path = _display(an, key)
            name = os.path.basename(path)
            for lang in missing:
                expected = an.expected.get((key, lang)) or "?"
                msg = self.message(
                    language=lang, language_name=_lang_name(lang),
                    what="vital document" if di.vital else "document", expected=expected,
                    name=name,
                    vital_hint=(" Vital documents need a translation in every required "
                                "language." if di.vital else ""))
                yield pctx.finding(self.rule, path, text, span[0], span[1], msg,
                                   severity=Severity.ERROR if di.vital else Severity.WARNING,
                                   data={"language": lang, "vital": di.vital,
                                         "expected": expected},
                                   scope="file" if span == (0, 0) else "document")


# ----------------------------------------------------------------------------- PS621 stale

def _date(ts: int) -> str:
    return _dt.datetime.fromtimestamp(ts, _dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


class StaleTranslation(_Params):
    KIND = "document-translation-stale"

    def check_project(self, pctx: ProjectContext, an: Analysis) -> Iterator[Finding]:
        git = None
        try:
            git = pctx.git
        except Exception:  # noqa: BLE001
            git = None
        seen: set[str] = set()
        for (skey, lang), pair in sorted(an.pairs.items()):
            if pair.target in seen:
                continue
            src = an.infos[pair.source]
            tgt = an.infos[pair.target]
            ttext = getattr(tgt.doc, "source", "") or ""
            stext = getattr(src.doc, "source", "") or ""
            spath = _display(an, src.key)
            tpath = _display(an, tgt.key)
            evidence = None
            hint = ""
            span = None
            kind = None
            if git is not None:
                ts = git.last_commit_time(spath)
                tt = git.last_commit_time(tpath)
                if ts is not None and tt is not None:
                    kind = "git"
                    if ts > tt:
                        evidence = (f"git history: {spath} was committed on {_date(ts)}, after "
                                    f"this translation's last commit on {_date(tt)}")
                    elif git.is_dirty(spath) and not git.is_dirty(tpath):
                        evidence = (f"git history: {spath} has uncommitted changes and this "
                                    "translation has none")
            if kind is None:
                recorded = _fm(tgt.doc).get("source_hash")
                if recorded is not None:
                    kind = "hash"
                    rec = str(recorded).strip().lower()
                    cur = source_hash(stext)
                    if rec[:12] != cur:
                        evidence = (f"its recorded source_hash {str(recorded).strip()} does not "
                                    f"match the current hash of {spath} ({cur})")
                        hint = f" and set source_hash: {cur}"
                        span = _fm_value_span(ttext, "source_hash")
            if evidence is None:
                continue
            seen.add(pair.target)
            if span is None:
                span = _fm_line_span(ttext, "translation_of") or _line_span(ttext)
            msg = self.message(language=lang, language_name=_lang_name(lang),
                               evidence=evidence, source=spath, hint=hint)
            yield pctx.finding(self.rule, tpath, ttext, span[0], span[1], msg,
                               data={"language": lang, "source": spath, "evidence": kind,
                                     "vital": src.vital},
                               scope="file" if span == (0, 0) else "document")


KINDS = {cls.KIND: cls for cls in (DocumentTranslation, StaleTranslation)}
