"""`plainspeak score`: the reading-level card (plainspeak/score.py and the CLI command)."""
from __future__ import annotations

import builtins
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainspeak import readability as R
from plainspeak import syllables
from plainspeak.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(args, cwd=None):
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def score_json(args, cwd=None) -> dict:
    r = run(["score", "--format", "json", *args], cwd=cwd)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# --------------------------------------------------------------------------------- texts

MONO = "you can call us at the desk if we need help and get back to you soon".split()
POLY = ["medicine", "hospital", "important", "pharmacy", "family", "tomorrow"]


def known_letter() -> tuple[str, int, int, int, int]:
    """A one-paragraph letter whose counts are known word by word: (text, words, sentences,
    syllables, polysyllables). Only the listed polysyllables have 3 syllables; every other
    word has one, and no capitalised word stands in mid-sentence."""
    sentences = []
    words = syl = poly = 0
    for i in range(14):
        body = MONO[i % 5: i % 5 + 6]
        longs = POLY[: i % 4]                       # 0, 1, 2 or 3 long words
        ws = body[:3] + longs + body[3:]
        sentences.append(ws[0].capitalize() + " " + " ".join(ws[1:]) + ".")
        words += len(ws)
        poly += len(longs)
        syl += len(ws) + 2 * len(longs)
    return " ".join(sentences) + "\n", words, len(sentences), syl, poly


def test_word_counts_assumed_by_the_crafted_letter():
    for w in MONO:
        assert syllables.count(w, "en") == 1, w
    for w in POLY:
        assert syllables.count(w, "en") == 3, w


def test_letter_with_known_smog(tmp_path):
    text, words, sentences, syl, poly = known_letter()
    assert words >= 100 and sentences >= 10
    (tmp_path / "letter.txt").write_text(text, encoding="utf-8")
    card = score_json(["letter.txt"], cwd=tmp_path)["documents"][0]
    assert card["profile"] == "letter" and card["language"] == "en" and card["graded"]
    whole = card["whole"]
    assert (whole["words"], whole["sentences"]) == (words, sentences)
    assert whole["scores"]["smog"] == round(R.smog(poly, sentences), 2)
    assert whole["scores"]["flesch_kincaid_grade"] == round(
        R.flesch_kincaid_grade(words, sentences, syl), 2)
    expected = R.smog(poly, sentences)
    assert whole["status"]["smog"] == ("error" if expected > 10 else
                                       "warning" if expected > 8 else "ok")
    # the text card shows the same number with the letter profile's target
    r = run(["score", "letter.txt"], cwd=tmp_path)
    assert r.exit_code == 0
    assert f"SMOG {expected:.1f} (target 8 or lower)" in r.output
    assert r.output.startswith("letter.txt  (letter, English)\n  Whole letter")


def test_scores_match_check_documents_on_the_corpus():
    """The card counts and scores exactly as the checks and `check --format json` do."""
    corpus = str(ROOT / "corpus")
    chk = run(["check", corpus, "--format", "json", "--no-cache", "--fail-on", "never"])
    docs = {d["path"]: d for d in json.loads(chk.stdout)["documents"]}
    cards = score_json([corpus])["documents"]
    assert cards and {c["path"] for c in cards} == set(docs)
    for card in cards:
        d = docs[card["path"]]
        assert card["profile"] == d["profile"]
        if not card["metrics"]:
            continue
        assert (card["whole"]["words"], card["whole"]["sentences"]) == (d["words"],
                                                                        d["sentences"])
        for m, v in card["whole"]["scores"].items():
            assert d["scores"][m] == v, (card["path"], m)
        secs = [s for s in d["sections"] if s["words"]]
        assert len(secs) == len(card["sections"]), card["path"]
        for a, b in zip(card["sections"], secs):
            assert (a["line"], a["words"], a["sentences"], a["graded"]) == \
                (b["line"], b["words"], b["sentences"], b["graded"])
            assert (a["title"] or "") == b["title"]
            for m, v in a["scores"].items():
                assert b["scores"][m] == v


# --------------------------------------------------------------------------------- sections

def markdown_letter() -> str:
    text, *_ = known_letter()
    return ("---\nplainspeak-profile: letter\n---\n"
            "Dear friend, this is about your visit.\n\n"
            "# Your visit\n\n"
            "## What to do\n\n" + text + "\n"
            "## Questions\n\nCall us if you need help. We are here all day.\n")


def test_sections_from_markdown_headings(tmp_path):
    (tmp_path / "visit.md").write_text(markdown_letter(), encoding="utf-8")
    card = score_json(["visit.md"], cwd=tmp_path)["documents"][0]
    secs = [(s["kind"], s["title"], s["line"], s["graded"]) for s in card["sections"]]
    assert secs == [("preamble", None, 4, False), ("section", "Your visit", 6, False),
                    ("section", "What to do", 8, True), ("section", "Questions", 12, False)]
    assert card["sections"][2]["end_line"] == 11
    assert card["sections"][-1]["end_line"] == 14
    short = card["sections"][3]
    assert short["scores"] == {} and short["note"] == "too short to grade"
    assert (short["words"], short["sentences"]) == (12, 3)     # heading is a sentence
    # text: a row per section, the short one says so with its counts
    r = run(["score", "visit.md"], cwd=tmp_path)
    rows = {line.split("  ")[1].strip(): line for line in r.output.splitlines()
            if line.startswith("  Section") or line.startswith("  Before")}
    assert set(rows) == {"Before the first heading", "Section \u201cYour visit\u201d",
                         "Section \u201cWhat to do\u201d", "Section \u201cQuestions\u201d"}
    assert rows["Section \u201cQuestions\u201d"].endswith("12 words,  3 sentences  "
                                                          "too short to grade")
    assert "SMOG" in rows["Section \u201cWhat to do\u201d"]
    assert "fewer than 100 words or 10 sentences" in r.output


def test_title_words_do_not_count_as_long_words(tmp_path):
    """As in the SMOG count: words of the document title (the first H1) are not long words."""
    (tmp_path / "visit.md").write_text(markdown_letter().replace("# Your visit",
                                                                 "# Your hospital visit"))
    card = score_json(["visit.md"], cwd=tmp_path)["documents"][0]
    words = [w["word"] for w in card["whole"]["long_words"]]
    assert "hospital" not in words and "medicine" in words


# --------------------------------------------------------------------------------- Spanish

SPANISH = ("---\nlang: es\n---\n# Su cita\n\n" + " ".join([
    "Tome la medicina después de comer.", "Tome una pastilla por la mañana.",
    "Tome otra pastilla por la noche.", "No deje de tomarla sin hablar con su médico.",
    "Si se siente mal, llame a la clínica.", "Traiga sus papeles el día de la cita.",
    "Llegue diez minutos antes de la hora.", "Puede venir con un familiar.",
    "Coma algo ligero antes de venir.", "Beba mucha agua todo el día.",
    "Si tiene fiebre, llame al número de abajo.", "Estamos aquí para ayudarle.",
    "La documentación administrativa deberá presentarse obligatoriamente en recepción.",
    "Si no puede venir, llame para cambiar la cita.", "Le daremos otro día y otra hora.",
]) + "\n")


def test_spanish_document_gets_spanish_scores(tmp_path):
    (tmp_path / "cita.md").write_text(SPANISH, encoding="utf-8")
    card = score_json(["cita.md"], cwd=tmp_path)["documents"][0]
    assert card["language"] == "es" and card["graded"]
    assert [m["metric"] for m in card["metrics"]] == ["szigriszt_pazos", "fernandez_huerta"]
    assert [(m["rule"], m["target"], m["higher_is_harder"]) for m in card["metrics"]] == \
        [("PS102", 55, False), ("PS103", 70, False)]
    whole = card["whole"]
    assert set(whole["scores"]) == {"szigriszt_pazos", "fernandez_huerta"}
    assert "smog" not in whole["scores"]
    sp, fh = whole["scores"]["szigriszt_pazos"], whole["scores"]["fernandez_huerta"]
    assert whole["bands"] == {"szigriszt_pazos": R.inflesz_band(sp),
                              "fernandez_huerta": R.fernandez_huerta_band(fh)}
    chk = run(["check", "cita.md", "--format", "json", "--no-cache"], cwd=tmp_path)
    doc = json.loads(chk.stdout)["documents"][0]
    assert (doc["scores"]["szigriszt_pazos"], doc["scores"]["fernandez_huerta"]) == (sp, fh)
    # long words in Spanish: 4+ syllables (the rules' long_word_syllables)
    assert card["long_word_syllables"] == 4
    hard = whole["hardest_sentences"][0]
    assert hard["text"].startswith("La documentación administrativa") and hard["line"] == 6
    assert hard["long_words"] == ["documentación", "administrativa", "presentarse",
                                  "obligatoriamente"]
    r = run(["score", "cita.md"], cwd=tmp_path)
    assert "(letter, Spanish)" not in r.output and "(web, Spanish)" in r.output
    assert f"INFLESZ {sp:.1f} ({R.inflesz_band(sp)}; target 55 or higher)" in r.output
    assert "Fernández Huerta" in r.output and "SMOG" not in r.output
    assert "Words that lower the score (4+ syllables)" in r.output


# --------------------------------------------------------------------------------- portal

def test_portal_strings_have_no_grade(tmp_path):
    strings = {f"key{i}": "Your appointment with the hospital pharmacy is important."
               for i in range(40)}
    (tmp_path / "en.json").write_text(json.dumps(strings), encoding="utf-8")
    card = score_json(["en.json"], cwd=tmp_path)["documents"][0]
    assert card["profile"] == "portal" and not card["graded"]
    assert card["metrics"] == [] and card["whole"]["scores"] == {}
    assert "portal strings" in card["note"]
    assert card["whole"]["words"] == 40 * 8
    r = run(["score", "en.json"], cwd=tmp_path)
    assert r.exit_code == 0
    assert "No reading grade: portal strings" in r.output and "SMOG" not in r.output
    # a letter forced into the portal profile is not graded either
    text, *_ = known_letter()
    (tmp_path / "letter.txt").write_text(text)
    card = score_json(["letter.txt", "--profile", "portal"], cwd=tmp_path)["documents"][0]
    assert card["profile"] == "portal" and card["metrics"] == []


# --------------------------------------------------------------------------------- JSON

PART_KEYS = {"kind", "title", "line", "end_line", "words", "sentences", "graded", "note",
             "scores", "bands", "status", "hardest_sentences", "long_words"}


def test_json_schema_keys(tmp_path):
    (tmp_path / "visit.md").write_text(markdown_letter(), encoding="utf-8")
    (tmp_path / "en.json").write_text('{"a": "Call us."}', encoding="utf-8")
    data = score_json(["visit.md", "en.json"], cwd=tmp_path)
    assert set(data) == {"version", "tool", "documents", "errors"}
    assert data["version"] == 1 and data["tool"]["name"] == "plainspeak"
    assert data["errors"] == []
    doc_keys = {"path", "format", "profile", "language", "language_name", "graded", "note",
                "metrics", "min_words", "min_sentences", "long_word_syllables", "whole",
                "sections", "other_languages"}
    for card in data["documents"]:                 # graded or not, the same keys
        assert set(card) == doc_keys
        assert set(card["whole"]) == PART_KEYS
        for sec in card["sections"]:
            assert set(sec) == PART_KEYS
    card = data["documents"][0]                  # in the order given
    assert card["path"] == "visit.md"
    assert [set(m) for m in card["metrics"]] == [
        {"metric", "label", "rule", "checked", "target", "error", "higher_is_harder"}] * 2
    assert [(m["metric"], m["rule"], m["checked"]) for m in card["metrics"]] == \
        [("smog", "PS101", True), ("flesch_kincaid_grade", "PS104", False)]
    assert (card["min_words"], card["min_sentences"], card["long_word_syllables"]) == \
        (100, 10, 3)
    h = card["whole"]["hardest_sentences"][0]
    assert set(h) == {"line", "column", "text", "words", "long_word_count", "long_words"}
    assert set(card["whole"]["long_words"][0]) == {"word", "count", "syllables"}
    assert set(card["whole"]["status"]) == {"smog", "flesch_kincaid_grade"}
    assert card["whole"]["status"]["smog"] in ("ok", "warning", "error")


# --------------------------------------------------------------------------------- hardest

CRAFTED = (
    "Dear {{ patient_name }},\n\n"
    "Call us today. "                                                     # 0 long words
    "Your medicine is at the pharmacy. "                                  # 2
    "Dr. Anderson says your family should come with you. "               # 1 (a name)
    "Bring your medicine and your family to the hospital tomorrow. "     # 4
    "The pharmacy is important for your family and for your medicine. "  # 4, more words
    "Take your medicine with food. "                                     # 1
    "Ask Anderson at the pharmacy desk. "                                # 1 (a name)
    "We can help you. "
    "Come back soon.\n")


def test_hardest_sentences_and_words_that_raise_the_grade(tmp_path):
    (tmp_path / "crafted.txt").write_text(CRAFTED, encoding="utf-8")
    card = score_json(["crafted.txt"], cwd=tmp_path)["documents"][0]
    whole = card["whole"]
    hard = [(h["line"], h["long_word_count"], h["words"], h["long_words"])
            for h in whole["hardest_sentences"]]
    assert hard == [
        # 4 long words each: the longer sentence first
        (3, 4, 11, ["pharmacy", "important", "family", "medicine"]),
        (3, 4, 10, ["medicine", "family", "hospital", "tomorrow"]),
        (3, 2, 6, ["medicine", "pharmacy"]),
    ]
    assert whole["hardest_sentences"][0]["text"] == \
        "The pharmacy is important for your family and for your medicine."
    # most frequent first, ties in order of appearance; the name Anderson (capitalised in
    # mid-sentence) and the template field are not words that raise the grade
    assert [(w["word"], w["count"]) for w in whole["long_words"]] == [
        ("medicine", 4), ("pharmacy", 3), ("family", 3), ("hospital", 1), ("tomorrow", 1),
        ("important", 1)]
    assert all(w["syllables"] == 3 for w in whole["long_words"])
    r = run(["score", "crafted.txt"], cwd=tmp_path)
    assert ("    1. line 3: \u201cThe pharmacy is important for your family and for "
            "your\u2026\u201d (4 long words: pharmacy, important, family, medicine)") in r.output
    assert ("Words that raise the grade (3+ syllables): medicine (4), pharmacy (3), "
            "family (3), hospital (1), tomorrow (1), important (1)") in r.output
    assert "58 words, 10 sentences  too short to grade" in r.output   # under 100 words


def test_rule_settings_are_the_targets(tmp_path):
    text, *_ = known_letter()
    (tmp_path / "letter.txt").write_text(text)
    (tmp_path / ".plainspeak.toml").write_text(
        '[rules.smog-grade]\nwarn = 6\nerror = 7\n\n[rules.flesch-kincaid-grade]\nwarn = 5\n'
        'min_sentences = 12\n')
    card = score_json(["letter.txt"], cwd=tmp_path)["documents"][0]
    assert [(m["target"], m["error"]) for m in card["metrics"]] == [(6, 7), (5, None)]
    assert card["min_sentences"] == 12            # the strictest minimum of the rules
    (tmp_path / ".plainspeak.toml").write_text('extend-select = ["PS104"]\nignore = ["PS101"]\n')
    card = score_json(["letter.txt"], cwd=tmp_path)["documents"][0]
    assert [(m["metric"], m["rule"], m["checked"]) for m in card["metrics"]] == \
        [("smog", None, False), ("flesch_kincaid_grade", "PS104", True)]
    assert "smog" in card["whole"]["scores"] and card["whole"]["status"]["smog"] is None
    out = run(["score", "letter.txt"], cwd=tmp_path).output
    assert "Flesch-Kincaid" in out and "target 8 or lower" in out
    assert "SMOG" in out and "SMOG " + f"{card['whole']['scores']['smog']:.1f} (" not in out


# --------------------------------------------------------------------------------- files

def test_folder_is_walked_like_check(tmp_path):
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "node_modules").mkdir()
    (tmp_path / "site" / "a.txt").write_text("Call us.\n")
    (tmp_path / "site" / "sub" / "b.md").write_text("# Hi\n\nCall us.\n")
    (tmp_path / "site" / "sub" / "notes.bin").write_text("not a document")
    (tmp_path / "site" / "node_modules" / "c.md").write_text("Call us.\n")
    (tmp_path / "site" / "drafts").mkdir()
    (tmp_path / "site" / "drafts" / "d.md").write_text("Call us.\n")
    (tmp_path / ".plainspeak.toml").write_text('exclude = ["site/drafts/**"]\n')
    data = score_json(["site"], cwd=tmp_path)
    assert [c["path"] for c in data["documents"]] == ["site/a.txt", "site/sub/b.md"]
    r = run(["score", "site"], cwd=tmp_path)
    assert r.output.index("site/a.txt  (letter") < r.output.index("site/sub/b.md  (web")


def test_missing_file_is_one_line_error_exit_2(tmp_path):
    r = run(["score", "nope.txt"], cwd=tmp_path)
    assert r.exit_code == 2
    assert r.stderr == "plainspeak: error: no such file or folder: nope.txt\n"
    assert r.stdout == ""


def test_unreadable_and_binary_files_exit_2_and_others_are_scored(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Call us.\n")
    (tmp_path / "b.txt").write_text("Call us today.\n")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02PDF\x00" * 100)
    real_open = builtins.open

    def fake_open(file, mode="r", *a, **k):
        if str(file).endswith("a.txt") and "b" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    r = run(["score", "."], cwd=tmp_path)
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "plainspeak: error: a.txt: PS900 cannot read this file: Permission denied",
        "plainspeak: error: c.txt: PS902 This looks like a binary file, not text: this looks "
        "like a binary file (it contains NUL bytes). It was not checked."]
    assert "b.txt  (letter, English)" in r.stdout and "a.txt  (" not in r.stdout
    r = run(["score", ".", "--format", "json"], cwd=tmp_path)
    data = json.loads(r.stdout)
    assert r.exit_code == 2
    assert [c["path"] for c in data["documents"]] == ["b.txt"]
    assert [(e["path"], e["code"]) for e in data["errors"]] == [("a.txt", "PS900"),
                                                                ("c.txt", "PS902")]


def test_colour_only_when_asked_or_on_a_terminal(tmp_path):
    text, *_ = known_letter()
    (tmp_path / "letter.txt").write_text(text)
    plain = run(["score", "letter.txt"], cwd=tmp_path).output
    assert "\x1b[" not in plain
    coloured = run(["score", "letter.txt", "--color"], cwd=tmp_path).output
    assert "\x1b[1mletter.txt" in coloured
    import re
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert run(["score", "letter.txt", "--color", "--no-color"], cwd=tmp_path).output == plain


def test_output_is_deterministic():
    args = ["score", str(ROOT / "corpus" / "letters"), str(ROOT / "corpus" / "web" / "es")]
    first = run(args).output
    assert first == run(args).output
    assert "Hardest sentences" in first


def test_empty_folder_and_empty_file(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run(["score", "empty"], cwd=tmp_path)
    assert r.exit_code == 0 and r.output == "No documents found.\n"
    (tmp_path / "e.md").write_text("")
    card = score_json(["e.md"], cwd=tmp_path)["documents"][0]
    assert card["whole"]["words"] == 0 and card["sections"] == [] and not card["graded"]
    assert run(["score", "e.md"], cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize("lang", ["fr"])
def test_language_without_formula(tmp_path, lang):
    (tmp_path / "a.md").write_text(f"---\nlang: {lang}\n---\nAppelez-nous demain.\n")
    card = score_json(["a.md"], cwd=tmp_path)["documents"][0]
    assert card["metrics"] == [] and "no reading formula for French (fr)" in card["note"]


def test_catalog_that_does_not_parse_is_an_error(tmp_path):
    (tmp_path / "en.json").write_text('{"a": "Call us.",\n', encoding="utf-8")
    (tmp_path / "ok.md").write_text("---\ntitle: [unclosed\n---\nCall us.\n")   # still read
    r = run(["score", "."], cwd=tmp_path)
    assert r.exit_code == 2
    assert len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith("plainspeak: error: en.json: PS904 catalog is not valid JSON")
    assert "ok.md  (web, English)" in r.stdout
