"""Readability check kind (``reading-grade``) and per-document readability statistics.

A reading-grade rule scores each *section* (the text under a heading, see
``Context.sections``) and the whole document with one formula, in one or more languages.
Only text with at least ``min_words`` words **and** ``min_sentences`` sentences gets a score
(formulas on a few sentences are noise; CMS Toolkit Part 7, SMOG's own 30-sentence sample).
Each graded section over the threshold gets a finding on its heading; if no section was
flagged but the document as a whole is over the threshold, one document finding is made.
Messages name the hardest sentences (line numbers and their long words) so authors know
where to start.

Counting rules: see :mod:`plainspeak.readability`.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..document import HEADING, PROSE_KINDS, TITLE
from ..finding import Finding, Severity
from ..readability import (METRIC_LABELS, SentenceStats, TextStats, fernandez_huerta_band,
                           inflesz_band, metric_value, score, sentence_stats)
from .base import Check, Context

__all__ = ["ReadingGrade", "document_stats", "sentence_table", "section_lines", "last_line",
           "KINDS"]

# Blocks that count as running text for readability (the title duplicates the H1; alt text
# and link text are not part of the reading flow).
READING_KINDS = frozenset(PROSE_KINDS)

_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------
# shared per-document cache

def _cache(ctx: Context) -> dict:
    """The per-document dict for derived data shared between checks."""
    return ctx.cache


def sentence_table(ctx: Context) -> list[list[SentenceStats] | None]:
    """Per block: the :class:`SentenceStats` of its sentences (``None`` for blocks with no
    words). Computed once per document and shared by the readability and structure checks."""
    cache = _cache(ctx)
    table = cache.get("sentences")
    if table is None:
        docs = ctx.analysis()
        blocks = ctx.document.blocks
        # Syllables only matter for a grade. A document with fewer words than any grade needs
        # (a short portal string, a two-line note) skips them, which also keeps the syllable
        # dictionary off the start-up path of a pre-commit run on one small file.
        floor = min(100, cache.get("min_words_floor", 100))
        approx_words = sum(len(d) for d in docs if d is not None)   # tokens >= words
        syllables = approx_words >= floor
        table = []
        for i, doc in enumerate(docs):
            if doc is None:
                table.append(None)
            else:
                b = blocks[i]
                table.append(sentence_stats(doc, i, ctx.block_lang(b),
                                            heading=b.kind in (HEADING, TITLE),
                                            syllables=syllables))
        cache["sentences"] = table
    return table


def resolve_scope(scope, default: frozenset) -> frozenset:
    """Block kinds selected by a rule's ``scope`` list (``~kind`` removes a kind)."""
    if not scope:
        return default
    pos = {s for s in scope if not s.startswith("~")}
    neg = {s[1:] for s in scope if s.startswith("~")}
    return frozenset((pos or set(default)) - neg)


def _title_words(ctx: Context) -> frozenset:
    """Lower-case words of the document title (front matter title, title block, first H1)."""
    cache = _cache(ctx)
    tw = cache.get("title_words")
    if tw is None:
        doc = ctx.document
        title = ""
        fm = doc.front_matter or {}
        if isinstance(fm.get("title"), str):
            title = fm["title"]
        if not title:
            for b in doc.blocks:
                if b.kind == TITLE or (b.kind == HEADING and b.level == 1):
                    title = b.text
                    break
        tw = frozenset(w.lower() for w in re.findall(r"[^\W_][\w'’-]*", title))
        cache["title_words"] = tw
    return tw


def _stats_for(ctx: Context, block_ids, langs, kinds, exclude) -> tuple[TextStats, list]:
    table = sentence_table(ctx)
    blocks = ctx.document.blocks
    sents: list[SentenceStats] = []
    for i in block_ids:
        rows = table[i]
        if not rows:
            continue
        b = blocks[i]
        if b.kind not in kinds:
            continue
        if langs is not None and ctx.block_lang(b) not in langs:
            continue
        sents.extend(rows)
    return TextStats.from_sentences(sents, exclude), sents


def _line(ctx: Context, block_index: int, offset: int) -> int:
    b = ctx.document.blocks[block_index]
    if not b.text:
        return ctx.document.line_col(b.smap.start(0))[0] if b.smap.segments else 1
    return ctx.document.line_col(b.smap.start(min(offset, len(b.text) - 1)))[0]


def last_line(ctx: Context) -> int:
    """The document's last line (1 for an empty document)."""
    doc = ctx.document
    return doc.line_col(max(0, len(doc.source) - 1))[0] if doc.source else 1


def section_lines(ctx: Context, index: int) -> list[int]:
    """``[first, last]`` source lines of section ``index`` of ``ctx.sections``: from its heading
    (line 1 for the text before the first heading) to the line before the next section's
    heading (the document's last line for the last section). ``--diff`` keeps a section's
    finding when a changed line falls in this range."""
    secs = ctx.sections
    sec = secs[index]
    first = 1 if sec.heading is None or index == 0 else _line(ctx, sec.heading, 0)
    if index + 1 < len(secs) and secs[index + 1].heading is not None:
        last = max(first, _line(ctx, secs[index + 1].heading, 0) - 1)
    else:
        last = max(first, last_line(ctx))
    return [first, last]


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def _excerpt(text: str, limit: int = 48) -> str:
    text = _WS.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip(" ,;:") + "…"


# ---------------------------------------------------------------------------------------------
# document statistics (engine JSON output)

def document_stats(ctx: Context, *, min_words: int = 100, min_sentences: int = 10) -> dict:
    """Readability statistics for the document's primary language (engine JSON output).

    ``{"words", "sentences", "language", "scores", "graded", "note"?, "sections": [...]}``;
    ``scores`` is ``{}`` when the text is too short to grade. ``languages`` is added when
    other languages have text too (each scored on its own, as WCAG 3.1.5 asks).
    """
    doc = ctx.document
    primary = (doc.language or "en").split("-")[0].lower()
    exclude = _title_words(ctx)
    table = sentence_table(ctx)
    blocks = doc.blocks
    all_ids = range(len(blocks))

    per_lang: dict[str, int] = {}
    for i, rows in enumerate(table):
        if rows and blocks[i].kind in READING_KINDS:
            lang = ctx.block_lang(blocks[i])
            per_lang[lang] = per_lang.get(lang, 0) + sum(r.words for r in rows)

    def graded_scores(st: TextStats, lang: str) -> tuple[bool, dict]:
        ok = st.words >= min_words and st.sentences >= min_sentences
        return ok, (score(st, lang) if ok else {})

    st, _ = _stats_for(ctx, all_ids, {primary}, READING_KINDS, exclude)
    graded, scores = graded_scores(st, primary)
    out: dict[str, Any] = {"words": st.words, "sentences": st.sentences, "language": primary,
                           "scores": scores, "graded": graded}
    if not graded:
        out["note"] = (f"not graded: fewer than {min_words} words or {min_sentences} "
                       "sentences")
    sections = []
    for sec in ctx.sections:
        sst, _ = _stats_for(ctx, sec.blocks, {primary}, READING_KINDS, exclude)
        first = sec.heading if sec.heading is not None else (sec.blocks[0] if sec.blocks else 0)
        sg, ss = graded_scores(sst, primary)
        sections.append({
            "title": sec.title,
            "line": _line(ctx, first, 0) if blocks else 1,
            "words": sst.words, "sentences": sst.sentences, "scores": ss, "graded": sg})
    out["sections"] = sections
    others = {lang: n for lang, n in per_lang.items() if lang != primary}
    if others:
        langs = {}
        for lang in sorted(others):
            lst, _ = _stats_for(ctx, all_ids, {lang}, READING_KINDS, exclude)
            lg, ls = graded_scores(lst, lang)
            langs[lang] = {"words": lst.words, "sentences": lst.sentences, "scores": ls,
                           "graded": lg}
        out["languages"] = langs
    return out


# ---------------------------------------------------------------------------------------------
# the check kind

class ReadingGrade(Check):
    """Reading grade (or ease score) of each section and of the whole document."""

    KIND = "reading-grade"
    PARAMS = {
        "metric": {"type": "string", "enum": sorted(METRIC_LABELS),
                   "description": "formula: smog, flesch_kincaid_grade, szigriszt_pazos, "
                                  "fernandez_huerta, ..."},
        "warn": {"type": "number", "description": "warning threshold"},
        "error": {"type": ["number", "null"], "description": "error threshold (null: none)"},
        "higher_is_harder": {"type": "boolean",
                             "description": "true for grades (flag above), false for ease "
                                            "scores such as INFLESZ (flag below)"},
        "min_words": {"type": "integer", "minimum": 0},
        "min_sentences": {"type": "integer", "minimum": 1},
        "languages": {"type": "array", "items": {"type": "string"},
                      "description": "block languages the rule applies to"},
        "per_section": {"type": "boolean", "description": "grade each section separately"},
        "hardest": {"type": "integer", "minimum": 0,
                    "description": "how many hardest sentences to name in the message"},
        "long_word_syllables": {"type": "integer", "minimum": 2,
                                "description": "syllables that make a word 'long' in the "
                                               "message"},
        "ignore_title_words": {"type": "boolean",
                               "description": "do not count long words taken from the "
                                              "document title (NHS SMOG practice)"},
    }
    DEFAULTS = {"metric": "smog", "warn": 8, "error": 10, "higher_is_harder": True,
                "min_words": 100, "min_sentences": 10, "languages": ["en"],
                "per_section": True, "hardest": 3, "long_word_syllables": 3,
                "ignore_title_words": True}

    def p(self, key: str) -> Any:
        v = self.params.get(key, self.DEFAULTS[key]) if self.params else self.DEFAULTS[key]
        return v

    # -- helpers --------------------------------------------------------------------------------
    def _over(self, value: float, threshold) -> bool:
        if threshold is None:
            return False
        return value > threshold if self.p("higher_is_harder") else value < threshold

    def _sentence_difficulty(self, s: SentenceStats, metric: str, exclude) -> float:
        st = TextStats.from_sentences([s], exclude)
        v = metric_value(st, metric)
        return v if self.p("higher_is_harder") else -v

    def _hardest(self, ctx: Context, sents: list, metric: str, exclude) -> list[dict]:
        n = int(self.p("hardest"))
        if n <= 0 or not sents:
            return []
        min_syl = int(self.p("long_word_syllables"))
        ranked = sorted(sents, key=lambda s: (-self._sentence_difficulty(s, metric, exclude),
                                              -s.words, s.block, s.start))
        out = []
        blocks = ctx.document.blocks
        for rank, s in enumerate(ranked[:n]):
            b = blocks[s.block]
            longs = []
            for w, syl, proper, _c in s.long_words:
                if syl >= min_syl and not proper and w.lower() not in exclude \
                        and w.lower() not in (x.lower() for x in longs):
                    longs.append(w)
            s_src = b.smap.start(s.start)
            line, col = ctx.document.line_col(s_src)
            out.append({"line": line, "column": col, "text": _excerpt(b.text[s.start:s.end]),
                        "words": s.words, "long_words": longs, "block": s.block,
                        "start": s.start, "end": s.end, "rank": rank})
        out.sort(key=lambda h: (h["line"], h["column"]))
        return out

    @staticmethod
    def _hardest_text(hardest: list[dict]) -> str:
        if not hardest:
            return ""
        parts = []
        for h in hardest:
            detail = (f"long words: {', '.join(h['long_words'][:5])}" if h["long_words"]
                      else f"{h['words']} words")
            parts.append(f"line {h['line']} \u201c{h['text']}\u201d ({detail})")
        label = "Hardest sentence" if len(parts) == 1 else "Hardest sentences"
        return f"{label}: " + "; ".join(parts) + "."

    def _band(self, metric: str, value: float) -> str:
        if metric == "szigriszt_pazos":
            return inflesz_band(value)
        if metric == "fernandez_huerta":
            return fernandez_huerta_band(value)
        return ""

    def _finding(self, ctx: Context, *, where: str, title: str | None, value: float,
                 stats: TextStats, sents: list, exclude, block_index: int | None,
                 scope: str, lines: list[int]) -> Finding:
        metric = self.p("metric")
        warn, err = self.p("warn"), self.p("error")
        severity = Severity.ERROR if self._over(value, err) else Severity.WARNING
        rule_sev = getattr(self.rule, "severity", None)
        if rule_sev is not None and Severity.parse(rule_sev) == Severity.INFO:
            severity = Severity.INFO
        hardest = self._hardest(ctx, sents, metric, exclude)
        blocks = ctx.document.blocks
        if block_index is not None:
            b = blocks[block_index]
            start = len(b.text) - len(b.text.lstrip())
            end = len(b.text.rstrip())
        elif hardest:
            top = min(hardest, key=lambda h: h["rank"])      # the hardest sentence
            block_index, start, end = top["block"], top["start"], top["end"]
            b = blocks[block_index]
        else:
            s = sents[0]
            block_index, start, end = s.block, s.start, s.end
            b = blocks[block_index]
        hard_txt = self._hardest_text(hardest)
        band = self._band(metric, value)
        fields = dict(where=where, title=title or "", score=f"{value:.1f}",
                      metric=METRIC_LABELS.get(metric, metric), target=_fmt(warn),
                      error=_fmt(err) if err is not None else "", band=band,
                      hardest=hard_txt, words=stats.words, sentences=stats.sentences)
        message = _WS.sub(" ", self.message(**fields)).strip()
        data = {"metric": metric, "score": round(value, 2), "target": warn,
                "error_threshold": err, "higher_is_harder": bool(self.p("higher_is_harder")),
                "scope": scope, "section": title, "words": stats.words,
                "sentences": stats.sentences,
                "hardest_sentences": [{k: h[k] for k in ("line", "column", "text", "words",
                                                         "long_words")} for h in hardest],
                "section_lines": lines}
        if band:
            data["band"] = band
        if self.p("higher_is_harder"):
            data["grade"] = round(value, 2)
        f = ctx.finding(self.rule, b, start, end, message, severity=severity, data=data)
        if scope == "document":
            f.scope = "document"
        return f

    # -- run ------------------------------------------------------------------------------------
    def run(self, ctx: Context) -> Iterator[Finding]:
        blocks = ctx.document.blocks
        if not blocks:
            return
        langs = self.p("languages")
        langs = None if not langs else {str(x).split("-")[0].lower() for x in langs}
        kinds = resolve_scope(getattr(self.rule, "scope", None), READING_KINDS)
        metric = self.p("metric")
        min_w, min_s = int(self.p("min_words")), int(self.p("min_sentences"))
        ctx.cache["min_words_floor"] = min(min_w, ctx.cache.get("min_words_floor", 100))
        exclude = _title_words(ctx) if self.p("ignore_title_words") else frozenset()

        flagged = False
        if self.p("per_section"):
            for si, sec in enumerate(ctx.sections):
                st, sents = _stats_for(ctx, sec.blocks, langs, kinds, exclude)
                if st.words < min_w or st.sentences < min_s:
                    continue
                value = metric_value(st, metric)
                if not self._over(value, self.p("warn")) and not self._over(
                        value, self.p("error")):
                    continue
                flagged = True
                if sec.heading is not None:
                    where = f"The section \u2018{sec.title}\u2019"
                else:
                    where = ("The text before the first heading"
                             if len(ctx.sections) > 1 else "This text")
                yield self._finding(ctx, where=where, title=sec.title or None, value=value,
                                    stats=st, sents=sents, exclude=exclude,
                                    block_index=sec.heading, scope="section",
                                    lines=section_lines(ctx, si))
        if flagged:
            return
        st, sents = _stats_for(ctx, range(len(blocks)), langs, kinds, exclude)
        if st.words < min_w or st.sentences < min_s:
            return
        value = metric_value(st, metric)
        if not self._over(value, self.p("warn")) and not self._over(value, self.p("error")):
            return
        first = blocks[0]
        anchor = 0 if (first.kind in (HEADING, TITLE) and first.text.strip()) else None
        yield self._finding(ctx, where="This document", title=None, value=value, stats=st,
                            sents=sents, exclude=exclude, block_index=anchor,
                            scope="document", lines=[1, last_line(ctx)])


KINDS = {ReadingGrade.KIND: ReadingGrade}
