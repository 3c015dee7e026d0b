"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes every rule that has a finding (sorted by code), with
its description, why it matters and its sources; each result points at its rule by ``ruleId``
and ``ruleIndex``.

Positions: plainspeak's lines and columns are 1-based with an exclusive end column, exactly
SARIF's ``region`` model; columns count code points, so the run declares
``columnKind: "unicodeCodePoints"`` (SARIF's default counts UTF-16 code units).

Paths: a relative path becomes a percent-encoded URI reference (``letters/my%20letter.md``)
relative to ``uriBaseId: "%SRCROOT%"``, the folder the check ran in (left unresolved in
``originalUriBaseIds``: viewers such as GitHub resolve it to the checkout). An absolute path
becomes a ``file://`` URI.

``partialFingerprints["plainspeak/v1"]`` is the stable identity of a finding (rule code, path,
normalised matched text, occurrence index; never the line number: see ``gitlab.fingerprints``),
so code scanning keeps tracking an alert when lines above it change.

A finding about a whole file (unreadable, too large) has the region ``{"startLine": 1}``.
A finding with a safe fix carries ``fixes`` (one ``artifactChange`` replacing the fixed region
with the new text).

The output is a pure function of the results: no clock, no environment, stable order.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__
from .gitlab import findings_of, fingerprints, is_absolute, is_whole_file, report_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://plainspeak.invalid/docs"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "plainspeak/v1"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# How often a finding of the category is a true problem (SARIF/GitHub "precision"): the word
# lists and safety patterns are measured on the labelled sets in corpus/eval/ (precision at or
# above 0.95); the structure and readability measures are exact counts whose thresholds are
# judgement calls; system findings (unreadable file, bad suppression) are facts.
PRECISION = {"readability": "medium", "structure": "medium", "jargon": "high", "safety": "high",
             "inclusive": "high", "translation": "high", "accessibility": "high",
             "system": "very-high"}


def artifact_location(path: str) -> dict:
    p = report_path(path)
    if is_absolute(p):
        if not p.startswith("/"):       # C:/x -> file:///C:/x
            p = "/" + p
        return {"uri": "file://" + quote(p, safe="/:")}
    return {"uri": quote(p, safe="/"), "uriBaseId": SRCROOT}


def _rule_index(rules) -> dict:
    if rules is None:
        return {}
    by_code = getattr(rules, "by_code", None)
    if by_code is not None:
        return by_code
    if isinstance(rules, dict):
        return rules
    return {r.code: r for r in rules}


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _help(rule) -> dict:
    text = [rule.why.strip()]
    md = [rule.why.strip()]
    wcag = getattr(rule, "wcag", None) or []
    if wcag:
        from ..rulepack import wcag_lines, wcag_url
        text += ["", "WCAG 2.2:"]
        md += ["", "**WCAG 2.2**", ""]
        for entry, line in zip(wcag, wcag_lines(rule)):
            text.append(f"- {line}: {wcag_url(entry)}")
            md.append(f"- [{_md(line)}]({wcag_url(entry)})")
    sources = [s for s in (rule.sources or []) if s.get("name")]
    if sources:
        text += ["", "Sources:"]
        md += ["", "**Sources**", ""]
        for s in sources:
            note = f" ({s['note']})" if s.get("note") else ""
            url = s.get("url")
            text.append(f"- {s['name']}" + (f": {url}" if url else "") + note)
            md.append(f"- [{_md(s['name'])}]({url}){note}" if url else f"- {_md(s['name'])}{note}")
    return {"text": "\n".join(text), "markdown": "\n".join(md)}


def _descriptor(code: str, rule, finding) -> dict:
    if rule is None:         # a finding whose rule is not in ``rules`` (or no rules given)
        return {"id": code, "name": finding.name, "shortDescription": {"text": finding.name},
                "properties": {"category": finding.category,
                               "tags": sorted({"plain-language", finding.category}),
                               "precision": PRECISION.get(finding.category, "medium")}}
    tags = {"plain-language", rule.category}
    for entry in getattr(rule, "wcag", None) or ():
        tags.add(f"wcag-{entry['sc']}")
        tags.add(f"wcag2{entry['level'].lower()}")
    if getattr(rule, "fixable", False):
        tags.add("fixable")
    d = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description.strip()},
        "fullDescription": {"text": f"{rule.description.strip()}\n\n{rule.why.strip()}"},
        "help": _help(rule),
    }
    urls = [s["url"] for s in (rule.sources or []) if s.get("url")]
    if urls:
        d["helpUri"] = urls[0]
    d["defaultConfiguration"] = {"level": LEVELS[str(rule.severity)]}
    d["properties"] = {"category": rule.category, "tags": sorted(tags),
                       "precision": PRECISION.get(rule.category, "medium")}
    return d


def _region(f) -> dict:
    if is_whole_file(f):       # no text range: point at the first line (GitHub needs a line)
        return {"startLine": 1}
    r = {"startLine": f.line, "startColumn": f.column,
         "endLine": f.end_line, "endColumn": f.end_column}
    if f.match:
        r["snippet"] = {"text": f.match}
    return r


def _fix_region(f) -> dict:
    """Line/column region of ``f.fix`` when it lies inside the match (always so for the
    built-in fixes); otherwise character offsets into the file."""
    fx = f.fix
    if f.start <= fx.start <= fx.end <= f.end and f.end - f.start == len(f.match):
        def pos(offset: int) -> tuple[int, int]:
            seg = f.match[:offset - f.start]
            nl = seg.count("\n")
            if not nl:
                return f.line, f.column + len(seg)
            return f.line + nl, len(seg) - seg.rfind("\n")
        sl, sc = pos(fx.start)
        el, ec = pos(fx.end)
        return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}
    return {"charOffset": fx.start, "charLength": fx.end - fx.start}


def _fix(f, location: dict) -> dict:
    fx = f.fix
    if (fx.start, fx.end) == (f.start, f.end) and f.match:
        what = f"Replace \u201c{f.match}\u201d with \u201c{fx.replacement}\u201d"
    else:
        what = f"Replace with \u201c{fx.replacement}\u201d"
    return {"description": {"text": what},
            "artifactChanges": [{"artifactLocation": dict(location),
                                 "replacements": [{"deletedRegion": _fix_region(f),
                                                   "insertedContent": {"text": fx.replacement}}]}]}


def build(results, rules=None) -> dict:
    findings = findings_of(results)
    known = _rule_index(rules)
    first: dict[str, object] = {}
    for f in findings:
        first.setdefault(f.code, f)
    codes = sorted(first)
    index = {c: i for i, c in enumerate(codes)}
    descriptors = [_descriptor(c, known.get(c), first[c]) for c in codes]
    out = []
    for f, fp in zip(findings, fingerprints(findings)):
        loc = artifact_location(f.path)
        res = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[str(f.severity)],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": loc,
                                                "region": _region(f)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fp},
        }
        props = {"category": f.category}
        if f.suggestions:
            props["suggestions"] = list(f.suggestions)
        res["properties"] = props
        if f.fix is not None:
            res["fixes"] = [_fix(f, loc)]
        out.append(res)
    run = {
        "tool": {"driver": {"name": "plainspeak", "version": __version__,
                            "informationUri": INFORMATION_URI, "rules": descriptors}},
        "originalUriBaseIds": {SRCROOT: {"description": {
            "text": "The folder plainspeak was run in (the repository checkout in CI)."}}},
        "columnKind": "unicodeCodePoints",
        "results": out,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results, rules=None, **_options) -> str:
    return json.dumps(build(results, rules), ensure_ascii=False, separators=(",", ":")) + "\n"
