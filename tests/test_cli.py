"""The command line: exit codes, formats, bad input, configuration errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainspeak.cli import main

LONG = ("Your physician has determined that supplementary immunization is indicated because "
        "your previous vaccination documentation could not be located in the electronic "
        "medical record system that the organization utilizes for administrative purposes.\n")


def run(args, cwd=None, input=None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(main, args, input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_clean_file_exits_0(tmp_path):
    (tmp_path / "a.txt").write_text("Call us today.\n")
    r = run(["check", "a.txt"], cwd=tmp_path)
    assert r.exit_code == 0, r.output
    assert "No problems found in 1 file" in r.output


def test_findings_exit_1_only_at_fail_on(tmp_path):
    (tmp_path / "a.txt").write_text(LONG)
    r = run(["check", "a.txt"], cwd=tmp_path)          # a 31+ word sentence is an error
    assert r.exit_code == 1, r.output
    assert "PS201" in r.output
    r = run(["check", "a.txt", "--fail-on", "never"], cwd=tmp_path)
    assert r.exit_code == 0
    r = run(["check", "a.txt", "--ignore", "PS201,PS203"], cwd=tmp_path)
    assert "PS201" not in r.output


def test_warning_only_exits_0_by_default_and_1_with_fail_on_warning(tmp_path):
    (tmp_path / "a.txt").write_text("We will call you about your visit when we have looked at the "
                                    "results from your test and talked to your doctor.\n")
    r = run(["check", "a.txt", "--select", "PS201"], cwd=tmp_path)
    assert r.exit_code == 0 and "warning" in r.output
    r = run(["check", "a.txt", "--select", "PS201", "--fail-on", "warning"], cwd=tmp_path)
    assert r.exit_code == 1


def test_missing_path_is_usage_error(tmp_path):
    r = run(["check", "nope.txt"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "no such file or folder: nope.txt" in r.output


def test_unknown_selector_is_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("Hi.\n")
    r = run(["check", "a.txt", "--select", "PS999"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "no rule matches 'PS999'" in r.output


def test_json_schema(tmp_path):
    (tmp_path / "a.txt").write_text(LONG)
    r = run(["check", "a.txt", "--format", "json"], cwd=tmp_path)
    data = json.loads(r.output)
    assert data["version"] == 1
    f = data["findings"][0]
    assert set(f) >= {"code", "name", "category", "severity", "path", "line", "column",
                      "end_line", "end_column", "message", "match", "suggestions", "fix"}
    doc = data["documents"][0]
    assert set(doc) >= {"path", "profile", "language", "words", "sentences", "scores"}
    assert doc["profile"] == "letter"


def test_output_file(tmp_path):
    (tmp_path / "a.txt").write_text(LONG)
    r = run(["check", "a.txt", "--format", "json", "--output", "out.json"], cwd=tmp_path)
    assert r.exit_code == 1
    assert json.loads((tmp_path / "out.json").read_text())["findings"]


def test_stdin(tmp_path):
    r = run(["check", "-", "--stdin-filename", "letter.md"], cwd=tmp_path, input=LONG)
    assert r.exit_code == 1
    assert "letter.md:1:1" in r.output


def test_bad_inputs_are_findings_and_run_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(LONG)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PDF\x00" * 100)
    (tmp_path / "latin1.txt").write_bytes("Se\xf1or Garc\xeda, su cita es el martes.\n".encode("latin-1"))
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "broken.html").write_text("<html><body><p>Unclosed <b>bold <div></p></i>text & more <p")
    (tmp_path / "bad-front.md").write_text("---\ntitle: [unclosed\n---\nCall us.\n")
    r = run(["check", ".", "--format", "json"], cwd=tmp_path)
    assert r.exit_code == 1
    data = json.loads(r.output)
    by_path = {}
    for f in data["findings"]:
        by_path.setdefault(f["path"], []).append(f["code"])
    assert "PS902" in by_path["binary.txt"]
    assert "PS903" in by_path["latin1.txt"]
    assert "PS904" in by_path["bad-front.md"]
    assert "PS201" in by_path["good.txt"]
    assert "empty.md" not in by_path
    # malformed HTML is still read: the only finding is its missing <html lang> (PS630)
    assert by_path.get("broken.html", []) == ["PS630"]
    assert "Traceback" not in r.output


def test_huge_file_is_reported_not_linted(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        line = b"Call the clinic if you have a fever or feel worse. " * 20 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 50 * 1024 * 1024
    r = run(["check", "big.txt", "--format", "json"], cwd=tmp_path)
    data = json.loads(r.output)
    assert [f["code"] for f in data["findings"]] == ["PS905"]
    assert r.exit_code == 0          # PS905 is a warning


def test_unreadable_folder(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Call us.\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Call us.\n")
    real = os.scandir

    def fake(path="."):
        if os.path.basename(os.path.normpath(str(path))) == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", fake)
    r = run(["check", ".", "--format", "json"], cwd=tmp_path)
    data = json.loads(r.output)
    assert [(f["path"], f["code"]) for f in data["findings"]] == [("locked", "PS900")]
    assert "Permission denied" in data["findings"][0]["message"]
    assert r.exit_code == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads everything")
def test_unreadable_folder_for_real(tmp_path):
    d = tmp_path / "locked"
    d.mkdir()
    (d / "b.txt").write_text("Call us.\n")
    d.chmod(0)
    try:
        r = run(["check", ".", "--format", "json"], cwd=tmp_path)
        assert "PS900" in r.output and r.exit_code == 1
    finally:
        d.chmod(0o755)


def test_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Call us.\n")
    import builtins
    real_open = builtins.open

    def fake_open(file, mode="r", *a, **k):
        if str(file).endswith("a.txt") and "b" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    r = run(["check", "a.txt"], cwd=tmp_path)
    assert r.exit_code == 1 and "PS900" in r.output and "Permission denied" in r.output


def test_bad_config_is_one_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("Hi.\n")
    (tmp_path / ".plainspeak.toml").write_text("[tool.plainspeak]\nfail_onn = 'error'\n")
    r = run(["check", "a.txt"], cwd=tmp_path)
    assert r.exit_code == 2
    assert ".plainspeak.toml" in r.output and "fail_onn" in r.output
    (tmp_path / ".plainspeak.toml").write_text("[tool.plainspeak\n")
    r = run(["check", "a.txt"], cwd=tmp_path)
    assert r.exit_code == 2 and "invalid TOML" in r.output


def test_bad_rule_pack_exits_2(tmp_path):
    (tmp_path / "a.txt").write_text("Hi.\n")
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "x.yml").write_text("pack: x\nrules:\n  - code: PS1\n")
    (tmp_path / ".plainspeak.toml").write_text("[tool.plainspeak]\nrule-packs = ['packs']\n")
    r = run(["check", "a.txt"], cwd=tmp_path)
    assert r.exit_code == 2 and "x.yml:3" in r.output


def test_rules_and_explain():
    r = run(["rules"])
    assert r.exit_code == 0 and "PS101" in r.output and "PS201" in r.output
    r = run(["explain", "PS201"])
    assert r.exit_code == 0
    assert "Why it matters" in r.output and "Sources" in r.output and "\u2717" in r.output
    r = run(["explain", "long-sentence"])
    assert r.exit_code == 0
    r = run(["explain", "PS000"])
    assert r.exit_code == 2


def test_init_writes_valid_config(tmp_path):
    r = run(["init"], cwd=tmp_path)
    assert r.exit_code == 0
    assert (tmp_path / ".plainspeak.toml").exists()
    (tmp_path / "a.txt").write_text("Call us.\n")
    r = run(["check", "a.txt"], cwd=tmp_path)
    assert r.exit_code == 0, r.output
    assert run(["init"], cwd=tmp_path).exit_code == 2


def test_jobs_output_is_deterministic(tmp_path):
    for i in range(6):
        (tmp_path / f"f{i}.txt").write_text(LONG * (i + 1))
    one = run(["check", ".", "--format", "json"], cwd=tmp_path).output
    two = run(["check", ".", "--format", "json", "--jobs", "2"], cwd=tmp_path).output
    assert one == two


def test_no_traceback_on_broken_pipe(tmp_path):
    (tmp_path / "a.txt").write_text(LONG * 50)
    p = subprocess.run(f"{sys.executable} -m plainspeak check a.txt | head -1", shell=True,
                       cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in p.stderr


def test_text_output_underlines_match(tmp_path):
    (tmp_path / "a.txt").write_text("Hello.\n" + LONG)
    r = run(["check", "a.txt", "--select", "PS201", "--no-color"], cwd=tmp_path)
    lines = r.output.splitlines()
    i = next(k for k, l in enumerate(lines) if "PS201" in l)
    assert lines[i].startswith("a.txt:2:1  error  PS201")
    assert "2 | Your physician" in lines[i + 2] or "2 | Your physician" in lines[i + 1]
    assert "^^^^" in "\n".join(lines[i:i + 4])
    assert "\x1b[" not in r.output
