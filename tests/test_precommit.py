"""The pre-commit hooks (.pre-commit-hooks.yaml), run through the real pre-commit.

The fast tests check the manifest and keep its ``files`` pattern in step with the readers.

The integration tests (``test_precommit_real_*``) copy this checkout (working tree, including
uncommitted and untracked files that are not git-ignored) into a temporary git repository, point
a ``.pre-commit-config.yaml`` of a second temporary repository at it (``repo:`` path, ``rev:``
its commit), run ``pre-commit install`` and make real ``git commit`` calls. pre-commit builds a
virtualenv and pip-installs plainspeak and its dependencies (spaCy among them) once per module,
from the package index pip is configured with (the environment is passed through), so the
first of these tests takes a minute or more. ``PRE_COMMIT_HOME`` and the git configuration are
kept inside pytest's temporary folder. They are skipped only when pre-commit is not installed
(``pip install -e ".[test]"`` installs it).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from plainspeak.readers import EXTENSIONS, format_for

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _hooks() -> dict[str, dict]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {h["id"]: h for h in data}


# ------------------------------------------------------------------------ the manifest

def test_manifest_declares_the_hooks():
    hooks = _hooks()
    assert set(hooks) >= {"plainspeak", "plainspeak-fix", "plainspeak-files"}
    for h in hooks.values():
        assert h["language"] == "python"
        assert h["entry"].split()[:2] == ["plainspeak", "check"]
        assert h["require_serial"] is True
        assert h["name"] and h["description"]
    # the default hook reports staged changes only and sees the whole repository
    assert hooks["plainspeak"]["entry"] == "plainspeak check --diff"
    assert hooks["plainspeak"]["pass_filenames"] is False
    assert hooks["plainspeak-fix"]["entry"] == "plainspeak check --fix --diff"
    assert hooks["plainspeak-fix"]["pass_filenames"] is False
    for hid in ("plainspeak", "plainspeak-fix"):      # a staged diff only means something there
        assert "pre-push" not in hooks[hid]["stages"] and "pre-commit" in hooks[hid]["stages"]
    # the whole-file hook takes pre-commit's file list; nothing may come between the entry
    # and the file names that would swallow one (`--diff FILE` reads FILE as a git ref)
    assert hooks["plainspeak-files"]["entry"] == "plainspeak check"
    assert hooks["plainspeak-files"]["pass_filenames"] is True
    assert "args" not in hooks["plainspeak-files"]


def test_manifest_is_valid_for_pre_commit():
    clientlib = pytest.importorskip("pre_commit.clientlib",
                                    reason="pre-commit is not installed (pip install -e '.[test]')")
    loaded = clientlib.load_manifest(str(MANIFEST))
    assert [h["id"] for h in loaded][:3] == ["plainspeak", "plainspeak-fix", "plainspeak-files"]


_SAMPLE_PATHS = [
    "letter.txt", "notes.text", "site/index.md", "README.markdown", "page.html", "page.htm",
    "LETTER.TXT", "Page.HTML", "a/b/c.Md",
    "locales/en.json", "po/es.po", "po/messages.pot", "messages_es.properties",
    "messages.es.xlf", "messages.xliff", "lib/l10n/app_es.arb",
    "app/src/main/res/values/strings.xml", "res/values-es/strings.xml",
    "res/values-b+sr+Latn/plurals.xml", "res/values/arrays.XML", "lib/strings.xml",
    "config/locales/es.yml", "config/locales/es/x.yaml", "locale/fr.YML",
    "templates/visit.html.j2", "letters/reminder.md.tmpl", "a/b.HTM.ERB", "note.txt.tpl",
    "letter.docx", "letters/Reminder.DOCX", "a/~b/c.docx", "x~$.docx",
    # not read by plainspeak
    "nginx.conf.j2", "app.erb", "x.tmpl", "values.yaml.j2",
    "setup.py", "pom.xml", "res/layout/main.xml", "docs/conf.yml", ".github/workflows/x.yml",
    "image.png", "letter.docm", "letter.doc", "template.dotx", "letter.docx.bak",
    "~$letter.docx", "letters/~$minder.DOCX", "Strings.xml", "values.xml", "mylocales/es.yml",
    "txt", "archive.txt.gz", "values/", "res/valuesx/strings.xml.bak",
]


@pytest.mark.parametrize("path", _SAMPLE_PATHS + [f"dir/file{ext}" for ext in EXTENSIONS]
                         + [f"dir/FILE{ext.upper()}" for ext in EXTENSIONS])
def test_files_pattern_matches_exactly_what_plainspeak_reads(path):
    pattern = re.compile(_hooks()["plainspeak"]["files"])
    assert bool(pattern.search(path)) == (format_for(path) is not None), path


def test_all_hooks_share_one_files_pattern():
    pats = {h["files"] for h in _hooks().values()}
    assert len(pats) == 1


# ------------------------------------------------------------------- real pre-commit

BAD_LETTER = "Take 10 U of insulin qd before breakfast.\n"
GOOD_LETTER = "Take your medicine every morning with food.\n\nCall us if you feel sick.\n"


def _git_env(home: Path) -> dict[str, str]:
    """The caller's environment (pip's index configuration included) with a private git
    configuration and pre-commit store, and without git variables of an enclosing hook."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "VIRTUAL_ENV"}
    gitconfig = home / "gitconfig"
    if not gitconfig.exists():
        gitconfig.write_text(textwrap.dedent("""\
            [user]
            \tname = plainspeak tests
            \temail = tests@example.invalid
            [init]
            \tdefaultBranch = main
            [commit]
            \tgpgsign = false
            [advice]
            \tdetachedHead = false
            """), encoding="utf-8")
    env.update({
        "GIT_CONFIG_GLOBAL": str(gitconfig), "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(home / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1", "GIT_TERMINAL_PROMPT": "0",
    })
    return env


def _run(args, cwd, env, timeout=120, check=True) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=str(cwd), env=env, capture_output=True, text=True,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def _checkout_files() -> list[str]:
    """Files of this checkout as a commit of it would have them: tracked and untracked,
    minus what git ignores. Outside git (an unpacked sdist): every file but caches."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], cwd=str(ROOT), capture_output=True,
                             timeout=60, check=True).stdout
        names = [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]
        if names:
            return [n for n in names if (ROOT / n).is_file()]
    except (OSError, subprocess.SubprocessError):
        pass
    skip = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis",
            ".plainspeak_cache", "build", "dist"}
    out_names = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.endswith(".egg-info")]
        for f in filenames:
            out_names.append(os.path.relpath(os.path.join(dirpath, f), ROOT))
    return out_names


@pytest.fixture(scope="module")
def precommit(tmp_path_factory):
    """(hook repository path, its commit, environment) shared by the integration tests, so
    pre-commit builds the hook's virtualenv once."""
    pytest.importorskip("pre_commit",
                        reason="pre-commit is not installed (pip install -e '.[test]')")
    home = tmp_path_factory.mktemp("precommit-home")
    env = _git_env(home)
    hook_repo = home / "plainspeak-hook-repo"
    for name in _checkout_files():
        target = hook_repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert (hook_repo / ".pre-commit-hooks.yaml").is_file()
    _run(["git", "init", "-q"], hook_repo, env)
    _run(["git", "add", "-A"], hook_repo, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "snapshot of the checkout"], hook_repo, env)
    rev = _run(["git", "rev-parse", "HEAD"], hook_repo, env).stdout.strip()
    return hook_repo, rev, env


def _project(tmp_path: Path, precommit, hooks_yaml: str) -> Path:
    """A git repository using the hooks, with pre-commit installed as its git hook."""
    hook_repo, rev, env = precommit
    proj = tmp_path / "project"
    proj.mkdir()
    _run(["git", "init", "-q"], proj, env)
    (proj / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n"
        + textwrap.indent(textwrap.dedent(hooks_yaml), "      "), encoding="utf-8")
    _run([sys.executable, "-m", "pre_commit", "install"], proj, env)
    # one first commit without hooks, so `git commit` below is an ordinary one
    _run(["git", "add", ".pre-commit-config.yaml"], proj, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "pre-commit configuration"], proj, env)
    # build the hook environment now (the first time: pip installs plainspeak)
    _run([sys.executable, "-m", "pre_commit", "install-hooks"], proj, env, timeout=1800)
    return proj


def _commit(proj: Path, env, *paths: str, message: str = "change") -> subprocess.CompletedProcess:
    _run(["git", "add", "--", *paths], proj, env)
    return _run(["git", "commit", "-m", message], proj, env, timeout=600, check=False)


def _head(proj: Path, env) -> str:
    return _run(["git", "rev-parse", "HEAD"], proj, env).stdout.strip()


def test_precommit_real_blocks_a_commit_with_problems_and_passes_a_clean_one(tmp_path, precommit):
    env = precommit[2]
    proj = _project(tmp_path, precommit, "- id: plainspeak\n")
    before = _head(proj, env)

    (proj / "letter.txt").write_text(BAD_LETTER, encoding="utf-8")
    blocked = _commit(proj, env, "letter.txt", message="letter with problems")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert _head(proj, env) == before, "the commit must not be made"
    assert "Failed" in out and "- hook id: plainspeak" in out, out
    assert "PS401" in out and '"Do Not Use" list' in out, out
    assert "letter.txt:1:9" in out, out

    (proj / "letter.txt").write_text(GOOD_LETTER, encoding="utf-8")
    passed = _commit(proj, env, "letter.txt", message="clean letter")
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert _head(proj, env) != before
    assert re.search(r"plainspeak \(plain language, changed lines\)\.+Passed", out), out


def test_precommit_real_default_hook_reports_changed_lines_only(tmp_path, precommit):
    """An old problem elsewhere in a touched file does not block the default hook; the
    whole-file hook (here a manual-stage hook, run as in CI) still reports it."""
    env = precommit[2]
    proj = _project(tmp_path, precommit, """\
        - id: plainspeak
        - id: plainspeak-files
          stages: [manual]
        """)
    (proj / "letter.txt").write_text(BAD_LETTER, encoding="utf-8")
    _run(["git", "add", "letter.txt"], proj, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "old letter"], proj, env)

    (proj / "letter.txt").write_text(BAD_LETTER + "\n" + GOOD_LETTER, encoding="utf-8")
    res = _commit(proj, env, "letter.txt", message="add a clean paragraph")
    assert res.returncode == 0, res.stdout + res.stderr

    whole = _run([sys.executable, "-m", "pre_commit", "run", "--hook-stage", "manual",
                  "plainspeak-files", "--all-files"], proj, env, timeout=600, check=False)
    out = whole.stdout + whole.stderr
    assert whole.returncode != 0, out
    assert "PS401" in out and "letter.txt:1:9" in out, out


def test_precommit_real_cross_file_translation_rules_see_unstaged_catalogs(tmp_path, precommit):
    """The default hook compares a staged catalog with its unstaged siblings: no false 'no
    Spanish catalog' when only the English one is staged, and a dropped placeholder in the
    staged Spanish catalog is found against the unstaged English one."""
    env = precommit[2]
    proj = _project(tmp_path, precommit, "- id: plainspeak\n")
    (proj / ".plainspeak.toml").write_text(
        '[tool.plainspeak.translations]\nrequired-locales = ["es"]\n', encoding="utf-8")
    loc = proj / "locales"
    loc.mkdir()
    (loc / "en.json").write_text('{\n  "greeting": "Hello {{name}}",\n  "bye": "Goodbye"\n}\n',
                                 encoding="utf-8")
    (loc / "es.json").write_text('{\n  "greeting": "Hola {{name}}",\n  "bye": "Adiós"\n}\n',
                                 encoding="utf-8")
    _run(["git", "add", "."], proj, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "catalogs"], proj, env)

    # only the English catalog changes (a new string the translators have yet to do)
    (loc / "en.json").write_text(
        '{\n  "greeting": "Hello {{name}}",\n  "bye": "Goodbye",\n  "call": "Call us"\n}\n',
        encoding="utf-8")
    res = _commit(proj, env, "locales/en.json", message="new English string")
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "There is no Spanish" not in out, out

    # the Spanish catalog drops the placeholder: found against the unstaged English catalog
    (loc / "es.json").write_text('{\n  "greeting": "Hola",\n  "bye": "Adiós"\n}\n',
                                 encoding="utf-8")
    res = _commit(proj, env, "locales/es.json", message="Spanish edit")
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "PS606" in out and "locales/es.json:2:" in out, out


def test_precommit_real_fix_hook_fixes_staged_lines(tmp_path, precommit):
    env = precommit[2]
    proj = _project(tmp_path, precommit, "- id: plainspeak-fix\n")
    before = _head(proj, env)
    (proj / "letter.txt").write_text(BAD_LETTER, encoding="utf-8")
    res = _commit(proj, env, "letter.txt", message="letter with fixable problems")
    out = res.stdout + res.stderr
    # pre-commit stops a commit whose hook changed files, so they can be reviewed and staged
    assert res.returncode != 0, out
    assert "files were modified by this hook" in out, out
    assert _head(proj, env) == before
    fixed = (proj / "letter.txt").read_text(encoding="utf-8")
    assert fixed == "Take 10 units of insulin daily before breakfast.\n", fixed
    res = _commit(proj, env, "letter.txt", message="fixed letter")
    assert res.returncode == 0, res.stdout + res.stderr
