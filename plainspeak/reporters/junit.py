"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps, ...).

    <testsuites name="plainspeak" tests="3" failures="1" errors="0">
      <testsuite name="plainspeak" tests="3" failures="1" errors="0" skipped="0">
        <testcase classname="letters/a.md" name="letters/a.md">
          <failure type="error" message="2 findings: 1 error, 1 warning">12:5 PS401 error ...
    12:40 PS201 warning ...</failure>
        </testcase>
        <testcase classname="letters/b.md" name="letters/b.md"/>

One test case per checked file; a file with findings fails, with one ``<failure>`` whose
``type`` is the highest severity and whose text lists each finding as
``line:col code severity message`` (a message's own line breaks are indented). ``errors`` is
always 0: plainspeak reports files it cannot read as findings (PS9xx), so they fail too.
No timings or host names, so the report is reproducible.

Characters XML 1.0 cannot carry (control characters other than tab and newline, lone
surrogates, U+FFFE/U+FFFF) are written as ``\\xNN``/``\\uNNNN``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..finding import Severity
from .gitlab import report_path

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    def sub(m):
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    return _BAD_XML.sub(sub, text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def build(results, rules=None) -> ET.Element:
    files = len(results)
    failing = sum(1 for r in results if r.findings)
    counts = {"tests": str(files), "failures": str(failing), "errors": "0"}
    root = ET.Element("testsuites", {"name": "plainspeak", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "plainspeak", **counts, "skipped": "0"})
    for r in results:
        path = _clean(report_path(r.path))
        case = ET.SubElement(suite, "testcase", {"classname": path, "name": path})
        if not r.findings:
            continue
        findings = sorted(r.findings, key=lambda f: f.sort_key())
        worst = max(f.severity for f in findings)
        by_sev = [_plural(sum(1 for f in findings if f.severity == s), str(s))
                  for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
        summary = (f"{_plural(len(findings), 'finding')}: "
                   + ", ".join(c for c in by_sev if not c.startswith("0 ")))
        lines = []
        for f in findings:
            message = "\n    ".join(_NEWLINE.split(f.message))
            lines.append(f"{f.line}:{f.column} {f.code} {f.severity} {message}")
        failure = ET.SubElement(case, "failure", {"type": str(worst), "message": summary})
        failure.text = _clean("\n".join(lines))
    return root


def render(results, rules=None, **_options) -> str:
    root = build(results, rules)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
