"""Results cache: per-file results keyed by file content, effective configuration and version.

A re-run over unchanged files reads their results instead of linting them again. The key of an
entry is a hash of: the file's bytes, its path relative to the configuration root (per-path
settings and profiles depend on it), the effective configuration, the rule packs, the command's
rule options, and plainspeak itself (its version and the size and modification time of its
modules, so an upgrade or a local code change never serves stale results).

Cross-file findings (locale sets, document translations) are not cached: they depend on other
files and are recomputed on every run.

Layout: ``<dir>/.gitignore`` (``*``: the cache never enters version control), ``<dir>/CACHEDIR.TAG``
and ``<dir>/v1/<2 hex>/<key>.json``. Each entry is written to a temporary file in the same folder
and renamed into place, so concurrent runs never see a half-written entry; an unreadable or
corrupt entry is a miss.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .finding import Finding, Fix, Severity

FORMAT = 1
DEFAULT_DIR = ".plainspeak_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# plainspeak results cache\n"


def _code_fingerprint() -> str:
    from . import __version__
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns};".encode())
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
    def __init__(self, folder: Path, run_key: str, root: Path):
        self.folder = Path(folder)
        self.run_key = run_key
        self.root = Path(root)
        self.hits = 0
        self.misses = 0
        self._ready = False

    @classmethod
    def for_run(cls, folder: str | None, cfg, rules, options) -> "Cache":
        run_key = hashlib.sha256("|".join((
            str(FORMAT), _code_fingerprint(), _rules_fingerprint(rules),
            _config_fingerprint(cfg, options))).encode()).hexdigest()
        return cls(Path(folder) if folder else Path(cfg.root) / DEFAULT_DIR, run_key, cfg.root)

    # -- keys -------------------------------------------------------------------------------
    def key(self, path: str, raw: bytes) -> str:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        except ValueError:
            rel = os.path.abspath(path)
        h = hashlib.sha256(self.run_key.encode())
        h.update(b"\0" + rel.replace(os.sep, "/").encode("utf-8", "surrogateescape") + b"\0")
        h.update(path.encode("utf-8", "surrogateescape") + b"\0")   # findings carry the path as given
        h.update(raw)
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / f"v{FORMAT}" / key[:2] / f"{key}.json"

    # -- reading ----------------------------------------------------------------------------
    def get(self, path: str, raw: bytes):
        from .engine import FileResult
        p = self._entry(self.key(path, raw))
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            res = FileResult(data["path"], [_finding(d) for d in data["findings"]],
                             data.get("stats"), data.get("info"))
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return res

    # -- writing ----------------------------------------------------------------------------
    def _prepare(self) -> None:
        if self._ready:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gi = self.folder / ".gitignore"
            if not gi.exists():
                _atomic_write(gi, "# created by plainspeak: the results cache is not for "
                                  "version control\n*\n")
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                _atomic_write(tag, _TAG)
        except OSError:
            pass
        self._ready = True

    def put(self, path: str, raw: bytes, res) -> None:
        self._prepare()
        p = self._entry(self.key(path, raw))
        data = {"path": res.path, "findings": [_dump(f) for f in res.findings],
                "stats": res.stats, "info": res.info}
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            # default=str: front matter may hold dates; the info is only read back as text
            _atomic_write(p, json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                        default=str))
        except (OSError, TypeError, ValueError):
            pass          # a cache that cannot be written is only slower, never an error


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _dump(f: Finding) -> dict:
    d = f.to_dict()
    d["start"], d["end"] = f.start, f.end
    return d


def _finding(d: dict) -> Finding:
    fix = d.get("fix")
    return Finding(
        code=d["code"], name=d["name"], category=d["category"],
        severity=Severity.parse(d["severity"]), path=d["path"], line=d["line"],
        column=d["column"], end_line=d["end_line"], end_column=d["end_column"],
        message=d["message"], match=d["match"], suggestions=tuple(d.get("suggestions") or ()),
        fix=Fix(fix["start"], fix["end"], fix["replacement"]) if fix else None,
        scope=d.get("scope", ""), start=d.get("start", 0), end=d.get("end", 0),
        data=d.get("data") or {})
