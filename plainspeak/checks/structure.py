"""Structure check kinds: sentence length, paragraph length, passive voice, third person.

Kinds:

``sentence-length``
    Sentences over ``warn`` words (warning) or ``error`` words (error). Words are counted as
    for readability (:mod:`plainspeak.readability`); masked template fields are not words.
``paragraph-length``
    Paragraph blocks with more than ``max_sentences`` sentences or ``max_words`` words.
``passive-voice``
    Each "be"/"get" + past participle (optionally with up to two adverbs in between:
    "is not usually given"). English only.
``passive-share``
    The share of sentences with passive voice in the document, when it has enough sentences.
``third-person``
    "Patients should …", "The member must …": third-person instructions to the reader.

All kinds work on the spaCy docs from ``ctx.analysis()`` and the sentence counts shared with
the readability kind (``checks.readability.sentence_table``), so each block is tokenised and
counted once per document.
"""
from __future__ import annotations

from typing import Any, Iterator

from ..document import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, STRING, TABLE_CELL
from ..finding import Finding, Severity
from ..nlp import token_table
from .base import Check, Context
from .readability import _cache, last_line, resolve_scope, sentence_table

__all__ = ["SentenceLength", "ParagraphLength", "PassiveVoice", "PassiveShare",
           "ThirdPerson", "find_passives", "KINDS"]


def _h(s: str) -> int:
    from spacy.strings import hash_string
    return hash_string(s)


class _Lazy:
    """Hash sets of word lists, built on first use (keeps ``import spacy`` lazy)."""

    def __init__(self):
        self._sets: dict[str, frozenset] = {}

    def get(self, name: str, words) -> frozenset:
        s = self._sets.get(name)
        if s is None:
            s = frozenset(_h(w) for w in words)
            self._sets[name] = s
        return s


_HASHES = _Lazy()


class _Params(Check):
    DEFAULTS: dict[str, Any] = {}
    DEFAULT_SCOPE: frozenset = frozenset()

    def p(self, key: str) -> Any:
        if self.params and key in self.params:
            return self.params[key]
        return self.DEFAULTS[key]

    def scope(self) -> frozenset:
        return resolve_scope(getattr(self.rule, "scope", None), self.DEFAULT_SCOPE)

    def langs(self) -> set | None:
        langs = self.p("languages")
        if not langs:
            return None
        return {str(x).split("-")[0].lower() for x in langs}

    def blocks(self, ctx: Context):
        """(index, block) of blocks in scope and language."""
        kinds = self.scope()
        langs = self.langs()
        for i, b in enumerate(ctx.document.blocks):
            if b.kind in kinds and (langs is None or ctx.block_lang(b) in langs):
                yield i, b


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


_LANG_PARAM = {"type": ["array", "null"], "items": {"type": "string"},
               "description": "block languages the rule applies to (null: all)"}


# ---------------------------------------------------------------------------------------------
# sentence length

class SentenceLength(_Params):
    KIND = "sentence-length"
    PARAMS = {
        "warn": {"type": "integer", "minimum": 1, "description": "warn above this many words"},
        "error": {"type": ["integer", "null"], "minimum": 1,
                  "description": "error above this many words (null: never)"},
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"warn": 20, "error": 30, "languages": None}
    DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL, STRING})

    def run(self, ctx: Context) -> Iterator[Finding]:
        table = sentence_table(ctx)
        warn, err = int(self.p("warn")), self.p("error")
        info = Severity.parse(self.rule.severity) == Severity.INFO
        for i, b in self.blocks(ctx):
            rows = table[i]
            if not rows:
                continue
            for s in rows:
                if s.words <= warn:
                    continue
                over_err = err is not None and s.words > int(err)
                sev = Severity.INFO if info else (Severity.ERROR if over_err
                                                  else Severity.WARNING)
                limit = int(err) if over_err else warn
                msg = self.message(words=s.words, warn=warn, error=err if err is not None else "",
                                   limit=limit, target=warn)
                yield ctx.finding(self.rule, b, s.start, s.end, msg, severity=sev,
                                  data={"words": s.words, "warn": warn, "error": err})


# ---------------------------------------------------------------------------------------------
# paragraph length

class ParagraphLength(_Params):
    KIND = "paragraph-length"
    PARAMS = {
        "max_sentences": {"type": "integer", "minimum": 1},
        "max_words": {"type": ["integer", "null"], "minimum": 1},
        # a paragraph of many very short sentences ("Questions? Call us.") is not a wall of
        # text: the sentence limit applies only from this many words on
        "min_words": {"type": "integer", "minimum": 0},
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"max_sentences": 3, "max_words": 60, "min_words": 30, "languages": None}
    DEFAULT_SCOPE = frozenset({PARAGRAPH})

    def run(self, ctx: Context) -> Iterator[Finding]:
        table = sentence_table(ctx)
        max_s = int(self.p("max_sentences"))
        max_w = self.p("max_words")
        for i, b in self.blocks(ctx):
            rows = table[i]
            if not rows:
                continue
            n_s = len(rows)
            n_w = sum(r.words for r in rows)
            too_many = n_s > max_s and n_w >= int(self.p("min_words"))
            if not too_many and (max_w is None or n_w <= int(max_w)):
                continue
            text = b.text
            start = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            msg = self.message(sentences=n_s, words=n_w, max_sentences=max_s,
                               max_words=max_w if max_w is not None else "",
                               sentences_text=_plural(n_s, "sentence"),
                               words_text=_plural(n_w, "word"))
            yield ctx.finding(self.rule, b, start, end, msg,
                              data={"sentences": n_s, "words": n_w})


# ---------------------------------------------------------------------------------------------
# passive voice

BE_FORMS = ("am", "is", "are", "was", "were", "be", "been", "being", "'re", "’re", "'m", "’m",
            "isnt", "arent")
GET_FORMS = ("get", "gets", "got", "gotten", "getting")
# adverbs that may stand between the auxiliary and the participle
ADVERBS = ("not", "n't", "n’t", "never", "usually", "always", "often", "also", "still",
           "already", "just", "only", "then", "now", "sometimes", "generally", "normally",
           "typically", "rarely", "seldom", "ever", "soon", "all", "both", "each", "first",
           "being", "been", "be", "mostly", "commonly", "routinely")
# -ed words that are adjectives after "be" ("I am tired"), not passive participles
ED_ADJECTIVES = (
    "interested", "tired", "worried", "scared", "excited", "pleased", "concerned", "married",
    "supposed", "bored", "confused", "embarrassed", "frightened", "surprised", "satisfied",
    "disappointed", "annoyed", "ashamed", "amazed", "relieved", "depressed", "stressed",
    "exhausted", "qualified", "skilled", "experienced", "talented", "dedicated", "committed",
    "related", "based", "involved", "closed", "crowded", "detailed", "balanced", "complicated",
    "unexpected", "aged", "armed", "limited", "unlimited", "unrelated", "unqualified",
    "unmarried", "divorced", "widowed", "engaged", "retired", "unemployed", "employed",
    "self-employed", "insured", "uninsured", "underinsured", "disabled", "handicapped",
    "sophisticated", "advanced", "learned", "beloved", "naked", "wicked", "sacred", "rugged",
    "hundred", "indeed", "need", "speed", "feed", "seed", "bleed", "breed", "proceed",
    "exceed", "succeed", "tied", "red", "bed", "shed", "wed",
    "prepared", "organized", "organised", "determined", "motivated", "informed",
    "uninformed", "educated", "overwhelmed", "puzzled", "alarmed", "upset", "exposed",
    "vaccinated", "unvaccinated", "hospitalized", "hospitalised", "pregnant",
    # stative uses that plain-language editors do not rewrite: "the clinic is located on
    # the 2nd floor", "this test is called a biopsy", "when you are finished"
    "located", "situated", "called", "named", "finished", "entitled", "bored", "unable",
)
# extra words that are not passives after a form of "get" ("get started", "get tested")
GET_ADJECTIVES = ("started", "vaccinated", "tested", "checked", "screened", "dressed", "lost",
                  "used", "hurt", "treated", "paid", "ready", "done", "better", "worse",
                  "pregnant", "sick")
IRREGULAR_PARTICIPLES = (
    "given", "taken", "seen", "done", "written", "known", "shown", "made", "sent", "told",
    "found", "held", "kept", "left", "paid", "put", "read", "brought", "bought", "caught",
    "taught", "thought", "chosen", "driven", "eaten", "fallen", "forgotten", "frozen",
    "gotten", "hidden", "ridden", "risen", "shaken", "spoken", "stolen", "sworn", "torn",
    "worn", "woken", "begun", "sung", "swum", "rung", "cut", "hit", "hurt", "let", "set",
    "shut", "spread", "split", "bitten", "blown", "drawn", "flown", "grown", "thrown",
    "withdrawn", "understood", "met", "lost", "led", "fed", "bled", "bound", "sought",
    "fought", "dealt", "felt", "meant", "slept", "swept", "spent", "lent", "built", "bent",
    "lit", "proven", "sold", "said", "heard", "won", "struck", "stuck", "hung", "shot",
    "forbidden", "forgiven", "overseen", "overtaken", "undertaken", "mistaken", "rewritten",
    "undone", "redone", "outgrown", "overdone", "upheld", "withheld", "foreseen", "beaten",
    "broadcast", "cast", "quit", "rid", "sped", "spat", "strewn", "sewn", "sown", "shorn",
    "swollen", "trodden", "wrung", "slung", "spun", "stung", "stridden", "striven",
)
# irregular participles excluded on purpose: "drunk" (almost always the adjective in patient
# text), "ground", "wound" (nouns far more often than participles)


def _word_sets():
    g = _HASHES.get
    return (g("be", BE_FORMS), g("get", GET_FORMS), g("adv", ADVERBS),
            g("adj", ED_ADJECTIVES), g("getadj", GET_ADJECTIVES),
            g("irr", IRREGULAR_PARTICIPLES))


_EED_PARTICIPLES = frozenset({"freed", "guaranteed", "agreed", "decreed", "refereed"})
_WORD_HASHES: dict[str, int] = {}


def _hw(word: str) -> int:
    """Hash of one word (cached; keeps ``import spacy`` lazy)."""
    h = _WORD_HASHES.get(word)
    if h is None:
        h = _WORD_HASHES[word] = _h(word)
    return h


def find_passives(doc) -> list[tuple[int, int]]:
    """Passive constructions in an English spaCy doc: ``(start, end)`` block offsets from
    the auxiliary ("is", "was", "got"…) to the end of the past participle."""
    be, get, adv, adj, getadj, irr = _word_sets()
    tab = token_table(doc)
    lower = tab.lower
    out: list[tuple[int, int]] = []
    n = tab.n
    if be.isdisjoint(lower) and get.isdisjoint(lower):
        return out
    starts = tab.starts
    strings = doc.vocab.strings
    i = 0
    while i < n:
        low = lower[i]
        is_be = low in be
        if not is_be and low not in get:
            i += 1
            continue
        # up to two adverbs (or more forms of "be": "is being", "will be") before the verb
        j = i + 1
        skipped = 0
        found = -1
        while j < n and skipped <= 2:
            if starts[j]:
                break
            tl = lower[j]
            if tl in irr:
                if is_be or tl not in getadj:
                    found = j
                break
            text = strings[tl]
            if len(text) > 3 and text.endswith("ed") and text.isalpha():
                if (tl not in adj and (is_be or tl not in getadj)
                        and (not text.endswith("eed") or text in _EED_PARTICIPLES)):
                    found = j
                break
            if tl in adv or tl in be or (len(text) > 4 and text.endswith("ly")
                                         and text.isalpha()):
                skipped += 1
                j += 1
                continue
            break
        if found >= 0:
            if lower[found] == _hw("set") and lower[found - 1] == _hw("all"):
                i = found + 1            # "you are all set"
                continue
            out.append((tab.idx[i], tab.idx[found] + len(tab.texts[found])))
            i = found + 1
        else:
            i += 1
    return out


def _passives(ctx: Context, langs) -> dict[int, list[tuple[int, int, int]]]:
    """Per block index: its passive instances (cached per document and language set)."""
    cache = _cache(ctx)
    key = ("passives", tuple(sorted(langs)) if langs else None)
    res = cache.get(key)
    if res is None:
        res = {}
        docs = ctx.analysis()
        for i, b in enumerate(ctx.document.blocks):
            doc = docs[i]
            if doc is None or (langs is not None and ctx.block_lang(b) not in langs):
                continue
            found = find_passives(doc)
            if found:
                res[i] = found
        cache[key] = res
    return res


class PassiveVoice(_Params):
    KIND = "passive-voice"
    PARAMS = {"languages": _LANG_PARAM}
    DEFAULTS = {"languages": ["en"]}
    DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL, STRING, HEADING})

    def run(self, ctx: Context) -> Iterator[Finding]:
        passives = _passives(ctx, self.langs())
        kinds = self.scope()
        blocks = ctx.document.blocks
        for i in sorted(passives):
            b = blocks[i]
            if b.kind not in kinds:
                continue
            for start, end in passives[i]:
                match = b.text[start:end]
                yield ctx.finding(self.rule, b, start, end, self.message(match=match))


class PassiveShare(_Params):
    KIND = "passive-share"
    PARAMS = {
        "max_share": {"type": "number", "minimum": 0, "maximum": 1},
        "min_sentences": {"type": "integer", "minimum": 1},
        "languages": _LANG_PARAM,
    }
    DEFAULTS = {"max_share": 0.10, "min_sentences": 10, "languages": ["en"]}
    DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL, STRING})

    def run(self, ctx: Context) -> Iterator[Finding]:
        langs = self.langs()
        table = sentence_table(ctx)
        passives = _passives(ctx, langs)
        total = 0
        with_passive = 0
        first = None
        for i, b in self.blocks(ctx):
            rows = table[i]
            if not rows:
                continue
            total += len(rows)
            found = passives.get(i)
            if not found:
                continue
            if first is None:
                first = (i, found[0])
            for s in rows:
                if any(s.start <= st < s.end for st, _e in found):
                    with_passive += 1
        min_s = int(self.p("min_sentences"))
        max_share = float(self.p("max_share"))
        if total < min_s or total == 0 or first is None:
            return
        share = with_passive / total
        if share <= max_share:
            return
        i, (start, end) = first
        b = ctx.document.blocks[i]
        msg = self.message(share=round(share * 100), count=with_passive, sentences=total,
                           max=round(max_share * 100))
        f = ctx.finding(self.rule, b, start, end, msg,
                        data={"share": round(share, 4), "count": with_passive,
                              "sentences": total, "max_share": max_share,
                              "section_lines": [1, last_line(ctx)]})   # the whole document
        f.scope = "document"
        yield f


# ---------------------------------------------------------------------------------------------
# third person

THIRD_PERSON_NOUNS = ("patient", "patients", "member", "members", "beneficiary",
                      "beneficiaries", "client", "clients", "resident", "residents",
                      "individual", "individuals", "enrollee", "enrollees", "enrolee",
                      "enrolees")
# bare plurals that are read as the audience ("Patients should …"); "individuals" and
# "residents" without a determiner mostly describe people in general ("Individuals may lose
# weight"), so they need "the", "all", "our"… to match
PLURALS_WITHOUT_DETERMINER = ("patients", "members", "beneficiaries", "clients", "enrollees",
                              "enrolees")
DETERMINERS = ("the", "all", "each", "every", "any", "our", "a", "an")
MODALS = ("should", "must", "will", "shall", "may", "can", "cannot", "need", "needs", "is",
          "are", "has", "have", "wo", "ca", "ought")
# "need(s) to", "is/are required to", "is/are expected to", "has/have to"
MODAL_TO = {"need": None, "needs": None, "has": None, "have": None, "ought": None,
            "is": ("required", "expected", "asked"), "are": ("required", "expected", "asked")}
TP_ADVERBS = ("also", "always", "usually", "then", "now", "still", "first", "often",
              "generally", "typically", "normally", "just", "only", "all", "each")
# words after which a new clause (and so a subject) can start
CLAUSE_OPENERS = ("if", "when", "before", "after", "once", "because", "so", "and", "but",
                  "or", "while", "until", "unless", "then", "that", "where", "since",
                  "although", "though", "whether")


def _inside_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    straight = before.count('"')
    if straight % 2 == 1:
        return True
    opens = before.count("“") + before.count("«") + before.count("„")
    closes = before.count("”") + before.count("»")
    return opens > closes


_OPENING_MARKS = frozenset('("“‘[«„')
_CLAUSE_MARKS = frozenset(",;:(—–")


def _clause_start(tab, t: int, openers) -> bool:
    """True if token ``t`` (of the :class:`~plainspeak.nlp.TokenTable` ``tab``) can start a
    subject: sentence start, or after a comma, colon, semicolon, dash or a word such as "if",
    "when", "and"."""
    starts = tab.starts
    p = t
    while True:
        if starts[p]:
            return True
        p -= 1
        if p < 0:
            return True
        text = tab.texts[p]
        if tab.space[p] or text in _OPENING_MARKS:
            continue
        return text in _CLAUSE_MARKS or tab.lower[p] in openers


class ThirdPerson(_Params):
    KIND = "third-person"
    PARAMS = {"languages": _LANG_PARAM,
              "nouns": {"type": "array", "items": {"type": "string"},
                        "description": "extra nouns for the reader (singular and plural)"}}
    DEFAULTS = {"languages": ["en"], "nouns": []}
    DEFAULT_SCOPE = frozenset({PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL, STRING})

    def run(self, ctx: Context) -> Iterator[Finding]:
        extra = tuple(str(x).lower() for x in (self.p("nouns") or ()))
        g = _HASHES.get
        nouns = g("tp_nouns", THIRD_PERSON_NOUNS) | (g("tp_extra:" + ",".join(extra), extra)
                                                   if extra else frozenset())
        bare = g("tp_bare", PLURALS_WITHOUT_DETERMINER) | (
            g("tp_extra_bare:" + ",".join(extra), [e for e in extra if e.endswith("s")])
            if extra else frozenset())
        dets = g("tp_dets", DETERMINERS)
        modals = g("tp_modals", MODALS)
        advs = g("tp_adv", TP_ADVERBS)
        openers = g("tp_open", CLAUSE_OPENERS)
        to = _hw("to")
        nt = (_hw("n't"), _hw("n’t"))
        docs = ctx.analysis()
        for i, b in self.blocks(ctx):
            doc = docs[i]
            if doc is None:
                continue
            tab = token_table(doc)
            lower = tab.lower
            if nouns.isdisjoint(lower):
                continue
            starts = tab.starts
            n = tab.n
            strings = doc.vocab.strings
            for k in range(n):
                low = lower[k]
                if low not in nouns:
                    continue
                # determiner before the noun?
                start_tok = k
                if k > 0 and lower[k - 1] in dets and not starts[k]:
                    start_tok = k - 1
                elif low not in bare:
                    continue
                if not _clause_start(tab, start_tok, openers):
                    continue
                # optional adverb, then the modal
                j = k + 1
                if j < n and lower[j] in advs:
                    j += 1
                if j >= n or lower[j] not in modals:
                    continue
                ml = strings[lower[j]]
                end_tok = j
                if ml in MODAL_TO:
                    need = MODAL_TO[ml]
                    if need is None:                    # need(s)/has/have/ought + to
                        if j + 1 < n and lower[j + 1] == to:
                            end_tok = j + 1
                        else:
                            continue
                    else:                               # is/are required/expected/asked to
                        if (j + 2 < n and strings[lower[j + 1]] in need
                                and lower[j + 2] == to):
                            end_tok = j + 2
                        else:
                            continue
                elif ml in ("wo", "ca"):                # "won't", "can't"
                    if not (j + 1 < n and lower[j + 1] in nt):
                        continue
                    end_tok = j + 1
                start = tab.idx[start_tok]
                end = tab.idx[end_tok] + len(tab.texts[end_tok])
                if _inside_quotes(b.text, start):
                    continue
                match = b.text[start:end]
                yield ctx.finding(self.rule, b, start, end, self.message(match=match),
                                  suggestions=["you", "your"])


KINDS = {cls.KIND: cls for cls in (SentenceLength, ParagraphLength, PassiveVoice,
                                   PassiveShare, ThirdPerson)}
