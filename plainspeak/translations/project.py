"""Cross-file ("project") checks: the contract between the engine and check kinds that look at
several files at once (a locale set of catalogs, a document and its translations).

A project check kind subclasses :class:`ProjectCheck` (itself a :class:`~plainspeak.checks.base.Check`
whose per-document ``run`` yields nothing) and implements :meth:`ProjectCheck.run_project`.
The engine collects the files of a run, builds one :class:`ProjectContext` and calls
``run_project`` once per active project rule; findings are then filtered by the rule selection
of each file's path, suppressions and severities exactly like per-document findings.
"""
from __future__ import annotations

import bisect
import os
import subprocess
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable, Iterator

from ..checks.base import Check, Context
from ..finding import Finding, Fix, Severity


class ProjectCheck(Check):
    """Base class of cross-file check kinds."""
    LEVEL: ClassVar[str] = "project"

    def run(self, ctx: Context) -> Iterator[Finding]:   # per-document pass: nothing
        return iter(())

    def run_project(self, pctx: "ProjectContext") -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError


class _Lines:
    __slots__ = ("starts",)

    def __init__(self, text: str):
        starts = [0]
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, offset) - 1
        return k + 1, offset - self.starts[k] + 1


class ProjectContext:
    """Everything a project check may look at.

    ``files``: the files of this run as given (POSIX separators), already filtered by excludes.
    ``root``: the configuration root (relative paths and globs are relative to it).
    ``catalog(path)`` / ``document(path)``: the file read as a catalog / document (cached;
    ``None`` when it cannot be read as one). ``text(path)``: decoded text (cached).
    ``profile_for(path)``: the profile of a file. ``git``: a :class:`Git` for the root, or None.
    """

    def __init__(self, files: list[str], root: Path, config: Any, *,
                 read_catalog: Callable[[str], Any], read_document: Callable[[str], Any],
                 profile_for: Callable[[str], str], all_files: Iterable[str] | None = None):
        self.files = list(files)
        self.root = Path(root)
        self.config = config
        self._read_catalog = read_catalog
        self._read_document = read_document
        self._profile_for = profile_for
        self._catalogs: dict[str, Any] = {}
        self._documents: dict[str, Any] = {}
        self._lines: dict[str, _Lines] = {}
        self._git: Git | None | bool = False
        self.cache: dict[str, Any] = {}        # shared between project checks of one run
        self._rel: dict[str, str] = {}

    # -- reading -------------------------------------------------------------------------------
    def catalog(self, path: str):
        if path not in self._catalogs:
            self._catalogs[path] = self._read_catalog(path)
        return self._catalogs[path]

    def document(self, path: str):
        if path not in self._documents:
            self._documents[path] = self._read_document(path)
        return self._documents[path]

    def profile_for(self, path: str) -> str:
        return self._profile_for(path)

    @property
    def git(self) -> "Git | None":
        if self._git is False:
            self._git = Git.for_path(self.root)
        return self._git  # type: ignore[return-value]

    def relpath(self, path: str) -> str:
        got = self._rel.get(path)
        if got is None:
            from ..config import relative_posix
            got = self._rel[path] = relative_posix(path, self.root)
        return got

    # -- findings ------------------------------------------------------------------------------
    def finding(self, rule, path: str, text: str, start: int, end: int, message: str, *,
                severity: Severity | None = None, suggestions: Iterable[str] = (),
                fix_text: str | None = None, data: dict | None = None,
                scope: str = "file") -> Finding:
        """A finding on ``text[start:end]`` of the file ``path`` (``text`` is its decoded
        content, so ``match`` round-trips). For a file-level finding with no span, pass
        ``start == end == 0``."""
        lines = self._lines.get(path)
        if lines is None:
            lines = self._lines[path] = _Lines(text)
        line, col = lines.line_col(start)
        end_line, end_col = lines.line_col(end)
        return Finding(
            code=rule.code, name=rule.name, category=rule.category,
            severity=severity if severity is not None else rule.severity,
            path=path, line=line, column=col, end_line=end_line, end_column=end_col,
            message=message, match=text[start:end], suggestions=tuple(suggestions),
            fix=Fix(start, end, fix_text) if fix_text is not None else None,
            scope=scope, start=start, end=end, data=data or {})


class Git:
    """Read-only questions to a local git work tree (no network: only ``git log``/``rev-parse``
    on the local repository)."""

    def __init__(self, top: Path):
        self.top = top
        self._times: dict[str, int | None] = {}

    @classmethod
    def for_path(cls, path: Path) -> "Git | None":
        try:
            out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=str(path),
                                 capture_output=True, text=True, timeout=10,
                                 env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        except (OSError, subprocess.SubprocessError):
            return None
        if out.returncode != 0 or not out.stdout.strip():
            return None
        return cls(Path(out.stdout.strip()))

    def last_commit_time(self, path: str) -> int | None:
        """Unix time of the last commit that changed ``path`` (None if untracked)."""
        key = str(Path(path).resolve())
        if key not in self._times:
            try:
                out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", key],
                                     cwd=str(self.top), capture_output=True, text=True,
                                     timeout=20)
                v = out.stdout.strip()
                self._times[key] = int(v) if out.returncode == 0 and v else None
            except (OSError, subprocess.SubprocessError, ValueError):
                self._times[key] = None
        return self._times[key]

    def is_dirty(self, path: str) -> bool:
        """True when ``path`` has uncommitted changes (staged or not)."""
        try:
            out = subprocess.run(["git", "status", "--porcelain", "--", str(Path(path).resolve())],
                                 cwd=str(self.top), capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return False
        return bool(out.stdout.strip())
