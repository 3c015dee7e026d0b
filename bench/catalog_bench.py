#!/usr/bin/env python3
"""Generate a 50-locale x 2,000-key catalog set and time plainspeak's catalog checks on it.

    python bench/catalog_bench.py [--locales 50] [--keys 2000] [--runs 3] [--dir /tmp/catbench]

The set is i18next JSON, one file per locale (``locales/<code>/portal.json``, nested keys,
``{{placeholders}}``, ``_one/_other`` plurals), with about 2.5 % of keys planted with problems
in every target locale (missing, empty, identical to English, dropped placeholder, English
left in); other values are pseudo-translations (words reversed), so the
checks do real work. Timed commands (real CLI, child process, start-up included):

* ``plainspeak translations DIR --format json`` (coverage table: every PS601-PS611 check)
* ``plainspeak check DIR --select PS6 --format json`` (the same checks as findings)
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

LOCALES = """es fr de it pt pt-BR nl sv da nb fi pl cs sk hu ro bg el ru uk tr ar he fa ur hi bn
ta te mr gu pa vi th id ms tl zh zh-TW ja ko sw am ha yo ig so ht km lo my ne si""".split()

WORDS = """appointment visit doctor nurse clinic pharmacy refill result message bill payment
insurance form record note reminder schedule cancel confirm change review share download
upload profile address phone email password account medication allergy vaccine test lab
imaging referral provider location hours today tomorrow week month year help support""".split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def pseudo(text: str) -> str:
    """A stand-in translation: every word reversed, placeholders kept ("visit" -> "tisiv")."""
    return " ".join(w if w.startswith("{{") else w[::-1] for w in text.split(" "))


def build(root: Path, n_locales: int, n_keys: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    keys = []
    for i in range(n_keys):
        kind = i % 10
        if kind == 0:
            keys.append((f"s{i // 100}.k{i}", "plural"))
        elif kind in (1, 2):
            keys.append((f"s{i // 100}.k{i}", "ph"))
        else:
            keys.append((f"s{i // 100}.k{i}", "text"))
    en: dict = {}
    texts = {}
    for k, kind in keys:
        sec, leaf = k.split(".")
        d = en.setdefault(sec, {})
        if kind == "plural":
            d[leaf + "_one"] = "You have {{count}} new " + rng.choice(WORDS)
            d[leaf + "_other"] = "You have {{count}} new " + rng.choice(WORDS) + "s"
        elif kind == "ph":
            d[leaf] = sentence(rng, rng.randint(3, 9))[:-1] + " for {{name}}."
        else:
            d[leaf] = sentence(rng, rng.randint(1, 12))
        texts[k] = d
    locs = ["en"] + LOCALES[: n_locales - 1]
    for loc in locs:
        out: dict = {}
        for sec, entries in en.items():
            o = out.setdefault(sec, {})
            for leaf, val in entries.items():
                if loc == "en":
                    o[leaf] = val
                    continue
                r = rng.random()
                if r < 0.005:
                    continue                                  # missing
                if r < 0.01:
                    o[leaf] = ""                              # empty
                elif r < 0.015:
                    o[leaf] = val                             # identical to English
                elif r < 0.02 and "{{" in val:
                    o[leaf] = f"[{loc}] " + pseudo(val.replace("{{name}}", "").replace("{{count}}", ""))
                elif r < 0.025:
                    o[leaf] = "Please call the clinic if you have any questions about this."  # English left in
                else:
                    o[leaf] = f"[{loc}] " + pseudo(val)
        p = root / "locales" / loc / "portal.json"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return len(locs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--locales", type=int, default=50)
    ap.add_argument("--keys", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", default="/tmp/catbench")
    args = ap.parse_args()
    root = Path(args.dir)
    if root.exists():
        import shutil
        shutil.rmtree(root)
    n = build(root, args.locales, args.keys)
    print(f"{n} locales x {args.keys} keys in {root}")
    cmds = {
        "translations": [sys.executable, "-m", "plainspeak", "translations", str(root),
                         "--format", "json", "--fail-on", "never"],
        "check --select PS6": [sys.executable, "-m", "plainspeak", "check", str(root),
                               "--select", "PS6", "--format", "json", "--fail-on", "never"],
    }
    for label, cmd in cmds.items():
        walls = []
        out = b""
        for _ in range(args.runs):
            t = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True)
            walls.append(time.perf_counter() - t)
            out = proc.stdout
            if proc.returncode not in (0, 1):
                print(proc.stderr.decode()[-2000:], file=sys.stderr)
                return 2
        data = json.loads(out)
        nf = len(data["findings"]) if "findings" in data else None
        print(f"{label:22s} median {statistics.median(walls):.2f} s  "
              f"(min {min(walls):.2f}, max {max(walls):.2f})  findings {nf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
