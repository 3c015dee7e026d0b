"""Locale catalogs as documents: gettext PO/POT, Java ``.properties``, XLIFF 1.2/2.0, Flutter
ARB, Android ``strings.xml`` and Rails YAML.

Each value is linted as portal text in the catalog's own language: ``string`` blocks built by
:func:`plainspeak.translations.docbuild.catalog_document` from the catalog read by
:func:`plainspeak.translations.formats.read_catalog`, with exact positions. The language is
the one the file declares (PO ``Language:``, XLIFF target language, ARB ``@@locale``, the
Rails root key), else the one its path names (``es.po``, ``es/LC_MESSAGES/app.po``,
``messages-es.properties``, ``values-es/strings.xml``, ``app_es.arb``), as a primary subtag.
A ``.yml`` file that is not a Rails locale file, or an ``.xml`` file that is not an Android
resources or XLIFF file, gives an empty document and no finding.
"""
from __future__ import annotations

from ..document import Document
from ..translations.docbuild import catalog_document
from ..translations.formats import detect_format, locale_from_path, primary, read_catalog

# reader format name (readers.FORMATS) -> catalog format
CATALOG_FORMATS = {
    "catalog-po": "po", "catalog-properties": "properties", "catalog-xliff": "xliff",
    "catalog-arb": "arb", "catalog-android": "android", "catalog-rails-yaml": "rails-yaml",
}


def read_document(path: str, text: str, *, fmt: str | None = None) -> Document:
    cfmt = detect_format(path, text)
    if cfmt is None:
        name = fmt or ("catalog-rails-yaml" if path.lower().endswith((".yml", ".yaml"))
                       else "catalog-android")
        return Document(path=path, source=text, format=name)
    cat = read_catalog(path, text, cfmt)
    lang = primary(cat.locale) or primary(locale_from_path(path))
    return catalog_document(cat, lang)
