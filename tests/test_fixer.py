"""``plainspeak check --fix``: plainspeak.fixer on real files, through the engine and the CLI."""
from __future__ import annotations

import codecs
import os
import random
import stat

import pytest
from click.testing import CliRunner

from lintkit import linter
from plainspeak import fixer
from plainspeak.cli import main
from plainspeak.engine import FileResult
from plainspeak.finding import Finding, Fix, Severity
from plainspeak.readers import decode


# ------------------------------------------------------------------------------ helpers

def run(args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["check", "--no-cache", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def lint(path, select=None):
    return linter(select=select).lint_path(str(path))


def fixable(result):
    return [f for f in result.findings if f.fix is not None]


def fix_file(path, select=None, dry_run=False):
    return fixer.fix_results([lint(path, select)], dry_run=dry_run)


def expected_bytes(raw: bytes, findings, codec="utf-8", bom=b"") -> bytes:
    """What the file must become: the original bytes with only each fix span swapped,
    computed independently of the fixer (byte offsets of each span from the decoded text)."""
    text = raw[len(bom):].decode(codec)
    out, pos = bytearray(bom), len(bom)
    for f in sorted((f for f in findings if f.fix), key=lambda f: f.fix.start):
        b_start = len(bom) + len(text[:f.fix.start].encode(codec))
        b_end = len(bom) + len(text[:f.fix.end].encode(codec))
        out += raw[pos:b_start] + f.fix.replacement.encode(codec)
        pos = b_end
    out += raw[pos:]
    return bytes(out)


def leftovers(folder):
    return [p.name for p in folder.iterdir() if "plainspeak-tmp" in p.name]


def finding(code, start, end, replacement, text):
    """A hand-made finding with a fix, as a check would build it."""
    return Finding(code=code, name=code.lower(), category="jargon", severity=Severity.WARNING,
                   path="x.txt", line=1, column=start + 1, end_line=1, end_column=end + 1,
                   message="m", match=text[start:end], fix=Fix(start, end, replacement),
                   start=start, end=end)


# ------------------------------------------------------------------------------ apply_fixes

def test_apply_fixes_plain():
    text = "Utilize it prior to noon."
    new, applied, skipped = fixer.apply_fixes(text, [Fix(0, 7, "Use"), Fix(11, 19, "before")])
    assert (new, applied, skipped) == ("Use it before noon.", 2, 0)
    assert fixer.apply_fixes(text, []) == (text, 0, 0)


def test_apply_fixes_overlaps_are_deterministic():
    text = "in order to utilize the form"
    #       0123456789012345678901234567
    fs = [
        finding("PS302", 0, 11, "to", text),          # "in order to"
        finding("PS303", 3, 8, "xx", text),           # "order": inside the first -> dropped
        finding("PS301", 0, 8, "yy", text),           # same start, shorter -> dropped
        finding("PS302", 9, 19, "zz", text),          # "to utilize": starts inside -> dropped
        finding("PS302", 12, 19, "use", text),        # "utilize"
        finding("PS309", 12, 19, "employ", text),     # same span, later code -> dropped
        finding("PS304", 12, 19, "apply", text),      # same span, later code -> dropped
    ]
    expected = ("to use the form", 2, 5)              # PS302 < PS304 < PS309 on one span
    for seed in range(20):                            # input order never matters
        random.Random(seed).shuffle(fs)
        assert fixer.apply_fixes(text, fs) == expected


def test_apply_fixes_equal_start_longer_span_wins_and_adjacent_spans_both_apply():
    text = "prior to the visit"
    fs = [Fix(0, 5, "before"), Fix(0, 8, "before"), Fix(9, 12, "your")]
    assert fixer.apply_fixes(text, fs) == ("before your visit", 2, 1)
    # touching spans do not overlap
    assert fixer.apply_fixes("abcdef", [Fix(0, 3, "X"), Fix(3, 6, "Y")]) == ("XY", 2, 0)


@pytest.mark.parametrize("span_text", ["a\nb", "a\r\nb", "`code`", "<b>x</b>", "{{ name }}",
                                        "«First»", "[[Field]]", "[link]", "a{b}"])
def test_apply_fixes_guard_rejects_markup_or_newline_in_span(span_text):
    text = f"see {span_text} now"
    f = finding("PS302", 4, 4 + len(span_text), "plain", text)
    assert fixer.apply_fixes(text, [f]) == (text, 0, 1)


@pytest.mark.parametrize("replacement", ["a\nb", "<b>use</b>", "{{x}}", "`use`", "[use]",
                                         "«use»", "use\r"])
def test_apply_fixes_guard_rejects_markup_or_newline_in_replacement(replacement):
    text = "Utilize it."
    assert fixer.apply_fixes(text, [Fix(0, 7, replacement)]) == (text, 0, 1)


def test_apply_fixes_skips_a_finding_whose_text_changed():
    text = "Utilize it prior to noon."
    f1 = finding("PS302", 0, 7, "Use", text)
    f2 = finding("PS302", 11, 19, "before", text)
    edited = "Use it prior to noon, please."            # the first span no longer says Utilize
    new, applied, skipped = fixer.apply_fixes(edited, [f1, f2])
    assert (applied, skipped) == (0, 2) and new == edited   # f2's offsets now point elsewhere
    # out of range
    assert fixer.apply_fixes("short", [Fix(3, 40, "x")]) == ("short", 0, 1)


# ------------------------------------------------------------------------------ files

def test_crlf_file_keeps_crlf_and_every_other_byte(tmp_path):
    p = tmp_path / "a.txt"
    raw = (b"Utilize the portal prior to your visit.\r\n\r\n"
           b"Take the medication QD with food.\r\nCall us.\r\n")
    p.write_bytes(raw)
    res = lint(p)
    assert {f.code for f in fixable(res)} >= {"PS302", "PS401"}
    want = expected_bytes(raw, res.findings)
    rep = fixer.fix_results([res])
    assert rep.changed == [str(p)] and rep.applied == len(fixable(res)) and rep.skipped == 0
    got = p.read_bytes()
    assert got == want
    assert got == (b"Use the portal before your visit.\r\n\r\n"
                   b"Take the medicine daily with food.\r\nCall us.\r\n")
    assert got.count(b"\r\n") == raw.count(b"\r\n") and b"\n" not in got.replace(b"\r\n", b"")
    assert leftovers(tmp_path) == []


def test_mixed_newlines_and_non_ascii_bytes_outside_spans_are_identical(tmp_path):
    p = tmp_path / "mixed.txt"
    raw = ("Café 😀 naïve — “quoted”.\r\nUtilize the portal prior to your visit.\n"
           "Ünïcödé\rline\r\nPlease reside nearby at your earliest convenience. Ωmega\n"
           ).encode("utf-8")
    p.write_bytes(raw)
    res = lint(p, select=["PS302"])
    fx = sorted(fixable(res), key=lambda f: f.start)
    assert [f.match for f in fx] == ["Utilize", "prior to", "reside",
                                     "at your earliest convenience"]
    want = expected_bytes(raw, fx)
    fixer.fix_results([res])
    got = p.read_bytes()
    assert got == want
    # byte for byte around the spans: the head before the first span and the tail after the
    # last are untouched, and so is every gap between spans
    text = raw.decode()
    first = len(text[:fx[0].start].encode())
    last_end = len(text[:fx[-1].end].encode())
    assert got[:first] == raw[:first]
    assert got.endswith(raw[last_end:])
    assert got.decode() == ("Café 😀 naïve — “quoted”.\r\nUse the portal before your visit.\n"
                            "Ünïcödé\rline\r\nPlease live nearby as soon as you can. Ωmega\n")


def test_reader_keeps_carriage_returns_in_source(tmp_path):
    # the premise of editing spans of the decoded text: it is the file, newlines and all
    raw = b"a\r\nb\rc\n"
    assert decode(raw, "text")[0] == "a\r\nb\rc\n"
    assert decode(raw, "markdown")[0] == "a\r\nb\rc\n"


def test_utf8_bom_is_kept(tmp_path):
    p = tmp_path / "bom.md"
    raw = codecs.BOM_UTF8 + "# Visit\r\n\r\nUtilize the café portal.\r\n".encode()
    p.write_bytes(raw)
    res = lint(p, select=["PS302"])
    assert res.findings[0].start == 11                  # offsets exclude the BOM
    want = expected_bytes(raw, res.findings, bom=codecs.BOM_UTF8)
    fixer.fix_results([res])
    got = p.read_bytes()
    assert got == want
    assert got == codecs.BOM_UTF8 + "# Visit\r\n\r\nUse the café portal.\r\n".encode()


def test_utf16_be_with_bom_keeps_encoding_and_byte_order(tmp_path):
    p = tmp_path / "u16.txt"
    raw = codecs.BOM_UTF16_BE + "Utilize the café portal.\n".encode("utf-16-be")
    p.write_bytes(raw)
    fixer.fix_results([lint(p, select=["PS302"])])
    assert p.read_bytes() == codecs.BOM_UTF16_BE + "Use the café portal.\n".encode("utf-16-be")


def test_html_with_declared_latin1_charset_is_written_back_in_it(tmp_path):
    p = tmp_path / "d.html"
    raw = (b'<html lang="en"><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
           b"<body><p>Open 8am&ndash;5pm. Utilize the caf\xe9 prior to noon.</p></body></html>\n")
    p.write_bytes(raw)
    res = lint(p, select=["PS302", "PS407"])
    assert {f.match for f in fixable(res)} == {"8am&ndash;5pm", "Utilize", "prior to"}
    rep = fixer.fix_results([res])
    assert rep.applied == 3, rep.messages
    assert p.read_bytes() == raw.replace(b"8am&ndash;5pm", b"8am to 5pm").replace(
        b"Utilize", b"Use").replace(b"prior to", b"before")


def test_latin1_file_is_left_untouched_with_a_clear_message(tmp_path):
    p = tmp_path / "latin.txt"
    raw = "Utilize the café portal prior to your visit.\n".encode("latin-1")
    p.write_bytes(raw)
    res = lint(p)
    assert "PS903" in {f.code for f in res.findings} and fixable(res)
    mtime = p.stat().st_mtime_ns
    rep = fixer.fix_results([res])
    assert p.read_bytes() == raw and p.stat().st_mtime_ns == mtime
    assert rep.changed == [] and rep.applied == 0 and rep.skipped == len(fixable(res))
    msg = [m for m in rep.messages if "not fixed" in m]
    assert len(msg) == 1 and str(p) in msg[0] and "UTF-8" in msg[0] and "\n" not in msg[0]
    # the same through the CLI: message on stderr, exit code from the findings, no traceback
    r = run(["latin.txt", "--fix", "--fail-on", "warning"], tmp_path)
    assert r.exit_code == 1
    assert "latin.txt: not fixed" in r.stderr and "Traceback" not in r.output
    assert p.read_bytes() == raw


def test_read_only_file_message_untouched_and_exit_code_reflects_findings(tmp_path):
    p = tmp_path / "ro.txt"
    raw = b"Take the pill QD.\n"
    p.write_bytes(raw)
    p.chmod(0o444)
    try:
        r = run(["ro.txt", "--fix"], tmp_path)
        assert "ro.txt: not fixed: the file is read-only" in r.stderr
        assert "Traceback" not in r.output
        assert r.exit_code == 1                   # the PS401 error is still there
        assert "PS401" in r.stdout
        assert p.read_bytes() == raw
        assert stat.S_IMODE(p.stat().st_mode) == 0o444
        assert leftovers(tmp_path) == []
    finally:
        p.chmod(0o644)


def test_permissions_are_kept_and_no_temp_file_is_left(tmp_path):
    p = tmp_path / "perm.txt"
    p.write_bytes(b"Utilize the portal.\n")
    p.chmod(0o640)
    before = p.stat()
    rep = fix_file(p, select=["PS302"])
    assert rep.applied == 1
    after = p.stat()
    assert p.read_bytes() == b"Use the portal.\n"
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["perm.txt"]


def test_executable_bit_is_kept(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"Utilize the portal.\n")
    p.chmod(0o755)
    fix_file(p, select=["PS302"])
    assert stat.S_IMODE(p.stat().st_mode) == 0o755


def test_write_error_leaves_original_and_no_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    raw = b"Utilize the portal.\n"
    p.write_bytes(raw)
    res = lint(p, select=["PS302"])

    def boom(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(fixer.os, "replace", boom)
    rep = fixer.fix_results([res])
    assert p.read_bytes() == raw
    assert leftovers(tmp_path) == [] and sorted(x.name for x in tmp_path.iterdir()) == ["a.txt"]
    assert any("a.txt: not fixed: cannot write it: No space left on device" in m
               for m in rep.messages)
    assert rep.changed == [] and rep.applied == 0 and rep.skipped == 1


def test_symlink_is_written_through(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"Utilize the portal.\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fix_file(link, select=["PS302"])
    assert link.is_symlink()
    assert real.read_bytes() == b"Use the portal.\n"


def test_docx_and_binary_files_are_refused(tmp_path):
    p = tmp_path / "letter.docx"
    raw = b"PK\x03\x04\x00\x00binary Utilize"
    p.write_bytes(raw)
    f = Finding(code="PS302", name="officialese", category="jargon", severity=Severity.WARNING,
                path=str(p), line=1, column=1, end_line=1, end_column=8, message="m",
                match="Utilize", fix=Fix(0, 7, "Use"), start=0, end=7)
    rep = fixer.fix_results([FileResult(str(p), [f])])
    assert p.read_bytes() == raw
    assert rep.messages[0] == f"{p}: not fixed: --fix does not edit .docx files"
    b = tmp_path / "blob.txt"
    b.write_bytes(b"Utilize\x00\x00\x01")
    rep = fixer.fix_results([FileResult(str(b), [f])])
    assert b.read_bytes() == b"Utilize\x00\x00\x01"
    assert "--fix does not edit binary files" in rep.messages[0]


def test_file_changed_since_lint_skips_that_fix(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"Utilize the portal prior to your visit.\n")
    res = lint(p, select=["PS302"])
    p.write_bytes(b"Utilise the portal prior to your visit.\n")   # someone edited it
    rep = fixer.fix_results([res])
    assert p.read_bytes() == b"Utilise the portal before your visit.\n"
    assert rep.applied == 1 and rep.skipped == 1
    assert any("a.txt:1:1: PS302 fix skipped: the file changed since it was checked" in m
               for m in rep.messages)


def test_guard_in_fix_results_names_the_finding(tmp_path):
    p = tmp_path / "a.md"
    raw = b"Run `utilize` now.\n"
    p.write_bytes(raw)
    f = Finding(code="PS302", name="officialese", category="jargon", severity=Severity.WARNING,
                path=str(p), line=1, column=5, end_line=1, end_column=14, message="m",
                match="`utilize`", fix=Fix(4, 13, "use"), start=4, end=13)
    rep = fixer.fix_results([FileResult(str(p), [f])])
    assert p.read_bytes() == raw and rep.skipped == 1 and rep.changed == []
    assert "a.md:1:5: PS302 fix skipped" in rep.messages[0] and "markup" in rep.messages[0]


def test_replacement_that_needs_escaping_in_json_is_refused(tmp_path):
    p = tmp_path / "en.json"
    raw = b'{"a": "Utilize it."}\n'
    p.write_bytes(raw)
    f = Finding(code="PS302", name="officialese", category="jargon", severity=Severity.WARNING,
                path=str(p), line=1, column=8, end_line=1, end_column=15, message="m",
                match="Utilize", fix=Fix(7, 14, 'say "use"'), start=7, end=14)
    rep = fixer.fix_results([FileResult(str(p), [f])])
    assert p.read_bytes() == raw and rep.skipped == 1


def test_case_is_preserved(tmp_path):
    p = tmp_path / "c.txt"
    p.write_bytes(b"Utilize the portal.\n\nYou can utilize it.\n\nUTILIZE IT NOW PLEASE.\n")
    fix_file(p, select=["PS302"])
    assert p.read_bytes() == b"Use the portal.\n\nYou can use it.\n\nUSE IT NOW PLEASE.\n"


def test_markdown_inline_code_and_links_stay_byte_identical(tmp_path):
    p = tmp_path / "page.md"
    raw = (b"# Your visit\n\n"
           b"Please utilize `utilize --prior-to` and read [the guide](https://example.org/utilize"
           b"?prior%20to=1 \"prior to\") prior to the visit. <span>ok</span> "
           b"{{ utilize }}\n\n"
           b"```\nutilize prior to\n```\n")
    p.write_bytes(raw)
    res = lint(p, select=["PS302"])
    assert [f.match for f in fixable(res)] == ["utilize", "prior to"]
    fixer.fix_results([res])
    got = p.read_bytes()
    assert got == raw.replace(b"Please utilize `", b"Please use `").replace(
        b") prior to the visit", b") before the visit")
    for keep in (b"`utilize --prior-to`",
                 b"(https://example.org/utilize?prior%20to=1 \"prior to\")",
                 b"{{ utilize }}", b"```\nutilize prior to\n```\n", b"<span>ok</span>"):
        assert keep in got


def test_markdown_emphasis_inside_a_span_blocks_the_fix(tmp_path):
    p = tmp_path / "e.md"
    raw = b"Please come *prior* to noon.\n"
    p.write_bytes(raw)
    res = lint(p, select=["PS302"])
    assert [f.match for f in fixable(res)] == ["prior* to"]     # the source span holds a '*'
    rep = fixer.fix_results([res])
    assert p.read_bytes() == raw and rep.skipped == 1
    assert "e.md:1:14: PS302 fix skipped" in rep.messages[0]


def test_html_attribute_fix_and_text_fix(tmp_path):
    p = tmp_path / "g.html"
    raw = (b'<!doctype html><html lang="en_US"><head><title>Visit</title></head>'
           b'<body><p title="utilize">Utilize the <a href="/prior-to">portal</a>.</p>'
           b'</body></html>\n')
    p.write_bytes(raw)
    res = lint(p)
    assert {f.match for f in fixable(res)} >= {"en_US", "Utilize"}
    fixer.fix_results([res])
    assert p.read_bytes() == raw.replace(b'"en_US"', b'"en-US"').replace(
        b">Utilize the", b">Use the")


def test_markdown_link_text_is_fixed_but_not_its_url(tmp_path):
    p = tmp_path / "l.md"
    p.write_bytes(b"See [prior to surgery](https://example.org/prior-to) today.\n")
    fix_file(p, select=["PS302"])
    assert p.read_bytes() == b"See [before surgery](https://example.org/prior-to) today.\n"


def test_i18next_json_catalog_only_the_value_changes(tmp_path):
    d = tmp_path / "locales" / "en"
    d.mkdir(parents=True)
    p = d / "translation.json"
    raw = ('{\n  "utilize": "Utilize the portal prior to your visit.",\n'
           '  "prior to": {\n    "utilize_other": "Utilize {{count}} forms — café."\n  },\n'
           '  "dose": "Take it QD, {{name}}."\n}\n').encode()
    p.write_bytes(raw)
    res = lint(p)
    assert fixable(res)
    fixer.fix_results([res])
    got = p.read_bytes().decode()
    assert got == ('{\n  "utilize": "Use the portal before your visit.",\n'
                   '  "prior to": {\n    "utilize_other": "Use {{count}} forms — café."\n  },\n'
                   '  "dose": "Take it daily, {{name}}."\n}\n')
    import json
    data = json.loads(got)
    assert set(data) == {"utilize", "prior to", "dose"}
    assert set(data["prior to"]) == {"utilize_other"}


def test_idempotent_second_run_changes_nothing(tmp_path):
    files = {
        "a.txt": b"Utilize the portal prior to your visit.\r\nTake the medication QD.\r\n",
        "b.md": b"# Visit\n\nPlease utilize `x` at your earliest convenience.\n",
        "en.json": b'{"k": "Utilize the portal."}\n',
    }
    for name, body in files.items():
        (tmp_path / name).write_bytes(body)
    r1 = run([".", "--fix"], tmp_path)
    assert "Traceback" not in r1.output
    after1 = {n: (tmp_path / n).read_bytes() for n in files}
    assert all(after1[n] != files[n] for n in files)
    mtimes = {n: (tmp_path / n).stat().st_mtime_ns for n in files}
    r2 = run([".", "--fix"], tmp_path)
    assert {n: (tmp_path / n).read_bytes() for n in files} == after1
    assert {n: (tmp_path / n).stat().st_mtime_ns for n in files} == mtimes
    assert "Fixed" not in r2.stderr
    # and the report says so at the API level
    rep = fixer.fix_results([lint(tmp_path / n) for n in files])
    assert rep.changed == [] and rep.applied == 0 and rep.diff == ""
    assert leftovers(tmp_path) == []


def test_dry_run_prints_unified_diff_and_writes_nothing(tmp_path):
    p = tmp_path / "a.txt"
    raw = b"Hello.\r\nUtilize the portal prior to your visit.\r\nBye."
    p.write_bytes(raw)
    os.utime(p, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = p.stat().st_mtime_ns
    r = run(["a.txt", "--fix", "--dry-run"], tmp_path)
    assert r.exit_code == 1
    # (click's .stdout turns CRLF into LF: compare the bytes)
    assert r.stdout_bytes == (b"--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n Hello.\r\n"
                              b"-Utilize the portal prior to your visit.\r\n"
                              b"+Use the portal before your visit.\r\n Bye.\n"
                              b"\\ No newline at end of file\n")
    assert p.read_bytes() == raw and p.stat().st_mtime_ns == before
    assert leftovers(tmp_path) == []
    # nothing to fix: empty diff, exit 0
    q = tmp_path / "clean.txt"
    q.write_bytes(b"Call us today.\n")
    r = run(["clean.txt", "--fix", "--dry-run"], tmp_path)
    assert r.exit_code == 0 and r.stdout == ""


def test_dry_run_api_reports_without_writing(tmp_path):
    p = tmp_path / "a.md"
    raw = b"Utilize it.\n"
    p.write_bytes(raw)
    rep = fix_file(p, select=["PS302"], dry_run=True)
    assert rep.diff.startswith(f"--- a/{str(p).lstrip('/')}\n+++ b/")
    assert "-Utilize it.\n+Use it.\n" in rep.diff
    assert rep.applied == 1 and p.read_bytes() == raw


def test_exit_code_after_fix_reflects_remaining_findings(tmp_path):
    (tmp_path / "only_fixable.txt").write_bytes(b"Take the pill QD.\n")
    r = run(["only_fixable.txt", "--fix"], tmp_path)
    assert r.exit_code == 0, r.output                  # the PS401 error was fixed
    assert (tmp_path / "only_fixable.txt").read_bytes() == b"Take the pill daily.\n"
    assert "PS401" not in r.stdout
    (tmp_path / "mixed.txt").write_bytes(b"Take the pill QD. Come back on 03/04/2026.\n")
    r = run(["mixed.txt", "--fix"], tmp_path)
    assert r.exit_code == 1                            # PS405 (numeric date) has no fix
    assert "PS405" in r.stdout and "PS401" not in r.stdout
    assert (tmp_path / "mixed.txt").read_bytes() == (b"Take the pill daily. "
                                                     b"Come back on 03/04/2026.\n")
    assert "Fixed 1 problem in 1 file." in r.stderr


def test_report_counts_over_several_files(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(b"Utilize it prior to noon.\n")
    b = tmp_path / "b.txt"
    b.write_bytes("Utilize the café.\n".encode("cp1252"))
    rep = fixer.fix_results([lint(a, ["PS302"]), lint(b, ["PS302"])])
    assert rep.changed == [str(a)] and rep.applied == 2 and rep.skipped == 1
    assert rep.messages[-1] == "Fixed 2 problems in 1 file; 1 fix not applied."
