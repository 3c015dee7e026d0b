"""Medication-safety and number-format check kinds (PS401-PS408).

Each kind runs one precompiled pattern over a block's text and then checks the small context
around each candidate, so the cost per block is one regex scan plus work proportional to the
number of candidates. Patterns are compiled once per parameter set (``functools.lru_cache``),
i.e. once per rule instance. Every pattern begins with a literal character or a digit class
and checks the character before it with a lookbehind placed *after* that first character, so
the regex engine can jump between candidate characters instead of trying every position; rules
that need a number skip blocks without digits (one shared, cached test per block).

Kinds:

``do-not-use-abbreviation`` (PS401)
    The Joint Commission "Do Not Use" list: U/u (after a number), IU (after a number or before
    "of"), QD/Q.D./qd/q.d., QOD/Q.O.D./qod/q.o.d., MS (only in a dose: "MS 10 mg", "10 mg MS",
    "take MS"), MSO4, MgSO4.
``trailing-zero`` (PS402)
    "5.0 mg", "1.50 mL": a decimal ending in 0 followed by a dose unit.
``leading-zero`` (PS403)
    ".5 mg": a decimal without a leading zero followed by a dose unit.
``error-prone-abbreviation`` (PS404)
    The ISMP list (cc, µg/ug, D/C, HS/hs, qhs, qn, SC/SQ/sub q, OD/OS/OU, AD/AS/AU, TIW, BIW,
    IN, SSI, HCT, HCTZ, q1d, @, &, > and <), each with the context it needs: right after a
    number ("5 cc"), in a dose clause (a number + dose unit or a dosing verb in the same
    clause), or next to a dose ("4 mg IN").
``numeric-date`` (PS405)
    All-numeric dates "03/04/2026", "3/4/26", "03-04-2026", "2026-03-04", and "4/12" after a
    date word ("on 4/12 has been moved").
``percentage`` (PS406)
    "14%", "14 percent" -> "about 1 in 7" (outside tables; not 0% or 100%, not discounts,
    concentrations, lab values or relative changes).
``range-dash`` (PS407)
    "2-3 tablets", "8am–5pm", "Mon–Fri" -> "2 to 3", "8am to 5pm", "Monday to Friday".
``ambiguous-time`` (PS408)
    "12pm", "12 a.m." -> "noon", "midnight"; 24-hour times "17:30", "1730hrs", "at 1800"
    -> "5:30 p.m.", "6 p.m.".

Fixes replace only the finding's span and are offered only when the swap keeps the meaning
(QD -> daily, 10 U -> 10 units, 2-3 -> 2 to 3, 17:30 -> 5:30 p.m.) and when the span has no
markup inside it.
"""
from __future__ import annotations

import bisect
import calendar
import re
from functools import lru_cache
from typing import Any, Iterator

from ..document import BLOCK_KINDS, LINK_TEXT, TABLE_CELL, Block
from ..finding import Finding, Severity
from .base import Check, Context
from .readability import resolve_scope

__all__ = ["DoNotUseAbbreviation", "TrailingZero", "LeadingZero", "ErrorProneAbbreviation",
           "NumericDate", "Percentage", "RangeDash", "AmbiguousTime", "natural_frequency",
           "KINDS"]

ALL_TEXT = frozenset(BLOCK_KINDS - {LINK_TEXT})
NO_TABLES = frozenset(ALL_TEXT - {TABLE_CELL})

# Dose units: entries of three or more lower-case letters match in any case ("Tablets"),
# shorter or mixed-case ones exactly as written ("mg", "mL", "L", "IU").
DOSE_UNITS = (
    "mg", "mcg", "µg", "μg", "ug", "g", "gm", "gram", "grams", "milligram", "milligrams",
    "microgram", "micrograms", "mL", "ml", "L", "liter", "liters", "litre", "litres",
    "milliliter", "milliliters", "millilitre", "millilitres", "cc", "unit", "units", "IU",
    "U", "mEq", "mmol", "tablet", "tablets", "capsule", "capsules", "pill", "pills", "drop",
    "drops", "gtt", "gtts", "puff", "puffs", "spray", "sprays", "teaspoon", "teaspoons", "tsp",
    "tablespoon", "tablespoons", "tbsp", "patch", "patches", "dose", "doses", "sachet",
    "sachets", "suppository", "suppositories", "vial", "vials", "ampule", "ampules",
    "lozenge", "lozenges", "scoop", "scoops", "injection", "injections",
)
DOSE_VERBS = (
    "take", "takes", "taking", "took", "inject", "injects", "injecting", "apply", "applies",
    "applying", "use", "uses", "using", "give", "gives", "giving", "instill", "instills",
    "instilling", "instil", "instils", "put", "puts", "putting", "place", "places", "placing",
    "insert", "inserts", "inhale", "inhales", "spray", "swallow", "chew", "dissolve",
    "administer", "administers", "rub",
)

_SP = "[ \u00a0\u202f]"          # a space that may sit between a number and its unit


def _units_alt(units) -> str:
    """One alternation for a unit list (longest first)."""
    parts = []
    for u in sorted({str(u) for u in units}, key=lambda s: (-len(s), s)):
        e = re.escape(u)
        parts.append(f"(?i:{e})" if len(u) >= 3 and u.islower() and u.isalpha() else e)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


def _words_alt(words) -> str:
    ws = sorted({str(w).lower() for w in words}, key=lambda s: (-len(s), s))
    return "(?:" + "|".join(re.escape(w) for w in ws) + ")" if ws else "(?!x)x"


# ---------------------------------------------------------------------------------------------
# shared helpers

class _Base(Check):
    DEFAULTS: dict[str, Any] = {}
    DEFAULT_SCOPE: frozenset = ALL_TEXT

    def p(self, key: str) -> Any:
        if self.params and key in self.params:
            return self.params[key]
        return self.DEFAULTS[key]

    def blocks(self, ctx: Context):
        kinds = resolve_scope(getattr(self.rule, "scope", None), self.DEFAULT_SCOPE)
        langs = self.p("languages") if "languages" in self.DEFAULTS else None
        langs = {str(x).split("-")[0].lower() for x in langs} if langs else None
        for b in ctx.document.blocks:
            if b.kind in kinds and (langs is None or ctx.block_lang(b) in langs):
                yield b


_LANG_PARAM = {"type": ["array", "null"], "items": {"type": "string"},
               "description": "block languages the rule applies to (null: all)"}
_UNITS_PARAM = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                "description": "dose units; entries of 3+ lower-case letters match in any "
                               "case, others exactly as written"}
_VERBS_PARAM = {"type": "array", "items": {"type": "string", "minLength": 1},
                "description": "dosing verbs that make a clause a dose instruction"}
_LOCALE_PARAM = {"enum": ["us", "uk"],
                 "description": "how suggestions are written: us 'March 4, 2026', '5:30 p.m.'; "
                                "uk '4 March 2026', '5:30pm'"}

# characters that show markup, an escape or a template field in the source of a span
_MARKUP = frozenset("<>*_`[]{}|\n\\$«")


def _fixable(ctx: Context, block: Block, start: int, end: int) -> bool:
    """True when the source behind ``text[start:end]`` is the text itself, or differs only by
    character entities ("8am&ndash;5pm"), so replacing it cannot break the document."""
    s, e = block.smap.span(start, end)
    src = ctx.document.source[s:e]
    if src == block.text[start:end]:
        return True
    return not any(c in _MARKUP for c in src)


_QUOTES_OPEN = frozenset("\"“‘'«„")
_QUOTES_CLOSE = frozenset("\"”’'»“")


def _quoted(text: str, start: int, end: int) -> bool:
    """The match is written as a quoted word: 'Never write “QD”'."""
    return (start > 0 and end < len(text) and text[start - 1] in _QUOTES_OPEN
            and text[end] in _QUOTES_CLOSE)


def _number_value(s: str) -> float | None:
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def _cache(ctx: Context) -> dict:
    c = ctx.cache.get("safety")
    if c is None:
        c = ctx.cache["safety"] = {}
    return c


_DIGIT = re.compile(r"[0-9]")


def _has_digit(ctx: Context, block: Block) -> bool:
    """Whether the block has a digit (cached per document: most rules need one)."""
    cache = _cache(ctx)
    d = cache.get("digits")
    if d is None:
        d = cache["digits"] = {}
    k = id(block)
    v = d.get(k)
    if v is None:
        v = d[k] = _DIGIT.search(block.text) is not None
    return v


_CLAUSE_END = re.compile(r"[.!?;:](?=[\s\"”’)]|$)|\n|[•·]")


class _DoseContext:
    """Dose context: a clause (sentence piece up to . ! ? ; : or a line break) that holds a
    number + dose unit ("2 tablets", "10mg") or a dosing verb ("take", "inject", ...)."""

    def __init__(self, units, verbs):
        ua = _units_alt(units)
        self.key = ("dose", tuple(units), tuple(verbs))
        self.num_unit = re.compile(rf"\d{_SP}?{ua}(?![\w]|\.\w)")
        self.any = re.compile(rf"\d{_SP}?{ua}(?![\w]|\.\w)"
                              rf"|(?i:(?<![\w-]){_words_alt(verbs)}(?![\w-]))")
        # a number + unit right before a position: "4 mg IN", "1 tablet OD"
        self.unit_before = re.compile(rf"\d{_SP}?{ua}{_SP}+\Z")

    def clause(self, ctx: Context, block: Block, pos: int) -> tuple[int, int]:
        cache = _cache(ctx)
        key = ("clauses", id(block))
        ends = cache.get(key)
        if ends is None:
            ends = cache[key] = [m.end() for m in _CLAUSE_END.finditer(block.text)]
        k = bisect.bisect_right(ends, pos)
        a = ends[k - 1] if k > 0 else 0
        b = ends[k] if k < len(ends) else len(block.text)
        return a, b

    def in_dose(self, ctx: Context, block: Block, pos: int) -> bool:
        a, b = self.clause(ctx, block, pos)
        cache = _cache(ctx)
        key = (self.key, id(block), a)
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = self.any.search(block.text, a, b) is not None
        return hit

    def clause_has(self, ctx: Context, block: Block, pos: int, rx: re.Pattern) -> bool:
        a, b = self.clause(ctx, block, pos)
        return rx.search(block.text, a, b) is not None

    def after_unit(self, text: str, pos: int) -> bool:
        return self.unit_before.search(text, max(0, pos - 40), pos) is not None


@lru_cache(maxsize=32)
def _dose_context(units: tuple, verbs: tuple) -> _DoseContext:
    return _DoseContext(units, verbs)


def _plural(n: float | None, one: str, many: str) -> str:
    return one if n == 1 else many


# ---------------------------------------------------------------------------------------------
# PS401 The Joint Commission "Do Not Use" list

_TJC = {
    "U": ("units", 'it is mistaken for 0 (zero), 4 (four) or "cc", so 10 U can be read as 100.'),
    "IU": ("International Units", 'it is mistaken for IV (intravenous) or the number 10.'),
    "QD": ("daily", "it is mistaken for QOD (every other day) or, with the period read as an "
                    "I, for QID (4 times a day)."),
    "QOD": ("every other day", "it is mistaken for QD (daily) or QID (4 times a day)."),
    "MS": ("morphine sulfate", "it can mean morphine sulfate or magnesium sulfate."),
    "MSO4": ("morphine sulfate", "it is confused with MgSO4 (magnesium sulfate)."),
    "MGSO4": ("magnesium sulfate", "it is confused with MSO4 (morphine sulfate)."),
}


# Boundaries checked right after the first (literal) character of a match, so that every
# pattern starts with a literal and the regex engine can skip ahead quickly.
_WB = r"(?<![\w./].)"           # a whole word: no letter, digit, "." or "/" before
_UB = r"(?<![^\W\d].)"          # a unit: no letter before (a digit is fine: "5cc")
_END = r"(?![\w]|\.\w|/\w)"     # no letter, digit, ".x" or "/x" after
_UEND = r"(?![\w]|\.\w)"         # units may go on: "5 cc/hour", "2 µg/kg"
# a final dot belongs to a dotted abbreviation ("q.d.") unless it also ends the sentence
_DOT = r"(?:\.(?![ \u00a0]*(?:[A-Z]|$)))?"


def _literal_first(variants) -> str:
    """One alternation from ``(first_char, rest)`` pairs, grouped by first character: every
    branch starts with a literal, which lets the engine scan for those characters only."""
    by_first: dict[str, list[str]] = {}
    for first, rest in variants:
        by_first.setdefault(first, []).append(rest)
    return "|".join(re.escape(f) + "(?:" + "|".join(rests) + ")"
                    for f, rests in by_first.items())


_U_TAIL = r"(?![\w'’\-]|\.\w|/[dD]?[lL]\b)"       # not "U.S.", "U-turn", lab "U/L"
_QD_TAIL = r"(?!\.?\w)"                             # not "q.d.s." (4 times a day, UK)
_TJC_VARIANTS = (
    ("U", r"(?:(?<=[0-9].)|(?<=[0-9][ \u00a0\u202f].))" + _U_TAIL),
    ("u", r"(?:(?<=[0-9].)|(?<=[0-9][ \u00a0\u202f].))" + _U_TAIL),
    ("I", _UB + r"U(?![\w\-]|/[dD]?[lL]\b)"),      # "400IU": a digit may come before
    ("q", _WB + r"(?:(?i:\.o\.d)" + _DOT + r"|(?i:od))" + _QD_TAIL),
    ("Q", _WB + r"(?:(?i:\.o\.d)" + _DOT + r"|(?i:od))" + _QD_TAIL),
    ("q", _WB + r"(?:(?i:\.d)" + _DOT + r"|(?i:d))" + _QD_TAIL),
    ("Q", _WB + r"(?:(?i:\.d)" + _DOT + r"|(?i:d))" + _QD_TAIL),
    ("M", _WB + r"S[O0]4(?!\w)"),
    ("M", _WB + r"(?:gS[O0]4|GSO4|GS04)(?!\w)"),
    ("M", _WB + r"S(?![\w\-])"),
)
_TJC_KEYS = {"U": "U", "IU": "IU", "QOD": "QOD", "QD": "QD", "MSO4": "MSO4", "MS04": "MSO4",
             "MGSO4": "MGSO4", "MGS04": "MGSO4", "MS": "MS"}
_TJC_MAIN = re.compile(_literal_first(_TJC_VARIANTS))
_STRIP = re.compile(r"[.\s\-\u00a0]")


@lru_cache(maxsize=8)
def _tjc_patterns(units: tuple, verbs: tuple):
    ua = _units_alt(units)
    va = _words_alt(verbs)
    ms_after = re.compile(rf"{_SP}?(?:of{_SP}+)?\d[\d,]*(?:\.\d+)?{_SP}?{ua}(?![\w]|\.\w)")
    ms_before = re.compile(rf"(?:\d{_SP}?{ua}{_SP}+(?:of{_SP}+)?|(?i:(?<![\w-]){va}){_SP}+)\Z")
    iu_of = re.compile(rf"{_SP}+of\b")
    return _TJC_MAIN, ms_after, ms_before, iu_of


# "U" after these words and a number is a label, not units: "Room 4 U", "Suite 10U"
_U_NOT_AFTER = re.compile(
    r"(?i)(?<![\w-])(?:room|rm|apt|apartment|suite|ste|unit|floor|level|grade|stage|type|"
    r"class|section|building|bldg|bed|box|route|highway|interstate|exit|gate|pod|ward|wing|"
    r"lot|row|seat|zone|area|no|number|#)\.?[ \u00a0]*\d[\d,]*(?:\.\d+)?[ \u00a0]?\Z")
# "MS" before these words is multiple sclerosis: "MS patients", "MS drugs"
_MS_NOUNS = frozenset("""patient patients drug drugs medicine medicines medication medications
treatment treatments therapy therapies symptom symptoms society clinic clinics center centers
centre nurse nurses specialist specialists relapse relapses flare flares attack attacks research
care team support group groups diagnosis walk awareness foundation community""".split())
_NEXT_WORD = re.compile(r"[ \u00a0]*([A-Za-z]+)")
_NUM_BEFORE = re.compile(r"(\d[\d,]*(?:\.\d+)?)[ \u00a0\u202f]?\Z")


def _number_before(text: str, pos: int) -> tuple[str | None, bool]:
    """The number right before ``pos`` (with an optional space) and whether a space is there."""
    m = _NUM_BEFORE.search(text, max(0, pos - 24), pos)
    if not m:
        return None, False
    return m.group(1), m.end(1) != pos


class DoNotUseAbbreviation(_Base):
    KIND = "do-not-use-abbreviation"
    PARAMS = {
        "units": _UNITS_PARAM,
        "dose_verbs": _VERBS_PARAM,
        "skip": {"type": "array", "items": {"enum": list(_TJC)},
                 "description": "abbreviations not to flag (e.g. IU for vitamin labels)"},
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"units": DOSE_UNITS, "dose_verbs": DOSE_VERBS, "skip": [], "languages": None}

    def run(self, ctx: Context) -> Iterator[Finding]:
        main, ms_after, ms_before, iu_of = _tjc_patterns(
            tuple(self.p("units")), tuple(self.p("dose_verbs")))
        skip = set(self.p("skip") or ())
        for b in self.blocks(ctx):
            text = b.text
            for m in main.finditer(text):
                key = _TJC_KEYS[_STRIP.sub("", m.group()).upper()]
                if key in skip:
                    continue
                start, end = m.span()
                if _quoted(text, start, end):
                    continue
                fix = None
                sugg, problem = _TJC[key]
                if key == "U":
                    if _U_NOT_AFTER.search(text, max(0, start - 40), start):
                        continue               # "Room 4 U", "Grade 2 U"
                    num, spaced = _number_before(text, start)
                    n = _number_value(num) if num else None
                    word = _plural(n, "unit", "units")
                    sugg = word
                    fix = word if spaced else " " + word
                elif key == "IU":
                    num, spaced = _number_before(text, start)
                    if num is None:
                        if not iu_of.match(text, end):
                            continue
                        word = "International Units"
                        fix = word
                    else:
                        word = _plural(_number_value(num), "International Unit",
                                       "International Units")
                        fix = word if spaced else " " + word
                    sugg = word
                elif key in ("QD", "QOD"):
                    fix = sugg
                elif key == "MS":
                    if text.startswith(" Contin", end) or text.startswith("-Contin", end):
                        continue
                    nxt = _NEXT_WORD.match(text, end)
                    if nxt and nxt.group(1) in _MS_NOUNS:
                        continue               # "give MS patients", "MS drugs"
                    if not (ms_after.match(text, end)
                            or ms_before.search(text, max(0, start - 40), start)):
                        continue
                    sugg = 'morphine sulfate" or "magnesium sulfate'
                else:                          # MSO4, MgSO4: unambiguous, safe to spell out
                    fix = sugg
                if fix is not None and not _fixable(ctx, b, start, end):
                    fix = None
                match = text[start:end]
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=match, suggestion=sugg, problem=problem),
                    suggestions=sugg.split('" or "'), fix_text=fix,
                    data={"abbreviation": key})


# ---------------------------------------------------------------------------------------------
# PS402 / PS403 trailing and missing leading zeros

@lru_cache(maxsize=8)
def _zero_patterns(units: tuple, lab_suffixes: tuple, exceptions: tuple):
    ua = _units_alt(units)
    lab = ("(?!" + "|".join(re.escape(s) for s in lab_suffixes) + ")") if lab_suffixes else ""
    # both start at the decimal point (a literal: fast to find); the digits before it are
    # found with _INT_BEFORE
    trailing = re.compile(rf"\.(?<=[0-9]\.)[0-9]*0(?![0-9])(?={_SP}?{ua}(?![\w]|\.\w){lab})")
    leading = re.compile(rf"\.(?<![\w.,]\.)[0-9]+(?![0-9])(?={_SP}?{ua}(?![\w]|\.\w){lab})")
    exc = re.compile(rf"(?i)(?<![\w-]){_words_alt(exceptions)}(?![\w-])") if exceptions else None
    return trailing, leading, exc


_INT_BEFORE = re.compile(r"(?<![\w.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\Z")
_CLAUSE_STOP = re.compile(r"[.,;:!?()\[\]]")
_SENTENCE_STOP = re.compile(r"[;!?\n]|\.(?=\s)")


def _excepted(exc: re.Pattern | None, text: str, start: int, words: int = 3,
              stops: re.Pattern = _CLAUSE_STOP) -> bool:
    """An exception word ("pH", "A1C", "size") among the few words before ``start``, not
    looking past a ``stops`` match (a clause or a sentence boundary)."""
    if exc is None:
        return False
    seg = text[max(0, start - 80):start]
    cut = None
    for cut in stops.finditer(seg):
        pass
    if cut is not None:
        seg = seg[cut.end():]
    tail = " ".join(seg.split()[-words:])
    return exc.search(tail) is not None


def _strip_zeros(num: str) -> str:
    s = num.rstrip("0")
    return s[:-1] if s.endswith(".") else s


_ZERO_PARAMS = {
    "units": _UNITS_PARAM,
    "lab_suffixes": {"type": "array", "items": {"type": "string", "minLength": 1},
                     "description": "text right after the unit that marks a lab value "
                                    "(mg/dL, mmol/L): not flagged"},
    "exceptions_before": {"type": "array", "items": {"type": "string", "minLength": 1},
                          "description": "words within the 3 words before the number that "
                                         "mark a lab value or a size (pH, A1C, size)"},
    "languages": _LANG_PARAM,
}
_ZERO_DEFAULTS = {"units": DOSE_UNITS, "lab_suffixes": ["/dL", "/dl", "/L", "/l"],
                  "exceptions_before": ["pH", "A1C", "HbA1c", "INR", "size", "gauge"],
                  "languages": None}


class TrailingZero(_Base):
    KIND = "trailing-zero"
    PARAMS = _ZERO_PARAMS
    DEFAULTS = _ZERO_DEFAULTS

    def run(self, ctx: Context) -> Iterator[Finding]:
        trailing, _, exc = _zero_patterns(tuple(self.p("units")), tuple(self.p("lab_suffixes")),
                                          tuple(self.p("exceptions_before")))
        for b in self.blocks(ctx):
            text = b.text
            if "." not in text:
                continue
            for m in trailing.finditer(text):
                dot, end = m.span()
                ib = _INT_BEFORE.search(text, max(0, dot - 24), dot)
                if ib is None:
                    continue                   # "v1.0 mg", "1.2.0 mg"
                start = ib.start()
                if _excepted(exc, text, start):
                    continue
                num = text[start:end]
                good = _strip_zeros(num)
                misread = num.replace(".", "").replace(",", "").lstrip("0") or "0"
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=num, suggestion=good, misread=misread),
                    suggestions=[good],
                    fix_text=good if _fixable(ctx, b, start, end) else None)


class LeadingZero(_Base):
    KIND = "leading-zero"
    PARAMS = _ZERO_PARAMS
    DEFAULTS = _ZERO_DEFAULTS

    def run(self, ctx: Context) -> Iterator[Finding]:
        _, leading, exc = _zero_patterns(tuple(self.p("units")), tuple(self.p("lab_suffixes")),
                                         tuple(self.p("exceptions_before")))
        for b in self.blocks(ctx):
            text = b.text
            if "." not in text:
                continue
            for m in leading.finditer(text):
                start, end = m.span()
                if _excepted(exc, text, start):
                    continue
                num = m.group()
                good = "0" + num
                if good.endswith("0"):          # ".50" -> "0.5": no trailing zero either
                    good = _strip_zeros(good)
                misread = num[1:].lstrip("0") or num[1:]
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=num, suggestion=good, misread=misread),
                    suggestions=[good],
                    fix_text=good if _fixable(ctx, b, start, end) else None)


# ---------------------------------------------------------------------------------------------
# PS404 ISMP error-prone abbreviations

# context flags
NUM = "number"        # right after a number: "5 cc", "50ug"
DOSE = "dose"         # the clause is a dose instruction
DOSENUM = "dosenum"   # the clause holds a number + dose unit ("2 tablets"): for symbols
DROPS = "drops"       # the clause talks about drops, eyes or ears
UNIT = "unit"         # right after a number + dose unit: "4 mg IN", "1 tablet OD"
NEAR = "near"         # before a number + unit or right after a dosing verb: "HCT 25 mg"
ALWAYS = "always"

# key: (variants, contexts, suggestions, problem, fix)
# variants: (first character, rest of the pattern, boundary) with boundary "w" (a whole word),
# "u" (a unit: a digit may come right before it) or "" (the rest checks its own context).
# contexts: all must hold, except OD, which needs DROPS or UNIT.
# fix: None | "const" (first suggestion) | "plural" (first suggestion, singular/plural by the
# number before) | "adverb" (first suggestion, only at the end of a phrase) | "symbol".
_ISMP: dict[str, tuple[tuple, tuple, tuple, str, str | None]] = {
    "cc": ((("c", "c", "u"), ("C", "C", "u")), (NUM,), ("mL",),
           'it is mistaken for "U" (units) when written poorly.', "const"),
    "µg": ((("µ", "g", "u"), ("μ", "g", "u")), (ALWAYS,), ("micrograms", "mcg"),
           'it is mistaken for "mg" (milligrams), a 1,000-fold overdose.', "plural"),
    "ug": ((("u", "g", "u"),), (NUM,), ("micrograms", "mcg"),
           'it is mistaken for "mg" (milligrams), a 1,000-fold overdose.', "plural"),
    "D/C": ((("D", "/[Cc]", "w"), ("d", "/[cC]", "w")), (ALWAYS,), ("discharge", "stop"),
            'it can mean "discharge" or "discontinue" (stop), so medicines may be stopped '
            "by mistake.", None),
    "HS": ((("H", "S", "w"), ("h", "s", "w"), ("h", r"\.s" + _DOT, "w")), (DOSE,),
           ("at bedtime", "half-strength"),
           'it can mean "half-strength" or "at bedtime".', None),
    "qhs": ((("q", "hs", "w"), ("Q", "HS", "w"), ("q", r"\.h\.s" + _DOT, "w"),
             ("Q", r"\.H\.S" + _DOT, "w")), (ALWAYS,), ("nightly at bedtime",),
            'it is mistaken for "qhr" (every hour).', "adverb"),
    "qn": ((("q", "n", "w"), ("Q", "N", "w"), ("q", r"\.n" + _DOT, "w")), (DOSE,),
           ("nightly",), 'it is mistaken for "qh" (every hour).', "adverb"),
    "SC": ((("S", "[CQ]", "w"), ("s", r"\.[cq]" + _DOT, "w")), (DOSE,), ("under the skin",),
           'it is mistaken for "SL" (under the tongue) or "5 every".', None),
    "subq": ((("s", "ub[- ]?[qQ]", "w"), ("S", "ub[- ]?[qQ]", "w"), ("S", "UB[- ]?Q", "w")),
             (ALWAYS,), ("under the skin",), 'the "q" is mistaken for "every".', None),
    "OD": ((("O", "D", "w"),), (DOSE, DROPS, UNIT), ("right eye", "once daily"),
           'it can mean "right eye" or "once daily", so oral medicine has been put in the '
           "eye.", None),
    "OS": ((("O", "S", "w"),), (DOSE, DROPS), ("left eye",),
           'it is mistaken for "OD" (right eye) or "AS" (left ear).', None),
    "OU": ((("O", "U", "w"),), (DOSE, DROPS), ("both eyes",),
           'it is mistaken for "AU" (both ears).', None),
    "AD": ((("A", "D", "w"),), (DOSE, DROPS), ("right ear",),
           'it is mistaken for "OD" (right eye).', None),
    "AS": ((("A", "S", "w"),), (DOSE, DROPS), ("left ear",),
           'it is mistaken for "OS" (left eye).', None),
    "AU": ((("A", "U", "w"),), (DOSE, DROPS), ("both ears",),
           'it is mistaken for "OU" (both eyes).', None),
    "TIW": ((("T", "IW", "w"), ("t", "iw", "w"), ("t", r"\.i\.w" + _DOT, "w")), (ALWAYS,),
            ("3 times a week",),
            'it is mistaken for "3 times a day" or "twice a week".', "adverb"),
    "BIW": ((("B", "IW", "w"), ("b", "iw", "w"), ("b", r"\.i\.w" + _DOT, "w")), (ALWAYS,),
            ("2 times a week",), 'it is mistaken for "2 times a day".', "adverb"),
    "IN": ((("I", "N", "w"),), (UNIT,), ("in the nose", "intranasal"),
           'it is mistaken for "IM" (into a muscle) or "IV" (into a vein).', None),
    "SSI": ((("S", "SI", "w"),), (DOSE,), ("sliding scale insulin", "insulin dose chart"),
            'it is mistaken for "strong solution of iodine" and also means "surgical site '
            'infection".', None),
    "HCT": ((("H", "CT", "w"),), (NEAR,), ("hydrocortisone", "hydrochlorothiazide"),
            'it can mean hydrocortisone or hydrochlorothiazide (and hematocrit).', None),
    "HCTZ": ((("H", "CTZ", "w"),), (ALWAYS,), ("hydrochlorothiazide",),
             'it is mistaken for "HCT 250 mg".', "const"),
    "q1d": ((("q", "1d", "w"), ("Q", "1D", "w"), ("q", r"\.1\.d" + _DOT, "w")), (ALWAYS,),
            ("daily",), 'it is mistaken for "qid" (4 times a day).', "adverb"),
    "@": ((("@", r"(?<=\s@)(?=\s)", ""),), (DOSENUM,), ("at",),
          'it is mistaken for "2" (two).', "const"),
    "&": ((("&", r"(?<=\s&)(?=\s)", ""),), (DOSENUM,), ("and",),
          'it is mistaken for "2" (two).', "const"),
    ">": (((">", r"(?<![\w>]>)(?=[ \u00a0]?\d)", ""),), (DOSENUM,), ("more than", "greater than"),
          'it is mistaken for "<" (less than), the opposite.', "symbol"),
    "<": ((("<", r"(?<![\w<]<)(?=[ \u00a0]?\d)", ""),), (DOSENUM,), ("less than",),
          'it is mistaken for ">" (more than), the opposite.', "symbol"),
}
# the written form (dots, spaces and hyphens removed, lower case) -> key
_ISMP_FORMS = {"cc": "cc", "µg": "µg", "μg": "µg", "ug": "ug", "d/c": "D/C", "hs": "HS",
               "qhs": "qhs", "qn": "qn", "sc": "SC", "sq": "SC", "subq": "subq", "od": "OD",
               "os": "OS", "ou": "OU", "ad": "AD", "as": "AS", "au": "AU", "tiw": "TIW",
               "biw": "BIW", "in": "IN", "ssi": "SSI", "hct": "HCT", "hctz": "HCTZ",
               "q1d": "q1d", "@": "@", "&": "&", ">": ">", "<": "<"}

# words after AS / AD / IN that show the plain English word written in capitals
_ENGLISH_NEXT = frozenset("""directed needed prescribed instructed told soon well long much
often usual usually follows possible a an the your you each both one this that these those it
his her their my our front order case addition every any all""".split())
_DROP_WORDS = re.compile(r"(?i)(?<![\w-])(?:drops?|gtts?|eyes?|ears?|eyedrops?|eardrops?)"
                         r"(?![\w-])")
_INSULIN = re.compile(r"(?i)(?<![\w-])(?:insulin|units?)(?![\w-])")
_ADVERB_NEXT = frozenset("""and or with for as until if before after unless to on at in
when while every each daily""".split())
_STATE_BEFORE = re.compile(r"[A-Z][a-z]+,[ \u00a0]?\Z")
_STATE_AFTER = re.compile(r"[ \u00a0]?\d{5}|[ \u00a0]*(?:[.,;)]|$)")


@lru_cache(maxsize=8)
def _ismp_patterns(units: tuple, verbs: tuple, keys: tuple):
    variants = []
    for k in keys:
        for first, rest, bound in _ISMP[k][0]:
            if bound:
                # check the second character before the boundary: most words fail there
                m = re.match(r"\\.|\[[^\]]+\]|[\w/]", rest)
                second, tail = m.group(), rest[m.end():]
                look = r"(?<![\w./]..)" if bound == "w" else r"(?<![^\W\d]..)"
                rest = second + look + tail + (_END if bound == "w" else _UEND)
            variants.append((first, rest))
    main = re.compile(_literal_first(variants))
    ua = _units_alt(units)
    near_after = re.compile(rf"{_SP}?\d[\d,]*(?:\.\d+)?{_SP}?{ua}(?![\w]|\.\w)")
    near_before = re.compile(rf"(?i:(?<![\w-]){_words_alt(verbs)}){_SP}+\Z")
    return main, near_after, near_before


def _adverbial(text: str, end: int) -> bool:
    """The abbreviation ends its phrase ("take 1 tablet qhs.", "qhs with food"), so a
    phrase such as "nightly at bedtime" can replace it without a rewrite."""
    rest = text[end:end + 20]
    stripped = rest.lstrip(" \u00a0")
    if not stripped or stripped[0] in ".,;:)!?\n":
        return True
    m = _NEXT_WORD.match(rest)
    return bool(m) and m.group(1) in _ADVERB_NEXT


class ErrorProneAbbreviation(_Base):
    KIND = "error-prone-abbreviation"
    PARAMS = {
        "units": _UNITS_PARAM,
        "dose_verbs": _VERBS_PARAM,
        "skip": {"type": "array", "items": {"enum": list(_ISMP)},
                 "description": "abbreviations not to flag"},
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"units": DOSE_UNITS, "dose_verbs": DOSE_VERBS, "skip": [],
                "languages": ["en"]}

    def run(self, ctx: Context) -> Iterator[Finding]:
        units, verbs = tuple(self.p("units")), tuple(self.p("dose_verbs"))
        skip = set(self.p("skip") or ())
        keys = tuple(k for k in _ISMP if k not in skip)
        if not keys:
            return
        main, near_after, near_before = _ismp_patterns(units, verbs, keys)
        dc = _dose_context(units, verbs)
        for b in self.blocks(ctx):
            text = b.text
            for m in main.finditer(text):
                key = _ISMP_FORMS[_STRIP.sub("", m.group()).lower()]
                start, end = m.span()
                if _quoted(text, start, end):
                    continue
                _, conds, suggs, problem, fixkind = _ISMP[key]
                if not self._context_ok(ctx, b, text, key, conds, start, end, dc,
                                        near_after, near_before):
                    continue
                fix = None
                sugg = suggs[0]
                if fixkind == "const":
                    fix = sugg
                elif fixkind == "plural":
                    num, spaced = _number_before(text, start)
                    if num is not None:
                        sugg = _plural(_number_value(num), sugg.rstrip("s"), sugg)
                        fix = sugg if spaced else " " + sugg
                elif fixkind == "adverb" and _adverbial(text, end):
                    fix = sugg
                elif fixkind == "symbol":
                    fix = sugg if end < len(text) and text[end] in " \u00a0" else sugg + " "
                if key == "&" and _names_around(text, start, end):
                    continue
                if fix is not None and not _fixable(ctx, b, start, end):
                    fix = None
                match = text[start:end]
                shown = '" or "'.join((sugg,) + tuple(s for s in suggs[1:]))
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=match, suggestion=shown, problem=problem),
                    suggestions=[sugg, *suggs[1:]], fix_text=fix,
                    data={"abbreviation": key})

    @staticmethod
    def _context_ok(ctx, b, text, key, conds, start, end, dc, near_after, near_before) -> bool:
        if ALWAYS in conds:
            return not (key == "µg" and _LAB_AFTER.match(text, end))
        if NUM in conds:                                  # cc, ug: not lab units (ug/dL)
            return (_number_before(text, start)[0] is not None
                    and not _LAB_AFTER.match(text, end))
        if DOSENUM in conds:                              # @ & > <
            if key in "<>" and _LAB_VALUE_AFTER.match(text, end):
                return False                   # "<10 ug/dL", "> 7%": a lab value
            return dc.clause_has(ctx, b, start, dc.num_unit)
        if NEAR in conds:
            return bool(near_after.match(text, end)
                        or near_before.search(text, max(0, start - 30), start))
        if UNIT in conds and DROPS not in conds:          # IN
            # "4 mg IN", "1 spray IN each nostril"; not "PUT 2 SPRAYS IN EACH NOSTRIL"
            return dc.after_unit(text, start) and not _all_caps_around(text, start, end)
        if DOSE in conds and not dc.in_dose(ctx, b, start):
            return False
        if key in ("SC", "HS") and _STATE_BEFORE.search(text, max(0, start - 30), start) \
                and _STATE_AFTER.match(text, end):
            return False                       # "Columbia, SC 29201"
        if DROPS in conds:
            drops = dc.clause_has(ctx, b, start, _DROP_WORDS)
            if not drops and not (UNIT in conds and dc.after_unit(text, start)):
                return False
            if key in ("AS", "AD"):
                nxt = _NEXT_WORD.match(text, end)
                if nxt and nxt.group(1).lower() in _ENGLISH_NEXT:
                    return False               # "USE AS DIRECTED", "ADD AS NEEDED"
        if key == "SSI" and not dc.clause_has(ctx, b, start, _INSULIN):
            return False                       # SSI: also "surgical site infection"
        return True


# a unit per volume ("ug/dL", "µg/ml") is a lab value or a concentration, not a dose
_LAB_AFTER = re.compile(r"/(?:d?[lL]|m[lL])\b")
_LAB_VALUE_AFTER = re.compile(r"[ \u00a0]?[0-9][0-9.,]*[ \u00a0]?"
                              r"(?:%|[^\s/]{1,6}/(?:d?[lL]|m[lL])\b)")
_PREV_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z\n]{0,12}\Z")


def _all_caps_around(text: str, start: int, end: int) -> bool:
    """The word sits in a run of capitals ("TAKE 2 TABLETS IN THE MORNING"): the capitals say
    nothing about it being an abbreviation."""
    prev = _PREV_WORD.search(text, max(0, start - 40), start)
    nxt = _NEXT_WORD.match(text, end)
    return bool(prev and nxt and len(prev.group(1)) > 1 and prev.group(1).isupper()
                and nxt.group(1).isupper())


def _names_around(text: str, start: int, end: int) -> bool:
    """'&' between capitalised words is part of a name ("Johnson & Johnson")."""
    before = text[max(0, start - 30):start].rstrip()
    after = text[end:end + 30].lstrip()
    wb = re.search(r"(\w+)\W*\Z", before)
    return bool(wb and wb.group(1)[:1].isupper() and after[:1].isupper())


# ---------------------------------------------------------------------------------------------
# PS405 numeric dates

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# starts with a digit class and checks the character before it afterwards (fast to scan)
_DATE = re.compile(r"""
    [0-9](?<![\w/.\-:,][0-9])
    (?:
        [0-9]{3}(?P<s1>[/\-.])[0-9]{1,2}(?P=s1)[0-9]{1,2}             # 2026-03-04
      | [0-9]?(?P<s2>[/\-])[0-9]{1,2}(?P=s2)(?:[0-9]{4}|[0-9]{2})     # 03/04/2026, 3-4-26
      | [0-9]?\.[0-9]{1,2}\.(?:19|20)[0-9]{2}                        # 3.4.2026
    )
    (?![\w/\-]|[.:,][0-9])
""", re.X)
_DATE_SEP = re.compile(r"[/\-.]")


def _date_groups(m: re.Match) -> dict | None:
    parts = _DATE_SEP.split(m.group())
    if m.group("s1"):
        if not "1900" <= parts[0] <= "2099":
            return None
        return {"y1": parts[0], "m1": parts[1], "d1": parts[2]}
    if m.group("s2"):
        return {"a": parts[0], "b": parts[1], "y2": parts[2]}
    return {"a3": parts[0], "b3": parts[1], "y3": parts[2]}


# dates without a year: "on 4/12", "until 12/24,"
_DATE_MD = re.compile(r"[0-9](?<![\w/.\-:,$][0-9])[0-9]?/[0-9]{1,2}(?![\w/\-%]|[.,:][0-9])")
_MD_BEFORE = re.compile(r"(?i)(?<![\w-])(?:on|until|till|through|thru|since|starting|"
                        r"effective|dated|due|expires)[ \u00a0]+\Z")
_MD_AFTER = re.compile(r"[ \u00a0]*(?:$|[.,;:!?)\n]|(?:at|has|have|had|is|was|will|and|or|to|"
                       r"through|from|for|we|you|please|because|when|if|but|so|in|until)\b)")
_VERSION_BEFORE = re.compile(r"(?i)(?:version|release|build|ver\.?|v)[ \u00a0]*\Z")


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


_NO_YEAR = 2024        # a leap year: "2/29" without a year can be a real date


def _words_date(y: int | None, m: int, d: int, locale: str) -> str:
    if y is None:
        return f"{d} {MONTHS[m - 1]}" if locale == "uk" else f"{MONTHS[m - 1]} {d}"
    return f"{d} {MONTHS[m - 1]} {y}" if locale == "uk" else f"{MONTHS[m - 1]} {d}, {y}"


def _year(s: str | None) -> int:
    if s is None:
        return _NO_YEAR
    y = int(s)
    if len(s) == 2:                 # fixed pivot: 00-49 -> 2000s, 50-99 -> 1900s
        y += 2000 if y < 50 else 1900
    return y


def read_date(groups: dict, locale: str = "us"):
    """Interpret a numeric date match: returns ``(suggestion, problem, ambiguous, year_first)``
    or ``None`` when no reading is a real date."""
    if groups.get("y1"):
        y, m, d = int(groups["y1"]), int(groups["m1"]), int(groups["d1"])
        if not _valid(y, m, d):
            return None
        return (_words_date(y, m, d, locale),
                "Year-first dates are hard to read for many patients.", False, True)
    if groups.get("a3"):
        a, b_, ys = groups["a3"], groups["b3"], groups["y3"]
    else:
        a, b_, ys = groups["a"], groups["b"], groups["y2"]
    y = _year(ys)
    a, b_ = int(a), int(b_)
    us = _valid(y, a, b_)          # month first
    uk = _valid(y, b_, a)          # day first
    if not us and not uk:
        return None
    if ys is None:
        y = None                   # "4/12": no year to write
    if us and uk and a != b_:
        first = (y, a, b_) if locale == "us" else (y, b_, a)
        other = (y, b_, a) if locale == "us" else (y, a, b_)
        other_words = (f"{other[2]} {MONTHS[other[1] - 1]}" if locale == "us"
                       else f"{MONTHS[other[1] - 1]} {other[2]}")
        sugg = f"{_words_date(*first, locale)} (if you mean {other_words}, write that in words)"
        problem = (f"It means {MONTHS[a - 1]} {b_} in the US but {a} {MONTHS[b_ - 1]} in the "
                   "UK and most other countries.")
        return sugg, problem, True, False
    y, m, d = (y, a, b_) if us else (y, b_, a)
    return (_words_date(y, m, d, locale),
            "Numeric dates are read differently in different countries and are easy to "
            "misread.", False, False)


class NumericDate(_Base):
    KIND = "numeric-date"
    PARAMS = {
        "severity_by_profile": {
            "type": "object",
            "additionalProperties": False,
            "properties": {p: {"enum": ["error", "warning", "info"]}
                           for p in ("letter", "web", "portal")},
            "description": "severity per profile (the rule's severity otherwise)"},
        "year_first_severity": {"enum": ["error", "warning", "info", None],
                                "description": "severity for year-first dates (2026-03-04), "
                                               "which are unambiguous but hard to read; null: "
                                               "do not flag them"},
        "locale": _LOCALE_PARAM,
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"severity_by_profile": {}, "year_first_severity": "info", "locale": "us",
                "languages": ["en"]}

    def run(self, ctx: Context) -> Iterator[Finding]:
        sev_map = self.p("severity_by_profile") or {}
        sev = Severity.parse(sev_map[ctx.profile]) if ctx.profile in sev_map else None
        yf = self.p("year_first_severity")
        locale = self.p("locale")
        for b in self.blocks(ctx):
            text = b.text
            if not _has_digit(ctx, b):
                continue
            for m in _DATE.finditer(text):
                g = _date_groups(m)
                got = read_date(g, locale) if g else None
                if got is None:
                    continue
                sugg, problem, ambiguous, year_first = got
                severity = sev
                if year_first:
                    if yf is None:
                        continue
                    severity = Severity.parse(yf)
                start, end = m.span()
                if "a3" in g and _VERSION_BEFORE.search(text, max(0, start - 20), start):
                    continue                   # "version 1.2.2026"
                fix = None
                # a fix only for one possible reading and a four-digit year (the century of
                # "3/4/26" is a guess)
                if (not ambiguous and len(g.get("y2", "yyyy")) == 4
                        and _fixable(ctx, b, start, end)):
                    fix = sugg
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=text[start:end], suggestion=sugg, problem=problem),
                    severity=severity, suggestions=[sugg.split(" (if you mean")[0]],
                    fix_text=fix, data={"ambiguous": ambiguous})
            if "/" in text:
                yield from self._month_day(ctx, b, sev, locale)

    def _month_day(self, ctx: Context, b: Block, sev, locale: str) -> Iterator[Finding]:
        """Dates without a year ("on 4/12") only after a date word and before the end of the
        phrase, so fractions ("1/2 tablet", "by 1/3", "3/4 cup") and scores pass."""
        text = b.text
        for m in _DATE_MD.finditer(text):
            start, end = m.span()
            if not _MD_BEFORE.search(text, max(0, start - 20), start):
                continue
            if not _MD_AFTER.match(text, end):
                continue
            a, _, b_ = m.group().partition("/")
            got = read_date({"a": a, "b": b_, "y2": None}, locale)
            if got is None:
                continue
            sugg, problem, ambiguous, _ = got
            yield ctx.finding(
                self.rule, b, start, end,
                self.message(match=text[start:end], suggestion=sugg, problem=problem),
                severity=sev, suggestions=[sugg.split(" (if you mean")[0]],
                data={"ambiguous": ambiguous})


# ---------------------------------------------------------------------------------------------
# PS406 percentages -> natural frequencies

def _group(n: int) -> str:
    return f"{n:,}"


def _fraction_candidates() -> tuple[tuple[float, int, int], ...]:
    """(penalty, k, N) for "k in N": "1 in N" up to 10 or with a round N is simplest; other
    "1 in N" next; "k in 3/4/5", "k in 10", "k in 100", "k in 1,000" have small penalties."""
    cands: list[tuple[float, int, int]] = []
    for n in range(2, 1001):
        if n <= 10 or n in (20, 25, 50, 100, 200, 250, 500, 1000):
            pen = 0.0
        else:
            pen = 0.04 if n <= 100 else 0.06
        cands.append((pen, 1, n))
    for n in (3, 4, 5):
        for k in range(2, n):
            cands.append((0.01, k, n))
    for n, pen in ((10, 0.01), (100, 0.03), (1000, 0.05)):
        for k in range(2, n):
            cands.append((pen, k, n))
    return tuple(cands)


_FRACTIONS = _fraction_candidates()


@lru_cache(maxsize=1024)
def natural_frequency(pct: float) -> str | None:
    """The simplest natural frequency close to ``pct`` percent: "about 1 in 7" for 14%,
    "1 in 2 (half)" for 50%, "3 in 100" for 3%. ``None`` for 0, 100 or more.

    Score = relative error + a simplicity penalty (see :func:`_fraction_candidates`); the
    lowest score wins, and "about" is added unless the fraction is exact."""
    if pct <= 0 or pct >= 100:
        return None
    p = pct / 100.0
    if pct < 0.1:                                 # rarer than 1 in 1,000: round N
        n = 100.0 / pct
        mag = 10 ** (len(str(int(n))) - 1)
        n_r = int(round(n / mag) * mag)
        exact = abs(n_r - n) / n < 1e-9
        return ("" if exact else "about ") + f"1 in {_group(n_r)}"
    best = None
    for pen, k, n in _FRACTIONS:
        err = abs(k / n - p) / p
        score = err + pen
        if best is None or score < best[0] - 1e-12:
            best = (score, err, k, n)
    _, err, k, n = best
    text = f"{k} in {_group(n)}"
    if (k, n) == (1, 2):
        text += " (half)"
    return text if err < 1e-9 else "about " + text


_PERCENT = re.compile(r"[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?"
                      r"(?P<sign>[ \u00a0]?%|[ \u00a0](?i:percent|per cent)(?![\w]))")


class Percentage(_Base):
    KIND = "percentage"
    PARAMS = {
        "skip_before": {"type": "array", "items": {"type": "string", "minLength": 1},
                        "description": "words within `window` words before the number that show "
                                       "it is not a frequency (A1C, discount, by)"},
        "skip_after": {"type": "array", "items": {"type": "string", "minLength": 1},
                       "description": "words or phrases right after the percentage that show "
                                      "it is not a frequency (off, milk, of the cost)"},
        "window": {"type": "integer", "minimum": 0, "maximum": 10,
                   "description": "how many words before the number skip_before looks at"},
        "products": {"type": "array", "items": {"type": "string", "minLength": 1},
                     "description": "nouns within the 3 words after the percentage, or right "
                                    "before it, that make it a strength, not a frequency "
                                    "(1% hydrocortisone cream, shampoo 1%)"},
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"skip_before": [], "skip_after": [], "window": 5, "products": [],
                "languages": ["en"]}
    DEFAULT_SCOPE = NO_TABLES

    def run(self, ctx: Context) -> Iterator[Finding]:
        before = _before_re(tuple(self.p("skip_before")))
        window = int(self.p("window"))
        after = _after_re(tuple(self.p("skip_after")))
        products = _products_re(tuple(self.p("products")))
        for b in self.blocks(ctx):
            text = b.text
            if "%" not in text and "ercent" not in text and "ERCENT" not in text:
                continue
            for m in _PERCENT.finditer(text):
                start, end = m.span()
                val = float(text[start:m.start("sign")])
                sugg = natural_frequency(val)
                if sugg is None:
                    continue
                if after is not None and after.match(text, end):
                    continue
                if products is not None and (
                        products[0].match(text, end)
                        or products[1].search(text, max(0, start - 30), start)):
                    continue                   # "1% cream", "lindane shampoo 1%"
                # "A1c: 7.8% (goal less than 7%)": labels and brackets do not end the window
                if _excepted(before, text, start, window, _SENTENCE_STOP):
                    continue
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=text[start:end], suggestion=sugg),
                    suggestions=[sugg], data={"percent": val})


@lru_cache(maxsize=8)
def _before_re(words: tuple):
    return re.compile(rf"(?i)(?<![\w-]){_words_alt(words)}(?![\w-])") if words else None


@lru_cache(maxsize=8)
def _products_re(words: tuple):
    """(a product noun within the 3 words after, a product noun right before)."""
    if not words:
        return None
    alt = _words_alt(words)
    return (re.compile(rf"(?i)(?:[ \u00a0]+[\w-]+){{0,2}}?[ \u00a0]+{alt}(?![\w-])"),
            re.compile(rf"(?i)(?<![\w-]){alt}[ \u00a0]+\Z"))


@lru_cache(maxsize=8)
def _after_re(phrases: tuple):
    if not phrases:
        return None
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in
                   sorted(phrases, key=lambda s: -len(s)))
    return re.compile(rf"(?i)[ \u00a0]*(?:-[ \u00a0]*)?(?:{alt})(?![\w])")


# ---------------------------------------------------------------------------------------------
# PS407 ranges written with a dash

DAYS = {"mon": "Monday", "tue": "Tuesday", "tues": "Tuesday", "wed": "Wednesday",
        "weds": "Wednesday", "thu": "Thursday", "thur": "Thursday", "thurs": "Thursday",
        "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
_DAY = (r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:s|nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?"
        r"|Sat(?:urday)?|Sun(?:day)?|MON(?:DAY)?|TUE(?:S(?:DAY)?)?|WED(?:S|NESDAY)?"
        r"|THU(?:R(?:S(?:DAY)?)?)?|FRI(?:DAY)?|SAT(?:URDAY)?|SUN(?:DAY)?)")
_AMPM = r"(?:[ \u00a0]?(?:[ap]\.m\.|[AP]\.M\.|[ap]m|[AP]M)(?![\w]))"
_RNUM = r"(?:\d{1,2}:\d\d|\d[\d,]*(?:\.\d+)?)"
# numeric ranges start at a digit and check the character before it afterwards
_RANGE_NUM = re.compile(rf"""
    [0-9](?<![\w.,/:\-–+#$£€][0-9])
    (?:[0-9]?:[0-9]{{2}}|[0-9,]*(?:\.[0-9]+)?){_AMPM}?
    (?P<dash>-|[ \u00a0]?–[ \u00a0]?)
    {_RNUM}{_AMPM}?
    (?![\w/:\-–]|[.,][0-9])
""", re.X)
_DAY_TAILS = {"M": "on(?:day)?|ON(?:DAY)?",
              "T": ("ue(?:s(?:day)?)?|UE(?:S(?:DAY)?)?|hu(?:r(?:s(?:day)?)?)?"
                    "|HU(?:R(?:S(?:DAY)?)?)?"),
              "W": "ed(?:s|nesday)?|ED(?:S|NESDAY)?",
              "F": "ri(?:day)?|RI(?:DAY)?",
              "S": "at(?:urday)?|AT(?:URDAY)?|un(?:day)?|UN(?:DAY)?"}
_RANGE_DAY = re.compile(
    "(?:" + "|".join(f"{f}(?<![\\w\\-–]{f})(?:{t})" for f, t in _DAY_TAILS.items()) + ")"
    + rf"\.?(?P<ddash>[ \u00a0]?[-–][ \u00a0]?)(?P<d2>{_DAY})\.?(?![\w\-–])")


_SCORE_BEFORE = re.compile(r"(?i)(?<![\w-])(?:score|scored|won|lost|beat|vote|votes|record|"
                           r"ratio|of)[ \u00a0]+\Z")


_ID_BEFORE = re.compile(
    r"(?i)(?<![\w-])(?:forms?|law|p\.?l\.?|no\.?|number|nos\.?|numbers|#|code|codes|model|"
    r"memo|memos|publication|pub|bulletin|directive|order|docket|bill|"
    r"part|item|ref|section|sections|§|policy|claim|case|account|id|cpt|icd(?:-10)?)"
    r"[ \u00a0]*(?:[0-9][\w\-–]*[ \u00a0]*(?:,|and|or|&)[ \u00a0]*)*\Z")


def _range_value(s: str) -> float | None:
    s = re.sub(r"[^\d.:,]", "", s)
    if ":" in s:
        h, _, m = s.partition(":")
        return int(h) + int(m[:2] or 0) / 60
    return _number_value(s)


def _day_name(s: str) -> str:
    s = s.rstrip(".").lower()
    return DAYS.get(s[:4] if s[:4] in DAYS else s[:3], s.capitalize()) \
        if s not in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                     "sunday") else s.capitalize()


def _is_id_like(left: str, right: str) -> bool:
    """Phone numbers (555-0100), ZIP+4 (20001-1234), account and form numbers (1234-5678,
    21-0966, 22-1999)."""
    if not (left.isdigit() and right.isdigit()):
        return False
    ll, lr = len(left), len(right)
    if lr > 1 and right[0] == "0":
        return True
    if left == "1" and lr == 3 and right[0] == "8":
        return True                            # "1-800 QUITNOW": a toll-free prefix
    if left == right:
        return True                            # "a 50-50 chance"
    if ll <= 2 and lr == 4 and not right.startswith(("1000", "2000", "5000")):
        return True
    if (ll, lr) in ((3, 4), (5, 4), (3, 3), (4, 3)):
        return True
    if ll == 4 and lr == 4:
        a, b_ = int(left), int(right)
        return not (1900 <= a <= 2100 and a < b_ <= 2100)
    return ll >= 5 and lr >= 5 or ll >= 6 or lr >= 6


class RangeDash(_Base):
    KIND = "range-dash"
    PARAMS = {"languages": _LANG_PARAM}
    DEFAULTS = {"languages": ["en"]}
    DEFAULT_SCOPE = NO_TABLES

    def run(self, ctx: Context) -> Iterator[Finding]:
        for b in self.blocks(ctx):
            text = b.text
            if "-" not in text and "–" not in text:
                continue
            if _has_digit(ctx, b):
                for m in _RANGE_NUM.finditer(text):
                    start, end = m.span()
                    left, right = text[start:m.start("dash")], text[m.end("dash"):end]
                    if not self._number_range(text, start, left, right):
                        continue
                    sugg = f"{left} to {right}"
                    yield ctx.finding(
                        self.rule, b, start, end,
                        self.message(match=text[start:end], suggestion=sugg),
                        suggestions=[sugg],
                        fix_text=sugg if _fixable(ctx, b, start, end) else None)
            for m in _RANGE_DAY.finditer(text):
                start = m.start()
                d1, d2 = text[start:m.start("ddash")].rstrip("."), m.group("d2")
                if d1.lower()[:3] == d2.lower()[:3]:
                    continue
                end = m.end("d2")
                if (text[end:end + 1] == "." and d2.lower() in DAYS
                        and not _sentence_end(text, end + 1)):
                    end += 1                   # "Mon.–Fri. only"; not the full stop
                sugg = f"{_day_name(d1)} to {_day_name(d2)}"
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=text[start:end], suggestion=sugg),
                    suggestions=[sugg],
                    fix_text=sugg if _fixable(ctx, b, start, end) else None)

    @staticmethod
    def _number_range(text: str, start: int, left: str, right: str) -> bool:
        if _is_id_like(left, right):
            return False
        if left[:1] == "0" and len(left) > 1 and left[1:2].isdigit():
            return False                       # "0800-1700" is PS408's; codes "01-23"
        lv, rv = _range_value(left), _range_value(right)
        if lv is not None and rv is not None and lv > rv and not (lv <= 12 and rv <= 12):
            return False                       # "64-18" is not a range
        if _SCORE_BEFORE.search(text, max(0, start - 20), start):
            return False                       # "won 3-2", "a vote of 5-4"
        if _ID_BEFORE.search(text, max(0, start - 60), start):
            return False                       # "VA Form 21-674", "Public Law 110-181"
        return True


# ---------------------------------------------------------------------------------------------
# PS408 ambiguous and 24-hour times

# starts at a digit and checks the character before it afterwards (fast to scan)
_TIME = re.compile(r"""
    [0-9](?<![\w.:/\-*#+=^][0-9])
    (?:
        (?<=1)2(?::00)?[ \u00a0]?                                        # 12pm, 12:00 a.m.
        (?P<half>(?P<pm>[pP]\.[mM]\.?|[pP][mM])|(?P<am>[aA]\.[mM]\.?|[aA][mM]))(?![\w])
      | [0-9]?(?P<colon>:)[0-5][0-9]                                     # 17:30, 08:00
        (?![\w:]|[.,][0-9]|[ \u00a0]?[aApP]\.?[mM]\b)
      | [0-9]{3}[ \u00a0]?(?P<hrs>hrs|hr|hours|h)(?![\w])                # 1730hrs, 0800 hours
    )
""", re.X)


def _sentence_end(text: str, end: int) -> bool:
    """The text after ``end`` starts a new sentence (or there is none)."""
    rest = text[end:end + 3].lstrip(" \u00a0")
    return not rest or rest[0].isupper() or rest[0] == "\n"


def _twelve_hour(h: int, m: int, locale: str) -> str:
    if h == 0 and m == 0:
        return "midnight"
    if h == 12 and m == 0:
        return "noon"
    suffix = ("a.m." if h < 12 else "p.m.") if locale == "us" else ("am" if h < 12 else "pm")
    h12 = h % 12 or 12
    t = f"{h12}:{m:02d}" if m else f"{h12}"
    return f"{t} {suffix}" if locale == "us" else f"{t}{suffix}"


class AmbiguousTime(_Base):
    KIND = "ambiguous-time"
    PARAMS = {"locale": _LOCALE_PARAM, "languages": _LANG_PARAM}
    DEFAULTS = {"locale": "us", "languages": ["en"]}

    def run(self, ctx: Context) -> Iterator[Finding]:
        locale = self.p("locale")
        for b in self.blocks(ctx):
            text = b.text
            if not _has_digit(ctx, b):
                continue
            for m in _TIME.finditer(text):
                start, end = m.span()
                if m.group("half"):
                    pm = m.group("pm") is not None
                    if m.group("half").count(".") == 2 and _sentence_end(text, end):
                        end -= 1               # "at 12 p.m. Then": the dot ends the sentence
                    sugg = "noon" if pm else "midnight"
                    problem = ("is ambiguous: people disagree whether 12 p.m. and 12 a.m. "
                               "mean noon or midnight.")
                elif m.group("colon"):
                    hs, _, ms = m.group().partition(":")
                    h, mi = int(hs), int(ms)
                    if h > 23 or not (h >= 13 or hs.startswith("0")):
                        continue
                    if _ratio_context(text, start):
                        continue
                    sugg = _twelve_hour(h, mi, locale)
                    problem = "is a 24-hour time, which many readers find hard to read."
                else:
                    digits = m.group()[:4]
                    h, mi = int(digits[:2]), int(digits[2:])
                    if h > 23 or mi > 59:
                        continue
                    sugg = _twelve_hour(h, mi, locale)
                    problem = "is a 24-hour (military) time, which many readers find hard " \
                              "to read."
                yield ctx.finding(
                    self.rule, b, start, end,
                    self.message(match=text[start:end], suggestion=sugg, problem=problem),
                    suggestions=[sugg],
                    fix_text=sugg if _fixable(ctx, b, start, end) else None)
            yield from self._bare(ctx, b, locale)

    def _bare(self, ctx: Context, b: Block, locale: str) -> Iterator[Finding]:
        """24-hour times with no "hrs" ("at 1800", "12pm-1900", "0800-1700"): only after
        "at" or in a range with another time, so years, phone and form numbers pass."""
        text = b.text
        for m in _TIME_BARE.finditer(text):
            start, end = m.span()
            hhmm = m.group()
            h, mi = int(hhmm[:2]), int(hhmm[2:])
            if h > 23 or mi > 59:
                continue
            lo = max(0, start - 24)
            if (before := _BARE_RANGE_BEFORE.search(text, lo, start)) is not None:
                t = before.group("t")
                if len(t) == 4 and t.isdigit() and "0" not in (t[0], hhmm[0]):
                    continue                   # "2019-2020": years, not times
            elif (after := _BARE_RANGE_AFTER.match(text, end)) is not None:
                if "0" not in (after.group("t")[0], hhmm[0]):
                    continue
            elif _BARE_AT.search(text, lo, start):
                nxt = _NEXT_WORD.match(text, end)
                if nxt and (nxt.group(1)[0].isupper() or nxt.group(1).lower() in _NOT_TIME):
                    continue                   # "at 1800 Main Street", "at 2000 feet"
            else:
                continue
            sugg = _twelve_hour(h, mi, locale)
            problem = "is a 24-hour (military) time, which many readers find hard to read."
            yield ctx.finding(
                self.rule, b, start, end,
                self.message(match=hhmm, suggestion=sugg, problem=problem),
                suggestions=[sugg], fix_text=sugg if _fixable(ctx, b, start, end) else None)


_TIME_BARE = re.compile(r"[0-9](?<![\w.:/,$#][0-9])[0-9]{3}"
                        r"(?![\w:/%]|[.,][0-9]|[ \u00a0]?(?:hrs|hr|hours|h)\b)")
_BARE_RANGE_BEFORE = re.compile(r"(?P<t>(?i:[ap]\.?m\.?)|[0-9]{1,2}:[0-9]{2}|"
                                r"(?<![\w.,\-])[0-9]{4})[ \u00a0]?[-–][ \u00a0]?\Z")
_BARE_RANGE_AFTER = re.compile(r"[ \u00a0]?[-–][ \u00a0]?(?P<t>[0-9]{4})(?![\w:/\-]|[.,][0-9])")
_BARE_AT = re.compile(r"(?i)(?<![\w-])at[ \u00a0]+\Z")
_NOT_TIME = frozenset("""feet foot ft meters metres m miles mi km calories kcal steps mg mcg g
ml mL units people patients dollars""".split())


_RATIO_BEFORE = re.compile(r"(?i)(?<![\w-])(?:ratio|verse|verses|chapter|score|scored|odds|won|"
                           r"lost|beat)(?:[ \u00a0]+[\w-]+)?[ \u00a0]+\Z"
                           r"|[A-Z][a-z]+[ \u00a0]+\d+:\d+[ \u00a0]*[-–][ \u00a0]*\Z")


def _ratio_context(text: str, start: int) -> bool:
    return _RATIO_BEFORE.search(text, max(0, start - 30), start) is not None


KINDS = {cls.KIND: cls for cls in (DoNotUseAbbreviation, TrailingZero, LeadingZero,
                                   ErrorProneAbbreviation, NumericDate, Percentage, RangeDash,
                                   AmbiguousTime)}
