"""PS7xx content accessibility: reader facts, each rule's edges, positions, WCAG metadata."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lintkit import codes, lint, rules

from plainspeak.cli import main
from plainspeak.readers import load

PS7 = ["PS7"]


def ps7(text, fmt="html", profile=None, **kw):
    return lint(text, fmt, profile=profile, select=PS7, **kw)


def found(text, fmt="html", profile=None, **kw):
    return [(f.code, f.match) for f in ps7(text, fmt, profile, **kw).findings]


def _line_col_to_offset(src: str, line: int, col: int) -> int:
    lines = src.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + col - 1


# -------------------------------------------------------------------- positions round trip

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>Flu shots</title></head>
<body>
<h1>Flu shots</h1>
<h3>Information</h3>
<p>See our <a href="/flu" target="_blank">click here</a> and
   <a href="/forms/consent.pdf">consent form</a>.</p>
<p><a href="/home"><img src="home.png" alt=""></a>
<img src="IMG_0423.jpg" alt="IMG_0423.jpg"> <img src="dash.jpg"></p>
<h2></h2>
<p><strong>Before your visit</strong></p>
<p>PLEASE BRING YOUR INSURANCE CARD. Click the green button.</p>
<table><tr><td>Mon</td><td>9</td></tr><tr><td>Tue</td><td>10</td></tr></table>
<form><input type="text" name="dob" placeholder="Date of birth"></form>
<h1>Again</h1>
</body></html>
"""

MD_PAGE = """---
title: Flu shots
lang: en
---

# Flu shots

### Information

See [click here](/flu) and [consent form](/forms/consent.pdf) and [](/empty).

[![](home.png)](/home) ![IMG_0423.jpg](IMG_0423.jpg) ![](dash.jpg)

**Before your visit**

PLEASE BRING YOUR INSURANCE CARD. Click the green button.

|   |   |
|---|---|
| Mon | 9 |

# Again
"""

EXPECTED_HTML = {
    ("PS724", "Information"), ("PS721", "Information"), ("PS711", "click here"),
    ("PS714", "click here"), ("PS713", "consent form"),
    ("PS715", '<a href="/home">'), ("PS702", "IMG_0423.jpg"),
    ("PS701", '<img src="dash.jpg">'), ("PS723", "<h2>"),
    ("PS726", "Before your visit"), ("PS731", "PLEASE BRING YOUR INSURANCE CARD"),
    ("PS732", "green button"),
    ("PS733", "<table>"), ("PS734", '<input type="text" name="dob" placeholder="Date of birth">'),
    ("PS722", "Again"),
}
EXPECTED_MD = {
    ("PS724", "Information"), ("PS721", "Information"), ("PS711", "click here"),
    ("PS713", "consent form"), ("PS715", "[](/empty)"), ("PS715", "[![](home.png)](/home)"),
    ("PS701", "![](home.png)"), ("PS702", "IMG_0423.jpg"), ("PS701", "![](dash.jpg)"),
    ("PS726", "Before your visit"), ("PS731", "PLEASE BRING YOUR INSURANCE CARD"),
    ("PS732", "green button"), ("PS733", "|   |   |"), ("PS722", "Again"),
}


@pytest.mark.parametrize("fmt,page,expected", [("html", HTML_PAGE, EXPECTED_HTML),
                                               ("markdown", MD_PAGE, EXPECTED_MD)])
def test_positions_round_trip(fmt, page, expected):
    res = ps7(page, fmt, profile="web")
    got = {(f.code, f.match) for f in res.findings}
    assert got == expected
    for f in res.findings:
        start = _line_col_to_offset(page, f.line, f.column)
        end = _line_col_to_offset(page, f.end_line, f.end_column)
        assert page[start:end] == f.match, f
        assert f.match.strip(), f


def test_crlf_positions_round_trip():
    page = MD_PAGE.replace("\n", "\r\n")
    res = ps7(page, "markdown", profile="web")
    assert {(f.code, f.match) for f in res.findings} == EXPECTED_MD
    for f in res.findings:
        lines = page.split("\n")
        start = sum(len(x) + 1 for x in lines[:f.line - 1]) + f.column - 1
        assert page[start:start + len(f.match)] == f.match


# ----------------------------------------------------------------------------- reader facts

def test_html_reader_records_accessibility_facts():
    doc = load("p.html", HTML_PAGE.encode())
    src = doc.source
    links = doc.meta["links"]
    assert [ln["href"] for ln in links] == ["/flu", "/forms/consent.pdf", "/home"]
    assert src[links[0]["text_start"]:links[0]["text_end"]] == "click here"
    assert links[0]["target"] == "_blank"
    assert links[2]["images"] == 1 and links[2]["text"] == ""
    imgs = doc.meta["images"]
    assert [i["alt"] for i in imgs] == ["", "IMG_0423.jpg", None]
    assert src[imgs[1]["alt_start"]:imgs[1]["alt_end"]] == "IMG_0423.jpg"
    heads = doc.meta["headings"]
    assert [(h["level"], h["text"]) for h in heads] == [
        (1, "Flu shots"), (3, "Information"), (2, ""), (1, "Again")]
    t = doc.meta["tables"][0]
    assert (t["rows"], t["cols"], t["th"]) == (2, 2, 0)
    assert doc.meta["fields"][0]["tag"] == "input"
    bold = [b for b in doc.blocks if b.attrs.get("all_bold")]
    assert [b.text for b in bold] == ["Before your visit"]


def test_markdown_reader_records_accessibility_facts():
    doc = load("p.md", MD_PAGE.encode())
    src = doc.source
    links = doc.meta["links"]
    assert [ln["href"] for ln in links] == ["/flu", "/forms/consent.pdf", "/empty", "/home"]
    assert src[links[0]["start"]:links[0]["end"]] == "[click here](/flu)"
    assert links[3]["images"] == 1
    imgs = doc.meta["images"]
    assert [i["alt"] for i in imgs] == ["", "IMG_0423.jpg", ""]
    assert all(i["markdown"] for i in imgs)
    assert [(h["level"], h["text"]) for h in doc.meta["headings"]] == [
        (1, "Flu shots"), (3, "Information"), (1, "Again")]
    assert doc.meta["tables"][0]["th"] == 0


def test_markdown_inline_html_is_recorded():
    md = ('Fill in <a href="/f.pdf" target="_blank">the form</a> and see <img src="q.png">.\n'
          '\n<abbr title="primary care provider">PCP</abbr> visits are free.\n')
    doc = load("p.md", md.encode())
    ln = doc.meta["links"][0]
    assert (ln["href"], ln["target"], ln["text"]) == ("/f.pdf", "_blank", "the form")
    assert doc.meta["images"][0]["alt"] is None and not doc.meta["images"][0]["markdown"]
    marks = [m for b in doc.blocks for m in b.marks]
    assert [(m.tag, m.value) for m in marks] == [("abbr", "primary care provider")]


def test_html_blocks_inside_markdown_are_checked():
    md = "# Form\n\n<form>\n<input type=\"text\" name=\"q\">\n</form>\n\n<h3>Deep</h3>\n"
    assert set(found(md, "markdown", "web")) == {
        ("PS734", '<input type="text" name="q">'), ("PS721", "Deep")}


def test_reader_meta_is_not_cached_in_results():
    from plainspeak.engine import PROJECT_META
    res = ps7(HTML_PAGE, "html", "web")
    assert set(res.info["meta"]) <= set(PROJECT_META)
    json.dumps(res.info)


# -------------------------------------------------------------------------------- images

@pytest.mark.parametrize("img,flagged", [
    ('<img src="a.png">', True),
    ('<img src="a.png" alt="">', False),
    ('<img src="a.png" alt>', False),
    ('<img src="a.png" role="presentation">', False),
    ('<img src="a.png" role="none">', False),
    ('<img src="a.png" aria-hidden="true">', False),
    ('<img src="a.png" aria-label="Clinic map">', False),
    ('<img src="a.png" title="Clinic map">', False),
    ('<img src="a.png" aria-labelledby="cap">', False),
    ('<IMG SRC="a.png">', True),
])
def test_image_alt_variants(img, flagged):
    assert (("PS701" in codes(ps7(f"<p>{img}</p>\n"))) == flagged)


def test_markdown_empty_alt_can_be_allowed():
    from plainspeak.config import Config
    from pathlib import Path
    assert "PS701" in codes(ps7("![](a.png)\n", "markdown"))
    cfg = Config(root=Path.cwd())
    cfg.rules["PS701"] = {"params": {"markdown_empty_alt": False}}
    assert "PS701" not in codes(ps7("![](a.png)\n", "markdown", config=cfg))


@pytest.mark.parametrize("alt,flagged", [
    ("IMG_0423.jpg", True), ("DSC_0012", True), ("photo1.png", True), ("image", True),
    ("Image 2", True), ("spacer", True), ("https://example.org/a.png", True),
    ("Photo of a nurse", True), ("picture of the entrance", True), ("graphic", True),
    ("Nurse giving a flu shot", False), ("Photographs from our open day", False),
    ("Riverside Health logo", False), ("Icon of the clinic", False), ("Imagine Health", False),
])
def test_placeholder_alt(alt, flagged):
    res = ps7(f'<img src="x.png" alt="{alt}">\n')
    assert ("PS702" in codes(res)) == flagged
    if flagged:
        assert res.findings[0].match == alt


def test_long_alt_limit_is_configurable():
    alt = "A nurse " + "and a doctor " * 12
    assert "PS703" in codes(ps7(f'<img src="x.png" alt="{alt}">\n'))
    short = "A nurse giving a flu shot"
    assert "PS703" not in codes(ps7(f'<img src="x.png" alt="{short}">\n'))


# --------------------------------------------------------------------------------- links

@pytest.mark.parametrize("link,flagged", [
    ('<a href="/x">Click here</a>', True),
    ('<a href="/x">here</a>', True),
    ('<a href="/x">Read more &raquo;</a>', True),
    ('<a href="/x">Learn more…</a>', True),
    ('<a href="/x">More</a>', True),
    ('<a href="/x" aria-label="Read more about flu shots">Read more</a>', False),
    ('<a href="/x" aria-labelledby="h1 x">Read more</a>', False),
    ('<a href="/x">Read more about flu shots</a>', False),
    ('<a href="https://example.org/flu">https://example.org/flu</a>', True),
    ('<a href="https://example.org/flu">www.example.org/flu</a>', True),
    ('<a href="mailto:help@example.org">help@example.org</a>', False),
    ('<a href="tel:5550100">555-0100</a>', False),
    ('<a href="/x"><img src="i.png" alt="Read more"></a>', True),
])
def test_link_text(link, flagged):
    assert ("PS711" in codes(ps7(f"<p>Flu shots. {link}</p>\n", profile="web"))) == flagged


def test_url_link_text_allowed_in_letters():
    page = '<p>Visit <a href="https://example.org/flu">https://example.org/flu</a>.</p>\n'
    assert "PS711" in codes(ps7(page, profile="web"))
    assert "PS711" not in codes(ps7(page, profile="letter"))


def test_markdown_autolink_is_a_bare_url():
    assert ("PS711", "https://example.org/flu") in found(
        "See <https://example.org/flu>.\n", "markdown", "web")


def test_ambiguous_links():
    page = ('<p><a href="/flu">Book now</a> <a href="/flu/">Book now</a> '
            '<a href="/covid">Book now</a> <a href="/covid">book  NOW</a> '
            '<a href="/a">Read more</a> <a href="/b">Read more</a></p>\n')
    res = ps7(page)
    amb = [f for f in res.findings if f.code == "PS712"]
    assert len(amb) == 2                       # /covid twice; /flu/ is the same page
    assert "line 1" in amb[0].message
    assert sum(f.code == "PS711" for f in res.findings) == 2   # "Read more": PS711 only


@pytest.mark.parametrize("link,flagged", [
    ('<a href="/f/consent.pdf">Consent form</a>', True),
    ('<a href="/f/consent.PDF?v=2#page=3">Consent form</a>', True),
    ('<a href="/f/consent.pdf">Consent form (PDF)</a>', False),
    ('<a href="/f/consent.pdf">Consent form</a> (PDF, 545 KB)', False),
    ('<a href="/f/register.docx">Registration form</a>', True),
    ('<a href="/f/register.docx">Registration form (Word document, 40 KB)</a>', False),
    ('<a href="/f/prices.xlsx">Price list (Excel spreadsheet)</a>', False),
    ('<a href="/f/pdf-help">How to open PDF files</a>', False),
    ('<a href="/f/page.html">Consent form</a>', False),
])
def test_document_links(link, flagged):
    assert ("PS713" in codes(ps7(f"<p>{link}</p>\n<p>Next.</p>\n"))) == flagged


def test_document_link_size_when_file_is_local(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "consent.pdf").write_bytes(b"%PDF" + b"x" * 5000)
    page = '<p><a href="forms/consent.pdf">Consent form (PDF)</a></p>\n'
    res = ps7(page, name="page.html")
    f = next(f for f in res.findings if f.code == "PS713")
    assert "5 KB" in f.message and f.data["size"] == 5004
    ok = '<p><a href="forms/consent.pdf">Consent form (PDF, 5 KB)</a></p>\n'
    assert "PS713" not in codes(ps7(ok, name="page.html"))


@pytest.mark.parametrize("link,flagged", [
    ('<a href="/x" target="_blank">Flu facts</a>', True),
    ('<a href="/x" target="help">Flu facts</a>', True),
    ('<a href="/x" target="_blank">Flu facts (opens in a new tab)</a>', False),
    ('<a href="/x" target="_blank">Flu facts</a> (opens in new window)', False),
    ('<a href="/x" target="_blank" aria-label="Flu facts, opens in a new tab">Flu facts</a>',
     False),
    ('<a href="/x" target="_self">Flu facts</a>', False),
    ('<a href="/x" target="_top">Flu facts</a>', False),
    ('<a href="/x">Flu facts</a>', False),
])
def test_new_window(link, flagged):
    assert ("PS714" in codes(ps7(f"<p>{link}</p>\n"))) == flagged


@pytest.mark.parametrize("link,flagged", [
    ('<a href="/x"></a>', True),
    ('<a href="/x">   </a>', True),
    ('<a href="/x"><img src="i.png" alt=""></a>', True),
    ('<a href="/x"><img src="i.png"></a>', True),
    ('<a href="/x"><svg viewBox="0 0 1 1"><path d="M0"/></svg></a>', True),
    ('<a href="/x"><svg aria-label="Home"><path d="M0"/></svg></a>', False),
    ('<a href="/x" title="Home page"><i class="icon-home"></i></a>', False),
    ('<a href="/x"><img src="i.png" alt="Home page"></a>', False),
    ('<a id="top"></a>', False),
])
def test_empty_links(link, flagged):
    assert ("PS715" in codes(ps7(f"<p>Go {link}</p>\n"))) == flagged


# ------------------------------------------------------------------------------ headings

def test_heading_order_and_h1():
    md = "## Start\n\n#### Deep\n\n## Back\n\n### Fine\n\n# One\n\n# Two\n"
    got = found(md, "markdown")
    assert ("PS721", "Deep") in got
    assert not any(c == "PS721" and m in ("Start", "Back", "Fine", "One") for c, m in got)
    assert [m for c, m in got if c == "PS722"] == ["Two"]


def test_empty_heading_names():
    assert ("PS723", "<h2>") in found("<h2> </h2>\n")
    assert "PS723" not in codes(ps7('<h2><img src="l.png" alt="Riverside Health"></h2>\n'))
    assert "PS723" not in codes(ps7('<h2 aria-label="Menu"></h2>\n'))


def test_vague_and_single_word_headings():
    body = " ".join(["Flu is a common illness that spreads in winter."] * 130)
    md = f"# Flu\n\n## Symptoms\n\n{body}\n\n## Details\n\nMore.\n\n## Summary\n\nShort.\n"
    res = ps7(md, "markdown")
    vague = {(f.match, str(f.severity)) for f in res.findings if f.code == "PS724"}
    assert vague == {("Symptoms", "info"), ("Details", "warning")}
    short = "# Flu\n\n## Symptoms\n\nFever.\n\n## Details\n\nMore.\n"
    assert [f.match for f in ps7(short, "markdown").findings if f.code == "PS724"] == ["Details"]


def test_no_headings_threshold():
    words = " ".join(["Bring your card."] * 110)             # 330 words
    assert "PS725" in codes(ps7(words + "\n", "markdown"))
    assert "PS725" not in codes(ps7("# Visit\n\n" + words + "\n", "markdown"))
    assert "PS725" not in codes(ps7(" ".join(["Bring your card."] * 80) + "\n", "markdown"))
    assert "PS725" not in codes(ps7(words + "\n", "markdown", profile="portal"))


def test_bold_paragraph_as_heading():
    assert ("PS726", "Before you come") in found(
        "**Before you come**\n\nBring your card.\n", "markdown")
    assert ("PS726", "Before you come:") in found(
        "**Before you come:**\n\nBring your card.\n", "markdown")
    # a bold lead-in to a list, a bold sentence, bold at the end, partly bold
    for md in ("**All of these must be true:**\n\n- You are 18\n- You live here\n",
               "**Do not eat after midnight.**\n\nIt keeps you safe.\n",
               "Text first.\n\n**The end**\n",
               "**Bring** your card.\n\nThanks.\n",
               "**This must be true:**\n\nYour income is within the limits.\n"):
        assert "PS726" not in codes(ps7(md, "markdown")), md
    assert "PS726" in codes(ps7("<p><b>What to bring</b></p><p>Your card.</p>\n"))
    assert "PS726" not in codes(ps7("<p><b>What</b> to bring</p><p>Your card.</p>\n"))


# ------------------------------------------------------------------------- other content

@pytest.mark.parametrize("text,flagged", [
    ("PLEASE BRING YOUR CARD to every visit.", True),
    ("CALL 911 IF YOU HAVE CHEST PAIN.", True),
    ("POR FAVOR TRAIGA SU TARJETA.", True),
    ("Do NOT eat or drink.", False),
    ("Get an HIV and STI test.", False),
    ("Genes include HAMP, HFE, HFE2, SLC40A1 and TFR2.", False),
    ("READ THIS and then SIGN HERE.", False),
])
def test_all_caps(text, flagged):
    assert ("PS731" in codes(ps7(text + "\n", "text"))) == flagged


@pytest.mark.parametrize("text,flagged", [
    ("To pay, click the green button.", True),
    ("Press the round button to start.", True),
    ("Use the link in the left column.", True),
    ("Select the large button at the bottom.", True),
    ("Your messages are in the top right corner.", True),
    ("The menu is on the left side of the screen.", True),
    ("Required fields are marked in red.", True),
    ("When you hear the beep, say your name.", True),
    ("Select the button labelled Book appointment.", False),
    ("Call us if you have a red rash.", False),
    ("Tell us about pain in your left arm.", False),
    ("The pain is on the right side of your chest.", False),
    ("See the table below.", False),
    ("We can send this letter in large print.", False),
    ("Blue Cross insurance is accepted.", False),
    ("Get your records with VA Blue Button.", False),
    ("Green button: select it to pay.", True),
])
def test_sensory_instructions(text, flagged):
    assert ("PS732" in codes(ps7(text + "\n", "text", profile="web"))) == flagged


@pytest.mark.parametrize("table,flagged", [
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", True),
    ("<table><tr><th>a</th><th>b</th></tr><tr><td>c</td><td>d</td></tr></table>", False),
    ("<table><tr><td>a</td></tr><tr><td>c</td></tr></table>", False),
    ("<table><tr><td>a</td><td>b</td></tr></table>", False),
    ('<table role="presentation"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>'
     "</table>", False),
    ("<table><tr><td>a</td><td>b</td></tr><tr><td><table><tr><th>x</th></tr></table></td>"
     "<td>d</td></tr></table>", True),
])
def test_tables(table, flagged):
    assert ("PS733" in codes(ps7(table + "\n"))) == flagged


@pytest.mark.parametrize("form,flagged", [
    ('<input type="text" name="a">', True),
    ('<input name="a" placeholder="Your name">', True),
    ('<textarea name="m"></textarea>', True),
    ('<select name="s"><option>A</option></select>', True),
    ('<label for="a">Name</label><input id="a">', False),
    ('<label>Name <input name="a"></label>', False),
    ('<input aria-label="Search" name="q">', False),
    ('<input title="Search" name="q">', False),
    ('<span id="l">Name</span><input aria-labelledby="l">', False),
    ('<input type="hidden" name="t">', False),
    ('<input type="submit" value="Send">', False),
    ('<label for="b">Name</label><input id="a">', True),
])
def test_form_labels(form, flagged):
    assert ("PS734" in codes(ps7(f"<form>{form}</form>\n"))) == flagged


@pytest.mark.parametrize("text,flagged", [
    ("Invalid input", True), ("Error", True), ("An error occurred.", True),
    ("Error 500", True), ("Request failed", True), ("This field is required", True),
    ("Please try again.", True), ("Session expired.", True),
    ("Enter your date of birth as month, day and year.", False),
    ("Something went wrong. Call us at 555-0100.", False),
    ("We could not load your messages. Try again later.", False),
    ("Your password must have 12 characters.", False),
    ("Your visit is confirmed.", False),
    ("Check your card number and try again.", False),
])
def test_error_messages(text, flagged):
    assert ("PS735" in codes(ps7(text + "\n", "text", profile="portal"))) == flagged
    assert "PS735" not in codes(ps7(text + "\n", "text", profile="web"))


def test_error_messages_in_portal_catalogs():
    res = lint('{"errors": {"dob": "Invalid date", "ok": "Saved."}}\n', "catalog-json",
               profile="portal", select=["PS735"])
    assert [(f.code, f.match) for f in res.findings] == [("PS735", "Invalid date")]


# ------------------------------------------------------------------------- abbreviations

def test_abbr_title_expands_acronyms_in_html_and_markdown():
    html = '<p>Ask your <abbr title="primary care provider">PCP</abbr>. Your PCP can help.</p>\n'
    md = 'Ask your <abbr title="primary care provider">PCP</abbr>. Your PCP can help.\n'
    for fmt, text in (("html", html), ("markdown", md)):
        assert "PS310" not in codes(lint(text, fmt, select=["PS310"])), fmt
    # an <abbr> without a title does not expand it, in either format
    for fmt, text in (("html", "<p>Ask your <abbr>PCP</abbr>.</p>\n"),
                      ("markdown", "Ask your <abbr>PCP</abbr>.\n")):
        res = lint(text, fmt, select=["PS310"])
        assert [(f.code, f.match) for f in res.findings] == [("PS310", "PCP")], fmt


# ------------------------------------------------------------------------ WCAG metadata

def _ps7_rules():
    return [r for r in rules().rules if r.code.startswith("PS7")]


def test_every_ps7_rule_names_wcag_criteria():
    ps7_rules = _ps7_rules()
    assert len(ps7_rules) == 19
    for r in ps7_rules:
        assert r.wcag, r.code
        for w in r.wcag:
            assert w["level"] in ("A", "AA", "AAA")


@pytest.mark.parametrize("code", ["PS701", "PS711", "PS724", "PS731", "PS735", "PS310"])
def test_explain_names_wcag(code):
    out = CliRunner().invoke(main, ["explain", code]).output
    assert "WCAG 2.2 success criteria" in out
    r = next(r for r in _ps7_rules() + [_rule("PS310")] if r.code == code)
    for w in r.wcag:
        assert f"{w['sc']} {w['name']} (level {w['level']}" in out


def _rule(code):
    return rules().get(code)


def test_explain_all_ps7():
    for r in _ps7_rules():
        out = CliRunner().invoke(main, ["explain", r.code]).output
        assert "WCAG 2.2 success criteria" in out and "(level " in out, r.code


def test_sarif_help_names_wcag(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<p><img src="a.png"></p>\n', encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(page), "--select", "PS701", "--format",
                                    "sarif", "--no-cache"]).output
    sarif = json.loads(out)
    rule = sarif["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == "PS701"
    assert "1.1.1 Non-text Content (level A)" in rule["help"]["text"]
    assert "non-text-content.html" in rule["help"]["markdown"]
    assert "wcag-1.1.1" in rule["properties"]["tags"]


def test_sensory_anchors_cover_every_pattern():
    """The pre-filter only saves time: a block with no control word, sound word or anchor
    phrase cannot match any pattern, and blocks that can are let through."""
    from plainspeak.checks.accessibility import SensoryInstruction, _has_word
    r = rules().get("PS732")
    chk = SensoryInstruction(r, dict(r.params))
    auto = chk._anchors()
    for phrase in ("in the top right corner", "on the left edge of the screen",
                   "on the right side of the page", "marked in red", "appears in green",
                   "click the blue buttons", "when you hear the beep"):
        assert _has_word(auto, phrase), phrase
    assert not _has_word(auto, "take one tablet with a barely warm drink")


# ------------------------------------------------------------------------------ templates

TEMPLATE = """{% extends "base.html" %}
{% block content %}
<h2>{{ page.title }}</h2>
<img src="{{ page.image }}">
<p>Hello {{ patient.first_name }}, <a href="{{ url }}">click here</a> to confirm.</p>
{% for c in clinics %}<p><a href="{{ c.url }}">{{ c.name }}</a></p>{% endfor %}
<p><a href="{{ other.url }}">{{ c.name }}</a></p>
<form><input type="text" name="{{ field }}"></form>
{% endblock %}
"""


@pytest.mark.parametrize("name", ["visit.html.j2", "card.hbs", "page.njk", "x.jinja2",
                                  "p.liquid", "m.mustache", "v.html.tmpl"])
def test_html_templates_are_read_as_html(name):
    from plainspeak.readers import format_for
    assert format_for(name) == "html"
    res = lint(TEMPLATE, "html", select=PS7, name=name)
    assert sorted((f.code, f.line) for f in res.findings) == [
        ("PS701", 4), ("PS711", 5), ("PS734", 8)]


def test_other_templates_are_not_guessed():
    from plainspeak.readers import format_for
    assert format_for("nginx.conf.j2") is None
    assert format_for("letter.md.j2") == "markdown"
