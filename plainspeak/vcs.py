"""Changed lines from git, for ``plainspeak check --diff``.

Only the local repository is used (``git diff --unified=0 -M``; ``GIT_TERMINAL_PROMPT=0``, no
fetching): plainspeak never touches the network.

* ``--diff`` (no REF, for pre-commit): the staged changes, ``git diff --cached`` against HEAD
  (in a repository with no commits yet every staged line counts). The linter reads the working
  tree, so when a file also has unstaged edits the staged line numbers are carried over to the
  working tree's (lines the unstaged edits rewrote count as changed). Untracked files are not
  part of a commit and are ignored.
* ``--diff REF`` (CI): changes between the merge base of REF and HEAD and the working tree
  (``git merge-base REF HEAD``, then ``git diff <base>``), so the branch's own changes count and
  not what landed on REF since the branch started. Untracked files that plainspeak would check
  (not ignored by ``.gitignore``) count as entirely new: they are changes too, and a new page
  written but not yet added should not pass unchecked.

Renames (``-M``): the new path's added and changed lines; a pure rename has none.

Which findings are kept (:func:`filter_results`): a finding touching a changed line (any of its
lines ``line..end_line``), or spanning a place where lines were deleted (two paragraphs joined
into one long one); a finding about a whole section or document (``data["section_lines"]``:
reading grade, passive-voice share) when a changed line falls in that range; other
whole-document findings (scope ``document`` / ``file``) and PS9xx system findings when the
file has any change. Findings of files without changes are dropped.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
import subprocess

__all__ = ["VcsError", "ChangedLines", "changed_lines", "is_ref", "key", "filter_results"]

SHALLOW_HINT = "(in a shallow clone: git fetch --deepen or fetch-depth: 0)"


class VcsError(Exception):
    """git is missing, this is not a repository, or the comparison point cannot be found.
    The message is one line, meant for the user."""


class ChangedLines(set):
    """Line numbers (1-based, working tree) added or changed in one file. ``gaps`` holds the
    lines after which lines were deleted (0: at the top of the file)."""

    def __init__(self, lines=(), gaps=(), whole: bool = False):
        super().__init__(lines)
        self.gaps: set[int] = set(gaps)
        self.whole = whole        # a changed file git cannot diff by line (a Word file)

    def __bool__(self) -> bool:
        return self.whole or super().__len__() > 0


# ------------------------------------------------------------------------------- running git

def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"          # never ask for credentials
    env["GIT_OPTIONAL_LOCKS"] = "0"           # a read-only look must not take the index lock
    env["LC_ALL"] = "C"                       # messages we may have to recognise
    env.pop("GIT_EXTERNAL_DIFF", None)
    return env


# settings that would change the shape of the output we parse
_CONFIG = ("-c", "core.quotePath=false", "-c", "diff.relative=false", "-c", "diff.noprefix=false",
           "-c", "diff.mnemonicPrefix=false", "-c", "color.ui=false")


def _git(args: list[str], cwd: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *_CONFIG, *args], cwd=cwd, env=_env(),
                              stdin=subprocess.DEVNULL, capture_output=True, check=False)
    except FileNotFoundError:
        raise VcsError("--diff needs git, and git was not found on PATH") from None
    except OSError as exc:
        raise VcsError(f"cannot run git: {exc.strerror or exc}") from None


def _out(cp: subprocess.CompletedProcess) -> str:
    return cp.stdout.decode("utf-8", "surrogateescape")


def _err(cp: subprocess.CompletedProcess) -> str:
    """git's own complaint, on one line (the first fatal/error line, plus the fix it
    suggests for a repository owned by someone else)."""
    lines = [ln.strip() for ln in cp.stderr.decode("utf-8", "replace").splitlines()
             if ln.strip()]
    if not lines:
        return f"exit status {cp.returncode}"
    main = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), lines[0])
    main = main.split(":", 1)[1].strip() if main.startswith(("fatal:", "error:")) else main
    fix = next((ln for ln in lines if ln.startswith("git config")), None)
    return f"{main} ({fix})" if fix else main


def _toplevel() -> str:
    cp = _git(["rev-parse", "--show-toplevel"])
    if cp.returncode != 0:
        msg = _err(cp)
        if "not a git repository" in msg.lower():
            raise VcsError("--diff: not a git repository (or any parent folder); run plainspeak "
                           "inside the repository, or leave out --diff")
        raise VcsError(f"--diff: git cannot find the repository: {msg}")
    top = _out(cp).strip()
    if not top:
        raise VcsError("--diff: not inside a git work tree (a bare repository has no files to "
                       "check)")
    return top


def _verify(rev: str, top: str) -> str | None:
    cp = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=top)
    if cp.returncode != 0:
        return None
    return _out(cp).strip() or None


def _is_shallow(top: str) -> bool:
    cp = _git(["rev-parse", "--is-shallow-repository"], cwd=top)
    if cp.returncode == 0 and _out(cp).strip() in ("true", "false"):
        return _out(cp).strip() == "true"
    return os.path.exists(os.path.join(top, ".git", "shallow"))


def _merge_base(ref: str, top: str) -> str:
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise VcsError(f"--diff: {ref!r} is not a git ref")
    target = _verify(ref, top)
    if target is None:
        raise VcsError(f"unknown ref '{ref}': fetch it first {SHALLOW_HINT}")
    head = _verify("HEAD", top)
    if head is None:
        raise VcsError(f"--diff {ref}: HEAD has no commits yet, so there is no merge base; "
                       "commit first, or use --diff without REF for the staged changes")
    cp = _git(["merge-base", target, head], cwd=top)
    base = _out(cp).strip().split("\n")[0] if cp.returncode == 0 else ""
    if not base:
        if _is_shallow(top):
            raise VcsError(f"no merge base between '{ref}' and HEAD: this clone is shallow and "
                           f"lacks the history where they meet; fetch more of it "
                           f"{SHALLOW_HINT}")
        if cp.returncode not in (0, 1):
            raise VcsError(f"--diff {ref}: git merge-base failed: {_err(cp)}")
        raise VcsError(f"no merge base between '{ref}' and HEAD: they share no history")
    return base


def is_ref(ref: str) -> bool:
    """True when ``ref`` names a commit in the current repository (False outside one)."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        return False
    try:
        cp = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"])
    except VcsError:
        return False
    return cp.returncode == 0 and bool(cp.stdout.strip())


# ------------------------------------------------------------------------------- parsing

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(path: str) -> str:
    """A path as git prints it in a header: C-quoted when it holds unusual characters (octal
    escapes are UTF-8 bytes)."""
    if len(path) < 2 or not (path.startswith('"') and path.endswith('"')):
        return path
    body = path[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            if n in "01234567" and i + 4 <= len(body):
                out.append(int(body[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
            out.append(_ESCAPES.get(n, ord(n)))
            i += 2
            continue
        out.extend(c.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def _header_path(rest: str, prefix: str) -> str | None:
    """The path of a ``--- a/x`` / ``+++ b/x`` line (None for /dev/null)."""
    if rest.endswith("\t"):        # git adds a tab after a name that contains a space
        rest = rest[:-1]
    if rest == "/dev/null":
        return None
    rest = _unquote(rest)
    return rest[len(prefix):] if rest.startswith(prefix) else rest


def parse_diff(text: str) -> dict[str, list[tuple[int, int, int, int]]]:
    """``git diff --unified=0`` output -> {new path (repository-relative): [(old_start,
    old_count, new_start, new_count), ...]}. Deleted files are left out."""
    files: dict[str, list[tuple[int, int, int, int]]] = {}
    lines = text.split("\n")
    i, n = 0, len(lines)
    current: str | None = None
    while i < n:
        line = lines[i]
        if line.startswith("diff --git ") or line.startswith("diff --cc "):
            current = None
        elif line.startswith("+++ "):
            current = _header_path(line[4:], "b/")
            if current is not None:
                files.setdefault(current, [])
        elif line.startswith("@@ "):
            m = _HUNK.match(line)
            if m:
                os_ = int(m.group(1))
                oc = int(m.group(2)) if m.group(2) is not None else 1
                ns = int(m.group(3))
                nc = int(m.group(4)) if m.group(4) is not None else 1
                if current is not None:
                    files[current].append((os_, oc, ns, nc))
                # skip the hunk body: exactly oc removed and nc added lines (a body line may
                # itself look like a header, e.g. a removed line "-- a/x")
                left_old, left_new = oc, nc
                i += 1
                while i < n and (left_old > 0 or left_new > 0):
                    body = lines[i]
                    if body.startswith("-"):
                        left_old -= 1
                    elif body.startswith("+"):
                        left_new -= 1
                    elif body.startswith(" "):
                        left_old -= 1
                        left_new -= 1
                    elif not body.startswith("\\"):
                        break                          # malformed: resynchronise
                    i += 1
                continue
        i += 1
    return files


def _lines_of(hunks) -> ChangedLines:
    out = ChangedLines()
    for _os, _oc, ns, nc in hunks:
        if nc > 0:
            out.update(range(ns, ns + nc))
        else:
            out.gaps.add(ns)         # lines removed after new line ns
    return out


def _carry(lines: ChangedLines, hunks) -> ChangedLines:
    """Staged (index) line numbers carried to the working tree through the unstaged hunks
    (old = index, new = working tree)."""
    if not hunks:
        return lines
    hunks = sorted(hunks)
    out = ChangedLines()

    def replaced(ns: int, nc: int) -> None:
        if nc:
            out.update(range(ns, ns + nc))
        else:
            out.gaps.add(ns)

    def move_line(n: int) -> None:
        shift = 0
        for os_, oc, ns, nc in hunks:
            if oc == 0:                      # lines inserted after old line os_
                if os_ < n:
                    shift += nc
                    continue
                break
            if os_ + oc - 1 < n:
                shift += nc - oc
                continue
            if os_ <= n:                     # rewritten again: its replacement counts
                replaced(ns, nc)
                return
            break
        out.add(n + shift)

    def move_gap(g: int) -> None:            # lines deleted between old lines g and g + 1
        shift = 0
        for os_, oc, ns, nc in hunks:
            if oc == 0:
                if os_ < g:
                    shift += nc
                    continue
                break
            if os_ + oc - 1 <= g:
                shift += nc - oc
                continue
            if os_ <= g:                     # inside a rewritten stretch
                replaced(ns, nc)
                return
            break
        out.gaps.add(g + shift)

    for n in sorted(lines):
        move_line(n)
    for g in sorted(lines.gaps):
        move_gap(g)
    return out


# ------------------------------------------------------------------------------- keys

@functools.lru_cache(maxsize=4096)
def _real_dir(d: str) -> str:
    return os.path.realpath(d)


def key(path: str) -> str:
    """The key of ``path`` (as given on the command line, relative to the current folder, or
    absolute) in :func:`changed_lines`' answer: the absolute path with its folder resolved
    (symbolic links, ``..``), compared case-insensitively where the file system is."""
    p = os.path.abspath(path)
    d, name = os.path.split(p)
    return os.path.normcase(os.path.join(_real_dir(d), name))


# ------------------------------------------------------------------------------- the answer

_DIFF = ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--unified=0", "-M",
         "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules=all"]


def _diff(args: list[str], top: str) -> dict[str, list]:
    cp = _git([*_DIFF, *args], cwd=top)
    if cp.returncode != 0:
        raise VcsError(f"--diff: git diff failed: {_err(cp)}")
    return parse_diff(_out(cp))


def _untracked(top: str) -> dict[str, ChangedLines]:
    from .readers import BINARY_FORMATS, format_for
    cp = _git(["ls-files", "--others", "--exclude-standard", "-z"], cwd=top)
    if cp.returncode != 0:
        return {}
    out = {}
    for rel in _out(cp).split("\0"):
        if not rel or not format_for(rel):
            continue
        full = os.path.join(top, rel)
        if format_for(rel) in BINARY_FORMATS:
            out[key(full)] = ChangedLines(whole=True)
            continue
        try:
            with open(full, "rb") as fh:
                count = fh.read().count(b"\n") + 1
        except OSError:
            continue
        out[key(full)] = ChangedLines(range(1, count + 1))
    return out


def _binary_changes(args: list[str], top: str) -> dict[str, ChangedLines]:
    """Changed files of a format read from bytes (Word files): git shows no lines for them,
    so every finding in them counts as changed."""
    from .readers import BINARY_FORMATS, format_for
    cp = _git(["diff", "--name-only", "--diff-filter=ACMR", "-z", *args], cwd=top)
    if cp.returncode != 0:
        return {}
    return {key(os.path.join(top, rel)): ChangedLines(whole=True)
            for rel in _out(cp).split("\0") if rel and format_for(rel) in BINARY_FORMATS}


def changed_lines(ref: str | None) -> dict[str, ChangedLines]:
    """{:func:`key` of a file: its changed lines}. ``ref`` None: the staged changes; else the
    changes since the merge base of ``ref`` and HEAD (working tree, untracked files included).
    Files without added or changed lines (deleted, pure renames, mode changes) are left out.
    Raises :class:`VcsError` with a one-line message."""
    top = _toplevel()
    out: dict[str, ChangedLines] = {}
    if ref is None:
        staged = _diff(["--cached"], top)      # against HEAD, or everything before a commit
        unstaged = _diff([], top) if staged else {}
        for rel, hunks in staged.items():
            lines = _carry(_lines_of(hunks), unstaged.get(rel))
            if lines or lines.gaps:
                out[key(os.path.join(top, rel))] = lines
        out.update(_binary_changes(["--cached"], top))
        return out
    base = _merge_base(ref, top)
    for rel, hunks in _diff([base], top).items():
        lines = _lines_of(hunks)
        if lines or lines.gaps:
            out[key(os.path.join(top, rel))] = lines
    out.update(_binary_changes([base], top))
    for k, lines in _untracked(top).items():
        out.setdefault(k, lines)
    return out


def _touches(f, lines: list[int], gaps: list[int]) -> bool:
    if f.code.startswith("PS9"):
        return True
    rng = f.data.get("section_lines") if isinstance(f.data, dict) else None
    section = isinstance(rng, (list, tuple)) and len(rng) == 2 and \
        all(isinstance(x, int) for x in rng)
    if section:
        lo, hi = rng
        gap_lo, gap_hi = (0 if lo <= 1 else lo), hi          # deletions inside the section
    elif f.scope in ("document", "file"):
        return True
    else:
        lo, hi = f.line, f.end_line
        if hi > lo and f.end_column == 1:    # ends at the very start of its last line
            hi -= 1
        gap_lo, gap_hi = lo, hi - 1           # deletions between two of its lines
    k = bisect.bisect_left(lines, lo)
    if k < len(lines) and lines[k] <= hi:
        return True
    if gaps and gap_hi >= gap_lo:
        k = bisect.bisect_left(gaps, gap_lo)
        if k < len(gaps) and gaps[k] <= gap_hi:
            return True
    return False


def filter_results(results, changed: dict[str, set[int]]) -> None:
    """Keep only the findings on changed lines (see the module docstring), in place."""
    for r in results:
        lines = changed.get(key(r.path))
        if getattr(lines, "whole", False):
            continue                               # changed as a whole: keep every finding
        if not lines and not getattr(lines, "gaps", None):
            r.findings = []
            continue
        ordered = sorted(lines)
        gaps = sorted(getattr(lines, "gaps", ()))
        r.findings = [f for f in r.findings if _touches(f, ordered, gaps)]
