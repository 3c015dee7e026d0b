#!/usr/bin/env python3
"""Lint a folder with plainspeak and report words/s, files/s and peak memory.

    python bench/throughput.py /tmp/benchset            # one process
    python bench/throughput.py /tmp/benchset --jobs 2   # two processes
    python bench/throughput.py corpus/ --runs 3 --select PS1,PS2

Runs the real CLI (`python -m plainspeak check --format json`) in a child process, so start-up,
reading, parsing, NLP, checks and JSON output are all in the figure. Words are counted the
way ../shared/bench/compare.py counts them (whitespace-separated tokens after a leading YAML
front-matter block) so figures are comparable with the peer benchmark. Peak memory is the
largest resident set size of the child processes (resource.getrusage RUSAGE_CHILDREN; with
--jobs N that is the largest single process, not the sum).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
EXTS = {".md", ".markdown", ".txt", ".html", ".htm", ".json"}


def count_words(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if path.suffix in {".md", ".markdown"}:
        text = FRONT_MATTER.sub("", text, count=1)
    return len(text.split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--select", default=None, help="passed to --select")
    ap.add_argument("--ignore", default=None, help="passed to --ignore")
    ap.add_argument("--ext", default="md,markdown,txt,html,htm", help="file types to count and lint")
    args = ap.parse_args()
    exts = {"." + e.strip(".") for e in args.ext.split(",")}
    files = sorted(p for p in Path(args.folder).rglob("*") if p.is_file() and p.suffix in exts)
    if not files:
        print(f"no files with {sorted(exts)} under {args.folder}", file=sys.stderr)
        return 2
    words = sum(count_words(p) for p in files)
    cmd = [sys.executable, "-m", "plainspeak", "check", "--format", "json", "--fail-on", "never", "--no-cache",
           "--jobs", str(args.jobs)]
    if args.select:
        cmd += ["--select", args.select]
    if args.ignore:
        cmd += ["--ignore", args.ignore]
    # pass the files, not the folder, so the file set is exactly the one counted
    listfile = [str(p) for p in files]
    walls = []
    findings = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd + listfile, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        findings = len(json.loads(proc.stdout)["findings"])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    wall = statistics.median(walls)
    print(f"files            {len(files)}")
    print(f"words            {words}")
    print(f"jobs             {args.jobs}")
    print(f"runs             {args.runs} (wall s: {', '.join(f'{w:.2f}' for w in walls)})")
    print(f"median wall s    {wall:.2f}")
    print(f"words/s          {words / wall:,.0f}")
    print(f"files/s          {len(files) / wall:,.1f}")
    print(f"peak RSS MB      {peak_mb:.0f}")
    print(f"findings         {findings}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
