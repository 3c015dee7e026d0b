"""plainspeak's PO reader against GNU gettext: ``msgfmt_statistics`` must print the same
translated / fuzzy / untranslated counts as ``msgfmt --statistics``.

msgfmt's rules (GNU gettext 0.21, msgfmt.c, and checked here): an entry is *untranslated*
when its ``msgstr`` (``msgstr[0]`` for a plural entry) is empty, else *fuzzy* when flagged,
else *translated*; obsolete ``#~`` entries are not counted; the header is not counted unless
its ``msgstr`` is empty. So a plural entry with an empty ``msgstr[1]`` counts as translated —
plainspeak's own gating does not do that (each plural form is a message; translations.md §3).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainspeak.translations.catalog import TRANSLATED, UNTRANSLATED
from plainspeak.translations.formats import read_catalog
from plainspeak.translations.formats.po import msgfmt_statistics

FIX = Path(__file__).resolve().parent / "fixtures" / "catalogs" / "po"
PO_FILES = sorted(p for p in FIX.rglob("*.po*"))
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(
    MSGFMT is None, reason="GNU gettext msgfmt is not installed (apt-get install gettext); "
                           ".ci/run installs it")

_COUNT = re.compile(r"(\d+) (translated|fuzzy|untranslated) (?:message|translation)s?")


def msgfmt_counts(path: Path) -> dict[str, int]:
    proc = subprocess.run([MSGFMT, "--statistics", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if _COUNT.search(ln)]
    assert lines, proc.stderr
    out = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for n, kind in _COUNT.findall(lines[-1]):
        out[kind] = int(n)
    return out


def ours(path: Path) -> dict[str, int]:
    cat = read_catalog(path.name, path.read_text(encoding="utf-8"))
    assert not cat.problems, cat.problems
    return msgfmt_statistics(cat)


def test_fixtures_cover_the_cases():
    names = {p.name for p in PO_FILES}
    assert {"mixed.po", "header_only.po", "empty_header.po", "fuzzy_header.po", "crlf.po",
            "messages.po", "messages.pot"} <= names
    mixed = (FIX / "parity" / "mixed.po").read_text(encoding="utf-8")
    for needle in ("#, fuzzy", 'msgstr[1] ""', "#~ msgid", 'msgstr ""\n\n', "msgctxt"):
        assert needle in mixed


@needs_msgfmt
@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.relative_to(FIX).as_posix())
def test_statistics_match_msgfmt(path):
    assert ours(path) == msgfmt_counts(path)


def test_expected_counts_without_msgfmt():
    # the same numbers msgfmt 0.21 printed when these fixtures were written
    assert ours(FIX / "parity" / "mixed.po") == {"translated": 3, "fuzzy": 2, "untranslated": 4}
    assert ours(FIX / "parity" / "empty_header.po") == {"translated": 1, "fuzzy": 0,
                                                        "untranslated": 2}
    assert ours(FIX / "parity" / "header_only.po") == {"translated": 0, "fuzzy": 0,
                                                       "untranslated": 0}
    assert ours(FIX / "messages.pot") == {"translated": 0, "fuzzy": 0, "untranslated": 3}


def test_gating_differs_from_msgfmt_on_plural_forms():
    """msgfmt counts "%d refill left" (msgstr[1] empty) as translated; plainspeak's messages
    show the empty form as untranslated, so gating never treats the entry as done."""
    cat = read_catalog("mixed.po", (FIX / "parity" / "mixed.po").read_text(encoding="utf-8"))
    forms = [(m.plural, m.state) for m in cat.messages if m.key == "%d refill left"]
    assert forms == [("0", TRANSLATED), ("1", UNTRANSLATED)]
    assert msgfmt_statistics(cat)["translated"] == 3
    done = {m.group for m in cat.messages} - {m.group for m in cat.messages
                                              if m.state != TRANSLATED}
    assert "%d refill left" not in done
    assert len(done) == 2           # "Your appointment is confirmed." and "verb\x04Book"


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                              blacklist_characters="\x85"), max_size=15) | st.sampled_from(
    ["", "a\nb", 'say "hi"', "tab\there", "back\\slash", "é ñ 😀"])


@st.composite
def po_text(draw):
    po = polib.POFile()
    if draw(st.booleans()):
        po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8",
                       "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    seen = set()
    for i in range(draw(st.integers(0, 8))):
        msgid = f"m{i} " + draw(_TEXT)
        if msgid in seen:
            continue
        seen.add(msgid)
        flags = ["fuzzy"] if draw(st.booleans()) else []
        obsolete = draw(st.integers(0, 4)) == 0
        if draw(st.booleans()):
            e = polib.POEntry(msgid=msgid, msgid_plural=msgid + " (n)", flags=flags,
                              obsolete=obsolete,
                              msgstr_plural={0: draw(_TEXT), 1: draw(_TEXT)})
        else:
            e = polib.POEntry(msgid=msgid, msgstr=draw(_TEXT), flags=flags, obsolete=obsolete)
        po.append(e)
    return str(po)              # without metadata: a header with an empty msgstr


@needs_msgfmt
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_text())
def test_random_catalogs_match_msgfmt(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("po") / "x.po"
    path.write_text(text, encoding="utf-8")
    assert ours(path) == msgfmt_counts(path), text
