"""Gating changes: --diff (staged / merge base), baselines, shards and the results cache,
exercised through the command line on real temporary git repositories."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainspeak import engine
from plainspeak.cli import main

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = "Please utilize the side door."            # PS302 officialese at column 8
NEW = "We will utilize your results."            # PS302 at column 9

# hard text (SMOG > 10): >= 100 words and >= 10 sentences, so a section of it gets a grade
HARD = ("Your physician has determined that supplementary immunization is indicated. "
        "Vaccination administration will occur at the outpatient pharmacy department. "
        "Individuals experiencing respiratory complications should notify their provider "
        "immediately. Medication reconciliation is necessary before any diagnostic procedure. "
        "Documentation of previous immunizations facilitates appropriate clinical decisions. "
        "Insurance authorization may be required for specialized laboratory evaluations. "
        "Appointment cancellations require notification within a reasonable timeframe. "
        "Complimentary transportation assistance is available for eligible beneficiaries. "
        "Postoperative recommendations emphasize hydration and nutritional supplementation. "
        "Unanticipated symptoms necessitate immediate communication with the department. "
        "Additional educational materials are obtainable through the information portal. "
        "Comprehensive explanations regarding financial obligations accompany statements. "
        "Unfortunately, unauthorized prescription modifications invalidate coverage.")


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch, tmp_path):
    """The developer's own git configuration must not change the answers; no repository
    above tmp_path may be found."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.org")


# ------------------------------------------------------------------------------- helpers

def git(repo: Path, *args: str) -> str:
    cp = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert cp.returncode == 0, f"git {' '.join(args)}: {cp.stderr}"
    return cp.stdout


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "symbolic-ref", "HEAD", "refs/heads/main")
    git(path, "config", "user.name", "Test")
    git(path, "config", "user.email", "test@example.org")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class Run:
    def __init__(self, result, report: Path):
        self.exit_code = result.exit_code
        self.output = result.output
        self.stderr = getattr(result, "stderr", result.output)
        self.data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None

    @property
    def findings(self) -> list[dict]:
        return self.data["findings"] if self.data else []

    def where(self, code: str | None = None) -> list[tuple[str, int, str]]:
        return [(f["path"].replace(os.sep, "/"), f["line"], f["code"]) for f in self.findings
                if code is None or f["code"] == code]


def check(cwd: Path, *args: str) -> Run:
    """`plainspeak check --format json ARGS` run in ``cwd`` (report written outside it)."""
    report = cwd.parent / f"report-{cwd.name}.json"
    if report.exists():
        report.unlink()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", "--format", "json", "-o", str(report),
                                           *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result, report)


def page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


# ------------------------------------------------------------------------------- --diff

@needs_git
def test_diff_staged_reports_new_lines_only(tmp_path):
    repo = make_repo(tmp_path / "repo")
    write(repo / "a.md", page("# Visit", OLD, "Call us today."))
    write(repo / "b.md", page("# Forms", OLD))
    commit(repo, "base")
    write(repo / "a.md", page("# Visit", OLD, "Call us today.", NEW))      # NEW on line 7
    git(repo, "add", "a.md")
    write(repo / "untracked.md", page("# Draft", NEW))                     # not staged

    r = check(repo, "--diff", "--select", "PS302")
    assert r.exit_code == 0, r.output
    assert r.where() == [("a.md", 7, "PS302")]           # b.md and line 3 are old; the draft
                                                          # is not part of the commit
    # pre-commit puts the staged files after the options: `--diff FILE` is not a ref
    r = check(repo, "--diff", "a.md", "--select", "PS302")
    assert r.exit_code == 0, r.output
    assert r.where() == [("a.md", 7, "PS302")]

    # unstaged edits above move the staged line in the working tree, which is what is read
    write(repo / "a.md", page("# Visit", "Intro.", OLD, "Call us today.", NEW))
    r = check(repo, "--diff", "--select", "PS302")
    assert r.where() == [("a.md", 9, "PS302")]

    # nothing staged: nothing to report, whatever the files hold
    git(repo, "reset", "-q")
    r = check(repo, "--diff", "--select", "PS302")
    assert r.exit_code == 0 and r.findings == []


@needs_git
def test_diff_staged_before_the_first_commit_counts_every_line(tmp_path):
    repo = make_repo(tmp_path / "repo")
    write(repo / "a.md", page("# Visit", OLD))
    git(repo, "add", "a.md")
    r = check(repo, "--diff", "--select", "PS302")
    assert r.exit_code == 0, r.output
    assert r.where() == [("a.md", 3, "PS302")]


@needs_git
def test_diff_ref_uses_the_merge_base_and_the_working_tree(tmp_path):
    repo = make_repo(tmp_path / "repo")
    write(repo / "a.md", page("# Visit", OLD, "Call us today."))
    write(repo / "b.md", page("# Forms", "Fill in the form."))
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo / "a.md", page("# Visit", OLD, "Call us today.", NEW))      # line 7
    commit(repo, "feature work")
    # main moves on after the branch: it drops the old problem. Compared with main's tip the
    # branch would "add" line 3 back; compared with the merge base it did not touch it.
    git(repo, "checkout", "-q", "main")
    write(repo / "a.md", page("# Visit", "Call us today."))
    commit(repo, "main work")
    git(repo, "checkout", "-q", "feature")
    # uncommitted and untracked work counts too
    write(repo / "b.md", page("# Forms", "Fill in the form.", OLD))        # line 5
    write(repo / "new.md", page("# New page", OLD))                        # line 3

    r = check(repo, "--diff", "main", "--select", "PS302")
    assert r.exit_code == 0, r.output
    assert r.where() == [("a.md", 7, "PS302"), ("b.md", 5, "PS302"), ("new.md", 3, "PS302")]

    # the same through a path argument given after the ref
    r = check(repo, "--diff", "main", "a.md", "--select", "PS302")
    assert r.where() == [("a.md", 7, "PS302")]


@needs_git
def test_diff_ref_follows_renames(tmp_path):
    repo = make_repo(tmp_path / "repo")
    body = ["# Guide", OLD, "Call us on 555 0100.", "Bring your card.", "Arrive early.",
            "Park at the back.", "Ask at the desk."]
    write(repo / "guide.md", page(*body))
    write(repo / "notes.md", page("# Notes", OLD, "Call us today.", "Bring your card."))
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "mv", "guide.md", "handbook.md")
    edited = list(body)
    edited[5] = "Please utilize the car park at the back."                  # line 11
    write(repo / "handbook.md", page(*edited))
    git(repo, "mv", "notes.md", "notes-renamed.md")                         # pure rename
    commit(repo, "rename")
    assert "R" in git(repo, "diff", "--name-status", "-M", "main", "HEAD")

    r = check(repo, "--diff", "main", "--select", "PS302")
    assert r.exit_code == 0, r.output
    assert r.where() == [("handbook.md", 11, "PS302")]    # not line 3 (moved, not changed);
                                                           # nothing from the pure rename


@needs_git
def test_diff_keeps_a_section_reading_grade_only_when_its_section_changed(tmp_path):
    repo = make_repo(tmp_path / "repo")
    write(repo / "doc.md", page("# Before your visit", HARD, "# Your test results", HARD,
                                "Call us today."))
    commit(repo, "base")
    full = check(repo, "--select", "PS101", "--no-cache")
    assert full.where() == [("doc.md", 1, "PS101"), ("doc.md", 5, "PS101")]
    assert [f["data"]["section_lines"] for f in full.findings] == [[1, 4], [5, 9]]

    git(repo, "checkout", "-q", "-b", "feature")
    write(repo / "doc.md", page("# Before your visit", HARD, "# Your test results", HARD,
                                "Call us today or tomorrow."))              # line 9: section 2
    r = check(repo, "--diff", "main", "--select", "PS101")
    assert r.where() == [("doc.md", 5, "PS101")]

    write(repo / "doc.md", page("# Before your visit", HARD + " Thank you.",
                                "# Your test results", HARD, "Call us today."))
    r = check(repo, "--diff", "main", "--select", "PS101")
    assert r.where() == [("doc.md", 1, "PS101")]

    # deleting lines inside a section counts as changing it
    write(repo / "doc.md", page("# Before your visit", HARD, "# Your test results", HARD))
    r = check(repo, "--diff", "main", "--select", "PS101")
    assert r.where() == [("doc.md", 5, "PS101")]


@needs_git
def test_diff_keeps_a_document_reading_grade_when_any_line_changed(tmp_path):
    half = HARD.split(". ")
    part1, part2 = ". ".join(half[:6]) + ".", ". ".join(half[6:])
    repo = make_repo(tmp_path / "repo")
    write(repo / "doc.md", page("# Part one", part1, "# Part two", part2))
    write(repo / "other.md", page("# Part one", part1, "# Part two", part2))
    commit(repo, "base")
    full = check(repo, "--select", "PS101", "--no-cache")
    assert [(f["path"], f["data"]["scope"], f["data"]["section_lines"])
            for f in full.findings] == [("doc.md", "document", [1, 7]),
                                        ("other.md", "document", [1, 7])]
    write(repo / "doc.md", page("# Part one", part1, "# Part two", part2 + " Thank you."))
    git(repo, "add", "doc.md")
    r = check(repo, "--diff", "--select", "PS101")
    assert r.where() == [("doc.md", 1, "PS101")]


@needs_git
def test_diff_errors_are_clear(tmp_path):
    plain = tmp_path / "plain"
    write(plain / "a.md", page("# Visit", OLD))
    r = check(plain, "--diff")
    assert r.exit_code == 2
    assert "not a git repository" in r.output

    repo = make_repo(tmp_path / "repo")
    write(repo / "a.md", page("# Visit", OLD))
    commit(repo, "base")
    r = check(repo, "--diff", "origin/main")
    assert r.exit_code == 2
    assert ("unknown ref 'origin/main': fetch it first (in a shallow clone: git fetch "
            "--deepen or fetch-depth: 0)") in r.output
    assert "Traceback" not in r.output


@needs_git
def test_diff_in_a_shallow_clone_says_to_fetch_history(tmp_path):
    origin = make_repo(tmp_path / "origin")
    write(origin / "a.md", page("# Visit", OLD, "Call us today."))
    commit(origin, "base")
    git(origin, "checkout", "-q", "-b", "feature")
    for i in range(3):
        write(origin / "a.md", page("# Visit", OLD, "Call us today.", *[NEW] * (i + 1)))
        commit(origin, f"feature {i}")
    git(origin, "checkout", "-q", "main")
    write(origin / "b.md", page("# Other", "Fine text."))
    commit(origin, "main moves on")

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature",
        (origin.as_uri()), str(clone))
    # a CI checkout of the branch alone: the base branch was never fetched
    r = check(clone, "--diff", "origin/main")
    assert r.exit_code == 2
    assert "unknown ref 'origin/main': fetch it first" in r.output
    assert "fetch-depth: 0" in r.output

    # the base branch fetched, but too shallow to reach the merge base
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    r = check(clone, "--diff", "origin/main")
    assert r.exit_code == 2
    assert "no merge base between 'origin/main' and HEAD" in r.output
    assert "shallow" in r.output and "git fetch --deepen" in r.output

    # with the history the gate works
    git(clone, "fetch", "-q", "--unshallow", "origin",
        "+refs/heads/main:refs/remotes/origin/main",
        "+refs/heads/feature:refs/remotes/origin/feature")
    r = check(clone, "--diff", "origin/main", "--select", "PS302")
    assert r.exit_code == 0, r.output
    assert r.where() == [("a.md", 7, "PS302"), ("a.md", 9, "PS302"), ("a.md", 11, "PS302")]


# ------------------------------------------------------------------------------- baselines

BASE_PAGE = page("# Visit", OLD, "We utilize phones.", "Call us today.", "We utilize phones.")


def test_baseline_hides_recorded_findings_and_shows_new_ones(tmp_path):
    proj = tmp_path / "proj"
    write(proj / "a.md", BASE_PAGE)
    write(proj / "docs" / "b.md", page("# Forms", HARD))
    before = check(proj)
    assert before.exit_code == 1 and len(before.findings) > 5      # PS101, PS201, PS302 …

    r = check(proj, "--write-baseline", "plainspeak-baseline.json")
    assert r.exit_code == 0, r.output
    assert f"{len(before.findings)} findings recorded" in r.stderr
    data = json.loads((proj / "plainspeak-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "plainspeak"
    entries = data["findings"]
    assert len(entries) == len(before.findings)
    assert entries == sorted(entries, key=lambda e: (e["path"], e["code"], e["match"],
                                                      e["fingerprint"]))
    assert {e["path"] for e in entries} == {"a.md", "docs/b.md"}
    assert all("line" not in e for e in entries)
    assert len({e["fingerprint"] for e in entries}) == len(entries)  # duplicates distinct

    r = check(proj, "--baseline", "plainspeak-baseline.json")
    assert r.exit_code == 0, r.output
    assert r.findings == []

    # a new problem is the only one reported
    write(proj / "a.md", BASE_PAGE + "\nPlease utilize the lift.\n")
    r = check(proj, "--baseline", "plainspeak-baseline.json")
    assert r.where() == [("a.md", 11, "PS302")]
    assert r.exit_code == 0                        # a warning; --fail-on decides as usual
    r = check(proj, "--baseline", "plainspeak-baseline.json", "--fail-on", "warning")
    assert r.exit_code == 1

    # multiset: a third copy of a line recorded twice shows once
    write(proj / "a.md", BASE_PAGE + "\nWe utilize phones.\n")
    r = check(proj, "--baseline", "plainspeak-baseline.json")
    assert r.where() == [("a.md", 11, "PS302")]

    # the baseline is found relative to itself: run from elsewhere
    write(proj / "a.md", BASE_PAGE)
    r = check(tmp_path, "proj", "--baseline", "proj/plainspeak-baseline.json")
    assert r.exit_code == 0 and r.findings == []


def test_baseline_survives_lines_moving(tmp_path):
    proj = tmp_path / "proj"
    write(proj / "a.md", BASE_PAGE)
    write(proj / "docs" / "b.md", page("# Forms", HARD))
    check(proj, "--write-baseline", "base.json")

    # blank lines and a new harmless paragraph above; paragraphs reordered
    write(proj / "a.md", "\n\n\n" + page("# Visit", "Read this first.", "We utilize phones.",
                                         "Call us today.", OLD, "We utilize phones."))
    write(proj / "docs" / "b.md", page("# Forms", "Fill it in.", "", HARD))
    r = check(proj, "--baseline", "base.json")
    assert r.exit_code == 0, r.output
    assert r.findings == [], r.where()


def test_rewriting_the_baseline_drops_fixed_findings(tmp_path):
    proj = tmp_path / "proj"
    write(proj / "a.md", BASE_PAGE)
    first = check(proj, "--write-baseline", "base.json")
    n_before = len(json.loads((proj / "base.json").read_text())["findings"])
    assert "recorded" in first.stderr

    write(proj / "a.md", page("# Visit", "Please use the side door.", "We utilize phones.",
                              "Call us today.", "We utilize phones."))
    r = check(proj, "--baseline", "base.json")
    assert r.findings == []                       # fixing never shows anything
    check(proj, "--write-baseline", "base.json")
    after = json.loads((proj / "base.json").read_text())["findings"]
    assert len(after) == n_before - 1
    assert not any("side door" in e["match"] for e in after)
    assert [e["match"] for e in after if e["code"] == "PS302"] == ["utilize", "utilize"]

    # the fixed problem coming back is new again
    write(proj / "a.md", BASE_PAGE)
    r = check(proj, "--baseline", "base.json")
    assert r.where() == [("a.md", 3, "PS302")]


def test_bad_baseline_file_is_a_usage_error(tmp_path):
    proj = tmp_path / "proj"
    write(proj / "a.md", BASE_PAGE)
    write(proj / "base.json", "{not json")
    r = check(proj, "--baseline", "base.json")
    assert r.exit_code == 2 and "cannot read baseline base.json" in r.output
    write(proj / "base.json", json.dumps({"version": 7, "findings": []}))
    r = check(proj, "--baseline", "base.json")
    assert r.exit_code == 2 and "version" in r.output
    r = check(proj, "--baseline", "missing.json")
    assert r.exit_code == 2 and "cannot read baseline missing.json" in r.output


# ------------------------------------------------------------------------------- shards

def _catalog_project(root: Path) -> Path:
    write(root / "locales" / "en.json", json.dumps(
        {"greeting": "Welcome to your portal.", "bye": "See you soon.",
         "refill": "Ask for a refill."}, indent=2))
    write(root / "locales" / "es.json", json.dumps(
        {"greeting": "Bienvenido a su portal.", "bye": "Hasta pronto."}, indent=2))
    write(root / "locales" / "fr.json", json.dumps(
        {"greeting": "Bienvenue.", "bye": "A bientôt.", "refill": "Demandez.",
         "extra": "En trop."}, indent=2))
    for i in range(1, 9):
        write(root / "docs" / f"p{i}.md", page(f"# Page {i}", f"Please utilize door {i}.",
                                               HARD if i % 3 == 0 else "Call us today."))
    return root


def _key(f: dict) -> str:
    return json.dumps(f, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("n", [2, 3])
def test_shards_add_up_to_the_whole_run(tmp_path, n):
    proj = _catalog_project(tmp_path / "proj")
    whole = check(proj, "--no-cache")
    codes = {f["code"] for f in whole.findings}
    assert {"PS601", "PS609", "PS302", "PS101"} <= codes         # cross-file ones included
    union, docs = [], []
    for k in range(1, n + 1):
        r = check(proj, "--no-cache", "--shard", f"{k}/{n}")
        assert r.exit_code in (0, 1), r.output
        union += r.findings
        docs += r.data["documents"]
    assert sorted(map(_key, union)) == sorted(map(_key, whole.findings))
    assert sorted(map(_key, docs)) == sorted(map(_key, whole.data["documents"]))
    assert sum(1 for f in union if f["code"] == "PS601") == 1


def test_bad_shard_spec_is_a_usage_error(tmp_path):
    proj = _catalog_project(tmp_path / "proj")
    for spec in ("0/2", "3/2", "1/0", "x", "1-2"):
        r = check(proj, "--shard", spec)
        assert r.exit_code == 2, spec
        assert "--shard" in r.output


# ------------------------------------------------------------------------------- cache

def _cache_entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("v*/*/*.json"))


class _Counter:
    def __init__(self, monkeypatch, fail: bool = False):
        self.paths: list[str] = []
        real = engine.Linter.lint_bytes

        def counting(linter, path, raw, fmt=None):
            if fail:
                raise AssertionError(f"{path} was linted again, not read from the cache")
            self.paths.append(path)
            return real(linter, path, raw, fmt)
        monkeypatch.setattr(engine.Linter, "lint_bytes", counting)


def test_cache_second_run_is_identical_and_reads_entries(tmp_path, monkeypatch):
    proj = _catalog_project(tmp_path / "proj")
    first = check(proj)
    cache = proj / ".plainspeak_cache"
    assert cache.is_dir()
    assert "*" in (cache / ".gitignore").read_text().splitlines()
    assert (cache / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    files = [p for p in proj.rglob("*")
             if p.is_file() and ".plainspeak_cache" not in p.parts]
    assert len(_cache_entries(cache)) == len(files)

    with monkeypatch.context() as m:
        _Counter(m, fail=True)                   # every file must come from the cache
        second = check(proj)
        parallel = check(proj, "--jobs", "2")    # no worker processes for cached files
    assert second.exit_code == first.exit_code
    assert second.data == first.data == parallel.data
    assert _key(second.data) == _key(first.data)
    assert second.data == check(proj, "--no-cache").data


def test_no_cache_writes_nothing_and_cache_dir_is_honoured(tmp_path):
    proj = _catalog_project(tmp_path / "proj")
    check(proj, "--no-cache")
    assert not (proj / ".plainspeak_cache").exists()
    elsewhere = tmp_path / "my-cache"
    check(proj, "--cache-dir", str(elsewhere))
    assert not (proj / ".plainspeak_cache").exists()
    assert _cache_entries(elsewhere)


def test_cache_is_invalidated_by_a_changed_file_or_config(tmp_path, monkeypatch):
    proj = _catalog_project(tmp_path / "proj")
    first = check(proj)
    n_files = first.data["summary"]["files"]
    assert n_files == 11

    write(proj / "docs" / "p1.md", page("# Page 1", "Please utilize door 1.", NEW))
    counter = _Counter(monkeypatch)
    r = check(proj, "--jobs", "2")
    assert counter.paths == [os.path.join("docs", "p1.md")]           # only the changed file
    assert ("docs/p1.md", 5, "PS302") in r.where()
    assert r.data == check(proj, "--no-cache").data

    counter.paths.clear()
    write(proj / ".plainspeak.toml", 'ignore = ["PS302"]\n')
    r = check(proj)
    assert "PS302" not in {f["code"] for f in r.findings}
    assert len(counter.paths) == n_files                              # every file again
    assert r.data == check(proj, "--no-cache").data


def test_corrupt_cache_entries_are_misses(tmp_path, monkeypatch):
    proj = _catalog_project(tmp_path / "proj")
    first = check(proj)
    entries = _cache_entries(proj / ".plainspeak_cache")
    garbage = [b"{not json", b"", b'{"f": 2, "path": "x", "findings": [[1, 2]]}', b"\xff\xfe\x00",
               b'{"f": 2, "path": "docs/p1.md", "findings": [["PS999", 2, 1, 1, 1, 1, "m", "",'
               b' "x", 0, 0, 0, 0, 0]]}', b"[]", b"null"]
    for i, p in enumerate(entries):
        p.write_bytes(garbage[i % len(garbage)])
    counter = _Counter(monkeypatch)
    r = check(proj)
    assert r.exit_code == first.exit_code
    assert r.data == first.data
    assert len(counter.paths) == len(entries)                         # all were misses
    counter.paths.clear()
    assert check(proj).data == first.data
    assert counter.paths == []                                        # and were rewritten


def test_concurrent_runs_share_a_cache(tmp_path):
    proj = _catalog_project(tmp_path / "proj")
    for i in range(20):
        write(proj / "more" / f"m{i}.md", page(f"# More {i}", OLD, HARD if i % 4 == 0 else NEW))
    cache = tmp_path / "shared-cache"
    cmd = [sys.executable, "-m", "plainspeak", "check", ".", "--format", "json",
           "--cache-dir", str(cache)]
    procs = [subprocess.Popen(cmd, cwd=proj, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [1, 1], [o[1].decode() for o in outs]
    assert outs[0][0] == outs[1][0]
    assert outs[0][1] == outs[1][1] == b""
    assert json.loads(outs[0][0]) == check(proj, "--no-cache").data
    # and the cache they wrote together serves a third run
    third = subprocess.run(cmd, cwd=proj, capture_output=True)
    assert third.stdout == outs[0][0]
    assert not list(cache.glob("v*/*/.tmp-*"))                        # no temporary leftovers
