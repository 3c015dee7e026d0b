"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

    ::error file=letters/a.md,line=12,col=5,endLine=12,endColumn=6,title=PS401 do-not-use-abbreviation::"QD" is ...

error -> ``::error``, warning -> ``::warning``, info -> ``::notice``. ``col``/``endColumn`` are
given only when the finding starts and ends on one line (GitHub's toolkit: columns cannot be
sent when the start and end lines differ); ``endColumn`` is inclusive (the last character: in
the toolkit a one-character annotation has ``endColumn == col``), unlike plainspeak's
exclusive end column.
A finding about a whole file (no text range) is annotated on the file only.

Escaping follows the runner's rules: in the message ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``.

Limits: GitHub shows at most 10 ``error`` and 10 ``warning`` annotations per step (and 50 per
job); the rest are dropped silently. ``max_annotations`` (default ``None``: no cap, the CLI
passes ``--max-annotations``) keeps the first N findings by severity (errors first), then path
and position; the others are printed as plain log lines, followed by one final
``::notice title=plainspeak::`` line counting them by severity. For every finding in the code
scanning UI, upload ``--format sarif`` instead.
"""
from __future__ import annotations

import re

from ..finding import Severity
from .gitlab import findings_of, is_whole_file, last_line, report_path

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f) -> str:
    props = [("file", report_path(f.path))]
    if not is_whole_file(f):
        end = last_line(f)
        props += [("line", f.line)]
        if end == f.line and f.end_line == f.line:
            props += [("col", f.column), ("endLine", end),
                      ("endColumn", max(f.column, f.end_column - 1))]
        else:
            props += [("endLine", end)]
    props.append(("title", f"{f.code} {f.name}"))
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{_COMMAND[f.severity]} {head}::{escape_data(f.message)}"


def _log_line(f) -> str:
    message = " ".join(re.split(r"\r\n|\r|\n", f.message))
    return f"  {report_path(f.path)}:{f.line}:{f.column}  {f.severity}  {f.code}  {message}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def render(results, rules=None, *, max_annotations: int | None = None, **_options) -> str:
    findings = findings_of(results)
    if max_annotations is None or len(findings) <= max_annotations:
        return "".join(annotation(f) + "\n" for f in findings)
    ranked = sorted(findings, key=lambda f: (-int(f.severity), report_path(f.path), f.line,
                                             f.column, f.code, f.end_line, f.end_column))
    shown, rest = ranked[:max_annotations], ranked[max_annotations:]
    lines = [annotation(f) for f in shown]
    lines.append(f"{len(rest)} more plainspeak finding{'s' if len(rest) != 1 else ''} "
                 f"(not annotated):")
    lines += [_log_line(f) for f in rest]
    counts = [_plural(sum(1 for f in rest if f.severity == s), str(s))
              for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    counts = [c for c in counts if not c.startswith("0 ")]
    summary = (f"{len(findings)} findings, {len(shown)} annotated (--max-annotations "
               f"{max_annotations}). Not annotated: {', '.join(counts)}. They are listed in "
               f"this step's log above; run plainspeak check locally or upload --format sarif "
               f"for the full report.")
    lines.append(f"::notice title=plainspeak::{escape_data(summary)}")
    return "\n".join(lines) + "\n"
