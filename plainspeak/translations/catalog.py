"""Catalog model: what every locale-catalog reader produces and the PS6xx catalog checks consume.

A *catalog* is one locale file (i18next / FormatJS / ARB JSON, Rails YAML, gettext PO/POT, Java
``.properties``, XLIFF 1.2/2.0, Android ``strings.xml``). A reader turns it into a
:class:`Catalog` holding one :class:`Message` per translatable unit, in file order, each with the
exact source position of its key and of its value so findings point at real characters.

Positions: offsets are 0-based code-point offsets into ``Catalog.text`` (the decoded file);
``Catalog.line_col`` turns them into 1-based line and column. ``Message.smap`` maps offsets in
the decoded ``value`` to source offsets (escapes such as ``\\n`` or ``&amp;`` map as units), the
same contract as :class:`plainspeak.document.SourceMap` for document blocks.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..document import Problem, SourceMap

# Message states. Only TRANSLATED counts as translated for coverage and gating: fuzzy,
# needs-review and "new" units are untranslated for a release (translations.md §6.5).
TRANSLATED = "translated"
UNTRANSLATED = "untranslated"     # no translation yet (PO msgstr "", XLIFF no <target>/state=new)
FUZZY = "fuzzy"                   # PO "#, fuzzy"
NEEDS_REVIEW = "needs-review"     # XLIFF needs-review-*, state="initial"/"translated" in 2.0? (see readers)
OBSOLETE = "obsolete"             # PO "#~" entries: kept in the file, not used
STATES = (TRANSLATED, UNTRANSLATED, FUZZY, NEEDS_REVIEW, OBSOLETE)

# Catalog formats (Catalog.format)
FORMATS = ("i18next", "formatjs", "arb", "rails-yaml", "po", "properties", "xliff", "android")

# Placeholder syntaxes a format's values may use (Message.syntaxes); see placeholders.py
SYNTAX_I18NEXT = "i18next"        # {{name}}, $t(key), <0>…</0>, <b>…</b>
SYNTAX_ICU = "icu"                # {name}, {n, plural, …} (parsed, not matched by regex)
SYNTAX_PRINTF = "printf"          # %s %d %1$s %@ %%
SYNTAX_PYTHON = "python"          # %(name)s
SYNTAX_BRACE = "brace"            # {name} {0} (python-brace-format, Java MessageFormat {0})
SYNTAX_RUBY = "ruby"              # %{name}
SYNTAX_MUSTACHE = "mustache"      # {{name}} (CHT .properties)
SYNTAX_XML = "xml"                # inline XML/HTML elements (<x id="1"/>, <ph/>, <b>)


@dataclass
class Message:
    """One translatable unit of a catalog.

    ``key`` identifies the unit across locales of one locale set: the dotted key path for
    nested JSON and YAML (without the Rails locale root), the flat key for i18next/FormatJS/ARB
    and ``.properties``, ``msgctxt + "\\x04" + msgid`` for PO (just ``msgid`` without context;
    ``msgid_plural`` is not part of the key), the unit ``id`` (or ``resname``) for XLIFF and the
    ``name`` for Android. Plural variants are separate messages sharing ``base``:
    i18next ``inbox_one``/``inbox_other`` have ``key`` "inbox_one", ``base`` "inbox",
    ``plural`` "one"; PO ``msgstr[1]`` has ``key`` = the msgid key, ``plural`` "1";
    Android ``<plurals name="x"><item quantity="few">`` has ``key`` "x", ``plural`` "few".
    """
    key: str
    value: str | None                 # decoded translated text; None = no value at all
    line: int                         # 1-based line of the key (where missing/extra are shown)
    column: int                       # 1-based column of the key
    key_start: int = -1               # source offsets of the key text
    key_end: int = -1
    value_start: int = -1             # source offsets of the raw value (inside quotes); -1 if none
    value_end: int = -1
    smap: SourceMap | None = None     # value offset -> source offset; None when value is None
    source: str | None = None         # bilingual formats: the source text (PO msgid, XLIFF <source>)
    source_plural: str | None = None  # PO msgid_plural
    base: str | None = None           # plural group key (None when not a plural variant)
    plural: str | None = None         # CLDR category ("one", "few", "other") or PO index ("0", "1")
    context: str | None = None        # i18next context suffix ("male") or PO msgctxt
    state: str = TRANSLATED
    translatable: bool = True         # Android translatable="false", XLIFF translate="no"
    syntaxes: tuple[str, ...] = ()    # placeholder syntaxes to look for in source and value
    flags: tuple[str, ...] = ()       # PO flags ("c-format", "python-format", …)
    meta: dict[str, Any] = field(default_factory=dict)   # ARB "@key" data, comments, notes

    @property
    def group(self) -> str:
        """The key of the logical message (plural variants share it)."""
        return self.base if self.base is not None else self.key


@dataclass
class Catalog:
    path: str
    format: str                       # one of FORMATS
    text: str                         # decoded file text (positions index into it)
    locale: str | None = None         # declared in the file: PO "Language", XLIFF target-language,
                                      # ARB "@@locale", Rails root key; else None (see path rules)
    source_locale: str | None = None  # XLIFF source-language / srcLang; None otherwise
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # parse errors etc. (PS904), never raise
    bilingual: bool = False           # carries its own source text (PO, XLIFF)
    template: bool = False            # a POT template: msgstr values are meaningless
    plural_forms: str | None = None   # PO header "Plural-Forms" (as written)
    nplurals: int | None = None       # from plural_forms when it parses
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of source offset ``offset``."""
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        k = bisect.bisect_right(self._line_starts, offset) - 1
        return k + 1, offset - self._line_starts[k] + 1

    def by_key(self) -> dict[str, Message]:
        """Messages by ``key`` (the first one wins if a key repeats)."""
        out: dict[str, Message] = {}
        for m in self.messages:
            out.setdefault(m.key, m)
        return out
