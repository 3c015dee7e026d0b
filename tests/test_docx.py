"""The Word (.docx) reader: real files written by python-docx (plus hand-written XML for what
python-docx has no API for: fields, tracked changes, text boxes), linted by the real linter.

Positions: Document.source is one line per paragraph, so a finding's line is the paragraph
number and ``lines[line - 1][column - 1:end_column - 1] == match``.
"""
from __future__ import annotations

import io
import json
import os
import random
import socket
import zipfile

import pytest

docx = pytest.importorskip("docx",
                           reason="python-docx is a test dependency (pip install -e '.[test]')")
from docx.oxml import parse_xml  # noqa: E402

from plainspeak import readers  # noqa: E402
from plainspeak.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, TITLE  # noqa: E402
from plainspeak.readers import BINARY_FORMATS, format_for, load, source_text  # noqa: E402
from plainspeak.readers import docx as docx_reader  # noqa: E402

from lintkit import linter  # noqa: E402
from plainspeak.cli import main  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (f'xmlns:w="{W_NS}" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
LONG = ("Your physician has determined that supplementary immunization is indicated because "
        "your previous vaccination documentation could not be located in the electronic "
        "medical record system that the organization uses for its records.")


# ------------------------------------------------------------------------------- helpers

def run(args, cwd, input=None):
    from click.testing import CliRunner
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, args, input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


def xml(fragment: str):
    """One element from an XML fragment written with w:, mc:, wp:, a:, wps: and v: prefixes."""
    tag_end = fragment.index(">")
    if fragment[tag_end - 1] == "/":
        tag_end -= 1
    name_end = min(i for i in (fragment.find(" "), tag_end) if i > 0)
    return parse_xml(fragment[:name_end] + " " + NSDECL + fragment[name_end:])


def run_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def append(paragraph, *fragments: str) -> None:
    for f in fragments:
        paragraph._p.append(xml(f))


def complex_field(instr: str, result: str) -> list[str]:
    return ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            run_xml(result),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>']


def save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def lint_docx(raw: bytes, select=None, path: str = "letter.docx"):
    return linter(select=select).lint_bytes(path, raw)


def lines_of(raw: bytes) -> list[str]:
    return load("letter.docx", raw).source.split("\n")


def assert_round_trip(res, raw: bytes) -> None:
    """Every finding's match is the real text of its paragraph at its line and column."""
    lines = lines_of(raw)
    assert res.findings
    for f in res.findings:
        if f.scope == "file":
            continue
        assert f.end_line == f.line, f
        assert lines[f.line - 1][f.column - 1:f.end_column - 1] == f.match, f


def col(paragraph: str, word: str) -> int:
    """1-based column of ``word`` in the paragraph text python-docx wrote."""
    return paragraph.index(word) + 1


def find(res, code: str, match: str | None = None):
    out = [f for f in res.findings if f.code == code and (match is None or f.match == match)]
    assert out, [(f.code, f.match) for f in res.findings]
    return out


def make_letter() -> bytes:
    """Title, headings, body, lists, a table, a header and a footer."""
    d = docx.Document()
    d.add_heading("Your visit letter", 0)                                       # ¶1 title
    d.add_heading("Before your visit", 1)                                       # ¶2
    d.add_paragraph("Please bring your medicines.")                             # ¶3
    d.add_paragraph("Your insurance card", style="List Bullet")                 # ¶4
    d.add_paragraph("A list of questions about hypertension", style="List Number")  # ¶5
    d.add_heading("After your visit", 2)                                        # ¶6
    d.add_paragraph(LONG)                                                       # ¶7
    t = d.add_table(rows=2, cols=2)                                             # ¶8-¶11
    t.cell(0, 0).text = "Day"
    t.cell(0, 1).text = "Time"
    t.cell(1, 0).text = "Monday"
    t.cell(1, 1).text = "Take the tablet for hypertension."
    d.add_paragraph("")                                                         # ¶12 empty
    d.add_paragraph("Call us if you feel worse.")                               # ¶13
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "Riverside Clinic: hypertension service"   # ¶14 header
    sec.footer.paragraphs[0].text = "Questions? Ask your physician."           # ¶15 footer
    return save(d)


# ------------------------------------------------------------------------------- registration

def test_docx_is_a_binary_format_read_by_extension():
    assert format_for("letter.docx") == "docx"
    assert format_for("a/B/LETTER.DOCX") == "docx"
    assert "docx" in BINARY_FORMATS
    assert readers.FORMATS["docx"] == "docx"
    assert format_for("letter.docm") is None           # macro-enabled: never read
    assert format_for("letter.doc") is None
    assert format_for("~$tter.docx") is None            # Word's lock file beside an open file


def test_load_reads_bytes_without_decoding_and_source_text_matches():
    raw = make_letter()
    doc = load("letter.docx", raw)
    assert doc.format == "docx" and not doc.problems
    assert source_text("letter.docx", raw) == doc.source
    assert "\r" not in doc.source
    # engine.lint_bytes does not call decode() (which would say "binary file", PS902)
    res = lint_docx(raw)
    assert not [f for f in res.findings if f.code == "PS902"]


# ------------------------------------------------------------------------------- structure

def test_paragraph_order_kinds_and_parts():
    doc = load("letter.docx", make_letter())
    lines = doc.source.split("\n")
    assert lines == [
        "Your visit letter", "Before your visit", "Please bring your medicines.",
        "Your insurance card", "A list of questions about hypertension", "After your visit",
        LONG, "Day", "Time", "Monday", "Take the tablet for hypertension.", "",
        "Call us if you feel worse.", "Riverside Clinic: hypertension service",
        "Questions? Ask your physician."]
    got = [(b.kind, b.level, b.text, b.attrs["part"]) for b in doc.blocks]
    assert got == [
        (TITLE, 0, "Your visit letter", "body"),
        (HEADING, 1, "Before your visit", "body"),
        (PARAGRAPH, 0, "Please bring your medicines.", "body"),
        (LIST_ITEM, 0, "Your insurance card", "body"),
        (LIST_ITEM, 0, "A list of questions about hypertension", "body"),
        (HEADING, 2, "After your visit", "body"),
        (PARAGRAPH, 0, LONG, "body"),
        (TABLE_CELL, 0, "Day", "body"), (TABLE_CELL, 0, "Time", "body"),
        (TABLE_CELL, 0, "Monday", "body"),
        (TABLE_CELL, 0, "Take the tablet for hypertension.", "body"),
        (PARAGRAPH, 0, "Call us if you feel worse.", "body"),
        (PARAGRAPH, 0, "Riverside Clinic: hypertension service", "header"),
        (PARAGRAPH, 0, "Questions? Ask your physician.", "footer"),
    ]
    # every block maps 1:1 onto its own line
    for b in doc.blocks:
        s, e = b.source_span()
        assert doc.source[s:e] == b.text
        line, col = doc.line_col(s)
        assert lines[line - 1].startswith(b.text) and col == 1
    assert doc.language == "en" and doc.language_declared


def test_sections_per_heading_for_readability():
    res = lint_docx(make_letter(), select=["PS1", "PS2"])
    titles = [s.get("title") for s in res.stats["sections"]]
    assert "Before your visit" in titles and "After your visit" in titles


def test_custom_heading_styles_outline_levels_and_numbering():
    d = docx.Document()
    d.add_paragraph("Level three", style="Heading 3")                           # ¶1
    p = d.add_paragraph("Outline level two")                                    # ¶2
    p._p.get_or_add_pPr().append(xml('<w:outlineLvl w:val="1"/>'))
    p = d.add_paragraph("Numbering removed", style="List Bullet")               # ¶3
    p._p.get_or_add_pPr().append(xml('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    p = d.add_paragraph("Numbered directly")                                    # ¶4
    p._p.get_or_add_pPr().append(xml('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>'))
    d.add_paragraph("Quote text", style="Quote")                                # ¶5
    # a custom style based on Heading 1 is a level-1 heading (inherited outline level)
    from docx.enum.style import WD_STYLE_TYPE
    st = d.styles.add_style("Letter Heading", WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = d.styles["Heading 1"]
    d.add_paragraph("Custom heading", style="Letter Heading")                   # ¶6
    doc = load("x.docx", save(d))
    assert [(b.kind, b.level) for b in doc.blocks] == [
        (HEADING, 3), (HEADING, 2), (PARAGRAPH, 0), (LIST_ITEM, 0), (PARAGRAPH, 0),
        (HEADING, 1)]


def test_document_language_from_style_defaults():
    d = docx.Document()
    lang = d.styles.element.find(f".//{{{W_NS}}}docDefaults//{{{W_NS}}}lang")
    lang.set(f"{{{W_NS}}}val", "es-US")
    d.add_paragraph("Llame a la clínica si tiene fiebre.")
    doc = load("carta.docx", save(d))
    assert doc.language == "es" and doc.language_declared


# ------------------------------------------------------------------------------- positions

def test_long_sentence_and_jargon_positions_round_trip():
    raw = make_letter()
    res = lint_docx(raw, select=["PS201", "PS301"])
    long_ = find(res, "PS201")[0]
    assert (long_.line, long_.column) == (7, 1) and long_.match == LONG
    assert long_.end_column == len(LONG) + 1
    jargon = find(res, "PS301", "hypertension")
    assert [(f.line, f.column) for f in jargon] == [          # list item, table cell, header
        (5, col("A list of questions about hypertension", "hypertension")),
        (11, col("Take the tablet for hypertension.", "hypertension")),
        (14, col("Riverside Clinic: hypertension service", "hypertension"))]
    assert [f.column for f in jargon] == [27, 21, 19]
    physician = find(res, "PS301", "physician")
    assert [(f.line, f.column) for f in physician] == [                 # body, footer
        (7, col(LONG, "physician")), (15, col("Questions? Ask your physician.", "physician"))]
    assert_round_trip(res, raw)


def test_tabs_and_breaks_stay_on_the_paragraphs_line():
    d = docx.Document()
    d.add_paragraph("First paragraph.")
    p = d.add_paragraph()
    r = p.add_run("Name:")
    r.add_tab()
    r.add_text("Jo")
    r.add_break()                                     # a line break inside the paragraph
    p.add_run("Your hypertension check is due.")
    append(p, "<w:r><w:cr/><w:t>Ask about hypertension.</w:t></w:r>")
    raw = save(d)
    lines = lines_of(raw)
    assert lines == ["First paragraph.",
                     "Name:\tJo Your hypertension check is due. Ask about hypertension."]
    res = lint_docx(raw, select=["PS301"])
    assert [(f.line, f.column) for f in res.findings] == [
        (2, col(lines[1], "hypertension")), (2, lines[1].rindex("hypertension") + 1)]
    assert [f.column for f in res.findings] == [15, 52]
    assert_round_trip(res, raw)


def test_runs_split_a_word_and_a_soft_hyphen_still_match():
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Your hyper")
    p.add_run("tension").bold = True
    append(p, "<w:r><w:t xml:space=\"preserve\"> and hyper</w:t><w:softHyphen/>"
              "<w:t>tension.</w:t></w:r>")
    raw = save(d)
    assert lines_of(raw) == ["Your hypertension and hypertension."]
    res = lint_docx(raw, select=["PS301"])
    assert [(f.column, f.match) for f in res.findings] == [(6, "hypertension"),
                                                          (23, "hypertension")]


# ------------------------------------------------------------------------------- fields

def test_merge_fields_are_masked_and_never_flagged():
    d = docx.Document()
    p = d.add_paragraph("Dear ")                                                # ¶1
    # a simple field whose (previewed) result is a real word that would be flagged
    append(p, '<w:fldSimple w:instr=" MERGEFIELD Diagnosis \\* MERGEFORMAT ">'
              + run_xml("hypertension") + "</w:fldSimple>",
           run_xml(", your "))
    for f in complex_field(" MERGEFIELD  Condition ", "physician"):
        append(p, f)
    append(p, run_xml(" letter about "))
    for f in complex_field(" MERGEFIELD Reason ", "«Utilize»"):
        append(p, f)
    append(p, run_xml("."))
    d.add_paragraph("Typed fields: «Hypertension» and «Physician».")            # ¶2
    p = d.add_paragraph("We will ")                                             # ¶3
    for f in complex_field(' GREETINGLINE \\f "&lt;&lt;Dear &gt;&gt;" ', "utilize"):
        append(p, f)
    raw = save(d)
    doc = load("letter.docx", raw)
    lines = doc.source.split("\n")
    # the source is what Word shows: the results, not the field codes
    assert lines[0] == "Dear hypertension, your physician letter about «Utilize»."
    assert "MERGEFIELD" not in doc.source and "GREETINGLINE" not in doc.source
    b = doc.blocks[0]
    assert b.text == "Dear " + " " * 12 + ", your " + " " * 9 + " letter about " + " " * 9 + "."
    res = lint_docx(raw, select=["PS3"])
    assert [f for f in res.findings if f.code in ("PS301", "PS302")] == [], \
        [(f.code, f.match) for f in res.findings]


def test_other_field_results_are_linted_and_field_codes_are_not():
    d = docx.Document()
    p = d.add_paragraph("Clinic: ")
    for f in complex_field(' DOCPROPERTY "Company" ', "hypertension unit"):
        append(p, f)
    p = d.add_paragraph("See ")
    # the instruction text holds a jargon word; only the result is shown and linted
    for f in complex_field(' HYPERLINK "https://example.org/physician" \\o "physician" ',
                           "our website"):
        append(p, f)
    append(p, run_xml("."))
    # a nested field inside an IF instruction is not shown either
    p = d.add_paragraph("Hello ")
    append(p, '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
           '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>',
           *complex_field(" MERGEFIELD Title ", "physician"),
           '<w:r><w:instrText xml:space="preserve"> = "Dr" "doctor" "friend" </w:instrText></w:r>',
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
           run_xml("friend"),
           '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    raw = save(d)
    assert lines_of(raw) == ["Clinic: hypertension unit", "See our website.", "Hello friend"]
    res = lint_docx(raw, select=["PS301"])
    assert [(f.line, f.column, f.match) for f in res.findings] == [(1, 9, "hypertension")]


def test_fields_spanning_paragraphs_and_table_of_contents():
    d = docx.Document()
    p = d.add_paragraph()
    append(p, '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
           '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>',
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run_xml("Hypertension\t1"))
    p = d.add_paragraph()
    append(p, run_xml("Physician visits\t2"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    d.add_heading("Hypertension", 1)
    d.add_paragraph("Ask your physician.")
    raw = save(d)
    doc = load("x.docx", raw)
    assert doc.source.split("\n")[:2] == ["Hypertension\t1", "Physician visits\t2"]
    assert [b.text for b in doc.blocks] == ["Hypertension", "Ask your physician."]
    res = lint_docx(raw, select=["PS301"])
    assert sorted((f.line, f.match) for f in res.findings) == [(3, "Hypertension"),
                                                                (4, "physician")]


# ------------------------------------------------------------------------------- changes

def test_tracked_insertions_are_linted_and_deletions_are_not():
    d = docx.Document()
    p = d.add_paragraph("Your ")
    append(p,
           '<w:del w:id="1" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:r>'
           '<w:delText xml:space="preserve">physician says your utilize </w:delText></w:r></w:del>',
           '<w:ins w:id="2" w:author="Ann" w:date="2026-01-01T00:00:00Z">'
           + run_xml("hypertension") + "</w:ins>",
           run_xml(" is under control."),
           '<w:moveFrom w:id="3" w:author="Ann" w:date="2026-01-01T00:00:00Z">'
           + run_xml(" Utilize the portal.") + "</w:moveFrom>")
    p2 = d.add_paragraph("Second paragraph.")
    append(p2, '<w:r><w:rPr><w:vanish/></w:rPr><w:t>Hidden physician note.</w:t></w:r>')
    raw = save(d)
    assert lines_of(raw) == ["Your hypertension is under control.", "Second paragraph."]
    res = lint_docx(raw, select=["PS3"])
    assert [(f.code, f.line, f.column, f.match) for f in res.findings] == [
        ("PS301", 1, 6, "hypertension")]


def test_comments_are_not_linted():
    d = docx.Document()
    p = d.add_paragraph("Take one tablet each morning.")
    d.add_comment(p.runs[0], text="Should we say hypertension? Utilize plain words.",
                  author="Reviewer", initials="R")
    raw = save(d)
    assert "word/comments.xml" in zipfile.ZipFile(io.BytesIO(raw)).namelist()
    doc = load("letter.docx", raw)
    assert doc.source == "Take one tablet each morning."
    res = lint_docx(raw)
    assert not [f for f in res.findings if f.code.startswith("PS3")]


# ------------------------------------------------------------------------------- text boxes

TEXTBOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
    'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="2000000" cy="500000"/><wp:wrapSquare wrapText="bothSides"/>'
    '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    '<wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>{first}</w:t></w:r></w:p><w:p><w:r><w:t>{second}</w:t></w:r></w:p>'
    '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
    '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape type="#_x0000_t202">'
    '<v:textbox><w:txbxContent><w:p><w:r><w:t>{first}</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>{second}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r>')


def test_text_box_paragraphs_follow_their_anchor_once():
    d = docx.Document()
    d.add_paragraph("Welcome to the clinic.")                                   # ¶1
    p = d.add_paragraph("See the box. ")                                        # ¶2 anchor
    append(p, TEXTBOX.format(first="Important", second="Tell us about your hypertension."),
           run_xml("After the box."))
    d.add_paragraph("Ask your physician.")                                      # ¶5
    raw = save(d)
    doc = load("letter.docx", raw)
    assert doc.source.split("\n") == [
        "Welcome to the clinic.", "See the box. After the box.", "Important",
        "Tell us about your hypertension.", "Ask your physician."]
    assert [b.attrs["part"] for b in doc.blocks] == ["body", "body", "textbox", "textbox", "body"]
    res = lint_docx(raw, select=["PS301"])
    assert [(f.line, f.column, f.match) for f in res.findings] == [
        (4, 20, "hypertension"), (5, 10, "physician")]
    assert_round_trip(res, raw)


# ------------------------------------------------------------------------------- footnotes

def test_footnotes_come_after_footers():
    d = docx.Document()
    d.add_paragraph("Body text.")
    d.sections[0].footer.paragraphs[0].text = "Footer."
    raw = save(d)
    # add a footnotes part by hand (python-docx has no API for it)
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>"))
            z.writestr(info, data)
        z.writestr("word/footnotes.xml", (
            f'<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> Ask about hypertension.</w:t></w:r></w:p>'
            '</w:footnote></w:footnotes>'))
    doc = load("x.docx", out.getvalue())
    assert doc.source.split("\n") == ["Body text.", "Footer.", " Ask about hypertension."]
    assert doc.blocks[-1].attrs["part"] == "footnote"


# ------------------------------------------------------------------------------- command line

def test_cli_text_shows_paragraph_positions_and_json_has_location(tmp_path):
    (tmp_path / "letter.docx").write_bytes(make_letter())
    r = run(["check", "letter.docx", "--select", "PS201,PS301"], cwd=tmp_path)
    assert r.exit_code == 1, r.output
    assert "letter.docx:\u00b67:1" in r.output           # PS201 on paragraph 7
    assert "letter.docx:\u00b65:27" in r.output          # PS301 in the numbered list item
    assert "    \u00b65 | A list of questions about hypertension" in r.output   # quoted paragraph
    assert "Traceback" not in r.output
    r = run(["check", "letter.docx", "--select", "PS301", "--format", "json"], cwd=tmp_path)
    data = json.loads(r.output)
    f = data["findings"][0]
    assert (f["line"], f["column"], f["match"]) == (5, 27, "hypertension")
    assert f["location"] == "paragraph 5, character 27"


def test_cli_stdin_with_a_docx_name(tmp_path):
    r = run(["check", "-", "--stdin-filename", "letter.docx", "--select", "PS301"],
            cwd=tmp_path, input=make_letter())
    assert r.exit_code == 0 and "letter.docx:\u00b65:27" in r.output, r.output   # warnings


def test_cli_fix_leaves_docx_untouched_and_says_so(tmp_path):
    d = docx.Document()
    d.add_paragraph("We utilize your results.")
    raw = save(d)
    p = tmp_path / "letter.docx"
    p.write_bytes(raw)
    r = run(["check", "--fix", "letter.docx", "--select", "PS302"], cwd=tmp_path)
    assert r.exit_code in (0, 1), r.output
    assert "letter.docx: not fixed: --fix does not edit .docx files" in r.output
    assert "Traceback" not in r.output
    assert p.read_bytes() == raw
    r = run(["check", "--fix", "--dry-run", "letter.docx", "--select", "PS302"], cwd=tmp_path)
    assert "not fixed" in r.output and p.read_bytes() == raw


def test_directory_walk_picks_up_docx_but_not_lock_files(tmp_path):
    (tmp_path / "letter.docx").write_bytes(make_letter())
    (tmp_path / "~$tter.docx").write_bytes(b"\x05Owner" + b"\x00" * 150)   # Word's lock file
    (tmp_path / "macro.docm").write_bytes(make_letter())
    r = run(["check", ".", "--select", "PS301", "--format", "json"], cwd=tmp_path)
    paths = {f["path"] for f in json.loads(r.output)["findings"]}
    assert paths == {"letter.docx"}


# ------------------------------------------------------------------------------- bad input

def _zip(parts: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _replace_part(raw: bytes, name: str, data: bytes | None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename == name:
                if data is not None:
                    z.writestr(info, data)
            else:
                z.writestr(info, src.read(info))
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A 200 KB zip whose word/document.xml is 200 MB of spaces (streamed, never in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(200):
                fh.write(chunk)
    return buf.getvalue()


def _doctype_docx() -> bytes:
    raw = save(docx.Document())
    body = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
            '</w:body></w:document>').encode()
    return _replace_part(raw, "word/document.xml", body)


BAD_FILES = {
    "random.docx": (b"\x89junk" + random.Random(7).randbytes(4096), "not a Word .docx file"),
    "empty.docx": (b"", "empty"),
    "no-document.docx": (_zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}),
                         "no word/document.xml"),
    "truncated.docx": (None, "damaged or truncated"),
    "encrypted.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088,
                       "encrypted or password-protected"),
    "doctype.docx": (None, "DOCTYPE"),
    "malformed.docx": (None, "not well-formed XML"),
    "workbook.docx": (_zip({"xl/workbook.xml": "<workbook/>"}), "an Excel workbook"),
}


def _bad(name: str, zip_bomb: bytes) -> bytes:
    if name == "zip-bomb.docx":
        return zip_bomb
    raw, _ = BAD_FILES[name]
    if name == "truncated.docx":
        full = make_letter()
        return full[: len(full) // 2]
    if name == "doctype.docx":
        return _doctype_docx()
    if name == "malformed.docx":
        return _replace_part(make_letter(), "word/document.xml",
                             b'<w:document xmlns:w="x"><w:body><w:p></w:body>')
    return raw


@pytest.mark.parametrize("name", sorted(BAD_FILES) + ["zip-bomb.docx"])
def test_bad_files_are_one_ps904_finding(name, zip_bomb):
    raw = _bad(name, zip_bomb)
    res = lint_docx(raw, path=name)
    assert [f.code for f in res.findings] == ["PS904"], [(f.code, f.message) for f in res.findings]
    f = res.findings[0]
    expected = "zip bomb" if name == "zip-bomb.docx" else BAD_FILES[name][1]
    assert expected in f.message, f.message
    assert str(f.severity) == "error" and (f.line, f.column) == (1, 1)


def test_bad_files_in_a_run_do_not_stop_it(tmp_path, zip_bomb):
    for name in list(BAD_FILES) + ["zip-bomb.docx"]:
        (tmp_path / name).write_bytes(_bad(name, zip_bomb))
    (tmp_path / "good.docx").write_bytes(make_letter())
    (tmp_path / "good.txt").write_text(LONG + "\n", encoding="utf-8")
    r = run(["check", ".", "--format", "json"], cwd=tmp_path)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    by_path: dict[str, list[str]] = {}
    for f in json.loads(r.output)["findings"]:
        by_path.setdefault(f["path"], []).append(f["code"])
    for name in list(BAD_FILES) + ["zip-bomb.docx"]:
        assert by_path[name] == ["PS904"], (name, by_path.get(name))
    assert "PS201" in by_path["good.docx"] and "PS201" in by_path["good.txt"]
    # the text report too, with the reason
    r = run(["check", "encrypted.docx", "doctype.docx"], cwd=tmp_path)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "encrypted or password-protected" in r.output and "DOCTYPE" in r.output


def test_old_binary_doc_renamed_docx_is_named_as_such():
    raw = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
           + "WordDocument".encode("utf-16-le") + b"\x00" * 500)
    doc = load("old.docx", raw)
    assert [p.code for p in doc.problems] == ["PS904"]
    assert "Word 97-2003 (.doc)" in doc.problems[0].message


def test_compression_ratio_limit_applies_to_every_part():
    # a 2 MB styles part of spaces: far over 100:1, refused before it is read
    raw = _replace_part(make_letter(), "word/styles.xml", b" " * (2 << 20))
    doc = load("x.docx", raw)
    assert [p.code for p in doc.problems] == ["PS904"]
    assert "word/styles.xml" in doc.problems[0].message and "zip bomb" in doc.problems[0].message
    assert doc.blocks == [] and doc.source == ""


def test_total_size_limit(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_TOTAL_SIZE", 20_000)
    doc = load("x.docx", make_letter())          # styles.xml alone is ~350 KB uncompressed
    assert [p.code for p in doc.problems] == ["PS904"]
    assert "larger than" in doc.problems[0].message


def test_a_zip_entry_that_lies_about_its_size_is_refused():
    raw = bytearray(make_letter())
    # shrink word/document.xml's uncompressed size in the central directory
    name = b"word/document.xml"
    i = raw.find(b"PK\x01\x02")
    while i != -1:
        n = int.from_bytes(raw[i + 28:i + 30], "little")
        if raw[i + 46:i + 46 + n] == name:
            raw[i + 24:i + 28] = (40).to_bytes(4, "little")
            break
        i = raw.find(b"PK\x01\x02", i + 4)
    doc = load("x.docx", bytes(raw))
    assert [p.code for p in doc.problems] == ["PS904"], doc.problems
    assert "damaged" in doc.problems[0].message or "larger than" in doc.problems[0].message


def test_deep_nesting_is_refused():
    raw = _replace_part(make_letter(), "word/document.xml", (
        f'<w:document xmlns:w="{W_NS}"><w:body>' + "<w:sdt><w:sdtContent>" * 300
        + "</w:sdtContent></w:sdt>" * 300 + "</w:body></w:document>").encode())
    doc = load("x.docx", raw)
    assert [p.code for p in doc.problems] == ["PS904"] and "deep" in doc.problems[0].message


def test_malformed_header_is_reported_and_the_body_still_linted():
    raw = _replace_part(make_letter(), "word/header1.xml", b"<w:hdr><w:p>")
    doc = load("x.docx", raw)
    assert [p.code for p in doc.problems] == ["PS904"]
    assert "word/header1.xml" in doc.problems[0].message
    assert "not well-formed" in doc.problems[0].message
    assert doc.blocks[0].text == "Your visit letter"
    assert "Riverside Clinic" not in doc.source and "Ask your physician" in doc.source


def test_external_and_escaping_relationships_are_never_followed(monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("the reader must not open a network connection")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    raw = make_letter()
    rels = zipfile.ZipFile(io.BytesIO(raw)).read("word/_rels/document.xml.rels").decode()
    hdr = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
    # the header reference now points at an external URL, a path outside the package and a
    # file URL; none is opened, the body is read as before
    rels = rels.replace('Target="header1.xml"',
                        'Target="http://example.invalid/header1.xml" TargetMode="External"')
    rels = rels.replace("</Relationships>", (
        f'<Relationship Id="rIdX1" Type="{hdr}" Target="../../../etc/passwd"/>'
        f'<Relationship Id="rIdX2" Type="{hdr}" Target="file:///etc/passwd"/>'
        "</Relationships>"))
    raw = _replace_part(raw, "word/_rels/document.xml.rels", rels.encode())
    doc_xml = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    i = doc_xml.index(">", doc_xml.index("<w:sectPr")) + 1
    doc_xml = (doc_xml[:i] + '<w:headerReference w:type="first" r:id="rIdX1"/>'
               '<w:headerReference w:type="even" r:id="rIdX2"/>' + doc_xml[i:])
    raw = _replace_part(raw, "word/document.xml", doc_xml.encode())
    doc = load("x.docx", raw)
    assert not doc.problems
    assert "Riverside Clinic" not in doc.source            # the header was external: not read
    assert "Questions? Ask your physician." in doc.source   # the footer still is
    assert docx_reader._resolve("word", "../../../etc/passwd") is None
    assert docx_reader._resolve("word", "file:///etc/passwd") is None
    assert docx_reader._resolve("word", "/word/header1.xml") == "word/header1.xml"
    assert docx_reader._resolve("word", "media/../header2.xml") == "word/header2.xml"


def test_macro_enabled_word_files_are_not_registered(tmp_path):
    (tmp_path / "a.docm").write_bytes(make_letter())
    assert format_for(str(tmp_path / "a.docm")) is None
    assert "docm" not in readers.FORMATS and ".docm" not in readers.EXTENSIONS


def test_strict_ooxml_namespaces_are_read():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    raw = _zip({
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>Ask about '
            "hypertension.</w:t></w:r></w:p></w:body></w:document>"),
    })
    doc = load("strict.docx", raw)
    assert not doc.problems and [b.text for b in doc.blocks] == ["Ask about hypertension."]


def test_results_cache_and_lint_path(tmp_path):
    p = tmp_path / "letter.docx"
    p.write_bytes(make_letter())
    res = linter(select=["PS301"]).lint_path(str(p))
    assert [(f.line, f.column) for f in res.findings][:1] == [(5, 27)]
    assert all(f.path == str(p) for f in res.findings)



# ------------------------------------------------------------------------------- --diff

def _git(repo, *args):
    import subprocess
    cp = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert cp.returncode == 0, cp.stderr
    return cp.stdout


def test_diff_keeps_every_finding_of_a_changed_word_file(tmp_path):
    """git cannot diff a .docx by line: a staged or changed Word file counts as changed as a
    whole (its findings are kept), an unchanged one gives nothing."""
    repo = tmp_path
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    (repo / "letter.docx").write_bytes(make_letter())
    (repo / "old.docx").write_bytes(make_letter())
    _git(repo, "add", "old.docx")
    _git(repo, "commit", "-qm", "old")
    _git(repo, "add", "letter.docx")
    res = run(["check", "letter.docx", "old.docx", "--diff", "--no-cache", "--select", "PS301",
               "--format", "json"], repo)
    paths = {f["path"] for f in json.loads(res.output)["findings"]}
    assert paths == {"letter.docx"}
    _git(repo, "commit", "-qm", "letter")
    res = run(["check", ".", "--diff", "HEAD~1", "--no-cache", "--select", "PS301",
               "--format", "json"], repo)
    paths = {f["path"] for f in json.loads(res.output)["findings"]}
    assert paths == {"letter.docx"}


def test_word_files_are_letters_by_default(tmp_path):
    res = lint_docx(make_letter())
    assert res.info["profile"] == "letter"


# ------------------------------------------------------------------- language access in Word

def test_language_assistance_notice_and_translations_apply_to_word_letters(tmp_path):
    """Letters are written in Word: the tagline notice (PS640) and document translations
    (PS620) apply to .docx letters as to text ones."""
    (tmp_path / "letters" / "en").mkdir(parents=True)
    (tmp_path / "letters" / "es").mkdir(parents=True)
    (tmp_path / "letters" / "en" / "visit.docx").write_bytes(make_letter())
    (tmp_path / "letters" / "en" / "results.docx").write_bytes(make_letter())
    (tmp_path / "letters" / "es" / "results.docx").write_bytes(make_letter())
    res = run(["check", ".", "--no-cache", "--select", "PS620,PS640", "--format", "json"],
              tmp_path)
    got = {(f["code"], f["path"]) for f in json.loads(res.output)["findings"]}
    assert ("PS620", "letters/en/visit.docx") in got
    assert ("PS620", "letters/en/results.docx") not in got
    assert ("PS640", "letters/en/visit.docx") in got


def test_friendly_output_quotes_the_sentence_of_its_own_paragraph(tmp_path):
    (tmp_path / "letter.docx").write_bytes(make_letter())
    r = run(["check", "letter.docx", "--select", "PS301", "--by-section", "--no-cache"],
            cwd=tmp_path)
    out = r.output
    assert "Section \u201cBefore your visit\u201d (\u00b62)" in out
    assert "  \u00b65:27  warning  PS301" in out
    assert "      A list of questions about hypertension\n" in out     # not the paragraph before


# ------------------------------------------------------------- accessibility of Word files

def _png() -> bytes:
    """A valid 1x1 PNG, built here."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


_PNG = _png()


def _a11y_letter() -> bytes:
    d = docx.Document()
    d.add_heading("Your visit", 1)                                   # ¶1
    d.add_heading("Parking", 3)                                      # ¶2 skips Heading 2
    d.add_heading("", 2)                                             # ¶3 empty heading
    p = d.add_paragraph()                                            # ¶4 bold paragraph
    p.add_run("What to bring").bold = True
    d.add_paragraph("Bring your insurance card and your medicines.")  # ¶5
    d.add_picture(io.BytesIO(_PNG))                                  # ¶6 picture, no alt text
    t = d.add_table(rows=2, cols=2)                                  # ¶7-¶10 no header row
    t.cell(0, 0).text = "Monday"
    t.cell(0, 1).text = "9 am"
    t.cell(1, 0).text = "Tuesday"
    t.cell(1, 1).text = "10 am"
    d.add_heading("Details", 2)                                      # ¶11 vague heading
    d.add_paragraph("Call us with questions.")                       # ¶12
    return save(d)


def test_word_headings_pictures_tables_and_bold_paragraphs():
    res = lint_docx(_a11y_letter(), select=["PS7"])
    got = sorted((f.code, f.line) for f in res.findings)
    assert got == [("PS701", 6), ("PS721", 2), ("PS723", 3), ("PS724", 11), ("PS726", 4),
                   ("PS733", 7)]
    msgs = {f.code: f.message for f in res.findings}
    assert "Heading 3" in msgs["PS721"] and "Heading 1" in msgs["PS721"]
    assert "View Alt Text" in msgs["PS701"]
    assert "Repeat as header row" in msgs["PS733"]
    assert "Heading 2 style" in msgs["PS726"]


def test_word_picture_with_alt_text_or_decorative_and_header_row_pass():
    d = docx.Document()
    d.add_heading("Your visit", 1)
    d.add_picture(io.BytesIO(_PNG))
    d.add_picture(io.BytesIO(_PNG))
    pics = d.element.body.findall(".//" + "{http://schemas.openxmlformats.org/drawingml/2006/"
                                  "wordprocessingDrawing}docPr")
    pics[0].set("descr", "Map of the Oak Street entrance")
    ext = parse_xml('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                    '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/'
                    '2017/decorative" val="1"/></a:ext></a:extLst>')
    pics[1].append(ext)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Day"
    t.cell(0, 1).text = "Time"
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(parse_xml('<w:tblHeader xmlns:w="http://schemas.openxmlformats.org/'
                          'wordprocessingml/2006/main"/>'))
    res = lint_docx(save(d), select=["PS7"])
    assert [(f.code, f.line) for f in res.findings] == []
