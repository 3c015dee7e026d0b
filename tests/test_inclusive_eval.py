"""Row-level precision and recall of the inclusive-wording rules (PS5xx) on two labelled sets.
A row is predicted "flag" when any PS5xx finding fires on it.

- corpus/eval/inclusive.tsv (420 rows): written without seeing the rules, then used to tune
  them (see corpus/eval/inclusive-README.md).
- corpus/eval/inclusive-holdout.tsv (240 rows): written later, blind to the rules, the code
  and the first set; measured once before any change (see inclusive-holdout-README.md).

Run as a script to see every false positive and miss:
    python tests/test_inclusive_eval.py [corpus/eval/inclusive-holdout.tsv]
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lintkit import lint  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "corpus" / "eval" / "inclusive.tsv"
HOLDOUT = ROOT / "corpus" / "eval" / "inclusive-holdout.tsv"
MIN_PRECISION, MIN_RECALL = 0.95, 0.90


def load(path: Path = SET):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def predict(rows):
    out = []
    for r in rows:
        res = lint(r["text"].replace("\\n", "\n\n"), fmt="text", profile=r["profile"])
        hits = [f for f in res.findings if f.code.startswith("PS5")]
        out.append((r, hits))
    return out


def score(pred):
    tp = sum(1 for r, h in pred if h and r["expected"] == "flag")
    fp = sum(1 for r, h in pred if h and r["expected"] != "flag")
    fn = sum(1 for r, h in pred if not h and r["expected"] == "flag")
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return p, rc, tp, fp, fn


def report(pred) -> str:
    p, rc, tp, fp, fn = score(pred)
    lines = [f"precision {p:.3f} recall {rc:.3f} (tp {tp}, fp {fp}, fn {fn})"]
    for r, h in pred:
        if h and r["expected"] != "flag":
            lines.append(f"  FP {r['id']}: {r['text']}  <- {[(f.code, f.match) for f in h]}")
    for r, h in pred:
        if not h and r["expected"] == "flag":
            lines.append(f"  FN {r['id']}: {r['text']}")
    return "\n".join(lines)


@pytest.mark.parametrize("path,min_rows", [(SET, 400), (HOLDOUT, 200)], ids=["main", "holdout"])
def test_set_shape(path, min_rows):
    rows = load(path)
    assert len(rows) >= min_rows
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(r["expected"] in ("flag", "-") and r["profile"] in ("letter", "web", "portal")
               for r in rows)
    assert sum(1 for r in rows if r["expected"] == "-") >= 0.4 * len(rows)


@pytest.mark.parametrize("path", [SET, HOLDOUT], ids=["main", "holdout"])
def test_precision_and_recall(path):
    pred = predict(load(path))
    p, rc, *_ = score(pred)
    assert p >= MIN_PRECISION and rc >= MIN_RECALL, report(pred)


if __name__ == "__main__":
    print(report(predict(load(Path(sys.argv[1]) if len(sys.argv) > 1 else SET))))
