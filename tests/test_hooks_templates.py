"""The CI templates in hooks/: the GitHub composite action and the GitLab job template.

Both files are parsed and checked for their structure, and their shell scripts are run as the
CI systems run them (GitHub: ``bash --noprofile --norc -eo pipefail``; GitLab: ``sh -e``) with
the variables a run would set, against small git repositories (a bare "origin" and a clone, for
the pull / merge request runs that report only changed lines).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "hooks" / "github" / "action.yml"
GITLAB = ROOT / "hooks" / "gitlab" / "plainspeak.yml"

BAD = "Take 10 U of insulin qd before breakfast.\n"
GOOD = "Take your medicine every morning with food.\n\nCall us if you feel sick.\n"


def _action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def _step(name: str) -> dict:
    for s in _action()["runs"]["steps"]:
        if s.get("name") == name:
            return s
    raise AssertionError(f"no step {name!r}")


# ------------------------------------------------------------------- GitHub: structure

def test_action_is_a_composite_action_with_the_documented_inputs():
    a = _action()
    assert a["name"] == "plainspeak" and a["description"]
    assert a["runs"]["using"] == "composite"
    steps = a["runs"]["steps"]
    assert isinstance(steps, list) and steps
    assert set(a["inputs"]) >= {"paths", "install", "python-version", "args", "fail-on",
                                "diff-on-pull-request", "annotations", "max-annotations",
                                "sarif"}
    for name, spec in a["inputs"].items():
        assert spec.get("description"), name
        assert isinstance(spec.get("default"), str), name       # inputs are strings
    assert set(a["outputs"]) >= {"exit-code"}
    uses = [s["uses"] for s in steps if "uses" in s]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    for s in steps:
        if "run" in s:
            assert s.get("shell") == "bash", s["name"]          # composite steps need a shell


def test_action_installs_from_its_own_checkout_and_diffs_against_the_base_branch():
    install = _step("Install plainspeak")
    assert install["env"]["PS_ACTION_PATH"] == "${{ github.action_path }}"
    assert '"${PS_INSTALL:-$PS_ACTION_PATH/../..}"' in install["run"]
    fetch = _step("Fetch the base branch")
    assert "github.base_ref" in fetch["if"] and "diff-on-pull-request" in fetch["if"]
    assert "--unshallow" in fetch["run"]
    run = _step("Run plainspeak")
    assert '--diff "origin/${PS_BASE_REF}"' in run["run"]
    assert "--format github" in run["run"] and "--max-annotations" in run["run"]
    assert "--format sarif" in _step("SARIF report")["run"]
    assert _step("Exit code")["run"].startswith("exit ")


def test_action_scripts_take_every_expression_through_the_environment():
    """No `${{ }}` inside a script (a branch name or an input cannot inject shell code), and
    every input and step output referred to exists."""
    a = _action()
    ids = {s.get("id") for s in a["runs"]["steps"]}
    text = ACTION.read_text(encoding="utf-8")
    for s in a["runs"]["steps"]:
        assert "${{" not in s.get("run", ""), s["name"]
    for name in re.findall(r"inputs\.([\w-]+)", text):
        assert name in a["inputs"], name
    for sid in re.findall(r"steps\.([\w-]+)\.outputs", text):
        assert sid in ids, sid


# ------------------------------------------------------------------ GitHub: the scripts

def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    return subprocess.run(["git", *args], cwd=str(cwd), env=env, check=True,
                          capture_output=True, text=True).stdout


def _repo_with_origin(tmp_path: Path, files: dict[str, str], *, depth: int | None = None) -> Path:
    """A bare origin whose main branch has ``files``, and a clone of it on a feature branch."""
    seed = tmp_path / "seed"
    seed.mkdir()
    _git(seed, "init", "-q", "-b", "main")
    for name, text in files.items():
        (seed / name).write_text(text, encoding="utf-8")
    _git(seed, "add", "-A")
    _git(seed, "commit", "-q", "-m", "base")
    _git(seed, "commit", "-q", "--allow-empty", "-m", "more history")
    origin = tmp_path / "origin.git"
    _git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    work = tmp_path / "work"
    clone = ["clone", "-q"] + ([f"--depth={depth}", "--no-single-branch"] if depth else [])
    _git(tmp_path, *clone, f"file://{origin}", str(work))
    _git(work, "checkout", "-q", "-b", "feature")
    return work


def _github_env(cwd: Path, tmp_path: Path, **env) -> tuple[dict, Path]:
    out = tmp_path / f"github_output_{len(list(tmp_path.glob('github_output_*')))}"
    out.write_text("", encoding="utf-8")
    full = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    full.update({"GITHUB_OUTPUT": str(out), "RUNNER_TEMP": str(tmp_path), "NO_COLOR": "1",
                 "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    full.update(env)
    return full, out


def _run_step(name: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    script = _step(name)["run"]
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=str(cwd), env=env, capture_output=True, text=True, timeout=300)


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()
                if "=" in line)


def _check_env(**over) -> dict[str, str]:
    env = {"PS_PY": sys.executable, "PS_PATHS": ".", "PS_ARGS": "--no-cache", "PS_FAIL_ON": "",
           "PS_ANNOTATIONS": "true", "PS_MAX_ANNOTATIONS": "10", "PS_DIFF": "false",
           "PS_BASE_REF": ""}
    env.update(over)
    return env


def test_action_run_step_annotates_and_passes_the_exit_code_on(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    (work / "letter.txt").write_text(BAD, encoding="utf-8")
    (work / "ok.txt").write_text(GOOD, encoding="utf-8")
    env, out = _github_env(work, tmp_path, **_check_env())
    res = _run_step("Run plainspeak", work, env)
    assert res.returncode == 0, res.stderr                       # the step itself passes
    assert re.search(r"^::error file=letter\.txt,line=1,col=9,.*title=PS401 ", res.stdout, re.M), \
        res.stdout
    assert _outputs(out)["exit-code"] == "1"
    last = subprocess.run(["bash", "-c", _step("Exit code")["run"]],
                          env={**env, "PS_RC": _outputs(out)["exit-code"]})
    assert last.returncode == 1

    # text instead of annotations, only the clean file: exit code 0
    env, out = _github_env(work, tmp_path, **_check_env(PS_ANNOTATIONS="false",
                                                         PS_PATHS="ok.txt"))
    res = _run_step("Run plainspeak", work, env)
    assert res.returncode == 0 and "::error" not in res.stdout, res.stdout
    assert _outputs(out)["exit-code"] == "0"

    # a usage error (no such path) is exit code 2, said as an error annotation
    env, out = _github_env(work, tmp_path, **_check_env(PS_PATHS="missing/"))
    res = _run_step("Run plainspeak", work, env)
    assert _outputs(out)["exit-code"] == "2"
    assert "::error title=plainspeak::" in res.stdout


def test_action_sarif_step_reports_every_finding_and_never_fails_for_findings(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    (work / "letter.txt").write_text(BAD, encoding="utf-8")
    env, out = _github_env(work, tmp_path, PS_PY=sys.executable, PS_PATHS=".",
                           PS_ARGS="--no-cache")
    res = _run_step("SARIF report", work, env)
    assert res.returncode == 0, res.stdout + res.stderr
    sarif = Path(_outputs(out)["sarif-file"])
    data = json.loads(sarif.read_text(encoding="utf-8"))
    assert data["version"] == "2.1.0"
    assert {r["ruleId"] for r in data["runs"][0]["results"]} >= {"PS401"}


def test_action_on_a_pull_request_reports_only_changed_lines(tmp_path):
    # a shallow clone, as actions/checkout makes by default: the fetch step deepens it
    work = _repo_with_origin(tmp_path, {"letter.txt": BAD}, depth=1)
    (work / "letter.txt").write_text(BAD + "\n" + GOOD, encoding="utf-8")
    _git(work, "commit", "-q", "-am", "a clean paragraph")
    env, _ = _github_env(work, tmp_path, PS_BASE_REF="main")
    fetch = _run_step("Fetch the base branch", work, env)
    assert fetch.returncode == 0, fetch.stderr
    assert _git(work, "rev-parse", "--is-shallow-repository").strip() == "false"

    env, out = _github_env(work, tmp_path, **_check_env(PS_DIFF="true", PS_BASE_REF="main"))
    res = _run_step("Run plainspeak", work, env)
    assert _outputs(out)["exit-code"] == "0", res.stdout + res.stderr  # the old line is not new

    (work / "letter.txt").write_text(BAD + "\n" + GOOD + "\nGive 5 U now.\n", encoding="utf-8")
    _git(work, "commit", "-q", "-am", "a new problem")
    env, out = _github_env(work, tmp_path, **_check_env(PS_DIFF="true", PS_BASE_REF="main"))
    res = _run_step("Run plainspeak", work, env)
    assert _outputs(out)["exit-code"] == "1", res.stdout + res.stderr
    assert "line=7" in res.stdout and "line=1," not in res.stdout, res.stdout


# ------------------------------------------------------------------- GitLab: structure

def test_gitlab_template_is_a_code_quality_job():
    data = _gitlab()
    job = data["plainspeak"]
    assert job["image"] == "python:3.11"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    assert any("merge_request_event" in r.get("if", "") for r in job["rules"])
    assert job["variables"]["GIT_DEPTH"] == "0"
    script = "\n".join(job["script"])
    assert "--format gitlab --output gl-code-quality-report.json" in script
    assert '--diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in script
    assert "git fetch" in script
    assert any("pip install" in line for line in job["before_script"])
    for key, value in job["variables"].items():
        assert isinstance(value, str), key                      # GitLab variables are strings


# ------------------------------------------------------------------ GitLab: the scripts

def _gitlab_env(**over) -> dict[str, str]:
    job = _gitlab()["plainspeak"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({k: v for k, v in job["variables"].items() if "$" not in v})
    env.update({"PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
                "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                "PLAINSPEAK_ARGS": "--no-cache"})
    env.update(over)
    return env


def _run_gitlab(section: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    script = "\n".join(_gitlab()["plainspeak"][section])
    return subprocess.run(["sh", "-e", "-c", script], cwd=str(cwd), env=env,
                          capture_output=True, text=True, timeout=300)


def test_gitlab_before_script_requires_an_install_source(tmp_path):
    res = _run_gitlab("before_script", tmp_path, _gitlab_env())
    assert res.returncode == 2
    assert "set PLAINSPEAK_INSTALL" in res.stderr


def test_gitlab_script_writes_the_report_and_fails_for_findings(tmp_path):
    (tmp_path / "letter.txt").write_text(BAD, encoding="utf-8")
    res = _run_gitlab("script", tmp_path, _gitlab_env())
    assert res.returncode == 1, res.stdout + res.stderr
    assert "PS401" in res.stdout                                 # the log shows the findings
    report = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {r["check_name"] for r in report} >= {"PS401"}
    assert all(r["location"]["path"] == "letter.txt" for r in report)

    (tmp_path / "letter.txt").write_text(GOOD, encoding="utf-8")
    res = _run_gitlab("script", tmp_path, _gitlab_env())
    assert res.returncode == 0, res.stdout + res.stderr


def test_gitlab_merge_request_gate_reports_only_changed_lines(tmp_path):
    work = _repo_with_origin(tmp_path, {"letter.txt": BAD})
    (work / "letter.txt").write_text(BAD + "\n" + GOOD, encoding="utf-8")
    _git(work, "commit", "-q", "-am", "a clean paragraph")
    _git(work, "update-ref", "-d", "refs/remotes/origin/main")   # the job fetches it itself
    env = _gitlab_env(CI_PIPELINE_SOURCE="merge_request_event",
                      CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    res = _run_gitlab("script", work, env)
    assert res.returncode == 0, res.stdout + res.stderr
    # the report still holds every finding, for the merge request widget's comparison
    report = json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {r["check_name"] for r in report} >= {"PS401"}

    (work / "letter.txt").write_text(BAD + "\n" + GOOD + "\nGive 5 U now.\n", encoding="utf-8")
    _git(work, "commit", "-q", "-am", "a new problem")
    res = _run_gitlab("script", work, env)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "letter.txt:7:" in res.stdout and "letter.txt:1:" not in res.stdout, res.stdout
