"""Configuration discovery, validation, profiles, selection."""
from __future__ import annotations

from pathlib import Path

import pytest

from plainspeak.config import ConfigError, find_config, glob_to_regex, load_config

from lintkit import codes, lint, linter

SENT24 = ("We will call you about your visit when we have looked at the results from your "
          "blood test and talked to your care team about them.\n")


def test_nearest_config_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.plainspeak]\nfail-on = 'warning'\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / ".plainspeak.toml").write_text("fail-on = 'info'\n")
    assert find_config(sub) == tmp_path / "a" / ".plainspeak.toml"
    assert load_config(start=sub).fail_on == "info"


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None or find_config(tmp_path).parent != tmp_path


@pytest.mark.parametrize("body,needle", [
    ("selct = ['PS1']", "selct"),
    ("fail-on = 'sometimes'", "fail_on"),
    ("max-file-size = -1", "max_file_size"),
    ("[profiles]\nletterz = ['x']", "letterz"),
    ("[rules.PS201]\nseverity = 'loud'", "severity"),
    ("[rules.PS201.profiles]\nkiosk = {warn = 1}", "kiosk"),
    ("[[per-path]]\nignore = ['PS1']", "paths"),
    ("language = 'not a language'", "language"),
])
def test_bad_config_values(tmp_path, body, needle):
    f = tmp_path / ".plainspeak.toml"
    f.write_text(body + "\n")
    with pytest.raises(ConfigError, match=needle):
        load_config(f)


def test_unknown_rule_and_bad_params_are_errors(tmp_path):
    f = tmp_path / ".plainspeak.toml"
    f.write_text("[rules.PS299]\nseverity = 'error'\n")
    with pytest.raises(ConfigError, match="no such rule"):
        linter(config=load_config(f))
    f.write_text("[rules.long-sentence]\nwarnn = 3\n")
    with pytest.raises(ConfigError, match="warnn"):
        linter(config=load_config(f))
    f.write_text("[rules.long-sentence]\nwarn = 'three'\n")
    with pytest.raises(ConfigError, match="three"):
        linter(config=load_config(f))


def test_rule_params_and_severity_override(tmp_path):
    f = tmp_path / ".plainspeak.toml"
    f.write_text("[rules.long-sentence]\nseverity = 'info'\nwarn = 30\nerror = 40\n")
    res = lint(SENT24, config=load_config(f), select=["PS201"])
    assert codes(res) == []
    f.write_text("[rules.PS201]\nseverity = 'error'\n")
    res = lint(SENT24, config=load_config(f), select=["PS201"])
    assert [str(x.severity) for x in res.findings] == ["error"]


def test_per_profile_override_and_disable(tmp_path):
    f = tmp_path / ".plainspeak.toml"
    f.write_text("[rules.PS201.profiles]\nletter = false\n")
    assert codes(lint(SENT24, config=load_config(f), select=["PS201"])) == []
    assert codes(lint(SENT24, config=load_config(f), select=["PS201"], profile="web")) == ["PS201"]


def test_profile_by_glob_front_matter_and_type(tmp_path):
    f = tmp_path / ".plainspeak.toml"
    f.write_text("[profiles]\nportal = ['portal/**']\n")
    cfg = load_config(f)
    lt = linter(config=cfg)
    doc_path = str(tmp_path / "portal" / "x.md")
    res = lt.lint_bytes(doc_path, b"Hello there.\n", fmt="markdown")
    assert res.stats["profile"] == "portal"
    res = lt.lint_bytes(str(tmp_path / "x.md"), b"---\nplainspeak-profile: letter\n---\nHi.\n",
                        fmt="markdown")
    assert res.stats["profile"] == "letter"
    assert lt.lint_bytes(str(tmp_path / "x.txt"), b"Hi.\n").stats["profile"] == "letter"
    assert lt.lint_bytes(str(tmp_path / "x.html"), b"<p>Hi.</p>").stats["profile"] == "web"


def test_selection_by_prefix_name_and_ignore():
    lt = linter(select=["PS2"])
    picked = {a.rule.code for a in lt.active_rules("letter", "x.txt")}
    assert picked and all(c.startswith("PS2") for c in picked)
    lt = linter(select=["long-sentence"])
    assert {a.rule.code for a in lt.active_rules("letter", "x.txt")} == {"PS201"}
    lt = linter(ignore=["structure"])
    assert not any(a.rule.code.startswith("PS2") for a in lt.active_rules("letter", "x.txt"))


def test_off_by_default_rule_needs_explicit_select():
    default = {a.rule.code for a in linter().active_rules("letter", "x.txt")}
    assert "PS104" not in default
    assert "PS104" in {a.rule.code for a in linter(select=["PS104"]).active_rules("letter", "x.txt")}
    assert "PS104" not in {a.rule.code for a in linter(select=["PS1"]).active_rules("letter", "x.txt")}


def test_exclude_and_default_skips(tmp_path):
    from plainspeak.engine import iter_files
    (tmp_path / ".plainspeak.toml").write_text("exclude = ['drafts/**', '*.min.html']\n")
    for rel in ["a.txt", "drafts/b.txt", "c.min.html", "node_modules/d.md", ".git/e.md",
                "venv/f.md", "sub/g.md", "sub/h.png"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    cfg = load_config(tmp_path / ".plainspeak.toml")
    files = iter_files([str(tmp_path)], cfg, lambda *a: None)
    rel = sorted(str(Path(f).relative_to(tmp_path)) for f in files)
    assert rel == ["a.txt", "sub/g.md"]


@pytest.mark.parametrize("pattern,path,ok", [
    ("*.txt", "a/b/c.txt", True),
    ("letters/**", "letters/x/y.md", True),
    ("letters/*", "letters/x/y.md", True),     # gitignore: letters/x matches, so does its content
    ("letters/*.md", "letters/x/y.md", False),
    ("letters/", "letters/x.md", True),
    ("**/es/*.md", "site/es/a.md", True),
    ("/top.md", "sub/top.md", False),
])
def test_globs(pattern, path, ok):
    assert bool(glob_to_regex(pattern).match(path)) is ok
