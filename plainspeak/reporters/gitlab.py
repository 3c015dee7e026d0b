"""GitLab Code Quality report (the Code Climate subset GitLab reads), for merge-request widgets.

    [{"description": "PS301 medical-jargon: ...", "check_name": "PS301",
      "fingerprint": "<sha256 hex>", "severity": "minor",
      "location": {"path": "letters/a.md", "lines": {"begin": 12, "end": 12}}}, ...]

Publish it in ``.gitlab-ci.yml`` with ``artifacts: reports: codequality: gl-code-quality.json``.

* ``severity``: error -> ``major``, warning -> ``minor``, info -> ``info`` (GitLab's scale is
  info < minor < major < critical < blocker; plainspeak keeps ``critical``/``blocker`` free for
  a future "stop the release" level).
* ``fingerprint`` identifies a finding across commits so GitLab can tell new findings from old
  ones: the SHA-256 of the rule code, the path, the matched text (NFC, case-folded, white space
  collapsed) and an occurrence index among findings of that file with the same three values.
  It never includes the line number, so editing text above a finding does not make it "new".
* ``location.lines`` (not ``positions``): GitLab needs only the line range.

This module also holds the helpers the other CI reporters share (path spelling, fingerprints).
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
_WS = re.compile(r"\s+")
_DRIVE = re.compile(r"^[A-Za-z]:/")


# ---------------------------------------------------------------- shared by the CI reporters

def report_path(path: str) -> str:
    """The path as CI systems expect it: forward slashes, no leading ``./``."""
    p = str(path).replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p or "."


def is_absolute(path: str) -> bool:
    p = report_path(path)
    return p.startswith("/") or bool(_DRIVE.match(p))


def findings_of(results) -> list:
    """Every finding, file by file in the order given, each file's sorted by position."""
    out = []
    for r in results:
        out.extend(sorted(r.findings, key=lambda f: f.sort_key()))
    return out


def is_whole_file(f) -> bool:
    """A finding about the file as a whole (unreadable, too large, ...): no text range."""
    return (f.line, f.column) == (f.end_line, f.end_column) == (1, 1) and not f.match


def last_line(f) -> int:
    """The last line a finding touches (an exclusive end at column 1 ends on the line before)."""
    if f.end_line > f.line and f.end_column <= 1:
        return f.end_line - 1
    return max(f.line, f.end_line)


def normalise_match(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def fingerprints(findings) -> list[str]:
    """One stable SHA-256 hex digest per finding (same order): code, path, normalised match and
    the occurrence index of that triple in its file; no line numbers, so edits above a finding
    keep its fingerprint, and two identical matches in one file still differ."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        key = (f.code, report_path(f.path), normalise_match(f.match))
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\x00".join((*key, str(n)))
        out.append(hashlib.sha256(raw.encode("utf-8")).hexdigest())
    return out


# ---------------------------------------------------------------- the report

def build(results, rules=None) -> list[dict]:
    findings = findings_of(results)
    issues = []
    for f, fp in zip(findings, fingerprints(findings)):
        issues.append({
            "description": f"{f.code} {f.name}: {f.message}",
            "check_name": f.code,
            "fingerprint": fp,
            "severity": _SEVERITY[str(f.severity)],
            "location": {"path": report_path(f.path),
                         "lines": {"begin": f.line, "end": last_line(f)}},
        })
    return issues


def render(results, rules=None, **_options) -> str:
    return json.dumps(build(results, rules), ensure_ascii=False, separators=(",", ":")) + "\n"
