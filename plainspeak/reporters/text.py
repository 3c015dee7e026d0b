"""Text output for people: where, what, why, what to write instead, and the line itself.

    letters/results.txt:12:5  warning  PS201  This sentence has 34 words ...
        suggestion: ...
         12 | Your physician has determined that ...
            |     ^^^^^^^^^
"""
from __future__ import annotations

import re
import textwrap

from ..finding import CATEGORIES, Severity, paragraph_positions

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _source_lines(results, sources):
    return sources or {}


def render(results, rules=None, *, color: bool = False, sources: dict | None = None,
           quiet: bool = False, statistics: bool = False, show_source: bool = True,
           friendly: bool = False, explain: bool = False) -> str:
    """``sources`` maps path -> source text (for the quoted line and underline).

    ``friendly``: findings grouped by document and section, each with the sentence it is in
    and the flagged words highlighted (the default for one file on a terminal). ``explain``:
    after the first finding of each rule, why the rule matters."""
    out: list[str] = []
    sources = sources or {}
    findings = [f for r in results for f in r.findings]
    if friendly and not quiet:
        out.extend(_friendly(results, rules, sources, color, explain))
        findings = []
    explained: set[str] = set()
    for f in findings:
        sev = str(f.severity)
        loc = f.where()
        out.append(f"{_c(loc, '1', color)}  {_c(sev, _COLORS[f.severity], color)}  "
                   f"{_c(f.code, '1', color)}  {f.message}")
        if quiet:
            continue
        if f.suggestions:
            label = "suggestion" if len(f.suggestions) == 1 else "suggestions"
            out.append(f"    {label}: " + ", ".join(f"\u201c{s}\u201d" for s in f.suggestions[:5]))
        src = sources.get(f.path)
        if show_source and src is not None and f.scope not in ("file",):
            lines = src.split("\n")
            if 1 <= f.line <= len(lines):
                text = lines[f.line - 1].rstrip("\r")
                gutter = f"\u00b6{f.line}" if paragraph_positions(f.path) else str(f.line)
                width = len(gutter)
                shown = text.expandtabs(1)
                if len(shown) > 160:    # keep very long lines readable around the match
                    startcol = max(0, f.column - 60)
                    shown = ("…" if startcol else "") + shown[startcol:startcol + 150] + "…"
                    offset = f.column - 1 - startcol + (1 if startcol else 0)
                else:
                    offset = f.column - 1
                end = f.end_column - 1 if f.end_line == f.line else len(text)
                length = max(1, min(end, len(text)) - (f.column - 1))
                length = min(length, max(1, len(shown) - offset))
                out.append(f"    {gutter:>{width}} | {shown}")
                out.append(f"    {'':>{width}} | {' ' * offset}{_c('^' * length, _COLORS[f.severity], color)}")
        if explain and f.code not in explained:
            explained.add(f.code)
            out.extend(_why(f, rules, "    "))
        out.append("")
    # summary
    findings = [f for r in results for f in r.findings]
    by_sev = {s: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    by_cat = {c: 0 for c in CATEGORIES}
    for f in findings:
        by_sev[f.severity] += 1
        by_cat[f.category] += 1
    nfiles = len(results)
    files_with = len({f.path for f in findings})
    if findings:
        parts = [f"{n} {str(s)}{'s' if n != 1 else ''}" for s, n in by_sev.items() if n]
        out.append(f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} "
                   f"({', '.join(parts)}) in {files_with} of {nfiles} file{'s' if nfiles != 1 else ''}.")
        cats = [f"{c} {n}" for c, n in by_cat.items() if n]
        out.append("By category: " + ", ".join(cats))
    else:
        out.append(f"No problems found in {nfiles} file{'s' if nfiles != 1 else ''}.")
    if statistics and findings:
        counts: dict[tuple[str, str], int] = {}
        for f in findings:
            counts[(f.code, f.name)] = counts.get((f.code, f.name), 0) + 1
        out.append("")
        out.append("Findings by rule:")
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {n:>6}  {code}  {name}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------ friendly output

_WRAP = 88
# a sentence ends at . ! ? or an ellipsis (and closing quotes or brackets) before a space, but
# not after a title or a one-letter initial ("Dr. Reyes", "J. Smith")
_SENTENCE_END = re.compile(
    r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bMrs)(?<!\bvs)(?<!\bNo)(?<!\b[A-Z])"
    r"[.!?\u2026][\"'\u201d\u2019)\]]*(?=\s)")


def _rule(rules, code):
    if rules is None:
        return None
    get = getattr(rules, "get", None)
    return get(code) if get else None


def _why(f, rules, indent: str) -> list[str]:
    r = _rule(rules, f.code)
    if r is None or not getattr(r, "why", ""):
        return []
    text = f"Why: {r.why} (More: plainspeak explain {f.code}.)"
    return textwrap.wrap(text, _WRAP, initial_indent=indent, subsequent_indent=indent)


def _sentence(src: str, start: int, end: int, limit: int = 240,
              sep: str = "\n\n") -> tuple[str, int, int]:
    """The sentence around ``src[start:end]`` on one line: (text, match start, match end).
    ``sep`` separates paragraphs in ``src`` (a blank line; one line break in a Word file's
    text, which has one paragraph per line)."""
    k = src.rfind(sep, 0, start)
    lo = k + len(sep) if k != -1 else 0
    for m in _SENTENCE_END.finditer(src, lo, start):
        lo = m.end()
    hi_para = src.find(sep, end)
    hi_para = len(src) if hi_para == -1 else hi_para
    if src[end - 1:end] in (".", "!", "?", "\u2026"):
        hi = end                                # the match ends its sentence
    else:
        m = _SENTENCE_END.search(src, end, hi_para)
        hi = m.end() if m else hi_para
    raw = src[lo:hi]
    # one line: collapse whitespace, keeping track of where the match goes
    before = " ".join(src[lo:start].split())
    match = " ".join(src[start:end].split())
    after = " ".join(src[end:hi].split())
    lead = before + (" " if before and src[start - 1:start].isspace() else "")
    tail = (" " if after and src[end:end + 1].isspace() else "") + after
    text = lead + match + tail
    a, b = len(lead), len(lead) + len(match)
    if len(text) > limit:                      # keep the match in view
        left = max(0, a - (limit - (b - a)) // 2)
        right = min(len(text), left + max(limit, b - a + 20))
        text = ("\u2026" if left else "") + text[left:right] + ("\u2026" if right < len(text) else "")
        shift = left - (1 if left else 0)
        a, b = a - shift, b - shift
    del raw
    return text, a, b


def _line_starts(src: str) -> list[int]:
    starts = [0]
    i = src.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = src.find("\n", i + 1)
    return starts


def _span(src: str, starts: list[int], f) -> tuple[int, int] | None:
    """Source offsets of a finding from its line and column (findings read back from the
    cache carry no offsets); ``None`` when they do not point at the finding's text."""
    if not (1 <= f.line <= len(starts) and 1 <= f.end_line <= len(starts)):
        return None
    a = starts[f.line - 1] + f.column - 1
    b = starts[f.end_line - 1] + f.end_column - 1
    if b <= a or src[a:b] != f.match:
        return None
    return a, b


def _section_of(sections, line: int):
    cur = None
    for s in sections or ():
        if s[0] <= line:
            cur = s
        else:
            break
    return cur


def _friendly(results, rules, sources, color: bool, explain: bool) -> list[str]:
    out: list[str] = []
    explained: set[str] = set()
    for r in results:
        if not r.findings:
            continue
        info = r.info or {}
        n = len(r.findings)
        head = f"{r.path}: {n} finding{'s' if n != 1 else ''}"
        prof = info.get("profile")
        if prof:
            head += f" ({prof})"
        out.append(_c(head, "1", color))
        out.append("")
        src = sources.get(r.path)
        starts = _line_starts(src) if src is not None else []
        sections = info.get("sections") or []
        current = object()
        for f in r.findings:
            sec = None if f.scope == "file" else _section_of(sections, f.line)
            key = tuple(sec) if sec else None
            if key != current:
                current = key
                if f.scope == "file":
                    title = "The whole document"
                elif sec is None:
                    title = "Before the first heading" if sections else "The document"
                else:
                    where = (f"\u00b6{sec[0]}" if paragraph_positions(r.path)
                             else f"line {sec[0]}")
                    title = f"Section \u201c{sec[2]}\u201d ({where})"
                out.append(_c(title, "1;4", color))
            sev = str(f.severity)
            loc = f.where().rsplit(":", 2)
            pos = f"{loc[-2]}:{loc[-1]}"
            out.append(f"  {_c(pos, '1', color)}  {_c(sev, _COLORS[f.severity], color)}  "
                       f"{_c(f.code, '1', color)}  {f.message}")
            span = _span(src, starts, f) if src is not None and f.scope != "file" else None
            if span is not None:
                text, a, b = _sentence(src, *span,
                                       sep="\n" if paragraph_positions(r.path) else "\n\n")
                if color:
                    shown = text[:a] + _c(text[a:b], "1;4;" + _COLORS[f.severity], True) + text[b:]
                    out.append(f"      {shown}")
                else:
                    out.append(f"      {text}")
                    if b - a < max(60, len(text) * 2 // 3):   # not the whole sentence
                        out.append(f"      {' ' * a}{'^' * max(1, b - a)}")
            if f.suggestions:
                label = "suggestion" if len(f.suggestions) == 1 else "suggestions"
                out.append(f"      {label}: " + ", ".join(f"\u201c{s}\u201d" for s in f.suggestions[:5]))
            if explain and f.code not in explained:
                explained.add(f.code)
                out.extend(_why(f, rules, "      "))
            out.append("")
    return out
