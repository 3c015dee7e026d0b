"""Results cache: per-file results keyed by file content, effective configuration and version.

A re-run over unchanged files reads their results instead of linting them again. The key of an
entry is a hash of: the file's bytes, its path relative to the configuration root (per-path
settings and profiles depend on it), the effective configuration, the rule packs, the command's
rule options, and plainspeak itself (its version and the size and modification time of its
modules, so an upgrade or a local code change never serves stale results; modules that cannot
change a file's results, such as the reporters, are left out).

Cross-file findings (locale sets, document translations) are not cached: they depend on other
files and are recomputed on every run.

Layout: ``<dir>/.gitignore`` (``*``: the cache never enters version control), ``<dir>/CACHEDIR.TAG``
and ``<dir>/v2/<2 hex>/<key>.json``. Each entry is written to a temporary file in the same folder
and renamed into place, so concurrent runs never see a half-written entry; an unreadable or
corrupt entry is a miss.

An entry is compact JSON (a warm run over a large tree is mostly spent decoding entries): the
file's path once, and each finding as a list ``[code, severity (1-3), line, column, end_line,
end_column, message, match, scope, start, end, suggestions, fix, data(, path)]`` (empty
suggestions, fix and data as 0; the path only when it differs from the file's). A rule's name
and category come from the rule packs, which are part of the key; an entry naming a code
the packs do not know is a miss.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .fileio import atomic_write
from .finding import Finding, Fix, Severity

FORMAT = 2
_SEVERITY = {int(s): s for s in Severity}
# modules that never change a file's results (output, fixing, gating): editing them keeps the
# cache valid
_NOT_RESULTS = ("reporters/", "vcs.py", "baseline.py", "fixer.py", "__main__.py")
DEFAULT_DIR = ".plainspeak_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# plainspeak results cache\n"


def _code_fingerprint() -> str:
    from . import __version__
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        rel = p.relative_to(pkg).as_posix()
        if rel.startswith(_NOT_RESULTS):
            continue
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{rel}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _rules_fingerprint(rules) -> str:
    h = hashlib.sha256()
    paths = sorted({r.path for r in rules})
    for p in paths:
        try:
            h.update(Path(p).read_bytes())
        except OSError:
            h.update(str(p).encode())
    return h.hexdigest()


def _config_fingerprint(cfg, options) -> str:
    def default(o: Any):
        if isinstance(o, Path):
            return str(o)
        if dataclasses.is_dataclass(o):
            return dataclasses.asdict(o)
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        return repr(o)
    blob = {"config": dataclasses.asdict(cfg), "options": dataclasses.asdict(options)}
    return hashlib.sha256(json.dumps(blob, sort_keys=True, default=default).encode()).hexdigest()


class Cache:
    def __init__(self, folder: Path, run_key: str, root: Path, rules=None):
        self.folder = Path(folder)
        self.run_key = run_key
        self.root = Path(root)
        self.hits = 0
        self.misses = 0
        self._ready = False
        self._dirs = os.path.join(str(self.folder), f"v{FORMAT}")
        self._root_abs = os.path.abspath(str(self.root))
        self._seed = hashlib.sha256(run_key.encode())
        # code -> (name, category): entries do not repeat them
        self._names: dict[str, tuple[str, str]] = {
            r.code: (r.name, r.category) for r in (rules or ())}

    @classmethod
    def for_run(cls, folder: str | None, cfg, rules, options) -> "Cache":
        run_key = hashlib.sha256("|".join((
            str(FORMAT), _code_fingerprint(), _rules_fingerprint(rules),
            _config_fingerprint(cfg, options))).encode()).hexdigest()
        return cls(Path(folder) if folder else Path(cfg.root) / DEFAULT_DIR, run_key, cfg.root,
                   rules)

    # -- keys -------------------------------------------------------------------------------
    def key(self, path: str, raw: bytes) -> str:
        try:
            rel = os.path.relpath(os.path.abspath(path), self._root_abs)
        except ValueError:
            rel = os.path.abspath(path)
        h = self._seed.copy()
        h.update(b"\0" + rel.replace(os.sep, "/").encode("utf-8", "surrogateescape") + b"\0")
        h.update(path.encode("utf-8", "surrogateescape") + b"\0")   # findings carry the path as given
        h.update(raw)
        return h.hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self._dirs, key[:2], f"{key}.json")

    # -- reading ----------------------------------------------------------------------------
    def get(self, path: str, raw: bytes):
        try:
            with open(self._entry(self.key(path, raw)), "rb") as fh:
                blob = fh.read()
            res = self._decode(blob, path)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            res = None
        if res is None:
            self.misses += 1
            return None
        self.hits += 1
        return res

    def _decode(self, blob: bytes, path: str):
        from .engine import FileResult
        data = json.loads(blob)
        if data.get("f") != FORMAT or not isinstance(data.get("path"), str):
            return None
        fpath = data["path"]
        if os.path.normpath(fpath) != os.path.normpath(path):
            return None
        names = self._names
        sev = _SEVERITY
        out = []
        for (code, s, line, col, eline, ecol, message, match, scope, start, end, sugg, fix,
             extra, *rest) in data["findings"]:
            name, category = names[code]
            out.append(Finding(
                code, name, category, sev[s], rest[0] if rest else fpath, line, col, eline,
                ecol, message, match, tuple(sugg) if sugg else (),
                Fix(fix[0], fix[1], fix[2]) if fix else None, scope, start, end,
                extra if extra else {}))
        return FileResult(fpath, out, data.get("stats"), data.get("info"))

    # -- writing ----------------------------------------------------------------------------
    def _prepare(self) -> None:
        if self._ready:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gi = self.folder / ".gitignore"
            if not gi.exists():
                atomic_write(gi, "# created by plainspeak: the results cache is not for "
                                 "version control\n*\n", private=True, prefix=".tmp-")
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                atomic_write(tag, _TAG, private=True, prefix=".tmp-")
        except OSError:
            pass
        self._ready = True

    def put(self, path: str, raw: bytes, res) -> None:
        self._prepare()
        p = Path(self._entry(self.key(path, raw)))
        names = self._names
        if any(names.get(f.code) != (f.name, f.category) for f in res.findings):
            return            # a finding the rule packs cannot rebuild: do not cache it
        data = {"f": FORMAT, "path": res.path,
                "findings": [_dump(f, res.path) for f in res.findings],
                "stats": res.stats, "info": res.info}
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            # default=str: front matter may hold dates; the info is only read back as text
            atomic_write(p, json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                       default=str), private=True, prefix=".tmp-")
        except (OSError, TypeError, ValueError):
            pass          # a cache that cannot be written is only slower, never an error


def _dump(f: Finding, path: str) -> list:
    row = [f.code, int(f.severity), f.line, f.column, f.end_line, f.end_column, f.message,
           f.match, f.scope, f.start, f.end, list(f.suggestions) or 0,
           [f.fix.start, f.fix.end, f.fix.replacement] if f.fix is not None else 0,
           f.data or 0]
    if f.path != path:
        row.append(f.path)
    return row
