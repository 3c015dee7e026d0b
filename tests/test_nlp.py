"""Tokenisation: offline, cached pipelines, block offsets, words."""
from __future__ import annotations

import socket

import pytest

from plainspeak import nlp
from plainspeak.document import Block, Document, SourceMap


def make_doc(texts, lang="en", langs=None):
    src = "\n\n".join(texts)
    blocks = []
    pos = 0
    for i, t in enumerate(texts):
        start = src.index(t, pos) if t else pos
        pos = start + len(t)
        blocks.append(Block("paragraph", t, SourceMap([(0, start, len(t), len(t))]),
                            lang=(langs or {}).get(i)))
    return Document(path="t.txt", source=src, format="text", blocks=blocks, language=lang)


@pytest.fixture
def offline(monkeypatch):
    """No sockets: creating, connecting or resolving raises. ``import spacy`` itself (which
    imports requests/ssl, and ssl subclasses socket.socket) happens before the patch; building
    pipelines, loading lookup tables and tokenising happen under it."""
    import spacy  # noqa: F401

    def no_network(*a, **k):
        raise OSError("network disabled in tests")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)


def test_tokenises_offline_in_english_and_spanish(offline):
    nlp.clear_cache()
    doc = make_doc(["Call us at 9 am. Bring your card!", "Llame a la clínica. ¿Tiene fiebre?"],
                   langs={1: "es"})
    docs = nlp.analyse(doc)
    assert [s.text for s in docs[0].sents] == ["Call us at 9 am.", "Bring your card!"]
    assert [s.text for s in docs[1].sents] == ["Llame a la clínica.", "¿Tiene fiebre?"]
    assert docs[1].lang_ == "es" and docs[0].lang_ == "en"


def test_lemmas_offline(offline):
    nlp.clear_cache()
    doc = make_doc(["The patients were given tablets."])
    d = nlp.analyse(doc, lemmas=True)[0]
    assert [t.lemma_ for t in d][:5] == ["the", "patient", "be", "give", "tablet"] or \
        [t.lemma_ for t in d][1:5] == ["patient", "be", "give", "tablet"]
    es = nlp.analyse(make_doc(["Los pacientes tomaron las pastillas."], lang="es"),
                     lemmas=True)[0]
    assert es[1].lemma_ == "paciente"


def test_pipelines_are_cached_per_language():
    nlp.clear_cache()
    a = nlp.pipeline("en")
    assert nlp.pipeline("en") is a
    assert nlp.pipeline("en-US") is a
    assert nlp.pipeline("es") is not a
    lem = nlp.pipeline("en", lemmas=True)
    assert lem is not a and nlp.pipeline("en", lemmas=True) is lem
    assert "lemmatizer" in lem.pipe_names and "lemmatizer" not in a.pipe_names


def test_opening_marks_start_the_next_sentence():
    d = nlp.analyse(make_doc(['Call us. "Bring it." (Not later.) Thanks.']))[0]
    assert [s.text for s in d.sents] == ["Call us.", '"Bring it."', "(Not later.)", "Thanks."]


def test_sentences_end_after_time_abbreviations():
    d = nlp.analyse(make_doc(["Come at 9:30 a.m. Please be early. See Dr. Okafor at 2 p.m. on Monday."]))[0]
    assert [s.text for s in d.sents] == ["Come at 9:30 a.m.", "Please be early.",
                                         "See Dr. Okafor at 2 p.m. on Monday."]


def test_unknown_language_falls_back(offline):
    nlp.clear_cache()
    p = nlp.pipeline("qq")          # no such language in spaCy
    assert p.lang == "xx"
    d = nlp.analyse(make_doc(["Hello there. Bye."], lang="qq"))[0]
    assert len(list(d.sents)) == 2


def test_set_model_missing_package_falls_back_to_blank():
    try:
        nlp.set_model("en", "no_such_spacy_model_xyz")
        p = nlp.pipeline("en")
        assert "sentencizer" in p.pipe_names
    finally:
        nlp.set_model("en", None)


def test_offsets_are_block_offsets_and_blocks_without_letters_are_none():
    doc = make_doc(["First block.", "12 - 3", "", "Second block here."])
    docs = nlp.analyse(doc)
    assert docs[1] is None and docs[2] is None
    d = docs[3]
    here = [t for t in d if t.text == "here"][0]
    assert doc.blocks[3].text[here.idx:here.idx + 4] == "here"


def test_words_skip_punctuation_space_and_masked_fields():
    doc = make_doc(["Dear            , take 2 tablets (10 mg) - don't skip!"])
    d = nlp.analyse(doc)[0]
    assert [t.text for t in nlp.words(d)] == ["Dear", "take", "2", "tablets", "10", "mg",
                                              "do", "skip"]
    spans = nlp.word_spans(d)
    assert [w for _, _, w in spans] == ["Dear", "take", "2", "tablets", "10", "mg", "don't",
                                        "skip"]
    text = doc.blocks[0].text
    assert all(text[s:e] == w for s, e, w in spans)


def test_word_spans_join_hyphenated_compounds():
    d = nlp.analyse(make_doc(["Book a follow-up visit pre- and post-surgery."]))[0]
    assert [w for _, _, w in nlp.word_spans(d)] == ["Book", "a", "follow-up", "visit", "pre-",
                                                    "and", "post-surgery"]
