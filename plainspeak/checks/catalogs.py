"""Locale-catalog checks (PS601-PS611): project kinds that compare the catalogs of a locale set.

Every kind shares one analysis per run (:func:`set_data`): the locale sets found among the run's
files (:mod:`plainspeak.translations.discovery`), each catalog read once, and the source
messages by key. A finding is placed on the translation file, at the value (empty, identical,
wrong language, placeholders, stale), at the key (unreviewed, extra, plural forms) or, for a
missing key, at the key that precedes it in source order (where it would go).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ..finding import Finding
from ..translations.catalog import (FUZZY, NEEDS_REVIEW, OBSOLETE, SYNTAX_ICU, TRANSLATED,
                                    UNTRANSLATED, Catalog, Message)
from ..translations.project import ProjectCheck, ProjectContext

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_URLISH = re.compile(r"^\s*(?:https?://\S+|\S+@\S+\.\w+|www\.\S+|[\w.-]+\.(?:gov|org|com|net)\S*)\s*$",
                     re.I)
_ICU_COMPLEX = re.compile(r"\{\s*[\w.]+\s*,\s*(?:plural|select|selectordinal)\s*,")


# ---------------------------------------------------------------------------------- set analysis

@dataclass
class Target:
    locale: str                   # canonical BCP 47 (from the path, else declared)
    path: str
    cat: Catalog
    src_cache: dict = field(default_factory=dict, repr=False)


@dataclass
class SetData:
    name: str
    source_locale: str
    source_path: str | None
    source: Catalog | None        # the source-locale catalog (or POT template)
    src_groups: dict[str, list[Message]] = field(default_factory=dict)   # group -> variants
    src_order: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    catalogs: list[tuple[str, str, Catalog]] = field(default_factory=list)  # (locale, path, cat) all
    missing_locales: list[str] = field(default_factory=list)   # required but no catalog
    lock: dict[str, Any] = field(default_factory=dict)          # this set's lock entries


def _live(m: Message) -> bool:
    return m.translatable and m.state != OBSOLETE


def set_data(pctx: ProjectContext) -> list[SetData]:
    """Locale sets of the run's catalog files, analysed once per run."""
    cached = pctx.cache.get("catalog_sets")
    if cached is not None:
        return cached
    from ..translations import discovery, locales
    files = [p for p in pctx.files if discovery.is_catalog_path(p)]
    cfg = getattr(pctx.config, "translations", None)

    def settings_for(path: str) -> discovery.CatalogSettings:
        st = discovery.CatalogSettings()
        if cfg is None:
            return st
        st.source_locale = cfg.source_locale
        st.required_locales = cfg.required_locales
        st.identical_allow = list(cfg.identical_allow)
        from ..config import matches_any
        rel = pctx.relpath(path)
        for ov in cfg.catalogs:
            if matches_any(rel, ov.patterns):
                if ov.source_locale:
                    st.source_locale = ov.source_locale
                if ov.required_locales is not None:
                    st.required_locales = ov.required_locales
        return st

    lock = _read_lock(pctx)
    out: list[SetData] = []
    for ls in discovery.discover(files, settings_for):
        src_key = ls.source_key()
        src_paths = ls.files.get(src_key, []) if src_key is not None else []
        source = None
        source_path = None
        if src_paths:
            source_path = src_paths[0]
            source = pctx.catalog(source_path)
        elif ls.template:
            source_path = ls.template
            source = pctx.catalog(ls.template)
        sd = SetData(ls.name, ls.settings.source_locale, source_path, source,
                     lock=lock.get("sets", {}).get(ls.name, {}))
        if source is not None:
            for m in source.messages:
                if not _live(m):
                    continue
                g = m.group
                if g not in sd.src_groups:
                    sd.src_groups[g] = []
                    sd.src_order.append(g)
                sd.src_groups[g].append(m)
        for loc, paths in sorted(ls.files.items()):
            for p in paths:
                cat = pctx.catalog(p)
                if cat is None:
                    continue
                locale = loc or (locales.normalize(cat.locale) if cat.locale else None) or ""
                sd.catalogs.append((locale, p, cat))
                if p == source_path:
                    continue
                if not locale:
                    continue
                sd.targets.append(Target(locale, p, cat))
        req = ls.settings.required_locales
        if req:
            have = {locales.primary(t.locale) for t in sd.targets}
            for r in req:
                if locales.primary(r) == locales.primary(sd.source_locale):
                    continue
                if locales.primary(r) not in have:
                    sd.missing_locales.append(r)
        out.append(sd)
    pctx.cache["catalog_sets"] = out
    return out


def source_text(sd: SetData, t: Target, m: Message) -> str | None:
    """The source-language text a target message translates (cached per target)."""
    cache = t.src_cache
    k = (m.key, m.plural)
    if k in cache:
        return cache[k]
    v = cache[k] = _source_text(sd, t, m)
    return v


def _source_text(sd: SetData, t: Target, m: Message) -> str | None:
    if t.cat.bilingual:
        if m.plural not in (None, "0") and m.source_plural is not None:
            return m.source_plural
        return m.source
    variants = sd.src_groups.get(m.group)
    if not variants:
        return None
    for v in variants:
        if v.key == m.key and v.plural == m.plural:
            return v.value          # (Android <plurals> items share the key: match the category)
    for v in variants:
        if v.plural == "other":
            return v.value
    return variants[-1].value


# ---------------------------------------------------------------------------------- helpers

@lru_cache(maxsize=1024)
def locale_name(code: str) -> str:
    try:
        from babel import Locale
        loc = Locale.parse(code, sep="-")
        return f"{loc.english_name} ({code})"
    except Exception:  # noqa: BLE001 - unknown to babel: the code itself
        return code


def excerpt(text: str, limit: int = 60) -> str:
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def value_span(m: Message) -> tuple[int, int]:
    if m.value_start >= 0:
        return m.value_start, max(m.value_start, m.value_end)
    return key_span(m)


def key_span(m: Message) -> tuple[int, int]:
    if m.key_start >= 0:
        return m.key_start, max(m.key_start, m.key_end)
    return 0, 0


def _hash(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16]


def lock_path(pctx: ProjectContext) -> Path:
    cfg = getattr(pctx.config, "translations", None)
    name = cfg.lock_file if cfg is not None else "plainspeak-translations.lock"
    return Path(pctx.root) / name


def _read_lock(pctx: ProjectContext) -> dict:
    p = lock_path(pctx)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _lock_key(m: Message) -> str:
    """A message's key in the lock file: Android ``<plurals>`` items share their ``name`` (the
    key), so the category is added (``unread#few``); other keys are unique already."""
    if m.plural is not None and m.key == m.base:
        return f"{m.key}#{m.plural}"
    return m.key


def build_lock(pctx: ProjectContext) -> dict:
    """The lock file content for the current catalogs: per set, locale and key, the hash of the
    source text and of the translation as they are now (``translations --update-lock``)."""
    sets: dict[str, Any] = {}
    for sd in set_data(pctx):
        entry: dict[str, Any] = {}
        for t in sd.targets:
            if t.cat.format == "po":
                continue          # keyed by the source text itself; "#| msgid" tells staleness
            keys = {}
            for m in t.cat.messages:
                if not _live(m) or not m.value:
                    continue
                src = source_text(sd, t, m)
                if src is None:
                    continue
                keys[_lock_key(m)] = [_hash(src), _hash(m.value)]
            if keys:
                entry[t.locale] = keys
        if entry:
            sets[sd.name] = entry
    return {"version": 1, "generator": "plainspeak translations --update-lock", "sets": sets}


class _CatalogCheck(ProjectCheck):
    PARAMS: dict = {}

    def run_project(self, pctx: ProjectContext) -> Iterator[Finding]:
        for sd in set_data(pctx):
            yield from self.check_set(pctx, sd)

    def check_set(self, pctx: ProjectContext, sd: SetData) -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError

    def emit(self, pctx: ProjectContext, path: str, cat: Catalog, span: tuple[int, int],
             data: dict, **fields: Any) -> Finding:
        msg = " ".join(self.rule.message.format(**fields).split())
        return pctx.finding(self.rule, path, cat.text, span[0], span[1], msg, data=data)


# ---------------------------------------------------------------------------------- kinds

class Missing(_CatalogCheck):
    KIND = "catalog-missing"
    PARAMS = {"message_no_catalog": {"type": "string"}}

    def check_set(self, pctx, sd):
        if sd.source is None:
            return
        for loc in sd.missing_locales:
            tmpl = self.params.get("message_no_catalog") or (
                "There is no {locale} catalog for {name}: its {count} strings reach {locale} "
                "readers in {source_locale}.")
            msg = tmpl.format(locale=locale_name(loc), name=sd.name, count=len(sd.src_groups),
                              source_locale=locale_name(sd.source_locale))
            yield pctx.finding(self.rule, sd.source_path, sd.source.text, 0, 0, msg,
                               data={"locale": loc, "set": sd.name})
        for t in sd.targets:
            # bilingual catalogs (PO, XLIFF) are compared with their template (POT, Angular's
            # source-only messages.xlf) or a source catalog of their own format
            if t.cat.bilingual and not sd.source.template and sd.source.format != t.cat.format:
                continue
            have = {m.group for m in t.cat.messages if m.state != OBSOLETE}
            by_group = {}
            for m in t.cat.messages:
                by_group.setdefault(m.group, m)
            anchor: Message | None = None
            for g in sd.src_order:
                if g in have:
                    anchor = by_group.get(g, anchor)
                    continue
                sm = sd.src_groups[g][0]
                span = key_span(anchor) if anchor is not None else (0, 0)
                span = (span[0], span[0])       # zero-width: where the key would go
                yield self.emit(
                    pctx, t.path, t.cat, span,
                    {"key": g, "locale": t.locale, "set": sd.name},
                    key=g, locale=locale_name(t.locale),
                    source_locale=locale_name(sd.source_locale), source_path=sd.source_path,
                    source_line=sm.line,
                    fallback="the source text or the raw key")


class Empty(_CatalogCheck):
    KIND = "catalog-empty"

    def check_set(self, pctx, sd):
        for locale, path, cat in sd.catalogs:
            if cat.template:
                continue
            for m in cat.messages:
                if not _live(m):
                    continue
                if m.value is None:
                    if m.state != UNTRANSLATED:
                        continue
                    if cat.bilingual:
                        what = "not translated yet (no target)"      # XLIFF unit, no <target>
                    elif path != sd.source_path and any(
                            v.key == m.key and v.value for v in sd.src_groups.get(m.group, ())):
                        # a YAML null ("key:"), which Rails treats as a missing translation;
                        # only where the source has text (rails-i18n's [~, Jan, Feb, ...]
                        # month lists have the null in every locale)
                        what = "empty (no value)"
                    else:
                        continue
                elif m.value.strip():
                    continue
                elif m.plural is not None and cat.format == "po":
                    what = f"not translated: plural form [{m.plural}] is empty"
                elif cat.format == "po":
                    what = "not translated yet (empty msgstr)"
                else:
                    what = "empty"
                yield self.emit(pctx, path, cat, value_span(m),
                                {"key": m.key, "locale": locale},
                                key=m.key, what=what,
                                locale=locale_name(locale) if locale else "source")


class Unreviewed(_CatalogCheck):
    KIND = "catalog-unreviewed"

    def check_set(self, pctx, sd):
        for locale, path, cat in sd.catalogs:
            if cat.template:
                continue
            seen = set()
            for m in cat.messages:
                if not m.translatable:
                    continue
                state = m.state
                if state == UNTRANSLATED and cat.bilingual and m.value and m.value.strip():
                    # XLIFF target text the file marks untranslated (1.2 state="new", 2.0
                    # state="initial"): a pre-translation nobody has confirmed yet
                    st = m.meta.get("state")
                    state = st if isinstance(st, str) else "untranslated"
                elif state not in (FUZZY, NEEDS_REVIEW):
                    continue
                if m.group in seen:
                    continue
                seen.add(m.group)
                yield self.emit(pctx, path, cat, key_span(m),
                                {"key": m.group, "locale": locale, "state": state},
                                key=m.group, state=state,
                                locale=locale_name(locale) if locale else "source")


class Identical(_CatalogCheck):
    KIND = "catalog-identical"
    PARAMS = {"min_words": {"type": "integer", "minimum": 1},
              "allow": {"type": "array", "items": {"type": "string"}}}

    def check_set(self, pctx, sd):
        from ..translations import locales, placeholders
        allow = {a.casefold() for a in self.params.get("allow", [])}
        cfg = getattr(pctx.config, "translations", None)
        if cfg is not None:
            allow |= {a.casefold() for a in cfg.identical_allow}
        min_words = int(self.params.get("min_words", 2))
        src_prim = locales.primary(sd.source_locale)
        for t in sd.targets:
            if locales.primary(t.locale) == src_prim:
                continue
            for m in t.cat.messages:
                if not _live(m) or m.state != TRANSLATED or not m.value:
                    continue
                src = source_text(sd, t, m)
                if src is None or m.value.strip() != src.strip():
                    continue
                text = _strip_placeholders(m.value, m.syntaxes, placeholders)
                if not _LETTER.search(text) or _URLISH.match(text):
                    continue
                if text.strip().casefold() in allow:
                    continue
                words = [w for w in _WORD.findall(text)
                         if w.casefold() not in allow and not (w.isupper() and len(w) <= 6)]
                if len(words) < min_words:
                    continue
                yield self.emit(pctx, t.path, t.cat, value_span(m),
                                {"key": m.key, "locale": t.locale},
                                key=m.key, locale=locale_name(t.locale),
                                source_locale=locale_name(sd.source_locale),
                                excerpt=excerpt(m.value))


def _strip_placeholders(text: str, syntaxes, placeholders) -> str:
    spans = placeholders.mask_spans(text, syntaxes or ())
    if not spans:
        return text
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append(" ")
        pos = b
    out.append(text[pos:])
    return "".join(out)


class WrongLanguage(_CatalogCheck):
    KIND = "catalog-wrong-language"
    PARAMS = {"min_words": {"type": "integer", "minimum": 1},
              "min_letters": {"type": "integer", "minimum": 1},
              "threshold": {"type": "number", "minimum": 0, "maximum": 1}}

    def check_set(self, pctx, sd):
        from ..translations import langid, locales, placeholders
        stop_words = langid.stop_words
        min_words = int(self.params.get("min_words", 4))
        min_letters = int(self.params.get("min_letters", 25))
        threshold = float(self.params.get("threshold", 0.95))
        src_prim = locales.primary(sd.source_locale)
        stops = stop_words(src_prim)
        for t in sd.targets:
            tprim = locales.primary(t.locale)
            if tprim == src_prim:
                continue
            cands = sorted({src_prim, tprim})
            tstops = stop_words(tprim)
            for m in t.cat.messages:
                if not _live(m) or m.state != TRANSLATED or not m.value:
                    continue
                v = m.value
                if len(v) < min(min_letters, 20):
                    continue          # cheap pre-filter (CJK has no spaces: langid counts words)
                src = source_text(sd, t, m)
                if src is not None and v.strip() == src.strip():
                    continue          # PS604's job
                if stops is not None and not _may_be_in(v, stops, tstops):
                    continue          # too few of the source language's function words
                text = _strip_placeholders(v, m.syntaxes, placeholders)
                got = langid.is_other_language(text, tprim, cands, threshold=threshold,
                                               min_words=min_words, min_letters=min_letters)
                if not got:
                    continue
                yield self.emit(pctx, t.path, t.cat, value_span(m),
                                {"key": m.key, "locale": t.locale, "detected": got},
                                key=m.key, locale=locale_name(t.locale),
                                detected=locale_name(got), expected_name=locale_name(tprim),
                                excerpt=excerpt(v))


def _may_be_in(text: str, stops: frozenset, other: frozenset | None) -> bool:
    """Cheap pre-filter before language identification with candidates {source, target}: a
    text in the source language has at least two of its function words, and more of them than
    of the target language's."""
    from ..translations.langid import tokens
    toks = tokens(text)
    if len(toks) < 2:
        return False
    uniq = set(toks)
    hits = uniq & stops
    n = len(hits)
    if n < 2 or n * 6 < len(uniq):
        return False
    if other is not None and len((uniq & other) - hits) > n:
        return False
    return True


class Placeholders(_CatalogCheck):
    KIND = "catalog-placeholders"
    PARAMS = {"count_names": {"type": "array", "items": {"type": "string"}}}

    def check_set(self, pctx, sd):
        from ..translations import placeholders
        counts = {c.casefold() for c in self.params.get("count_names", ["count"])}
        for t in sd.targets:
            for m in t.cat.messages:
                if not _live(m) or not m.value or m.state != TRANSLATED:
                    continue
                src = source_text(sd, t, m)
                if not src:
                    continue
                syn = m.syntaxes or ()
                missing, added = placeholders.compare(src, m.value, syn)
                if missing and m.plural is not None and m.plural not in ("other",):
                    # "one" / "zero" / "two" forms may spell the number out ("una cita")
                    missing = [p for p in missing if not _is_count(p, counts)]
                if not missing and not added:
                    continue
                parts = []
                if missing:
                    parts.append("drops " + ", ".join(sorted(set(missing))))
                if added:
                    parts.append("adds " + ", ".join(sorted(set(added))))
                src_ph = sorted({p.token for p in placeholders.find(src, syn)}) or ["none"]
                tgt_ph = sorted({p.token for p in placeholders.find(m.value, syn)}) or ["none"]
                yield self.emit(pctx, t.path, t.cat, value_span(m),
                                {"key": m.key, "locale": t.locale, "missing": missing,
                                 "added": added},
                                key=m.key, locale=locale_name(t.locale),
                                problem=" and ".join(parts),
                                source_placeholders=", ".join(src_ph),
                                target_placeholders=", ".join(tgt_ph))


def _is_count(token: str, counts: set[str]) -> bool:
    name = re.sub(r"[{}%()$\s]|\b[sd]\b", " ", token).strip().split(" ")[0].casefold()
    return name in counts or token in ("%d", "%s", "%i", "%1$d", "%1$s", "{0}", "#")


class IcuSyntax(_CatalogCheck):
    KIND = "catalog-icu-syntax"

    def check_set(self, pctx, sd):
        from ..translations import icu
        for locale, path, cat in sd.catalogs:
            if cat.template:
                continue
            strict = cat.format in ("formatjs", "arb")
            for m in cat.messages:
                v = m.value
                if not v or not _live(m) or "{" not in v or SYNTAX_ICU not in (m.syntaxes or ()):
                    continue
                if not strict and not _ICU_COMPLEX.search(v):
                    continue
                probs = icu.syntax_problems(v)
                if not probs:
                    continue
                p = probs[0]
                if m.smap is not None and v:
                    off = min(max(p.offset, 0), len(v) - 1)
                    a = m.smap.start(off)
                    b = m.smap.end(off + 1)
                else:
                    a, b = value_span(m)
                yield self.emit(pctx, path, cat, (a, b),
                                {"key": m.key, "locale": locale},
                                key=m.key, problem=p.message.rstrip("."))


class Plurals(_CatalogCheck):
    KIND = "catalog-plurals"

    def check_set(self, pctx, sd):
        from ..translations import icu, plurals
        src_plural_groups = {g for g, vs in sd.src_groups.items()
                             if any(v.plural is not None for v in vs)}
        for locale, path, cat in sd.catalogs:
            if cat.template or not locale:
                continue
            if path == sd.source_path and not cat.bilingual:
                check_groups = False
            else:
                check_groups = True
            required = plurals.categories(locale)
            groups: dict[str, list[Message]] = {}
            for m in cat.messages:
                if _live(m) and m.plural is not None:
                    groups.setdefault(m.group, []).append(m)
            # 1. suffix / item plural groups (i18next, Rails, Android, ARB-less JSON)
            if check_groups and required and cat.format not in ("po",):
                for g, vs in groups.items():
                    if cat.format in ("i18next", "rails-yaml") and sd.source is not None \
                            and g not in src_plural_groups:
                        continue
                    present = {v.plural for v in vs}
                    if not present <= set(plurals.ALL_CATEGORIES):
                        continue
                    missing = sorted(required - present, key=_cat_order)
                    if missing:
                        yield self._f(pctx, path, cat, key_span(vs[0]), g, locale, missing,
                                      required)
            # 2. gettext: msgstr[n] for n < nplurals
            if cat.format == "po" and cat.nplurals:
                for g, vs in groups.items():
                    have = {v.plural for v in vs}
                    miss = [str(i) for i in range(cat.nplurals) if str(i) not in have]
                    if miss:
                        msg = (f'"{g}" has {len(have)} plural forms but the catalog\'s '
                               f"Plural-Forms header says nplurals={cat.nplurals}: "
                               f"msgstr[{'], msgstr['.join(miss)}] missing.")
                        yield pctx.finding(self.rule, path, cat.text, *key_span(vs[0]), msg,
                                           data={"key": g, "locale": locale,
                                                 "missing": miss})
            # 3. ICU plural / selectordinal branches inside values
            for m in cat.messages:
                v = m.value
                if not v or not _live(m) or SYNTAX_ICU not in (m.syntaxes or ()) \
                        or not _ICU_COMPLEX.search(v):
                    continue
                for br, miss in icu.missing_plural_categories(v, locale):
                    if not miss:
                        continue
                    span = value_span(m)
                    if m.smap is not None and 0 <= br.offset < len(v):
                        span = (m.smap.start(br.offset), m.smap.end(br.offset + 1))
                    req = plurals.categories(locale, ordinal=br.kind == "selectordinal") or set()
                    yield self._f(pctx, path, cat, span, m.key, locale,
                                  sorted(miss, key=_cat_order), req)

    def _f(self, pctx, path, cat, span, key, locale, missing, required):
        from ..translations import plurals
        return self.emit(pctx, path, cat, span,
                         {"key": key, "locale": locale, "missing": list(missing)},
                         key=key, locale=locale_name(locale), locale_name=locale_name(locale),
                         missing=", ".join(f'"{c}"' for c in missing),
                         s="s" if len(missing) > 1 else "",
                         cldr=plurals.CLDR_VERSION,
                         required=", ".join(sorted(required, key=_cat_order)))


_ORDER = {c: i for i, c in enumerate(("zero", "one", "two", "few", "many", "other"))}


def _cat_order(c: str) -> int:
    return _ORDER.get(c, 9)


class ExtraKey(_CatalogCheck):
    KIND = "catalog-extra-key"

    def check_set(self, pctx, sd):
        if sd.source is None:
            return
        for t in sd.targets:
            if t.cat.bilingual and not sd.source.template:
                continue
            for m in t.cat.messages:
                if not _live(m) or m.group in sd.src_groups:
                    continue
                if m.base is not None and m.key in sd.src_groups:
                    continue
                yield self.emit(pctx, t.path, t.cat, key_span(m),
                                {"key": m.key, "locale": t.locale},
                                key=m.key, locale=locale_name(t.locale),
                                source_locale=locale_name(sd.source_locale))


class Stale(_CatalogCheck):
    KIND = "catalog-stale"
    PARAMS = {"lock_file": {"type": "string"}}

    def check_set(self, pctx, sd):
        for locale, path, cat in sd.catalogs:
            if cat.format != "po" or cat.template:
                continue
            for m in cat.messages:
                prev = m.meta.get("previous_msgid") if m.meta else None
                if not _live(m) or prev is None or m.source is None or prev == m.source:
                    continue
                if m.plural not in (None, "0"):
                    continue
                yield self.emit(pctx, path, cat, value_span(m),
                                {"key": m.key, "locale": locale, "evidence": "previous-msgid"},
                                key=excerpt(m.group, 50), locale=locale_name(locale or "?"),
                                reason=f'its source changed from "{excerpt(prev, 50)}" to '
                                       f'"{excerpt(m.source, 50)}" after it was translated')
        if not sd.lock:
            return
        for t in sd.targets:
            entries = sd.lock.get(t.locale)
            if not entries:
                continue
            for m in t.cat.messages:
                rec = entries.get(_lock_key(m))
                if not rec or not _live(m) or not m.value:
                    continue
                src = source_text(sd, t, m)
                if src is None:
                    continue
                if _hash(src) != rec[0] and _hash(m.value) == rec[1]:
                    yield self.emit(pctx, t.path, t.cat, value_span(m),
                                    {"key": m.key, "locale": t.locale, "evidence": "lock-file"},
                                    key=m.key, locale=locale_name(t.locale),
                                    reason="its source text changed since the translations lock "
                                           "was written, and the translation did not (re-translate, "
                                           "then run `plainspeak translations --update-lock`)")


class LocaleCode(_CatalogCheck):
    KIND = "catalog-locale-code"

    def check_set(self, pctx, sd):
        from ..translations import discovery, locales
        for locale, path, cat in sd.catalogs:
            for declared, what in ((cat.locale, "language"), (cat.source_locale, "source language")):
                if not declared:
                    continue
                span = _declared_span(cat, declared, what)
                norm = locales.normalize(declared)
                if norm is None:
                    hint = ""
                    yield pctx.finding(self.rule, path, cat.text, *span,
                                       f'The {what} "{declared}" declared in this catalog is not '
                                       f"a BCP 47 language tag (use a code such as \"es\" or "
                                       f'"pt-BR"){hint}.', data={"declared": declared})
                    continue
                if what != "language":
                    continue
                path_loc, _ = discovery.locale_of(path)
                if path_loc and locales.primary(path_loc) != locales.primary(norm):
                    yield pctx.finding(self.rule, path, cat.text, *span,
                                       f'This catalog says its language is "{declared}" but its '
                                       f'path says "{path_loc}": one of them is wrong.',
                                       data={"declared": declared, "path_locale": path_loc})


# where each format writes its declared locale(s); "{v}" is the value as written
_DECLARED_AT = {
    ("po", "language"): r'"Language:[ \t]*({v})',
    ("arb", "language"): r'"@@locale"\s*:\s*"({v})"',
    ("xliff", "language"): r"""\b(?:target-language|trgLang)\s*=\s*["']\s*({v})""",
    ("xliff", "source language"): r"""\b(?:source-language|srcLang)\s*=\s*["']\s*({v})""",
    ("rails-yaml", "language"): r"""(?m)^["']?({v})["']?[ \t]*:""",
}


def _declared_span(cat: Catalog, declared: str, what: str) -> tuple[int, int]:
    """Source span of a locale declared in a catalog. Readers give the value with ``_`` turned
    into ``-`` (``es_MX`` -> ``es-MX``), so either separator is accepted; the format's
    declaration (PO header, ``@@locale``, XLIFF attribute, Rails root key) is looked for
    first, so the same letters elsewhere in the file (a comment) are not taken for it."""
    v = "[-_]".join(re.escape(p) for p in re.split(r"[-_]", declared))
    for pat in (_DECLARED_AT.get((cat.format, what)), r"(?<![\w-])({v})(?![\w-])"):
        if pat is None:
            continue
        m = re.search(pat.replace("{v}", v), cat.text)
        if m:
            return m.span(1)
    return 0, 0


KINDS = {k.KIND: k for k in (Missing, Empty, Unreviewed, Identical, WrongLanguage, Placeholders,
                             IcuSyntax, Plurals, ExtraKey, Stale, LocaleCode)}
