"""Offline language identification of catalog values (py3langid; the model ships inside the
installed package, nothing is ever downloaded). py3langid and numpy are imported on first use.

Purpose: catch a value that is confidently in another language than its catalog (the OpenMRS
pattern of English copies shipped in ``es.json``; translations.md §5.2), without ever firing on
short UI strings ("Cancelar", "OK", "Email", "Guardar cambios", "Total: {{count}}"): those are
too short to identify reliably and are often legitimately identical across languages.

Pipeline: blank out placeholders and tags (placeholders.mask_spans with every syntax), URLs,
e-mail addresses and numbers; refuse texts with fewer than ``min_words`` words or
``min_letters`` letters; classify with a py3langid identifier restricted to the candidate
languages (one instance per candidate set, cached) with normalised probabilities.

Scripts written without spaces count differently: each Han / kana character counts as one word
and three letters (so a Chinese or Japanese string needs 9+ characters); Thai, Lao, Khmer and
Myanmar letters count one letter each and one word per three letters.

Measured accuracy (tests/test_translation_analysis.py, py3langid 0.4.0): 48/48 (100 %) on eight
realistic patient-portal sentences per language in en, es, fr, vi, zh and ar, both with the
candidate set {en, es, fr, vi, zh, ar} (lowest winning probability 0.9997) and without any
candidate restriction; 24/24 short UI strings ("Cancelar", "OK", "Guardar cambios", "取消",
"Total: {{count}}", a URL, a phone number…) yield None. ``is_other_language`` (threshold 0.9)
flags none of the 48 against their own language and all 48 against another candidate. Without
the length gates the model is useless on such strings ("Cancelar" -> en 0.40, "Annuler" -> fr
0.49, "OK" -> ar 0.17), which is why they exist. The gates make the check deliberately blind to
short English copies ("Add a new visit" in es.json): those are the identical-to-source check's
job. First call loads the model (~0.5-0.7 s); then one classification takes ~0.1 ms.
"""
from __future__ import annotations

from functools import lru_cache

import re
import threading
import unicodedata
from typing import Iterable

__all__ = ["identify", "is_other_language", "supported_languages", "clean", "measure"]

# our primary subtag -> py3langid label
_TO_MODEL = {"nb": "no", "fil": "tl", "iw": "he", "in": "id", "ji": "yi", "zh": "zh",
             "sh": "sr", "mo": "ro"}

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")

_lock = threading.Lock()
_BASE = None                 # the full LanguageIdentifier
_RESTRICTED: dict = {}       # frozenset(model labels) -> identifier


def _base():
    global _BASE
    if _BASE is None:
        with _lock:
            if _BASE is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
                _BASE = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _BASE


def supported_languages() -> frozenset[str]:
    """Language labels the bundled model knows (loads the model)."""
    return frozenset(_base().labels)


def _model_label(code: str) -> str:
    p = code.replace("_", "-").split("-", 1)[0].lower()
    return _TO_MODEL.get(p, p)


def _identifier(labels: frozenset[str] | None):
    base = _base()
    if labels is None:
        return base
    ident = _RESTRICTED.get(labels)
    if ident is None:
        from py3langid.langid import LanguageIdentifier
        nb_ptc, nb_pc, nb_classes = base._full_model
        ident = LanguageIdentifier(nb_ptc, nb_pc, nb_classes, base.tk_nextmove, base.tk_output,
                                   norm_probs=True, tk_row=base.tk_row)
        ident.set_languages(sorted(labels))
        with _lock:
            if len(_RESTRICTED) > 64:
                _RESTRICTED.clear()
            _RESTRICTED[labels] = ident
    return ident


def clean(text: str) -> str:
    """``text`` with placeholders, tags, URLs, e-mail addresses and numbers replaced by spaces."""
    from .placeholders import ALL_SYNTAXES, mask_spans
    if not text:
        return ""
    try:
        spans = mask_spans(text, ALL_SYNTAXES)
    except Exception:                       # pragma: no cover - never let masking break this
        spans = []
    if spans:
        parts = []
        prev = 0
        for a, b in spans:
            parts.append(text[prev:a])
            parts.append(" ")
            prev = b
        parts.append(text[prev:])
        text = "".join(parts)
    text = _URL.sub(" ", text)
    text = _NUMBER.sub(" ", text)
    return text


_NOSPACE_WORD_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA")
_NOSPACE_LETTER_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR")


def measure(text: str) -> tuple[int, int]:
    """``(words, letters)`` of already-cleaned text (see module docstring for CJK/Thai)."""
    words = 0
    letters = 0
    sea_letters = 0
    in_word = False
    for ch in text:
        if ch.isalpha():
            if ord(ch) >= 0x0E00:
                name = unicodedata.name(ch, "")
                if name.startswith(_NOSPACE_WORD_SCRIPTS):
                    words += 1
                    letters += 3
                    in_word = False
                    continue
                if name.startswith(_NOSPACE_LETTER_SCRIPTS):
                    sea_letters += 1
                    letters += 1
                    in_word = False
                    continue
            letters += 1
            if not in_word:
                words += 1
                in_word = True
        elif in_word and (ch in "'\u2019-" or unicodedata.category(ch)[0] == "M"):
            continue                        # don't, X-ray, combining marks keep the word going
        else:
            in_word = False
    return words + sea_letters // 3, letters


def identify(text: str, candidates: Iterable[str] | None = None, *, min_letters: int = 25,
             min_words: int = 4) -> tuple[str, float] | None:
    """``(primary language, probability 0..1)`` of ``text``, or None when it is too short
    (after cleaning: fewer than ``min_words`` words or ``min_letters`` letters) or when none of
    ``candidates`` is known to the model. ``candidates`` are primary subtags (``pt-BR`` is read
    as ``pt``); the answer is one of them, spelled as given."""
    if not text or not isinstance(text, str):
        return None
    cleaned = clean(text)
    words, letters = measure(cleaned)
    if words < min_words or letters < min_letters:
        return None
    back: dict[str, str] = {}
    labels = None
    if candidates is not None:
        known = supported_languages()
        for c in candidates:
            if not c:
                continue
            lab = _model_label(c)
            if lab in known:
                back.setdefault(lab, c.replace("_", "-").split("-", 1)[0].lower())
        if not back:
            return None
        labels = frozenset(back)
    joined = " ".join(cleaned.split())
    if labels is None:
        lang, prob = _identifier(None).classify(joined)
    else:
        lang, prob = _classify_among(joined, labels)
    if lang == "zxx":
        return None
    if not (prob == prob):                  # NaN guard
        return None
    return back.get(lang, lang), float(prob)


_INDEX: dict[frozenset, tuple] = {}


def _classify_among(text: str, labels: frozenset[str]) -> tuple[str, float]:
    """Classify among ``labels`` only. Naive Bayes scores of the classes are independent, so
    this takes the full model's raw scores of those classes and normalises over them (as
    py3langid does after ``set_languages``) instead of building a restricted copy of the
    model per candidate set."""
    import math

    import numpy as np
    base = _base()
    got = _INDEX.get(labels)
    if got is None:
        classes = base._full_model[2]
        idx = [i for i, c in enumerate(classes) if c in labels]
        got = _INDEX[labels] = (np.array(idx, dtype=np.intp), [classes[i] for i in idx])
    idx, names = got
    if not len(idx):
        return "zxx", 0.0
    enc = base._encode(text)
    raw = base._raw_score(enc)
    if len(raw) != len(base._full_model[2]):       # the base identifier must be unrestricted
        return _identifier(labels).classify(text)
    sc = np.asarray(raw, dtype=float)[idx] * (1.0 / math.sqrt(len(enc) or 1))
    sc = np.exp(sc - sc.max())
    sc /= sc.sum()
    i = int(sc.argmax())
    return names[i], float(sc[i])


def is_other_language(text: str, expected: str, candidates: Iterable[str], *,
                      threshold: float = 0.9, **mins) -> str | None:
    """The language ``text`` is in when that is confidently (probability >= ``threshold``) not
    ``expected``'s primary language; else None (also when too short or undecidable).
    ``expected`` is always added to ``candidates``. ``mins``: ``min_letters``, ``min_words``."""
    if not expected:
        return None
    exp = expected.replace("_", "-").split("-", 1)[0].lower()
    cands = {c.replace("_", "-").split("-", 1)[0].lower() for c in (candidates or ()) if c}
    cands.add(exp)
    if len(cands) < 2:
        return None
    res = identify(text, sorted(cands), **mins)
    if res is None:
        return None
    if _model_label(exp) not in supported_languages():
        return None                         # cannot tell "not expected" from "unknown to model"
    lang, prob = res
    if _model_label(lang) == _model_label(exp) or prob < threshold:
        return None
    return lang


# ---------------------------------------------------------------------------------------------
# cheap pre-filters (function words), so the model runs only on text that may need it

_TOKEN_RE = None


@lru_cache(maxsize=64)
def stop_words(lang: str) -> frozenset | None:
    """spaCy's stop-word list for ``lang`` (None when spaCy has none, or for languages written
    without spaces). Read from the data file alone: importing ``spacy.lang.<xx>`` would build
    its tokenizer exceptions (seconds for some languages)."""
    if lang in ("zh", "ja", "th", "lo", "km", "my"):
        return None
    try:
        import importlib.util
        from pathlib import Path
        spec = importlib.util.find_spec("spacy")          # finds, does not import
        if spec is None or not spec.origin:
            return None
        path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
        if not path.is_file():
            return None
        ns: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), ns)   # noqa: S102
        return frozenset(w.lower() for w in ns.get("STOP_WORDS", ()))
    except Exception:  # noqa: BLE001 - no list for this language
        return None


def tokens(text: str) -> list[str]:
    global _TOKEN_RE
    if _TOKEN_RE is None:
        _TOKEN_RE = re.compile(r"[^\W\d_]+")
    return _TOKEN_RE.findall(text.lower())


def clearly_in(text: str, lang: str, *, share: float = 0.25) -> bool:
    """True when ``text`` is plainly in ``lang`` by its function words alone (at least two of
    them, and at least ``share`` of the distinct words): such text need not be identified.
    False when unsure or when no list exists for ``lang``."""
    stops = stop_words(lang)
    if stops is None:
        return False
    toks = set(tokens(text))
    if len(toks) < 3:
        return False
    hits = len(toks & stops)
    return hits >= 2 and hits >= share * len(toks)
