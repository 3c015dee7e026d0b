"""The ``lexicon`` check kind: words and phrases with plainer alternatives (PS301-PS309).

A lexicon rule lists *entries* (``terms``): a word or phrase, 1-3 plainer alternatives, the
key of the source that recommends them, and options::

    params:
      defined_on_first_use: false   # true: a term defined at one use passes there and later
      allowed: [acute care]         # phrases that make any contained term fine
      context_after: null           # only flag when one of these words follows (window words)
      terms:
        - {term: utilize, alternatives: [use], source: PLAINLANGUAGE, fixable: true}
        - {term: renal, alternatives: [kidney], source: NHS, inflect: false, note: "..."}
        - {term: experience, alternatives: [have, get], source: NHS,
           context_after: [pain, symptom, headache]}

Entry keys: ``term`` (multi-word allowed; lower case unless ``case_sensitive``),
``alternatives``, ``source``, optional ``note``, ``fixable`` (only with one alternative: the
finding carries a fix that swaps it in, inflected like the match and case preserved:
"Utilize" -> "Use", "UTILIZED" -> "USED"), ``inflect`` (default true: the last word - or the
first, when the last is a function word or particle: "comply with", "reach out" - also matches
its -s/-es/-ies, -ed/-d/-ied and -ing forms, with e-drop, consonant doubling, Latin plurals and
an irregular table), ``case_sensitive``, ``allow`` (phrases containing the term in which it is
fine: "tap" allows "tap water"), ``context_after`` (per-entry version of the rule parameter).
Other rule parameters: ``context_window`` (words after the term that ``context_after`` looks
at, default 3), ``languages`` (default English), ``extra_terms`` / ``ignore_terms`` (for user
configuration: add entries, drop entries by term).

Matching (:class:`Matcher`): one Aho-Corasick automaton (pyahocorasick) per rule instance,
built on first use over every form of every term *and* every allowed phrase. Each block's text
is prepared once per document for all lexicon rules (:class:`NormText`): line breaks and tabs
inside the block collapse to one space (a phrase wrapped over two lines still matches), and a
"grid" copy has capitals lowered and every character that is not a letter or digit turned into
a space. Keys are stored in grid form with a space at each word edge, so the automaton only
reports whole words; each hit is then checked on the real text (punctuation must match: "prior.
To" is not "prior to"; a letter, digit or a hyphen or apostrophe joining two words is not a
boundary). A rule skips a document none of whose words is the rarest word of any key, and,
when only a few of those words occur, every block that has none of them. The cost per block
does not depend on the number of terms. Then: the longest hit wins over any hit it overlaps;
hits inside an allowed phrase are dropped; a term that is exactly the content of a pair of
quotation marks ("the word 'renal'") is talked about, not used; a capitalised hit that is part
of a name ("the Consumer Assistance Program") or an all-capital hit of up to 4 letters (the
acronym "TAP") is not the word. Masked template fields are spaces in block text, so they never
match.

Defined on first use: in document order, an occurrence is *defined* when it is followed by a
parenthesis of 1-8 words ("hypertension (high blood pressure)"), sits alone in such a
parenthesis after other words ("high blood pressure (hypertension)"), is followed by
", which means" / "means" / ", meaning", ": ", " - ", " – " or " — " and a word, is introduced by
"called" / "known as", is marked ``<dfn>`` (or ``<abbr title>``), or is the text of a link
whose address contains "glossary". That occurrence and every later use of the same entry
(any of its forms) pass.

Message fields: ``{match}`` (the text found), ``{alternatives}`` (quoted, joined with " or "),
``{note}`` (the entry's note or ""), ``{term}`` (the entry's base term). Whitespace in the
filled message is normalised, so a template may end in " {note}". A finding's suggestions are
the alternatives (inflected like the match where that is sure, case preserved); its ``data``
is ``{"term": base term, "source": source key}``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..document import ALT, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, STRING, TABLE_CELL, Block
from ..finding import Finding
from .base import Check, Context

__all__ = ["Lexicon", "Matcher", "Hit", "variants", "inflect_word", "match_case",
           "prepared", "PreparedDoc", "NormText", "block_langs", "KINDS"]

# ---------------------------------------------------------------------------------------------
# inflection

_VOWELS = frozenset("aeiou")

# base -> {"s": [...], "ed": [...], "ing": [...]}; the first form is the one used when an
# alternative is inflected for a fix; missing types are made by the regular rules
IRREGULAR: dict[str, dict[str, list[str]]] = {
    "arise": {"ed": ["arose", "arisen"]}, "awake": {"ed": ["awoke", "awoken"]},
    "be": {"s": ["is"], "ed": ["was", "were", "been"], "ing": ["being"]},
    "bear": {"ed": ["bore", "borne", "born"]}, "become": {"ed": ["became", "become"]},
    "begin": {"ed": ["began", "begun"], "ing": ["beginning"]}, "bleed": {"ed": ["bled"]},
    "break": {"ed": ["broke", "broken"]}, "bring": {"ed": ["brought"]},
    "build": {"ed": ["built"]}, "buy": {"ed": ["bought"]}, "catch": {"ed": ["caught"]},
    "choose": {"ed": ["chose", "chosen"]}, "come": {"ed": ["came", "come"]},
    "cut": {"ed": ["cut"]}, "deal": {"ed": ["dealt"]},
    "do": {"s": ["does"], "ed": ["did", "done"]}, "draw": {"ed": ["drew", "drawn"]},
    "drink": {"ed": ["drank", "drunk"]}, "drive": {"ed": ["drove", "driven"]},
    "eat": {"ed": ["ate", "eaten"]}, "fall": {"ed": ["fell", "fallen"]},
    "feed": {"ed": ["fed"]}, "feel": {"ed": ["felt"]}, "fight": {"ed": ["fought"]},
    "find": {"ed": ["found"]}, "forbid": {"ed": ["forbade", "forbidden"]},
    "forget": {"ed": ["forgot", "forgotten"]}, "forgo": {"ed": ["forwent", "forgone"]},
    "forego": {"ed": ["forewent", "foregone"]}, "freeze": {"ed": ["froze", "frozen"]},
    "get": {"ed": ["got", "gotten"]}, "give": {"ed": ["gave", "given"]},
    "go": {"s": ["goes"], "ed": ["went", "gone"]}, "grow": {"ed": ["grew", "grown"]},
    "have": {"s": ["has"], "ed": ["had"]}, "hide": {"ed": ["hid", "hidden"]},
    "hold": {"ed": ["held"]}, "hurt": {"ed": ["hurt"]}, "keep": {"ed": ["kept"]},
    "know": {"ed": ["knew", "known"]}, "lay": {"ed": ["laid"]}, "lead": {"ed": ["led"]},
    "leave": {"ed": ["left"]}, "let": {"ed": ["let"]},
    "lie": {"ed": ["lay", "lain", "lied"], "ing": ["lying"]}, "lose": {"ed": ["lost"]},
    "make": {"ed": ["made"]}, "mean": {"ed": ["meant"]}, "meet": {"ed": ["met"]},
    "overcome": {"ed": ["overcame", "overcome"]}, "pay": {"ed": ["paid"]},
    "put": {"ed": ["put"]}, "quit": {"ed": ["quit"]}, "read": {"ed": ["read"]},
    "rise": {"ed": ["rose", "risen"]}, "run": {"ed": ["ran", "run"]},
    "say": {"ed": ["said"]}, "see": {"ed": ["saw", "seen"]}, "seek": {"ed": ["sought"]},
    "sell": {"ed": ["sold"]}, "send": {"ed": ["sent"]}, "set": {"ed": ["set"]},
    "shake": {"ed": ["shook", "shaken"]}, "show": {"ed": ["showed", "shown"]},
    "shut": {"ed": ["shut"]}, "sit": {"ed": ["sat"]}, "sleep": {"ed": ["slept"]},
    "speak": {"ed": ["spoke", "spoken"]}, "spend": {"ed": ["spent"]},
    "stand": {"ed": ["stood"]}, "stick": {"ed": ["stuck"]}, "strike": {"ed": ["struck"]},
    "swell": {"ed": ["swelled", "swollen"]}, "take": {"ed": ["took", "taken"]},
    "teach": {"ed": ["taught"]}, "tell": {"ed": ["told"]}, "think": {"ed": ["thought"]},
    "throw": {"ed": ["threw", "thrown"]}, "undergo": {"ed": ["underwent", "undergone"]},
    "understand": {"ed": ["understood"]}, "undertake": {"ed": ["undertook", "undertaken"]},
    "wake": {"ed": ["woke", "woken"]}, "wear": {"ed": ["wore", "worn"]},
    "win": {"ed": ["won"]}, "withdraw": {"ed": ["withdrew", "withdrawn"]},
    "withhold": {"ed": ["withheld"]}, "write": {"ed": ["wrote", "written"]},
    # nouns
    "analysis": {"s": ["analyses"]}, "appendix": {"s": ["appendices", "appendixes"]},
    "bacterium": {"s": ["bacteria"]}, "calf": {"s": ["calves"]}, "child": {"s": ["children"]},
    "criterion": {"s": ["criteria"]}, "datum": {"s": ["data"]}, "foot": {"s": ["feet"]},
    "half": {"s": ["halves"]}, "index": {"s": ["indices", "indexes"]},
    "knife": {"s": ["knives"]}, "leaf": {"s": ["leaves"]}, "life": {"s": ["lives"]},
    "louse": {"s": ["lice"]}, "man": {"s": ["men"]}, "matrix": {"s": ["matrices"]},
    "medium": {"s": ["media", "mediums"]}, "mouse": {"s": ["mice"]},
    "ovum": {"s": ["ova"]}, "person": {"s": ["people", "persons"]},
    "phenomenon": {"s": ["phenomena"]}, "tooth": {"s": ["teeth"]},
    "wife": {"s": ["wives"]}, "woman": {"s": ["women"]},
}


def _cvc(w: str) -> bool:
    """Ends consonant-vowel-consonant (not w, x, y): a candidate for doubling ("stop")."""
    return (len(w) >= 3 and w[-1].isalpha() and w[-1] not in _VOWELS and w[-1] not in "wxy"
            and w[-2] in _VOWELS and w[-3].isalpha() and w[-3] not in _VOWELS
            and not (w[-2] == "u" and w[-3] == "q"))


def _one_syllable(w: str) -> bool:
    return len(re.findall(r"[aeiouy]+", w)) == 1


def _plural(w: str) -> list[str]:
    out: list[str] = []
    if w.endswith("sis") and len(w) > 4:                       # diagnosis -> diagnoses
        return [w[:-2] + "es"]
    if w.endswith(("s", "x", "z", "ch", "sh")):
        out.append(w + "es")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        out.append(w[:-1] + "ies")
    elif w.endswith("o") and len(w) > 1 and w[-2] not in _VOWELS:
        out += [w + "s", w + "es"]
    else:
        out.append(w + "s")
    if len(w) >= 5:                                            # Latin plurals
        if w.endswith("us"):
            out.append(w[:-2] + "i")                           # calculus -> calculi
        elif w.endswith("um"):
            out.append(w[:-2] + "a")                           # diverticulum -> diverticula
        elif w.endswith("a"):
            out.append(w + "e")                                # vertebra -> vertebrae
        elif w.endswith(("ix", "ex")):
            out.append(w[:-2] + "ices")                        # cervix -> cervices
    return out


def _past(w: str) -> list[str]:
    if w.endswith("e"):
        return [w + "d"]
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        return [w[:-1] + "ied"]
    if w.endswith("c"):
        return [w + "ked", w + "ed"]                           # panic -> panicked
    if _cvc(w):
        # one syllable: always doubled ("tapped"; "taped" is another word); longer words
        # double when the last syllable is stressed ("occurred", "visited"): keep both
        return [w + w[-1] + "ed"] if _one_syllable(w) else [w + w[-1] + "ed", w + "ed"]
    return [w + "ed"]


def _gerund(w: str) -> list[str]:
    if w.endswith("ie"):
        return [w[:-2] + "ying"]
    if w.endswith("e") and len(w) > 2 and not w.endswith(("ee", "ye", "oe")):
        return [w[:-1] + "ing"]
    if w.endswith("c"):
        return [w + "king", w + "ing"]
    if _cvc(w):
        return [w + w[-1] + "ing"] if _one_syllable(w) else [w + w[-1] + "ing", w + "ing"]
    return [w + "ing"]


_REGULAR = {"s": _plural, "ed": _past, "ing": _gerund}


def word_forms(word: str) -> dict[str, list[str]]:
    """Inflected forms of one lower-case word by type ("s", "ed", "ing"), irregulars first."""
    irr = IRREGULAR.get(word, {})
    out: dict[str, list[str]] = {}
    for typ, rule in _REGULAR.items():
        forms = list(irr.get(typ, []))
        for f in rule(word):
            if f not in forms:
                forms.append(f)
        out[typ] = forms
    return out


def inflect_word(word: str, typ: str) -> str | None:
    """The one form of ``word`` for inflection type ``typ`` (used to inflect an alternative
    the way the matched term was inflected: "utilized" -> "used"). None if unsure."""
    if not typ:
        return word
    if not word.isalpha():
        return None
    low = word.lower()
    irr = IRREGULAR.get(low, {}).get(typ)
    if irr:
        if typ == "ed" and len(irr) > 1 and irr[0] != irr[1]:
            return None           # "gave" or "given": which one depends on the sentence
        form = irr[0]
    elif typ == "s":
        form = _plural(low)[0]
    elif typ == "ed":
        if low.endswith("c"):
            form = low + "ked"
        elif _cvc(low) and _one_syllable(low):
            form = low + low[-1] + "ed"
        else:
            form = _past(low)[-1]
    else:
        if low.endswith("c"):
            form = low + "king"
        elif _cvc(low) and _one_syllable(low):
            form = low + low[-1] + "ing"
        else:
            form = _gerund(low)[-1]
    return match_case(word, form) if word != low else form


# function words and particles: a term ending in one inflects its first word instead
# ("comply with" -> "complied with", "reach out" -> "reaching out"); "prior to" -> nothing
_FUNCTION = frozenset({
    "a", "an", "the", "to", "of", "in", "on", "at", "by", "as", "if", "or", "and", "for",
    "with", "from", "into", "onto", "upon", "than", "that", "this", "not", "per", "via",
    "its", "your", "you", "our", "their", "which", "what", "when", "whom", "whether", "such",
    "is", "are", "was", "were", "be", "been", "am", "it", "up", "out", "off", "down", "back",
    "over", "away", "forth", "about", "around", "through", "prior", "due", "subsequent",
    "pursuant", "adjacent", "pertaining", "cognizant"})


def _inflectable(word: str) -> bool:
    return (len(word) >= 3 and word[-1].isalpha() and word.replace("-", "").isalpha()
            and word not in _FUNCTION)


def variants(term: str, inflect: bool = True) -> list[tuple[str, str]]:
    """``(form, inflection type)`` pairs for a term: the term itself (type "") and, when
    ``inflect``, the forms of its last word, or of its first word when the last one is a
    function word or particle ("comply with", "reach out"). Words of 1-2 letters, function
    words and words that do not end in a letter are not inflected."""
    out = [(term, "")]
    if not inflect:
        return out
    words = term.split(" ")
    if _inflectable(words[-1]):
        k = len(words) - 1
    elif len(words) >= 2 and _inflectable(words[0]):
        k = 0
    else:
        return out
    seen = {term}
    for typ, forms in word_forms(words[k]).items():
        for f in forms:
            v = " ".join(words[:k] + [f] + words[k + 1:])
            if v not in seen:
                seen.add(v)
                out.append((v, typ))
    return out


def match_case(source: str, repl: str) -> str:
    """``repl`` in the case pattern of ``source``: UPPER, Title (first letter) or as given."""
    letters = [c for c in source if c.isalpha()]
    if not letters:
        return repl
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return repl.upper()
    if letters[0].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


# ---------------------------------------------------------------------------------------------
# text normalisation (shared by every lexicon rule of a document)

_TRANS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u00a0": " ", "\u2019": "'",
                        "\u2018": "'", "\u2010": "-", "\u2011": "-", "\f": " ", "\v": " "})
_GRID = re.compile(r"[\W_]")


def _grid_table() -> dict[int, str]:
    """Every character that is not a letter or digit -> space, capitals -> lower case (the
    Basic Multilingual Plane up to CJK punctuation, and the fullwidth forms). ``str.translate``
    with this table is about ten times faster than a regular expression; a rarer non-word
    character stays as it is, which can only cost a match next to it, never add one."""
    table: dict[int, str] = {}
    for cp in list(range(0x3040)) + list(range(0xFF00, 0xFF66)):
        c = chr(cp)
        if not c.isalnum():
            table[cp] = " "
        else:
            low = c.lower()
            if low != c and len(low) == 1:
                table[cp] = low               # the grid is lower case too
    return table


_GRID_TABLE = _grid_table()
_BREAK_RUN = re.compile(r" ?[\n\r\t\u00a0\f\v][\s\u00a0]*")


class NormText:
    """A block's text prepared for matching.

    ``grid`` is the text with line breaks collapsed, lower-cased, every character that is not
    a letter or digit turned into a space, and one space added at each end: the automata run
    on it, so a key only matches whole words (see :class:`Matcher`). ``lower`` and ``cased``
    (made on first use, for blocks that have a hit) are the same text with its punctuation,
    lower-cased and not; they line up with ``grid`` minus its first space. ``start``/``end``
    map their offsets back to the block text.
    """
    __slots__ = ("text", "grid", "_lower", "_cased", "_breaks")

    def __init__(self, text: str):
        self._breaks: tuple[list[int], list[int]] | None = None
        if ("\n" in text or "\t" in text or "\xa0" in text or "\r" in text
                or "\f" in text or "\v" in text) and _BREAK_RUN.search(text):
            # collapse whitespace runs that contain a line break / tab / nbsp into one space;
            # remember where the offsets shift (normalised offset -> characters removed)
            parts: list[str] = []
            at: list[int] = [0]
            shift: list[int] = [0]
            last = removed = 0
            for m in _BREAK_RUN.finditer(text):
                parts.append(text[last:m.start()])
                parts.append(" ")
                run = m.end() - m.start()
                at.append(m.start() - removed + 1)     # first normalised offset after the run
                removed += run - 1
                shift.append(removed)
                last = m.end()
            parts.append(text[last:])
            text = "".join(parts)
            self._breaks = (at, shift)
        self.text = text
        self.grid = " " + text.translate(_GRID_TABLE) + " "
        self._lower: str | None = None
        self._cased: str | None = None

    @property
    def cased(self) -> str:
        if self._cased is None:
            self._cased = self.text.translate(_TRANS)
        return self._cased

    @property
    def lower(self) -> str:
        if self._lower is None:
            cased = self.cased
            lower = cased.lower()
            if len(lower) != len(cased):       # a character whose lower case is longer ("İ")
                lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in cased)
            self._lower = lower
        return self._lower

    @property
    def words(self) -> frozenset:
        return frozenset(self.grid.split())

    def start(self, i: int) -> int:
        """Block offset of normalised character ``i``."""
        if self._breaks is None:
            return i
        at, shift = self._breaks
        return i + shift[bisect.bisect_right(at, i) - 1]

    def end(self, i: int) -> int:
        """Block offset just after normalised character ``i - 1``."""
        if self._breaks is None:
            return i
        return self.start(i - 1) + 1 if i > 0 else 0


def block_langs(ctx: Context) -> list[str]:
    """Per-document cache: the language of every block (``ctx.block_lang``)."""
    langs = ctx.cache.get("block_langs")
    if langs is None:
        langs = ctx.cache["block_langs"] = [ctx.block_lang(b) for b in ctx.document.blocks]
    return langs


class PreparedDoc:
    """Per-document data shared by every lexicon rule: ``blocks`` is a list of
    ``(block index, block, language, NormText)`` for the blocks with text, ``words`` the set
    of all their grid words (a rule none of whose key words occur skips the document)."""
    __slots__ = ("blocks", "words")

    def __init__(self, ctx: Context):
        blocks = []
        words: set[str] = set()
        update = words.update
        langs = block_langs(ctx)
        for i, b in enumerate(ctx.document.blocks):
            if b.text:
                nt = NormText(b.text)
                update(nt.grid.split())
                blocks.append((i, b, langs[i], nt))
        self.blocks = blocks
        self.words = words


def prepared(ctx: Context) -> PreparedDoc:
    """The document's :class:`PreparedDoc` (made once, cached in ``ctx.cache``)."""
    prep = ctx.cache.get("lexicon.prepared")
    if prep is None:
        prep = ctx.cache["lexicon.prepared"] = PreparedDoc(ctx)
    return prep


# ---------------------------------------------------------------------------------------------
# the matcher

@dataclass
class Entry:
    term: str
    alternatives: tuple[str, ...]
    source: str
    note: str = ""
    fixable: bool = False
    inflect: bool = True
    case_sensitive: bool = False
    allow: tuple[str, ...] = ()
    context_after: frozenset | None = None


@dataclass
class Hit:
    """A term found in a block: block-text offsets, the entry, and how it was inflected."""
    start: int
    end: int
    entry: int
    infl: str
    quoted: bool = False     # the term alone in quotation marks: talked about, not used


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _boundary_before(s: str, i: int) -> bool:
    if i <= 0:
        return True
    c = s[i - 1]
    if _is_word_char(c):
        return False
    if c in "-'" and i >= 2 and _is_word_char(s[i - 2]):
        return False       # "re-utilize"; "o'clock"
    return True


def _boundary_after(s: str, i: int) -> bool:
    if i >= len(s):
        return True
    c = s[i]
    if _is_word_char(c):
        return False
    if c == "-" and i + 1 < len(s) and _is_word_char(s[i + 1]):
        return False       # "click-through"
    return True


_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb",
           "\u201e": "\u201c", "\u201d": "\u201d", "`": "`", "\u2039": "\u203a"}
_CTX_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_CTX_STOP = re.compile(r"[.!?;:()\[\]]")

TERM, ALLOW = 0, 1

# very common words: never the word a block is prefiltered on when a key has another one
_COMMON = frozenset("""
a an the and or of to in on at by for with from as is are was were be been am it its this
that these those your you our we us they them their he she his her i me my not no do does
did have has had will would can could should must may might shall if then than so but up
out off over under back down into onto about after before again also only just more most
some any all each every other such what when where which who how why there here well very
keep check take make get give go come see call help need want use time day days week year
health care patient patients doctor visit your one two new""".split())


def _rare_word(grid_key: str) -> str:
    words = grid_key.split()
    return min(words, key=lambda w: (w in _COMMON, -len(w)))


class Matcher:
    """All terms and allowed phrases of one rule in one Aho-Corasick automaton over grid text
    (see :class:`NormText`); hits are checked on the real text. Built once per rule
    instance (``Lexicon.matcher``)."""

    builds = 0          # how many matchers were built (tests check it is once per rule)

    def __init__(self, entries: list[Entry], allowed: list[str], context_window: int = 3):
        Matcher.builds += 1
        self.entries = entries
        self.window = context_window
        keys: dict[str, list[tuple]] = {}

        def add(key, payload, cased=False):
            key = key.translate(_TRANS)
            key = " ".join(key.split()) if key.strip() else key
            if not key:
                return
            # the automaton key is the "grid" form (non-word characters as spaces) with a
            # space before/after a word character at either end, so it only matches whole
            # words of the grid text; the exact key is checked on the real text after a hit
            lead = 1 if _is_word_char(key[0]) else 0
            grid = (" " * lead + _GRID.sub(" ", key.lower())
                    + (" " if _is_word_char(key[-1]) else ""))
            keys.setdefault(grid, []).append((key, lead, cased) + payload)

        for k, e in enumerate(entries):
            cs = e.case_sensitive
            term = e.term if cs else e.term.lower()
            for form, typ in variants(term, e.inflect):
                add(form, (TERM, k, typ), cs)
            for phrase in e.allow:
                p = phrase if cs else phrase.lower()
                for form, _typ in variants(p, e.inflect):
                    add(form, (ALLOW, k, ""), cs)
        for phrase in allowed:
            for form, _typ in variants(phrase.lower(), True):
                add(form, (ALLOW, -1, ""))
        # case-sensitive keys share the automaton (it runs on lower-case text) and are
        # checked against the case-preserved text after a hit
        self.automaton = self._build(keys)
        self.n_keys = len(keys)
        # one word of every key (its rarest, roughly: the longest that is not a very common
        # word); a block that has none of them cannot match and is skipped without a scan
        self.key_words = frozenset(_rare_word(k) for k in keys if k.split())

    @staticmethod
    def _build(keys: dict[str, list[tuple]]):
        import ahocorasick
        a = ahocorasick.Automaton()
        for key, payloads in keys.items():
            a.add_word(key, (len(key), tuple(payloads)))
        if len(a):
            a.make_automaton()
        return a

    # -- scanning ---------------------------------------------------------------------------
    @staticmethod
    def _hits(automaton, nt: "NormText", terms: list, allows: list) -> None:
        """Hits of ``automaton`` on the block's grid text, checked on the real text."""
        if not len(automaton):
            return
        for end, (n, payloads) in automaton.iter(nt.grid):
            gstart = end - n          # grid offset of the key's first character, minus 1
            for key, lead, cs, kind, k, typ in payloads:
                start = gstart + lead
                s = nt.cased if cs else nt.lower
                if not s.startswith(key, start):
                    continue          # punctuation differs: "prior. To" is not "prior to"
                stop = start + len(key)
                if ((lead and not _boundary_before(s, start))
                        or (_is_word_char(key[-1]) and not _boundary_after(s, stop))):
                    continue
                if kind == TERM:
                    terms.append((start, stop, k, typ))
                else:
                    allows.append((start, stop, k))

    def scan(self, nt: NormText) -> list[Hit]:
        """Term hits in one block, after boundaries, allowed phrases, longest match, quotes
        and context (block-text offsets, in text order)."""
        if self.key_words.isdisjoint(nt.words):
            return []
        return self._scan(nt)

    def _scan(self, nt: NormText) -> list[Hit]:
        terms: list[tuple[int, int, int, str]] = []
        allows: list[tuple[int, int, int]] = []
        self._hits(self.automaton, nt, terms, allows)
        if not terms:
            return []
        if allows:
            terms = [t for t in terms
                     if not any(a0 <= t[0] and t[1] <= a1 and (k == -1 or k == t[2])
                                for a0, a1, k in allows)]
        if len(terms) > 1:
            # the longest hit wins over every hit it overlaps (then the leftmost)
            terms.sort(key=lambda t: (t[0] - t[1], t[0]))
            kept: list[tuple[int, int, int, str]] = []
            for t in terms:
                if all(t[1] <= o[0] or t[0] >= o[1] for o in kept):
                    kept.append(t)
            terms = sorted(kept)
        out: list[Hit] = []
        low = nt.lower
        cased = nt.cased
        for start, stop, k, typ in terms:
            if not self.entries[k].case_sensitive and _looks_like_a_name(cased, start, stop):
                continue
            quoted = False
            if start > 0 and stop < len(low):
                close = _QUOTES.get(cased[start - 1])
                if close is not None:
                    nxt = stop
                    if cased[nxt] in ".,;:!?" and nxt + 1 < len(cased):
                        nxt += 1      # US style puts the full stop inside: “handicapped.”
                    quoted = cased[nxt] == close
            ctx_words = self.entries[k].context_after
            if ctx_words is not None and not self._context_ok(low, stop, ctx_words):
                continue
            out.append(Hit(nt.start(start), nt.end(stop), k, typ, quoted))
        return out

    def _context_ok(self, low: str, stop: int, words: frozenset) -> bool:
        after = low[stop:stop + 160]
        m = _CTX_STOP.search(after)
        if m:
            after = after[:m.start()]
        toks = _CTX_WORD.findall(after)[: self.window + 1]
        for i, t in enumerate(toks[: self.window]):
            if t in words:
                return True
            if i + 1 < len(toks) and f"{t} {toks[i + 1]}" in words:
                return True
        return False


_SENTENCE_END = frozenset(".!?:;\n")
_LEAD_IN = frozenset(" \t\"'\u201c\u2018([*_#>|\u2022\u00b7-\u2013\u2014/")


def _looks_like_a_name(cased: str, start: int, stop: int) -> bool:
    """Is the hit in capitals that make it part of a name rather than a word? An
    all-capital hit of up to 4 letters is an acronym ("TAP", the Transition Assistance
    Program); a capitalised hit inside a sentence next to another capitalised word is part
    of a name ("the Consumer Assistance Program"). At the start of a sentence a capital
    says nothing ("Tap Next"), and lines in capitals or in Title Case are headings whose
    words are words."""
    if not cased[start].isupper():
        return False
    if stop - start <= 4 and cased[start:stop].isupper():
        return not cased.isupper()
    if cased.isupper() or _title_case_line(cased):
        return False
    i = start - 1
    while i >= 0 and cased[i] in _LEAD_IN:
        i -= 1
    if i < 0 or cased[i] in _SENTENCE_END:
        return False              # capitalised because it starts the sentence ("Tap Next")
    if stop + 1 < len(cased) and cased[stop] == " " and cased[stop + 1].isupper():
        return True               # "the Assistance Program"
    j = i
    while j >= 0 and (cased[j].isalnum() or cased[j] in "'\u2019-"):
        j -= 1
    prev = cased[j + 1:i + 1]
    return prev[:1].isupper() and prev != "I"


def _title_case_line(cased: str) -> bool:
    """Most words start with a capital and there is no full stop at the end (a Title Case
    heading or label, not a sentence that names something)."""
    if cased.rstrip().endswith("."):
        return False
    words = [w for w in cased.split() if w[:1].isalpha()]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.8 * len(words)


def _context_set(words) -> frozenset | None:
    if words is None:
        return None
    out: set[str] = set()
    for w in words:
        w = " ".join(w.lower().split())
        out.add(w)
        head, sep, last = w.rpartition(" ")
        if len(last) >= 3 and last.isalpha():
            for f in _plural(last):
                out.add(head + sep + f)
    return frozenset(out)


# ---------------------------------------------------------------------------------------------
# definitions (defined on first use)

_PAREN_AFTER = re.compile(r"\s*\(([^()]{1,120})\)")
_DEF_AFTER = re.compile(
    r"(?:\s*,?\s*(?:which|that|this)\s+means\b|\s+means\b|\s*,\s*meaning\b"
    r"|\s*,?\s*(?:which|that)\s+is\s+(?:also\s+)?called\b"
    r"|:\s+\w|\s*[\u2014\u2013]\s*\w|\s+-{1,2}\s+\w)")
_DEF_BEFORE = re.compile(r"(?:\b(?:also\s+|is\s+|are\s+)?(?:called|known\s+as|named)"
                         r"(?:\s+(?:a|an|the))?)\s*[\"'\u201c\u2018]?$")
_WORDS = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")


def _words_in(s: str) -> int:
    return len(_WORDS.findall(s))


def _is_definition(block: Block, start: int, end: int) -> bool:
    """Is the occurrence ``text[start:end]`` defined where it stands?"""
    text = block.text
    # skip a closing quotation mark after a quoted term: 'the word "renal" means kidney'
    e = end
    if e < len(text) and text[e] in "\"'\u201d\u2019\u00bb":
        e += 1
    after = text[e:e + 160]
    m = _PAREN_AFTER.match(after)
    if m and 1 <= _words_in(m.group(1)) <= 8:
        return True
    if _DEF_AFTER.match(after):
        return True
    before = text[max(0, start - 160):start]
    # alone (or nearly) in a parenthesis after a plain phrase: "high blood pressure
    # (hypertension)", "a kidney stone (also called a calculus)"
    open_at = before.rfind("(")
    if open_at != -1 and ")" not in before[open_at:]:
        close_at = text.find(")", end)
        if close_at != -1 and "(" not in text[end:close_at]:
            inside = before[open_at + 1:] + text[start:close_at]
            if 1 <= _words_in(inside) <= 8 and _words_in(before[:open_at]) >= 1:
                return True
    if _DEF_BEFORE.search(before):
        return True
    for mk in block.marks:
        if mk.tag in ("dfn", "abbr") and mk.start < end and start < mk.end:
            return True
    for ln in block.links:
        if ln.start < end and start < ln.end and "glossary" in (ln.href or "").lower():
            return True
    return False


# ---------------------------------------------------------------------------------------------
# the check kind

_ENTRY_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["term", "alternatives", "source"],
    "properties": {
        "term": {"type": "string", "minLength": 1},
        "alternatives": {"type": "array", "items": {"type": "string", "minLength": 1},
                         "minItems": 1, "maxItems": 3},
        "source": {"type": "string", "minLength": 1,
                   "description": "key of one of the rule's sources"},
        "note": {"type": "string"},
        "fixable": {"type": "boolean", "description": "one alternative, always a safe swap"},
        "inflect": {"type": "boolean", "description": "also match -s/-ed/-ing forms"},
        "case_sensitive": {"type": "boolean"},
        "allow": {"type": "array", "items": {"type": "string", "minLength": 1},
                  "description": "phrases containing the term in which it is fine"},
        "context_after": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1},
                          "description": "only flag when one of these words follows"},
        "styles": {"type": "array", "items": {"enum": list(("person-first", "identity-first"))},
                   "description": "only for these disability-language styles (default: all)"},
        "locales": {"type": "array", "items": {"enum": list(("en-US", "en-GB"))},
                    "description": "only for these locales (default: all)"},
    },
}

DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, TABLE_CELL, QUOTE, HEADING, STRING, ALT})


class Lexicon(Check):
    KIND = "lexicon"
    PARAMS = {
        "terms": {"type": "array", "items": _ENTRY_SCHEMA},
        "extra_terms": {"type": "array", "items": _ENTRY_SCHEMA,
                        "description": "entries added to `terms` (for user configuration)"},
        "ignore_terms": {"type": "array", "items": {"type": "string"},
                         "description": "terms of `terms` to leave out"},
        "allowed": {"type": "array", "items": {"type": "string", "minLength": 1},
                    "description": "phrases that make any term inside them fine"},
        "defined_on_first_use": {"type": "boolean"},
        "context_after": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1},
                          "description": "only flag a term followed by one of these words"},
        "context_window": {"type": "integer", "minimum": 1, "maximum": 10,
                           "description": "how many words after the term context_after "
                                          "looks at (default 3)"},
        "languages": {"type": ["array", "null"], "items": {"type": "string"},
                      "description": "block languages the rule applies to (null: all)"},
        "style": {"enum": ["person-first", "identity-first"],
                  "description": "disability-language style; entries with `styles` follow it "
                                 "(set for every rule by the top-level `disability-language`)"},
        "locale": {"enum": ["en-US", "en-GB"],
                   "description": "spelling and usage locale; entries with `locales` follow it "
                                  "(set for every rule by the top-level `locale`)"},
    }
    DEFAULTS: dict[str, Any] = {"style": "person-first", "locale": "en-US",
                                "terms": [], "extra_terms": [], "ignore_terms": [],
                                "allowed": [], "defined_on_first_use": False,
                                "context_after": None, "context_window": 3,
                                "languages": ["en"]}

    def __init__(self, rule, params: dict[str, Any]):
        super().__init__(rule, params)
        self._matcher: Matcher | None = None
        self._setup: tuple | None = None

    def p(self, key: str) -> Any:
        if self.params and key in self.params:
            return self.params[key]
        return self.DEFAULTS[key]

    # -- the matcher, built once per rule instance ------------------------------------------
    def entries(self) -> list[Entry]:
        ignore = {t.lower() for t in self.p("ignore_terms")}
        rule_ctx = self.p("context_after")
        style, locale = self.p("style"), self.p("locale")
        out = []
        for raw in list(self.p("terms")) + list(self.p("extra_terms")):
            if raw["term"].lower() in ignore:
                continue
            if style not in raw.get("styles", (style,)) or locale not in raw.get("locales", (locale,)):
                continue          # written for the other style or locale
            alts = tuple(raw["alternatives"])
            ctx_words = raw.get("context_after", rule_ctx)
            out.append(Entry(
                term=raw["term"], alternatives=alts, source=raw["source"],
                note=raw.get("note", ""),
                fixable=bool(raw.get("fixable", False)) and len(alts) == 1,
                inflect=bool(raw.get("inflect", True)),
                case_sensitive=bool(raw.get("case_sensitive", False)),
                allow=tuple(raw.get("allow", ())),
                context_after=_context_set(ctx_words)))
        return out

    @property
    def matcher(self) -> Matcher:
        m = self._matcher
        if m is None:
            m = self._matcher = Matcher(self.entries(), list(self.p("allowed")),
                                        int(self.p("context_window")))
        return m

    def scope(self) -> frozenset:
        from .readability import resolve_scope
        return resolve_scope(getattr(self.rule, "scope", None), DEFAULT_SCOPE)

    # -- running ---------------------------------------------------------------------------
    def _settings(self) -> tuple:
        """(languages or None, block kinds, defined_on_first_use), fixed per instance."""
        st = self._setup
        if st is None:
            langs = self.p("languages")
            langs = frozenset(str(x).split("-")[0].lower() for x in langs) if langs else None
            st = self._setup = (langs, self.scope(), bool(self.p("defined_on_first_use")))
        return st

    def run(self, ctx: Context) -> Iterator[Finding]:
        m = self.matcher
        entries = m.entries
        if not entries:
            return
        langs, kinds, dfou = self._settings()
        defined: set[int] = set()
        prep = prepared(ctx)
        present = m.key_words.intersection(prep.words)
        if not present:
            return                       # no key can match anywhere in this document
        # with a few key words present, a block without any of them is skipped cheaply
        probes = [f" {w} " for w in present] if len(present) <= 8 else None
        for _i, b, lang, nt in prep.blocks:
            if (langs is not None and lang not in langs) or (not dfou and b.kind not in kinds):
                continue
            if probes is not None:
                grid = nt.grid
                for probe in probes:
                    if probe in grid:
                        break
                else:
                    continue
            hits = m._scan(nt)
            for h in hits:
                k = h.entry
                if dfou:
                    if k in defined:
                        continue
                    if _is_definition(b, h.start, h.end):
                        defined.add(k)
                        continue
                    if b.kind not in kinds:
                        continue
                if h.quoted:
                    continue
                yield self._finding(ctx, b, h, entries[k])

    def _finding(self, ctx: Context, b: Block, h: Hit, e: Entry) -> Finding:
        match = b.text[h.start:h.end]
        alts = [self._inflected(a, h.infl) for a in e.alternatives]
        shown = [a if a is not None else base for a, base in zip(alts, e.alternatives)]
        suggestions = [match_case(match, a) for a in shown]
        fix = None
        if e.fixable and alts[0] is not None and "\n" not in match:
            fix = suggestions[0]
        msg = self.rule.message.format(
            match=match, alternatives=" or ".join(f'"{a}"' for a in shown),
            note=e.note, term=e.term, first=shown[0] if shown else "")
        msg = " ".join(msg.split())
        return ctx.finding(self.rule, b, h.start, h.end, msg, suggestions=suggestions,
                           fix_text=fix, data={"term": e.term, "source": e.source})

    @staticmethod
    def _inflected(alt: str, infl: str) -> str | None:
        """The alternative inflected like the match ("utilized" -> "used"); None when the
        alternative has several words (which one to inflect is unknown)."""
        if not infl:
            return alt
        if " " in alt.strip():
            return None
        return inflect_word(alt, infl)


KINDS = {Lexicon.KIND: Lexicon}
