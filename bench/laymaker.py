#!/usr/bin/env python3
"""Jargon findings on clinical sentences versus their clinician-simplified versions.

    python bench/laymaker.py LAYMAKER_DATA                      # PS3 (jargon) rules
    python bench/laymaker.py LAYMAKER_DATA --select PS301,PS310
    python bench/laymaker.py LAYMAKER_DATA --changed-only --top 15

LAYMAKER_DATA is the `data/` folder of the laymaker parallel corpus (babylonhealth/laymaker,
CC BY 4.0; AMIA 2021), or one or more of its CSV files. Each CSV has the columns `ID`,
`ORIGINAL` (a clinical sentence from MTSamples) and `REFERENCE` (the same sentence rewritten by
a clinician in lay terms; identical when the clinician found nothing to simplify), plus the
outputs of automatic systems, which are ignored here. The data is not part of this repository
and nothing here depends on it.

Every original and every simplified sentence is linted as its own plain-text document (so
"first use" means first use in that sentence) through plainspeak's Python API (`Linter` with
`Config()` and `load_rules()`), with the rules chosen by `--select` (default `PS3`, the jargon
category) and the profile chosen by `--profile` (default `letter`). The report gives, for
originals and simplified versions: words, findings, findings per 100 words and sentences with
at least one finding, overall and per code, and the terms each code flags most often. A useful
jargon rule flags clearly more on the originals than on the clinicians' rewrites; terms it still
flags often in the rewrites are worth a look (clinicians kept them, so they may be too common to
count as jargon).

Words are counted as letter/digit tokens (apostrophes and hyphens allowed inside a word), so
the corpus's space-separated punctuation does not count. Nothing is written.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plainspeak.config import Config, ConfigError
from plainspeak.engine import Linter, Options
from plainspeak.rulepack import load_rules

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
SIDES = ("original", "simplified")


@dataclass
class Pair:
    source: str          # file name
    id: str
    original: str
    simplified: str

    @property
    def changed(self) -> bool:
        return _norm(self.original) != _norm(self.simplified)


@dataclass
class Tally:
    sentences: int = 0
    words: int = 0
    findings: int = 0
    flagged_sentences: int = 0
    by_code: Counter = field(default_factory=Counter)
    sentences_by_code: Counter = field(default_factory=Counter)
    terms_by_code: dict = field(default_factory=dict)     # code -> Counter of matched text

    def add(self, text: str, findings) -> None:
        self.sentences += 1
        self.words += count_words(text)
        self.findings += len(findings)
        if findings:
            self.flagged_sentences += 1
        for f in findings:
            self.by_code[f.code] += 1
            self.terms_by_code.setdefault(f.code, Counter())[_norm(f.match)] += 1
        for code in {f.code for f in findings}:
            self.sentences_by_code[code] += 1


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def per100(n: int, words: int) -> float:
    return 100.0 * n / words if words else 0.0


def csv_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.csv")))
        elif p.is_file():
            files.append(p)
        else:
            raise SystemExit(f"laymaker: {p}: no such file or folder")
    if not files:
        raise SystemExit(f"laymaker: no CSV files in {', '.join(paths)}")
    return files


def read_pairs(files: list[Path]) -> list[Pair]:
    pairs = []
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"ID", "ORIGINAL", "REFERENCE"} - set(reader.fieldnames or [])
            if missing:
                raise SystemExit(f"laymaker: {path}: missing columns {sorted(missing)} "
                                 f"(found {reader.fieldnames})")
            for rec in reader:
                orig, ref = (rec["ORIGINAL"] or "").strip(), (rec["REFERENCE"] or "").strip()
                if orig and ref:
                    pairs.append(Pair(path.name, (rec["ID"] or "").strip(), orig, ref))
    return pairs


def make_linter(rules, select: list[str], profile: str) -> Linter:
    try:
        return Linter(Config(), rules, Options(select=select, profile=profile))
    except ConfigError as exc:
        raise SystemExit(f"laymaker: {exc}")


def lint_sentence(linter: Linter, text: str) -> list:
    res = linter.lint_bytes("sentence.txt", text.encode("utf-8"), fmt="text")
    return [f for f in res.findings if not f.code.startswith("PS9")]


def report(tallies: dict[str, Tally], names: dict[str, str], top: int) -> str:
    o, s = tallies["original"], tallies["simplified"]
    out = []

    def row(label: str, a: str, b: str, c: str = "") -> None:
        out.append(f"{label:34} {a:>12} {b:>12} {c:>9}")

    def change(a: float, b: float) -> str:
        return f"{(b - a) / a:+.0%}" if a else ""

    row("", "originals", "simplified", "change")
    row("sentences", f"{o.sentences:,}", f"{s.sentences:,}")
    row("words", f"{o.words:,}", f"{s.words:,}", change(o.words, s.words))
    row("findings", f"{o.findings:,}", f"{s.findings:,}", change(o.findings, s.findings))
    po, ps = per100(o.findings, o.words), per100(s.findings, s.words)
    row("findings per 100 words", f"{po:.2f}", f"{ps:.2f}", change(po, ps))
    row("sentences with a finding", f"{o.flagged_sentences:,}", f"{s.flagged_sentences:,}",
        change(o.flagged_sentences, s.flagged_sentences))
    out.append("")
    codes = sorted(set(o.by_code) | set(s.by_code))
    if not codes:
        out.append("no findings for the selected rules")
        return "\n".join(out)
    out.append(f"{'code':7}{'name':27} {'orig':>7} {'simpl':>7} {'orig/100w':>10} "
               f"{'simpl/100w':>10} {'change':>7}")
    for c in codes:
        a, b = o.by_code[c], s.by_code[c]
        pa, pb = per100(a, o.words), per100(b, s.words)
        out.append(f"{c:7}{names.get(c, '')[:26]:27} {a:7,} {b:7,} {pa:10.2f} {pb:10.2f} "
                   f"{change(pa, pb):>7}")
    if top:
        for c in codes:
            out.append("")
            out.append(f"{c} {names.get(c, '')}: most frequent matches")
            for side, t in (("originals", o), ("simplified", s)):
                terms = t.terms_by_code.get(c, Counter()).most_common(top)
                shown = ", ".join(f"{m} ({n})" for m, n in terms) or "-"
                out.append(f"  {side:11} {shown}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="+",
                    help="the laymaker data folder (its *.csv files are read) or CSV files")
    ap.add_argument("--select", default="PS3",
                    help="rules to run, comma-separated codes, prefixes, names or packs "
                         "(default: PS3, the jargon category)")
    ap.add_argument("--profile", default="letter", choices=("letter", "web", "portal"),
                    help="profile to lint with (default: letter)")
    ap.add_argument("--changed-only", action="store_true",
                    help="only the pairs the clinician actually changed")
    ap.add_argument("--top", type=int, default=10,
                    help="how many of the most frequent matches to list per code (0: none)")
    args = ap.parse_args(argv)

    select = [s.strip() for s in args.select.split(",") if s.strip()]
    pairs = read_pairs(csv_files(args.data))
    changed = sum(1 for p in pairs if p.changed)
    if args.changed_only:
        pairs = [p for p in pairs if p.changed]
    rules = load_rules()
    names = {r.code: r.name for r in rules}
    linter = make_linter(rules, select, args.profile)

    tallies = {side: Tally() for side in SIDES}
    t0 = time.perf_counter()
    for p in pairs:
        tallies["original"].add(p.original, lint_sentence(linter, p.original))
        tallies["simplified"].add(p.simplified, lint_sentence(linter, p.simplified))
    secs = time.perf_counter() - t0

    files = sorted({p.source for p in pairs})
    print(f"laymaker: {len(pairs):,} pairs from {', '.join(files) or 'no files'} "
          f"({changed:,} changed by the clinician{'; only those' if args.changed_only else ''})"
          f"; select {','.join(select)}; profile {args.profile}; {secs:.1f} s")
    print()
    print(report(tallies, names, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
