"""Round-trip properties of reader source maps.

For every block of every document: the map's segments cover the block text in order; every
character copied 1:1 is the source character it maps to (masked fields are spaces); every word
made only of 1:1 characters from one source run (no markup inside it) is exactly
``source[smap.start(i):smap.end(j)]``.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainspeak.readers import load
from plainspeak.readers import html as html_reader
from plainspeak.readers import jsoncat, markdown, text as text_reader

WORD = re.compile(r"\w+")
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def assert_roundtrip(doc) -> None:
    src = doc.source
    for b in doc.blocks:
        text = b.text
        assert text, "empty block"
        assert "\r" not in text
        segs = b.smap.segments
        t = 0
        prev = -1
        unit_chars = bytearray(len(text))
        for t0, s0, tl, sl in segs:
            assert t0 == t, (b.kind, text, segs)
            assert s0 >= prev, ("source offsets go backwards", b.kind, text, segs)
            assert 0 <= s0 and s0 + sl <= len(src)
            if tl == sl:
                for k in range(tl):
                    c = text[t0 + k]
                    assert c == src[s0 + k] or c == " ", (
                        b.kind, text, t0 + k, repr(src[max(0, s0 + k - 20):s0 + k + 20]))
            else:
                for k in range(tl):
                    unit_chars[t0 + k] = 1
            t += tl
            prev = s0 + sl
        assert t == len(text), (t, len(text), text, segs)
        for i, ch in enumerate(text):
            if not unit_chars[i] and ch != " ":
                assert src[b.smap.start(i)] == ch
        for m in WORD.finditer(text):
            i, j = m.span()
            if any(unit_chars[i:j]):
                continue
            starts = [b.smap.start(k) for k in range(i, j)]
            if starts[-1] - starts[0] != j - i - 1:
                continue        # markup inside the word ("<b>x</b>y"): not one source run
            assert src[b.smap.start(i):b.smap.end(j)] == m.group(), (b.kind, text, m.group())
        for ln in b.links:
            assert 0 <= ln.start < ln.end <= len(text)
    for d in doc.directives:
        assert src[d.start:d.end].lstrip().startswith(("<!--", "#", "//", ";", "%", "--",
                                                       "plainspeak-"))


def words_of(doc) -> set[str]:
    out: set[str] = set()
    for b in doc.blocks:
        out.update(WORD.findall(b.text))
    return out


# ------------------------------------------------------------------------------ strategies

VOCAB = ["care", "doctor", "nurse", "visit", "médico", "día", "take", "pills", "fever", "rest",
         "drink", "water", "call", "us", "today", "clinic", "x", "Año", "naïve", "co-pay"]
word = st.sampled_from(VOCAB)


@st.composite
def md_inline(draw, words: list[str]):
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 15))
        w = draw(word)
        if kind == 0:
            parts.append(f"**{w} {draw(word)}**")
            words.append(w)
        elif kind == 1:
            parts.append(f"_{w}_")
            words.append(w)
        elif kind == 2:
            parts.append(f"`{w}`")          # code: skipped
        elif kind == 3:
            parts.append(f"[{w} {draw(word)}](http://x.org/{w} \"t {w}\")")
            words.append(w)
        elif kind == 4:
            parts.append(draw(st.sampled_from(["&amp;", "&eacute;", "&#169;", "&nbsp;", "&lt;"])))
        elif kind == 5:
            parts.append(draw(st.sampled_from(["\\*", "\\_", "\\[", "\\\\"])))
        elif kind == 6:
            parts.append(draw(st.sampled_from(["{{ name }}", "${date}", "%(who)s", "«Name»",
                                               "[[Field]]", "{% if x %}"])))
        elif kind == 7:
            parts.append(f"![{w} alt](img/{w}.png)")
        elif kind == 8:
            parts.append(f"<b>{w}</b>")
            words.append(w)
        elif kind == 9:
            parts.append("https://www.example.org/a/b")
        elif kind == 10:
            parts.append(f"~~{w}~~")
            words.append(w)
        elif kind == 11:
            parts.append(f"[{w}][ref]")
            words.append(w)
        elif kind == 12:
            parts.append(f"<http://auto.example/{w}>")
        else:
            parts.append(w)
            words.append(w)
    sep = draw(st.sampled_from([" ", " ", "  ", "\t"]))
    return sep.join(parts) + draw(st.sampled_from(["", ".", "?", " *", " \\"]))


@st.composite
def md_nested(draw, depth=0):
    """Nested inline markup: emphasis in links, links in emphasis, images in links, ..."""
    w = draw(word)
    k = draw(st.integers(0, 12 if depth < 2 else 3))
    if k <= 1:
        return w
    if k == 2:
        return draw(st.sampled_from(["&amp;", "&copy;", "\\_", "&#x27;", "\\`", "\\]"]))
    if k == 3:
        return draw(st.sampled_from(["``a ` b``", "` x `", "`` ` ``", "`\\`"]))
    inner = " ".join(draw(md_nested(depth + 1)) for _ in range(draw(st.integers(1, 3))))
    if k == 4:
        return f"*{inner}*"
    if k == 5:
        return f"__{inner}__"
    if k == 6:
        return f"***{inner}***"
    if k == 7:
        dest = draw(st.sampled_from(["http://a.b/(x)", "<http://a b>", "/p?q=(1)", "x \"t (a)\"",
                                     "y 'it''s'", "z (paren title)"]))
        return f"[{inner}]({dest})"
    if k == 8:
        return f"![{inner}](i.png \"img {w}\")"
    if k == 9:
        return f"[{inner}\n{w}](http://n.l)"
    if k == 10:
        return f"<span class=a>{inner}</span>"
    if k == 11:
        return f"[![{w}](a.png)]({w})"
    return f"*{inner}\n{w}*"


@st.composite
def markdown_nested_doc(draw):
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    out = []
    for _ in range(draw(st.integers(1, 5))):
        body = " ".join(draw(md_nested()) for _ in range(draw(st.integers(1, 5))))
        prefix = draw(st.sampled_from(["", "", "> ", "- ", "1. ", "> > ", "  - ", "\t", "# ",
                                       "| "]))
        body = body.replace("\n", nl + ("> " if prefix.startswith(">") else
                                         "  " if prefix in ("- ", "1. ") else ""))
        if prefix == "| ":
            body = body.replace("|", "") + f" | {draw(word)} |{nl}|---|---|{nl}| {draw(word)} | x |"
        if prefix == "\t":
            prefix = ""
        out.append(prefix + body + nl + nl)
    out.append(f"[ref]: http://ref{nl}")
    return "".join(out)


@st.composite
def markdown_doc(draw):
    words: list[str] = []
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    out = []
    if draw(st.booleans()):
        out.append(f"---{nl}title: {draw(word)}{nl}lang: es{nl}---{nl}")
    for _ in range(draw(st.integers(1, 8))):
        k = draw(st.integers(0, 9))
        if k == 0:
            out.append("#" * draw(st.integers(1, 6)) + " " + draw(md_inline(words)) + nl)
        elif k == 1:
            lines = [draw(md_inline(words)) for _ in range(draw(st.integers(1, 3)))]
            out.append(nl.join(lines) + nl)
        elif k == 2:
            marker = draw(st.sampled_from(["-", "*", "1.", "2)"]))
            for _ in range(draw(st.integers(1, 3))):
                out.append(f"{marker} {draw(md_inline(words))}{nl}")
                if draw(st.booleans()):
                    out.append(f"   {draw(md_inline(words))}{nl}")
        elif k == 3:
            out.append(f"> {draw(md_inline(words))}{nl}>{nl}> - {draw(md_inline(words))}{nl}")
        elif k == 4:
            a, b, c, d = (draw(md_inline([])).replace("|", "") for _ in range(4))
            out.append(f"| {a} | {b} |{nl}|---|:-:|{nl}| {c} | {d} \\| x |{nl}")
        elif k == 5:
            out.append(f"```{nl}code {draw(word)}{nl}```{nl}")
        elif k == 6:
            out.append(f"<!-- plainspeak-disable-next-line PS201 -->{nl}")
        elif k == 7:
            lines = [draw(md_inline(words)) for _ in range(2)]
            out.append(nl.join(lines) + nl + "-" * 3 + nl)
        elif k == 8:
            out.append(f"<div class=\"x\">{nl}<p>{draw(word)} &amp; {draw(word)}</p>{nl}</div>{nl}")
        else:
            out.append(f"[ref]: http://ref.example/{draw(word)} \"title\"{nl}")
        out.append(nl)
    return "".join(out)


@st.composite
def html_doc(draw):
    tags = ["p", "li", "h2", "td", "blockquote", "div", "span"]

    def node(depth):
        k = draw(st.integers(0, 9 if depth < 3 else 5))
        w = draw(word)
        if k == 0:
            return w + " "
        if k == 1:
            return draw(st.sampled_from(["&amp;", "&eacute;", "&#x41;", "&nbsp;", "&bogus;",
                                         "&amp", "a&b"]))
        if k == 2:
            return f'<a href="/x?a=1&amp;b=2" title="{w}">{w} link</a>'
        if k == 3:
            return f"<strong>{w}</strong> "
        if k == 4:
            return draw(st.sampled_from(["<br>", "<br/>", "\n", "\r\n", "  ", "{{ name }}"]))
        if k == 5:
            q = draw(st.sampled_from(['"', "'"]))
            return f"<img src=x.png alt={q}{w} &quot;pic&quot;{q} >"
        if k == 6:
            return f"<script>var {w} = '<p>';</script><style>p{{}}</style>"
        if k == 7:
            return f"<!-- plainspeak-disable PS201 --><!-- note {w} -->"
        tag = draw(st.sampled_from(tags))
        inner = "".join(node(depth + 1) for _ in range(draw(st.integers(0, 3))))
        close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
        lang = draw(st.sampled_from(["", "", ' lang="fr"']))
        return f"<{tag}{lang}>{inner}{close}"

    body = "".join(node(0) for _ in range(draw(st.integers(1, 6))))
    title = draw(word)
    return f'<!DOCTYPE html><html lang="en"><head><title>{title} &amp; co</title></head><body>{body}</body></html>'


@st.composite
def text_doc(draw):
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        k = draw(st.integers(0, 6))
        ws = " ".join(draw(st.lists(word, min_size=1, max_size=10)))
        if k == 0:
            lines.append("")
        elif k == 1:
            lines.append(draw(st.sampled_from(["- ", "* ", "• ", "1. ", "2) ", "(3) "])) + ws)
        elif k == 2:
            lines.append("   " + ws)
        elif k == 3:
            lines.append(ws.upper())
        elif k == 4:
            lines.append("# plainspeak-disable-next-line PS201")
        elif k == 5:
            lines.append(f"Dear {{{{ name }}}}, {ws} ${{date}}.  ")
        else:
            lines.append(ws + ".")
    return nl.join(lines) + draw(st.sampled_from(["", nl]))


# markup-heavy noise: the readers must never raise and must keep the round trip
NOISE = st.lists(st.sampled_from(list("ab c\n\r\t*_`[]()<>!&#;\\|>-=~{}%$«»:\"'/1.")
                                 + ["&amp;", "<p>", "</p>", "<br>", "<!--", "-->", "    ",
                                    "http://x.y", "<a href=x>", "</a>", "é", "```", "\n\n",
                                    "- ", "> ", "| a |", "---", "<div>", "&#x41;", "\\*",
                                    "\x00", "\u2028", "\x85", "\xa0", "# ", "1. "]),
                 max_size=80).map("".join)

SETTINGS = settings(max_examples=int(os.environ.get("PLAINSPEAK_FUZZ_EXAMPLES", "250")),
                    deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(markdown_doc())
def test_markdown_roundtrip(src):
    doc = markdown.read_document("t.md", src)
    assert_roundtrip(doc)


def _oracle_words(src: str) -> Counter:
    """Words markdown-it itself sees as text (its own inline tokens), masked like readers do."""
    from plainspeak.masking import apply_mask, mask_fields

    out: Counter = Counter()

    def flat(children, alts):
        parts = []
        auto = False
        for t in children:
            if t.type == "link_open" and t.markup == "autolink":
                auto = True
            elif t.type == "link_close" and auto:
                auto = False
            elif auto:
                continue
            elif t.type in ("text", "text_special"):
                parts.append(t.content)
            elif t.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif t.type == "code_inline":
                parts.append(" ")
            elif t.type == "image":
                alts.append(flat(t.children or [], alts))
            elif t.type == "html_inline" and t.content.lower().startswith("<br"):
                parts.append("\n")
        return "".join(parts)

    src = src.replace("\r\n", "\n")
    for t in markdown._MD.parse(src):
        if t.type == "inline":
            alts: list[str] = []
            texts = [flat(t.children or [], alts)] + alts
            for x in texts:
                out.update(WORD.findall(apply_mask(x, mask_fields(x, urls=True))))
    return out


@SETTINGS
@given(st.one_of(markdown_doc(), markdown_nested_doc()))
def test_markdown_text_matches_markdown_it(src):
    """The aligned text has exactly the words markdown-it's own inline parse yields."""
    if "<div" in src or src.startswith("---"):
        return                      # HTML blocks and front matter are read differently
    doc = markdown.read_document("t.md", src)
    assert_roundtrip(doc)
    mine = Counter(w for b in doc.blocks for w in WORD.findall(b.text))
    assert mine == _oracle_words(src), src


@SETTINGS
@given(markdown_nested_doc())
def test_markdown_nested_roundtrip(src):
    assert_roundtrip(markdown.read_document("t.md", src))


@SETTINGS
@given(markdown_doc())
def test_markdown_keeps_prose_words(src):
    doc = markdown.read_document("t.md", src)
    found = words_of(doc)
    # every plain vocabulary word outside code and fields shows up in some block
    plain = re.sub(r"\A---.*?---|```.*?```|`[^`\n]*`|\{\{.*?\}\}|\{%.*?%\}|\([^)]*\)|\[ref\]:.*|<[^>]*>", " ", src,
                   flags=re.S)
    for w in VOCAB:
        if re.search(rf"(?<![\w/]){re.escape(w)}(?![\w/])", plain) and "-" not in w and len(w) > 2:
            assert w in found or w.lower() in {x.lower() for x in found}, (w, src)


@SETTINGS
@given(html_doc())
def test_html_roundtrip(src):
    doc = html_reader.read_document("t.html", src)
    assert_roundtrip(doc)
    assert doc.language == "en" and doc.language_declared


@SETTINGS
@given(text_doc())
def test_text_roundtrip(src):
    doc = text_reader.read_document("t.txt", src)
    assert_roundtrip(doc)


@SETTINGS
@given(st.dictionaries(st.text(max_size=5), st.one_of(
    st.text(max_size=30), st.dictionaries(st.text(max_size=3), st.text(max_size=20),
                                          max_size=3),
    st.lists(st.text(max_size=10), max_size=3), st.integers(), st.none()), max_size=6),
    st.booleans(), st.booleans())
def test_catalog_roundtrip(obj, ascii_only, indent):
    import json
    src = json.dumps(obj, ensure_ascii=ascii_only, indent=2 if indent else None)
    doc = jsoncat.read_document("en.json", src)
    assert not doc.problems
    assert_roundtrip(doc)
    # every non-blank string value produced a block with its key
    def values(o):
        if isinstance(o, dict):
            for v in o.values():
                yield from values(v)
        elif isinstance(o, list):
            for v in o:
                yield from values(v)
        elif isinstance(o, str):
            yield o
    expected = [v for v in values(obj) if v.replace("\r", "").strip()]
    assert len(doc.blocks) <= len(expected)


@SETTINGS
@given(NOISE)
def test_noise_never_breaks_readers(src):
    for mod, name in ((markdown, "n.md"), (html_reader, "n.html"), (text_reader, "n.txt"),
                      (jsoncat, "n.json")):
        doc = mod.read_document(name, src)
        assert_roundtrip(doc)


def _corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in
                  (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".json")
                  and p.name != "expected.json")      # the lint snapshot, not content


@pytest.mark.skipif(not _corpus_files(), reason="no corpus/ folder")
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_roundtrip(path):
    doc = load(str(path), path.read_bytes())
    assert_roundtrip(doc)
    assert doc.blocks
