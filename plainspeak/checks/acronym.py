"""The ``acronym`` check kind (PS310 undefined-acronym).

An acronym is a word of 2+ capital letters (digits and ``&`` allowed inside, hyphenated
capital parts such as "PA-C" or "COVID-19", an optional lower-case first letter as in "eGFR",
and an optional plural "s" or possessive "'s": "PCPs"). It is reported once per document, at
its first use, when it is not expanded there:

* "primary care provider (PCP)": the words before the parenthesis spell the acronym's letters
  (loosely: Schwartz & Hearst's algorithm, letters may come from inside words, as in
  "nonsteroidal anti-inflammatory drugs (NSAIDs)");
* "PCP (primary care provider)": the words in the parenthesis spell it;
* "disseminated intravascular coagulation, or DIC", "..., also called DIC";
* "NIH: National Institutes of Health", "PCP - primary care provider";
* any of these with the rule's ``known`` expansion; "PCP, which stands for ...";
* HTML ``<abbr title="...">`` or ``<dfn>`` (``Block.marks``).

Once expanded, later uses pass. A first use in a heading or title waits for the section
body: if the next use in body text expands it, nothing is reported (headings are short and
the body explains them); otherwise the heading use is the one reported.

Not acronyms: words in blocks written entirely in capitals (shouted headings) and in runs of 3+
all-capital words ("PLEASE READ THIS CAREFULLY"); English words in capitals (``emphasis``:
"Do NOT eat", "CALL 911"; any capitalised word of 6+ letters, or of 4+ with an English ending
such as -ED, -ING, -LY, that is not in ``known``); Roman numerals made of I, V and X ("type
II", "stage IV"; "IV" is an acronym when it is in ``known`` and not after a word such as
"stage" or "type") and stage subtypes ("stage IIB"); the tail of a compound ("1-877-222-VETS",
"non-HDL") and capitalised syllables of a pronunciation guide ("(PLATE-lets)"); two-letter
state codes before a ZIP code; time zones after a time ("4:30 p.m. ET"); gene and protein
symbols ("the PITX2 gene"); names listed in ``allow_phrases`` ("GI Bill", "PO Box"); tokens
with 3+ digits in a row (codes, IDs) or made of one repeated letter ("XXXX"). Template fields
are masked with spaces by the readers, so they never look like acronyms.

Parameters: ``allow`` (known to everyone), ``extend_allow`` (added to ``allow``, for user
configuration), ``ignore`` (left to other rules, e.g. PS4xx dose abbreviations), ``known``
(acronym -> expansion, used in the suggestion), ``emphasis`` (capitalised English words that
are never acronyms), ``allow_phrases``, ``min_caps_run`` (3), ``languages`` (default English).

Message fields: ``{match}`` (as written), ``{acronym}`` (without plural "s"), ``{expansion}``
(the known expansion, plural when the match is, or ""), ``{advice}`` (a sentence: with the
known expansion, 'Write it in full the first time: "primary care provider (PCP)".'; without
one, a general instruction). Suggestion: "expansion (ACRONYM)" when known. No fix.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..document import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, STRING, TABLE_CELL, TITLE, Block
from ..finding import Finding
from .base import Check, Context

__all__ = ["Acronym", "find_acronyms", "expands", "long_form_start", "KINDS"]

DEFAULT_ALLOW = ("OK", "TV", "ID", "US", "USA", "UK", "DNA", "MRI", "CT", "HIV", "AIDS",
                 "COVID", "COVID-19", "AM", "PM", "TTY", "PIN", "PDF", "FAQ", "ZIP")
DEFAULT_IGNORE = ("QD", "QOD", "IU", "MS", "MSO4", "MGSO4", "MgSO4", "HS", "OD", "OS", "OU",
                  "AD", "AS", "AU", "SC", "SQ", "TIW", "BIW", "DC", "QHS", "QN", "SSI", "HCT",
                  "IN")
# English words people write in capitals for emphasis ("Do NOT eat", "CALL 911", "FREE")
DEFAULT_EMPHASIS = (
    "A", "ABOUT", "AFTER", "AGAIN", "ALL", "ALSO", "ALWAYS", "AN", "AND", "ANY", "ARE", "AT",
    "BACK", "BE", "BEFORE", "BRING", "BUT", "BY", "CALL", "CAN", "CANNOT", "CAN'T", "CAUTION",
    "CHANGE", "CHECK", "CLOSED", "DANGER", "DATE", "DAY", "DAYS", "DEAR", "DO", "DON'T",
    "DOES", "DRINK", "EACH", "EAT", "EMERGENCY", "EVEN", "EVERY", "FIRST", "FOR", "FREE",
    "FROM", "GET", "GO", "HAVE", "HELP", "HERE", "HOW", "IF", "IMPORTANT", "INFORMATION",
    "IS", "IT", "ITS", "JUST", "KEEP", "LAST", "LATE", "LESS", "MAY", "MORE", "MOST", "MUST",
    "NAME", "NEED", "NEVER", "NEW", "NEXT", "NO", "NON", "NONE", "NOR", "NOT", "NOTE",
    "NOTICE", "NOW", "OF", "OFF", "ON", "ONCE", "ONE", "ONLY", "OPEN", "OR", "OTHER", "OUR",
    "OUT", "OVER", "PLEASE", "PRIVATE", "READ", "REMEMBER", "SAME", "SEE", "SHOULD", "SIGN",
    "SO", "SOON", "STOP", "SURE", "TAKE", "THAN", "THAT", "THE", "THEN", "THESE", "THIS",
    "TIME", "TO", "TODAY", "TOO", "TWO", "UNDER", "UNTIL", "UP", "URGENT", "USE", "VERY",
    "WAIT", "WARNING", "WE", "WELL", "WHAT", "WHEN", "WHERE", "WHO", "WHY", "WILL", "WITH",
    "WITHOUT", "YES", "YOU", "YOUR", "YOURS", "NB",
)

# a capitalised word: optional lower-case first letter ("eGFR"), capitals/digits/&, hyphenated
# capital parts ("PA-C", "COVID-19"), an optional plural "s" or possessive
_TOKEN = re.compile(r"(?<![\w&])([a-z]?[A-Z][A-Z0-9&]*(?:-[A-Z0-9]+)*)(s|['\u2019]s)?(?![\w&])")
_TWO_CAPS = re.compile(r"[A-Z][A-Z0-9&-]*[A-Z]")     # necessary for a token
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_CONTEXT = frozenset({"stage", "type", "grade", "class", "phase", "part", "chapter",
                            "level", "title", "section", "schedule", "tier", "step", "book",
                            "volume", "appendix", "article", "category", "form", "unit",
                            "factor", "war", "trial", "trials"})
def _english_word(core: str) -> bool:
    """A capitalised word the CMU dictionary pronounces as a word (fewer syllables than
    letters: "PLAN", "HEART"), not spelled out letter by letter like "CBC" or "MRI"."""
    from ..syllables import _load_cmu
    n = _load_cmu().get(core.lower())
    return n is not None and n < len(core) - 1


# endings of English words written in capitals ("STOPPED", "TAKING", "CAREFULLY")
_WORD_ENDINGS = ("ED", "ING", "LY", "TION", "SION", "MENT", "NESS", "ABLE", "IBLE", "FUL",
                 "LESS", "OUS", "IVE", "ANCE", "ENCE", "ITY")
_ZIP_AFTER = re.compile(r",?\s+\d{5}(?:-\d{4})?\b")
_TIME_ZONES = frozenset({"ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT",
                         "PST", "PDT", "AKST", "AKDT", "HST", "UTC", "GMT", "BST"})
_TIME_BEFORE = re.compile(r"(?:\d|[ap]\.?m\.?|[AP]\.?M\.?)\s*[()\[]?\s*,?\s*$")
_NAME_AFTER = re.compile(r"['\u2019]?s?\s+(?:genes?|proteins?|enzymes?)\b")
_ALIAS_BEFORE = re.compile(r"(?:,\s*|\s+)(?:or|also\s+called|called|also\s+known\s+as|"
                           r"known\s+as)\s+(?:an?\s+|the\s+)?$")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*,?\s*$")
_GLOSS_AFTER = re.compile(r"['\u2019]?s?\s*(?::|\s[-\u2013\u2014]|\u2014)\s*([^.;:()]{3,200})")
_DIGITS3 = re.compile(r"\d{3}")
_PAREN_AFTER = re.compile(r"\s*\(([^()]{2,160})\)")
_STANDS_FOR = re.compile(r"\s*,?\s*(?:which\s+|that\s+)?(?:stands|stand)\s+for\b|\s*,?\s*"
                         r"(?:short\s+for|meaning)\b")
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_PREV_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _letters(acr: str) -> str:
    return "".join(c for c in acr.lower() if c.isalpha())


def long_form_start(short: str, long: str) -> int:
    """Schwartz & Hearst (2003): the start in ``long`` of the shortest long form whose
    characters spell ``short``'s letters right to left, the first one at a word start;
    -1 if there is none. Only letters of ``short`` are used (loose)."""
    letters = _letters(short)
    if len(letters) < 2:
        return -1
    li = len(long) - 1
    si = len(letters) - 1
    low = long.lower()
    while si >= 0:
        c = letters[si]
        while li >= 0 and (low[li] != c or (si == 0 and li > 0 and low[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return -1
        li -= 1
        si -= 1
    return li + 1


def expands(acr: str, phrase: str, known: str | None = None) -> bool:
    """Does ``phrase`` (words next to the acronym) spell out ``acr``?"""
    phrase = phrase.strip()
    if not phrase or not any(c.isalpha() for c in phrase):
        return False
    if known and known.lower() in " ".join(phrase.lower().split()):
        return True
    n = len(_letters(acr))
    words = _WORD.findall(phrase)
    if not words:
        return False
    # only the words nearest the acronym can be its long form
    limit = min(n + 5, 2 * n)
    pos = [m.start() for m in _WORD.finditer(phrase)]
    cut = pos[-limit] if len(pos) > limit else pos[0]
    window = phrase[cut:]
    start = long_form_start(acr, window)
    if start < 0:
        return False
    long_form = window[start:]
    return len(_WORD.findall(long_form)) >= min(2, n) and len(long_form) > len(acr)


def find_acronyms(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, acronym)`` candidates in ``text``: span of the word as written and the
    acronym without a plural or possessive ending."""
    out: list[tuple[int, int, str]] = []
    first = _TWO_CAPS.search(text)       # cheap test first: most blocks have no acronym
    if first is None:
        return out
    # a token starts at most one character (a lower-case prefix, "eGFR") before the first
    # pair of capitals; the lookbehind still sees the text before ``pos``
    for m in _TOKEN.finditer(text, max(0, first.start() - 1)):
        core = m.group(1)
        upper = sum(1 for c in core if c.isupper())
        if upper < 2:
            continue
        out.append((m.start(), m.end(), core))
    return out


def _caps_runs(text: str, min_run: int) -> list[tuple[int, int]]:
    """Spans of runs of ``min_run``+ all-capital words (not across sentence punctuation)."""
    pat = _CAPS_RUNS.get(min_run)
    if pat is None:
        word = r"[A-Z][A-Z0-9&'\u2019-]*(?![\w&'\u2019-])"
        pat = _CAPS_RUNS[min_run] = re.compile(
            rf"(?<![\w&'\u2019-]){word}(?:[\s,/]+{word}){{{min_run - 1},}}")
    return [m.span() for m in pat.finditer(text)]


_CAPS_RUNS: dict[int, re.Pattern] = {}


def _shouted(block: Block) -> bool:
    """A block written all in capitals (a shouted heading or line) with 2+ words."""
    text = block.text
    if text != text.upper():
        return False
    return len(_WORD.findall(text)) >= 2


DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, TABLE_CELL, QUOTE, HEADING, STRING, TITLE})
_HEADS = frozenset({HEADING, TITLE})


class Acronym(Check):
    KIND = "acronym"
    PARAMS = {
        "allow": {"type": "array", "items": {"type": "string"},
                  "description": "acronyms everyone knows (never reported)"},
        "extend_allow": {"type": "array", "items": {"type": "string"},
                         "description": "more acronyms added to `allow`"},
        "ignore": {"type": "array", "items": {"type": "string"},
                   "description": "acronyms left to other rules (PS4xx dose abbreviations)"},
        "known": {"type": "object", "additionalProperties": {"type": "string"},
                  "description": "acronym -> expansion, suggested in the message"},
        "emphasis": {"type": "array", "items": {"type": "string"},
                     "description": "English words written in capitals for emphasis"},
        "allow_phrases": {"type": "array", "items": {"type": "string"},
                          "description": "names in which capitals are not an acronym "
                                         "(\"GI Bill\", \"PO Box\")"},
        "min_caps_run": {"type": "integer", "minimum": 2,
                         "description": "runs of this many all-capital words are not acronyms"},
        "languages": {"type": ["array", "null"], "items": {"type": "string"},
                      "description": "block languages the rule applies to (null: all)"},
    }
    DEFAULTS: dict[str, Any] = {"allow": list(DEFAULT_ALLOW), "extend_allow": [],
                                "ignore": list(DEFAULT_IGNORE), "known": {},
                                "emphasis": list(DEFAULT_EMPHASIS), "min_caps_run": 3,
                                "allow_phrases": ["PO Box", "GI Bill", "DS Logon", "CAT scan"],
                                "languages": ["en"]}

    def __init__(self, rule, params: dict[str, Any]):
        super().__init__(rule, params)
        self._sets: tuple | None = None

    def p(self, key: str) -> Any:
        if self.params and key in self.params:
            return self.params[key]
        return self.DEFAULTS[key]

    def _lists(self):
        if self._sets is None:
            skip = set(self.p("allow")) | set(self.p("extend_allow")) | set(self.p("ignore"))
            emphasis = {w.upper() for w in self.p("emphasis")}
            known = dict(self.p("known"))
            self._sets = (frozenset(skip), frozenset(emphasis), known)
        return self._sets

    def scope(self) -> frozenset:
        from .readability import resolve_scope
        return resolve_scope(getattr(self.rule, "scope", None), DEFAULT_SCOPE)

    # -- what counts --------------------------------------------------------------------------
    def _skip(self, core: str, text: str, start: int, end: int, skip, emphasis,
              known) -> bool:
        if core in skip or core.split("-")[0] in skip:
            return True
        if core.upper() in emphasis or core.replace("\u2019", "'") in emphasis:
            return True
        if len(core) >= 6 and core.isalpha() and core not in known:
            return True           # "IMPORTANT", "UTILIZED": a word in capitals
        if len(core) >= 4 and core.isalpha() and core.endswith(_WORD_ENDINGS) and (
                core not in known):
            return True           # "TAKING", "SAFELY"
        if len(core) >= 4 and core.isalpha() and core not in known and _english_word(core):
            return True           # "PLAN:", "HEART", "LUNGS" as labels: words, not acronyms
        if _DIGITS3.search(core) or len(core) > 12 or len(set(core.replace("-", ""))) == 1:
            return True
        if _ROMAN.fullmatch(core):              # "type II", "stage IV"
            m = _PREV_WORD.search(text[max(0, start - 30):start])
            prev = m.group(1).lower() if m else ""
            if core not in known or prev in _ROMAN_CONTEXT:
                return True
        elif len(core) >= 2 and core[-1] in "ABCDES" and _ROMAN.fullmatch(core[:-1]):
            m = _PREV_WORD.search(text[max(0, start - 30):start])
            prev = m.group(1).lower() if m else ""
            if prev in _ROMAN_CONTEXT or prev in ("stages", "and", "or", "to"):
                return True                     # "stage IIB", "stages IIA and IIB"
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
            return True           # part of a compound: "1-877-222-VETS", "(ah-RITH-me-ah)"
        if (end + 1 < len(text) and text[end] == "-" and text[end + 1].islower()
                and max(text.rfind("(", 0, start), text.rfind("[", 0, start))
                > max(text.rfind(")", 0, start), text.rfind("]", 0, start))):
            return True           # a pronunciation guide: "(PLATE-lets)", "[PREE-on]"
        if len(core) == 2 and core.isalpha() and _ZIP_AFTER.match(text, end):
            return True           # "Millbrook, NY 12345"
        if core in _TIME_ZONES and _TIME_BEFORE.search(text, max(0, start - 16), start):
            return True           # "8:00 - 4:30 ET", "9 a.m. ET"
        if _NAME_AFTER.match(text, end):
            return True           # "the PITX2 gene": gene and protein symbols are names
        phrases = self._phrases().get(core)
        if phrases:
            for phrase, offset in phrases:
                if text.startswith(phrase, start - offset):
                    return True   # "GI Bill", "PO Box"
        return False

    def _phrases(self) -> dict[str, list[tuple[str, int]]]:
        """``allow_phrases`` indexed by the acronyms they contain (with their offsets)."""
        ph = getattr(self, "_phrase_index", None)
        if ph is None:
            ph = {}
            for phrase in self.p("allow_phrases"):
                for s0, _e, core in find_acronyms(phrase):
                    ph.setdefault(core, []).append((phrase, s0))
            self._phrase_index = ph
        return ph

    def _expanded(self, block: Block, start: int, end: int, core: str, known) -> bool:
        text = block.text
        exp = known.get(core)
        if start > 0:
            before = text[:start].rstrip()
            after = text[end:].lstrip()
            # "primary care provider (PCP)"
            if before.endswith("(") and (after[:1] in (")", ",", ";")):
                if expands(core, before[:-1][-200:], exp):
                    return True
            # "disseminated intravascular coagulation, or DIC"; "... also called DIC"
            m = _ALIAS_BEFORE.search(text, max(0, start - 40), start)
            if m:
                lead = _TRAILING_PAREN.sub("", text[max(0, m.start() - 200):m.start()])
                if expands(core, lead, exp):
                    return True
        # "PCP (primary care provider)"
        m = _PAREN_AFTER.match(text, end)
        if m and expands(core, m.group(1), exp):
            return True
        # "NIH: National Institutes of Health", "PCP - primary care provider"
        m = _GLOSS_AFTER.match(text, end)
        if m:
            words = _WORD.findall(m.group(1))
            n = len(_letters(core))
            if expands(core, " ".join(words[:min(n + 5, 2 * n)]), exp):
                return True
        if _STANDS_FOR.match(text, end):
            return True
        for mk in block.marks:
            if mk.tag in ("abbr", "dfn") and mk.start < end and start < mk.end and (
                    mk.tag == "dfn" or mk.value):
                return True
        return False

    # -- running ------------------------------------------------------------------------------
    def run(self, ctx: Context) -> Iterator[Finding]:
        skip, emphasis, known = self._lists()
        langs = self.p("languages")
        langs = {str(x).split("-")[0].lower() for x in langs} if langs else None
        kinds = self.scope()
        min_run = int(self.p("min_caps_run"))
        done: set[str] = set()                       # reported or expanded
        pending: dict[str, tuple[Block, int, int, str]] = {}   # first use in a heading
        from .lexicon import block_langs
        blangs = block_langs(ctx) if langs is not None else None
        for i, b in enumerate(ctx.document.blocks):
            text = b.text
            if not text or b.kind not in kinds:
                continue
            if blangs is not None and blangs[i] not in langs:
                continue
            cands = find_acronyms(text)
            if not cands:
                continue
            runs = None
            for start, end, core in cands:
                if core in done:
                    continue
                if self._skip(core, text, start, end, skip, emphasis, known):
                    continue
                if runs is None:
                    if _shouted(b):
                        break
                    runs = _caps_runs(text, min_run)
                if runs and any(r0 <= start and end <= r1 for r0, r1 in runs):
                    continue
                if self._expanded(b, start, end, core, known):
                    done.add(core)
                    pending.pop(core, None)
                    continue
                if b.kind in _HEADS:
                    pending.setdefault(core, (b, start, end, core))
                    continue
                done.add(core)
                first = pending.pop(core, None)
                if first is not None:
                    yield self._finding(ctx, *first, known)
                else:
                    yield self._finding(ctx, b, start, end, core, known)
        for b, start, end, core in pending.values():
            yield self._finding(ctx, b, start, end, core, known)

    def _finding(self, ctx: Context, b: Block, start: int, end: int, core: str,
                 known) -> Finding:
        match = b.text[start:end]
        exp = known.get(core) or known.get(core.upper()) or ""
        short = match.replace("\u2019s", "").replace("'s", "")
        if exp and short != core:                    # "PCPs" -> "primary care providers"
            from .lexicon import inflect_word
            head, sep, last = exp.rpartition(" ")
            plural = inflect_word(last, "s")
            if plural:
                exp_shown = head + sep + plural
            else:
                exp_shown = exp
        else:
            exp_shown = exp
        if exp_shown:
            advice = f'Write it in full the first time: "{exp_shown} ({short})".'
            suggestions = [f"{exp_shown} ({short})"]
        else:
            advice = ("Write it in full the first time, with the short form in brackets "
                      "after it, or use plain words instead.")
            suggestions = []
        msg = self.rule.message.format(match=match, acronym=core, expansion=exp_shown,
                                       advice=advice)
        msg = " ".join(msg.split())
        return ctx.finding(self.rule, b, start, end, msg, suggestions=suggestions,
                           data={"acronym": core, "expansion": exp or None})


KINDS = {Acronym.KIND: Acronym}
