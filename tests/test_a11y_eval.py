"""Finding-level precision and recall of the content-accessibility rules (PS7xx) on a labelled
set of 44 HTML and Markdown pages (corpus/eval/accessibility/).

The set was written and labelled blind: from a written specification of the rules, without
seeing the code, the rule packs or the tests (see corpus/eval/accessibility/README.md). A
finding counts as correct when its (file, line, code) is a labelled row.

Run as a script to see every false positive and miss:
    python tests/test_a11y_eval.py
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from click.testing import CliRunner

from plainspeak.cli import main

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "corpus" / "eval" / "accessibility"
PAGES = SET / "pages"
MIN_PRECISION, MIN_RECALL = 0.95, 0.90


def expected() -> set[tuple[str, int, str]]:
    with open(SET / "expected.tsv", encoding="utf-8", newline="") as fh:
        return {(r["file"], int(r["line"]), r["code"]) for r in csv.DictReader(fh, delimiter="\t")}


def pages() -> list[Path]:
    return sorted(p for p in PAGES.rglob("*") if p.suffix in (".html", ".md"))


def predicted() -> dict[tuple[str, int, str], str]:
    """(file relative to pages/, line, code) -> matched text, as the CLI reports them."""
    res = CliRunner().invoke(main, ["check", *map(str, pages()), "--select", "PS7",
                                    "--no-cache", "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    out = {}
    for f in json.loads(res.output)["findings"]:
        rel = Path(f["path"]).resolve().relative_to(PAGES.resolve()).as_posix()
        out[(rel, f["line"], f["code"])] = f["match"]
    return out


def score(got: set, want: set) -> tuple[float, float]:
    tp = len(got & want)
    return (tp / len(got) if got else 0.0), (tp / len(want) if want else 0.0)


def test_labelled_set_is_sane():
    want = expected()
    assert len(pages()) >= 40 and len(want) >= 90
    codes = {c for _f, _l, c in want}
    assert codes == {f"PS7{n:02d}" for n in (1, 2, 3, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25,
                                             26, 31, 32, 33, 34, 35)}
    files = {p.relative_to(PAGES).as_posix() for p in pages()}
    assert {f for f, _l, _c in want} <= files


def test_precision_and_recall_floors():
    got = predicted()
    want = expected()
    p, r = score(set(got), want)
    fps = sorted(set(got) - want)
    fns = sorted(want - set(got))
    assert p >= MIN_PRECISION, f"precision {p:.3f}; false positives: {fps}"
    assert r >= MIN_RECALL, f"recall {r:.3f}; misses: {fns}"


def test_every_code_is_found_somewhere():
    got = set(predicted())
    for code in {c for _f, _l, c in expected()}:
        want = {k for k in expected() if k[2] == code}
        assert want & got, f"{code}: none of its {len(want)} labelled findings were found"


if __name__ == "__main__":   # pragma: no cover - a report for people
    got = predicted()
    want = expected()
    p, r = score(set(got), want)
    print(f"precision {p:.3f}  recall {r:.3f}  ({len(set(got) & want)} correct, "
          f"{len(set(got) - want)} false positives, {len(want - set(got))} misses)")
    for k in sorted(set(got) - want):
        print("FP", *k, repr(got[k]))
    for k in sorted(want - set(got)):
        print("FN", *k)
    sys.exit(0)
