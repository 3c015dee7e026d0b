"""Test-only harness: run axe-core (in Debian's headless Chromium) on HTML pages.

The browser side is ``tests/axe/run_axe.mjs`` (node + playwright-core + axe-core, pinned in
``tests/axe/package.json``; ``npm ci`` there installs them, ``.ci/run`` does it in CI). Tests
call :func:`unavailable` first and skip with its reason when node, the node modules or Chromium
are missing, so the suite still runs (and passes) on a machine without them.

No page is ever allowed to reach the network: the script aborts and records every request that
is not ``file:`` or ``data:`` (``"blocked"`` in each result).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable

import yaml
from markdown_it import MarkdownIt

AXE_DIR = Path(__file__).resolve().parent / "axe"
SCRIPT = AXE_DIR / "run_axe.mjs"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
MIN_NODE_MAJOR = 20  # playwright-core's engines field

# Browser start-up plus a generous budget per page (a page takes well under a second).
_TIMEOUT_BASE_S = 90
_TIMEOUT_PER_PAGE_S = 10

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Front matter: a first line "---", YAML, a closing "---" (or "...") line.
_FRONT_RE = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def chromium_path() -> str:
    return os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM


def unavailable() -> str | None:
    """Why axe cannot run here (for ``pytest.skip``), or None when it can."""
    node = shutil.which("node")
    if node is None:
        return "node is not installed (axe tests need Node.js 20+)"
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
        major = int(out.stdout.strip().lstrip("v").split(".")[0])
    except (OSError, subprocess.SubprocessError, ValueError):
        return "node --version failed"
    if major < MIN_NODE_MAJOR:
        return f"node {out.stdout.strip()} is too old (axe tests need Node.js {MIN_NODE_MAJOR}+)"
    for module, probe in (("axe-core", "axe.min.js"), ("playwright-core", "package.json")):
        if not (AXE_DIR / "node_modules" / module / probe).is_file():
            return f"{module} is not installed (run: npm ci --prefix {AXE_DIR})"
    chromium = chromium_path()
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        return f"Chromium not found at {chromium} (apt-get install chromium, or set CHROMIUM)"
    return None


def require(what: str) -> None:
    """Skip the calling test when axe/Chromium cannot run here; fail instead when
    PLAINSPEAK_REQUIRE_AXE is set (``.ci/run`` sets it: in CI the browser tests must run)."""
    import pytest
    why = unavailable()
    if why:
        if os.environ.get("PLAINSPEAK_REQUIRE_AXE"):
            pytest.fail(f"{what} is required in CI but cannot run: {why}")
        pytest.skip(why)


def run_axe_report(paths: Iterable[str | os.PathLike], rules: Iterable[str] | None = None,
                   *, timeout: float | None = None) -> dict[str, Any]:
    """Run the script once for all ``paths``; return its whole JSON object
    (``{"axe_version": ..., "results": {path: ...}}``)."""
    names = [os.fspath(p) for p in paths]
    if not names:
        return {"axe_version": None, "results": {}}
    cmd = [shutil.which("node") or "node", str(SCRIPT)]
    rule_list = [r for r in (rules or []) if r]
    if rule_list:
        cmd += ["--rules", ",".join(rule_list)]
    cmd += ["--", *names]
    if timeout is None:
        timeout = _TIMEOUT_BASE_S + _TIMEOUT_PER_PAGE_S * len(names)
    env = dict(os.environ, CHROMIUM=chromium_path())
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"run_axe.mjs timed out after {timeout:.0f} s on {len(names)} page(s)") \
            from exc
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        why = next((ln for ln in lines if ln.startswith("run_axe:")), lines[-1] if lines else "")
        raise RuntimeError(f"run_axe.mjs exited {proc.returncode}: {why}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"run_axe.mjs printed no JSON: {proc.stdout[:200]!r}") from exc


def run_axe(paths: Iterable[str | os.PathLike], rules: Iterable[str] | None = None) -> dict:
    """axe results keyed by each given path (as ``str``): ``{"violations": [{"id", "impact",
    "nodes": [{"html", "target"}]}], "console_errors": [...], "blocked": [...]}``."""
    return run_axe_report(paths, rules)["results"]


def split_front_matter(md_text: str) -> tuple[dict[str, Any], str]:
    """(front matter, Markdown body). Text without a front matter block is all body; a
    ``--- ... ---`` block that is not a YAML mapping is a thematic break, not front matter."""
    text = md_text[1:] if md_text.startswith("\ufeff") else md_text
    m = _FRONT_RE.match(text)
    if not m:
        return {}, text
    body = m.group(1) or ""
    try:
        data = yaml.safe_load(body) if body.strip() else {}
    except yaml.YAMLError:
        return {}, text[m.end():]  # broken YAML: a static site drops the block all the same
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


def render_markdown(md_text: str) -> str:
    """A full HTML page for a Markdown page, as a static site would build it: front matter
    stripped, CommonMark + tables + strikethrough, ``lang`` from front matter ``lang`` (or
    ``language``; no attribute without either), ``<title>`` from front matter ``title``."""
    meta, body = split_front_matter(md_text)
    lang = next((meta[k] for k in ("lang", "language") if meta.get(k) not in (None, "")), None)
    title = meta.get("title")
    title = "Page" if title in (None, "") else str(title)
    lang_attr = f' lang="{html.escape(str(lang), quote=True)}"' if lang is not None else ""
    return (f"<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title, quote=False)}</title>\n</head>\n<body>\n<main>\n"
            f"{_MD.render(body)}</main>\n</body>\n</html>\n")


MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")


def axe_pages(paths: Iterable[str | os.PathLike], rules: Iterable[str] | None,
              tmpdir: str | os.PathLike) -> dict:
    """axe results for HTML and Markdown pages, keyed by each ORIGINAL path (as ``str``).
    Markdown pages are rendered with :func:`render_markdown` into ``tmpdir`` first (so their
    relative links and images resolve against ``tmpdir``, not the source folder)."""
    tmp = Path(tmpdir)
    tmp.mkdir(parents=True, exist_ok=True)
    originals: list[str] = []
    targets: list[str] = []
    for i, p in enumerate(paths):
        original = os.fspath(p)
        suffix = Path(original).suffix.lower()
        if suffix in MARKDOWN_SUFFIXES:
            text = Path(original).read_text(encoding="utf-8-sig")
            out = tmp / f"{i:04d}-{Path(original).stem}.html"
            out.write_text(render_markdown(text), encoding="utf-8")
            target = str(out)
        elif suffix in HTML_SUFFIXES:
            target = original
        else:
            raise ValueError(f"not an HTML or Markdown page: {original}")
        originals.append(original)
        targets.append(target)
    # The same HTML file given twice appears once in the script's results; look up by target.
    results = run_axe(dict.fromkeys(targets), rules)
    return {orig: results[target] for orig, target in zip(originals, targets)}


# ------------------------------------------------------------------ the HTML report

REPORT_SCRIPT = AXE_DIR / "report_check.mjs"
ROOT = AXE_DIR.parent.parent
SCREENSHOT_DOC = "corpus/letters/test-results.txt"


def check_report(report: str | os.PathLike, findings_json: str | os.PathLike, *,
                 full_screenshot: str | os.PathLike | None = None,
                 screenshot: str | os.PathLike | None = None, doc: str | None = None,
                 timeout: float = 300) -> dict[str, Any]:
    """Open an HTML report (``plainspeak check --format html``) in Chromium with
    ``tests/axe/report_check.mjs``; ``findings_json`` is the JSON output of the same run.
    Returns the script's JSON object: ``requests``, ``blocked``, ``console_errors``,
    ``findings`` (``expected``, ``marked``, ``listed``, ``problems``), ``charts``,
    ``first_tab``, ``keyboard``, ``hover``, ``axe`` (``version``, ``violations``,
    ``incomplete``). Screenshots: ``full_screenshot`` the whole page; ``screenshot`` the
    first screen above one document's highlighted text (``doc``: its path in the report)."""
    cmd = [shutil.which("node") or "node", str(REPORT_SCRIPT), "--report", os.fspath(report),
           "--json", os.fspath(findings_json)]
    if full_screenshot:
        cmd += ["--full-screenshot", os.fspath(full_screenshot)]
    if screenshot:
        cmd += ["--screenshot", os.fspath(screenshot)]
    if doc:
        cmd += ["--doc", doc]
    env = dict(os.environ, CHROMIUM=chromium_path())
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"report_check.mjs timed out after {timeout:.0f} s") from exc
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        why = next((ln for ln in lines if ln.startswith("report_check:")),
                   lines[-1] if lines else "")
        raise RuntimeError(f"report_check.mjs exited {proc.returncode}: {why}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"report_check.mjs printed no JSON: {proc.stdout[:200]!r}") from exc


def corpus_report(outdir: str | os.PathLike, paths: Iterable[str] = ("corpus/",)) -> tuple[Path, Path]:
    """Run ``plainspeak check PATHS --format html`` and ``--format json`` (no cache) from the
    repository root; return (report.html, report.json) in ``outdir``."""
    import sys
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in ("html", "json"):
        target = out / f"report.{fmt}"
        proc = subprocess.run([sys.executable, "-m", "plainspeak", "check", *paths, "--format",
                               fmt, "--output", str(target), "--no-cache"], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode not in (0, 1) or not target.is_file():
            raise RuntimeError(f"plainspeak check --format {fmt} exited {proc.returncode}: "
                               f"{proc.stderr.strip()[-300:]}")
        written.append(target)
    return written[0], written[1]


def report_screenshot(png: str | os.PathLike = ROOT / "docs" / "report.png",
                      doc: str = SCREENSHOT_DOC) -> dict[str, Any]:
    """Regenerate the README screenshot of the corpus report (1280 px wide: the first screen,
    then the highlighted text of ``doc`` with one note open). Returns the check's results."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        report, findings = corpus_report(tmp)
        return check_report(report, findings, screenshot=Path(png).resolve(), doc=doc)
