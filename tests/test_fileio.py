"""The one atomic file writer used by reports, baselines, the lock file, the cache and --fix."""
from __future__ import annotations

import os
import stat

import pytest

from plainspeak.fileio import atomic_write


def _mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


def test_new_file_gets_the_mode_open_would_give(tmp_path):
    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "report.json", "{}\n")
        atomic_write(tmp_path / "entry", "x", private=True)
    finally:
        os.umask(mask)
    assert _mode(tmp_path / "report.json") == 0o644
    assert _mode(tmp_path / "entry") == 0o600
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "{}\n"


def test_replacing_keeps_the_old_files_mode_and_bytes_are_written_as_given(tmp_path):
    p = tmp_path / "letter.txt"
    p.write_bytes(b"old\r\n")
    p.chmod(0o640)
    atomic_write(p, b"new\r\n", like=os.stat(p))
    assert p.read_bytes() == b"new\r\n" and _mode(p) == 0o640
    atomic_write(p, "a\nb\n", newline="\r\n")
    assert p.read_bytes() == b"a\r\nb\r\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    p = tmp_path / "baseline.json"
    p.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        atomic_write(p, 42)                       # not text or bytes
    assert p.read_text(encoding="utf-8") == "old"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["baseline.json"]
