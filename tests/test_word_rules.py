"""Cross-rule checks over all word-list rules (PS301-PS309): a suggestion must never be
flagged itself (by its own rule or another), and no term may be listed by two rules."""
from __future__ import annotations

from lintkit import linter, rules

WORD_RULES = [r for r in rules() if r.kind == "lexicon"]


def _entries():
    for r in WORD_RULES:
        for e in r.params.get("terms", []):
            yield r, e


def test_there_are_word_rules():
    assert {r.code for r in WORD_RULES} >= {f"PS30{i}" for i in range(1, 10)}


def test_no_suggestion_is_flagged_by_any_word_rule():
    lt = linter(select=[r.code for r in WORD_RULES] + ["PS310"], profile="web")
    bad = []
    seen = set()
    for r, e in _entries():
        for alt in e["alternatives"]:
            if alt in seen:
                continue
            seen.add(alt)
            text = f"You can {alt} today.\n" if " " not in alt else f"{alt[0].upper()}{alt[1:]}.\n"
            res = lt.lint_bytes("s.txt", text.encode(), fmt="text")
            hits = [(f.code, f.match) for f in res.findings]
            if hits:
                bad.append((r.code, e["term"], alt, hits))
    assert not bad, "suggestions that are flagged themselves:\n" + "\n".join(map(str, bad[:40]))


def test_no_term_is_listed_by_two_rules():
    owner: dict[str, str] = {}
    clash = []
    for r, e in _entries():
        t = e["term"].lower()
        if t in owner and owner[t] != r.code:
            clash.append((t, owner[t], r.code))
        owner.setdefault(t, r.code)
    assert not clash, clash


def test_disability_language_and_locale_switches(tmp_path):
    """`disability-language` and `locale` in the configuration pick the entries written for
    them: identity-first suggestions, person-first forms flagged for identity-first
    communities, and US/UK wording where the sources differ."""
    from plainspeak.config import load_config
    from lintkit import lint

    def run(text, body=""):
        cfg = tmp_path / ".plainspeak.toml"
        cfg.write_text(body + "\n", encoding="utf-8")
        res = lint(text, config=load_config(cfg), select=["PS5"])
        return [(f.code, f.match, f.suggestions) for f in res.findings]

    assert run("Parking for the disabled is at the back.") == [
        ("PS503", "the disabled", ("people with disabilities",))]
    assert run("Parking for the disabled is at the back.",
               'disability-language = "identity-first"') == [
        ("PS503", "the disabled", ("disabled people",))]
    # person-first forms are only flagged for identity-first communities
    assert run("Support groups for a person with autism meet on Fridays.") == []
    assert run("Support groups for a person with autism meet on Fridays.",
               'disability-language = "identity-first"') == [
        ("PS503", "person with autism", ("autistic person",))]
    us = run("Classes for adults who are mentally handicapped.")
    uk = run("Classes for adults who are mentally handicapped.", 'locale = "en-GB"')
    assert us[0][2] == ("with an intellectual disability",)
    assert uk[0][2] == ("with a learning disability",)
