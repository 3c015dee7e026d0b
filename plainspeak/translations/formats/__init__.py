"""Catalog readers with exact positions (one module per format family).

``detect_format(path, text=None)`` names the format of a locale file (one of
:data:`plainspeak.translations.catalog.FORMATS`) and ``read_catalog(path, text, fmt=None)``
reads it into a :class:`~plainspeak.translations.catalog.Catalog`. Readers never raise for bad
content: what they cannot read becomes a PS904 problem on ``Catalog.problems`` and the
messages read so far are kept.

Modules: :mod:`.jsonfmt` (i18next, FormatJS, ARB), :mod:`.yamlfmt` (Rails YAML), :mod:`.po`
(gettext PO/POT, ``msgfmt_statistics``), :mod:`.properties` (Java), :mod:`.xmlfmt` (XLIFF 1.2
and 2.0, Android ``strings.xml``). Shared helpers (value builder, locale detection from a
path) live in :mod:`.base`.
"""
from __future__ import annotations

import os

from ..catalog import FORMATS, Catalog
from .base import locale_from_path, normalize_locale, primary, problem

__all__ = ["detect_format", "read_catalog", "locale_from_path", "normalize_locale", "primary",
           "is_android_path", "is_locale_yaml_path"]

_BY_EXT = {".po": "po", ".pot": "po", ".properties": "properties", ".xlf": "xliff",
           ".xliff": "xliff", ".arb": "arb"}


def _parts(path: str) -> list[str]:
    return path.replace("\\", "/").split("/")


def is_android_path(path: str) -> bool:
    """``strings.xml`` anywhere, or any ``.xml`` file in a ``values*`` folder."""
    parts = _parts(path)
    if not parts[-1].lower().endswith(".xml"):
        return False
    return parts[-1] == "strings.xml" or any(p == "values" or p.startswith("values-")
                                             for p in parts[:-1])


def is_locale_yaml_path(path: str) -> bool:
    """A ``.yml``/``.yaml`` file under a ``locales`` folder (``config/locales/es.yml``)."""
    parts = _parts(path)
    if not parts[-1].lower().endswith((".yml", ".yaml")):
        return False
    return any(p in ("locales", "locale") for p in parts[:-1])


def detect_format(path: str, text: str | None = None) -> str | None:
    """The catalog format of ``path`` (content is peeked at only when the extension does not
    decide: ``.json``, ``.yml``/``.yaml``, ``.xml``), or ``None``."""
    ext = os.path.splitext(path)[1].lower()
    fmt = _BY_EXT.get(ext)
    if fmt:
        return fmt
    if ext == ".json":
        from .jsonfmt import detect
        return detect(text)
    if ext in (".yml", ".yaml"):
        if text is None:
            return "rails-yaml" if is_locale_yaml_path(path) else None
        from .yamlfmt import looks_like_rails
        return "rails-yaml" if looks_like_rails(text) else None
    if ext == ".xml":
        if text is None:
            return "android" if is_android_path(path) else None
        from .xmlfmt import root_name
        root = root_name(text)
        if root == "resources":
            return "android"
        if root == "xliff":
            return "xliff"
        return None
    return None


def read_catalog(path: str, text: str, fmt: str | None = None) -> Catalog:
    """Read ``text`` (the decoded file) as a catalog of format ``fmt`` (default: detected).

    Raises ``ValueError`` only when the format is unknown or cannot be told from the path;
    malformed content never raises (PS904 problems)."""
    fmt = fmt or detect_format(path, text)
    if fmt not in FORMATS:
        raise ValueError(f"cannot tell the catalog format of {path!r}"
                         + (f" (unknown format {fmt!r})" if fmt else ""))
    cat = Catalog(path=path, format=fmt, text=text)
    try:
        if fmt in ("i18next", "formatjs", "arb"):
            from . import jsonfmt
            {"i18next": jsonfmt.read_i18next, "formatjs": jsonfmt.read_formatjs,
             "arb": jsonfmt.read_arb}[fmt](cat)
        elif fmt == "po":
            from .po import read_po
            read_po(cat)
        elif fmt == "properties":
            from .properties import read_properties
            read_properties(cat)
        elif fmt == "rails-yaml":
            from .yamlfmt import read_rails_yaml
            read_rails_yaml(cat)
        elif fmt == "xliff":
            from .xmlfmt import read_xliff
            read_xliff(cat)
        else:
            from .xmlfmt import read_android
            read_android(cat)
    except RecursionError:
        cat.problems.append(problem("catalog is nested too deeply to read"))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop a run
        cat.problems.append(problem(f"could not read this catalog as {fmt}: "
                                    f"{type(exc).__name__}: {exc}"))
    return cat
