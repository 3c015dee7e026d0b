#!/usr/bin/env python3
"""Run the public alex / retext-equality cases through plainspeak's PS5xx rules.

Usage:
    python bench/equality_cases.py PATH/TO/corpus-external/inclusive

PATH must hold ``retext-equality/derived/test_cases.json`` and
``retext-equality/derived/patterns_flat.json`` (flattened from retext-equality's
MIT-licensed ``data/en/*.yml`` and ``test.js``) and optionally
``alex/test/fixtures`` (MIT).  Nothing in the repository points into that folder.

Two case sets are reported, grouped by retext-equality category:

1. ``test_cases.json``: every message alex/retext-equality expects is one
   positive case; plainspeak "also flags" it when a PS5xx finding overlaps the
   expected span.  Expected messages are mapped to a category by looking the
   flagged words up in the pattern data.  Cases with no expected message are
   negatives ("should not flag").
2. Pattern phrases: every literal ``inconsiderate`` phrase in the pattern data,
   put in a neutral frame ("we read about PHRASE today."), counts as one case
   that alex flags.  Wildcard phrases are skipped.

Output is Markdown on stdout.  Uses only the standard library and plainspeak.
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from plainspeak.config import Config
from plainspeak.engine import Linter, Options
from plainspeak.rulepack import load_rules

FRAME = "we read about {} today."

# retext-equality categories and how far plainspeak means to cover them.
SCOPE = {
    "ablist": "partial",
    "suicide": "partial",
    "lgbtq": "partial",
    "race": "partial",
    "gender": "partial",
    "condescending": "not covered",
    "misc": "not covered",
    "press": "not covered",
    "slogans": "not covered",
}

NOT_COVERED = [
    ("gender: bare pronouns (he, she, him, her, his, hers)",
     "alex flags every gendered pronoun (\"He walked to class\"). Patient content often "
     "needs them (a named patient, sex-specific care), so plainspeak flags only the "
     "generic \"he or she\" / \"his/her\" defaults (PS511)."),
    ("gender: gendered job titles and kinship words (actress, alderman, aunt/uncle, "
     "host, sheriff, frenchmen, manned)",
     "Not about health care or patients; high false-positive rate. Only a few generic "
     "defaults (\"mankind\", \"chairman\", \"layman\") are in PS511."),
    ("ablist: clinical words used as metaphors (bipolar, depressed, insomnia, OCD, "
     "anorexic, panic attack, binge, barren, psychotic)",
     "In health content these are diagnoses and symptoms, used literally. Flagging them "
     "would fire on almost every page; plainspeak only flags person-as-condition nouns "
     "(PS501) and a short idiom list (PS513)."),
    ("ablist: software words (disabled, invalid, sane, sanity check, dummy)",
     "Known alex false positives (\"your account is disabled\", \"the invalid form\"); "
     "plainspeak's PS503 lets \"disabled\" about accounts, buttons and settings pass."),
    ("race: technology metaphors (master/slave, blacklist/whitelist, blackhat/whitehat, "
     "whitespace)",
     "Not patient-facing health wording; \"master's degree\" is a known alex false "
     "positive. plainspeak covers outdated ethnicity terms (PS510) instead."),
    ("condescending (basically, obviously, just, simply, easy)",
     "Left to plain-language and readability rules, not to the inclusive-wording pack."),
    ("press, slogans, misc (political slogans, \"bathroom bill\", press terms)",
     "Out of scope for patient-facing health content."),
    ("profanity (alex's cuss list, 1,795 entries)",
     "Not part of retext-equality and not an inclusive-wording issue for health "
     "content; alex itself flags \"pregnant women\" and \"special needs\" as profanity."),
]


def norm(s: str) -> str:
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"[^a-z0-9'* ]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def phrase_index(patterns):
    idx = {}
    for p in patterns:
        for ph in p["inconsiderate"]:
            if "*" in ph:
                rx = re.compile("^" + re.escape(norm(ph)).replace(r"\*", r"\S+") + "$")
                idx.setdefault("*", []).append((rx, (p["category"], p["index"])))
                continue
            for key in {norm(ph), norm(ph).replace(" ", ""), norm(ph).replace("'", "")}:
                idx.setdefault(key, (p["category"], p["index"]))
    return idx


def lookup(idx, word):
    n = norm(word)
    for key in (n, n.replace("'", ""), n.replace(" ", ""), n.replace("'s", "s"),
                re.sub(r"'(ll|d|s|re|ve)$", "", n)):
        if key in idx:
            return idx[key]
    for rx, hit in idx.get("*", []):
        if rx.match(n):
            return hit
    return ("unmapped", -1)


MSG = re.compile(r"^(\d+):(\d+)-(\d+):(\d+): .*?use of `([^`]+)`")


def ps5(linter, text):
    res = linter.lint_bytes("case.txt", text.encode("utf-8"), fmt="text")
    return [f for f in res.findings if f.code.startswith("PS5")]


def overlaps(f, line, c0, c1):
    return f.line == line and f.column < c1 and f.end_column > c0


def pct(a, b):
    return f"{100 * a / b:.0f}%" if b else "n/a"


def table(title, rows, head):
    print(f"### {title}\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    print()


def main(argv):
    if len(argv) != 2:
        print("usage: python bench/equality_cases.py PATH/TO/corpus-external/inclusive", file=sys.stderr)
        return 2
    root = Path(argv[1])
    derived = root / "retext-equality" / "derived"
    patterns = json.loads((derived / "patterns_flat.json").read_text(encoding="utf-8"))
    tests = json.loads((derived / "test_cases.json").read_text(encoding="utf-8"))
    idx = phrase_index(patterns)
    linter = Linter(Config(), load_rules(), Options(select=["PS5"]))

    # ---- 1. retext-equality test cases --------------------------------------
    pos = defaultdict(lambda: [0, 0])      # category -> [alex cases, plainspeak flags]
    hits_by_code = defaultdict(int)
    negatives = []                          # (input, options, plainspeak matches)
    for t in tests:
        found = ps5(linter, t["input"])
        if not t["expected_messages"]:
            negatives.append((t["input"], t["options"], [f"{f.code} `{f.match}`" for f in found]))
            continue
        for m in t["expected_messages"]:
            mm = MSG.match(m)
            if not mm:
                continue
            line, c0, _, c1, word = int(mm[1]), int(mm[2]), int(mm[3]), int(mm[4]), mm[5]
            cat, _ = lookup(idx, word)
            pos[cat][0] += 1
            hit = [f for f in found if overlaps(f, line, c0, c1)]
            if hit:
                pos[cat][1] += 1
                hits_by_code[hit[0].code] += 1

    print("## plainspeak PS5xx vs alex / retext-equality\n")
    print(f"Corpus: `{root}` (retext-equality {len(patterns)} patterns, "
          f"{len(tests)} test cases). Flag = a PS5xx finding overlapping alex's span.\n")
    rows, ta, tp = [], 0, 0
    for cat in sorted(pos, key=lambda c: (-pos[c][0], c)):
        a, p = pos[cat]
        ta, tp = ta + a, tp + p
        rows.append((cat, SCOPE.get(cat, "-"), a, p, pct(p, a)))
    rows.append(("**total**", "", f"**{ta}**", f"**{tp}**", f"**{pct(tp, ta)}**"))
    table("1. retext-equality test cases (expected messages)", rows,
          ["group", "plainspeak scope", "alex cases", "plainspeak flags", "share"])

    # negatives
    print("Cases alex should not flag (expected_count 0), and the alex fixture `ok.txt`:\n")
    ok = root / "alex" / "test" / "fixtures" / "ok.txt"
    if ok.is_file():
        txt = ok.read_text(encoding="utf-8")
        negatives.append((txt.strip() + " (alex ok.txt)", None,
                          [f"{f.code} `{f.match}`" for f in ps5(linter, txt)]))
    nflag = 0
    for text, opts, flags in negatives:
        nflag += bool(flags)
        o = f" options `{opts}`" if opts else ""
        print(f"- `{text}`{o}: " + (", ".join(flags) if flags else "not flagged"))
    print(f"\nplainspeak flags {nflag} of {len(negatives)} negative cases.\n")

    # ---- 2. pattern phrases --------------------------------------------------
    pp = defaultdict(lambda: [0, 0, 0])    # category -> [patterns, phrases, flagged]
    pat_hit = defaultdict(lambda: [0, 0])  # category -> [patterns with any hit, total]
    misses = defaultdict(list)
    skipped = 0
    for p in patterns:
        cat = p["category"]
        any_hit = False
        pat_hit[cat][1] += 1
        for ph in p["inconsiderate"]:
            if "*" in ph:
                skipped += 1
                continue
            text = FRAME.format(ph)
            start = text.index(ph) + 1
            found = [f for f in ps5(linter, text) if overlaps(f, 1, start, start + len(ph))]
            pp[cat][1] += 1
            if found:
                pp[cat][2] += 1
                any_hit = True
            else:
                misses[cat].append(ph)
        pat_hit[cat][0] += any_hit
    rows, t1, t2, t3, t4 = [], 0, 0, 0, 0
    for cat in sorted(pp, key=lambda c: (-pp[c][1], c)):
        _, n, f = pp[cat]
        ph, pt = pat_hit[cat]
        t1, t2, t3, t4 = t1 + n, t2 + f, t3 + pt, t4 + ph
        rows.append((cat, SCOPE.get(cat, "-"), n, f, pct(f, n), f"{ph}/{pt}"))
    rows.append(("**total**", "", f"**{t1}**", f"**{t2}**", f"**{pct(t2, t1)}**",
                 f"**{t4}/{t3}**"))
    table(f'2. retext-equality pattern phrases, each in "{FRAME.format("…")}" '
          f"({skipped} wildcard phrases skipped)", rows,
          ["group", "plainspeak scope", "alex cases", "plainspeak flags", "share",
           "patterns with any hit"])

    print("Sample of in-scope-category phrases plainspeak does not flag:\n")
    for cat in ("suicide", "ablist", "lgbtq", "race"):
        if misses.get(cat):
            print(f"- {cat}: " + ", ".join(f"`{m}`" for m in misses[cat][:15])
                  + (" …" if len(misses[cat]) > 15 else ""))
    print()

    print("## Groups plainspeak deliberately does not cover\n")
    for name, why in NOT_COVERED:
        print(f"- **{name}**: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
