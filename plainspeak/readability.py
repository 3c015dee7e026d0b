"""Readability formulas and the text counts they need.

The formula functions are pure functions of counts (no text handling). :class:`TextStats`
holds the counts, :func:`sentence_stats` computes them from spaCy docs (see
:mod:`plainspeak.nlp`) and :func:`score` applies the formulas for a language.

Counting rules (what plainspeak counts, and why):

* **Sentences** come from spaCy's rule-based sentencizer, run on each block separately. So
  every heading, list item and table cell counts as at least one sentence, as if it ended
  with a full stop (the NHS SMOG preprocessing rule): a bulleted list without full stops
  cannot turn into one 300-word sentence. A "sentence" with no words (a lone dash) does not
  count.
* **Words** are word tokens (:func:`plainspeak.nlp.word_spans`): anything with a letter or a
  digit; punctuation, symbols and masked template fields (runs of spaces) are not words.
  Hyphenated compounds ("follow-up") and English contractions ("don't") are one word.
* **Numbers** ("2", "8:00", "10.5") count as words of one syllable, so they are never
  polysyllables (SMOG hand methods read them aloud; we do not, to keep long numbers from
  counting as "hard words").
* **Syllables** come from :func:`plainspeak.syllables.count` (CMU dictionary for English,
  rules for Spanish).
* **Polysyllables** are words of 3 or more syllables, except proper names: a capitalised
  word (first letter upper case, not all capitals) that does not start its sentence is taken
  to be a name and is not counted as a polysyllable (WCAG Understanding 3.1.5 says to ignore
  proper names and titles). Headings, and Title Case lines without a full stop (a list item
  such as "Blood Pressure Monitoring"), get no such exception: their capitals mark style,
  not names. Its syllables still count for the
  syllable-per-word formulas. Optionally (``exclude`` in :meth:`TextStats.from_sentences`),
  3+ syllable words taken from the document title are not counted either (NHS preprocessing).
* **Complex words** (Gunning fog) are polysyllables that are not hyphenated compounds and
  still have 3 syllables without an -es, -ed or -ing ending.
* **Letters** (Coleman–Liau, ARI) are the letters and digits of the words.
"""
from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable

from . import syllables as _syl
from .nlp import sentence_words

__all__ = [
    "smog", "flesch_kincaid_grade", "flesch_reading_ease", "gunning_fog", "coleman_liau",
    "automated_readability_index", "fernandez_huerta", "szigriszt_pazos",
    "inflesz_band", "fernandez_huerta_band", "TextStats", "SentenceStats", "sentence_stats",
    "score", "ENGLISH_SCORES", "SPANISH_SCORES", "METRIC_LABELS",
]


# ---------------------------------------------------------------------------------------------
# formulas (all return 0.0 when there are no words or no sentences)

def smog(polysyllables: float, sentences: float) -> float:
    """SMOG grade = 1.0430 × √(polysyllables × 30 / sentences) + 3.1291.

    McLaughlin GH, "SMOG grading: a new readability formula", J Reading 12(8):639–646, 1969;
    the continuous form is the one quoted in PMC5849699. Polysyllables are words of 3 or more
    syllables; the ×30/sentences factor scales any sample to McLaughlin's 30 sentences.
    """
    if sentences <= 0:
        return 0.0
    return 1.0430 * math.sqrt(polysyllables * 30.0 / sentences) + 3.1291


def flesch_kincaid_grade(words: float, sentences: float, syllables: float) -> float:
    """Flesch–Kincaid grade = 0.39 × (words/sentences) + 11.8 × (syllables/words) − 15.59.

    Kincaid JP, Fishburne RP, Rogers RL, Chissom BS, "Derivation of new readability formulas
    … for Navy enlisted personnel", Research Branch Report 8-75, 1975.
    """
    if words <= 0 or sentences <= 0:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def flesch_reading_ease(words: float, sentences: float, syllables: float) -> float:
    """Flesch Reading Ease = 206.835 − 1.015 × (words/sentences) − 84.6 × (syllables/words).

    Flesch R, "A new readability yardstick", J Applied Psychology 32(3):221–233, 1948.
    Higher is easier (60–70 is "plain English").
    """
    if words <= 0 or sentences <= 0:
        return 0.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def gunning_fog(words: float, sentences: float, complex_words: float) -> float:
    """Gunning fog index = 0.4 × [(words/sentences) + 100 × (complex words/words)].

    Gunning R, *The Technique of Clear Writing*, McGraw-Hill, 1952. Complex words have 3+
    syllables, not counting proper nouns, hyphenated compounds or -es/-ed/-ing endings.
    """
    if words <= 0 or sentences <= 0:
        return 0.0
    return 0.4 * ((words / sentences) + 100.0 * (complex_words / words))


def coleman_liau(letters: float, words: float, sentences: float) -> float:
    """Coleman–Liau index = 0.0588 × L − 0.296 × S − 15.8, with L = letters per 100 words and
    S = sentences per 100 words.

    Coleman M, Liau TL, "A computer readability formula designed for machine scoring",
    J Applied Psychology 60(2):283–284, 1975.
    """
    if words <= 0:
        return 0.0
    return 0.0588 * (letters * 100.0 / words) - 0.296 * (sentences * 100.0 / words) - 15.8


def automated_readability_index(letters: float, words: float, sentences: float) -> float:
    """ARI = 4.71 × (characters/words) + 0.5 × (words/sentences) − 21.43.

    Senter RJ, Smith EA, "Automated Readability Index", AMRL-TR-66-220, Wright-Patterson
    AFB, 1967. Characters are the letters and digits of the words.
    """
    if words <= 0 or sentences <= 0:
        return 0.0
    return 4.71 * (letters / words) + 0.5 * (words / sentences) - 21.43


def fernandez_huerta(words: float, sentences: float, syllables: float) -> float:
    """Fernández Huerta lecturabilidad, *corrected*: L = 206.84 − 0.60 P − 1.02 F, with
    P = syllables per 100 words and F = words per sentence.

    Fernández Huerta J, "Medidas sencillas de lecturabilidad", Consigna 214:29–32, 1959. The
    formula is widely misprinted with F = sentences per 100 words, which reverses the effect
    of sentence length (Gwillim Law, LINGUIST List 22.2332, 2011; legible.es). Higher is
    easier: 60–70 is "normal" (grades 7–8).
    """
    if words <= 0 or sentences <= 0:
        return 0.0
    p = syllables * 100.0 / words
    f = words / sentences
    return 206.84 - 0.60 * p - 1.02 * f


def szigriszt_pazos(words: float, sentences: float, syllables: float) -> float:
    """Szigriszt-Pazos perspicuity (the INFLESZ score) =
    206.835 − 62.3 × (syllables/words) − (words/sentences).

    Szigriszt Pazos F, *Sistemas predictivos de legibilidad del mensaje escrito: fórmula de
    perspicuidad*, PhD thesis, Universidad Complutense de Madrid, 1993; INFLESZ scale:
    Barrio-Cantalejo IM et al., "Validación de la Escala INFLESZ para evaluar la legibilidad
    de los textos dirigidos a pacientes", An Sist Sanit Navar 31(2):135–152, 2008.
    Higher is easier: 55–65 is "normal".
    """
    if words <= 0 or sentences <= 0:
        return 0.0
    return 206.835 - 62.3 * (syllables / words) - (words / sentences)


# bands: (lower bound inclusive, name), highest first
INFLESZ_BANDS = (
    (80.0, "very easy"),            # muy fácil
    (65.0, "fairly easy"),          # bastante fácil
    (55.0, "normal"),               # normal
    (40.0, "somewhat difficult"),   # algo difícil
    (float("-inf"), "very difficult"),   # muy difícil
)
FERNANDEZ_HUERTA_BANDS = (
    (90.0, "very easy, grade 4"),
    (80.0, "easy, grade 5"),
    (70.0, "fairly easy, grade 6"),
    (60.0, "normal, grades 7-8"),
    (50.0, "fairly difficult"),
    (30.0, "difficult"),
    (float("-inf"), "very difficult"),
)


def _band(value: float, bands) -> str:
    for lower, name in bands:
        if value >= lower:
            return name
    return bands[-1][1]  # pragma: no cover


def inflesz_band(value: float) -> str:
    """INFLESZ band (Barrio-Cantalejo 2008): 0–40 very difficult, 40–55 somewhat difficult,
    55–65 normal, 65–80 fairly easy, 80–100 very easy (lower bounds inclusive)."""
    return _band(value, INFLESZ_BANDS)


def fernandez_huerta_band(value: float) -> str:
    """Fernández Huerta band: 90–100 very easy (4th grade), 80–90 easy (5th), 70–80 fairly
    easy (6th), 60–70 normal (7th–8th), 50–60 fairly difficult, 30–50 difficult, < 30 very
    difficult (lower bounds inclusive)."""
    return _band(value, FERNANDEZ_HUERTA_BANDS)


ENGLISH_SCORES = ("smog", "flesch_kincaid_grade", "flesch_reading_ease", "gunning_fog",
                  "coleman_liau", "automated_readability_index")
SPANISH_SCORES = ("fernandez_huerta", "szigriszt_pazos")
METRIC_LABELS = {
    "smog": "SMOG",
    "flesch_kincaid_grade": "Flesch-Kincaid",
    "flesch_reading_ease": "Flesch Reading Ease",
    "gunning_fog": "Gunning fog",
    "coleman_liau": "Coleman-Liau",
    "automated_readability_index": "ARI",
    "fernandez_huerta": "Fernández Huerta",
    "szigriszt_pazos": "INFLESZ",
}


# ---------------------------------------------------------------------------------------------
# counts

@dataclass(slots=True)
class SentenceStats:
    """Counts for one sentence of one block (offsets are block-text offsets)."""
    block: int
    start: int
    end: int
    words: int
    syllables: int
    letters: int
    long_words: list = field(default_factory=list)   # [(word, syllables, proper, compound)]

    def polysyllables(self, exclude: frozenset = frozenset()) -> int:
        if not exclude:
            return sum(1 for _, _, proper, _ in self.long_words if not proper)
        return sum(1 for w, _, proper, _ in self.long_words
                   if not proper and w.lower() not in exclude)


@dataclass
class TextStats:
    """The counts every formula needs (see the module docstring for what counts)."""
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0
    letters: int = 0
    complex_words: int = 0

    def __add__(self, other: "TextStats") -> "TextStats":
        return TextStats(self.words + other.words, self.sentences + other.sentences,
                         self.syllables + other.syllables,
                         self.polysyllables + other.polysyllables,
                         self.letters + other.letters, self.complex_words + other.complex_words)

    @classmethod
    def from_sentences(cls, sents: Iterable[SentenceStats],
                       exclude: frozenset = frozenset()) -> "TextStats":
        """Sum sentence counts; ``exclude`` holds lower-case words that are not counted as
        polysyllables (e.g. 3+ syllable words of the document title)."""
        st = cls()
        for s in sents:
            st.words += s.words
            st.sentences += 1
            st.syllables += s.syllables
            st.letters += s.letters
            for w, n, proper, compound in s.long_words:
                if proper or (exclude and w.lower() in exclude):
                    continue
                st.polysyllables += 1
                if not compound and _gunning_complex(w, n):
                    st.complex_words += 1
        return st

    @classmethod
    def from_docs(cls, docs: Iterable, lang: str = "en") -> "TextStats":
        """Counts for spaCy docs (one per block; ``None`` entries are skipped)."""
        sents: list[SentenceStats] = []
        for i, doc in enumerate(docs):
            if doc is not None:
                sents.extend(sentence_stats(doc, i, lang))
        return cls.from_sentences(sents)


_complex_cache: dict[str, bool] = {}


def _gunning_complex(word: str, n: int) -> bool:
    if n > 3:
        return True
    c = _complex_cache.get(word)
    if c is None:
        c = _gunning_complex_uncached(word)
        if len(_complex_cache) < 200_000:
            _complex_cache[word] = c
    return c


def _gunning_complex_uncached(word: str) -> bool:
    w = word.lower()
    if w.endswith("ing") or (w.endswith("ed") and len(w) > 3 and w[-3] in "td"):
        return False
    if w.endswith("es") and (w[-3:-2] in ("s", "x", "z") or w.endswith(("ches", "shes", "ges",
                                                                         "ces"))):
        return False
    return True


_letters_cache: dict[str, int] = {}


@lru_cache(maxsize=200_000)
def _word_info(w: str, lang: str) -> tuple[int, int, bool]:
    """(syllables, letters, capitalised) of a word: one cached call per word in the hot loop."""
    return _syl.count(w, lang), _letters(w), w[0].isupper() and not w.isupper()


def _word_info_nosyl(w: str, lang: str) -> tuple[int, int, bool]:
    return 1, _letters(w), w[0].isupper() and not w.isupper()


def _letters(w: str) -> int:
    if w.isalnum():
        return len(w)
    n = _letters_cache.get(w)
    if n is None:
        n = sum(1 for ch in w if ch.isalnum())
        if len(_letters_cache) < 200_000:
            _letters_cache[w] = n
    return n


def _one(word: str, lang: str) -> int:
    return 1


def sentence_stats(doc, block: int = 0, lang: str = "en", *,
                   heading: bool = False, syllables: bool = True) -> list[SentenceStats]:
    """One :class:`SentenceStats` per sentence of ``doc`` that has at least one word.

    ``heading``: the block is a heading or title, where capitals do not mark names.
    ``syllables=False``: skip syllable counting (every word counts as one syllable), for text
    too short to be graded.
    """
    lang = (lang or "en")[:2].lower()
    info = _word_info if syllables else _word_info_nosyl
    out: list[SentenceStats] = []
    text = None
    for start, stop, ws in sentence_words(doc):
        if not ws:
            continue
        syl = 0
        letters = 0
        longs = []
        caps = 0
        first = True
        for _s, _e, w in ws:
            n, nl, capitalised = info(w, lang)
            syl += n
            letters += nl
            if capitalised:
                caps += 1
            if n >= 3:
                longs.append((w, n, capitalised and not first, "-" in w))
            first = False
        end = ws[-1][1]
        if longs and caps and not heading and caps * 2 > len(ws) and len(ws) > 1:
            if text is None:
                text = doc.text
            title_case = text[end:end + 1] not in (".", "!", "?")
        else:
            title_case = heading
        if longs and caps and title_case:
            # a heading or a Title Case line: capitals say nothing about names here
            longs = [(w, n, False, c) for w, n, _p, c in longs]
        out.append(SentenceStats(block, start, stop, len(ws), syl, letters, longs))
    return out


def score(stats: TextStats, lang: str) -> dict:
    """Scores for ``stats`` in language ``lang``.

    English: smog, flesch_kincaid_grade, flesch_reading_ease, gunning_fog, coleman_liau,
    automated_readability_index. Spanish: fernandez_huerta, szigriszt_pazos and
    ``inflesz_band`` (a string) plus ``fernandez_huerta_band``. Other languages: ``{}`` (no
    validated formula). Values are rounded to 2 decimals.
    """
    lang = (lang or "en")[:2].lower()
    w, s, syl = stats.words, stats.sentences, stats.syllables
    if w <= 0 or s <= 0:
        return {}
    if lang == "en":
        return {
            "smog": round(smog(stats.polysyllables, s), 2),
            "flesch_kincaid_grade": round(flesch_kincaid_grade(w, s, syl), 2),
            "flesch_reading_ease": round(flesch_reading_ease(w, s, syl), 2),
            "gunning_fog": round(gunning_fog(w, s, stats.complex_words), 2),
            "coleman_liau": round(coleman_liau(stats.letters, w, s), 2),
            "automated_readability_index": round(
                automated_readability_index(stats.letters, w, s), 2),
        }
    if lang == "es":
        fh = fernandez_huerta(w, s, syl)
        sp = szigriszt_pazos(w, s, syl)
        return {
            "fernandez_huerta": round(fh, 2),
            "szigriszt_pazos": round(sp, 2),
            "inflesz_band": inflesz_band(sp),
            "fernandez_huerta_band": fernandez_huerta_band(fh),
        }
    return {}


def metric_value(stats: TextStats, metric: str) -> float:
    """One named metric (a key of :data:`METRIC_LABELS`) for ``stats``, unrounded."""
    w, s, syl = stats.words, stats.sentences, stats.syllables
    if metric == "smog":
        return smog(stats.polysyllables, s)
    if metric == "flesch_kincaid_grade":
        return flesch_kincaid_grade(w, s, syl)
    if metric == "flesch_reading_ease":
        return flesch_reading_ease(w, s, syl)
    if metric == "gunning_fog":
        return gunning_fog(w, s, stats.complex_words)
    if metric == "coleman_liau":
        return coleman_liau(stats.letters, w, s)
    if metric == "automated_readability_index":
        return automated_readability_index(stats.letters, w, s)
    if metric == "fernandez_huerta":
        return fernandez_huerta(w, s, syl)
    if metric == "szigriszt_pazos":
        return szigriszt_pazos(w, s, syl)
    raise ValueError(f"unknown readability metric {metric!r}")
