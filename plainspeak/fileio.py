"""Writing files atomically: a temporary file in the same folder, then :func:`os.replace`, so
a reader sees the old file or the new one, never half of one, and a failed write leaves
neither a damaged file nor a temporary one behind."""
from __future__ import annotations

import os
import stat
import tempfile


def _default_mode() -> int:
    """The mode ``open()`` would give a new file (0666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | os.PathLike, data: str | bytes, *, newline: str | None = None,
                 like: os.stat_result | None = None, private: bool = False,
                 prefix: str | None = None) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, with ``newline`` as for
    ``open()``). The new file gets the mode and owner of ``like`` (the file it replaces) and
    is synced to disk first; else the mode a new file gets (0600 with ``private``). Raises
    OSError; the temporary file is removed on any failure."""
    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{os.path.basename(path)}.",
                               suffix=".plainspeak-tmp", dir=folder)
    try:
        if isinstance(data, str):
            fh = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        else:
            fh = os.fdopen(fd, "wb")
        with fh:
            fh.write(data)
            if like is not None:
                fh.flush()
                os.fsync(fh.fileno())
        if like is not None:
            os.chmod(tmp, stat.S_IMODE(like.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(tmp, like.st_uid, like.st_gid)
                except OSError:
                    pass                    # not allowed to give it away: keep ours
        elif not private:
            os.chmod(tmp, _default_mode())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
