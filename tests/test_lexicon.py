"""The ``lexicon`` check kind (PS301-PS309): matching, definitions, fixes, data and cost."""
from __future__ import annotations

import re
import types

import pytest

from plainspeak.checks.base import Context
from plainspeak.checks.lexicon import (Lexicon, Matcher, NormText, inflect_word, match_case,
                                       variants)
from plainspeak.document import Block, Document, Link, Mark, SourceMap
from plainspeak.finding import Severity
from plainspeak.readers import load

from lintkit import lint, linter, rules

MESSAGE = 'Use {alternatives} instead of "{match}". {note}'


from lintkit import make_doc  # noqa: E402


def make_rule(message=MESSAGE, scope=None, code="PS3XX"):
    return types.SimpleNamespace(code=code, name="lexicon-test", category="jargon",
                                 severity=Severity.WARNING, message=message, scope=scope)


def entry(term, *alts, **kw):
    return {"term": term, "alternatives": list(alts) or ["plain"], "source": "TEST", **kw}


def run(parts, terms, check=None, **params):
    """Findings of a lexicon rule with ``terms`` on ``parts`` (or a Document); every span is
    checked to be exactly the source text it reports."""
    doc = parts if isinstance(parts, Document) else make_doc(parts)
    if check is None:
        check = Lexicon(make_rule(), {"terms": terms, **params})
    found = list(check.run(Context(doc, "web")))
    for f in found:
        assert doc.source[f.start:f.end] == f.match
    return found


def matches(parts, terms, **params):
    return [f.match for f in run(parts, terms, **params)]


# ------------------------------------------------------------------------------ inflection

@pytest.mark.parametrize("term,forms", [
    ("utilize", {"utilizes", "utilized", "utilizing"}),
    ("commit", {"commits", "committed", "committing"}),
    ("apply", {"applies", "applied", "applying"}),
    ("stop", {"stops", "stopped", "stopping"}),
    ("occur", {"occurs", "occurred", "occurring"}),
    ("die", {"dies", "died", "dying"}),
    ("panic", {"panicked", "panicking"}),
    ("approach", {"approaches", "approached", "approaching"}),
    ("diagnosis", {"diagnoses"}),
    ("calculus", {"calculi", "calculuses"}),
    ("vertebra", {"vertebrae"}),
    ("undergo", {"undergoes", "underwent", "undergone", "undergoing"}),
    ("take", {"takes", "took", "taken", "taking"}),
    ("child", {"children"}),
    ("comply with", {"complies with", "complied with", "complying with"}),
    ("reach out", {"reaches out", "reached out", "reaching out"}),
    ("renal failure", {"renal failures"}),
])
def test_variants_cover_inflections(term, forms):
    got = {v for v, _t in variants(term)}
    assert forms <= got, forms - got


def test_no_inflection_when_off_or_not_a_word():
    assert variants("renal", inflect=False) == [("renal", "")]
    assert [v for v, _ in variants("prior to")] == ["prior to"]   # function words only
    assert [v for v, _ in variants("e.g.")] == ["e.g."]
    assert [v for v, _ in variants("in the event that")] == ["in the event that"]


def test_inflection_types_are_recorded():
    kinds = dict(variants("utilize"))
    assert kinds["utilize"] == "" and kinds["utilizes"] == "s"
    assert kinds["utilized"] == "ed" and kinds["utilizing"] == "ing"


@pytest.mark.parametrize("word,typ,want", [
    ("use", "ed", "used"), ("use", "ing", "using"), ("use", "s", "uses"),
    ("start", "ed", "started"), ("stop", "ed", "stopped"), ("visit", "ed", "visited"),
    ("try", "ed", "tried"), ("get", "ing", "getting"), ("give", "ed", None),
    ("tell", "ed", "told"), ("Use", "ed", "Used"), ("make easier", "ed", None),
])
def test_inflect_word(word, typ, want):
    assert inflect_word(word, typ) == want


@pytest.mark.parametrize("source,repl,want", [
    ("utilize", "use", "use"), ("Utilize", "use", "Use"), ("UTILIZE", "use", "USE"),
    ("Prior to", "before", "Before"), ("E.g.", "for example", "For example"),
    ("e.g.", "for example", "for example"), ("uTILize", "use", "use"),
])
def test_match_case(source, repl, want):
    assert match_case(source, repl) == want


# ------------------------------------------------------------------------------ matching

def test_inflected_forms_match():
    terms = [entry("utilize", "use")]
    got = matches(["We utilized it; she utilizes it; they are utilizing it; utilize it."], terms)
    assert got == ["utilized", "utilizes", "utilizing", "utilize"]


def test_case_insensitive_by_default_and_case_sensitive_entries():
    terms = [entry("utilize", "use"), entry("eg", "for example", case_sensitive=True,
                                             inflect=False)]
    got = matches(["UTILIZE and Utilize; eg this; EG that; Eg other."], terms)
    assert got == ["UTILIZE", "Utilize", "eg"]


def test_word_boundaries():
    terms = [entry("per", "a", inflect=False), entry("utilize", "use"), entry("tap", "select")]
    text = ("person, super, per-capita, re-utilize, utilize2, _utilize, tapas, "
            "per your doctor, (utilize), 'tap'.")
    assert matches([text], terms) == ["per", "utilize"]


def test_multi_word_terms_and_line_breaks():
    terms = [entry("prior to", "before", inflect=False),
             entry("in the event that", "if", inflect=False)]
    text = "Eat nothing prior\nto the test. In the\n   event\tthat you are ill, call."
    doc = make_doc([text])
    found = run(doc, terms)
    assert [f.match for f in found] == ["prior\nto", "In the\n   event\tthat"]


def test_masked_fields_do_not_join_words():
    # readers turn template fields into spaces: "prior {{ x }} to" is not "prior to"
    terms = [entry("prior to", "before", inflect=False)]
    assert matches(["Come prior           to noon."], terms) == []


def test_longest_match_wins():
    terms = [entry("acute", "sudden"), entry("acute kidney injury", "sudden kidney damage"),
             entry("kidney injury", "kidney damage")]
    got = run(["You had acute kidney injury. The kidney injury healed. It was acute."], terms)
    assert [f.match for f in got] == ["acute kidney injury", "kidney injury", "acute"]
    assert got[0].suggestions == ("sudden kidney damage",)


def test_overlapping_matches_keep_the_longest():
    terms = [entry("in excess of", "more than", inflect=False),
             entry("excess of salt", "too much salt", inflect=False)]
    assert matches(["Do not eat in excess of salt."], terms) == ["excess of salt"]


def test_allowed_phrases_rule_level_and_per_entry():
    terms = [entry("acute", "sudden", allow=["acute care"]), entry("chronic", "long-term")]
    text = ("Acute lymphoblastic leukemia is treated in acute care units. Chronic kidney "
            "disease is common. Acute pain and chronic pain.")
    got = matches([text], terms, allowed=["acute lymphoblastic leukemia",
                                          "chronic kidney disease"])
    assert got == ["Acute", "chronic"]


def test_entry_allow_applies_to_its_own_entry_only():
    terms = [entry("per", "a", inflect=False, allow=["per day"]), entry("day", "daytime")]
    assert matches(["Take one per day."], terms) == ["day"]


def test_quoted_term_is_talked_about_not_used():
    terms = [entry("renal", "kidney", inflect=False)]
    text = ("The word \u201crenal\u201d means kidney. Doctors say 'renal' and \"renal\". "
            "Your \u2018renal\u2019 tests. \"Your renal tests\" are fine. Renal diet.")
    assert matches([text], terms) == ["renal", "Renal"]


def test_one_syllable_words_only_double():
    forms = {v for v, _t in variants("tap")}
    assert {"tapped", "tapping"} <= forms and not {"taped", "taping"} & forms
    assert {"visited", "visiting", "occurred", "occurring"} <= (
        {v for v, _ in variants("visit")} | {v for v, _ in variants("occur")})


@pytest.mark.parametrize("text,want", [
    ("For assistance, call us.", ["assistance"]),
    ("Assistance is free.", ["Assistance"]),
    ("Ask the Consumer Assistance Program.", []),
    ("Ask about Educational Assistance today.", []),
    ("Get Assistance Now", ["Assistance"]),                # a Title Case heading
    ("Join a TAP briefing. Tap the button.", ["Tap"]),     # TAP: an acronym
    ("TAP THE BUTTON", ["TAP"]),                            # a line in capitals
])
def test_capitals_that_make_a_name(text, want):
    terms = [entry("assistance", "help"), entry("tap", "select")]
    assert matches([text], terms) == want


def test_context_after():
    terms = [entry("experience", "have",
                   context_after=["pain", "symptom", "side effect", "the following"])]
    text = ("If you experience chest pain, call. Your experience at our clinic matters. "
            "People who experienced symptoms. If you experience any of the following. "
            "If you experience side effects. We experience delays. Experience. Pain.")
    got = matches([text], terms, context_window=3)
    assert got == ["experience", "experienced", "experience", "experience"]


def test_rule_level_context_after():
    terms = [entry("press", "select")]
    got = matches(["Press 1 for the nurse. Press firmly on the cut. Press the green button."],
                  terms, context_after=["1", "button"])
    assert got == ["Press", "Press"]


def test_languages_param():
    terms = [entry("via", "through", inflect=False)]
    doc = make_doc(["Send it via fax."], lang="es")
    assert run(doc, terms) == []
    assert [f.match for f in run(doc, terms, languages=None)] == ["via"]
    doc = make_doc(["Send it via fax."], lang="es", block_lang="en")
    assert [f.match for f in run(doc, terms)] == ["via"]


def test_scope():
    terms = [entry("utilize", "use")]
    doc = make_doc([("heading", "Utilize this"), ("alt", "utilize"), "utilize it"])
    check = Lexicon(make_rule(scope=["paragraph"]), {"terms": terms})
    assert [f.match for f in run(doc, terms, check=check)] == ["utilize"]


def test_extra_and_ignored_terms():
    terms = [entry("utilize", "use"), entry("commence", "start")]
    got = matches(["Utilize it and commence now, prior to noon."], terms,
                  ignore_terms=["commence"],
                  extra_terms=[entry("prior to", "before", inflect=False)])
    assert got == ["Utilize", "prior to"]


# ------------------------------------------------------------------------------ findings

def test_message_suggestions_and_data():
    terms = [entry("utilize", "use", "employ", note="Short words are easier."),
             entry("commence", "start")]
    f1, f2 = run(["Utilized it. Commence now."], terms)
    assert f1.message == 'Use "used" or "employed" instead of "Utilized". Short words are easier.'
    assert f1.suggestions == ("Used", "Employed")
    assert f1.data == {"term": "utilize", "source": "TEST"}
    assert f2.message == 'Use "start" instead of "Commence".'      # empty note: no dangling space
    assert f2.fix is None                                          # not fixable


@pytest.mark.parametrize("text,want", [
    ("Utilize the portal.", "Use"), ("UTILIZE THE PORTAL.", "USE"),
    ("We utilize it.", "use"), ("We utilized it.", "used"), ("Utilizing it.", "Using"),
])
def test_fix_preserves_case_and_inflection(text, want):
    (f,) = run([text], [entry("utilize", "use", fixable=True)])
    assert f.fix is not None and f.fix.replacement == want
    assert (f.fix.start, f.fix.end) == (f.start, f.end)


def test_fix_only_for_one_alternative_and_when_inflection_is_known():
    terms = [entry("facilitate", "help", "make easier", fixable=True),
             entry("administer", "give", fixable=True),
             entry("ascertain", "find out", fixable=True)]
    found = run(["Facilitate it. We administered it. We administer it. We ascertained it."],
                terms)
    assert [f.fix.replacement if f.fix else None for f in found] == [None, None, "give", None]
    # the message falls back to the base form when the inflected one is unknown
    assert '"give"' in found[1].message and '"find out"' in found[3].message


def test_positions_round_trip_through_markup():
    src = ("<p>Please <b>utilize</b> the&nbsp;portal &amp; arrive <i>prior</i>\n"
           "to your visit. In the event that you are late, call.</p>")
    doc = load("page.html", src.encode())
    terms = [entry("utilize", "use"), entry("prior to", "before", inflect=False),
             entry("in the event that", "if", inflect=False)]
    found = run(doc, terms)
    assert [f.match for f in found] == ["utilize", "prior</i>\nto", "In the event that"]
    for f in found:
        assert src[f.start:f.end] == f.match


def test_positions_round_trip_end_to_end():
    text = ("# Your visit\n\nPlease *utilize* the portal prior to\nyour visit, e.g. to "
            "check in. Visitors are not permitted after 8 p.m.\n\n- It is not uncommon to "
            "wait.\n")
    res = lint(text, fmt="markdown", select=["plain-words"])
    assert {f.code for f in res.findings} >= {"PS302", "PS305", "PS308"}
    lines = text.split("\n")
    for f in res.findings:
        assert f.line == f.end_line
        assert lines[f.line - 1][f.column - 1:f.end_column - 1] == f.match
        assert text[f.start:f.end] == f.match


# ------------------------------------------------------------------------------ defined on first use

DEFINE_TERMS = [entry("hypertension", "high blood pressure"), entry("renal", "kidney",
                                                                    inflect=False)]


@pytest.mark.parametrize("definition", [
    "You have high blood pressure (hypertension).",
    "You have hypertension (high blood pressure).",
    "You have hypertension (blood pressure that stays too high).",
    "You have hypertension, which means high blood pressure.",
    "You have hypertension, that means your blood pressure is high.",
    "Hypertension means high blood pressure.",
    "Hypertension: high blood pressure.",
    "Hypertension \u2014 high blood pressure \u2014 is common.",
    "Hypertension \u2013 high blood pressure.",
    "Hypertension - high blood pressure.",
    "High blood pressure is also called hypertension.",
    "High blood pressure, known as hypertension, is common.",
    "The word \"hypertension\" means high blood pressure.",
])
def test_definition_forms(definition):
    text = [definition, "Hypertension can cause strokes. Treat your hypertension."]
    assert run(text, DEFINE_TERMS, defined_on_first_use=True) == []
    # without the rule parameter every use is flagged
    assert len(run(text, DEFINE_TERMS)) >= 2


def test_definition_by_dfn_abbr_and_glossary_link():
    dfn = Block("paragraph", "You have hypertension.", SourceMap(),
                marks=[Mark(9, 21, "dfn")])
    link = Block("paragraph", "See renal in the list.", SourceMap(),
                 links=[Link(4, 9, "/help/Glossary#renal")])
    other = Block("paragraph", "See renal here.", SourceMap(), links=[Link(4, 9, "/renal")])
    doc = make_doc([dfn, "Hypertension is common.", link, "Renal tests."])
    assert run(doc, DEFINE_TERMS, defined_on_first_use=True) == []
    doc = make_doc([other, "Renal tests."])
    assert len(run(doc, DEFINE_TERMS, defined_on_first_use=True)) == 2


def test_definition_in_real_html_and_markdown():
    html = ("<p>You have <dfn>hypertension</dfn>.</p><p>Hypertension is common.</p>"
            "<p>Ask about <a href='/glossary#renal'>renal</a> care. Renal diet.</p>")
    assert run(load("a.html", html.encode()), DEFINE_TERMS, defined_on_first_use=True) == []
    md = "Read about [renal](/glossary.html#renal) care.\n\nYour renal tests are fine.\n"
    assert run(load("a.md", md.encode()), DEFINE_TERMS, defined_on_first_use=True) == []


def test_later_uses_pass_earlier_uses_do_not():
    text = ["Your hypertension is back.", "Hypertension (high blood pressure) needs care.",
            "Take your hypertension pills.", "Renal tests are due."]
    found = run(text, DEFINE_TERMS, defined_on_first_use=True)
    assert [(f.match, f.line) for f in found] == [("hypertension", 1), ("Renal", 7)]


def test_definition_covers_every_form_of_the_term():
    terms = [entry("calculus", "stone")]
    text = ["A kidney stone (calculus) can hurt.", "Most calculi pass on their own."]
    assert run(text, terms, defined_on_first_use=True) == []


def test_not_a_definition():
    text = ["You have hypertension. It is common (about 1 in 3 adults have it).",
            "Hypertension (see page 3) is treated with pills and exercise every day for a "
            "long time (many years in most people who have it)."]
    found = run(text[:1], DEFINE_TERMS, defined_on_first_use=True)
    assert [f.match for f in found] == ["hypertension"]


def test_definitions_count_outside_the_scope():
    check = Lexicon(make_rule(scope=["paragraph"]),
                    {"terms": DEFINE_TERMS, "defined_on_first_use": True})
    doc = make_doc([("heading", "Hypertension (high blood pressure)"), "Hypertension is common."])
    assert run(doc, DEFINE_TERMS, check=check) == []
    doc = make_doc([("heading", "Hypertension"), "Hypertension is common."])
    assert [f.line for f in run(doc, DEFINE_TERMS, check=check)] == [3]


# ------------------------------------------------------------------------------ cost

def test_matcher_is_built_once_per_rule_instance():
    check = Lexicon(make_rule(), {"terms": [entry("utilize", "use")]})
    before = Matcher.builds
    for _ in range(3):
        run(["Utilize it."], None, check=check)
    assert Matcher.builds == before + 1
    assert check.matcher is check.matcher


def test_linter_builds_each_matcher_once_for_many_files():
    lt = linter(select=["PS302", "PS305"])
    before = Matcher.builds
    for i in range(4):
        lt.lint_bytes(f"f{i}.md", b"Please utilize the portal, e.g. to book.\n")
    assert Matcher.builds - before == 2


SAMPLE = [
    "Please utilize the portal prior to your visit. In the event that you are ill, call us.",
    "We utilized the results. Acute care is available; acute pain is treated.",
    "The word 'renal' means kidney. Renal tests and utilizing renal units.",
]


def _synthetic(n: int) -> list[dict]:
    import random
    rnd = random.Random(7)
    letters = "bcdfghjklmnpqrstvwxz"
    out = []
    while len(out) < n:
        w = "".join(rnd.choice(letters) + rnd.choice("aeiou") for _ in range(rnd.randint(3, 5)))
        out.append(entry(w, "plain"))
        if rnd.random() < 0.2:
            out.append(entry(w + " " + w[::-1], "plain words"))
    return out[:n]


def test_thousands_of_terms_give_the_same_findings():
    base = [entry("utilize", "use"), entry("prior to", "before", inflect=False),
            entry("in the event that", "if", inflect=False), entry("acute", "sudden",
                                                                    allow=["acute care"]),
            entry("renal", "kidney", inflect=False)]
    big = _synthetic(5000 - len(base)) + base
    small_found = run(SAMPLE, base)
    big_check = Lexicon(make_rule(), {"terms": big})
    big_found = run(SAMPLE, None, check=big_check)
    key = lambda f: (f.start, f.end, f.match, f.message, f.suggestions)   # noqa: E731
    assert [key(f) for f in big_found] == [key(f) for f in small_found]
    assert len(small_found) == 8
    assert big_check.matcher.n_keys > 5000


def test_no_per_term_loops_in_the_scan():
    """The scan is one automaton pass per block: the number of terms never enters it."""
    import inspect
    src = (inspect.getsource(Matcher.scan) + inspect.getsource(Matcher._scan)
           + inspect.getsource(Matcher._hits))
    assert "self.entries" not in src.replace("self.entries[k]", "")
    assert not re.search(r"for\s+\w+\s+in\s+(self\.)?entries", src)


def test_norm_text_maps_back():
    nt = NormText("A\n  b\u2019s\u00a0c")
    assert nt.lower == "a b's c"
    assert [nt.start(i) for i in range(len(nt.lower))] == [0, 1, 4, 5, 6, 7, 8]
    assert nt.end(len(nt.lower)) == len("A\n  b\u2019s\u00a0c")


# ------------------------------------------------------------------------------ the built-in rules

PLAIN_WORDS = ["PS302", "PS303", "PS304", "PS305", "PS306", "PS307", "PS308", "PS309"]


def _codes(text, code, **kw):
    return [f.match for f in lint(text, select=[code], **kw).findings if f.code == code]


@pytest.mark.parametrize("code,text,want", [
    ("PS302", "Please utilize the portal prior to your visit.", ["utilize", "prior to"]),
    ("PS302", "In the event that you are late, please call.", ["In the event that"]),
    ("PS302", "You may need assisted living. Help with language assistance is free.", []),
    ("PS303", "We track morbidity and mortality rates.", ["morbidity", "mortality rates"]),
    ("PS303", "The outcome of your appeal is attached.", []),
    ("PS304", "If you experience headaches, call us.", ["experience"]),
    ("PS304", "Our staff are experienced. Tell us about your experience with us.", []),
    ("PS305", "Take 1 tablet per day, or 2 per dose, 5 mg per kg.", []),
    ("PS305", "Bring your papers, e.g. your card, etc.", ["e.g.", "etc"]),
    ("PS305", "Per your doctor, send it via fax.", ["Per", "via"]),
    ("PS306", "Please reach out to us. Reach out your hand.", ["reach out"]),
    ("PS307", "You shall sign here. Shall we start?", ["shall"]),
    ("PS308", "It is not uncommon. It isn't unusual. No fewer than 3.",
     ["not uncommon", "isn't unusual", "No fewer than"]),
])
def test_builtin_rules(code, text, want):
    assert _codes(text, code) == want


def test_device_verbs_are_off_for_letters_and_on_for_web_and_portal():
    text = "Click the button, tap Next or press 1. Drink tap water. Press firmly on the cut."
    assert _codes(text, "PS309", profile="letter") == []
    assert _codes(text, "PS309", profile="web") == ["Click", "tap", "press"]
    assert _codes(text, "PS309", profile="portal") == ["Click", "tap", "press"]


def test_builtin_fixes():
    res = lint("Utilize the form prior to your visit. E.g. bring ID. You are required to "
               "sign. Arrive no less than 15 minutes early.", select=PLAIN_WORDS)
    fixes = {f.match: f.fix.replacement for f in res.findings if f.fix}
    assert fixes == {"Utilize": "Use", "prior to": "before", "E.g.": "For example",
                     "no less than": "at least"}
    # "are required to" is flagged but has no fix: it can mean "are needed to"
    assert "are required to" in [f.match for f in res.findings]


def test_clean_corpus_text_has_no_plain_word_findings():
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "corpus" / "clean"
    for p in sorted(root.iterdir()):
        res = linter(select=PLAIN_WORDS + ["PS310"]).lint_path(str(p))
        assert not res.findings, (p.name, [(f.code, f.match) for f in res.findings])


def _lexicon_rules():
    return [r for r in rules() if r.kind == "lexicon"]


@pytest.mark.parametrize("rule", _lexicon_rules(), ids=lambda r: r.code)
def test_lexicon_data(rule):
    """Every entry names one of the rule's source keys; fixable entries have exactly one
    alternative; terms are unique, sorted and lower case unless case-sensitive."""
    keys = {s.get("key") for s in rule.sources}
    terms = rule.params.get("terms") or []
    assert terms, rule.code
    seen = set()
    for e in terms:
        assert e["source"] in keys, (rule.code, e["term"], e["source"])
        if e.get("fixable"):
            assert len(e["alternatives"]) == 1, (rule.code, e["term"])
        if not e.get("case_sensitive"):
            assert e["term"] == e["term"].lower(), (rule.code, e["term"])
        variant = (e["term"], tuple(e.get("styles", ())), tuple(e.get("locales", ())))
        assert variant not in seen, (rule.code, e["term"])
        seen.add(variant)
        assert e["term"].lower() not in {a.lower() for a in e["alternatives"]}
    names = [e["term"].lower() for e in terms]
    assert names == sorted(names), rule.code
    if rule.pack == "plain-words" and any(e.get("fixable") for e in terms):
        assert rule.fixable, f"{rule.code} has fixable entries but not `fixable: true`"


def test_plain_words_pack_has_the_promised_rules():
    by_code = {r.code: r for r in rules()}
    for code, name in [("PS302", "officialese"), ("PS303", "public-health-jargon"),
                       ("PS304", "clinical-register"), ("PS305", "latin-abbreviation"),
                       ("PS306", "idiom"), ("PS307", "legalese"), ("PS308", "double-negative"),
                       ("PS309", "device-verb"), ("PS310", "undefined-acronym")]:
        r = by_code[code]
        assert r.name == name and r.pack == "plain-words"
        assert all(s["url"].startswith("https://") for s in r.sources)
    assert str(by_code["PS304"].severity) == "info"
    assert by_code["PS309"].profiles.get("letter") is False
    sizes = {c: len(by_code[c].params["terms"]) for c in PLAIN_WORDS}
    assert sizes["PS302"] >= 60 and sizes["PS303"] >= 30 and sizes["PS304"] >= 20
    assert sizes["PS305"] >= 8 and sizes["PS306"] >= 25 and sizes["PS307"] >= 15
    assert sizes["PS308"] >= 12
