"""Locale codes: normalise what file names and catalogs write to canonical BCP 47 tags.

``normalize`` only re-formats and validates: it maps POSIX/gettext spellings (``pt_BR``,
``uz@Latn``, ``sr@latin``, ``en_US.UTF-8``) to BCP 47 (``pt-BR``, ``uz-Latn``, ``sr-Latn``,
``en-US``) and fixes subtag case (``en-us`` -> ``en-US``, ``zh-hans`` -> ``zh-Hans``). It does
*not* apply alias replacement (``iw`` stays ``iw``, ``tl`` stays ``tl``): findings should name the
locale the way the project names it, and babel resolves such aliases itself when plural rules are
looked up (plurals.py). Validity is decided by :func:`langcodes.tag_is_valid` (IANA registry).

``looks_like_locale`` is the conservative variant for path discovery (see its docstring for the
trade-off on short codes that are also English words).

Imports of langcodes and babel are lazy so that importing this module costs nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["normalize", "is_valid", "primary", "looks_like_locale", "AMBIGUOUS_CODES",
           "babel_languages"]

# gettext/glibc "@modifier" values that name a script
_SCRIPT_MODIFIERS = {
    "latin": "Latn", "latn": "Latn", "cyrillic": "Cyrl", "cyrl": "Cyrl", "arabic": "Arab",
    "arab": "Arab", "devanagari": "Deva", "deva": "Deva", "hebrew": "Hebr", "greek": "Grek",
    "hans": "Hans", "hant": "Hant", "simplified": "Hans", "traditional": "Hant",
    "shaw": "Shaw", "adlam": "Adlm", "nkoo": "Nkoo", "tfng": "Tfng", "mong": "Mong",
}

_SPLIT = re.compile(r"[-_]")


def _format_subtags(parts: list[str]) -> str:
    """BCP 47 case conventions: language lower, Script title, REGION upper, variants lower.

    Subtags after a singleton (``x-…``, ``u-…``) are lower-cased as they are."""
    out: list[str] = []
    after_singleton = False
    for i, p in enumerate(parts):
        low = p.lower()
        if i == 0 or after_singleton:
            out.append(low)
        elif len(p) == 1:
            after_singleton = True
            out.append(low)
        elif len(p) == 4 and p.isalpha():
            out.append(low.title())
        elif (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit()):
            out.append(p.upper())
        else:
            out.append(low)
    return "-".join(out)


@lru_cache(maxsize=4096)
def normalize(code: str) -> str | None:
    """Canonical BCP 47 tag for ``code`` as written in a file name or catalog, else None.

    >>> normalize("pt_BR"), normalize("sr@latin"), normalize("en-us"), normalize("english")
    ('pt-BR', 'sr-Latn', 'en-US', None)
    """
    if not isinstance(code, str):
        return None
    s = code.strip()
    if not s or len(s) > 64:
        return None
    modifier = None
    if "@" in s:
        s, _, modifier = s.partition("@")
    if "." in s:                        # en_US.UTF-8
        s = s.split(".", 1)[0]
    if not s or not s.replace("-", "").replace("_", "").isalnum() or not s.isascii():
        return None
    parts = [p for p in _SPLIT.split(s)]
    if any(not p for p in parts):
        return None
    if modifier:
        mod = modifier.strip().lower()
        script = _SCRIPT_MODIFIERS.get(mod)
        if script is None and len(mod) == 4 and mod.isalpha():
            script = mod.title()
        if script is not None:
            # script goes right after the language (and before the region)
            parts.insert(1, script)
        elif 5 <= len(mod) <= 8 and mod.isalnum():   # ca@valencia -> ca-valencia (variant)
            parts.append(mod)
        else:
            return None
    tag = _format_subtags(parts)
    return tag if _tag_is_valid(tag) else None


@lru_cache(maxsize=4096)
def _tag_is_valid(tag: str) -> bool:
    import langcodes
    try:
        return bool(langcodes.tag_is_valid(tag))
    except Exception:                   # pragma: no cover - defensive
        return False


def is_valid(tag: str) -> bool:
    """Strict BCP 47 validity of ``tag`` exactly as written ("es_MX" is not valid)."""
    if not isinstance(tag, str) or not tag or "_" in tag or "@" in tag or tag != tag.strip():
        return False
    return _tag_is_valid(tag)


def primary(tag: str) -> str:
    """Primary language subtag, lower-cased: ``primary("pt-BR") == "pt"``."""
    return _SPLIT.split(tag, 1)[0].lower()


@lru_cache(maxsize=1)
def babel_languages() -> frozenset[str]:
    """Language subtags of the locales babel (CLDR) ships data for."""
    from babel.localedata import locale_identifiers
    return frozenset(i.split("_", 1)[0] for i in locale_identifiers())


# Language codes known to CLDR that are also common English words ("it", "no", "is", "to") or
# common abbreviations in software trees ("ms", "cs", "ts", "ml", "ps", "os", "io"...).
# looks_like_locale(..., strict=True) rejects them as bare tokens; by default they are accepted.
AMBIGUOUS_CODES = frozenset({
    "am", "an", "as", "be", "he", "hi", "id", "is", "it", "la", "mi", "my", "no", "or", "so",
    "to", "ia", "ie", "cs", "ml", "ms", "os", "ps", "sc", "se", "si", "ts", "io", "kw", "ha",
    "ast", "mas", "sat", "sid", "tok", "pap", "ken", "raj", "nds",
})

# one path token: language [sep script] [sep region] [sep variant…]
_TOKEN = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})"
    r"(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<region>[A-Za-z]{2}|\d{3}))?"
    r"(?:[-_](?P<variant>[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
    r"(?:@(?P<mod>[A-Za-z]{4,8}))?$")
_ANDROID_R = re.compile(r"^(?P<lang>[a-z]{2,3})-r(?P<region>[A-Z]{2}|\d{3})$")
_ANDROID_B = re.compile(r"^b\+[A-Za-z]{2,3}(?:\+[A-Za-z0-9]{2,8})*$")
_LEGACY = {"iw": "he", "ji": "yi", "tl": "fil", "in": "id"}   # Android / Java legacy codes


@lru_cache(maxsize=4096)
def looks_like_locale(token: str, *, strict: bool = False, android: bool = False) -> str | None:
    """Canonical tag when a path component or file-name token is a locale code, else None.

    Accepted: ``es``, ``pt_BR``, ``pt-BR``, ``pt-br``, ``zh-Hans``, ``en_US``, ``uz@Latn``,
    ``sr@latin``, Android ``b+sr+Latn`` -> ``sr-Latn`` and ``es-rMX`` -> ``es-MX``. Not accepted:
    qualifiers with a prefix (``values-es``: the caller strips ``values-``), upper-case bare
    tokens (``EN``, ``README``), anything whose language subtag is not a CLDR (babel) locale
    language (``src``, ``lib``, ``app``, ``api``, ``res``, ``xx``), and words (``config``,
    ``translations``, ``locales``, ``messages``, ``common``, ``default``).

    Trade-off: a bare 2-3 letter lowercase token is accepted exactly when babel/CLDR has a locale
    for it. That keeps real locale files such as ``it.json`` (Italian), ``no.json`` (Norwegian),
    ``my.json`` (Burmese) or ``so.json`` (Somali), at the price of also accepting a directory
    that happens to be called ``it``/``to``/``so``/``my``. Tokens that are not CLDR languages
    (``in``, ``src``, ``app``) are always rejected; the Android/Java legacy codes ``iw``, ``ji``
    and ``tl`` are accepted (they are not English words), ``in`` (Indonesian) only with
    ``android=True`` or with a region (``in_ID``). With ``strict=True`` bare tokens listed in
    :data:`AMBIGUOUS_CODES` (``it``, ``no``, ``is``, ``as``, ``be``, ``my``, ``or``, ``to``…)
    are rejected too; callers can use that when there is no other evidence (e.g. no sibling
    locale files) that a directory is a locale directory.
    """
    if not isinstance(token, str) or not token or len(token) > 40:
        return None
    t = token
    m = _ANDROID_R.match(t)
    if m:
        return _accept(m.group("lang"), f"{m.group('lang')}-{m.group('region')}", android=True)
    if t.startswith("b+"):
        if not _ANDROID_B.match(t):
            return None
        parts = t[2:].split("+")
        return _accept(parts[0].lower(), "-".join(parts), android=True)
    m = _TOKEN.match(t)
    if not m:
        return None
    lang = m.group("lang")
    if lang != lang.lower():
        return None                      # "EN", "Readme", "DE_de"
    bare = t == lang
    if bare and strict and lang in AMBIGUOUS_CODES:
        return None
    return _accept(lang, t, android=android or not bare)


def _accept(lang: str, tag: str, *, android: bool) -> str | None:
    lang = lang.lower()
    if lang not in babel_languages():
        if lang not in _LEGACY or (lang == "in" and not android):
            return None
    return normalize(tag)
