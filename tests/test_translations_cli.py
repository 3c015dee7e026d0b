"""Catalog and translation findings through the CLI: every output format, exit codes, the
`translations` coverage command, the lock file, configuration of locale sets."""
from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from plainspeak.cli import main

EN = '{\n  "greeting": "Welcome back",\n  "visit": "Your next visit is on {{date}}",\n  "fast": "Do not eat for 8 hours before the test."\n}\n'
ES = '{\n  "greeting": "Bienvenido de nuevo",\n  "visit": "Su próxima visita es el {{fecha}}",\n  "fast": "No coma durante 8 horas antes del examen."\n}\n'


def run(args, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
    return root


def test_check_reports_catalog_findings_with_positions_and_exit_code(tmp_path):
    tree(tmp_path, {"locales/en.json": EN, "locales/es.json": ES})
    r = run(["check", ".", "--select", "PS6", "--format", "json"], tmp_path)
    assert r.exit_code == 1, r.output
    data = json.loads(r.output)
    f = [x for x in data["findings"] if x["code"] == "PS606"]
    assert len(f) == 1 and f[0]["path"] == "locales/es.json" and f[0]["line"] == 3
    text = (tmp_path / "locales/es.json").read_text(encoding="utf-8")
    line = text.splitlines()[f[0]["line"] - 1]
    assert line[f[0]["column"] - 1:f[0]["end_column"] - 1] == f[0]["match"]
    assert "{{fecha}}" in f[0]["match"]
    # text output: the same finding, quoted with its line
    r = run(["check", ".", "--select", "PS6", "--no-color"], tmp_path)
    assert r.exit_code == 1
    assert "locales/es.json:3:" in r.output and "PS606" in r.output and "{{date}}" in r.output
    # --fail-on never: findings, exit 0
    assert run(["check", ".", "--select", "PS6", "--fail-on", "never"], tmp_path).exit_code == 0


def test_clean_translation_exits_zero(tmp_path):
    es = ES.replace("{{fecha}}", "{{date}}")
    tree(tmp_path, {"locales/en.json": EN, "locales/es.json": es})
    r = run(["check", ".", "--select", "PS6", "--format", "json"], tmp_path)
    assert r.exit_code == 0, r.output
    assert [x for x in json.loads(r.output)["findings"] if x["code"].startswith("PS60")] == []


def test_translations_coverage_table_and_json(tmp_path):
    es = ES.replace('  "fast": "No coma durante 8 horas antes del examen."\n', "").replace(
        '"{{fecha}}",', '"{{date}}"')
    tree(tmp_path, {"locales/en.json": EN, "locales/es.json": es})
    r = run(["translations", ".", "--format", "json"], tmp_path)
    assert r.exit_code == 1, r.output            # a missing key is an error
    data = json.loads(r.output)
    (s,) = data["sets"]
    assert s["name"] == "locales/{locale}.json" and s["source_locale"] == "en"
    row = {x["locale"]: x for x in s["locales"]}["es"]
    assert row["keys"] == 3 and row["translated"] == 2 and row["missing"] == 1
    assert row["translated_pct"] == round(200 / 3, 1)
    r = run(["translations", "."], tmp_path)
    assert "locales/{locale}.json" in r.output and "2/3" in r.output
    assert r.exit_code == 1
    assert run(["translations", ".", "--fail-on", "never"], tmp_path).exit_code == 0


def test_required_locale_without_catalog(tmp_path):
    tree(tmp_path, {"locales/en.json": EN, "locales/es.json": ES.replace("{{fecha}}", "{{date}}"),
                    ".plainspeak.toml": '[tool.plainspeak.translations]\nrequired-locales = ["es", "vi"]\n'})
    r = run(["check", ".", "--select", "PS601", "--format", "json"], tmp_path)
    data = json.loads(r.output)
    msgs = [x["message"] for x in data["findings"] if x["code"] == "PS601"]
    assert len(msgs) == 1 and "Vietnamese" in msgs[0] and r.exit_code == 1


def test_invalid_locale_in_config_is_a_usage_error(tmp_path):
    tree(tmp_path, {"locales/en.json": EN,
                    ".plainspeak.toml": '[tool.plainspeak.translations]\nrequired-locales = ["es_MX"]\n'})
    r = run(["check", "."], tmp_path)
    assert r.exit_code == 2
    assert "es_MX" in r.output and "es-MX" in r.output


def test_lock_file_makes_source_changes_stale(tmp_path):
    es = ES.replace("{{fecha}}", "{{date}}")
    tree(tmp_path, {"locales/en.json": EN, "locales/es.json": es})
    r = run(["translations", ".", "--update-lock"], tmp_path)
    assert r.exit_code == 0 and (tmp_path / "plainspeak-translations.lock").exists()
    lock = json.loads((tmp_path / "plainspeak-translations.lock").read_text())
    assert "es" in lock["sets"]["locales/{locale}.json"]
    assert run(["check", ".", "--select", "PS610", "--fail-on", "never", "--format", "json"],
               tmp_path).output.count('"PS610"') == 0
    # the English instruction changes; the Spanish one does not
    (tmp_path / "locales/en.json").write_text(EN.replace("8 hours", "12 hours"), encoding="utf-8")
    data = json.loads(run(["check", ".", "--select", "PS610", "--format", "json",
                           "--fail-on", "never"], tmp_path).output)
    stale = [f for f in data["findings"] if f["code"] == "PS610"]
    assert len(stale) == 1 and stale[0]["path"] == "locales/es.json" and stale[0]["line"] == 4
    # once the translation is updated too, it is no longer stale
    (tmp_path / "locales/es.json").write_text(es.replace("8 horas", "12 horas"), encoding="utf-8")
    data = json.loads(run(["check", ".", "--select", "PS610", "--format", "json"], tmp_path).output)
    assert not [f for f in data["findings"] if f["code"] == "PS610"]


def test_values_are_linted_as_portal_text_in_their_language(tmp_path):
    en = '{"a": "Please utilize the portal to request a refill."}'
    es = '{"a": "Utilice el portal para pedir una receta."}'
    tree(tmp_path, {"locales/en.json": en, "locales/es.json": es})
    data = json.loads(run(["check", ".", "--format", "json", "--fail-on", "never"], tmp_path).output)
    by = {(f["path"], f["code"]) for f in data["findings"]}
    assert ("locales/en.json", "PS302") in by            # "utilize" in English
    assert not any(p == "locales/es.json" and c.startswith("PS3") for p, c in by)


def test_rules_says_what_spanish_text_gets(tmp_path):
    r = run(["rules"], tmp_path)
    assert "LANGUAGES" in r.output
    assert "Spanish (es):" in r.output and "NOT checked for" in r.output
    data = json.loads(run(["rules", "--format", "json"], tmp_path).output)
    langs = {d["code"]: d["languages"] for d in data}
    assert langs["PS102"] == ["es"] and langs["PS601"] is None
