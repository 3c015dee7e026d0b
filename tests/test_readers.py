"""Readers: block kinds and texts, skipping, masking, directives, encodings, malformed input."""
from __future__ import annotations

import codecs

import pytest

from plainspeak.directives import parse_comment, parse_text_line
from plainspeak.document import (ALT, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, STRING, TABLE_CELL,
                                 TITLE)
from plainspeak.masking import apply_mask, mask_fields
from plainspeak.readers import BinaryFile, decode, format_for, load


def read(src: str, fmt: str, name: str | None = None):
    ext = {"text": "txt", "markdown": "md", "html": "html", "catalog-json": "json"}[fmt]
    return load(name or f"doc.{ext}", src.encode("utf-8"), fmt)


def kinds(doc):
    return [(b.kind, b.text) for b in doc.blocks]


def src_of(doc, block, start=0, end=None):
    s, e = block.source_span(start, end)
    return doc.source[s:e]


def locate(doc, word):
    """(block, source slice) of the first occurrence of ``word`` in any block text."""
    for b in doc.blocks:
        i = b.text.find(word)
        if i >= 0:
            return b, src_of(doc, b, i, i + len(word))
    raise AssertionError(f"{word!r} not in any block: {kinds(doc)}")


# ------------------------------------------------------------------------------- formats

def test_format_for():
    assert format_for("a/b.MD") == "markdown"
    assert format_for("x.markdown") == "markdown"
    assert format_for("x.htm") == "html"
    assert format_for("x.txt") == "text"
    assert format_for("x.text") == "text"
    assert format_for("en.json") == "catalog-json"
    assert format_for("x.docx") == "docx"
    assert format_for("x.docm") is None


# ---------------------------------------------------------------------------------- text

TEXT = """APPOINTMENT REMINDER

Dear {{ patient.first_name }},
Your visit is on ${date} at %(time)s.
  Please come 15 minutes early.

What to Bring

- your insurance card
  and a photo ID
* a list of your medicines
1. first step
2) second step
Call us if you need to change the time.
# plainspeak-disable-next-line PS201 long-sentence
This line is suppressed by the directive above.

Sincerely,
The Clinic
"""


def test_text_blocks():
    doc = read(TEXT, "text")
    assert doc.format == "text"
    got = kinds(doc)
    assert got[0] == (HEADING, "APPOINTMENT REMINDER")
    assert doc.blocks[0].level == 2
    assert got[1][0] == PARAGRAPH and got[1][1].startswith("Dear ")
    assert "\nYour visit is on" in got[1][1] and got[1][1].endswith("Please come 15 minutes early.")
    assert got[2] == (HEADING, "What to Bring")
    assert got[3] == (LIST_ITEM, "your insurance card\nand a photo ID")
    assert got[4] == (LIST_ITEM, "a list of your medicines")
    assert got[5] == (LIST_ITEM, "first step")
    assert got[6] == (LIST_ITEM, "second step")
    assert got[7] == (PARAGRAPH, "Call us if you need to change the time.")
    assert got[8] == (PARAGRAPH, "This line is suppressed by the directive above.")
    assert got[9] == (PARAGRAPH, "Sincerely,\nThe Clinic")
    assert not any("plainspeak" in t for _, t in got)


def test_text_directive():
    doc = read(TEXT, "text")
    (d,) = doc.directives
    assert d.action == "disable-next-line"
    assert d.rules == ("PS201", "long-sentence")
    assert d.line == 15
    assert doc.source[d.start:d.end] == "# plainspeak-disable-next-line PS201 long-sentence"


def test_text_fields_masked_and_positions_kept():
    doc = read(TEXT, "text")
    b = doc.blocks[1]
    assert "{{" not in b.text and "patient" not in b.text and "date" not in b.text
    assert "%(time)s" not in b.text
    i = b.text.index("Your visit")
    assert src_of(doc, b, i, i + len("Your visit")) == "Your visit"
    i = b.text.index(" at ") + 1
    assert src_of(doc, b, i, i + 2) == "at"
    assert b.text.index(",") - b.text.index("Dear") == len("Dear {{ patient.first_name }}")


def test_text_heading_heuristic_is_conservative():
    doc = read("Hello there, this is a normal sentence\n\nThanks for reading our note.\n", "text")
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, PARAGRAPH]
    doc = read("Dear Maria\n\nYour results are ready.\n", "text")
    assert doc.blocks[0].kind == PARAGRAPH
    doc = read("Before your visit:\n\nEat nothing after midnight.\n", "text")
    assert doc.blocks[0].kind == HEADING
    # last line of a file is never a heading
    doc = read("Some text here.\n\nThe End\n", "text")
    assert doc.blocks[-1].kind == PARAGRAPH


def test_text_list_marker_after_template_tag():
    doc = read("Charges:\n{% if x %}- Insurance payments{% endif %}\n", "text")
    assert (LIST_ITEM, "Insurance payments") in [(b.kind, b.text.strip()) for b in doc.blocks]


def test_text_crlf():
    doc = read("First line\r\nsecond line\r\n\r\n- item one\r\n", "text")
    b = doc.blocks[0]
    assert b.text == "First line\nsecond line"
    nl = b.text.index("\n")
    assert doc.source[b.smap.start(nl)] == "\n"
    assert src_of(doc, b, nl + 1, nl + 7) == "second"
    assert doc.blocks[1].text == "item one"
    assert doc.line_col(b.smap.start(nl + 1)) == (2, 1)


# ------------------------------------------------------------------------------ markdown

MD = """---
title: Getting ready for your colonoscopy
lang: es-US
tags: [prep]
---
# Getting *ready* ##

Read this **two days** before. Use `clean-prep` as told.
Call [our nurse line](https://example.org/call "Nurse line") or see the [FAQ][faq].
Visit https://www.example.org/prep today, {{ first_name }}. AT&amp;T \\*not bold\\*.

Setext heading
--------------

- Stop eating _solid_ food.
- Drink clear liquids:
  water, broth.

> Important: do not drive.
> - item in quote

| What | When |
|------|------|
| Stop iron | 7 days \\| before |

![A glass of clear broth](broth.jpg)

```
code block text
```

    indented code

<!-- plainspeak-disable PS301 -->
<div class="note">
<p>HTML <b>block</b> text &amp; more</p>
</div>

<!-- plainspeak-enable -->
Autolink <https://auto.example/x> here.

[faq]: https://example.org/faq
"""


def test_markdown_blocks():
    doc = read(MD, "markdown")
    assert doc.format == "markdown"
    got = kinds(doc)
    assert got[0] == (HEADING, "Getting ready")
    assert doc.blocks[0].level == 1
    para = doc.blocks[1]
    assert para.kind == PARAGRAPH
    assert para.text.startswith("Read this two days before. Use  as told.\nCall our nurse line or")
    assert (HEADING, "Setext heading") in got
    assert [b.level for b in doc.blocks if b.text == "Setext heading"] == [2]
    assert (LIST_ITEM, "Stop eating solid food.") in got
    assert (LIST_ITEM, "Drink clear liquids:\nwater, broth.") in got
    assert (QUOTE, "Important: do not drive.") in got
    assert (LIST_ITEM, "item in quote") in got
    cells = [t for k, t in got if k == TABLE_CELL]
    assert cells == ["What", "When", "Stop iron", "7 days | before"]
    assert (ALT, "A glass of clear broth") in got
    assert (PARAGRAPH, "HTML block text & more") in got


def test_markdown_skips_code_front_matter_and_urls():
    doc = read(MD, "markdown")
    alltext = "\n".join(b.text for b in doc.blocks)
    for gone in ("code block text", "indented code", "clean-prep", "title:", "colonoscopy",
                 "https://", "example.org", "first_name", "{{", "**", "##", "plainspeak",
                 "auto.example"):
        assert gone not in alltext, gone


def test_markdown_front_matter():
    doc = read(MD, "markdown")
    assert doc.front_matter["title"] == "Getting ready for your colonoscopy"
    assert doc.front_matter["tags"] == ["prep"]
    assert doc.language == "es" and doc.language_declared


def test_markdown_positions():
    doc = read(MD, "markdown")
    for word in ("ready", "two days", "our nurse line", "FAQ", "solid", "water", "do not drive",
                 "Stop iron", "broth", "block", "today", "Setext"):
        _, s = locate(doc, word)
        assert s == word
    b, s = locate(doc, "AT&T")
    assert s == "AT&amp;T"
    b, s = locate(doc, "*not bold*")
    assert s == "\\*not bold\\*"
    b, s = locate(doc, "7 days | before")
    assert s == "7 days \\| before"
    para = doc.blocks[1]
    i = para.text.index("today")
    assert doc.line_col(para.smap.start(i)) == (10, 36)


def test_markdown_links():
    doc = read(MD, "markdown")
    para = doc.blocks[1]
    links = {para.text[ln.start:ln.end]: ln.href for ln in para.links}
    assert links["our nurse line"] == "https://example.org/call"
    assert links["FAQ"] == "https://example.org/faq"
    auto = [b for b in doc.blocks if b.text.startswith("Autolink")][0]
    assert auto.links and auto.links[0].href == "https://auto.example/x"
    assert auto.text.split() == ["Autolink", "here."]


def test_markdown_directives():
    doc = read(MD, "markdown")
    assert [(d.action, d.rules) for d in doc.directives] == [("disable", ("PS301",)),
                                                             ("enable", ())]
    d = doc.directives[0]
    assert doc.source[d.start:d.end] == "<!-- plainspeak-disable PS301 -->"
    assert d.line == doc.line_col(d.start)[0]
    doc = read("Some text <!-- plainspeak-disable-line PS201 --> here.\n", "markdown")
    (d,) = doc.directives
    assert d.action == "disable-line" and d.line == 1


def test_markdown_invalid_front_matter():
    src = "---\ntitle: [unclosed\nlang: en\n---\n# Heading\n\nText.\n"
    doc = read(src, "markdown")
    assert [p.code for p in doc.problems] == ["PS904"]
    assert "front matter is not valid YAML" in doc.problems[0].message
    assert "line" in doc.problems[0].message
    assert kinds(doc) == [(HEADING, "Heading"), (PARAGRAPH, "Text.")]
    assert doc.front_matter == {}


def test_markdown_leading_rule_is_not_front_matter():
    doc = read("---\nJust a paragraph\n---\n\nMore text.\n", "markdown")
    assert not doc.problems
    assert (HEADING, "Just a paragraph") in kinds(doc)


def test_markdown_crlf_and_bom():
    src = "# Title\r\n\r\nLine one\r\nline two  \r\nthree\r\n\r\n- item\r\n"
    doc = load("x.md", codecs.BOM_UTF8 + src.encode("utf-8"))
    assert doc.source == src            # BOM dropped, CRLF kept
    assert kinds(doc) == [(HEADING, "Title"), (PARAGRAPH, "Line one\nline two\nthree"),
                          (LIST_ITEM, "item")]
    b = doc.blocks[1]
    for i, ch in enumerate(b.text):
        assert doc.source[b.smap.start(i)] == ch


def test_markdown_code_span_keeps_words_apart():
    doc = read("Take the`pill`now.\n", "markdown")
    assert doc.blocks[0].text == "Take the now."
    doc = read("Take `pill` now.\n", "markdown")
    assert doc.blocks[0].text.split() == ["Take", "now."]


def test_markdown_inline_html_and_br():
    doc = read('Call <a href="tel:1">the desk</a><br>\nor <img alt="a map &amp; key" src=m>'
               ' <code>skip me</code> write.\n', "markdown")
    b = doc.blocks[0]
    assert b.text.startswith("Call the desk\n\nor ")
    assert "skip me" not in b.text
    assert b.links[0].href == "tel:1" and b.text[b.links[0].start:b.links[0].end] == "the desk"
    alt = [x for x in doc.blocks if x.kind == ALT][0]
    assert alt.text == "a map & key"
    assert src_of(doc, alt) == "a map &amp; key"


def test_markdown_html_block_in_blockquote():
    doc = read("> <p>quoted\n> html</p>\n", "markdown")
    (b,) = doc.blocks
    assert b.text.split() == ["quoted", "html"]
    assert ">" not in b.text


# ---------------------------------------------------------------------------------- html

HTML = """<!DOCTYPE html>
<html lang="en-US">
<head>
  <meta charset="utf-8">
  <title>Flu shots &amp; you</title>
  <style>p { color: red }</style>
  <script>var x = "<p>not text</p>";</script>
</head>
<body>
  <!-- plainspeak-disable-next-line PS201 -->
  <h1>Get your <em>flu</em> shot</h1>
  <img src="nurse.jpg" alt='A nurse &quot;smiles&quot;'>
  <p>Shots are free.<br>Walk in any day &mdash; no appointment.
     Read <a href="/more">more about {{ vaccine_name }}</a>.</p>
  <ul><li>Wear a short sleeve<li>Bring your card</ul>
  <table><tr><th>Day<th>Hours</tr><tr><td>Mon</td><td>8&ndash;5</td></tr></table>
  <blockquote><p>Quoted advice.</p></blockquote>
  <p lang="es">Vacunas gratis.</p>
  <pre>preformatted code</pre>
  <p>Use <code>code</code> here.</p>
  <noscript>Enable JS</noscript>
  <div>Direct div text<p>nested para</p>tail text</div>
</body>
</html>
"""


def test_html_blocks():
    doc = read(HTML, "html")
    assert doc.format == "html"
    assert doc.language == "en" and doc.language_declared
    got = kinds(doc)
    assert got[0] == (TITLE, "Flu shots & you")
    assert got[1] == (HEADING, "Get your flu shot")
    assert doc.blocks[1].level == 1
    assert got[2] == (ALT, 'A nurse "smiles"')
    p = doc.blocks[3]
    assert p.kind == PARAGRAPH
    assert p.text.startswith("Shots are free.\nWalk in any day \u2014 no appointment.\n     Read more")
    assert (LIST_ITEM, "Wear a short sleeve") in got
    assert (LIST_ITEM, "Bring your card") in got
    assert [t for k, t in got if k == TABLE_CELL] == ["Day", "Hours", "Mon", "8\u20135"]
    assert (QUOTE, "Quoted advice.") in got
    es = [b for b in doc.blocks if b.text == "Vacunas gratis."][0]
    assert es.lang == "es"
    assert (PARAGRAPH, "Direct div text") in got
    assert (PARAGRAPH, "nested para") in got
    assert (PARAGRAPH, "tail text") in got
    alltext = " ".join(t for _, t in got)
    for gone in ("color", "not text", "preformatted", "Enable JS", "vaccine_name", "plainspeak"):
        assert gone not in alltext
    assert (PARAGRAPH, "Use  here.") in got


def test_html_positions_and_units():
    doc = read(HTML, "html")
    p = doc.blocks[3]
    i = p.text.index("\n")                    # the <br>
    assert src_of(doc, p, i, i + 1) == "<br>"
    i = p.text.index("\u2014")
    assert src_of(doc, p, i, i + 1) == "&mdash;"
    _, s = locate(doc, "no appointment")
    assert s == "no appointment"
    alt = doc.blocks[2]
    assert src_of(doc, alt) == "A nurse &quot;smiles&quot;"
    assert src_of(doc, doc.blocks[0]) == "Flu shots &amp; you"
    link = p.links[0]
    assert link.href == "/more"
    assert p.text[link.start:link.end].startswith("more about")


def test_html_directive():
    doc = read(HTML, "html")
    (d,) = doc.directives
    assert (d.action, d.rules, d.line) == ("disable-next-line", ("PS201",), 10)


@pytest.mark.parametrize("src", [
    "<p>one<p>two</div></span><li>three",
    "<div><p>unclosed <b>bold <i>both</div> after",
    "</p></p><p>stray</li></td>",
    "<table><td>cell<tr>row</table>",
    "<p>bad &entity; and & alone &#xZZ; &#99999999;</p>",
    "<!-- unclosed comment",
    "<![if !IE]><p>cond</p><![endif]>",
    "<p attr='unclosed>text</p>",
    "<scr<ipt>x</script>",
    "<p>\x0b\x0c odd</p><?php echo 1 ?>",
    "",
])
def test_html_malformed_does_not_crash(src):
    doc = read(src, "html")
    for b in doc.blocks:
        assert b.text.strip()


def test_html_malformed_texts():
    doc = read("<p>one<p>two</div></span><li>three", "html")
    assert [t for _, t in kinds(doc)] == ["one", "two", "three"]


def test_html_declared_charset():
    raw = b'<html><head><meta charset="windows-1252"></head><body><p>caf\xe9 \x93ok\x94</p>'
    doc = load("x.html", raw)
    assert doc.blocks[0].text == "caf\xe9 \u201cok\u201d"
    assert not doc.problems
    assert doc.encoding == "cp1252"


# ---------------------------------------------------------------------------------- json

CATALOG = r"""{
  "login": {
    "title": "Sign in to \"MyChart\"",
    "help": "Line one\nLine two caf\u00e9 \ud83d\ude00 end",
    "empty": ""
  },
  "count": 3,
  "items": ["First", "Hi {{name}}, you have {{count}} messages"],
  "ok": true
}
"""


def test_catalog_blocks():
    doc = read(CATALOG, "catalog-json", "locales/en/common.json")
    assert doc.format == "catalog-json"
    got = [(b.kind, b.attrs["key"], b.text) for b in doc.blocks]
    assert got[0] == (STRING, "login.title", 'Sign in to "MyChart"')
    assert got[1] == (STRING, "login.help", "Line one\nLine two caf\u00e9 \U0001F600 end")
    assert got[2] == (STRING, "items.0", "First")
    assert got[3][1] == "items.1" and "name" not in got[3][2] and "messages" in got[3][2]
    assert len(got) == 4


def test_catalog_positions():
    doc = read(CATALOG, "catalog-json")
    title, help_, _, fields = doc.blocks
    i = title.text.index('"')
    assert src_of(doc, title, i, i + 1) == '\\"'
    assert src_of(doc, title, i + 1, i + 8) == "MyChart"
    i = help_.text.index("\u00e9")
    assert src_of(doc, help_, i, i + 1) == "\\u00e9"
    i = help_.text.index("\U0001F600")
    assert src_of(doc, help_, i, i + 1) == "\\ud83d\\ude00"
    i = help_.text.index("end")
    assert src_of(doc, help_, i, i + 3) == "end"
    i = fields.text.index("messages")
    assert src_of(doc, fields, i, i + 8) == "messages"


def test_catalog_language_from_path():
    assert read("{}", "catalog-json", "portal/es.json").language == "es"
    assert read("{}", "catalog-json", "locales/fr/common.json").language == "fr"
    assert read("{}", "catalog-json", "messages.de.json").language == "de"
    doc = read("{}", "catalog-json", "strings.json")
    assert doc.language == "en" and not doc.language_declared


def test_catalog_invalid_json():
    doc = read('{\n  "a": "x",\n  "b": oops\n}\n', "catalog-json")
    assert doc.blocks == []
    (p,) = doc.problems
    assert p.code == "PS904" and "line 3, column 8" in p.message
    assert doc.line_col(p.offset) == (3, 8)


# ------------------------------------------------------------------------------ decoding

def test_decode_bom_and_utf16():
    text, enc, probs = decode(codecs.BOM_UTF8 + "héllo".encode(), "text")
    assert (text, probs) == ("héllo", [])
    text, enc, probs = decode(codecs.BOM_UTF16_LE + "héllo\r\n".encode("utf-16-le"), "text")
    assert text == "héllo\r\n" and enc == "utf-16"
    text, enc, probs = decode(codecs.BOM_UTF16_BE + "x".encode("utf-16-be"), "markdown")
    assert text == "x"


def test_decode_latin1_fallback():
    raw = "Caf\xe9 visit\n".encode("cp1252")
    text, enc, probs = decode(raw, "text")
    assert text == "Caf\xe9 visit\n"
    (p,) = probs
    assert p.code == "PS903"
    assert "byte 0xE9 at offset 3" in p.message and "Windows-1252" in p.message
    assert p.offset == 3
    doc = load("x.txt", raw)
    assert doc.blocks[0].text == "Caf\xe9 visit"
    assert [p.code for p in doc.problems] == ["PS903"]
    # bytes undefined in cp1252 fall back to Latin-1
    text, enc, probs = decode(b"a\x81b", "text")
    assert text == "a\x81b" and probs[0].code == "PS903"


def test_binary_detected():
    with pytest.raises(BinaryFile):
        load("x.md", b"PK\x03\x04\x00\x00binary")
    with pytest.raises(BinaryFile):
        decode(bytes(range(1, 32)) * 50, "text")
    text, _, _ = decode(b"tab\tand\x0cformfeed\n", "text")
    assert text == "tab\tand\x0cformfeed\n"


# ------------------------------------------------------------------------------- masking

@pytest.mark.parametrize("field", [
    "{{ name }}", "{{{raw}}}", "{% if insured %}", "{# note #}", "${date}", "%(name)s",
    "%(count)d", "%(amount)-8.2f", "«FirstName»", "[[Field]]",
])
def test_mask_fields(field):
    text = f"Hello {field} there"
    spans = mask_fields(text)
    assert spans == [(6, 6 + len(field))]
    masked = apply_mask(text, spans)
    assert masked == "Hello " + " " * len(field) + " there"


def test_mask_leaves_prose_alone():
    assert mask_fields("Take 50% of the dose « quoted » [link] {x} $5") == []
    spans = mask_fields("see https://a.org/x, www.b.org or me@c.org.", urls=True)
    text = "see https://a.org/x, www.b.org or me@c.org."
    assert [text[s:e] for s, e in spans] == ["https://a.org/x", "www.b.org", "me@c.org"]
    assert mask_fields("see https://a.org/x") == []


def test_masked_fields_are_not_words_in_every_reader():
    for fmt, src in (("text", "Hi {{ name }}, see you."),
                     ("markdown", "Hi {{ name }}, see you."),
                     ("html", "<p>Hi {{ name }}, see you.</p>"),
                     ("catalog-json", '{"a": "Hi {{ name }}, see you."}')):
        doc = read(src, fmt)
        (b,) = doc.blocks
        assert "name" not in b.text
        i = b.text.index("see")
        assert src_of(doc, b, i, i + 3) == "see"
        assert b.text.index("see") - b.text.index("Hi") == len("Hi {{ name }}, ")


# ---------------------------------------------------------------------------- directives

def test_parse_comment():
    d = parse_comment("<!-- plainspeak-disable PS201, long-sentence  PS301 -->", 3, 10, 60)
    assert (d.action, d.rules, d.line, d.start, d.end) == (
        "disable", ("PS201", "long-sentence", "PS301"), 3, 10, 60)
    assert parse_comment(" plainspeak-enable ", 1, 0, 5).rules == ()
    d = parse_comment("plainspeak-disable-next-line PS201 -- drug names are long", 1, 0, 1)
    assert (d.action, d.rules) == ("disable-next-line", ("PS201",))
    assert parse_comment("plainspeak-disable-file", 1, 0, 1).action == "disable-file"
    assert parse_comment("plainspeak-disable-line PS1", 1, 0, 1).action == "disable-line"
    assert parse_comment("a note about plainspeak-disable", 1, 0, 1) is None
    assert parse_comment("plainspeak-disabled", 1, 0, 1) is None


@pytest.mark.parametrize("line", [
    "plainspeak-disable PS201", "# plainspeak-disable PS201", "// plainspeak-disable PS201",
    "; plainspeak-disable PS201", "% plainspeak-disable PS201", "  #plainspeak-disable PS201",
    "<!-- plainspeak-disable PS201 -->",
])
def test_parse_text_line(line):
    d = parse_text_line(line, 4, 0, len(line))
    assert (d.action, d.rules, d.line) == ("disable", ("PS201",), 4)


def test_parse_text_line_rejects_prose():
    assert parse_text_line("Please do not plainspeak-disable this", 1, 0, 1) is None
    assert parse_text_line("Ordinary line", 1, 0, 1) is None
