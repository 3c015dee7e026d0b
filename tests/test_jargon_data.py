"""Meta-tests over the medical-jargon term list (rules/jargon.yml, PS301).

The data is loaded with ``yaml.safe_load``, independently of the rule-pack loader, so these
tests describe the list itself: size, order, shape, sources, and that no suggestion is itself
jargon. A few sentences at the end pin the precision decisions (condition names, everyday
meanings) through the real linter.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "rules" / "jargon.yml"

ENTRY_KEYS = {"term", "alternatives", "source", "note", "fixable", "inflect", "allow",
              "case_sensitive", "context_after"}

# Words that belong to other rules (officialese PS302, public-health jargon PS303, clinical
# verbs PS304) or were left out on purpose because their everyday meanings cause false
# positives. None of them may appear in the medical-jargon list.
NOT_HERE = {
    "utilize", "utilise", "facilitate", "prior to", "commence", "ascertain", "sufficient",
    "morbidity", "mortality", "surveillance", "stakeholders", "optimal", "outcome",
    "incidence", "prevalence", "experience", "administer", "occur", "persist", "exceed",
    "consume", "develop", "discharge", "stool", "fever", "positive", "negative", "referral",
    "deficiency", "prosthetic", "somatic", "elevated", "inpatient", "outpatient",
}


@functools.lru_cache(maxsize=1)
def _pack() -> dict:
    return yaml.safe_load(PACK.read_text(encoding="utf-8"))


def _rule() -> dict:
    rules = _pack()["rules"]
    assert len(rules) == 1
    return rules[0]


def _terms() -> list[dict]:
    return _rule()["params"]["terms"]


def _forms(term: str, inflect: bool = True) -> list[str]:
    """The forms the lexicon matcher looks for (its own ``variants`` when available)."""
    try:
        from plainspeak.checks.lexicon import variants
    except ImportError:                                   # pragma: no cover - fallback
        if not inflect:
            return [term]
        head, sep, last = term.rpartition(" ")
        ends = ["s", "es", "ed", "d", "ing"]
        out = [term] + [head + sep + last + e for e in ends]
        if last.endswith("y"):
            out.append(head + sep + last[:-1] + "ies")
        return out
    return [f for f, _typ in variants(term, inflect)]


def _word_re(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")


_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _ngrams(text: str) -> set[str]:
    """Every run of whole words in ``text`` (a hyphen joins two words, as in the matcher;
    "physician's" contains "physician"), so a term form is contained as whole words iff it
    is in this set."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


def _all_forms() -> dict[str, str]:
    """Every matchable form of every term -> the term."""
    out: dict[str, str] = {}
    for e in _terms():
        for f in _forms(e["term"], e.get("inflect", True)):
            out.setdefault(f, e["term"])
    return out


# ------------------------------------------------------------------------- the rule itself

def test_pack_and_rule_header():
    pack = _pack()
    assert pack["pack"] == "jargon"
    r = _rule()
    assert (r["code"], r["name"], r["kind"], r["severity"]) == (
        "PS301", "medical-jargon", "lexicon", "warning")
    assert r["params"]["defined_on_first_use"] is True
    for field in ("{match}", "{alternatives}", "{note}"):
        assert field in r["message"]


def test_sources_have_unique_keys_and_are_all_used():
    sources = _rule()["sources"]
    keys = [s["key"] for s in sources]
    assert len(keys) == len(set(keys))
    assert all(s.get("name") for s in sources)
    assert all(s["url"].startswith("https://") for s in sources if "url" in s)
    used = {e["source"] for e in _terms()}
    assert set(keys) == used, f"unused sources: {set(keys) - used}"


# ------------------------------------------------------------------------------ the terms

def test_at_least_600_terms():
    assert len(_terms()) >= 600


def test_terms_unique_and_sorted():
    terms = [e["term"] for e in _terms()]
    dups = sorted({t for t in terms if terms.count(t) > 1})
    assert not dups, f"duplicate terms: {dups}"
    assert terms == sorted(terms), "terms must be sorted alphabetically"


def test_terms_lower_case_and_tidy():
    for e in _terms():
        t = e["term"]
        assert t == t.lower(), t
        assert t == " ".join(t.split()), f"stray whitespace in {t!r}"
        assert re.fullmatch(r"[a-z][a-z' -]*[a-z]", t), t
        assert not e.get("case_sensitive"), t


def test_entries_have_only_known_keys():
    for e in _terms():
        assert set(e) <= ENTRY_KEYS, (e["term"], set(e) - ENTRY_KEYS)
        assert isinstance(e.get("inflect", True), bool)
        assert isinstance(e.get("fixable", False), bool)
        if "note" in e:
            assert isinstance(e["note"], str) and e["note"].strip(), e["term"]


def test_one_to_three_distinct_alternatives():
    for e in _terms():
        alts = e["alternatives"]
        assert isinstance(alts, list) and 1 <= len(alts) <= 3, e["term"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in alts), e["term"]
        assert len({a.lower() for a in alts}) == len(alts), f"repeated alternative: {e['term']}"


def test_no_alternative_contains_its_own_term():
    for e in _terms():
        pat = _word_re(e["term"])
        for a in e["alternatives"]:
            assert a.lower() != e["term"], e["term"]
            assert not pat.search(a.lower()), f"{e['term']!r} -> {a!r}"


def test_every_source_is_a_rule_source_key():
    keys = {s["key"] for s in _rule()["sources"]}
    for e in _terms():
        assert e["source"] in keys, (e["term"], e["source"])


def test_no_alternative_is_itself_jargon():
    """A suggestion must never contain a word that PS301 would flag."""
    forms = _all_forms()
    bad = []
    for e in _terms():
        for a in e["alternatives"]:
            for f in sorted(_ngrams(a) & forms.keys()):
                bad.append(f"{e['term']!r} -> {a!r} contains {forms[f]!r}")
    assert not bad, "\n".join(bad)


def test_fixable_only_with_exactly_one_alternative():
    fixable = [e for e in _terms() if e.get("fixable")]
    assert fixable, "expected a few fixable entries (physician, medication)"
    assert len(fixable) <= 15, "fixable should stay rare for medical terms"
    for e in fixable:
        assert len(e["alternatives"]) == 1, e["term"]
        assert " " not in e["term"] or e.get("inflect") is False, e["term"]


def test_per_entry_allow_phrases_contain_their_term():
    for e in _terms():
        for phrase in e.get("allow", []):
            assert phrase == phrase.lower(), phrase
            forms = _forms(e["term"], e.get("inflect", True))
            assert _ngrams(phrase) & set(forms), (e["term"], phrase)
            assert phrase != e["term"]


def test_terms_of_other_rules_are_not_here():
    terms = {e["term"] for e in _terms()}
    assert not (terms & NOT_HERE), sorted(terms & NOT_HERE)


# ----------------------------------------------------------------------- allowed phrases

def test_allowed_phrases_unique_sorted_lower_case():
    allowed = _rule()["params"]["allowed"]
    assert allowed == sorted(set(allowed))
    assert all(a == a.lower() and a == " ".join(a.split()) for a in allowed)


def test_allowed_phrases_each_contain_a_term():
    forms = _all_forms()
    terms = {e["term"] for e in _terms()}
    for phrase in _rule()["params"]["allowed"]:
        assert _ngrams(phrase) & forms.keys(), f"{phrase!r} contains no term"
        assert phrase not in terms, phrase


# ------------------------------------------------------- precision decisions, end to end

def _ps301(text: str) -> list[str]:
    pytest.importorskip("plainspeak.checks.lexicon")
    from lintkit import lint
    return [f.match for f in lint(text, select=["PS301"]).findings if f.code == "PS301"]


@pytest.mark.parametrize("text", [
    "Children with acute lymphoblastic leukemia are treated here.",
    "You have chronic kidney disease, stage 3.",
    "We screen for ocular hypertension at every eye exam.",
    "Pulmonary hypertension is different from high blood pressure.",
    "Haemophilus influenzae type b (Hib) is a germ.",
    "A physician assistant will see you first.",
    "We work to end systemic racism in health care.",
    "Ask for free oral interpretation in your language.",
    "Malignant hyperthermia is a rare reaction to some medicines.",
    "This clinic cares for people with cerebral palsy.",
    "Your test showed benign prostatic hyperplasia, an enlarged prostate.",
    "Drink oral rehydration solution if you have diarrhea.",
    "Take glucose tablets if your sugar is low.",
    "Our acute care team will see you today.",
])
def test_condition_names_and_everyday_meanings_are_not_flagged(text):
    assert _ps301(text) == []


@pytest.mark.parametrize("text,match", [
    ("Your renal function is normal.", "renal"),
    ("Your haemoglobin is low because of anaemia.", "anaemia"),
    ("Sit up if you have dyspnoea.", "dyspnoea"),
    ("The lesions were excised.", "lesions"),
    ("She had two myocardial infarctions.", "myocardial infarctions"),
    ("Avoid nonsteroidal anti-inflammatory drugs.", "nonsteroidal anti-inflammatory drugs"),
    ("The polyps were benign.", "polyps"),
    ("This condition is chronic.", "chronic"),
])
def test_jargon_is_flagged(text, match):
    assert match in _ps301(text)
