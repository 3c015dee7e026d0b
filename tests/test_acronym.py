"""The ``acronym`` check kind (PS310 undefined-acronym)."""
from __future__ import annotations

import types

import pytest

from plainspeak.checks.acronym import Acronym, expands, find_acronyms, long_form_start
from plainspeak.checks.base import Context
from plainspeak.document import Block, Document, Mark, SourceMap
from plainspeak.finding import Severity
from plainspeak.readers import load

from lintkit import lint

MESSAGE = '"{match}" is not spelled out. {advice}'
KNOWN = {"PCP": "primary care provider", "EOB": "explanation of benefits",
         "IV": "intravenous", "NPO": "nothing by mouth"}


from lintkit import make_doc as _make_doc  # noqa: E402


def make_doc(parts, lang="en"):
    return _make_doc(parts, lang, heading_level=1)


def run(parts, **params):
    doc = parts if isinstance(parts, Document) else make_doc(parts)
    rule = types.SimpleNamespace(code="PS310", name="undefined-acronym", category="jargon",
                                 severity=Severity.WARNING, message=MESSAGE, scope=None)
    params.setdefault("known", KNOWN)
    found = list(Acronym(rule, params).run(Context(doc, "web")))
    for f in found:
        assert doc.source[f.start:f.end] == f.match
    return found


def flagged(parts, **params):
    return [f.match for f in run(parts, **params)]


# ------------------------------------------------------------------------------ tokens

@pytest.mark.parametrize("text,want", [
    ("Ask your PCP.", ["PCP"]),
    ("Ask your PCPs and PCP's staff.", ["PCP", "PCP"]),
    ("Avoid NSAIDs.", ["NSAID"]),
    ("Your eGFR is low.", ["eGFR"]),
    ("Marcus Bell, PA-C", ["PA-C"]),
    ("COVID-19 and HIV-positive results", ["COVID-19", "HIV"]),
    ("Go to A&E now.", ["A&E"]),
    ("Your A1C is high.", ["A1C"]),
    ("Dr. Smith, I, A1c, Mr Jones, iPhone, McDonald, MyChart, U.S. and Q.D.", []),
])
def test_find_acronyms(text, want):
    assert [c for _s, _e, c in find_acronyms(text)] == want


def test_long_form_start_is_loose():
    assert long_form_start("NSAID", "nonsteroidal anti-inflammatory drug") == 0
    text = "is a Federally Qualified Health Center"
    assert text[long_form_start("FQHC", text):] == "Federally Qualified Health Center"
    assert long_form_start("PCP", "the doctor") == -1


@pytest.mark.parametrize("acr,phrase,ok", [
    ("PCP", "your primary care provider", True),
    ("EOB", "an explanation of benefits", True),
    ("NSAIDs", "nonsteroidal anti-inflammatory drugs", True),
    ("FPG", "200% of the Federal Poverty Guidelines", True),
    ("PCP", "see below", False),
    ("NPO", "nothing to eat or drink", False),
    ("NPO", "nothing by mouth", True),       # the known expansion, via SH too
])
def test_expands(acr, phrase, ok):
    assert expands(acr, phrase, KNOWN.get(acr.rstrip("s"))) is ok


# ------------------------------------------------------------------------------ first use

def test_first_use_reported_once():
    found = run(["Ask your PCP. Your PCP knows you.", "Call your PCP."])
    assert [(f.match, f.line) for f in found] == [("PCP", 1)]


@pytest.mark.parametrize("text", [
    "Ask your primary care provider (PCP). Your PCP knows you.",
    "Ask your PCP (primary care provider). Your PCP knows you.",
    "Ask your PCP (your main doctor, the primary care provider). Your PCP knows you.",
    "Ask your Primary Care Provider (PCPs). Your PCP knows you.",
    "Take nonsteroidal anti-inflammatory drugs (NSAIDs) with food. NSAIDs can upset you.",
    "We are a Federally Qualified Health Center (FQHC). The FQHC helps.",
    "Ask your PCP, which stands for primary care provider. Your PCP knows you.",
])
def test_expanded_first_use_passes(text):
    assert flagged([text]) == []


def test_later_expansion_does_not_excuse_the_first_use():
    found = run(["Ask your PCP.", "Your primary care provider (PCP) knows you."])
    assert [f.match for f in found] == ["PCP"]


def test_abbr_and_dfn_marks():
    b = Block("paragraph", "Ask your PCP today.", SourceMap(),
              marks=[Mark(9, 12, "abbr", "primary care provider")])
    assert flagged([b, "Your PCP knows you."]) == []
    b = Block("paragraph", "Ask your PCP today.", SourceMap(), marks=[Mark(9, 12, "abbr", None)])
    assert flagged([b]) == ["PCP"]                 # an <abbr> without a title explains nothing
    html = ('<p>Ask your <abbr title="explanation of benefits">EOB</abbr> question.</p>'
            "<p>Your EOB shows what we paid.</p>")
    assert flagged(load("a.html", html.encode())) == []


def test_heading_use_waits_for_the_body():
    assert flagged([("heading", "What is a PCP?"),
                    "Your primary care provider (PCP) is your main doctor."]) == []
    found = run([("heading", "What is a PCP?"), "Your PCP is your main doctor."])
    assert [(f.match, f.line) for f in found] == [("PCP", 1)]
    assert flagged([("heading", "Bring your EOB")]) == ["EOB"]


# ------------------------------------------------------------------------------ not acronyms

@pytest.mark.parametrize("text", [
    "Do NOT eat or drink after midnight.",
    "CALL 911 if you have chest pain. This is IMPORTANT.",
    "STOP TAKING THIS MEDICINE and call us.",
    "Please read this CAREFULLY before you sign. It is URGENT and UTILIZED.",
    "You have type II diabetes. Stage IV cancer is treated here. Part III of the form.",
    "Riverside Clinic, 48 Mill Street, Millbrook, NY 12345-6789",
    "Send it to PO Box 4410, Millbrook.",
    "Your code is XXXX-XXXX. Your ID is ABC12345.",
    "Bring your ID. Watch TV. Call TTY 711. Get an MRI or CT scan. It is OK.",
    "Take COVID-19 and HIV tests at 9 AM or 2 PM. We ship in the US and UK.",
    "Take 1 tablet QD. Do not use IU or MS.",
])
def test_not_acronyms(text):
    assert flagged([text]) == [], text


@pytest.mark.parametrize("text", [
    "Stage I is divided into stage IA and stage IB. Stages IIA and IIB are next.",
    "Stage I is divided into stage I and stage IE.",
    "A prion [PREE-on] is an unusual agent.",
    "Call 8:00 a.m. to 9:00 p.m. (ET), Monday to Friday.",
    "Platelets (PLATE-lets) and arrhythmias (ah-RITH-me-ahs) are explained here.",
    "Call 1-877-222-VETS or 1-888-GI-BILL-1 for help.",
    "Call during business hours (8:00 - 4:30 ET) or after 9 a.m. PT.",
    "Mutations in the PITX2 gene and FOXC1 genes cause it.",
    "Use your GI Bill benefits. Sign in with DS Logon. A CT scan (CAT scan) is quick.",
    "Disseminated intravascular coagulation (ko-ag-u-LA-shun), or DIC, is rare. DIC is "
    "treated in hospital.",
    "NIH: National Institutes of Health. The NIH funds research.",
    "PCP - primary care provider. Your PCP knows you.",
])
def test_more_things_that_are_not_undefined_acronyms(text):
    assert flagged([text]) == [], text


def test_allow_phrases_param():
    assert flagged(["Use your GI benefits."]) == ["GI"]
    assert flagged(["Use your GI Bill."]) == []                       # a default
    assert flagged(["Use your GI Bill."], allow_phrases=[]) == ["GI"]
    assert flagged(["See the PDQ Summary."], allow_phrases=["PDQ Summary"]) == []


def test_shouted_blocks_are_skipped():
    assert flagged([("heading", "YOUR PCP VISIT"), "YOUR EOB", "Ask your EOB team."]) == ["EOB"]


def test_roman_numeral_iv_is_an_acronym_when_known():
    assert flagged(["You will get IV fluids."]) == ["IV"]
    assert flagged(["You have stage IV cancer."]) == []
    assert flagged(["You will get IV fluids."], known={}) == []


# ------------------------------------------------------------------------------ params

def test_allow_extend_allow_and_ignore():
    text = ["Ask your PCP or GP about your EOB."]
    assert flagged(text) == ["PCP", "GP", "EOB"]
    assert flagged(text, extend_allow=["GP"]) == ["PCP", "EOB"]
    assert flagged(text, allow=["PCP"]) == ["GP", "EOB"]
    assert flagged(text, ignore=["EOB", "GP"]) == ["PCP"]


def test_emphasis_param():
    assert flagged(["Do NOT eat."], emphasis=[]) == ["NOT"]


def test_languages_param():
    doc = make_doc(["Llame a su PCP."], lang="es")
    assert flagged(doc) == []
    assert flagged(doc, languages=None) == ["PCP"]


def test_masked_fields_are_not_acronyms():
    res = lint("Dear {{ PATIENT_NAME }}, your [[ClinicPhone]] and ${ACCOUNT_ID} are ready.\n",
               select=["PS310"])
    assert res.findings == []


# ------------------------------------------------------------------------------ messages

def test_message_with_known_expansion_and_plural():
    (f,) = run(["Ask your PCPs."])
    assert f.message == ('"PCPs" is not spelled out. Write it in full the first time: '
                         '"primary care providers (PCPs)".')
    assert f.suggestions == ("primary care providers (PCPs)",)
    assert f.data == {"acronym": "PCP", "expansion": "primary care provider"}


def test_message_without_known_expansion():
    (f,) = run(["Ask about the VIS."])
    assert f.message.startswith('"VIS" is not spelled out. Write it in full the first time')
    assert "{" not in f.message and f.suggestions == ()


def test_end_to_end_positions_and_rule():
    text = ("# Your visit\n\nBring your **EOB** and ask your PCP.\n\n"
            "Your primary care provider (PCP) will call.\n")
    res = lint(text, fmt="markdown", select=["PS310"])
    assert [f.match for f in res.findings] == ["EOB", "PCP"]
    lines = text.split("\n")
    for f in res.findings:
        assert lines[f.line - 1][f.column - 1:f.end_column - 1] == f.match
    assert 'Write it in full the first time: "explanation of benefits (EOB)"' in \
        res.findings[0].message


def test_corpus_planted_acronyms():
    from pathlib import Path
    from lintkit import linter
    root = Path(__file__).resolve().parent.parent / "corpus"
    lt = linter(select=["PS310"])
    got = {p: sorted({f.match for f in lt.lint_path(str(root / p)).findings}) for p in (
        "letters/appointment-reminder.txt", "letters/specialist-referral.txt",
        "web/financial-assistance.html", "web/portal-help.md", "letters/billing-statement.txt")}
    assert got["letters/appointment-reminder.txt"] == ["EOB", "NPO", "PCP"]
    assert got["letters/specialist-referral.txt"] == ["ECG", "PCP"]      # LVH is expanded
    assert got["web/financial-assistance.html"] == []                    # FQHC, FPG expanded
    assert got["web/portal-help.md"] == []                               # AVS expanded; ID
    assert got["letters/billing-statement.txt"] == ["CPT", "EOB", "FPL"]  # not "PO Box"
