"""The HTML report (``plainspeak check --format html``): one self-contained, accessible page.

Python-only tests (always run) parse the page: structure and landmarks, every finding present
exactly once (a mark whose text is the finding's match, or a listed whole-document entry),
overlapping findings nested into well-formed markup, escaping, no external URL, the
Content-Security-Policy (and the hashes of the inline style and script), colour contrast of
the palette, determinism and purity.

Browser tests run the corpus report in Debian's headless Chromium with
tests/axe/report_check.mjs (tests/axe_harness.check_report): no console error, no network
request, every finding of the JSON output of the same run in the DOM, charts drawn, keyboard
access to a mark and its note, axe-core with no serious or critical violation, a full-page
screenshot. They skip when Node, the npm packages or Chromium are missing, and fail instead
when PLAINSPEAK_REQUIRE_AXE is set (as in CI).

Regenerate the README screenshot (docs/report.png) with

    python tests/test_html_report.py --screenshot docs/report.png
"""
from __future__ import annotations

import base64
import builtins
import hashlib
import html as htmlmod
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:           # `python tests/test_html_report.py --screenshot ...`
    sys.path.insert(0, str(HERE))

import axe_harness  # noqa: E402
from lintkit import rules as bundled_rules  # noqa: E402

from plainspeak import reporters  # noqa: E402
from plainspeak.cli import main  # noqa: E402
from plainspeak.engine import FileResult  # noqa: E402
from plainspeak.finding import Finding, Severity  # noqa: E402
from plainspeak.reporters import html as html_report  # noqa: E402

ROOT = HERE.parent

LETTER = (
    "Riverside Clinic\n\n"
    "Dear patient,\n\n"
    "Your physician has determined that supplementary immunization is indicated because your "
    "previous vaccination documentation could not be located in the electronic medical record "
    "system that the organization utilizes for administrative purposes.\n\n"
    "Prior to your visit, stop taking medications for hypertension. Prior to the test, do not "
    "eat. Diabetics should bring their insulin.\n\n"
    'Note: <script>alert("x")</script> <img src=x onerror=alert(1)> & "quotes"\n\n'
    "Come to the front desk. Bring your card. Bring a list of your pills. We will check you "
    "in. A nurse will call your name. She will take you to a room. She will check your blood "
    "pressure. Then the doctor will see you. Ask any question you have. We are glad to help. "
    "You can call us at any time. Our staff will answer the phone. Thank you for coming.\n"
)
PAGE_MD = (
    "---\ntitle: Flu shots\nlang: en\n---\n\n# Flu shots\n\n"
    "Individuals who suffer from asthma should obtain the influenza vaccination prior to "
    "November. Click here to book. The elderly can get it via the pharmacy.\n"
)
CLEAN = "Call us today.\n"


def cli(args, cwd):
    runner = CliRunner()
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """A small run through the real CLI: (html text, JSON output, folder)."""
    d = tmp_path_factory.mktemp("small")
    (d / "docs").mkdir()
    (d / "docs" / "letter.txt").write_text(LETTER, encoding="utf-8")
    (d / "docs" / "page.md").write_text(PAGE_MD, encoding="utf-8")
    (d / "docs" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    r = cli(["check", "docs", "--format", "html", "--output", "report.html", "--no-cache"], d)
    assert r.exit_code in (0, 1), r.output
    rj = cli(["check", "docs", "--format", "json", "--no-cache"], d)
    return (d / "report.html").read_text(encoding="utf-8"), json.loads(rj.output), d


def soup_of(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


class _Balance(HTMLParser):
    """Every end tag closes the element opened last (no mis-nesting), void elements aside."""
    VOID = {"meta", "link", "br", "img", "hr", "input", "wbr", "col", "source", "area", "base",
            "embed", "param", "track"}
    SVG_EMPTY = {"line", "rect", "path", "circle"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def assert_balanced(text: str):
    p = _Balance()
    p.feed(text)
    p.close()
    assert not p.errors, p.errors[:5]
    assert p.stack == [], p.stack


def finding_parts(soup, i):
    primary = soup.select(f'mark[data-finding="{i}"]:not([data-cont])')
    parts = soup.select(f'mark[data-finding="{i}"]')
    listed = soup.select(f'li[data-finding="{i}"]')
    return primary, parts, listed


def assert_every_finding_once(soup, findings):
    for i, f in enumerate(findings):
        primary, parts, listed = finding_parts(soup, i)
        if listed:
            assert len(listed) == 1 and not parts, (i, f["code"])
            assert htmlmod.unescape(f["message"]) in listed[0].get_text(), (i, f["code"])
        else:
            assert len(primary) == 1, (i, f["code"], len(primary))
            assert "".join(p.get_text() for p in parts) == f["match"], (i, f["code"])
            assert primary[0]["tabindex"] == "0"
            note = soup.find(id=primary[0]["aria-describedby"])
            assert note is not None and f["message"] in note.get_text()
    ids = {e["data-finding"] for e in soup.select("[data-finding]")}
    assert ids == {str(i) for i in range(len(findings))}


def finding(path, line, col, end_line, end_col, match, *, code="PS301", category="jargon",
            severity=Severity.WARNING, scope="paragraph", message="Say it plainly.",
            suggestions=("plain",), data=None):
    return Finding(code, "medical-jargon", category, severity, path, line, col, end_line,
                   end_col, message, match, tuple(suggestions), None, scope, data=data or {})


# ------------------------------------------------------------------ Python-only tests

def test_html_is_a_format():
    assert "html" in reporters.FORMATS
    r = CliRunner().invoke(main, ["check", "--help"])
    assert "html" in r.output


def test_structure_and_landmarks(small_run):
    text, _, _ = small_run
    assert text.startswith("<!DOCTYPE html>\n")
    assert_balanced(text)
    soup = soup_of(text)
    assert soup.html["lang"] == "en"
    assert soup.title and soup.title.get_text().startswith("plainspeak report")
    assert soup.find("meta", charset="utf-8")
    for landmark in ("header", "nav", "main", "footer"):
        assert len(soup.find_all(landmark)) == 1, landmark
    skip = soup.find("a")
    assert skip["href"] == "#main" and soup.find(id="main").name == "main"
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    for anchor in soup.select('a[href^="#"]'):              # every in-page link has a target
        assert soup.find(id=anchor["href"][1:]) is not None, anchor["href"]
    ids = [e["id"] for e in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for ref in soup.select("[aria-describedby], [aria-labelledby]"):
        for attr in ("aria-describedby", "aria-labelledby"):
            for target in (ref.get(attr) or "").split():
                assert soup.find(id=target) is not None, target


def test_every_finding_has_one_mark_or_entry(small_run):
    text, data, _ = small_run
    soup = soup_of(text)
    findings = data["findings"]
    assert len(findings) >= 10
    assert_every_finding_once(soup, findings)
    marked = soup.select("mark[data-finding]:not([data-cont])")
    assert len(marked) >= len(findings) - 5
    # findings about the whole document are listed above the text, not marked
    for i, f in enumerate(findings):
        if f["scope"] in ("file", "document"):
            assert soup.select(f'li[data-finding="{i}"]')


def test_only_documents_with_findings_are_shown(small_run):
    text, data, _ = small_run
    soup = soup_of(text)
    shown = [s["data-path"] for s in soup.select("section.doc")]
    with_findings = sorted({f["path"] for f in data["findings"]})
    assert sorted(shown) == with_findings
    assert "docs/clean.txt" not in shown
    assert "Call us today." not in text
    assert "had no findings and is not shown" in text
    row = [tr for tr in soup.select("#reading-table tbody tr") if "clean.txt" in tr.get_text()]
    assert len(row) == 1                         # still in the summary table


def test_escaping(small_run):
    text, _, _ = small_run
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    soup = soup_of(text)
    assert len(soup.find_all("script")) == 1          # the report's own script only
    assert soup.find("img") is None
    pre = [p for p in soup.select("pre.src") if "alert" in p.get_text()]
    assert pre and '<script>alert("x")</script>' in pre[0].get_text()


def test_no_external_urls_and_strict_csp(small_run):
    text, _, _ = small_run
    soup = soup_of(text)
    for el in soup.find_all(True):
        for attr in ("src", "href", "action", "srcset", "poster", "data", "xlink:href"):
            value = el.get(attr)
            if value is None:
                continue
            assert attr == "href" and value.startswith("#"), (el.name, attr, value)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", text, re.I)
    assert "@import" not in text and "url(" not in text
    assert soup.find("link") is None
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    csp = meta["content"]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    for tag in ("style", "script"):                  # the inline style and script are pinned
        body = soup.find(tag).string
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp
    assert not soup.select("[style]")               # style attributes would be blocked
    assert not [el for el in soup.find_all(True) if any(a.startswith("on") for a in el.attrs)]


def test_deterministic(small_run, tmp_path):
    text, _, d = small_run
    r = cli(["check", "docs", "--format", "html", "--output", str(tmp_path / "again.html"),
             "--no-cache"], d)
    assert r.exit_code in (0, 1)
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == text
    assert not re.search(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d", text)   # no timestamp


def test_charts_have_text_alternatives(small_run):
    text, data, _ = small_run
    soup = soup_of(text)
    charts = soup.select("svg.chart")
    assert {c["id"] for c in charts} >= {"chart-categories", "chart-smog"}
    for svg in charts:
        assert svg["role"] == "img"
        title = svg.find("title")
        desc = svg.find("desc")
        assert title["id"] in svg["aria-labelledby"].split()
        assert desc["id"] in svg["aria-describedby"].split()
        assert desc.get_text().strip()
    graded = [d for d in data["documents"] if d.get("graded") and "smog" in d["scores"]]
    assert len(soup.select("#chart-smog rect.bar")) == len(graded)
    cats = {c for c, n in data["summary"]["by_category"].items() if n}
    assert {r["data-category"] for r in soup.select("#chart-categories rect.bar")} == cats
    # the same numbers as a table
    table = soup.find(id="by-category")
    total = table.find("tfoot").find_all("td")[-1].get_text()
    assert int(total) == data["summary"]["findings"]
    assert "target 8" in soup.find(id="chart-smog").get_text()


def test_frequent_terms(small_run):
    text, data, _ = small_run
    soup = soup_of(text)
    rows = soup.select("#terms-jargon tbody tr")
    prior = [r for r in rows if r.th.get_text() == "prior to"]
    n_prior = sum(1 for f in data["findings"] if f["code"].startswith("PS3")
                  and f["match"].lower() == "prior to")
    assert n_prior == 3 and prior
    cells = prior[0].find_all("td")
    assert cells[1].get_text() == "3" and cells[2].get_text() == "2"
    assert "\u201cbefore\u201d" in cells[3].get_text()
    assert "\u201cBefore\u201d" not in cells[3].get_text()    # one suggestion per word
    assert rows[0].th.get_text() == "prior to"                  # most frequent first
    assert soup.select("#terms-inclusive tbody tr")


def _run_of(text, findings, path="doc.txt", stats=None):
    return [FileResult(path, findings, stats)], {path: text}


def test_overlapping_findings_nest_and_cross():
    text = "alpha beta gamma delta\nepsilon zeta\n"
    fs = [
        finding("doc.txt", 1, 1, 1, 17, "alpha beta gamma", code="PS201", category="structure"),
        finding("doc.txt", 1, 7, 1, 11, "beta"),                            # inside
        finding("doc.txt", 1, 12, 1, 23, "gamma delta", code="PS203", category="structure"),
        finding("doc.txt", 1, 12, 1, 17, "gamma"),                          # same start
        finding("doc.txt", 1, 18, 2, 8, "delta\nepsilon", code="PS401", category="safety"),
        finding("doc.txt", 2, 1, 2, 8, "epsilon"),                          # same end
        finding("doc.txt", 2, 9, 2, 9, "", code="PS602", category="translation"),   # empty
        finding("doc.txt", 1, 1, 1, 6, "alpha", code="PS204", category="structure",
                scope="document"),                                          # whole document
        finding("doc.txt", 9, 1, 9, 4, "nope"),                             # past the end
        finding("doc.txt", 2, 9, 2, 13, "ZETA"),                            # text differs
    ]
    results, sources = _run_of(text, fs)
    out = html_report.render(results, None, sources=sources)
    assert_balanced(out)
    soup = soup_of(out)
    as_json = [f.to_dict() for f in fs]
    assert_every_finding_once(soup, as_json)
    listed = sorted(int(li["data-finding"]) for li in soup.select("li[data-finding]"))
    assert listed == [6, 7, 8, 9]
    assert soup.select("mark[data-cont]")           # "gamma delta" crosses "alpha beta gamma"
    pre = soup.select_one("pre.src")
    assert pre.get_text() == text                   # marks add no text


def test_empty_run():
    for results in ([], [FileResult("a.txt", [], None)]):
        out = html_report.render(results, None)
        assert_balanced(out)
        soup = soup_of(out)
        assert not soup.select("[data-finding]") and not soup.select("section.doc")
        assert "No document was graded" in out
        assert soup.select_one("#by-category tfoot td:last-child").get_text() == "0"


def test_text_without_source_is_listed():
    fs = [finding("a.docx", 3, 5, 3, 9, "renal")]
    results = [FileResult("a.docx", fs, None)]
    soup = soup_of(html_report.render(results, None))
    assert soup.select('li[data-finding="0"]') and not soup.select("pre.src")
    assert "paragraph 3, column 5" in soup.get_text()     # Word files: paragraph positions


def test_targets_follow_the_profile_and_the_run():
    def stats(path, profile, lang, scores):
        return {"path": path, "format": "text", "profile": profile, "language": lang,
                "graded": True, "scores": scores, "words": 200, "sentences": 20}
    results = [
        FileResult("a.txt", [], stats("a.txt", "letter", "en", {"smog": 9.5})),
        FileResult("b.json", [], stats("b.json", "portal", "en", {"smog": 9.5})),
        FileResult("c.txt", [finding("c.txt", 1, 1, 1, 5, "Text", code="PS101",
                                     category="readability", data={"metric": "smog",
                                                                   "target": 11})],
                   stats("c.txt", "letter", "en", {"smog": 9.5})),
        FileResult("d.md", [], stats("d.md", "web", "es", {"fernandez_huerta": 65.0,
                                                           "szigriszt_pazos": 60.0})),
        FileResult("e.txt", [], {"path": "e.txt", "profile": "letter", "language": "en",
                                 "graded": False, "scores": {}, "note": "not graded"}),
    ]
    soup = soup_of(html_report.render(results, bundled_rules(), sources={"c.txt": "Text\n"}))
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
            for tr in soup.select("#reading-table tbody tr")}
    assert rows["a.txt"][3] == "SMOG grade 8 or lower (misses it)"
    assert rows["b.json"][3] == "none for this profile"          # PS101 is off for portal
    assert rows["c.txt"][3] == "SMOG grade 11 or lower (meets it)"   # the run's threshold
    assert rows["d.md"][2] == "Fern\u00e1ndez Huerta 65.0; INFLESZ 60.0"
    assert rows["d.md"][3] == "Fern\u00e1ndez Huerta 70 or higher (misses it)"
    assert rows["e.txt"][2].startswith("\u2014") and rows["e.txt"][3] == "\u2014"
    assert len(soup.select("#chart-smog rect.bar")) == 3
    assert len(soup.select("#chart-fernandez_huerta rect.bar")) == 1
    assert len(soup.select("#chart-smog line.target")) == 2     # none for the portal file


def test_render_is_pure(small_run, monkeypatch):
    """render() reads no file and no clock: the same input gives the same page."""
    import time
    results = [FileResult("x.txt", [finding("x.txt", 1, 1, 1, 6, "renal")],
                          {"path": "x.txt", "profile": "letter", "language": "en",
                           "graded": False, "scores": {}})]
    first = html_report.render(results, bundled_rules(), sources={"x.txt": "renal\n"})

    def refuse(*a, **k):
        raise AssertionError("render() must not read files or the clock")
    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(time, "time", refuse)
    monkeypatch.setattr(time, "localtime", refuse)
    again = html_report.render(results, bundled_rules(), sources={"x.txt": "renal\n"})
    assert again == first
    stamped = html_report.render(results, None, sources={"x.txt": "renal\n"},
                                 generated="1 May 2026")
    assert "1 May 2026" in stamped and "1 May 2026" not in first


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_palette_contrast():
    for category, (tint, dark) in html_report.CATEGORY_COLORS.items():
        assert contrast("#111111", tint) >= 7, category         # marked text
        assert contrast("#ffffff", dark) >= 4.5, category       # letter on its badge
        assert contrast(dark, tint) >= 3, category              # underline on the tint
        assert contrast(dark, "#ffffff") >= 3, category         # bars on the page
    for fg in ("#1b1b1b", "#4a4a4a", "#0b4f9c"):                 # text, muted text, links
        assert contrast(fg, "#ffffff") >= 4.5 and contrast(fg, "#f4f6f8") >= 4.5
    assert contrast("#ffffff", "#12344d") >= 4.5                 # header
    for bar in ("#2e6b3e", "#a4262c", "#5f5f5f"):
        assert contrast(bar, "#ffffff") >= 3


def test_colour_is_not_the_only_cue():
    css = html_report._CSS
    letters = [info[0] for info in html_report.CATEGORY_INFO.values()]
    assert len(set(letters)) == len(letters)                     # one letter per category
    assert "content:attr(data-letter)" in css
    for c in html_report.CATEGORY_COLORS:
        assert re.search(rf"mark\.c-{c}\{{[^}}]*text-decoration-style:", css)
    assert "mark.m:focus-visible" in css and "outline:3px solid" in css


# --------------------------------------------------------------------- browser tests

def _require_browser():
    axe_harness.require("the HTML report browser check")


@pytest.fixture(scope="module")
def browser_check(tmp_path_factory):
    _require_browser()
    d = tmp_path_factory.mktemp("report")
    report, findings = axe_harness.corpus_report(d)
    full = d / "full.png"
    out = axe_harness.check_report(report, findings, full_screenshot=full)
    return out, json.loads(findings.read_text(encoding="utf-8")), full


def test_browser_no_console_errors_and_no_network(browser_check):
    out, _, _ = browser_check
    assert out["console_errors"] == []
    assert out["blocked"] == []
    assert all(u.startswith(("file:", "data:", "about:")) for u in out["requests"]), out["requests"]


def test_browser_every_finding_in_the_dom(browser_check):
    out, data, _ = browser_check
    f = out["findings"]
    assert f["problems"] == []
    assert f["expected"] == len(data["findings"]) > 100
    assert f["marked"] + f["listed"] == f["expected"] == f["distinct_ids"]
    assert f["marked"] > f["listed"]


def test_browser_charts_render(browser_check):
    out, data, _ = browser_check
    charts = {c["id"]: c for c in out["charts"]}
    for c in charts.values():
        assert c["role"] == "img" and c["labelled_by_title"], c
        assert c["width"] > 100 and c["height"] > 50, c
        assert c["empty_bars"] == 0, c
    smog = [d for d in data["documents"] if d.get("graded") and "smog" in d["scores"]]
    spanish = [d for d in data["documents"] if d.get("graded") and "smog" not in d["scores"]
               and "fernandez_huerta" in d["scores"]]
    assert charts["chart-smog"]["bars"] == len(smog)
    assert charts["chart-fernandez_huerta"]["bars"] == len(spanish)
    assert charts["chart-smog"]["bars"] + charts["chart-fernandez_huerta"]["bars"] == len(
        [d for d in data["documents"] if d.get("graded")])
    nonzero = [c for c, n in data["summary"]["by_category"].items() if n]
    assert charts["chart-categories"]["bars"] == len(nonzero)


def test_browser_keyboard_reaches_a_mark_and_its_note(browser_check):
    out, _, _ = browser_check
    assert out["first_tab"]["href"] == "#main"                # the skip link comes first
    k = out["keyboard"]
    assert k["finding"] is not None, k
    assert k["tip_visible"] and k["tip_in_viewport"], k
    assert k["expected_message"] in k["tip_text"]
    assert k["outline"].startswith("solid") and k["outline"] != "solid 0px"
    assert k["hidden_after_escape"]
    assert out["hover"]["visible"] and out["hover"]["expected_message"] in out["hover"]["text"]


def test_browser_axe_no_serious_or_critical(browser_check):
    out, _, _ = browser_check
    axe = out["axe"]
    assert axe["version"].startswith("4.")
    bad = [v for v in axe["violations"] if v["impact"] in ("serious", "critical")]
    detail = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} node(s), "
                       f"e.g. {v['nodes'][0]['html'] if v['nodes'] else ''}"
                       for v in axe["violations"])
    assert not bad, "axe violations on the report:\n" + detail


def test_browser_full_page_screenshot(browser_check):
    _, _, full = browser_check
    head = full.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert width == 1280 and height > 2000


def _main(argv: list[str]) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="Regenerate the HTML report screenshot.")
    parser.add_argument("--screenshot", default=str(ROOT / "docs" / "report.png"),
                        help="PNG to write (default docs/report.png)")
    parser.add_argument("--doc", default=axe_harness.SCREENSHOT_DOC,
                        help="the document whose highlighted text is shown")
    args = parser.parse_args(argv)
    why = axe_harness.unavailable()
    if why:
        print(f"cannot take the screenshot: {why}", file=sys.stderr)
        return 2
    out = axe_harness.report_screenshot(args.screenshot, args.doc)
    print(f"wrote {out['screenshot']}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))


def test_reading_targets_are_the_thresholds_in_force(tmp_path):
    """A configured SMOG threshold is the report's target even where no finding says so."""
    from pathlib import Path as _P

    from plainspeak.config import Config
    from plainspeak.engine import Linter, Options
    from plainspeak.reporters import render as _render
    from plainspeak.rulepack import load_rules
    text = " ".join(["Take one tablet every day with water and food."] * 14) + "\n"
    rules = load_rules()
    cfg = Config(root=_P.cwd())
    cfg.rules["PS101"] = {"params": {"warn": 12, "error": 14}}
    res = Linter(cfg, rules, Options()).lint_bytes("letter.txt", text.encode())
    assert res.stats["targets"]["smog"]["target"] == 12
    page = _render("html", [res], rules, sources={"letter.txt": text})
    assert "target 12" in page and "target 8" not in page
