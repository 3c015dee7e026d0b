"""Meta-tests over the rule data (codespell/proselint idea: the data has its own tests)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from plainspeak.checks import KINDS
from plainspeak.finding import CATEGORY_BY_PREFIX
from plainspeak.rulepack import RulePackError, load_pack, load_rules, pack_files

from lintkit import lint, lint_tree, rules

ROOT = Path(__file__).resolve().parent.parent


def test_all_builtin_packs_load():
    rs = load_rules(validate_builtin=True)
    assert len(rs) >= 10
    assert all(f.parent == ROOT / "rules" or f.parent.name == "rules" for f in pack_files())


def test_codes_unique_and_in_their_category():
    seen = set()
    for r in rules():
        assert r.code not in seen
        seen.add(r.code)
        assert r.category == CATEGORY_BY_PREFIX[r.code[:3]]


def test_every_rule_has_sources_and_text():
    for r in rules():
        assert r.sources, r.code
        assert all(s.get("name") for s in r.sources), r.code
        assert all(s["url"].startswith("https://") for s in r.sources if "url" in s), r.code
        assert len(r.description) > 10 and len(r.why) > 10, r.code


def test_every_text_rule_has_pass_and_fail_examples():
    for r in rules():
        if r.kind == "system" and r.code not in ("PS901", "PS906"):
            continue
        assert r.examples.get("fail"), f"{r.code} has no failing example"
        assert r.examples.get("pass"), f"{r.code} has no passing example"


def _example_cases():
    for r in rules():
        for expect in ("fail", "pass"):
            for i, ex in enumerate(r.examples.get(expect, [])):
                yield pytest.param(r.code, expect, ex, id=f"{r.code}-{expect}-{i}")


@pytest.mark.parametrize("code,expect,example", list(_example_cases()))
def test_rule_examples(code, expect, example, tmp_path):
    """Every failing example triggers its rule; every passing example does not. Cross-file
    examples (``files:``) are written to a folder and linted together."""
    if "files" in example:
        found = lint_tree(tmp_path, example["files"], select=[code])
        got = [f for f in found if f.code == code]
        for f in got:   # positions round-trip in the real file
            text = (tmp_path / f.path).read_text(encoding="utf-8")
            assert text[f.start:f.end] == f.match
    else:
        fmt = example.get("format", "text")
        res = lint(example["text"], fmt=fmt, profile=example.get("profile"),
                   select=[code] if not code.startswith("PS9") else None)
        got = [f for f in res.findings if f.code == code]
    if expect == "fail":
        assert got, f"{code} did not fire on its failing example"
    else:
        assert not got, f"{code} fired on its passing example: {[f.message for f in got]}"


def test_message_templates_are_filled():
    """No finding message keeps a raw {placeholder}."""
    for r in rules():
        for ex in r.examples.get("fail", []):
            if "files" in ex:
                continue      # cross-file examples: checked in test_rule_examples
            res = lint(ex["text"], fmt=ex.get("format", "text"), profile=ex.get("profile"))
            for f in res.findings:
                assert not re.search(r"\{[a-z_]+\}", f.message), f.message


def _write(tmp_path, text):
    p = tmp_path / "pack.yml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """\
pack: custom
rules:
  - code: PS299
    name: custom-rule
    kind: sentence-length
    severity: warning
    message: "Too long: {words} words."
    description: A custom rule for the test.
    why: Because the test needs one.
    sources: [{name: test}]
    params: {warn: 5, error: 9}
    examples: {fail: ["one two three four five six seven."], pass: ["one two."]}
"""


def test_custom_pack_loads(tmp_path):
    assert load_pack(_write(tmp_path, GOOD))[0].code == "PS299"


@pytest.mark.parametrize("mutate,expect", [
    (lambda t: t.replace("    why:", "    wyh: typo\n    why:"), r"pack.yml:\d+: .*unknown key \"wyh\""),
    (lambda t: t.replace("PS299", "PX299"), r"pack.yml:3: .*does not match"),
    (lambda t: t.replace("severity: warning", "severity: loud"), r"pack.yml:6: "),
    (lambda t: t.replace("kind: sentence-length", "kind: nonsense"), r"pack.yml:5: .*unknown kind"),
    (lambda t: t.replace("{warn: 5, error: 9}", "{warn: 5, eror: 9}"), r"pack.yml:11: .*unknown key \"eror\""),
    (lambda t: t.replace("{warn: 5, error: 9}", "{warn: five, error: 9}"), r"pack.yml:11: .*not of type"),
    (lambda t: t + "  - [broken", r"pack.yml:\d+: invalid YAML"),
    (lambda t: t.replace("    params:", "    params: {}\n    params:"), r"pack.yml:\d+: duplicate key"),
])
def test_bad_packs_name_file_and_line(tmp_path, mutate, expect):
    with pytest.raises(RulePackError, match=expect):
        load_pack(_write(tmp_path, mutate(GOOD)))


def test_duplicate_code_across_packs(tmp_path):
    from plainspeak.rulepack import RuleSet
    (tmp_path / "a").mkdir()
    p = tmp_path / "a" / "dup.yml"
    p.write_text(GOOD.replace("PS299", "PS201").replace("custom-rule", "another"), encoding="utf-8")
    with pytest.raises(RulePackError, match="duplicate rule 'PS201'"):
        load_rules([tmp_path / "a"])


def test_kinds_declare_params_schema():
    for name, kind in KINDS.items():
        assert kind.KIND == name
        assert isinstance(kind.PARAMS, dict)


def test_validated_digest_is_current():
    """rules/VALIDATED records the digest of the built-in packs this suite validated, so a
    normal run can skip re-validating them. After editing a pack, run
    `python -c "from plainspeak.rulepack import write_digest; write_digest()"`."""
    from plainspeak.rulepack import DIGEST_FILE, builtin_digest
    recorded = (ROOT / "rules" / DIGEST_FILE).read_text(encoding="utf-8").strip()
    assert recorded == builtin_digest(), "rules/VALIDATED is stale: re-run write_digest()"


def test_edited_builtin_pack_is_validated_again(tmp_path, monkeypatch):
    """A built-in pack that differs from the validated one gets full validation (and its
    errors) again: the digest is a shortcut, never a way around validation."""
    import shutil
    import plainspeak.rulepack as rp
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    monkeypatch.setattr(rp, "BUILTIN_DIR", copy)
    assert rp._builtin_trusted()
    f = copy / "structure.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("    why:", "    wyh: typo\n    why:", 1),
                 encoding="utf-8")
    assert not rp._builtin_trusted()
    with pytest.raises(RulePackError, match="unknown key"):
        rp.load_rules()
