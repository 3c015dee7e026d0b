"""Command line: parse arguments, build the configuration, run the engine, pick a reporter,
set the exit code. Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage,
configuration or rule-pack error (including a path that does not exist)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"plainspeak: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _load(config_path: str | None):
    from .config import ConfigError, load_config
    from .rulepack import RulePackError, load_rules
    try:
        cfg = load_config(Path(config_path) if config_path else None)
        rules = load_rules(cfg.rule_packs)
    except (ConfigError, RulePackError) as exc:
        _fail(str(exc))
    return cfg, rules


class _Group(click.Group):
    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except BrokenPipeError:  # output piped into `head`: stop quietly
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            sys.exit(EXIT_FINDINGS)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plainspeak")
def main() -> None:
    """plainspeak: find what stands between a patient and understanding.

    Checks patient letters, web pages and portal text for reading level, sentence
    structure and more. Start with `plainspeak check FILES...`.
    """


# ---------------------------------------------------------------- check

_LINTER = None


def _worker_lint(path: str):
    return _LINTER.lint_path(path)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "junit",
                                                   "gitlab", "html"]), default="text",
              show_default=True, help="Output format (sarif: code scanning; github: workflow "
                                      "annotations; junit; gitlab: Code Quality report; "
                                      "html: a self-contained report page).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--max-annotations", type=click.IntRange(min=0), default=None,
              help="github format: at most this many annotations; the rest are summarised.")
@click.option("--diff", "diff_ref", is_flag=False, flag_value=":staged", default=None,
              metavar="[REF]",
              help="Only findings on lines added or changed: staged changes (no REF, for "
                   "pre-commit) or changes since the merge base with REF (e.g. origin/main).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Record the current findings in this baseline file (exit 0).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes of fixable findings to the files.")
@click.option("--dry-run", is_flag=True, help="With --fix: print a unified diff, write nothing.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the results cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Results cache folder [default: .plainspeak_cache next to the config].")
@click.option("--shard", metavar="K/N",
              help="Check only shard K of N (1-based) of the files, for CI matrices.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (codes, prefixes like PS2, names, packs; comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option("--profile", type=click.Choice(["letter", "web", "portal"]),
              help="Use this profile's thresholds for every file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Exit with 1 when a finding at or above this severity is found [default: error].")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Files checked in parallel (0 = one per CPU).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this configuration file instead of searching for one.")
@click.option("--stdin-filename", help="With '-': the file name to report (its type picks the reader).")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines and the summary.")
@click.option("--statistics", is_flag=True, help="Also count findings per rule.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal, unless NO_COLOR is set).")
@click.option("--explain", "explain", is_flag=True,
              help="After the first finding of each rule, say why the rule matters.")
@click.option("--by-section/--by-line", "by_section", default=None,
              help="Text output grouped by document and section, with each finding's sentence "
                   "(default: when one file is checked on a terminal).")
def check(paths, fmt, output, max_annotations, diff_ref, baseline_path, write_baseline_path, fix,
          dry_run, no_cache, cache_dir, shard, select, ignore, profile, fail_on, jobs,
          config_path, stdin_filename, quiet, statistics, color, explain, by_section):
    """Check files and folders (default: the current folder).

    Folders are searched for documents (.txt, .md, .markdown, .html, .htm, HTML templates
    such as .hbs, .njk, .jinja and page.html.j2, Word .docx) and locale
    catalogs (.json, .po, .pot, .properties, .xlf, .xliff, .arb, Android strings.xml, Rails
    locale YAML), skipping
    .git, node_modules, virtual environments and the configured `exclude` globs.
    Use '-' to read standard input (with --stdin-filename).
    """
    from .config import ConfigError
    from .engine import FileResult, Linter, Options, iter_files
    from .reporters import render

    cfg, rules = _load(config_path)
    options = Options(select=_split(select) or None, ignore=_split(ignore), profile=profile)
    try:
        linter = Linter(cfg, rules, options)
    except ConfigError as exc:
        _fail(str(exc))
    fail_on = fail_on or cfg.fail_on

    paths = list(paths) or ["."]
    stdin_result = None
    raw = None
    if "-" in paths:
        if paths != ["-"]:
            _fail("'-' (standard input) cannot be combined with other paths")
        name = stdin_filename or "stdin.txt"
        raw = sys.stdin.buffer.read()
        stdin_result = linter.lint_bytes(name, raw)
        results = [stdin_result]
        files = []
    else:
        missing = [p for p in paths if not os.path.lexists(p)]
        if missing:
            _fail(f"no such file or folder: {missing[0]}")
        walk_errors: list = []
        files = iter_files(paths, cfg, lambda p, msg: walk_errors.append((p, msg)))
        all_files = files
        diff_base = None if diff_ref in (None, ":staged") else diff_ref
        if diff_base is not None and os.path.lexists(diff_base):
            from . import vcs
            if not vcs.is_ref(diff_base):
                # `--diff FILE...` (a pre-commit hook puts the staged files after the
                # options): the value is the first path, and the staged changes are wanted
                given = [diff_base, *(click.get_current_context().params.get("paths") or ())]
                walk_errors.clear()
                files = iter_files(given, cfg, lambda p, msg: walk_errors.append((p, msg)))
                all_files = files
                diff_base = None
        if baseline_path or write_baseline_path:
            # the baseline is JSON, which would be read as a locale catalog: never check it
            own = {os.path.normcase(os.path.abspath(p))
                   for p in (baseline_path, write_baseline_path) if p}
            files = all_files = [f for f in files
                                 if os.path.normcase(os.path.abspath(f)) not in own]
        if shard:
            from .engine import shard_files
            try:
                files = shard_files(files, shard)
            except ValueError as exc:
                _fail(f"--shard: {exc}")
        changed = None
        if diff_ref is not None:
            from . import vcs
            try:
                changed = vcs.changed_lines(diff_base)
            except vcs.VcsError as exc:
                _fail(str(exc))
            files = [f for f in files if vcs.key(f) in changed]
        if not no_cache and not fix:
            from .cache import Cache
            linter.cache = Cache.for_run(cache_dir, cfg, rules, options)
        results = []
        for p, msg in walk_errors:
            f = linter.system_finding("PS900", p, {"reason": msg})
            results.append(FileResult(p, [f] if f else []))
        if linter.cache is not None and jobs != 1 and len(files) > 1:
            # cached files are served here: a warm run needs no worker processes (nor their
            # language-model start-up); only the misses go to the pool
            hits = {}
            for p in files:
                r = linter.cached_result(p)
                if r is not None:
                    hits[p] = r
            todo = [p for p in files if p not in hits]
            done = dict(zip(todo, _run(linter, todo, jobs,
                                       show_progress=not quiet and fmt == "text")))
            results.extend(hits[p] if p in hits else done[p] for p in files)
        else:
            results.extend(_run(linter, files, jobs, show_progress=not quiet and fmt == "text"))
        # cross-file rules (locale sets, document translations) see every file of the run; a
        # shard or a diff keeps only the findings of its own files
        linter.lint_project(all_files, results, only=set(files))
        if changed is not None:
            from . import vcs
            vcs.filter_results(results, changed)
        if write_baseline_path or baseline_path:
            from . import baseline as bl
            if write_baseline_path:
                try:
                    n = bl.write(write_baseline_path, results)
                except OSError as exc:
                    _fail(f"cannot write {write_baseline_path}: {exc.strerror or exc}")
                click.echo(f"Wrote {write_baseline_path}: {n} findings recorded.", err=True)
                fail_on = "never"
            else:
                try:
                    base = bl.load(baseline_path)
                except (OSError, ValueError) as exc:
                    _fail(f"cannot read baseline {baseline_path}: {exc}")
                hidden = base.filter(results)
                if hidden and not quiet and fmt == "text":
                    click.echo(f"{hidden} findings are in the baseline and not shown.", err=True)
        if fix:
            from . import fixer
            report = fixer.fix_results(results, dry_run=dry_run)
            for msg in report.messages:
                click.echo(msg, err=True)
            if dry_run:
                sys.stdout.write(report.diff)
                sys.exit(EXIT_OK if not report.diff else EXIT_FINDINGS)
            if report.changed:
                # what remains after fixing decides the exit code and the report
                fixed = set(report.changed)
                results = [linter.lint_path(r.path) if r.path in fixed else r for r in results]
                linter.lint_project(all_files, results, only=fixed, replace=True)
                if changed is not None:
                    from . import vcs
                    vcs.filter_results(results, changed)

    use_color = color if color is not None else (
        output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb")
    opts = {}
    if fmt == "text":
        if by_section is None:
            by_section = (len(results) == 1 and output is None and sys.stdout.isatty())
        opts = {"color": use_color, "quiet": quiet, "statistics": statistics,
                "sources": _sources(results, stdin_result, raw if stdin_result else None),
                "friendly": by_section, "explain": explain}
    elif fmt == "html":
        opts = {"sources": _sources(results, stdin_result, raw if stdin_result else None)}
    elif fmt == "github" and max_annotations is not None:
        opts = {"max_annotations": max_annotations}
    _emit(render(fmt, results, rules, **opts), output)
    _exit_for((f for r in results for f in r.findings), fail_on)


def _emit(text: str, output: str | None) -> None:
    """Write a report to ``output`` atomically (temporary file + rename), else to stdout."""
    if output:
        from .fileio import atomic_write
        try:
            atomic_write(output, text)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _exit_for(findings, fail_on: str) -> NoReturn:
    """Exit 1 when a finding reaches ``fail_on`` (never: always 0), else 0."""
    from .finding import Severity
    if fail_on == "never":
        sys.exit(EXIT_OK)
    threshold = Severity.parse(fail_on)
    worst = max((f.severity for f in findings), default=None)
    sys.exit(EXIT_FINDINGS if worst is not None and worst >= threshold else EXIT_OK)


def _run(linter, files: list[str], jobs: int, show_progress: bool):
    global _LINTER
    if jobs == 0:
        jobs = os.cpu_count() or 1
    progress = show_progress and sys.stderr.isatty() and len(files) >= 20
    if jobs <= 1 or len(files) < 2:
        if progress:
            with click.progressbar(files, label="Checking", file=sys.stderr) as bar:
                return [linter.lint_path(p) for p in bar]
        return [linter.lint_path(p) for p in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    _LINTER = linter
    linter.warm_up()     # load spaCy, syllables and word lists once, before the fork
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        ctx = None
    jobs = min(jobs, len(files))
    chunk = max(1, min(16, len(files) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        it = pool.map(_worker_lint, files, chunksize=chunk)   # results keep input order
        if progress:
            with click.progressbar(it, length=len(files), label="Checking", file=sys.stderr) as bar:
                return list(bar)
        return list(it)


def _sources(results, stdin_result, stdin_raw) -> dict[str, str]:
    from .readers import source_text
    out = {}
    for r in results:
        if not r.findings:
            continue
        try:
            if r is stdin_result:
                raw = stdin_raw
            else:
                with open(r.path, "rb") as fh:
                    raw = fh.read()
            out[r.path] = source_text(r.path, raw)
        except Exception:  # noqa: BLE001 - quoting the line is a nicety, never fatal
            continue
    return out


# ---------------------------------------------------------------- rules / explain / init

@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def rules_cmd(fmt, config_path):
    """List every rule: code, name, category, default severity, profiles."""
    import json
    _, rules = _load(config_path)
    if fmt == "json":
        data = [{"code": r.code, "name": r.name, "category": r.category, "severity": str(r.severity),
                 "enabled": r.enabled, "profiles": r.profile_names(), "pack": r.pack,
                 "languages": _rule_languages(r), "description": r.description} for r in rules]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows = [("CODE", "NAME", "CATEGORY", "SEVERITY", "PROFILES", "LANGUAGES", "")]
    for r in rules:
        profs = ",".join(r.profile_names()) if r.kind != "system" else "all"
        langs = _rule_languages(r)
        rows.append((r.code, r.name, r.category, str(r.severity), profs,
                     ",".join(langs) if langs else "all",
                     "" if r.enabled else "off by default"))
    n = len(rows[0]) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(n)]
    for row in rows:
        click.echo("  ".join(row[i].ljust(widths[i]) for i in range(n)) + ("  " + row[n] if row[n] else ""))
    click.echo(f"\n{len(rules)} rules. `plainspeak explain CODE` tells what a rule checks and why.")
    click.echo(_language_coverage(rules))


def _rule_languages(r) -> list[str] | None:
    """The languages a rule checks (its ``languages`` parameter), None for every language."""
    langs = (r.params or {}).get("languages")
    if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
        return [str(x) for x in langs]
    return None


def _language_coverage(rules) -> str:
    """What plainspeak checks in Spanish, said plainly (the Spanish packs are small)."""
    text_rules = [r for r in rules if r.kind != "system"]
    es = [r for r in text_rules if _rule_languages(r) is None or "es" in _rule_languages(r)]
    en_only = sorted({r.category for r in text_rules
                      if _rule_languages(r) is not None and "es" not in _rule_languages(r)
                      and not any(_rule_languages(x) is None or "es" in (_rule_languages(x) or [])
                                  for x in text_rules if x.category == r.category)})
    partly = sorted({r.category for r in text_rules
                     if _rule_languages(r) is not None and "es" not in _rule_languages(r)}
                    - set(en_only))
    lines = [f"Spanish (es): {len(es)} of {len(text_rules)} rules apply "
             f"({', '.join(r.code for r in es if r.code.startswith(('PS1', 'PS2')))} among them)."]
    if en_only:
        lines.append(f"  English only, so Spanish text is NOT checked for: {', '.join(en_only)} "
                     "(the word lists are English).")
    if partly:
        lines.append(f"  Partly English only: {', '.join(partly)} (see the LANGUAGES column).")
    return "\n".join(lines)


@main.command()
@click.argument("rule")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def explain(rule, config_path):
    """Explain one rule (by code or name): what it checks, why, its source, and examples."""
    import textwrap
    _, rules = _load(config_path)
    r = rules.get(rule)
    if r is None:
        _fail(f"no rule {rule!r}; `plainspeak rules` lists them all")
    w = lambda s, ind="  ": textwrap.fill(s, 88, initial_indent=ind, subsequent_indent=ind)  # noqa: E731
    click.echo(f"{r.code} {r.name}  ({r.category}, {r.severity}"
               f"{'' if r.enabled else ', off by default'})\n")
    click.echo("What it checks")
    click.echo(w(r.description) + "\n")
    click.echo("Why it matters")
    click.echo(w(r.why) + "\n")
    if r.wcag:
        from .rulepack import wcag_lines
        click.echo("WCAG 2.2 success criteria")
        for line in wcag_lines(r):
            click.echo(w("- " + line, "  "))
        click.echo("")
    if r.params:
        click.echo("Settings (defaults)")
        for k, v in r.params.items():
            click.echo(f"  {k} = {_short(v)}")
        for prof, over in r.profiles.items():
            click.echo(f"  in the {prof} profile: " + ("off" if over is False else
                       ", ".join(f"{k} = {_short(v)}" for k, v in over.items())))
        click.echo("")
    elif r.profiles:
        for prof, over in r.profiles.items():
            if over is False:
                click.echo(f"Off in the {prof} profile.")
        click.echo("")
    fails, passes = r.examples.get("fail", []), r.examples.get("pass", [])
    if fails or passes:
        click.echo("Examples")
        for mark, group in (("\u2717", fails), ("\u2713", passes)):
            for e in group:
                if "files" in e:
                    click.echo(f"  {mark} files:")
                    for name, body in e["files"].items():
                        click.echo(w(f"{name}: " + " ".join(body.split())[:300], "      "))
                else:
                    click.echo(w(f"{mark} " + " ".join(e["text"].split())[:400], "  "))
        click.echo("")
    click.echo("Sources")
    for s in r.sources:
        line = f"  - {s['name']}"
        if s.get("url"):
            line += f" <{s['url']}>"
        click.echo(line)
        if s.get("note"):
            click.echo(w(s["note"], "    "))
    click.echo(f"\nDefined in {Path(r.path).name}. Turn it off with ignore = [\"{r.code}\"] or "
               f"<!-- plainspeak-disable-next-line {r.code} -->.")


def _short(value) -> str:
    """A parameter value for people: long word lists are summarised, not dumped."""
    if isinstance(value, list) and len(value) > 6:
        def one(x):
            if isinstance(x, dict) and "term" in x:
                alts = x.get("alternatives") or []
                return f"{x['term']} \u2192 {alts[0]}" if alts else str(x["term"])
            return repr(x)
        return f"{len(value)} entries, e.g. " + "; ".join(one(x) for x in value[:4]) + "; \u2026"
    if isinstance(value, dict) and len(value) > 6:
        items = list(value.items())[:4]
        return f"{len(value)} entries, e.g. " + "; ".join(f"{k} \u2192 {v}" for k, v in items) + "; \u2026"
    return repr(value)


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .plainspeak.toml.")
def init(force):
    """Write a commented starter configuration (.plainspeak.toml) in this folder."""
    from .config import STARTER
    target = Path(".plainspeak.toml")
    if target.exists() and not force:
        _fail(f"{target} already exists (use --force to overwrite)")
    target.write_text(STARTER, encoding="utf-8")
    click.echo(f"Wrote {target}. Edit it, then run `plainspeak check`.")


# ---------------------------------------------------------------- translations

CATALOG_RULES = ["PS601", "PS602", "PS603", "PS604", "PS605", "PS606", "PS607", "PS608",
                 "PS609", "PS610", "PS611"]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Exit with 1 when a finding at or above this severity is found [default: error].")
@click.option("--update-lock", is_flag=True,
              help="Record the current source and translation texts in the translations lock "
                   "file, so later source changes are reported as stale (PS610).")
@click.option("--findings/--no-findings", "show_findings", default=False,
              help="Also list every catalog finding after the table (text format).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def translations(paths, fmt, output, fail_on, update_lock, show_findings, config_path):
    """Translation coverage of locale catalogs: per locale set and locale, how many strings are
    translated, missing, empty, fuzzy, identical to the source, stale or have placeholder
    errors. Exit codes as for `check` (1 when a finding reaches --fail-on)."""
    import json
    from .checks.catalogs import build_lock, lock_path, set_data
    from .config import ConfigError
    from .engine import Linter, Options, iter_files
    from .translations import discovery

    cfg, rules = _load(config_path)
    try:
        linter = Linter(cfg, rules, Options(select=CATALOG_RULES))
    except ConfigError as exc:
        _fail(str(exc))
    fail_on = fail_on or cfg.fail_on
    paths = list(paths) or ["."]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        _fail(f"no such file or folder: {missing[0]}")
    files = [p for p in iter_files(paths, cfg, lambda p, m: None) if discovery.is_catalog_path(p)]
    pctx = linter.project_context(files)
    if update_lock:
        data = build_lock(pctx)
        target = lock_path(pctx)
        from .fileio import atomic_write
        try:
            atomic_write(target, json.dumps(data, indent=1, sort_keys=True,
                                            ensure_ascii=False) + "\n")
        except OSError as exc:
            _fail(f"cannot write {target}: {exc.strerror or exc}")
        n = sum(len(k) for s in data["sets"].values() for k in s.values())
        click.echo(f"Wrote {target}: {n} translations in {len(data['sets'])} locale sets.")
        sys.exit(EXIT_OK)
    findings = linter.lint_project(files, pctx=pctx)
    report = _coverage(set_data(pctx), findings)
    if fmt == "json":
        text = json.dumps({"version": 1, "sets": report,
                           "findings": [f.to_dict() for f in findings]},
                          ensure_ascii=False, separators=(",", ":")) + "\n"
    else:
        text = _coverage_text(report, findings if show_findings else [])
    _emit(text, output)
    _exit_for(findings, fail_on)


_COLUMNS = (("missing", "PS601"), ("empty", "PS602"), ("fuzzy", "PS603"), ("identical", "PS604"),
            ("stale", "PS610"), ("placeholders", "PS606"))
_OTHER = ("PS605", "PS607", "PS608", "PS609", "PS611")


def _coverage(sets, findings) -> list[dict]:
    from collections import Counter
    from .translations.catalog import TRANSLATED
    per_file: dict[str, Counter] = {}
    for f in findings:
        per_file.setdefault(f.path, Counter())[f.code] += 1
    out = []
    for sd in sets:
        rows = []
        for locale, path, cat in sd.catalogs:
            if cat.template:
                continue
            groups: dict[str, list] = {}
            for m in cat.messages:
                if m.translatable and m.state != "obsolete":
                    groups.setdefault(m.group, []).append(m)
            keys = list(sd.src_groups) if sd.source is not None and path != sd.source_path \
                and not (cat.bilingual and not sd.source.template) else list(groups)
            ok = sum(1 for g in keys if g in groups and all(
                v.state == TRANSLATED and v.value is not None and v.value.strip()
                for v in groups[g]))
            c = per_file.get(path, Counter())
            row = {"locale": locale or "(default)", "path": path,
                   "source": path == sd.source_path, "keys": len(keys), "translated": ok,
                   "translated_pct": round(100.0 * ok / len(keys), 1) if keys else 100.0}
            for name, code in _COLUMNS:
                row[name] = c.get(code, 0)
            row["other"] = sum(c.get(code, 0) for code in _OTHER)
            rows.append(row)
        for loc in sd.missing_locales:
            rows.append({"locale": loc, "path": None, "source": False, "keys": len(sd.src_groups),
                         "translated": 0, "translated_pct": 0.0,
                         **{name: (len(sd.src_groups) if name == "missing" else 0)
                            for name, _ in _COLUMNS}, "other": 0})
        out.append({"name": sd.name, "source_locale": sd.source_locale,
                    "source_path": sd.source_path, "locales": rows})
    return out


def _coverage_text(report, findings) -> str:
    lines = []
    if not report:
        return "No locale catalogs found.\n"
    head = ("locale", "translated", "%", "missing", "empty", "fuzzy", "identical", "stale",
            "placeholders", "other")
    for s in report:
        lines.append(f"{s['name']}  (source {s['source_locale']}: "
                     f"{s['source_path'] or 'none found'})")
        rows = [head]
        for r in s["locales"]:
            rows.append((r["locale"] + (" (source)" if r["source"] else "") +
                         ("  [no catalog]" if r["path"] is None else ""),
                         f"{r['translated']}/{r['keys']}", f"{r['translated_pct']:.1f}",
                         *(str(r[k]) for k in ("missing", "empty", "fuzzy", "identical",
                                               "stale", "placeholders", "other"))))
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        for row in rows:
            lines.append("  " + "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                                          for i, c in enumerate(row)))
        lines.append("")
    if findings:
        for f in findings:
            lines.append(f"{f.path}:{f.line}:{f.column}  {f.severity}  {f.code}  {f.message}")
        lines.append("")
    total = sum(len(s["locales"]) for s in report)
    lines.append(f"{len(report)} locale sets, {total} catalogs. `plainspeak check` lists every "
                 f"finding with its position; `--findings` adds them here.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- score

@main.command("score")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--profile", type=click.Choice(["letter", "web", "portal"]),
              help="Use this profile's targets for every file.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this configuration file instead of searching for one.")
@click.option("--color/--no-color", default=None,
              help="Colour the output (default: on a terminal, unless NO_COLOR is set).")
def score_cmd(paths, fmt, profile, config_path, color):
    """Reading-level card: per document and per section, the reading grade (SMOG and
    Flesch-Kincaid; INFLESZ and Fernández Huerta for Spanish) against the profile's target,
    word and sentence counts, the hardest sentences and the words that raise the grade.

    Folders are walked as by `check`. Exit 0, or 2 when a path does not exist or a file
    cannot be read (one line on stderr per file; the other files are still scored).
    """
    from . import score as sc
    from .config import ConfigError
    from .engine import iter_files

    cfg, rules = _load(config_path)
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        _fail(f"no such file or folder: {missing[0]}")
    try:
        scorer = sc.Scorer(cfg, rules, profile=profile)
    except ConfigError as exc:
        _fail(str(exc))
    errors: list = []
    files = iter_files(paths, cfg, lambda p, msg: errors.append(sc.error_entry("PS900", p, msg)))
    cards = []
    for p in files:
        card, err = scorer.score_path(p)
        if err is not None:
            errors.append(err)
        else:
            cards.append(card)
    use_color = color if color is not None else (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb")
    _emit(sc.render_json(cards, errors) if fmt == "json"
          else sc.render_text(cards, color=use_color), None)
    for e in errors:
        click.echo(f"plainspeak: error: {e['path']}: {e['code']} {e['message']}", err=True)
    sys.exit(EXIT_USAGE if errors else EXIT_OK)
