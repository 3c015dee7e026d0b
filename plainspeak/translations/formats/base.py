"""Shared helpers of the catalog format readers: the value builder (decoded text + exact source
map), problems, locale codes and locale detection from a path."""
from __future__ import annotations

import re

from ...document import MapBuilder, Problem, SourceMap

CLDR_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


class ValueBuilder(MapBuilder):
    """Accumulates a decoded value and its map to the source (see catalog.Message.smap).

    ``lit(text, src)`` appends characters copied from ``source[src:src+len(text)]`` (or a 1:1
    substitution such as a folded line break shown as a space); ``unit(text, src, src_len)``
    appends text produced by a unit of source (an escape, an entity, a folded line break).
    """

    __slots__ = ()

    def unit(self, text: str, src: int, src_len: int) -> None:
        n = len(text)
        if not n:
            return
        if n == src_len:
            if n <= 2:
                # same length: map character by character (each maps to the source character
                # at its position, which is inside the unit)
                self.lit(text, src)
                return
            # keep it a unit: split so that neither part has equal text and source lengths
            self.segs.append((self.pos, src, 1, 2))
            self.segs.append((self.pos + 1, src + 2, n - 1, n - 2))
        else:
            self.segs.append((self.pos, src, n, src_len))
        self.parts.append(text)
        self.pos += n

    def escapes(self, s: str, a: int, b: int, rx, conv) -> None:
        """Append ``s[a:b]`` decoding every match of ``rx`` with ``conv(match)`` (a unit);
        the text between matches is copied 1:1. Inlined for speed: most values have a few
        escapes and this runs once per value."""
        parts = self.parts
        segs = self.segs
        pos = a
        first = True
        for m in rx.finditer(s, a, b):
            st, en = m.span()
            if st > pos:
                if first:                         # may continue a 1:1 run: merge
                    self.lit(s[pos:st], pos)
                else:
                    n = st - pos
                    parts.append(s[pos:st])
                    segs.append((self.pos, pos, n, n))
                    self.pos += n
            first = False
            t = self.pos
            out = conv(m)
            n = len(out)
            if n:
                if n != en - st:
                    parts.append(out)
                    segs.append((t, st, n, en - st))
                    self.pos = t + n
                else:
                    self.unit(out, st, en - st)
            pos = en
        if pos < b:
            self.lit(s[pos:b], pos)

    def value(self) -> str:
        return "".join(self.parts)

    def smap(self) -> SourceMap:
        m = SourceMap()
        m._segs = list(self.segs)                        # already ordered and merged
        m._tstarts = [s[0] for s in self.segs]
        return m

    def build(self) -> tuple[str, SourceMap]:
        return self.value(), self.smap()


def simple_map(src: int, n: int) -> SourceMap:
    """The map of a value copied verbatim from ``source[src:src+n]``."""
    m = SourceMap()
    if n > 0:
        m._segs = [(0, src, n, n)]
        m._tstarts = [0]
    return m


def unit_map(value: str, src: int, src_len: int) -> SourceMap:
    """A whole value mapped as one unit onto ``source[src:src+src_len]`` (fallback)."""
    vb = ValueBuilder()
    if src_len <= 0:
        return vb.smap()
    vb.unit(value, src, src_len)
    return vb.smap()


def problem(message: str, offset: int = 0, length: int = 0) -> Problem:
    """A PS904 problem with a one-line message."""
    return Problem("PS904", " ".join(str(message).split()), max(0, offset), max(0, length))


# ------------------------------------------------------------------------------ locales

_LANGS: frozenset[str] | None = None


def known_languages() -> frozenset[str]:
    """Primary language subtags CLDR (via babel) has data for."""
    global _LANGS
    if _LANGS is None:
        try:
            from babel.localedata import locale_identifiers
            _LANGS = frozenset(i.split("_")[0].lower() for i in locale_identifiers()
                               if i.split("_")[0].isalpha())
        except Exception:  # noqa: BLE001 - babel is a dependency; never fail detection
            _LANGS = frozenset("""ar bn de el en es fa fr gu he hi ht hy it ja km ko lo ne pa
                pl pt ro ru so sw tl th tr uk ur vi zh am my nl sv da fi no nb cs hu id ms ta te
                bm""".split())
    return _LANGS


_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([A-Z][a-z]{3}))?(?:[-_]([A-Z]{2}|[0-9]{3}))?$")
_TAG_ANYCASE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")


def normalize_locale(code: str, *, strict: bool = True) -> str | None:
    """``"pt_BR"`` -> ``"pt-BR"``; ``None`` unless ``code`` is a locale code of a known language.

    ``strict`` requires the usual casing (``es``, ``es-MX``, ``zh-Hant``)."""
    m = (_TAG if strict else _TAG_ANYCASE).match(code.strip())
    if not m:
        return None
    lang = m.group(1).lower()
    if lang not in known_languages():
        return None
    out = lang
    if m.group(2):
        out += "-" + m.group(2).title()
    if m.group(3):
        out += "-" + m.group(3).upper()
    return out


def primary(code: str | None) -> str | None:
    if not code:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?![A-Za-z])", code)
    return m.group(1).lower() if m else None


_ANDROID_VALUES = re.compile(r"^values-(.+)$")
_SPLIT = re.compile(r"[-_.]")


def _android_locale(folder: str) -> str | None:
    m = _ANDROID_VALUES.match(folder)
    if not m:
        return None
    quals = m.group(1)
    if quals.startswith("b+"):
        parts = quals[2:].split("-")[0].split("+")
        lang = parts[0].lower()
        if lang not in known_languages():
            return None
        return normalize_locale("-".join([lang] + parts[1:]), strict=False) or lang
    parts = quals.split("-")
    lang = parts[0]
    if not re.fullmatch(r"[a-z]{2,3}", lang) or lang not in known_languages():
        return None
    if len(parts) > 1 and re.fullmatch(r"r[A-Z]{2}", parts[1]):
        return f"{lang}-{parts[1][1:]}"
    return lang


def locale_from_path(path: str) -> str | None:
    """The locale a catalog path names, as a BCP 47 tag (``"es"``, ``"pt-BR"``), or ``None``.

    Looks at the file name (``es.json``, ``es_MX.po``, ``messages.es.json``,
    ``messages-es.properties``, ``app_es.arb``) and then at up to three parent folders
    (``locales/es/common.json``, ``es/LC_MESSAGES/app.po``, Android ``values-es``,
    ``values-es-rMX``, ``values-b+es+419``)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    # whole stem, then the last dotted part, then trailing -/_ tokens
    loc = normalize_locale(stem)
    if loc:
        return loc
    if "." in stem:
        loc = normalize_locale(stem.rsplit(".", 1)[1])
        if loc:
            return loc
    toks = _SPLIT.split(stem)
    if len(toks) >= 2:
        if len(toks) >= 3 and re.fullmatch(r"[A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}", toks[-1]) \
                and re.fullmatch(r"[a-z]{2}", toks[-2]):
            loc = normalize_locale(f"{toks[-2]}-{toks[-1]}")
            if loc:
                return loc
        if re.fullmatch(r"[a-z]{2}", toks[-1]):
            loc = normalize_locale(toks[-1])
            if loc:
                return loc
    for folder in reversed(parts[-4:-1]):
        if folder.startswith("values"):
            loc = _android_locale(folder)
            if loc:
                return loc
            continue
        loc = normalize_locale(folder)
        if loc:
            return loc
    return None
