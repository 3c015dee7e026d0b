"""Friendly terminal output: findings grouped by section with their sentence; --explain."""
from __future__ import annotations

import re

from click.testing import CliRunner

from plainspeak.cli import main

PAGE = """# Your visit

Please utilize the side door. Bring your card.

## After your visit

Your physician will call you. We will send a letter. Please utilize the portal to
see your results.
"""


def run(tmp_path, *args, name="visit.md", text=PAGE):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p), "--no-cache", "--select", "PS301,PS302",
                                    *args])
    assert res.exit_code in (0, 1), res.output
    return p, res.output


def test_grouped_by_section_with_sentence_and_marker(tmp_path):
    p, out = run(tmp_path, "--by-section")
    lines = out.splitlines()
    assert lines[0].startswith(f"{p}: 3 findings")
    i = lines.index("Section \u201cYour visit\u201d (line 1)")
    j = lines.index("Section \u201cAfter your visit\u201d (line 5)")
    first = "\n".join(lines[i:j])
    assert "3:8  warning  PS302" in first
    assert "      Please utilize the side door." in first
    second = "\n".join(lines[j:])
    assert "7:6  warning  PS301" in second and "Your physician will call you." in second
    # the sentence is on one line (the line break inside it is a space), with a marker
    k = lines.index("      Please utilize the portal to see your results.")
    marker = lines[k + 1]
    assert marker.strip() == "^" * len("utilize")
    assert marker.index("^") == lines[k].index("utilize")
    assert "Bring your card" not in lines[k]            # only the sentence


def test_colour_highlights_the_words_instead_of_a_marker(tmp_path):
    _p, out = run(tmp_path, "--by-section", "--color")
    assert re.search(r"Please \x1b\[1;4;33mutilize\x1b\[0m the side door\.", out)
    assert "^^^" not in out


def test_explain_prints_why_once_per_rule(tmp_path):
    _p, out = run(tmp_path, "--by-section", "--explain")
    flat_out = " ".join(out.split())
    assert flat_out.count("Why: Officialese") == 1     # PS302 twice, explained once
    assert flat_out.count("(More: plainspeak explain PS302.)") == 1
    assert flat_out.count("plainspeak explain PS301") == 1
    _p, flat = run(tmp_path, "--explain", "--by-line")
    assert flat.count("Why: Officialese") == 1
    _p, plain = run(tmp_path)
    assert "Why:" not in plain


def test_default_is_one_line_per_finding_when_not_a_terminal(tmp_path):
    p, out = run(tmp_path)
    assert f"{p}:3:8  warning  PS302" in out
    assert "Section \u201c" not in out


def test_sentence_survives_the_cache(tmp_path):
    cache = tmp_path / "cache"
    p = tmp_path / "visit.md"
    p.write_text(PAGE, encoding="utf-8")
    outs = []
    for _ in range(2):
        res = CliRunner().invoke(main, ["check", str(p), "--cache-dir", str(cache),
                                        "--select", "PS302", "--by-section"])
        outs.append(res.output)
    assert outs[0] == outs[1]
    assert "      Please utilize the side door." in outs[1]


def test_text_before_the_first_heading_and_abbreviations(tmp_path):
    text = "Dr. Reyes asked us to utilize this letter. Thanks.\n\n# Next steps\n\nCall us.\n"
    _p, out = run(tmp_path, "--by-section", name="x.md", text=text)
    assert "Before the first heading" in out
    assert "      Dr. Reyes asked us to utilize this letter." in out
