"""Structure check kinds: sentence and paragraph length, passive voice, third person."""
from __future__ import annotations

import types

import pytest

from plainspeak.checks.base import Context
from plainspeak.checks.structure import (ParagraphLength, PassiveShare, PassiveVoice,
                                         SentenceLength, ThirdPerson, find_passives)
from plainspeak.document import Document
from plainspeak.finding import Severity


from lintkit import make_doc  # noqa: E402


MESSAGES = {
    "sentence-length": "This sentence has {words} words; aim for {target} or fewer.",
    "paragraph-length": "This paragraph has {sentences_text} and {words_text}.",
    "passive-voice": '"{match}" is passive voice.',
    "passive-share": "{share}% of sentences ({count} of {sentences}) use passive voice.",
    "third-person": '"{match}" talks about the reader in the third person.',
}


def run(cls, parts, params=None, lang="en", severity=Severity.WARNING, scope=None):
    rule = types.SimpleNamespace(code="PS2XX", name=cls.KIND, category="structure",
                                 severity=severity, message=MESSAGES[cls.KIND], scope=scope)
    doc = parts if isinstance(parts, Document) else make_doc(parts, lang)
    ctx = Context(doc, "letter")
    found = list(cls(rule, params or {}).run(ctx))
    for f in found:   # every span is exactly the source text it reports
        assert doc.source[f.start:f.end] == f.match
    return found


def words(n, word="word"):
    return " ".join([word] * n)


# --------------------------------------------------------------------------------- PS201

def test_sentence_length_thresholds():
    s20 = "Please " + words(18) + " today."          # 20 words
    s21 = "Please " + words(19) + " today."          # 21 words
    s31 = "Please " + words(29) + " today."          # 31 words
    found = run(SentenceLength, [f"{s20} {s21} Short one. {s31}"])
    assert [(f.severity, f.data["words"]) for f in found] == [
        (Severity.WARNING, 21), (Severity.ERROR, 31)]
    assert found[0].match == s21 and found[1].match == s31
    assert found[0].message == "This sentence has 21 words; aim for 20 or fewer."


def test_sentence_length_profile_params_and_info():
    s16 = "Please " + words(14) + " today."
    assert run(SentenceLength, [s16]) == []
    found = run(SentenceLength, [s16], {"warn": 15, "error": 25})
    assert [f.data["words"] for f in found] == [16]
    found = run(SentenceLength, [s16], {"warn": 15, "error": 25}, severity=Severity.INFO)
    assert [f.severity for f in found] == [Severity.INFO]


def test_sentence_length_counts_like_readability():
    # masked template fields are runs of spaces: not words; numbers are words;
    # "follow-up" and "don't" are one word each
    masked = "Dear " + " " * 12 + ", " + words(17) + " on 12 May."        # 1 + 17 + 3 = 21
    assert [f.data["words"] for f in run(SentenceLength, [masked])] == [21]
    joined = "Don't miss your follow-up " + words(16) + "."                # 4 + 16 = 20
    assert run(SentenceLength, [joined]) == []


def test_sentence_length_skips_headings_and_applies_to_spanish():
    long_heading = ("heading", words(25))
    assert run(SentenceLength, [long_heading]) == []
    es = "Por favor " + words(20, "palabra") + " hoy."
    assert len(run(SentenceLength, [es], lang="es")) == 1
    assert run(SentenceLength, [es], {"languages": ["en"]}, lang="es") == []


def test_sentence_length_list_items_are_separate_sentences():
    items = [("list_item", words(10)) for _ in range(5)]
    assert run(SentenceLength, items) == []


# --------------------------------------------------------------------------------- PS202

def test_paragraph_length():
    four = ("One two three four five six seven eight. Three four five six seven eight nine. "
            "Five six seven eight nine ten eleven. Seven eight nine ten eleven twelve thirteen fourteen.")
    three = "One two. Three four. Five six."
    long3 = words(30) + ". " + words(31) + "."
    found = run(ParagraphLength, [four, three, long3])
    assert [f.match for f in found] == [four, long3]
    assert found[0].message.startswith("This paragraph has 4 sentences and 30 words.")
    assert found[1].data == {"sentences": 2, "words": 61}
    assert found[0].line == 1 and found[1].line == 5


def test_paragraph_length_only_paragraphs():
    four = "One two. Three four. Five six. Seven eight."
    assert run(ParagraphLength, [("list_item", four), ("quote", four)]) == []


def test_paragraph_many_tiny_sentences_pass():
    assert run(ParagraphLength, ["To book, call us. For more, read our guide. Questions? Call 555."]) == []


def test_paragraph_span_strips_blank_edges():
    text = "  " + words(65) + ".  "
    found = run(ParagraphLength, [text])
    assert found[0].match == text.strip()


# --------------------------------------------------------------------------------- PS203

@pytest.mark.parametrize("text,match", [
    ("Your results will be sent to you by post.", "be sent"),
    ("Medicine should be taken at mealtimes.", "be taken"),
    ("You are scheduled for an X-ray on Monday.", "are scheduled"),
    ("The forms were not completed.", "were not completed"),
    ("Your referral is usually processed within a week.", "is usually processed"),
    ("The test is being reviewed.", "is being reviewed"),
    ("Your bill has been paid.", "been paid"),
    ("You're expected to arrive early.", "'re expected"),
    ("This medicine is given by injection.", "is given"),
    ("The clinic was moved last year.", "was moved"),
    ("Your card isn't accepted here.", "is n't accepted".replace(" n't", "n't")),
    ("His letter got sent to the wrong address.", "got sent"),
    ("The samples were carefully and quickly frozen.", None),   # 3 words between: no
])
def test_passive_positives(text, match):
    found = run(PassiveVoice, [text])
    if match is None:
        assert found == []
    else:
        assert [f.match for f in found] == [match]


@pytest.mark.parametrize("text", [
    "I am tired after the test.",
    "We are worried about your results.",
    "She is interested in the study.",
    "You are supposed to fast before the test.",
    "We will send your results by post.",
    "Take your medicine at mealtimes.",
    "The clinic is closed on Sundays.",
    "You are all set for Monday.",
    "It is indeed important.",
    "You need to get vaccinated every year.",
    "Get tested if you have symptoms.",
    "Is this a good time? Sent yesterday.",
    "Our nurses are experienced and qualified.",
    "You are not alone.",
    "The clinic is located on the second floor.",
    "This test is called a biopsy.",
])
def test_passive_near_misses(text):
    assert run(PassiveVoice, [text]) == []


def test_passive_is_english_only_and_counts_each_instance():
    two = "Your results will be sent. Your bill was paid."
    found = run(PassiveVoice, [two])
    assert [f.match for f in found] == ["be sent", "was paid"]
    assert found[1].column == two.index("was paid") + 1
    assert run(PassiveVoice, ["La carta fue sent ayer."], {"languages": ["en"]}, lang="es") == []


def test_find_passives_offsets():
    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Forms must be signed. We sign them.")
    assert find_passives(doc) == [(11, 20)]


# --------------------------------------------------------------------------------- PS204

def _sentences(n_passive, n_active):
    return (["Your form was sent."] * n_passive) + (["We send your form."] * n_active)


def test_passive_share_over_limit():
    text = " ".join(_sentences(2, 8))               # 20% of 10
    found = run(PassiveShare, [text])
    assert len(found) == 1
    f = found[0]
    assert f.match == "was sent" and f.line == 1 and f.column == 11
    assert f.message == "20% of sentences (2 of 10) use passive voice."
    assert f.data["count"] == 2 and f.data["sentences"] == 10


def test_passive_share_at_limit_and_short_documents():
    assert run(PassiveShare, [" ".join(_sentences(1, 9))]) == []        # exactly 10%
    assert run(PassiveShare, [" ".join(_sentences(3, 5))]) == []        # only 8 sentences
    assert len(run(PassiveShare, [" ".join(_sentences(3, 5))], {"min_sentences": 8})) == 1
    assert run(PassiveShare, [" ".join(_sentences(2, 8))], {"max_share": 0.25}) == []


def test_passive_share_counts_sentences_not_instances():
    text = " ".join(["Forms were sent and were signed."] + ["We send forms."] * 9)
    found = run(PassiveShare, [text])
    assert found == []        # one sentence of ten (two instances): 10%, not 20%


# --------------------------------------------------------------------------------- PS205

@pytest.mark.parametrize("text,match", [
    ("Patients should arrange a ride home.", "Patients should"),
    ("The patient must not eat after midnight.", "The patient must"),
    ("Before surgery, patients need to stop eating.", "patients need to"),
    ("If the member needs help, the member can call us.", "the member can"),
    ("All patients are required to bring ID.", "All patients are required to"),
    ("The beneficiary will receive a card.", "The beneficiary will"),
    ("Members also may call the nurse line.", "Members also may"),
    ("The individual shall sign the form.", "The individual shall"),
    ("The residents can't leave after 9 pm.", "The residents can't"),
    ("  Clients have to pay first.", "Clients have to"),
])
def test_third_person_positives(text, match):
    found = run(ThirdPerson, [text])
    assert [f.match for f in found] == [match]
    assert found[0].suggestions == ("you", "your")


@pytest.mark.parametrize("text", [
    "Arrange a ride home.",
    "Log in to the patient portal to see your results.",
    "The patient portal will show your results.",
    'The form says "patients must sign here", so sign the last page.',
    "We help patients who need to travel.",
    "Ask the patient's family to call us.",
    "Patient should call.",                    # singular without a determiner
    "Many people tell patients they should rest.",
    "Patients and families should call us.",   # not matched: compound subject (a miss)
    "Individuals may lose weight.",            # describes people, not the reader
])
def test_third_person_near_misses(text):
    assert run(ThirdPerson, [text]) == []


def test_third_person_english_only():
    assert run(ThirdPerson, ["Patients should call."], lang="es") == []
