"""corpus/: the snapshot of findings, and position round trips on real sample content.

Update the snapshot after reviewing every changed finding by hand:
    PLAINSPEAK_UPDATE_SNAPSHOT=1 python -m pytest tests/test_corpus.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from plainspeak.config import load_config
from plainspeak.engine import Linter, Options, iter_files
from plainspeak.readers import decode, format_for

from lintkit import rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SNAPSHOT = ROOT / "tests" / "snapshots" / "corpus.json"


def _lint_corpus():
    cfg = load_config(ROOT / ".plainspeak.toml")   # the repository's own configuration
    lt = Linter(cfg, rules(), Options())
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        files = iter_files(["corpus"], cfg, lambda *a: None)
        results = [lt.lint_path(f) for f in files]
        lt.lint_project(files, results)     # cross-file: locale sets, document translations
        return results
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def results():
    return _lint_corpus()


def _slice(text: str, f) -> str:
    """Cut the source at line:column .. end_line:end_column (1-based, end exclusive),
    independently of the engine's offsets."""
    lines = text.split("\n")
    if f.line == f.end_line:
        return lines[f.line - 1][f.column - 1:f.end_column - 1]
    parts = [lines[f.line - 1][f.column - 1:]]
    parts += lines[f.line:f.end_line - 1]
    parts.append(lines[f.end_line - 1][:f.end_column - 1])
    return "\n".join(parts)


def test_corpus_has_the_promised_content():
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
                   if p.is_file() and format_for(p.name))
    assert len([f for f in files if f.startswith("letters/")]) >= 6
    assert len([f for f in files if f.startswith("web/")]) >= 6
    assert any(f.startswith("portal/") for f in files)
    assert len([f for f in files if f.startswith("clean/")]) >= 3


def test_every_finding_round_trips(results):
    checked = 0
    for r in results:
        raw = (ROOT / r.path).read_bytes()
        text = decode(raw, format_for(r.path) or "text")[0]
        for f in r.findings:
            if f.scope == "file":
                continue
            assert _slice(text, f) == f.match, (r.path, f.code, f.line, f.column)
            assert f.match.strip() == f.match and f.match, (r.path, f.code, repr(f.match))
            checked += 1
    assert checked > 20


def test_clean_rewrites_have_no_warnings_or_errors(results):
    for r in results:
        if r.path.startswith("corpus/clean/"):
            bad = [(f.code, f.line, f.message) for f in r.findings if str(f.severity) != "info"]
            assert not bad, (r.path, bad)


def test_snapshot(results):
    got = {"findings": [], "documents": []}
    for r in results:
        for f in r.findings:
            d = f.to_dict()
            got["findings"].append({k: d[k] for k in ("path", "line", "column", "end_line",
                                                      "end_column", "code", "severity", "match")})
        if r.stats:
            got["documents"].append({"path": r.path, "profile": r.stats.get("profile"),
                                     "language": r.stats.get("language"),
                                     "words": r.stats.get("words"),
                                     "sentences": r.stats.get("sentences"),
                                     "scores": r.stats.get("scores")})
    if os.environ.get("PLAINSPEAK_UPDATE_SNAPSHOT") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not os.environ.get("PLAINSPEAK_UPDATE_SNAPSHOT"):
            pytest.fail("tests/snapshots/corpus.json did not exist; written — review it and commit")
    want = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert got["findings"] == want["findings"]
    assert got["documents"] == want["documents"]
