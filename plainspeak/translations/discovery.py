"""Locale sets: which catalog files are translations of one another.

Discovered by the usual conventions, from the locale token in a path:

* a folder named for the locale: ``locales/es/common.json``, ``config/locales/es/x.yml``,
  ``locale/es/LC_MESSAGES/messages.po``, ``translations/es/...``
* a file named for the locale: ``translations/es.json``, ``po/es.po``, ``config/locales/es.yml``
* a locale suffix: ``messages-es.properties``, ``messages_pt_BR.properties``, ``app_es.arb``,
  ``home.es.json``, ``messages.es.xlf`` (with ``messages.xlf`` as its source)
* Android resource folders: ``res/values/strings.xml`` (default) and ``res/values-es/``,
  ``values-es-rMX``, ``values-b+sr+Latn``

Files whose paths are equal once the locale token is replaced form one set. A file of the same
family with no locale token (``values/strings.xml``, ``messages.properties``, a ``.pot``
template) is the set's default (source) catalog. Configuration can set the source locale, the
required locales and per-catalog overrides (``[tool.plainspeak.translations]``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import locales

DEFAULT = ""          # locale key of a set's default (unsuffixed) catalog
CATALOG_EXTS = (".json", ".po", ".pot", ".properties", ".xlf", ".xliff", ".arb", ".xml",
                ".yml", ".yaml")
_SPLIT = re.compile(r"([._-])")


@dataclass
class CatalogSettings:
    source_locale: str = "en"
    required_locales: list[str] | None = None    # None: every locale present in the set
    identical_allow: list[str] = field(default_factory=list)
    ignore_keys: list[str] = field(default_factory=list)   # glob-like patterns of keys


@dataclass
class LocaleSet:
    name: str                                   # the path pattern with "{locale}"
    files: dict[str, list[str]] = field(default_factory=dict)   # locale ("" = default) -> paths
    template: str | None = None                 # POT template, if any
    settings: CatalogSettings = field(default_factory=CatalogSettings)

    @property
    def locales(self) -> list[str]:
        return sorted(k for k in self.files if k != DEFAULT)

    def source_paths(self) -> list[str]:
        """The source-locale catalog(s): the exact source locale, else one whose primary subtag
        matches, else the default catalog."""
        src = self.settings.source_locale
        if src in self.files:
            return self.files[src]
        prim = locales.primary(src)
        same = [k for k in self.files if k and locales.primary(k) == prim]
        if same:
            return self.files[sorted(same, key=len)[0]]
        return self.files.get(DEFAULT, [])

    def source_key(self) -> str | None:
        src = self.settings.source_locale
        if src in self.files:
            return src
        prim = locales.primary(src)
        same = [k for k in self.files if k and locales.primary(k) == prim]
        if same:
            return sorted(same, key=len)[0]
        return DEFAULT if DEFAULT in self.files else None

    def targets(self) -> list[tuple[str, str]]:
        """(locale, path) of every catalog that is not the source."""
        sk = self.source_key()
        out = []
        for loc in sorted(self.files):
            if loc == sk or loc == DEFAULT:
                continue
            for p in self.files[loc]:
                out.append((loc, p))
        return out


def is_catalog_path(path: str) -> bool:
    from .formats import detect_format
    if not path.lower().endswith(CATALOG_EXTS):
        return False
    try:
        return detect_format(path) is not None
    except Exception:  # noqa: BLE001 - a detection bug must not stop a run
        return False


def locale_of(path: str) -> tuple[str | None, str]:
    """``(locale, pattern)`` of a catalog path: the canonical locale found in the path (None for
    a default catalog) and the path with that token replaced by ``{locale}``."""
    p = PurePosixPath(path)
    parts = list(p.parts)
    name = parts[-1]
    low = name.lower()
    # Android: values[-qualifiers]/strings.xml
    if len(parts) >= 2 and low.endswith(".xml"):
        folder = parts[-2]
        if folder == "values" or folder.startswith("values-"):
            loc = None
            if folder.startswith("values-"):
                loc = _android_locale(folder[7:])
                if loc is None:
                    return None, path          # values-night, values-v21: not a locale folder
            parts[-2] = "values{locale}"
            return loc, "/".join(parts)
    stem, ext = _split_ext(name)
    if ext == ".pot":
        return None, "/".join(parts[:-1] + [stem + "{locale}.po"])
    # whole file name is a locale: es.json, es.po, pt_BR.json
    loc = locales.looks_like_locale(stem)
    if loc:
        return loc, "/".join(parts[:-1] + ["{locale}" + ext])
    # suffix: messages-es.properties, messages_pt_BR.properties, app_es.arb, home.es.json
    toks = _SPLIT.split(stem)      # words and separators
    for n in (3, 1):               # "pt" "_" "BR" (3 pieces) then one piece
        if len(toks) > n + 1:
            cand = "".join(toks[-n:])
            loc = locales.looks_like_locale(cand)
            if loc:
                head = "".join(toks[:-n - 1])
                sep = toks[-n - 1]
                return loc, "/".join(parts[:-1] + [head + sep + "{locale}" + ext])
    # a folder named for the locale (nearest to the file first)
    for i in range(len(parts) - 2, -1, -1):
        loc = locales.looks_like_locale(parts[i])
        if loc:
            q = parts[:]
            q[i] = "{locale}"
            return loc, "/".join(q)
    # default catalog of a suffix family: messages.properties (pairs with messages_es.properties),
    # Angular's extracted messages.xlf (pairs with messages.es.xlf)
    if ext in (".properties", ".arb", ".xlf", ".xliff"):
        return None, "/".join(parts[:-1] + [stem + "{sep}{locale}" + ext])
    return None, path


def _split_ext(name: str) -> tuple[str, str]:
    i = name.rfind(".")
    if i <= 0:
        return name, ""
    return name[:i], name[i:].lower()


_ANDROID_REGION = re.compile(r"^([a-z]{2,3})(?:-r([A-Z]{2}))?$")


def _android_locale(q: str) -> str | None:
    if q.startswith("b+"):
        return locales.normalize("-".join(q[2:].split("+")))
    head = q.split("-")
    # qualifiers come in a fixed order: mcc, mnc, then language[-rREGION]
    for i, h in enumerate(head):
        if re.fullmatch(r"[a-z]{2,3}", h):
            reg = head[i + 1] if i + 1 < len(head) and head[i + 1].startswith("r") else None
            code = h + ("-" + reg[1:] if reg and re.fullmatch(r"r[A-Z]{2}", reg) else "")
            return locales.normalize(code) if locales.looks_like_locale(h) else None
    return None


def _family(pattern: str) -> str:
    """Suffix families ("messages{sep}{locale}.properties") match "messages_{locale}" and
    "messages-{locale}" and "messages.{locale}"."""
    return re.sub(r"[._-]\{locale\}", "{sep}{locale}", pattern)


def discover(paths: list[str], settings_for=None) -> list[LocaleSet]:
    """Group catalog ``paths`` (POSIX, as given) into locale sets. ``settings_for(path)`` gives
    the :class:`CatalogSettings` of a path (config overrides); default settings otherwise.
    Single-file "sets" (a catalog with no siblings) are kept: their own checks (empty values,
    ICU syntax, fuzzy entries) still apply, and required locales may be missing."""
    sets: dict[str, LocaleSet] = {}
    pots = [p for p in paths if p.lower().endswith(".pot")]
    for path in paths:
        if path.lower().endswith(".pot"):
            continue
        loc, pattern = locale_of(path)
        key = _family(pattern)
        ls = sets.get(key)
        if ls is None:
            ls = sets[key] = LocaleSet(name=pattern.replace("{sep}", "_"))
            if settings_for is not None:
                ls.settings = settings_for(path)
        ls.files.setdefault(loc or DEFAULT, []).append(path)
    for pot in pots:
        ls = _set_for_template(pot, sets)
        if ls is None:
            ls = sets[pot] = LocaleSet(name=pot)
            if settings_for is not None:
                ls.settings = settings_for(pot)
        ls.template = pot
    return sorted(sets.values(), key=lambda s: s.name)


def _set_for_template(pot: str, sets: dict[str, LocaleSet]) -> LocaleSet | None:
    """The PO set a ``.pot`` template belongs to: ``po/messages.pot`` with ``po/{locale}.po``;
    ``locale/messages.pot`` with ``locale/{locale}/LC_MESSAGES/messages.po``."""
    pp = PurePosixPath(pot)
    folder, domain = str(pp.parent), pp.stem
    prefix = "" if folder == "." else folder + "/"
    best = None
    for ls in sets.values():
        name = ls.name
        if not name.endswith(".po") or not name.startswith(prefix):
            continue
        rest = name[len(prefix):]
        if rest == "{locale}.po" or rest.endswith("/" + domain + ".po") or \
                rest == domain + "{sep}{locale}.po".replace("{sep}", "_"):
            if best is None or len(name) < len(best.name):
                best = ls
    return best
