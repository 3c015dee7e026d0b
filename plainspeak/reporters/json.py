"""JSON output, schema version 1 (documented in README.md, "JSON output").

{
  "version": 1,
  "tool": {"name": "plainspeak", "version": "..."},
  "findings": [ {code, name, category, severity, path, line, column, end_line, end_column,
                 message, match, suggestions, fix, scope[, data]} ... ],
  "documents": [ {path, format, profile, language, words, sentences, graded, scores, ...} ],
  "summary": {"files": N, "findings": N, "by_severity": {...}, "by_category": {...}}
}
Positions are 1-based; end_column is exclusive; columns count Unicode code points.
"""
from __future__ import annotations

import json

from .. import __version__
from ..finding import CATEGORIES


def build(results, rules=None) -> dict:
    findings = [f for r in results for f in r.findings]
    by_sev = {"error": 0, "warning": 0, "info": 0}
    by_cat = {c: 0 for c in CATEGORIES}
    for f in findings:
        by_sev[str(f.severity)] += 1
        by_cat[f.category] += 1
    return {
        "version": 1,
        "tool": {"name": "plainspeak", "version": __version__},
        "findings": [f.to_dict() for f in findings],
        "documents": [r.stats for r in results if r.stats is not None],
        "summary": {"files": len(results), "findings": len(findings),
                    "by_severity": by_sev, "by_category": by_cat},
    }


def render(results, rules=None, **_options) -> str:
    # Compact separators keep the C encoder (indent= falls back to the slow Python one, which
    # costs more than the linting on a large run); pipe into `python -m json.tool` to read it.
    return json.dumps(build(results, rules), ensure_ascii=False, separators=(",", ":")) + "\n"
