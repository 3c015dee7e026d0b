"""CI reporters (SARIF, GitHub annotations, JUnit, GitLab Code Quality): golden files, the
official SARIF 2.1.0 schema, escaping, fingerprints, annotation caps, and the real CLI.

Golden files live in tests/golden/; after an intended change, rewrite them with
``PLAINSPEAK_UPDATE_GOLDEN=1 python -m pytest tests/test_reporters_ci.py`` and review the diff.
The SARIF schema (tests/data/sarif-schema-2.1.0.json) is the OASIS file
Schemata/sarif-schema-2.1.0.json from github.com/oasis-tcs/sarif-spec, kept verbatim; no test
uses the network.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from plainspeak import reporters
from plainspeak.cli import main
from plainspeak.engine import FileResult
from plainspeak.finding import Finding, Fix, Severity
from plainspeak.reporters import github, gitlab, junit, sarif
from plainspeak.rulepack import Rule, RuleSet

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SCHEMA_PATH = HERE / "data" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("PLAINSPEAK_UPDATE_GOLDEN") == "1"

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


# ---------------------------------------------------------------- fixed input

def _finding(code, name, category, severity, path, line, col, end_line, end_col, message, match,
             *, start=0, fix=None, suggestions=(), scope="paragraph"):
    return Finding(code=code, name=name, category=category, severity=severity, path=path,
                   line=line, column=col, end_line=end_line, end_column=end_col,
                   message=message, match=match, suggestions=tuple(suggestions), fix=fix,
                   scope=scope, start=start, end=start + len(match))


LETTER = "letters/Zo\u00eb appointment.md"          # unicode and a space
ODD = "notes/50% off, see: here.txt"                 # % , : in a path (property escaping)
LONG_MATCH = ("Your physician has determined that supplementary immunization is indicated\n"
              "because of your records.")


def results() -> list[FileResult]:
    return [
        FileResult(LETTER, [
            _finding("PS201", "long-sentence", "structure", E, LETTER, 2, 1, 3, 25,
                     "This sentence has 34 words; aim for 20 or fewer.", LONG_MATCH, start=8),
            _finding("PS302", "officialese", "jargon", W, LETTER, 4, 1, 4, 8,
                     '"Utilize" is officialese. Try "use" instead.', "Utilize", start=120,
                     fix=Fix(120, 127, "Use"), suggestions=["use"]),
            _finding("PS401", "do-not-use-abbreviation", "safety", E, LETTER, 5, 15, 5, 17,
                     'Write "daily", not "QD": about 1% of orders\r\nwith it are misread.',
                     "QD", start=160, fix=Fix(160, 162, "daily"), suggestions=["daily"]),
            _finding("PS304", "clinical-register", "jargon", I, LETTER, 6, 3, 6, 8,
                     "\u201cna\u00efve\u201d is clinical register \u2014 say "
                     "\u201cnew to this treatment\u201d.", "na\u00efve", start=190),
        ]),
        FileResult("portal/results.html", [
            _finding("PS305", "latin-abbreviation", "jargon", W, "portal/results.html",
                     2, 10, 2, 14, '"e.g." is a Latin abbreviation. Use "for example".', "e.g.",
                     start=30, fix=Fix(30, 34, "for example")),
            _finding("PS305", "latin-abbreviation", "jargon", W, "portal/results.html",
                     7, 4, 7, 8, '"e.g." is a Latin abbreviation. Use "for example".', "e.g.",
                     start=200, fix=Fix(200, 204, "for example")),
            _finding("PS305", "latin-abbreviation", "jargon", W, "portal/results.html",
                     9, 1, 9, 5, '"E.g." is a Latin abbreviation. Use "for example".', "E.g.",
                     start=260),
        ]),
        FileResult("clean.txt", []),
        FileResult(ODD, [
            _finding("PS900", "unreadable-file", "system", E, ODD, 1, 1, 1, 1,
                     "Cannot read this file:\x0bpermission denied.", "", scope="file"),
        ]),
        FileResult("./guides/intro.md", [
            _finding("PS203", "passive-voice", "structure", I, "./guides/intro.md", 3, 5, 3, 17,
                     '"is indicated" is passive voice.', "is indicated", start=40),
        ]),
    ]


def _rule(code, name, category, severity, *, sources, fixable=False):
    return Rule(code=code, name=name, kind="lexicon", category=category,
                severity=Severity.parse(severity), message="{match}",
                description=f"Flags {name.replace('-', ' ')}.",
                why=f"Patients understand text without {name.replace('-', ' ')} more easily.",
                sources=sources, params={}, profiles={}, examples={}, fixable=fixable,
                pack="test")


NHS = {"name": "NHS digital service manual, content style guide",
       "url": "https://service-manual.nhs.uk/content/how-we-write", "note": "Plain words"}
TJC = {"name": "The Joint Commission [Do Not Use] list",
       "url": "https://www.jointcommission.org/facts-about-do-not-use-list"}


def rules() -> RuleSet:
    # PS305 deliberately has no Rule: a finding whose rule is unknown still gets a descriptor
    return RuleSet([
        _rule("PS201", "long-sentence", "structure", "warning", sources=[NHS]),
        _rule("PS203", "passive-voice", "structure", "info", sources=[NHS]),
        _rule("PS302", "officialese", "jargon", "warning", sources=[NHS], fixable=True),
        _rule("PS304", "clinical-register", "jargon", "info", sources=[NHS]),
        _rule("PS401", "do-not-use-abbreviation", "safety", "error", sources=[TJC, NHS],
              fixable=True),
        _rule("PS900", "unreadable-file", "system", "error",
              sources=[{"name": "plainspeak", "note": "the file could not be read"}]),
    ])


# ---------------------------------------------------------------- helpers

def _pretty(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    assert path.exists(), f"missing golden file {path}; run with PLAINSPEAK_UPDATE_GOLDEN=1"
    with open(path, encoding="utf-8", newline="") as fh:
        expected = fh.read()
    assert text == expected, (
        f"{name} differs from the golden file; if the change is intended, rerun with "
        "PLAINSPEAK_UPDATE_GOLDEN=1 and review the diff")


# RFC 3986 characters; jsonschema only checks "uri" formats with optional packages installed
_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("uri-reference")
def _is_uri_reference(value) -> bool:
    if not isinstance(value, str) or not _URI_CHARS.match(value):
        return False
    first = value.split("/", 1)[0]
    # a relative reference's first segment must not look like a scheme ("a:b")
    return ":" not in first or bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value))


@_FORMATS.checks("uri")
def _is_uri(value) -> bool:
    return (isinstance(value, str) and _is_uri_reference(value)
            and bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)))


def validate_sarif(data) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator      # the schema declares draft-04
    cls.check_schema(schema)
    errors = sorted(cls(schema, format_checker=_FORMATS).iter_errors(data),
                    key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _lines(text: str) -> list[str]:
    """Output lines as a CI runner reads them (str.splitlines would also split at \\x0b)."""
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _shift_lines(res: list[FileResult], by: int) -> list[FileResult]:
    out = copy.deepcopy(res)
    for r in out:
        r.findings = [dataclasses.replace(f, line=f.line + by, end_line=f.end_line + by)
                      for f in r.findings]
    return out


# ---------------------------------------------------------------- golden files

def test_golden_sarif():
    out = sarif.render(results(), rules())
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    _golden("report.sarif.json", _pretty(data))


def test_golden_gitlab():
    out = gitlab.render(results(), rules())
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    _golden("report.gitlab.json", _pretty(data))


def test_golden_github():
    _golden("report.github.txt", github.render(results(), rules()))


def test_golden_github_capped():
    _golden("report.github-max3.txt", github.render(results(), rules(), max_annotations=3))


def test_golden_junit():
    _golden("report.junit.xml", junit.render(results(), rules()))


# ---------------------------------------------------------------- SARIF

def test_sarif_validates_against_the_official_schema():
    validate_sarif(json.loads(sarif.render(results(), rules())))
    validate_sarif(json.loads(sarif.render(results(), None)))       # without rule metadata
    validate_sarif(json.loads(sarif.render([], rules())))            # nothing found


def test_schema_file_is_the_oasis_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert {"run", "result", "region", "replacement", "reportingDescriptor"} <= set(
        schema["definitions"])


def test_sarif_invalid_output_is_rejected_by_the_schema():
    # the validation is not vacuous: a broken log fails
    data = json.loads(sarif.render(results(), rules()))
    bad = copy.deepcopy(data)
    bad["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        validate_sarif(bad)
    bad = copy.deepcopy(data)
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] = "letters/a b.md"
    with pytest.raises(AssertionError):
        validate_sarif(bad)


def test_sarif_run_shape():
    data = json.loads(sarif.render(results(), rules()))
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert data["version"] == "2.1.0" and len(data["runs"]) == 1
    run = data["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "plainspeak"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == ["PS201", "PS203", "PS302", "PS304", "PS305", "PS401", "PS900"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    ps401 = driver["rules"][ids.index("PS401")]
    assert ps401["helpUri"] == TJC["url"]
    assert ps401["defaultConfiguration"] == {"level": "error"}
    assert ps401["properties"]["category"] == "safety"
    assert "fixable" in ps401["properties"]["tags"]
    assert "[The Joint Commission \\[Do Not Use\\] list](https://" in ps401["help"]["markdown"]
    assert TJC["url"] in ps401["help"]["text"]
    assert [r["level"] for r in run["results"]][:4] == ["error", "warning", "error", "note"]
    ps305 = driver["rules"][ids.index("PS305")]       # not in the rule set: minimal descriptor
    assert ps305["name"] == "latin-abbreviation" and "defaultConfiguration" not in ps305


def test_sarif_locations_and_uris():
    run = json.loads(sarif.render(results(), rules()))["runs"][0]
    locs = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    uris = [loc["artifactLocation"]["uri"] for loc in locs]
    assert uris[0] == "letters/Zo%C3%AB%20appointment.md"
    assert "notes/50%25%20off%2C%20see%3A%20here.txt" in uris
    assert "guides/intro.md" in uris                     # "./" dropped
    assert all(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for loc in locs)
    assert locs[0]["region"] == {"startLine": 2, "startColumn": 1, "endLine": 3,
                                 "endColumn": 25, "snippet": {"text": LONG_MATCH}}
    whole_file = locs[uris.index("notes/50%25%20off%2C%20see%3A%20here.txt")]["region"]
    assert whole_file == {"startLine": 1}


def test_sarif_absolute_paths_become_file_uris():
    assert sarif.artifact_location("/srv/site/a b.md") == {"uri": "file:///srv/site/a%20b.md"}
    assert sarif.artifact_location("C:\\site\\a.md") == {"uri": "file:///C:/site/a.md"}
    assert sarif.artifact_location("a:b.md") == {"uri": "a%3Ab.md", "uriBaseId": "%SRCROOT%"}


def test_sarif_fixes():
    run = json.loads(sarif.render(results(), rules()))["runs"][0]
    fixed = [r for r in run["results"] if "fixes" in r]
    assert [r["ruleId"] for r in fixed] == ["PS302", "PS401", "PS305", "PS305"]
    change = fixed[1]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == fixed[1]["locations"][0]["physicalLocation"][
        "artifactLocation"]
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 5, "startColumn": 15, "endLine": 5, "endColumn": 17},
        "insertedContent": {"text": "daily"}}]
    assert fixed[1]["fixes"][0]["description"]["text"] == "Replace \u201cQD\u201d with \u201cdaily\u201d"


def test_sarif_fix_inside_a_multiline_match_and_outside_it():
    f = _finding("PS302", "officialese", "jargon", W, "a.md", 2, 5, 3, 3, "m", "ab\ncd",
                 start=100, fix=Fix(103, 105, "XY"))          # "cd", on line 3 columns 1-3
    res = [FileResult("a.md", [f])]
    region = json.loads(sarif.render(res))["runs"][0]["results"][0]["fixes"][0][
        "artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 3}
    f.fix = Fix(90, 95, "Z")                                   # outside: character offsets
    region = json.loads(sarif.render(res))["runs"][0]["results"][0]["fixes"][0][
        "artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert region == {"charOffset": 90, "charLength": 5}
    validate_sarif(json.loads(sarif.render(res)))


def test_sarif_fingerprints_are_stable_and_unique():
    a = json.loads(sarif.render(results(), rules()))["runs"][0]["results"]
    b = json.loads(sarif.render(_shift_lines(results(), 7), rules()))["runs"][0]["results"]
    fa = [r["partialFingerprints"]["plainspeak/v1"] for r in a]
    fb = [r["partialFingerprints"]["plainspeak/v1"] for r in b]
    assert fa == fb                       # line numbers are not part of the identity
    assert len(set(fa)) == len(fa)        # duplicates in one file are told apart
    assert fa == gitlab.fingerprints(gitlab.findings_of(results()))


# ---------------------------------------------------------------- GitHub

def test_github_one_command_per_finding_with_escaping():
    lines = _lines(github.render(results(), rules()))
    assert len(lines) == 9
    assert lines[0] == ("::error file=letters/Zo\u00eb appointment.md,line=2,endLine=3,"
                        "title=PS201 long-sentence::This sentence has 34 words; aim for 20 or "
                        "fewer.")                       # multi-line: no columns
    assert lines[1].startswith("::warning file=letters/Zo\u00eb appointment.md,line=4,col=1,"
                               "endLine=4,endColumn=7,title=PS302 officialese::")
    assert lines[2] == ("::error file=letters/Zo\u00eb appointment.md,line=5,col=15,endLine=5,"
                        "endColumn=16,title=PS401 do-not-use-abbreviation::Write \"daily\", "
                        "not \"QD\": about 1%25 of orders%0D%0Awith it are misread.")
    assert lines[3].startswith("::notice ")
    odd = [ln for ln in lines if "PS900" in ln]
    assert odd == ["::error file=notes/50%25 off%2C see%3A here.txt,title=PS900 unreadable-file::"
                   "Cannot read this file:\x0bpermission denied."]     # whole file: no line
    assert any(ln.startswith("::notice file=guides/intro.md,line=3,col=5,") for ln in lines)


def test_github_escape_functions():
    assert github.escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert github.escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert github.escape_data("100%0A") == "100%250A"           # % first: no double meaning


def test_github_max_annotations():
    full = github.render(results(), rules())
    assert github.render(results(), rules(), max_annotations=None) == full
    assert github.render(results(), rules(), max_annotations=9) == full
    assert github.render(results(), rules(), max_annotations=100) == full
    lines = _lines(github.render(results(), rules(), max_annotations=3))
    commands = [ln for ln in lines if ln.startswith("::")]
    assert len(commands) == 4
    # errors first, then by path and line
    assert [c.split(" ", 1)[0] for c in commands[:3]] == ["::error"] * 3
    assert "PS201" in commands[0] and "PS401" in commands[1] and "PS900" in commands[2]
    assert lines[-1].startswith("::notice title=plainspeak::9 findings, 3 annotated")
    assert "Not annotated: 4 warnings, 2 info." in lines[-1]
    # the rest are in the log, as plain lines that are not workflow commands
    plain = [ln for ln in lines if not ln.startswith("::")]
    assert plain[0] == "6 more plainspeak findings (not annotated):"
    assert len(plain) == 7 and all(ln.startswith("  ") for ln in plain[1:])
    zero = _lines(github.render(results(), rules(), max_annotations=0))
    assert [ln for ln in zero if ln.startswith("::")] == [zero[-1]]
    assert "Not annotated: 3 errors, 4 warnings, 2 info." in zero[-1]


def test_github_no_findings_is_empty():
    assert github.render([FileResult("a.md", [])], rules()) == ""
    assert github.render([FileResult("a.md", [])], rules(), max_annotations=0) == ""


# ---------------------------------------------------------------- JUnit

def test_junit_structure():
    root = ET.fromstring(junit.render(results(), rules()).encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "4", "0")
    suite = root.find("testsuite")
    assert suite.get("name") == "plainspeak" and suite.get("tests") == "5"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [LETTER, "portal/results.html", "clean.txt", ODD,
                                              "guides/intro.md"]
    assert all(c.get("classname") == c.get("name") for c in cases)
    assert cases[2].find("failure") is None
    fail = cases[0].find("failure")
    assert fail.get("type") == "error"
    assert fail.get("message") == "4 findings: 2 errors, 1 warning, 1 info"
    body = fail.text.splitlines()
    assert body[0] == "2:1 PS201 error This sentence has 34 words; aim for 20 or fewer."
    assert body[2] == '5:15 PS401 error Write "daily", not "QD": about 1% of orders'
    assert body[3] == "    with it are misread."
    assert cases[1].find("failure").get("type") == "warning"
    assert cases[4].find("failure").get("type") == "info"
    # a control character XML cannot carry is written out, not dropped or left invalid
    assert "file:\\x0bpermission" in cases[3].find("failure").text


def test_junit_escapes_markup():
    f = _finding("PS201", "long-sentence", "structure", E, 'a<&>"b.md', 1, 1, 1, 2,
                 'Use <b> & "quotes" ]]> here', "x")
    text = junit.render([FileResult('a<&>"b.md', [f])])
    root = ET.fromstring(text.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case.get("name") == 'a<&>"b.md'
    assert case.find("failure").text == '1:1 PS201 error Use <b> & "quotes" ]]> here'


# ---------------------------------------------------------------- GitLab

def test_gitlab_issues():
    issues = json.loads(gitlab.render(results(), rules()))
    assert len(issues) == 9
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert [i["severity"] for i in issues[:4]] == ["major", "minor", "major", "info"]
    assert issues[0]["location"] == {"path": LETTER, "lines": {"begin": 2, "end": 3}}
    assert issues[0]["check_name"] == "PS201"
    assert issues[-1]["location"]["path"] == "guides/intro.md"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_ignore_lines_and_count_duplicates():
    base = [i["fingerprint"] for i in json.loads(gitlab.render(results()))]
    moved = [i["fingerprint"] for i in json.loads(gitlab.render(_shift_lines(results(), 3)))]
    assert base == moved
    # the three "e.g." findings share code, path and normalised text: only the index differs
    eg = [i for i in json.loads(gitlab.render(results()))
          if i["location"]["path"] == "portal/results.html"]
    assert len({i["fingerprint"] for i in eg}) == 3
    # a different path or text changes the fingerprint
    res = results()
    res[1].findings[0].match = "i.e."
    assert json.loads(gitlab.render(res))[4]["fingerprint"] != base[4]


def test_gitlab_last_line_of_a_range_ending_at_column_1():
    f = _finding("PS210", "long-paragraph", "structure", W, "a.md", 3, 1, 6, 1, "m", "x")
    assert json.loads(gitlab.render([FileResult("a.md", [f])]))[0]["location"]["lines"] == {
        "begin": 3, "end": 5}


# ---------------------------------------------------------------- all formats

@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "gitlab"])
def test_pure_and_deterministic(fmt):
    res = results()
    before = [[f.to_dict() for f in r.findings] for r in res]
    one = reporters.render(fmt, res, rules())
    assert reporters.render(fmt, res, rules()) == one
    assert [[f.to_dict() for f in r.findings] for r in res] == before     # input untouched
    # findings in a file are reported in position order whatever order they arrive in
    shuffled = results()
    for r in shuffled:
        r.findings.reverse()
    assert reporters.render(fmt, shuffled, rules()) == one


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "gitlab"])
def test_empty_run(fmt):
    out = reporters.render(fmt, [], None)
    if fmt == "sarif":
        validate_sarif(json.loads(out))
        assert json.loads(out)["runs"][0]["results"] == []
    elif fmt == "gitlab":
        assert json.loads(out) == []
    elif fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        assert root.get("tests") == "0" and root.get("failures") == "0"
    else:
        assert out == ""


# ---------------------------------------------------------------- the real CLI

LONG = ("Your physician has determined that supplementary immunization is indicated because "
        "your previous vaccination documentation could not be located in the electronic "
        "medical record system that the organization utilizes for administrative purposes.\n")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "my letter.txt").write_text(
        LONG + "\nTake 1 tablet QD. Please utilize the portal, e.g. to book. "
               "You can also call us, e.g. on Monday.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Zo\u00eb\n\nTake 5.0 mg of the medicine.\n",
                                   encoding="utf-8")
    (tmp_path / "clean.txt").write_text("Call us today.\n", encoding="utf-8")
    return tmp_path


def _cli(args, cwd):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, ["check", ".", "--no-cache", *args],
                                  catch_exceptions=False)
    finally:
        os.chdir(old)


def test_cli_sarif(project):
    r = _cli(["--format", "sarif"], project)
    assert r.exit_code == 1, r.output
    data = json.loads(r.output)
    validate_sarif(data)
    run = data["runs"][0]
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for res in run["results"]}
    assert uris == {"b.md", "my%20letter.txt"}
    assert {"PS401", "PS402", "PS201"} <= {res["ruleId"] for res in run["results"]}
    assert any("fixes" in res for res in run["results"])
    rule_ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted({res["ruleId"] for res in run["results"]})
    assert all(d.get("helpUri", "").startswith("https://") for d in run["tool"]["driver"]["rules"])


def test_cli_sarif_to_output_file(project):
    r = _cli(["--format", "sarif", "-o", "out.sarif"], project)
    assert r.exit_code == 1
    validate_sarif(json.loads((project / "out.sarif").read_text(encoding="utf-8")))


def test_cli_github(project):
    r = _cli(["--format", "github"], project)
    assert r.exit_code == 1, r.output
    lines = _lines(r.output)
    assert lines and all(re.match(r"::(error|warning|notice) file=", ln) for ln in lines)
    assert any(ln.startswith("::error file=b.md,line=3,col=6,") for ln in lines)
    assert any("file=my letter.txt" in ln for ln in lines)


def test_cli_github_max_annotations(project):
    full = _lines(_cli(["--format", "github"], project).output)
    r = _cli(["--format", "github", "--max-annotations", "2"], project)
    assert r.exit_code == 1, r.output
    lines = _lines(r.output)
    commands = [ln for ln in lines if ln.startswith("::")]
    assert len(commands) == 3
    assert all(c.startswith("::error ") for c in commands[:2])
    assert lines[-1].startswith(f"::notice title=plainspeak::{len(full)} findings, 2 annotated "
                                "(--max-annotations 2). Not annotated: ")
    assert len(lines) == 2 + 1 + (len(full) - 2) + 1


def test_cli_junit(project):
    r = _cli(["--format", "junit"], project)
    assert r.exit_code == 1, r.output
    root = ET.fromstring(r.output.encode("utf-8"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"b.md", "clean.txt", "my letter.txt"}
    assert cases["clean.txt"].find("failure") is None
    assert cases["b.md"].find("failure").get("type") == "error"
    assert root.get("failures") == "2" and root.get("tests") == "3"


def test_cli_gitlab(project):
    r = _cli(["--format", "gitlab"], project)
    assert r.exit_code == 1, r.output
    issues = json.loads(r.output)
    assert issues and all(i["location"]["lines"]["begin"] >= 1 for i in issues)
    fps = [i["fingerprint"] for i in issues]
    assert len(set(fps)) == len(fps)
    assert sum(1 for i in issues if i["check_name"] == "PS305") == 2     # two "e.g."


def test_cli_clean_folder_exits_0(tmp_path):
    (tmp_path / "clean.txt").write_text("Call us today.\n", encoding="utf-8")
    for fmt in ("sarif", "github", "junit", "gitlab"):
        r = _cli(["--format", fmt], tmp_path)
        assert r.exit_code == 0, (fmt, r.output)
    r = _cli(["--format", "sarif"], tmp_path)
    validate_sarif(json.loads(r.output))
