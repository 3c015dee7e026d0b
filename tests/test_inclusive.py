"""Inclusive, person-first wording (PS501-PS515, rules/inclusive.yml): positives, near misses,
case and number in suggestions, and positions."""
from __future__ import annotations

import pytest

from lintkit import lint, rules

PS5 = ["PS5"]
INCLUSIVE = [r for r in rules() if r.code.startswith("PS5")]


def _found(text, fmt="text", profile=None):
    return [f for f in lint(text, fmt=fmt, profile=profile, select=PS5).findings
            if f.code.startswith("PS5")]


def _codes(text, **kw):
    return [f.code for f in _found(text, **kw)]


# -- the pack ----------------------------------------------------------------------------------

def test_pack_size_and_codes():
    assert {r.code for r in INCLUSIVE} >= {f"PS5{i:02d}" for i in range(1, 16)}
    assert all(r.kind == "lexicon" and r.category == "inclusive" for r in INCLUSIVE)
    n = sum(len(r.params["terms"]) for r in INCLUSIVE)
    assert n >= 250, n


def test_severities():
    sev = {r.code: str(r.severity) for r in INCLUSIVE}
    assert sev["PS514"].lower().endswith("error")
    assert sev["PS512"].lower().endswith("info")
    assert all(sev[c].lower().endswith("warning") for c in sev if c not in ("PS512", "PS514"))


def test_every_entry_names_a_source_of_its_rule():
    for r in INCLUSIVE:
        keys = {s["key"] for s in r.sources}
        assert all(s["url"].startswith("https://") for s in r.sources), r.code
        for e in r.params["terms"]:
            assert e["source"] in keys, (r.code, e["term"])


def test_terms_unique_within_pack():
    seen = {}
    for r in INCLUSIVE:
        for e in r.params["terms"]:
            t = (e["term"].lower(), tuple(e.get("styles", ())), tuple(e.get("locales", ())))
            assert t not in seen, (t, seen.get(t), r.code)
            seen[t] = r.code


# -- positives ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,code,match", [
    ("Diabetics should check their feet daily.", "PS501", "Diabetics"),
    ("If you are an epileptic, tell the pharmacist.", "PS501", "an epileptic"),
    ("Swimming sessions for asthmatics.", "PS501", "asthmatics"),
    ("Housing support for schizophrenics.", "PS501", "schizophrenics"),
    ("The obese are at higher risk of joint pain.", "PS501", "The obese"),
    ("COVID-19 cases must stay home for 5 days.", "PS501", "COVID-19 cases"),
    ("She suffers from migraines.", "PS502", "suffers from"),
    ("He was afflicted with polio as a child.", "PS502", "afflicted with"),
    ("He is a victim of a stroke.", "PS502", "victim of"),
    ("She was stricken with cancer.", "PS502", "stricken with"),
    ("Support for people battling cancer.", "PS502", "battling"),
    ("He has been wheelchair-bound since 2019.", "PS502", "wheelchair-bound"),
    ("She is confined to a wheelchair.", "PS502", "confined to a wheelchair"),
    ("Parking for the handicapped is at the front.", "PS503", "the handicapped"),
    ("Handicapped toilets are on floor 2.", "PS503", "Handicapped"),
    ("Our clinic welcomes the disabled.", "PS503", "the disabled"),
    ("Her brother committed suicide.", "PS504", "committed suicide"),
    ("Addicts can get help at our clinic.", "PS505", "Addicts"),
    ("He is a drug abuser.", "PS505", "drug abuser"),
    ("My father is an alcoholic.", "PS505", "an alcoholic"),
    ("He tested clean last week.", "PS505", "tested clean"),
    ("A dirty urine sample means a retest.", "PS505", "dirty urine"),
    ("Help for people with substance abuse problems.", "PS505", "substance abuse"),
    ("Inmates can request a flu shot.", "PS506", "Inmates"),
    ("A convict may still get care.", "PS506", "A convict"),
    ("Health coverage for parolees.", "PS506", "parolees"),
    ("Free flu shots for the homeless.", "PS507", "the homeless"),
    ("Programs for the poor.", "PS507", "the poor"),
    ("The uninsured can apply for help.", "PS507", "The uninsured"),
    ("Clinics that serve illegal immigrants.", "PS507", "illegal immigrants"),
    ("The elderly are at higher risk of falls.", "PS508", "The elderly"),
    ("Seniors can get a free flu shot.", "PS508", "Seniors"),
    ("Vaccines go first to vulnerable populations.", "PS509", "vulnerable populations"),
    ("We work with hard-to-reach communities.", "PS509", "hard-to-reach communities"),
    ("Minorities are less likely to be screened.", "PS509", "Minorities"),
    ("The risk is higher in Caucasian women.", "PS510", "Caucasian"),
    ("Oriental patients were less likely to be screened.", "PS510", "Oriental"),
    ("Each patient should bring his or her card.", "PS511", "his or her"),
    ("Ask the pharmacist if he/she has questions.", "PS511", "he/she"),
    ("Your husband or wife can come with you.", "PS511", "husband or wife"),
    ("The patient was noncompliant with insulin.", "PS512", "noncompliant"),
    ("He failed treatment with metformin.", "PS512", "failed treatment"),
    ("Patient denies chest pain.", "PS512", "Patient denies"),
    ("Our complaints fell on deaf ears.", "PS513", "fell on deaf ears"),
    ("She was crippled by arthritis.", "PS502", "crippled by"),
    ("Do not call anyone retarded.", "PS514", "retarded"),
    ("Illegal aliens cannot get coverage.", "PS514", "Illegal aliens"),
    ("The old unit housed cripples.", "PS514", "cripples"),
    ("No junkie jokes, please.", "PS514", "junkie"),
    ("Transgendered patients can ask for a private room.", "PS515", "Transgendered"),
    ("Ask about sexual preference only if needed.", "PS515", "sexual preference"),
])
def test_positive(text, code, match):
    got = [(f.code, f.match) for f in _found(text)]
    assert (code, match) in got, got


def test_slur_is_an_error():
    f = [f for f in _found("Illegal aliens cannot get coverage.") if f.code == "PS514"][0]
    assert "error" in str(f.severity).lower()


# -- near misses -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Book your diabetic eye screening today.",
    "Diabetic retinopathy can damage your sight.",
    "Learn about diabetic foot care at our class.",
    "A diabetic foot check takes 10 minutes.",
    "An epileptic seizure can last a few minutes.",
    "Your account is disabled until you confirm your email.",
    "The disabled button turns blue when the form is ready.",
    "This feature is disabled in your settings.",
    "Disabled people can ask for a longer appointment.",
    "Many autistic people use this service. An autistic person may prefer email.",
    "Deaf patients can ask for a BSL interpreter.",
    "Keep the wound clean and dry.",
    "Clean the test strip holder once a week.",
    "Wash your hands so they are clean before the test.",
    "An alcoholic drink can affect your medicine.",
    "Alcoholics Anonymous meets on Tuesdays.",
    "Support for victims of crime.",
    "Staff were battling heavy traffic to get here.",
    "Courts may convict people of drug offences.",
    "The poor signal in the basement can slow the app.",
    "Vulnerable populations due to lack of transport get home visits.",
    "Vulnerable groups, because of long travel times, get telehealth first.",
    "The word \"diabetics\" is not used in this leaflet.",
    "We no longer say 'the elderly' in our letters.",
    "Ask for a senior nurse if you have questions.",
    "High school seniors need a sports physical.",
    "The number of COVID-19 cases went down this month.",
    "Did your mother or father have colon cancer before age 60?",
    "Spastic cerebral palsy causes stiff muscles.",
    "Everyone has a small blind spot in each eye.",
    "The National Federation of the Blind offers free canes.",
    "People with diabetes should check their feet every day.",
    "Older adults are at higher risk of falls.",
])
def test_near_miss(text):
    assert _found(text) == [], [(f.code, f.match) for f in _found(text)]


# -- number and case in suggestions ------------------------------------------------------------

@pytest.mark.parametrize("text,match,first", [
    ("Tips for diabetics.", "diabetics", "people with diabetes"),
    ("Diabetics should eat regular meals.", "Diabetics", "People with diabetes"),
    ("If you are a diabetic, check your feet.", "a diabetic", "a person with diabetes"),
    ("A diabetic should check their feet.", "A diabetic", "A person with diabetes"),
    ("DIABETICS SHOULD CHECK THEIR FEET.", "DIABETICS", "PEOPLE WITH DIABETES"),
    ("Epileptics can drive after a year without seizures.", "Epileptics", "People with epilepsy"),
    ("He is an addict.", "addict", "person with a substance use disorder"),
    ("Help for addicts.", "addicts", "people with a substance use disorder"),
    ("Ask an inmate.", "inmate", "person who is incarcerated"),
    ("Inmates can ask.", "Inmates", "People who are incarcerated"),
    ("She commits suicide in the film.", "commits suicide", "dies by suicide"),
    ("The patient suffered from migraines.", "suffered from", "had"),
])
def test_suggestion_keeps_number_and_case(text, match, first):
    fs = [f for f in _found(text) if f.match == match]
    assert fs, [(f.code, f.match) for f in _found(text)]
    assert fs[0].suggestions[0] == first, fs[0].suggestions


def test_fixable_entry_carries_a_fix():
    f = [f for f in _found("Her brother Committed suicide.") if f.code == "PS504"][0]
    assert f.fix is not None and f.fix.replacement == "Died by suicide"


# -- positions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,fmt", [
    ("Intro line.\n\nFree flu shots for the homeless and\nthe uninsured. Diabetics welcome.\n", "text"),
    ("# Help\n\nSupport for **diabetics** and *the elderly* who suffer from pain.\n", "markdown"),
    ("<p>Wheelchair-bound patients &amp; the homeless can call.</p>\n", "html"),
])
def test_positions(text, fmt):
    res = lint(text, fmt=fmt, select=PS5)
    fs = [f for f in res.findings if f.code.startswith("PS5")]
    assert fs
    for f in fs:
        assert text[f.start:f.end] == f.match, (f.match, text[f.start:f.end])
        lines = text.split("\n")
        assert lines[f.line - 1][f.column - 1:].startswith(f.match.split("\n")[0])


def test_identity_first_words_are_not_flagged_by_default():
    text = "Autistic people, Deaf people, disabled people and blind people are welcome."
    assert _found(text) == []
