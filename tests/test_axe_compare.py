"""plainspeak's PS7xx/PS63x findings compared with axe-core where the two check the same thing.

axe-core runs in Debian's headless Chromium (tests/axe_harness.py) on the labelled pages
(corpus/eval/accessibility/pages) and the bundled web corpus; Markdown pages are rendered the
way a static site would (tests/axe_harness.render_markdown). For each page and each
overlapping axe rule, the number of elements axe reports must equal the number of plainspeak
findings of the matching rule, after the documented differences of definition (README,
"Content accessibility", "Compared with axe-core"):

* Markdown ``![](x.png)``: the rendered ``alt=""`` is decorative to axe; plainspeak reports
  it (PS701), because Markdown cannot mark an image decorative.
* A form field with only a ``placeholder``: axe's ``label`` rule accepts the placeholder as
  a name; plainspeak reports it (PS734), as the W3C forms tutorial advises.
* A ``lang`` whose primary subtag is valid but the whole tag is not (``fr-XX-invalid-tag-``):
  axe's ``valid-lang`` and ``html-lang-valid`` look at the primary subtag only; plainspeak
  validates the whole BCP 47 tag (PS631).
* An HTML fragment (no ``<html>``, no doctype): the browser wraps it in an ``<html>`` with no
  ``lang`` and axe reports ``html-has-lang``; plainspeak does not check the language of
  fragments (PS630), which take it from the page they are included in.

The test skips when Node, the npm packages or Chromium are missing; ``.ci/run`` installs
them and sets PLAINSPEAK_REQUIRE_AXE=1, which turns the skip into a failure in CI.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import axe_harness
from lintkit import linter

from plainspeak.checks.language import is_valid_tag

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [p for p in (ROOT / "corpus" / "eval" / "accessibility" / "pages").rglob("*")
     if p.suffix in (".html", ".md")]
    + [p for d in ("web", "clean") for p in (ROOT / "corpus" / d).rglob("*")
       if p.suffix in (".html", ".md")]
    + [p for p in (ROOT / "tests" / "data" / "axe-pages").iterdir()
       if p.suffix in (".html", ".md")])

# axe rule -> plainspeak rule checking the same thing
OVERLAP = {
    "image-alt": "PS701",
    "link-name": "PS715",
    "empty-heading": "PS723",
    "html-has-lang": "PS630",
    "html-lang-valid": "PS631",
    "valid-lang": "PS631",
    "heading-order": "PS721",
    "label": "PS734",           # <input>, <textarea>
    "select-name": "PS734",     # <select>
}
_MD_EMPTY_ALT = re.compile(r"^!\[\s*\]")
_PLACEHOLDER = re.compile(r"\bplaceholder\s*=\s*(\"[^\"]+\"|'[^']+')", re.I)


def _require_axe():
    axe_harness.require("the axe-core comparison")


def _ours(path: Path) -> Counter:
    """plainspeak findings per axe rule, after the documented differences of definition."""
    lt = linter(select=sorted(set(OVERLAP.values())), profile="web")
    res = lt.lint_bytes(str(path), path.read_bytes())
    out: Counter = Counter()
    for f in res.findings:
        if f.code == "PS701" and path.suffix == ".md" and _MD_EMPTY_ALT.match(f.match):
            continue                                  # decorative to axe
        if f.code == "PS734" and _PLACEHOLDER.search(f.match):
            continue                                  # axe takes a placeholder as a name
        if f.code == "PS734":
            out["select-name" if f.match.lower().startswith("<select") else "label"] += 1
            continue
        if f.code == "PS631":
            value = (f.data.get("value") or "").strip()
            if is_valid_tag(value.split("-")[0]):
                continue                              # axe checks the primary subtag only
            where = f.data.get("attribute") or ""
            out["html-lang-valid" if where.endswith("on <html>") else "valid-lang"] += 1
            continue
        for axe_rule, code in OVERLAP.items():
            if code == f.code:
                out[axe_rule] += 1
    return out


def _is_fragment(path: Path) -> bool:
    return path.suffix == ".html" and not re.search(r"<html[\s>]|<!doctype",
                                                      path.read_text(encoding="utf-8"), re.I)


def _theirs(result: dict, path: Path) -> Counter:
    out: Counter = Counter()
    for v in result["violations"]:
        if v["id"] in OVERLAP:
            out[v["id"]] += len(v["nodes"])
    if _is_fragment(path):
        out.pop("html-has-lang", None)       # the browser wraps a fragment in a bare <html>
    return out


@pytest.fixture(scope="module")
def axe_results(tmp_path_factory):
    _require_axe()
    return axe_harness.axe_pages(PAGES, sorted(OVERLAP), tmp_path_factory.mktemp("axe"))


def test_pages_exist():
    assert len(PAGES) >= 50


def test_axe_and_plainspeak_agree_on_overlapping_rules(axe_results):
    disagreements = []
    for p in PAGES:
        theirs = _theirs(axe_results[str(p)], p)
        ours = _ours(p)
        for rule in OVERLAP:
            if theirs[rule] != ours[rule]:
                disagreements.append(f"{p.relative_to(ROOT)}: {rule}: axe {theirs[rule]}, "
                                     f"plainspeak {ours[rule]}")
    assert not disagreements, "\n".join(disagreements)


def test_the_comparison_can_fail(axe_results):
    """Both sides find something on these pages, so agreement is not two empty lists."""
    total_axe = sum((_theirs(axe_results[str(p)], p) for p in PAGES), Counter())
    for rule in OVERLAP:
        assert total_axe[rule] > 0, rule


def test_no_network_requests(axe_results):
    for p in PAGES:
        r = axe_results[str(p)]
        assert not [u for u in r["blocked"] if not u.startswith(("file:", "data:"))], p
