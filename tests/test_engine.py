"""Engine: suppressions, unused-suppression reports, dedupe, sort, offline operation."""
from __future__ import annotations

import socket

import pytest

from lintkit import codes, lint

LONG = ("Your physician has determined that supplementary immunization is indicated because "
        "your previous vaccination documentation could not be located in the record system.")


def test_disable_next_line_markdown():
    text = f"<!-- plainspeak-disable-next-line PS201 -->\n{LONG}\n\n{LONG}\n"
    res = lint(text, "markdown", select=["PS201", "PS9"])
    assert [(f.code, f.line) for f in res.findings] == [("PS201", 4)]


def test_disable_by_name_and_enable_range():
    text = (f"<!-- plainspeak-disable long-sentence -->\n\n{LONG}\n\n"
            f"<!-- plainspeak-enable -->\n\n{LONG}\n")
    res = lint(text, "markdown", select=["PS201", "PS9"])
    assert [(f.code, f.line) for f in res.findings] == [("PS201", 7)]


def test_disable_all_in_html():
    text = f"<html><body><!-- plainspeak-disable --><p>{LONG}</p></body></html>"
    assert codes(lint(text, "html", select=["PS201", "PS9"])) == []


def test_text_file_directive_line():
    text = f"# plainspeak-disable-next-line PS201\n{LONG}\n"
    res = lint(text, "text", select=["PS201", "PS9"])
    assert codes(res) == []


def test_unused_suppression_is_reported():
    text = "<!-- plainspeak-disable-next-line PS201 -->\nCall us.\n"
    res = lint(text, "markdown", select=["PS201", "PS9"])
    assert [(f.code, str(f.severity), f.line) for f in res.findings] == [("PS901", "info", 1)]


def test_unknown_rule_in_suppression():
    text = "<!-- plainspeak-disable-next-line PS298 -->\nCall us.\n"
    res = lint(text, "markdown", select=["PS201", "PS9"])
    assert "PS906" in codes(res)


def test_findings_sorted_and_unique():
    res = lint(f"{LONG}\n\n{LONG}\n", "text")
    keys = [f.sort_key() for f in res.findings]
    assert keys == sorted(keys)
    assert len({(f.line, f.column, f.code) for f in res.findings}) == len(res.findings)


def test_lints_with_network_disabled(monkeypatch):
    """plainspeak never opens a socket: linting works with sockets disabled."""
    def guard(*a, **k):
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    monkeypatch.setattr(socket.socket, "sendto", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
    monkeypatch.setattr(socket, "getaddrinfo", guard)
    text = " ".join([LONG] * 12)
    res = lint(text, "markdown")
    assert "PS201" in codes(res)
    assert res.stats["scores"]


def test_cli_subprocess_offline(tmp_path):
    """The real CLI in a fresh process, with a socket guard installed before anything runs."""
    import subprocess
    import sys
    (tmp_path / "a.md").write_text(" ".join([LONG] * 12) + "\n")
    # spaCy imports requests/ssl, which subclass socket.socket, so the guard patches what
    # opens connections rather than the class itself
    guard = ("import socket\n"
             "def g(*a, **k):\n    raise SystemExit('network access attempted')\n"
             "socket.socket.connect = g; socket.socket.connect_ex = g; socket.socket.sendto = g\n"
             "socket.create_connection = g; socket.getaddrinfo = g\n"
             "import sys; from plainspeak.cli import main\n"
             "sys.argv = ['plainspeak', 'check', 'a.md', '--format', 'json']\nmain()\n")
    p = subprocess.run([sys.executable, "-c", guard], cwd=tmp_path, capture_output=True, text=True)
    assert p.returncode == 1, p.stderr
    assert "network access attempted" not in p.stderr
    assert '"PS201"' in p.stdout
