"""Text output for people: where, what, why, what to write instead, and the line itself.

    letters/results.txt:12:5  warning  PS201  This sentence has 34 words ...
        suggestion: ...
         12 | Your physician has determined that ...
            |     ^^^^^^^^^
"""
from __future__ import annotations

from ..finding import CATEGORIES, Severity

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _source_lines(results, sources):
    return sources or {}


def render(results, rules=None, *, color: bool = False, sources: dict | None = None,
           quiet: bool = False, statistics: bool = False, show_source: bool = True) -> str:
    """``sources`` maps path -> source text (for the quoted line and underline)."""
    out: list[str] = []
    sources = sources or {}
    findings = [f for r in results for f in r.findings]
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
                width = len(str(f.line))
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
                out.append(f"    {f.line:>{width}} | {shown}")
                out.append(f"    {'':>{width}} | {' ' * offset}{_c('^' * length, _COLORS[f.severity], color)}")
        out.append("")
    # summary
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
