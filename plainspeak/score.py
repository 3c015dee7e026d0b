"""``plainspeak score``: a reading-level card for each document and each of its sections.

The card holds what the readability rules (PS101-PS104, ``rules/readability.yml``) measure,
laid out for people who write the text rather than for a CI log:

* per document, and per section (the text under each heading; the text before the first
  heading is a section too): the formulas for the document's language with the targets of the
  rules for its profile (English: SMOG and Flesch-Kincaid grade; Spanish: Szigriszt-Pazos on
  the INFLESZ scale and the corrected Fernández Huerta score, each with its band), and the
  words and sentences counted, exactly as the checks and the ``documents`` entries of
  ``check --format json`` count them (same tokenisation, same title-word and proper-name
  exclusions, same minimum text size);
* the **hardest sentences**: the sentences with the most *long words* (words of at least the
  rule's ``long_word_syllables`` syllables: 3 in English, the SMOG polysyllable; 4 in Spanish,
  where the average word has two), not counting proper names, template fields and words of
  the document title, as the SMOG count does; ties go to the longer sentence, then to the
  earlier one. Sentences with no long word are never listed;
* the **words that raise the grade**: those long words, most frequent first (ties: the one
  that appears first).

:func:`compute_card` and the renderers are pure functions; :class:`Scorer` reads a file and
finds its profile and the rule parameters the checks would use for it.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from . import __version__
from .checks.base import Context
from .checks.readability import (READING_KINDS, _excerpt, resolve_scope, section_lines,
                                  sentence_table)
from .readability import METRIC_LABELS, TextStats, metric_value
from .readability import score as _scores

__all__ = ["SCHEMA_VERSION", "METRICS", "Target", "Scorer", "compute_card", "render_text",
           "render_json", "targets_from_rules"]

SCHEMA_VERSION = 1

# the formulas shown per language, the gate first
METRICS = {"en": ("smog", "flesch_kincaid_grade"),
           "es": ("szigriszt_pazos", "fernandez_huerta")}
_BAND_KEYS = {"szigriszt_pazos": "inflesz_band", "fernandez_huerta": "fernandez_huerta_band"}
_LABELS = {**METRIC_LABELS, "szigriszt_pazos": "INFLESZ"}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese",
                  "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean", "ar": "Arabic",
                  "ru": "Russian", "tl": "Tagalog", "ht": "Haitian Creole", "de": "German",
                  "it": "Italian", "pl": "Polish", "ja": "Japanese"}
_WHOLE = {"letter": "Whole letter", "web": "Whole page"}
_TEXT_WORDS = 10            # words that raise the grade shown in the text card
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------
# targets: the reading-grade rules in force for a document

@dataclass(frozen=True)
class Target:
    """One formula's rule for one document, with the parameters the check would use."""
    metric: str
    rule: str                   # code, e.g. PS101
    name: str                   # e.g. smog-grade
    warn: float | None
    error: float | None
    higher_is_harder: bool
    checked: bool               # `plainspeak check` reports this rule for the file
    min_words: int
    min_sentences: int
    hardest: int
    long_word_syllables: int
    ignore_title_words: bool
    kinds: frozenset

    def status(self, value: float) -> str:
        """``error``, ``warning`` or ``ok`` for an unrounded score."""
        def over(t):
            if t is None:
                return False
            return value > t if self.higher_is_harder else value < t
        return "error" if over(self.error) else "warning" if over(self.warn) else "ok"


def targets_from_rules(active: Iterable, lang: str, checked: set[str]) -> dict[str, Target]:
    """The :class:`Target` per formula of ``lang`` from the engine's active rules
    (``Linter.active_rules``): reading-grade rules whose ``languages`` include ``lang``.
    ``checked`` holds the codes `plainspeak check` reports for the file."""
    out: dict[str, Target] = {}
    wanted = METRICS.get(lang, ())
    for ar in active:
        if ar.rule.kind != "reading-grade":
            continue
        chk = ar.check
        langs = chk.p("languages")
        if langs and lang not in {str(x).split("-")[0].lower() for x in langs}:
            continue
        metric = chk.p("metric")
        if metric not in wanted or metric in out:
            continue
        err = chk.p("error")
        out[metric] = Target(
            metric=metric, rule=ar.rule.code, name=ar.rule.name, warn=chk.p("warn"),
            error=err, higher_is_harder=bool(chk.p("higher_is_harder")),
            checked=ar.rule.code in checked, min_words=int(chk.p("min_words")),
            min_sentences=int(chk.p("min_sentences")), hardest=int(chk.p("hardest")),
            long_word_syllables=int(chk.p("long_word_syllables")),
            ignore_title_words=bool(chk.p("ignore_title_words")),
            kinds=resolve_scope(getattr(ar.rule, "scope", None), READING_KINDS))
    return out


# ---------------------------------------------------------------------------------------------
# the card (pure)

def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def _title_words(ctx: Context) -> frozenset:
    from .checks.readability import _title_words as tw     # the checks' own definition
    return tw(ctx)


class _Counter:
    """Sentences of one document with their long words, shared by every part of the card."""

    def __init__(self, ctx: Context, lang: str, kinds: frozenset, min_syl: int,
                 exclude: frozenset):
        self.ctx = ctx
        self.lang = lang
        self.kinds = kinds
        self.min_syl = min_syl
        self.exclude = exclude
        self.table = sentence_table(ctx)

    def sentences(self, block_ids: Iterable[int]) -> list:
        blocks = self.ctx.document.blocks
        out = []
        for i in block_ids:
            rows = self.table[i]
            if rows and blocks[i].kind in self.kinds and \
                    self.ctx.block_lang(blocks[i]) == self.lang:
                out.extend(rows)
        return out

    def longs(self, s) -> list[tuple[str, int]]:
        ex = self.exclude
        return [(w, n) for w, n, proper, _c in s.long_words
                if n >= self.min_syl and not proper and not (ex and w.lower() in ex)]

    def hardest(self, sents: list, n: int) -> list[dict]:
        if n <= 0:
            return []
        ranked = []
        for s in sents:
            longs = self.longs(s)
            if longs:
                ranked.append((-len(longs), -s.words, s.block, s.start, s, longs))
        ranked.sort(key=lambda r: r[:4])
        doc = self.ctx.document
        out = []
        for *_k, s, longs in ranked[:n]:
            b = doc.blocks[s.block]
            line, col = doc.line_col(b.smap.start(s.start))
            seen: list[str] = []
            for w, _n in longs:
                if w.lower() not in (x.lower() for x in seen):
                    seen.append(w)
            out.append({"line": line, "column": col,
                        "text": _WS.sub(" ", b.text[s.start:s.end]).strip(),
                        "words": s.words, "long_word_count": len(longs), "long_words": seen})
        return out

    def long_words(self, sents: list) -> list[dict]:
        counts: Counter = Counter()
        first: dict[str, list] = {}        # key -> [(sentence, word), shown form, syllables]
        for k, s in enumerate(sents):
            for j, (w, n) in enumerate(self.longs(s)):
                key = w.lower()
                counts[key] += 1
                got = first.get(key)
                if got is None:
                    first[key] = [(k, j), w, n]
                elif got[1] != key and w == key:
                    got[1] = key           # written in lower case somewhere: not a name
        order = sorted(counts, key=lambda key: (-counts[key], first[key][0], key))
        # shown as first written, or in lower case when it is written so somewhere (a capital
        # that only starts a sentence is not a name): "Medications" + "medications" -> lower
        return [{"word": first[k][1], "count": counts[k], "syllables": first[k][2]}
                for k in order]


def _part(counter: _Counter | None, sents: list, kind: str, title: str | None,
          lines: list[int], targets: dict[str, Target], metrics: tuple, min_words: int,
          min_sentences: int, hardest: int) -> dict:
    st = TextStats.from_sentences(sents, counter.exclude if counter else frozenset())
    part: dict[str, Any] = {"kind": kind, "title": title, "line": lines[0],
                            "end_line": lines[1], "words": st.words,
                            "sentences": st.sentences, "graded": False, "note": None,
                            "scores": {}, "bands": {}, "status": {},
                            "hardest_sentences": [], "long_words": []}
    if counter is None:
        return part
    if st.words >= min_words and st.sentences >= min_sentences:
        all_scores = _scores(st, counter.lang)
        part["graded"] = True
        for m in metrics:
            part["scores"][m] = all_scores[m]
            if m in _BAND_KEYS:
                part["bands"][m] = all_scores[_BAND_KEYS[m]]
            t = targets.get(m)
            part["status"][m] = t.status(metric_value(st, m)) if t is not None else None
    else:
        part["note"] = "too short to grade"
    part["hardest_sentences"] = counter.hardest(sents, hardest)
    part["long_words"] = counter.long_words(sents)
    return part


def compute_card(ctx: Context, targets: dict[str, Target]) -> dict:
    """The card of one document (the JSON ``documents`` entry of ``plainspeak score``).

    ``targets``: :func:`targets_from_rules` for the document's language and profile; empty
    when no reading-grade rule applies (portal profile, a language without formulas, rules
    turned off), in which case the card says why and only counts words and sentences."""
    doc = ctx.document
    lang = (doc.language or "en").split("-")[0].lower()
    metrics = METRICS.get(lang, ())
    gate = next((targets[m] for m in metrics if m in targets), None)
    card: dict[str, Any] = {
        "path": doc.path, "format": doc.format, "profile": ctx.profile, "language": lang,
        "language_name": language_name(lang), "graded": False, "note": None,
        "metrics": [], "min_words": gate.min_words if gate else None,
        "min_sentences": gate.min_sentences if gate else None,
        "long_word_syllables": gate.long_word_syllables if gate else None,
        "whole": None, "sections": [], "other_languages": []}
    if gate is not None:
        # the strictest minimum text size of the rules in force, as each check applies its own
        min_words = max(t.min_words for t in targets.values())
        min_sentences = max(t.min_sentences for t in targets.values())
        card["min_words"], card["min_sentences"] = min_words, min_sentences
        ctx.cache["min_words_floor"] = 0       # count syllables even in short text
        exclude = _title_words(ctx) if gate.ignore_title_words else frozenset()
        counter: _Counter | None = _Counter(ctx, lang, gate.kinds, gate.long_word_syllables,
                                            exclude)
        hardest = gate.hardest
        for m in metrics:
            t = targets.get(m)
            card["metrics"].append({
                "metric": m, "label": _LABELS.get(m, m), "rule": t.rule if t else None,
                "checked": t.checked if t else False, "target": t.warn if t else None,
                "error": t.error if t else None,
                "higher_is_harder": t.higher_is_harder if t else m not in _BAND_KEYS})
    else:
        min_words = min_sentences = 0
        hardest = 0
        counter = None
        if ctx.profile == "portal":
            card["note"] = ("No reading grade: portal strings are short interface text, and "
                            "reading formulas need running text.")
        elif not metrics:
            card["note"] = (f"No reading grade: plainspeak has no reading formula for "
                            f"{language_name(lang)} ({lang}).")
        else:
            card["note"] = ("No reading grade: the reading-grade rules are turned off for "
                            "this file.")

    kinds = gate.kinds if gate else READING_KINDS
    if counter is not None:
        sents_of = counter.sentences
    else:
        table = sentence_table(ctx)
        blocks = doc.blocks

        def sents_of(ids):
            return [r for i in ids if table[i] and blocks[i].kind in kinds
                    and ctx.block_lang(blocks[i]) == lang for r in table[i]]

    last = _last_line(doc)
    whole = _part(counter, sents_of(range(len(doc.blocks))), "document", None, [1, last],
                  targets, metrics, min_words, min_sentences, hardest)
    card["whole"] = whole
    card["graded"] = whole["graded"]
    if gate is not None and not whole["graded"]:
        card["note"] = (f"Too short to grade: fewer than {min_words} words or "
                        f"{min_sentences} sentences.")
    if doc.blocks:
        for si, sec in enumerate(ctx.sections):
            sents = sents_of(sec.blocks)
            if not sents:
                continue      # nothing to read in it (a page title, an image)
            card["sections"].append(_part(
                counter, sents, "section" if sec.heading is not None else "preamble",
                sec.title if sec.heading is not None else None, _section_span(ctx, si),
                targets, metrics, min_words, min_sentences, hardest))
    # text in other languages is not mixed into the scores (WCAG 3.1.5: score each language)
    other: dict[str, list] = {}
    rows = sentence_table(ctx)
    for i, b in enumerate(doc.blocks):
        bl = ctx.block_lang(b)
        if bl != lang and rows[i] and b.kind in kinds:
            other.setdefault(bl, []).extend(rows[i])
    card["other_languages"] = [
        {"language": ol, "language_name": language_name(ol),
         "words": sum(s.words for s in other[ol]), "sentences": len(other[ol])}
        for ol in sorted(other)]
    return card


def _section_span(ctx: Context, index: int) -> list[int]:
    """``[line, end_line]`` of a section: from its heading (the preamble: its first block, as
    in the ``documents`` entries of `check`) to the line before the next heading."""
    sec = ctx.sections[index]
    first = sec.heading if sec.heading is not None else (sec.blocks[0] if sec.blocks else None)
    end = section_lines(ctx, index)[1]
    if first is None:
        return [1, end]
    b = ctx.document.blocks[first]
    line = ctx.document.line_col(b.smap.start(0))[0] if b.smap.segments else 1
    return [line, max(line, end)]


def _last_line(doc) -> int:
    return doc.line_col(max(0, len(doc.source) - 1))[0] if doc.source else 1


def error_entry(code: str, path: str, message: str) -> dict:
    return {"path": path, "code": code, "message": message}


# ---------------------------------------------------------------------------------------------
# rendering (pure)

def render_json(cards: list[dict], errors: list[dict] = ()) -> str:
    """The ``--format json`` report (schema version 1)."""
    data = {"version": SCHEMA_VERSION, "tool": {"name": "plainspeak", "version": __version__},
            "documents": cards, "errors": list(errors)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


_STATUS_COLOR = {"error": "31", "warning": "33", "ok": "32"}


def _c(text: str, code: str | None, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and code else text


def _score_segments(card: dict, part: dict) -> list[tuple[str, str | None]]:
    """``[(text, colour code)]`` of a part's scores."""
    if not part["graded"]:
        return [("too short to grade", "2")]
    segs: list[tuple[str, str | None]] = []
    for i, m in enumerate(card["metrics"]):
        key = m["metric"]
        if i:
            segs.append(("  ", None))
        value = part["scores"][key]
        status = part["status"].get(key) if m["checked"] else None   # colour = target shown
        segs.append((f"{m['label']} {value:.1f}", _STATUS_COLOR.get(status or "")))
        notes = [part["bands"][key]] if part["bands"].get(key) else []
        if m["checked"] and m["target"] is not None:
            way = "or lower" if m["higher_is_harder"] else "or higher"
            notes.append(f"target {_num(m['target'])} {way}")
        if notes:
            segs.append((f" ({'; '.join(notes)})", None))
    return segs


def _counts(part: dict) -> str:
    return f"{_plural(part['words'], 'word')}, {_plural(part['sentences'], 'sentence')}"


def render_card(card: dict, *, color: bool = False) -> list[str]:
    """One document's card as lines of text."""
    lines = [_c(f"{card['path']}  ({card['profile']}, {card['language_name']})", "1", color)]
    whole = card["whole"]
    if not card["metrics"]:
        lines.append(f"  {card['note']}")
        lines.append(f"  {_counts(whole)}.")
        return lines
    rows = [(_WHOLE.get(card["profile"], "Whole document"), whole)]
    if len(card["sections"]) > 1:
        for sec in card["sections"]:
            if sec["kind"] == "preamble":
                label = "Before the first heading"
            else:
                label = f"Section \u201c{_excerpt(sec['title'] or '', 32)}\u201d"
            rows.append((label, sec))
    lw = max(len(label) for label, _ in rows)
    ww = max(len(f"{part['words']:,}") for _, part in rows)
    sw = max(len(str(part["sentences"])) for _, part in rows)
    for label, part in rows:
        n = part["sentences"]
        counts = (f"{part['words']:>{ww},} {'word, ' if part['words'] == 1 else 'words,'} "
                  f"{n:>{sw}} {'sentence ' if n == 1 else 'sentences'}")
        scores = "".join(_c(t, c, color) for t, c in _score_segments(card, part))
        lines.append(f"  {label.ljust(lw)}  {counts}  {scores}")
    if any(not part["graded"] for _, part in rows):
        lines.append(_c(f"  (too short to grade: fewer than {card['min_words']} words or "
                        f"{card['min_sentences']} sentences; the formulas need that much "
                        "text)", "2", color))
    for ol in card["other_languages"]:
        lines.append(f"  Not scored with the {card['language_name']} formulas: "
                     f"{_plural(ol['words'], 'word')} in {ol['language_name']}.")
    n = card["long_word_syllables"]
    hard = whole["hardest_sentences"]
    if hard:
        lines.append(f"  Hardest sentences (most words of {n}+ syllables):")
        for k, h in enumerate(hard, 1):
            shown = ", ".join(h["long_words"][:4]) + (", \u2026" if len(h["long_words"]) > 4
                                                       else "")
            lines.append(f"    {k}. line {h['line']}: \u201c{_excerpt(h['text'], 56)}\u201d "
                         f"({_plural(h['long_word_count'], 'long word')}: {shown})")
    words = whole["long_words"]
    verb = "raise the grade" if card["metrics"][0]["higher_is_harder"] else "lower the score"
    if words:
        shown = ", ".join(f"{w['word']} ({w['count']})" for w in words[:_TEXT_WORDS])
        more = len(words) - _TEXT_WORDS
        if more > 0:
            shown += f", and {more} more"
        lines.append(f"  Words that {verb} ({n}+ syllables): {shown}")
    elif whole["words"]:
        lines.append(f"  Words that {verb}: none (no word of {n}+ syllables).")
    return lines


def render_text(cards: list[dict], *, color: bool = False) -> str:
    """The reading-level cards, one per document, separated by a blank line."""
    if not cards:
        return "No documents found.\n"
    out: list[str] = []
    for card in cards:
        if out:
            out.append("")
        out.extend(render_card(card, color=color))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# reading files (the only part that touches the disk)

class Scorer:
    """Reads documents and builds their cards with the profile and rule parameters that
    `plainspeak check` would use (configuration, per-path settings, ``--profile``)."""

    def __init__(self, config, rules, *, profile: str | None = None):
        from .engine import Linter, Options
        self.config = config
        self.rules = rules
        codes = [r.code for r in rules if r.kind == "reading-grade"]
        # every reading-grade rule (PS104 is off by default but Flesch-Kincaid is on the
        # card); `ignore` and per-profile `false` still turn a rule off, as for check
        self.linter = Linter(config, rules, Options(select=codes or None, profile=profile))
        self.normal = Linter(config, rules, Options(profile=profile))

    def read(self, path: str):
        """``(Document, None)`` or ``(None, error entry)`` for a file that cannot be scored,
        with the code and message `plainspeak check` gives it (PS900, PS902, PS905; PS904
        when nothing at all could be read)."""
        from . import readers
        limit = self.config.max_file_size
        try:
            size = os.path.getsize(path)
            if size > limit * 1024 * 1024:
                return None, error_entry("PS905", path, self._message(
                    "PS905", size=f"{size / 1048576:.1f}", limit=f"{limit:g}"))
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            return None, error_entry("PS900", path, self._message(
                "PS900", reason=f"cannot read this file: {exc.strerror or exc}"))
        try:
            doc = readers.load(path, raw, fmt=readers.format_for(path) or "text")
        except readers.BinaryFile as exc:
            return None, error_entry("PS902", path, self._message("PS902", reason=str(exc)))
        broken = next((pr for pr in doc.problems if pr.code == "PS904"), None)
        if broken is not None and not any(b.text.strip() for b in doc.blocks):
            # nothing could be read (JSON that does not parse, a damaged Word file)
            return None, error_entry("PS904", path, self._message("PS904",
                                                                  reason=broken.message))
        if not doc.language_declared:
            doc.language = self.config.language
        return doc, None

    def _message(self, code: str, **fields) -> str:
        rule = self.rules.by_code.get(code)
        return rule.message.format(**fields) if rule is not None else str(fields)

    def card(self, doc) -> dict:
        from .config import relative_posix
        relpath = relative_posix(doc.path, self.config.root)
        profile = self.linter.profile_for(doc, relpath)
        ctx = Context(doc, profile, self.config)
        lang = (doc.language or "en").split("-")[0].lower()
        checked = {ar.rule.code for ar in self.normal.active_rules(profile, relpath)}
        targets = targets_from_rules(self.linter.active_rules(profile, relpath), lang, checked)
        return compute_card(ctx, targets)

    def score_path(self, path: str):
        """``(card, None)`` or ``(None, error entry)``."""
        doc, err = self.read(path)
        if err is not None:
            return None, err
        return self.card(doc), None
