"""Tokenisation and sentence splitting with spaCy, shared by every check.

``analyse(document)`` returns one spaCy ``Doc`` per ``document.blocks`` entry (``None`` for a
block with no letters). Each block is its own ``Doc``, so ``token.idx`` is an offset into
``block.text`` and a heading, list item or table cell is never glued to the next block's
sentence.

Pipelines are built lazily, once per language, and cached at module level:

* default: ``spacy.blank(lang)`` + the rule-based ``sentencizer`` (no model, no network);
* ``lemmas=True`` adds spaCy's *lookup* lemmatizer with the tables from
  ``spacy-lookups-data`` (English ``en`` and Spanish ``es``; other languages get no lemmas);
* a language spaCy has no tokenizer for (or one that needs extra packages, such as Japanese)
  falls back to the multi-language ``xx`` tokenizer;
* ``set_model(lang, name)`` makes ``analyse`` use a trained pipeline (``spacy.load(name)``) for
  that language when the package is installed (a ``sentencizer`` is added if the model has no
  sentence boundaries); if it cannot be loaded the blank pipeline is used.

Nothing here downloads anything. ``import spacy`` happens on first use, so importing
plainspeak stays fast.

Words: :func:`words` gives the word tokens of a span: not punctuation, not whitespace (masked
template fields are runs of spaces, so they never become words), containing a letter or a
digit (numbers count as words). English clitics split off by the tokenizer ("n't", "'s",
"'re"…) belong to the word before them and are not words of their own.
:func:`word_spans` goes one step further for counting: it rejoins hyphenated compounds
("follow-up", "COVID-19") and clitics ("don't") into one word with its block offsets.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = ["analyse", "pipeline", "set_model", "clear_cache", "words", "word_spans",
           "sentence_words", "token_table", "TokenTable",
           "block_language", "is_word_text"]

# (lang, lemmas) -> Language
_PIPELINES: dict[tuple[str, bool], "Language"] = {}
# lang -> (package name, kwargs for spacy.load)
_MODELS: dict[str, tuple[str, dict[str, Any]]] = {}
# languages that have a lookup lemmatizer table in spacy-lookups-data
_LEMMA_LANGS = frozenset({"en", "es"})

_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_ALNUM = re.compile(r"[^\W_]")

# Token classes, cached per orth (string hash; the same for every pipeline)
_NOT_WORD, _WORD, _CLITIC, _JOINER = 0, 1, 2, 3
_CLITICS = frozenset({"n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "n’t", "’s", "’re", "’ve",
                      "’ll", "’d", "’m", "N'T", "'S", "'RE", "'VE", "'LL", "'D", "'M"})
_JOINERS = frozenset({"-", "\u2010", "\u2011"})
_CLASS: dict[int, int] = {}


def is_word_text(text: str) -> bool:
    """True if ``text`` (one token) is a word: it holds a letter or a digit."""
    return bool(_HAS_ALNUM.search(text))


def _classify(t: str, is_space: bool) -> int:
    """The word class of a token's text: clitic, joiner, not a word, or a word."""
    if t in _CLITICS or t.lower() in _CLITICS:
        return _CLITIC
    if t in _JOINERS:
        return _JOINER
    if is_space or not _HAS_ALNUM.search(t):
        return _NOT_WORD
    return _WORD


def _token_class(tok) -> int:
    o = tok.orth
    c = _CLASS.get(o)
    if c is None:
        c = _classify(tok.text, tok.is_space)
        if len(_CLASS) < 500_000:
            _CLASS[o] = c
    return c


# ---------------------------------------------------------------------------------------------
# pipelines

def set_model(lang: str, name: str | None, **load_kwargs: Any) -> None:
    """Use the trained spaCy pipeline ``name`` (an installed package or path) for ``lang``.

    ``name=None`` goes back to the blank pipeline. ``load_kwargs`` are passed to
    ``spacy.load`` (for example ``exclude=["ner"]`` for speed). The model is loaded on first
    use; if it is not installed the blank pipeline is used instead.
    """
    lang = _norm_lang(lang)
    if name:
        _MODELS[lang] = (name, dict(load_kwargs))
    else:
        _MODELS.pop(lang, None)
    for key in [k for k in _PIPELINES if k[0] == lang]:
        del _PIPELINES[key]


def clear_cache() -> None:
    """Forget every built pipeline (they are rebuilt on next use)."""
    _PIPELINES.clear()


def _norm_lang(lang: str | None) -> str:
    return (lang or "en").replace("_", "-").split("-")[0].lower() or "en"


def _blank(lang: str) -> "Language":
    import spacy
    try:
        nlp = spacy.blank(lang)
    except Exception:   # unknown language code, or a tokenizer needing missing packages
        nlp = spacy.blank("xx")
    return nlp


# Opening marks that the sentencizer leaves at the end of the previous sentence
# ('Call us. "Bring it."', 'Llame. ¿Tiene fiebre?'): they belong to the next one.
_OPENING = frozenset({"¿", "¡", "“", "(", "[", "‘", "«", "„", "{"})
_AMBIGUOUS_QUOTES = frozenset({'"', "'"})
# Abbreviations the tokenizer keeps whole ("a.m.") that often end a sentence: the
# sentencizer never splits after them, so "at 9 a.m. Please come early." stays one sentence.
_FINAL_ABBREVIATIONS = frozenset({"a.m.", "p.m.", "etc.", "A.M.", "P.M.", "Etc."})
# The rule-based sentencizer, the sentence-start fix and the token table in one pass. It is
# added under the pipe name "sentencizer" and splits exactly like spaCy's ``sentencizer``.
_SENTENCIZER = "plainspeak_sentencizer"
_registered = False
_TABLE_KEY = "plainspeak_tokens"

_PUNCT_CHARS: frozenset = frozenset()


class TokenTable:
    """Per-token attributes of a ``Doc`` as parallel Python lists, read once with
    ``Doc.to_array`` so checks never create spaCy ``Token`` objects in their loops.

    ``texts``, ``idx`` (block offset), ``ws`` (trailing whitespace), ``space`` (``is_space``),
    ``lower`` (hash of the lower-case form), ``starts`` (``is_sent_start`` is true) and
    ``cls`` (word class for counting).
    """

    __slots__ = ("n", "texts", "idx", "ws", "space", "lower", "starts", "cls")

    def __init__(self, texts, idx, ws, space, lower, starts, cls):
        self.n = len(texts)
        self.texts = texts
        self.idx = idx
        self.ws = ws
        self.space = space
        self.lower = lower
        self.starts = starts
        self.cls = cls


# orth -> (text, word class, is_punct, is_space, lower hash): lexeme attributes, the same for
# every pipeline (spaCy computes them with the same getters for every language)
_LEX: dict[int, tuple] = {}
_ATTRS: list = []


def _lex_info(vocab, orth: int) -> tuple:
    lex = vocab[orth]
    t = lex.orth_
    info = (t, _classify(t, lex.is_space), lex.is_punct, lex.is_space, lex.lower)
    if len(_LEX) < 500_000:
        _LEX[orth] = info
    return info


def _columns(doc) -> tuple:
    """``(texts, cls, punct, space, lower, idx, ws, sent_start)`` of ``doc``'s tokens."""
    global _ATTRS
    if not _ATTRS:
        from spacy.attrs import IDX, ORTH, SENT_START, SPACY
        _ATTRS = [ORTH, IDX, SPACY, SENT_START]
    orths, idx, ws, ss = doc.to_array(_ATTRS).T.tolist()
    get = _LEX.get
    infos = [get(o) for o in orths]
    if None in infos:
        vocab = doc.vocab
        for i, info in enumerate(infos):
            if info is None:
                infos[i] = _lex_info(vocab, orths[i])
    texts, cls, punct, space, lower = zip(*infos)
    return texts, cls, punct, space, lower, idx, ws, ss


def token_table(doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc`` (built by the pipeline, or now and cached in
    ``doc.user_data``)."""
    tab = doc.user_data.get(_TABLE_KEY)
    if tab is None or tab.n != len(doc):
        if len(doc) == 0:
            tab = TokenTable((), [], [], (), (), [], ())
        else:
            texts, cls, _punct, space, lower, idx, ws, ss = _columns(doc)
            tab = TokenTable(texts, idx, ws, space, lower, [v == 1 for v in ss], cls)
        doc.user_data[_TABLE_KEY] = tab
    return tab


def _fix_starts(st: list, texts: list, ws: list) -> None:
    """Move sentence starts in ``st`` (bools, changed in place) past final abbreviations and
    before opening marks (see ``_OPENING`` and ``_FINAL_ABBREVIATIONS``)."""
    n = len(st)
    abbr = _FINAL_ABBREVIATIONS
    if not abbr.isdisjoint(texts):
        for i in range(n - 1):
            if texts[i] in abbr and ws[i]:
                if texts[i + 1][:1].isupper() and not st[i + 1]:
                    st[i + 1] = True
    opening = _OPENING
    quotes = _AMBIGUOUS_QUOTES
    for s in [i for i in range(1, n) if st[i]]:
        k = s
        while k > 1:
            t = texts[k - 1]
            if t in opening or (t in quotes and not ws[k - 1] and ws[k - 2]):
                k -= 1
            else:
                break
        if k != s and not st[k]:
            st[k] = True
            st[s] = False


def _register_component() -> None:
    global _registered, _PUNCT_CHARS
    if _registered:
        return
    from spacy.language import Language
    from spacy.pipeline import Sentencizer

    _PUNCT_CHARS = frozenset(Sentencizer.default_punct_chars)

    if not Language.has_factory(_SENTENCIZER):
        @Language.component(_SENTENCIZER)
        def sentencize(doc):
            n = len(doc)
            if n == 0:
                return doc
            texts, cls, punct, space, lower, idx, ws, ss = _columns(doc)
            pc = _PUNCT_CHARS
            # spaCy's Sentencizer.predict, on the token table: after a sentence-final mark,
            # the next token that is neither punctuation nor such a mark starts a sentence
            guesses = [False] * n
            guesses[0] = True
            nxt = 0
            for p in [i for i, t in enumerate(texts) if t in pc]:
                if p < nxt:
                    continue
                j = p + 1
                while j < n and (punct[j] or texts[j] in pc):
                    j += 1
                if j < n:
                    guesses[j] = True
                nxt = j
            # Sentencizer.set_annotations (overwrite=False): keep starts already set
            st = [g if v == 0 else v == 1 for g, v in zip(guesses, ss)]
            if n >= 2:
                _fix_starts(st, texts, ws)
            _write_starts(doc, st)
            doc.user_data[_TABLE_KEY] = TokenTable(texts, idx, ws, space, lower, st, cls)
            return doc
    _registered = True


def _write_starts(doc, st: list) -> None:
    import numpy
    from spacy.attrs import SENT_START
    arr = numpy.array([1 if x else -1 for x in st], dtype=numpy.int64)
    doc.from_array([SENT_START], arr.view(numpy.uint64))


def _add_sentencizer(nlp) -> None:
    _register_component()
    nlp.add_pipe(_SENTENCIZER, name="sentencizer")


def _build(lang: str, lemmas: bool) -> "Language":
    nlp = None
    model = _MODELS.get(lang)
    if model is not None:
        import spacy
        name, kwargs = model
        try:
            nlp = spacy.load(name, **kwargs)
        except (OSError, IOError, ImportError, ValueError):
            nlp = None          # not installed: fall back to the blank pipeline
        if nlp is not None:
            has_sents = any(n in nlp.pipe_names for n in ("parser", "senter", "sentencizer"))
            if not has_sents:
                _add_sentencizer(nlp)
            return nlp
    nlp = _blank(lang)
    _add_sentencizer(nlp)
    if lemmas and nlp.lang in _LEMMA_LANGS:
        try:
            nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            nlp.initialize()   # loads the lookup tables from spacy-lookups-data (local files)
        except Exception:      # tables missing: tokens keep an empty lemma
            nlp = _blank(lang)
            _add_sentencizer(nlp)
    return nlp


def pipeline(lang: str = "en", *, lemmas: bool = False) -> "Language":
    """The cached pipeline for ``lang`` (built on first use)."""
    lang = _norm_lang(lang)
    key = (lang, bool(lemmas))
    nlp = _PIPELINES.get(key)
    if nlp is None:
        if not lemmas and (lang, True) in _PIPELINES:
            return _PIPELINES[(lang, True)]     # a lemmatizing pipeline also does the job
        nlp = _build(lang, bool(lemmas))
        _PIPELINES[key] = nlp
    return nlp


def block_language(document, block) -> str:
    """Language of one block: its own ``lang`` or the document's (primary subtag)."""
    return _norm_lang(block.lang or document.language)


def analyse(document, *, lemmas: bool = False) -> "list[Doc | None]":
    """One spaCy ``Doc`` per block of ``document`` (``None`` for blocks with no letters).

    Blocks are grouped by language and each group goes through its pipeline's ``nlp.pipe``.
    """
    blocks = document.blocks
    out: list = [None] * len(blocks)
    groups: dict[str, list[int]] = {}
    has_letter = _HAS_LETTER.search
    for i, b in enumerate(blocks):
        if b.text and has_letter(b.text):
            groups.setdefault(block_language(document, b), []).append(i)
    for lang, idxs in groups.items():
        nlp = pipeline(lang, lemmas=lemmas)
        for i, doc in zip(idxs, nlp.pipe([blocks[i].text for i in idxs])):
            out[i] = doc
    return out


# ---------------------------------------------------------------------------------------------
# words

def words(sent: "Span | Doc | Iterable") -> list:
    """Word tokens of a span: not punctuation or whitespace; numbers count; clitics such as
    "n't" and "'s" are part of the word before them and are left out."""
    cls = _token_class
    return [t for t in sent if cls(t) == _WORD]


def word_spans(sent: "Span | Doc | Iterable") -> list[tuple[int, int, str]]:
    """Words of a span as ``(start, end, text)`` in block-text offsets, with hyphenated
    compounds ("follow-up") and clitics ("don't") joined into one word."""
    out: list[tuple[int, int, str]] = []
    cls = _token_class
    prev_end = -1            # end offset of the last word if the last token was that word
    pending_join = False     # last token was a hyphen glued to the previous word
    for t in sent:
        c = cls(t)
        if c == _WORD:
            idx = t.idx
            text = t.text
            if pending_join and idx == prev_end:
                s, _, w = out[-1]
                out[-1] = (s, idx + len(text), w + "-" + text)
            else:
                out.append((idx, idx + len(text), text))
            prev_end = idx + len(text)
            pending_join = False
        elif c == _CLITIC and out and t.idx == prev_end and not pending_join:
            s, _, w = out[-1]
            text = t.text
            prev_end = t.idx + len(text)
            out[-1] = (s, prev_end, w + text)
        elif c == _JOINER and out and t.idx == prev_end and not pending_join:
            prev_end = t.idx + len(t.text)
            pending_join = True
        else:
            if pending_join:          # "pre- and post-operative": drop the dangling hyphen
                pending_join = False
            prev_end = -1
    return out


def sentence_words(doc) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """All sentences of ``doc`` in one pass over its tokens: ``(start, end, words)`` with
    the sentence's first and last non-space character offsets (end exclusive) and its
    :func:`word_spans` (possibly empty)."""
    tab = token_table(doc)
    out: list = []
    words: list[tuple[int, int, str]] = []
    s_start = -1
    s_end = -1
    prev_end = -1
    pending_join = False
    space = tab.space
    for c, idx, text, start, i in zip(tab.cls, tab.idx, tab.texts, tab.starts,
                                      range(tab.n)):
        if start and s_start >= 0:
            out.append((s_start, s_end, words))
            words = []
            s_start = -1
            prev_end = -1
            pending_join = False
        if c != _NOT_WORD or not space[i]:
            if s_start < 0:
                s_start = idx
            s_end = idx + len(text)
        if c == _WORD:
            if pending_join and idx == prev_end:
                s, _, w = words[-1]
                words[-1] = (s, idx + len(text), w + "-" + text)
            else:
                words.append((idx, idx + len(text), text))
            prev_end = idx + len(text)
            pending_join = False
        elif c == _CLITIC and words and idx == prev_end and not pending_join:
            s, _, w = words[-1]
            prev_end = idx + len(text)
            words[-1] = (s, prev_end, w + text)
        elif c == _JOINER and words and idx == prev_end and not pending_join:
            prev_end = idx + len(text)
            pending_join = True
        else:
            pending_join = False
            prev_end = -1
    if s_start >= 0:
        out.append((s_start, s_end, words))
    return out
