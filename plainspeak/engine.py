"""The engine: read a file, run the enabled checks, apply suppressions and severities.

Pipeline per file (textlint's model): read -> checks per rule -> rule scope -> severity
overrides -> inline directives (recording which were used; unused ones become PS901) ->
deduplicate by (line, column, code) -> sort. Reporters never see anything else.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from .config import (DEFAULT_EXCLUDE, DEFAULT_PROFILE_BY_FORMAT, PROFILES, Config, ConfigError,
                     matches_any, relative_posix)
from .document import Document
from .finding import Finding, Severity
from .rulepack import Rule, RuleSet


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] | None = None      # the JSON "documents" entry
    info: dict[str, Any] | None = None       # format, front matter, meta: for cross-file rules


# reader facts that cross-file checks read from FileResult.info (kept small: it is cached)
PROJECT_META = ("html", "lang_attrs", "hreflang")


def _project_meta(doc) -> dict:
    meta = getattr(doc, "meta", None) or {}
    return {k: meta[k] for k in PROJECT_META if k in meta}


def _reading_targets(active) -> dict[str, dict[str, Any]]:
    """{metric: {"target", "higher_is_harder", "rule"}} of the reading-level rules that ran
    on a document, with the thresholds in force (configuration and profile included)."""
    out: dict[str, dict[str, Any]] = {}
    for ar in active:
        if ar.rule.kind != "reading-grade":
            continue
        p = ar.check.params
        metric, warn = p.get("metric"), p.get("warn")
        if isinstance(metric, str) and isinstance(warn, (int, float)) and metric not in out:
            out[metric] = {"target": warn, "higher_is_harder": bool(p.get("higher_is_harder",
                                                                          True)),
                           "rule": ar.rule.code}
    return out


def _sections(doc) -> list[list]:
    """``[line, level, title]`` of each heading, for reports that group findings by section."""
    from .document import HEADING
    out = []
    for b in doc.blocks:
        if b.kind == HEADING and b.text.strip():
            out.append([doc.line_col(b.smap.start(0))[0], b.level, " ".join(b.text.split())])
    return out


class LightDocument:
    """What cross-file rules need of a document already read in the per-file pass (format,
    front matter, reader metadata), without parsing it again; ``source`` is read on demand."""

    def __init__(self, path: str, info: dict[str, Any], decode_path):
        self.path = path
        self.format = info.get("format", "text")
        self.front_matter = info.get("front_matter") or {}
        self.meta = info.get("meta") or {}
        self.language = info.get("language", "en")
        self.language_declared = bool(info.get("language_declared"))
        self._decode = decode_path
        self._source: str | None = None

    @property
    def source(self) -> str:
        if self._source is None:
            self._source = self._decode(self.path)
        return self._source


@dataclass
class Options:
    """Command-line choices that override the configuration."""
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    profile: str | None = None


class ActiveRule:
    __slots__ = ("rule", "check", "severity")

    def __init__(self, rule: Rule, check, severity: Severity | None):
        self.rule = rule
        self.check = check
        self.severity = severity


class Linter:
    def __init__(self, config: Config, rules: RuleSet, options: Options | None = None):
        self.config = config
        self.rules = rules
        self.options = options or Options()
        self._active_cache: dict[tuple, list[ActiveRule]] = {}
        self.cache = None            # a plainspeak.cache.Cache, set by the CLI (per-file results)
        self._selected_memo: dict[str, frozenset[str]] = {}
        self._validate_selectors()
        if config.models:
            from . import nlp
            for lang, name in config.models.items():
                nlp.set_model(lang, name)

    # -- rule selection ------------------------------------------------------------------------
    def _validate_selectors(self) -> None:
        cfg = self.config
        groups = [("select", cfg.select or []), ("extend-select", cfg.extend_select),
                  ("ignore", cfg.ignore)]
        for pp in cfg.per_path:
            groups += [("per-path select", pp.select), ("per-path ignore", pp.ignore)]
        for label, sels in groups:
            for s in sels:
                if not self.rules.resolve(s):
                    raise ConfigError(f"{cfg.describe()}: {label}: no rule matches {s!r}")
        for key in cfg.rules:
            if self.rules.get(key) is None:
                raise ConfigError(f"{cfg.describe()}: rules.{key}: no such rule")
        for label, sels in (("--select", self.options.select or []),
                            ("--ignore", self.options.ignore)):
            for s in sels:
                if not self.rules.resolve(s):
                    raise ConfigError(f"{label}: no rule matches {s!r}")
        # parameters given by the user must fit the rule's kind
        from .checks import KINDS
        for key, over in cfg.rules.items():
            from jsonschema import Draft202012Validator
            rule = self.rules.get(key)
            schema = {"type": "object", "additionalProperties": False,
                      "properties": KINDS[rule.kind].PARAMS}
            blobs = [("params", over.get("params") or {})]
            blobs += [(f"profiles.{p}", v) for p, v in (over.get("profiles") or {}).items()
                      if isinstance(v, dict)]
            for where, blob in blobs:
                errors = list(Draft202012Validator(schema).iter_errors(blob))
                if errors:
                    e = errors[0]
                    known = ", ".join(sorted(KINDS[rule.kind].PARAMS)) or "none"
                    raise ConfigError(f"{cfg.describe()}: rules.{key}.{where}: {e.message} "
                                      f"(parameters of {rule.code}: {known})")

    def _selected(self, relpath: str) -> frozenset[str]:
        """Codes of the rules selected for ``relpath`` (memoised: without per-path settings
        the selection is the same for every file)."""
        key = relpath if self.config.per_path else ""
        memo = self._selected_memo
        got = memo.get(key)
        if got is None:
            if len(memo) > 4096:
                memo.clear()
            got = memo[key] = frozenset(self._compute_selected(relpath))
        return got

    def _compute_selected(self, relpath: str) -> set[str]:
        cfg, opt = self.config, self.options
        if opt.select is not None:
            base = opt.select
        elif cfg.select is not None:
            base = cfg.select
        else:
            base = None
        if base is None:
            chosen = {r.code for r in self.rules if r.enabled}
        else:
            chosen = set()
            for sel in base:
                matched = self.rules.resolve(sel)
                # a group (prefix, pack, category) turns on only the rules that are on by
                # default; naming a rule, or ALL, turns it on even if it is off by default
                explicit = sel.upper() == "ALL" or self.rules.get(sel) is not None
                chosen |= {r.code for r in matched if r.enabled or explicit}
        chosen |= {r.code for s in cfg.extend_select for r in self.rules.resolve(s)}
        for pp in cfg.per_path:
            if matches_any(relpath, pp.patterns):
                chosen |= {r.code for s in pp.select for r in self.rules.resolve(s)}
                chosen -= {r.code for s in pp.ignore for r in self.rules.resolve(s)}
        chosen -= {r.code for s in cfg.ignore for r in self.rules.resolve(s)}
        chosen -= {r.code for s in opt.ignore for r in self.rules.resolve(s)}
        return chosen

    def active_rules(self, profile: str, relpath: str) -> list[ActiveRule]:
        selected = frozenset(self._selected(relpath))
        key = (profile, selected)
        cached = self._active_cache.get(key)
        if cached is not None:
            return cached
        from .checks import KINDS
        out = []
        for rule in self.rules:
            if rule.code not in selected:
                continue
            user = self.config.rules.get(rule.code) or self.config.rules.get(rule.name) or {}
            uprof = (user.get("profiles") or {}).get(profile)
            if uprof is False or (uprof is None and not rule.enabled_in(profile)):
                continue
            params = rule.params_for(profile)
            kind_params = KINDS[rule.kind].PARAMS
            if self.config.disability_language and "style" in kind_params:
                params["style"] = self.config.disability_language
            if self.config.locale and "locale" in kind_params:
                params["locale"] = self.config.locale
            params.update(self._config_params(rule))
            params.update(user.get("params") or {})
            if isinstance(uprof, dict):
                params.update(uprof)
            sev = Severity.parse(user["severity"]) if "severity" in user else None
            out.append(ActiveRule(rule, KINDS[rule.kind](rule, params), sev))
        self._active_cache[key] = out
        return out

    def is_selected(self, code: str, relpath: str) -> bool:
        return code in self._selected(relpath)

    # -- profiles --------------------------------------------------------------------------------
    def profile_for(self, doc: Document, relpath: str) -> str:
        if self.options.profile:
            return self.options.profile
        fm = doc.front_matter.get("plainspeak-profile") if isinstance(doc.front_matter, dict) else None
        if isinstance(fm, str) and fm in PROFILES:
            return fm
        for pp in self.config.per_path:
            if pp.profile and matches_any(relpath, pp.patterns):
                return pp.profile
        for prof in PROFILES:
            if matches_any(relpath, self.config.profiles.get(prof, [])):
                return prof
        return DEFAULT_PROFILE_BY_FORMAT.get(doc.format, "web")

    # -- linting ---------------------------------------------------------------------------------
    def system_finding(self, code: str, path: str, message_fields: dict, doc: Document | None = None,
                       start: int = 0, end: int = 0) -> Finding | None:
        rule = self.rules.by_code[code]
        relpath = relative_posix(path, self.config.root)
        if not self.is_selected(code, relpath):
            return None
        user = self.config.rules.get(rule.code) or self.config.rules.get(rule.name) or {}
        sev = Severity.parse(user["severity"]) if "severity" in user else rule.severity
        message = rule.message.format(**message_fields)
        if doc is not None:
            line, col = doc.line_col(start)
            eline, ecol = doc.line_col(end)
            match = doc.source[start:end]
        else:
            line, col, eline, ecol, match = 1, 1, 1, 1, ""
        return Finding(code=rule.code, name=rule.name, category=rule.category, severity=sev,
                       path=path, line=line, column=col, end_line=eline, end_column=ecol,
                       message=message, match=match, scope="file", start=start, end=end)

    def lint_path(self, path: str) -> FileResult:
        """Lint one file from disk. Never raises for bad content."""
        res = FileResult(path)
        limit = self.config.max_file_size
        try:
            size = os.path.getsize(path)
            if size > limit * 1024 * 1024:
                f = self.system_finding("PS905", path, {"size": f"{size / 1048576:.1f}",
                                                         "limit": f"{limit:g}"})
                res.findings = [f] if f else []
                return res
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            f = self.system_finding("PS900", path, {"reason": f"cannot read this file: "
                                                              f"{exc.strerror or exc}"})
            res.findings = [f] if f else []
            return res
        cache = self.cache
        if cache is not None:
            hit = cache.get(path, raw)
            if hit is not None:
                return hit
            res = self.lint_bytes(path, raw)
            cache.put(path, raw, res)
            return res
        return self.lint_bytes(path, raw)

    def cached_result(self, path: str) -> FileResult | None:
        """``path``'s result from the results cache, or None (no cache, a miss, or a file
        that lint_path would not lint normally: unreadable or too large)."""
        cache = self.cache
        if cache is None:
            return None
        try:
            if os.path.getsize(path) > self.config.max_file_size * 1024 * 1024:
                return None
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            return None
        return cache.get(path, raw)

    def lint_bytes(self, path: str, raw: bytes, fmt: str | None = None) -> FileResult:
        from . import readers
        res = FileResult(path)
        try:
            doc = readers.load(path, raw, fmt=fmt or readers.format_for(path) or "text")
        except readers.BinaryFile as exc:
            f = self.system_finding("PS902", path, {"reason": str(exc)})
            res.findings = [f] if f else []
            return res
        if not doc.language_declared:
            doc.language = self.config.language
        return self.lint_document(doc)

    def lint_document(self, doc: Document) -> FileResult:
        from .checks.base import Context
        res = FileResult(doc.path)
        relpath = relative_posix(doc.path, self.config.root)
        profile = self.profile_for(doc, relpath)
        ctx = Context(doc, profile, self.config)
        findings: list[Finding] = []
        for prob in doc.problems:
            f = self.system_finding(prob.code, doc.path, {"reason": prob.message}, doc,
                                    prob.offset, prob.offset + prob.length)
            if f:
                findings.append(f)
        active = self.active_rules(profile, relpath)
        for ar in active:
            if ar.rule.kind == "system" or getattr(ar.check, "LEVEL", "") == "project":
                continue
            scope = ar.rule.scope
            allowed = {s for s in scope if not s.startswith("~")} if scope else None
            denied = {s[1:] for s in scope if s.startswith("~")} if scope else set()
            for f in ar.check.run(ctx):
                if f.scope in denied or (allowed and f.scope not in allowed
                                         and f.scope not in ("document", "file")):
                    continue
                if ar.severity is not None:
                    f.severity = ar.severity
                findings.append(f)
        findings = _drop_nested_word_findings(
            findings, {a.rule.code for a in active if a.rule.kind == "lexicon"})
        findings = self._apply_directives(doc, findings, relpath)
        seen = set()
        unique = []
        for f in sorted(findings, key=Finding.sort_key):
            k = (f.line, f.column, f.code, f.end_line, f.end_column)
            if k not in seen:
                seen.add(k)
                unique.append(f)
        res.findings = unique
        res.info = {"format": doc.format, "front_matter": doc.front_matter,
                    "meta": _project_meta(doc), "language": doc.language,
                    "language_declared": doc.language_declared, "profile": profile,
                    "sections": _sections(doc)}
        # reading-level statistics (JSON "documents") only when a readability rule runs: a
        # run of --select PS6 over 50 catalogs must not build 50 language pipelines for them
        res.stats = self._stats(ctx, profile, self._wants_stats(relpath))
        if res.stats is not None and "scores" in res.stats:
            targets = _reading_targets(active)
            if targets:
                res.stats["targets"] = targets
        return res

    # -- cross-file (project) checks ---------------------------------------------------------
    def project_rules(self) -> list[ActiveRule]:
        """Active project-level rules (catalog sets, document translations), selected for at
        least one path; each finding is filtered per path afterwards."""
        from .checks import KINDS
        out = []
        for rule in self.rules:
            cls = KINDS[rule.kind]
            if getattr(cls, "LEVEL", "") != "project":
                continue
            user = self.config.rules.get(rule.code) or self.config.rules.get(rule.name) or {}
            params = rule.params_for(self.options.profile or "portal")
            params.update(self._config_params(rule))
            params.update(user.get("params") or {})
            sev = Severity.parse(user["severity"]) if "severity" in user else None
            out.append(ActiveRule(rule, cls(rule, params), sev))
        return out

    def _config_params(self, rule) -> dict[str, Any]:
        """Top-level config tables that feed rule parameters ([language-access], [documents])."""
        from .checks import KINDS
        kp = KINDS[rule.kind].PARAMS
        table = {}
        if rule.kind.startswith("language-assistance"):
            table = self.config.language_access
        elif rule.kind.startswith("document-translation"):
            table = self.config.documents
        return {k: v for k, v in table.items() if k in kp}

    def _file_profile(self, path: str) -> str:
        if self.options.profile:
            return self.options.profile
        relpath = relative_posix(path, self.config.root)
        for pp in self.config.per_path:
            if pp.profile and matches_any(relpath, pp.patterns):
                return pp.profile
        for prof in PROFILES:
            if matches_any(relpath, self.config.profiles.get(prof, [])):
                return prof
        from .readers import format_for
        fmt = format_for(path) or "text"
        if fmt.startswith("catalog"):
            return "portal"
        return DEFAULT_PROFILE_BY_FORMAT.get(fmt, "web")

    def read_catalog(self, path: str):
        """``path`` read as a locale catalog (None when it is not one or cannot be read)."""
        from .readers import decode
        from .translations.formats import read_catalog
        try:
            if os.path.getsize(path) > self.config.max_file_size * 1024 * 1024:
                return None
            with open(path, "rb") as fh:
                raw = fh.read()
            text = decode(raw, "catalog-json")[0]
            if "\x00" in text:
                return None
            return read_catalog(path.replace(os.sep, "/"), text)
        except Exception:  # noqa: BLE001 - a bad file gets its PS9xx finding from lint_path
            return None

    def read_document(self, path: str):
        from . import readers
        try:
            if os.path.getsize(path) > self.config.max_file_size * 1024 * 1024:
                return None
            with open(path, "rb") as fh:
                raw = fh.read()
            doc = readers.load(path, raw)
        except Exception:  # noqa: BLE001
            return None
        if not doc.language_declared:
            doc.language = self.config.language
        return doc

    def project_context(self, files: list[str], infos: dict[str, dict] | None = None):
        from .translations.project import ProjectContext
        infos = infos or {}

        def read_document(path: str):
            info = infos.get(os.path.normpath(path))
            if info is not None:
                return LightDocument(path, info, self._decoded_text)
            return self.read_document(path)

        return ProjectContext(files, self.config.root, self.config,
                              read_catalog=self.read_catalog, read_document=read_document,
                              profile_for=self._file_profile)

    def _decoded_text(self, path: str) -> str:
        # the text findings refer to: the decoded file, or a Word file's paragraphs
        from .readers import BinaryFile, source_text
        try:
            with open(path, "rb") as fh:
                return source_text(path, fh.read())
        except (OSError, BinaryFile):
            return ""

    def lint_project(self, files: list[str], results: list[FileResult] | None = None,
                     pctx=None, only: set[str] | None = None,
                     replace: bool = False) -> list[Finding]:
        """Run the project-level rules over ``files``; findings are filtered by each file's
        rule selection and profile and, when ``results`` is given, merged into them."""
        if not files:
            return []
        active = [ar for ar in self.project_rules() if self._selected_anywhere(ar.rule.code, files)]
        if not active:
            return []
        if pctx is None:
            infos = {os.path.normpath(r.path): r.info for r in results or () if r.info}
            pctx = self.project_context(files, infos)
        out: list[Finding] = []
        rels: dict[str, str] = {}
        profs: dict[str, str] = {}
        for ar in active:
            user = self.config.rules.get(ar.rule.code) or self.config.rules.get(ar.rule.name) or {}
            uprofs = user.get("profiles") or {}
            selected: dict[str, bool] = {}
            for f in ar.check.run_project(pctx):
                ok = selected.get(f.path)
                if ok is None:
                    rel = rels.get(f.path)
                    if rel is None:
                        rel = rels[f.path] = relative_posix(f.path, self.config.root)
                    ok = selected[f.path] = self.is_selected(f.code, rel)
                if not ok:
                    continue
                prof = profs.get(f.path)
                if prof is None:
                    prof = profs[f.path] = self._file_profile(f.path)
                up = uprofs.get(prof)
                if up is False or (up is None and not ar.rule.enabled_in(prof)):
                    continue
                if ar.severity is not None:
                    f.severity = ar.severity
                out.append(f)
        if only is not None:
            keep = {os.path.normpath(p) for p in only}
            out = [f for f in out if os.path.normpath(f.path) in keep]
        if results is not None and replace:
            # re-run after --fix: drop the project findings computed before
            codes = {ar.rule.code for ar in active}
            for r in results:
                if only is None or os.path.normpath(r.path) in {os.path.normpath(p) for p in only}:
                    r.findings = [f for f in r.findings if f.code not in codes]
        if results is not None and out:
            by_path: dict[str, FileResult] = {r.path: r for r in results}
            for f in out:
                r = by_path.get(f.path)
                if r is None:
                    r = by_path[f.path] = FileResult(f.path)
                    results.append(r)
                r.findings.append(f)
            for r in by_path.values():
                r.findings.sort(key=Finding.sort_key)
        return out

    def _selected_anywhere(self, code: str, files: list[str]) -> bool:
        if not self.config.per_path:
            return self.is_selected(code, "")
        return any(self.is_selected(code, relative_posix(p, self.config.root)) for p in files)

    def _wants_stats(self, relpath: str) -> bool:
        """Reading-level statistics are computed when a readability rule is selected for the
        path (whatever the profile), so a --select PS6 run skips the language pipelines."""
        sel = self._selected(relpath)
        return any(c.startswith("PS1") for c in sel)

    def _stats(self, ctx, profile: str, readability: bool = True) -> dict[str, Any]:
        doc = ctx.document
        entry: dict[str, Any] = {"path": doc.path, "format": doc.format, "profile": profile,
                                 "language": doc.language}
        if not readability:
            return entry
        try:
            from .checks.readability import document_stats
        except ImportError:  # pragma: no cover
            return entry
        entry.update(document_stats(ctx))
        entry["language"] = doc.language
        return entry

    def warm_up(self) -> None:
        """Load everything lazy (spaCy pipeline, syllable data, word-list automata) now.

        Called before forking worker processes, so that they share one copy instead of each
        loading its own."""
        text = ("Your physician utilized the medication prior to the procedure, 03/04/2026. "
                * 12)
        for prof in PROFILES:
            body = f"---\nplainspeak-profile: {prof}\n---\n# Warm up\n\n{text}\n"
            self.lint_bytes("warm-up.md", body.encode("utf-8"), fmt="markdown")

    # -- suppressions ----------------------------------------------------------------------------
    def _apply_directives(self, doc: Document, findings: list[Finding], relpath: str) -> list[Finding]:
        if not doc.directives:
            return findings
        lines_with_text = self._content_lines(doc)
        entries = []   # (directive, matcher set or None, applies(f) -> bool)
        extra: list[Finding] = []
        for d in doc.directives:
            codes: set[str] | None = None
            if d.rules:
                codes = set()
                for key in d.rules:
                    matched = self.rules.resolve(key)
                    if not matched:
                        f = self.system_finding("PS906", doc.path, {"rule": key}, doc, d.start, d.end)
                        if f:
                            extra.append(f)
                    codes |= {r.code for r in matched}
            entries.append([d, codes, False])

        # disable/enable ranges, by line, in order
        def suppressed(f: Finding) -> list[list]:
            hits = []
            for e in entries:
                d, codes, _ = e
                if codes is not None and f.code not in codes:
                    continue
                if d.action == "disable-file":
                    hits.append(e)
                elif d.action == "disable-line" and f.line <= d.line <= f.end_line:
                    hits.append(e)
                elif d.action == "disable-next-line":
                    target = next((ln for ln in lines_with_text if ln > d.line), None)
                    if target is not None and f.line <= target <= f.end_line:
                        hits.append(e)
            # ranges: the last disable/enable before the finding's line decides, per code
            state = None
            for e in entries:
                d, codes, _ = e
                if d.line > f.line:
                    break
                if codes is not None and f.code not in codes:
                    continue
                if d.action == "disable":
                    state = e
                elif d.action == "enable":
                    state = None
            if state is not None:
                hits.append(state)
            return hits

        kept = []
        for f in findings:
            if f.category == "system" and f.code in ("PS900", "PS902", "PS903", "PS904", "PS905"):
                kept.append(f)
                continue
            hits = suppressed(f)
            if hits:
                for e in hits:
                    e[2] = True
            else:
                kept.append(f)
        for d, codes, used in entries:
            if not used and d.action != "enable":
                written = " ".join(d.rules) if d.rules else "all rules"
                f = self.system_finding("PS901", doc.path,
                                        {"directive": f"plainspeak-{d.action} {written}"},
                                        doc, d.start, d.end)
                if f:
                    kept.append(f)
        return kept + extra

    @staticmethod
    def _content_lines(doc: Document) -> list[int]:
        lines = set()
        for b in doc.blocks:
            if not b.text.strip():
                continue
            s, e = b.smap.span(0, len(b.text))
            l1, _ = doc.line_col(s)
            l2, _ = doc.line_col(max(s, e - 1))
            lines.update(range(l1, l2 + 1))
        return sorted(lines)


def _drop_nested_word_findings(findings: list[Finding], codes: set[str]) -> list[Finding]:
    """Across word-list rules the longest match wins: "as tolerated" (medical jargon) hides
    "tolerated" (clinical register) on the same words, so one place gets one piece of advice."""
    words = [f for f in findings if f.code in codes]
    if len(words) < 2:
        return findings
    words.sort(key=lambda f: (f.start, -f.end))
    drop = set()
    outer_end = -1
    outer = None
    for f in words:
        if outer is not None and f.end <= outer_end and f.code != outer.code and \
                (f.end - f.start) < (outer_end - outer.start):
            drop.add(id(f))
            continue
        if f.end > outer_end:
            outer, outer_end = f, f.end
    return [f for f in findings if id(f) not in drop] if drop else findings


def shard_files(files: list[str], spec: str) -> list[str]:
    """The files of shard ``K/N`` (1-based): each file goes to the shard given by a hash of its
    normalised path, so the split is deterministic, needs no coordination, and every file is
    in exactly one shard."""
    import hashlib
    try:
        k_s, n_s = spec.split("/")
        k, n = int(k_s), int(n_s)
    except ValueError:
        raise ValueError(f"{spec!r} is not K/N (e.g. 1/4)") from None
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"{spec!r}: K must be between 1 and N")
    out = []
    for f in files:
        h = hashlib.sha1(os.path.normpath(f).replace(os.sep, "/").encode("utf-8")).digest()
        if int.from_bytes(h[:8], "big") % n == k - 1:
            out.append(f)
    return out


# ---------------------------------------------------------------- walking paths

def iter_files(paths: Iterable[str], config: Config, on_error) -> list[str]:
    """Expand PATHS into the files to lint, in sorted, deterministic order.

    Folders are walked (skipping VCS folders, node_modules, virtualenvs and the config's
    ``exclude`` globs); files named explicitly are always linted if their type is known.
    ``on_error(path, message)`` is called for folders that cannot be read.
    """
    from .readers import format_for
    out: list[str] = []
    seen = set()
    root = config.root

    def excluded(p: str) -> bool:
        rel = relative_posix(p, root)
        return bool(config.exclude) and matches_any(rel, config.exclude)

    for p in paths:
        if os.path.isdir(p):
            stack = [p]
            while stack:
                d = stack.pop()
                try:
                    with os.scandir(d) as it:
                        entries = sorted(it, key=lambda e: e.name)
                except OSError as exc:
                    on_error(d, f"cannot read this folder: {exc.strerror or exc}")
                    continue
                subdirs = []
                for e in entries:
                    full = os.path.join(d, e.name) if d != "." else e.name
                    try:
                        is_dir = e.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        if e.name in DEFAULT_EXCLUDE or e.name.startswith(".") and e.name not in (".",):
                            continue
                        if not excluded(full):
                            subdirs.append(full)
                    elif format_for(full) and not excluded(full):
                        key = os.path.normpath(full)
                        if key not in seen:
                            seen.add(key)
                            out.append(full)
                stack.extend(reversed(subdirs))
        else:
            key = os.path.normpath(p)
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out
