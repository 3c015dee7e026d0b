"""CLDR plural categories per locale, pinned to the CLDR data babel ships.

Different CLDR data sets disagree (translations.md §3: babel 2.18 / CLDR 47 gives Haitian
Creole ``ht`` one/many/other, Node 20 ``Intl.PluralRules`` one/other), so the README names the
source: :data:`CLDR_VERSION`. babel is imported lazily.
"""
from __future__ import annotations

import re
from functools import lru_cache

# CLDR_VERSION ("47" with babel 2.18) and BABEL_VERSION are lazy module attributes (PEP 562,
# see __getattr__ below) so that importing this module does not import babel.
__all__ = ["categories", "po_nplurals", "CATEGORY_ORDER", "ALL_CATEGORIES", "sort_categories"]

CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
ALL_CATEGORIES = CATEGORY_ORDER          # the six CLDR plural category names


def sort_categories(cats) -> list[str]:
    """Categories in CLDR order (zero, one, two, few, many, other), unknown names last."""
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    return sorted(cats, key=lambda c: (order.get(c, len(order)), c))


def __getattr__(name: str):          # lazy module attributes: no babel import at module load
    if name == "CLDR_VERSION":
        from babel.core import get_cldr_version
        return str(get_cldr_version())
    if name == "BABEL_VERSION":
        import babel
        return babel.__version__
    raise AttributeError(name)


def _parse(tag: str):
    from babel import Locale
    try:
        return Locale.parse(tag, sep="-")
    except Exception:
        return None


@lru_cache(maxsize=1024)
def categories(locale: str, ordinal: bool = False) -> frozenset[str] | None:
    """CLDR plural (or ordinal) categories of ``locale``, ``"other"`` included.

    ``categories("es") == {"one", "many", "other"}``; ``categories("ar")`` has all six;
    ``categories("zh") == {"other"}``. Tries the full tag (``pt-BR``, ``sr-Latn``) then the
    primary subtag; None when babel has no data for the locale. ``_`` separators are accepted.
    """
    if not isinstance(locale, str) or not locale.strip():
        return None
    tag = locale.strip().replace("_", "-")
    tries = [tag]
    prim = tag.split("-", 1)[0]
    if prim != tag:
        tries.append(prim)
    for t in tries:
        loc = _parse(t)
        if loc is None:
            continue
        try:
            rule = loc.ordinal_form if ordinal else loc.plural_form
        except Exception:
            continue
        return frozenset(rule.tags) | {"other"}
    return None


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)", re.I)


def po_nplurals(plural_forms_header: str) -> int | None:
    """``nplurals`` from a PO ``Plural-Forms`` header (``"nplurals=3; plural=…"``), else None."""
    if not plural_forms_header:
        return None
    m = _NPLURALS.search(plural_forms_header)
    if not m:
        return None
    n = int(m.group(1))
    return n if n >= 1 else None
