"""Baselines: record today's findings so that a gate fails only on new ones.

``plainspeak check --write-baseline FILE`` records the current findings; ``--baseline FILE``
hides the findings recorded there. The file is JSON, stable and sorted so that its diff in a
pull request is reviewable::

    {"version": 1, "tool": "plainspeak",
     "findings": [{"code": "PS302", "fingerprint": "…", "match": "utilize",
                   "path": "docs/visit.md"}, ...]}

A fingerprint never contains a line or column number, so findings survive text moving
around (a paragraph inserted above, a section moved down). It is the SHA-256 of:

* the rule code;
* the file's path, relative to the folder of the baseline file (POSIX separators), so the
  baseline works whatever the current folder is when plainspeak runs;
* the matched text, whitespace collapsed and case-folded;
* the context: up to 40 characters before and after the match on its own lines (read from
  the file, decoded as the readers do), normalised the same way; edits elsewhere in a long
  line or on other lines do not change it;
* an occurrence index among findings with the same code, path, text and context, in the
  order of the file, so two identical findings are two entries.

Matching is a multiset: with two identical findings and one recorded, one is shown.
Rewriting the baseline records only the current findings, so fixed ones drop out.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Iterable

__all__ = ["VERSION", "Baseline", "fingerprints", "write", "load"]

VERSION = 1
CONTEXT = 40                 # characters of context on each side of the match
MATCH_CHARS = 120            # of the match shown in the file (the fingerprint uses all of it)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _rel(path: str, folder: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:       # another drive (Windows)
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def _source_lines(path: str) -> list[str] | None:
    from .readers import decode, format_for
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        return decode(raw, format_for(path) or "text")[0].split("\n")
    except Exception:  # noqa: BLE001 - unreadable: the fingerprint goes without context
        return None


def _context(f, lines: list[str] | None) -> str:
    if not lines or f.line < 1 or f.line > len(lines):
        return ""
    first = lines[f.line - 1]
    last = lines[f.end_line - 1] if 1 <= f.end_line <= len(lines) else first
    before = _norm(first[:max(0, f.column - 1)])[-CONTEXT:]
    after = _norm(last[max(0, f.end_column - 1):] if f.end_line <= len(lines) else "")[:CONTEXT]
    return f"{before}\x1f{after}"


def fingerprints(results, folder: str) -> list[tuple[str, object, str]]:
    """(fingerprint, finding, relative path) of every finding of ``results``, in file order."""
    out = []
    for r in results:
        if not r.findings:
            continue
        lines = None
        needs = any(f.line >= 1 for f in r.findings)
        if needs and r.path and os.path.isfile(r.path):
            lines = _source_lines(r.path)
        rel = _rel(r.path, folder)
        seen: Counter = Counter()
        for f in sorted(r.findings, key=lambda f: f.sort_key()):
            parts = (f.code, rel, _norm(f.match), _context(f, lines))
            n = seen[parts]
            seen[parts] += 1
            h = hashlib.sha256("\0".join((*parts, str(n))).encode("utf-8", "surrogatepass"))
            out.append((h.hexdigest(), f, rel))
    return out


def _shown_match(match: str) -> str:
    m = " ".join(match.split())
    return m if len(m) <= MATCH_CHARS else m[:MATCH_CHARS - 1] + "\u2026"


def _folder_of(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def write(path: str, results) -> int:
    """Record every finding of ``results`` in the baseline file ``path`` (replacing it);
    returns the number of findings recorded."""
    entries = [{"fingerprint": fp, "code": f.code, "path": rel, "match": _shown_match(f.match)}
               for fp, f, rel in fingerprints(results, _folder_of(path))]
    entries.sort(key=lambda e: (e["path"], e["code"], e["match"], e["fingerprint"]))
    data = {"version": VERSION, "tool": "plainspeak", "findings": entries}
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    from .fileio import atomic_write
    atomic_write(path, text, newline="\n")
    return len(entries)


class Baseline:
    def __init__(self, folder: str, fingerprints: Iterable[str]):
        self.folder = folder
        self.counts = Counter(fingerprints)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def filter(self, results) -> int:
        """Hide the findings recorded in the baseline (in place); returns how many."""
        left = Counter(self.counts)
        hidden: set[int] = set()
        for fp, f, _rel in fingerprints(results, self.folder):
            if left[fp] > 0:
                left[fp] -= 1
                hidden.add(id(f))
        if hidden:
            for r in results:
                r.findings = [f for f in r.findings if id(f) not in hidden]
        return len(hidden)


def load(path: str) -> Baseline:
    """Read a baseline file. OSError when it cannot be read, ValueError when it is not a
    plainspeak baseline."""
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValueError("not a plainspeak baseline (expected an object with a "
                         "\"findings\" list; write one with --write-baseline)")
    version = data.get("version")
    if version != VERSION:
        raise ValueError(f"baseline version {version!r} is not supported (this plainspeak "
                         f"reads version {VERSION}); write it again with --write-baseline")
    fps = []
    for i, e in enumerate(data["findings"]):
        fp = e.get("fingerprint") if isinstance(e, dict) else None
        if not isinstance(fp, str) or not fp:
            raise ValueError(f"findings[{i}] has no fingerprint")
        fps.append(fp)
    return Baseline(_folder_of(path), fps)
