"""Acceptance test of "Missing translations (PS6xx)": fixtures plant every catalog problem in
each catalog format, and each is found on the right file and line; a clean set yields nothing.

Fixtures: ``tests/fixtures/catalog_checks/<format>/{clean,planted}/`` hold one small
patient-portal locale set per format, laid out by the discovery conventions: an English source
and a Spanish target, plus an Arabic (i18next) or Polish target where plural categories matter.
``planted`` is ``clean`` with the problems of :data:`PLANTED` written in; the source catalogs of
the two variants are identical. Every variant is linted as a folder (per file and across files,
``lintkit.lint_tree``) with ``select=["PS6"]``.

PS610 other than gettext's ``#| msgid`` goes through the translations lock file: see
:func:`test_stale_translation_via_the_lock_file`.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainspeak.cli import main

from lintkit import lint_tree

FIX = Path(__file__).resolve().parent / "fixtures" / "catalog_checks"
FORMATS = ["i18next", "formatjs", "arb", "rails", "po", "properties", "xliff12", "xliff20",
           "android"]
CODES = [f"PS6{n:02d}" for n in range(1, 12)]

# Cells of the (format x problem) matrix that cannot occur, and why. Everything else is planted
# (PLANTED) or, for PS610 outside gettext, checked through the lock file.
NOT_APPLICABLE = {
    "i18next": {
        "PS603": "i18next JSON has no fuzzy / needs-review state",
        "PS607": "i18next interpolation is not ICU MessageFormat (no i18next-icu here)",
        "PS611": "no locale is declared inside an i18next file (only its path names one)",
    },
    "formatjs": {
        "PS603": "FormatJS message files have no review state",
        "PS611": "no locale is declared inside a FormatJS file",
    },
    "arb": {
        "PS603": "ARB has no review state",
    },
    "rails": {
        "PS603": "Rails YAML has no review state",
        "PS607": "Rails values use %{name} interpolation, not ICU MessageFormat",
    },
    "po": {
        "PS607": "gettext uses printf / python / brace formats, not ICU MessageFormat",
    },
    "properties": {
        "PS603": ".properties has no review state",
        "PS611": "no locale is declared inside a .properties file",
    },
    "xliff12": {
        "PS607": "XLIFF inline codes (<x/>) are not ICU MessageFormat",
        "PS608": "XLIFF 1.2 has no plural structure (one unit per message)",
    },
    "xliff20": {
        "PS607": "XLIFF inline codes (<ph/>, <pc>) are not ICU MessageFormat",
        "PS608": "XLIFF 2.0 has no plural structure (one unit per message)",
    },
    "android": {
        "PS603": "Android strings.xml has no review state",
        "PS607": "Android strings use printf formats; plurals are <plurals> items, not ICU",
        "PS611": "no locale is declared inside strings.xml (only the values-xx folder)",
    },
}

# Every finding the planted sets must give, and nothing else: (code, path, line, key, detail).
# ``key`` is the finding's data["key"] (None for PS611). ``detail``: for PS606 the placeholders
# it reports missing from / added to the translation (both directions, per syntax), for PS608
# the missing categories (gettext: msgstr indexes), for PS603 the state; for PS601 "at": the
# text the zero-width finding sits in front of (the key preceding the missing one in source
# order), or None for the start of the file when no key precedes it.
# Not listed, so checked to give nothing: "Cancel" -> "Cancelar" (too short for PS605, not
# identical), "OK" -> "OK" (PS604 allow list), "MyChart" (allow list, translatable="false").
PLANTED = {
    "i18next": [
        ("PS608", "locales/ar/portal.json", 13, "inbox",
         {"missing": ["zero", "two", "few", "many"]}),
        ("PS601", "locales/es/portal.json", 1, "appName", {"at": None}),     # first source key
        ("PS604", "locales/es/portal.json", 2, "title", {}),
        ("PS606", "locales/es/portal.json", 3, "greeting", {"missing": ["{{name}}"], "added": []}),
        ("PS601", "locales/es/portal.json", 7, "reminder", {"at": "reschedule"}),
        ("PS606", "locales/es/portal.json", 7, "actions.reschedule",
         {"missing": [], "added": ["$t(appName)"]}),
        ("PS605", "locales/es/portal.json", 9, "fasting", {}),
        ("PS606", "locales/es/portal.json", 10, "results", {"missing": [], "added": ["{{name}}"]}),
        ("PS606", "locales/es/portal.json", 14, "welcome",
         {"missing": ["$t(appName)"], "added": []}),
        ("PS606", "locales/es/portal.json", 15, "guide", {"missing": ["<0>", "</0>"], "added": []}),
        ("PS606", "locales/es/portal.json", 16, "emergency",
         {"missing": ["<strong>", "</strong>"], "added": []}),
        ("PS606", "locales/es/portal.json", 17, "checkin",
         {"missing": [], "added": ["<0>", "</0>"]}),
        ("PS606", "locales/es/portal.json", 18, "parking",
         {"missing": [], "added": ["<b>", "</b>"]}),
        ("PS602", "locales/es/portal.json", 19, "privacy", {}),
        ("PS609", "locales/es/portal.json", 21, "oldGreeting", {}),
    ],
    "formatjs": [
        ("PS604", "lang/es.json", 11, "appointments.title", {}),
        ("PS606", "lang/es.json", 15, "checkin", {"missing": [], "added": ["<b>", "</b>"]}),
        ("PS606", "lang/es.json", 19, "contact", {"missing": [], "added": ["{fax}"]}),
        ("PS601", "lang/es.json", 22, "fasting", {"at": "emergency"}),
        ("PS606", "lang/es.json", 23, "emergency", {"missing": ["<b>", "</b>"], "added": []}),
        ("PS606", "lang/es.json", 27, "greeting", {"missing": ["{name}"], "added": []}),
        ("PS602", "lang/es.json", 35, "privacy", {}),
        ("PS605", "lang/es.json", 39, "reminder", {}),
        ("PS607", "lang/es.json", 47, "visits", {}),
        ("PS609", "lang/es.json", 50, "welcome.banner", {}),
        ("PS608", "lang/pl.json", 35, "inbox", {"missing": ["few", "many"]}),
    ],
    "arb": [
        ("PS611", "lib/l10n/app_es.arb", 2, None, {}),
        ("PS604", "lib/l10n/app_es.arb", 3, "appTitle", {}),
        ("PS606", "lib/l10n/app_es.arb", 6, "greeting", {"missing": ["{name}"], "added": []}),
        ("PS601", "lib/l10n/app_es.arb", 7, "fasting", {"at": "reminder"}),
        ("PS606", "lib/l10n/app_es.arb", 8, "results", {"missing": [], "added": ["{time}"]}),
        ("PS607", "lib/l10n/app_es.arb", 9, "inbox", {}),
        ("PS605", "lib/l10n/app_es.arb", 10, "dose", {}),
        ("PS602", "lib/l10n/app_es.arb", 11, "privacy", {}),
        ("PS609", "lib/l10n/app_es.arb", 13, "logout", {}),
        ("PS608", "lib/l10n/app_pl.arb", 10, "inbox", {"missing": ["few", "many"]}),
    ],
    "rails": [
        ("PS611", "config/locales/es.yml", 2, None, {}),          # root key en: in es.yml
        ("PS604", "config/locales/es.yml", 5, "appointments.title", {}),
        ("PS606", "config/locales/es.yml", 8, "appointments.greeting",
         {"missing": ["%{name}"], "added": []}),
        ("PS601", "config/locales/es.yml", 9, "appointments.fasting", {"at": "reminder"}),
        ("PS605", "config/locales/es.yml", 9, "appointments.reminder", {}),
        ("PS602", "config/locales/es.yml", 10, "appointments.directions", {}),   # null value
        ("PS609", "config/locales/es.yml", 16, "appointments.old_title", {}),
        ("PS602", "config/locales/es.yml", 22, "messages.privacy", {}),          # ""
        ("PS606", "config/locales/es.yml", 24, "messages.signature",
         {"missing": [], "added": ["%{time}"]}),
        ("PS608", "config/locales/pl.yml", 20, "messages.inbox", {"missing": ["few", "many"]}),
    ],
    "po": [
        ("PS611", "locale/es/LC_MESSAGES/portal.po", 12, None, {}),
        ("PS604", "locale/es/LC_MESSAGES/portal.po", 20, "Your appointments", {}),
        ("PS606", "locale/es/LC_MESSAGES/portal.po", 33, "Hello, %(name)s!",
         {"missing": ["%(name)s"], "added": []}),
        ("PS606", "locale/es/LC_MESSAGES/portal.po", 38, "Your visit with %s is on %s.",
         {"missing": ["%s"], "added": ["%d"]}),
        ("PS606", "locale/es/LC_MESSAGES/portal.po", 43, "Your visit with %1$s is on %2$s.",
         {"missing": ["%2$s"], "added": ["%3$s"]}),
        ("PS606", "locale/es/LC_MESSAGES/portal.po", 48, "Your test results from {date} are ready.",
         {"missing": ["{date}"], "added": ["{fecha}"]}),
        ("PS605", "locale/es/LC_MESSAGES/portal.po", 52,
         "We will send you a reminder the day before your visit.", {}),
        ("PS610", "locale/es/LC_MESSAGES/portal.po", 58,
         "Do not eat or drink anything for 12 hours before your blood test.", {}),
        ("PS601", "locale/es/LC_MESSAGES/portal.po", 62, "Please check in at the front desk.",
         {"at": 'msgid "Your records are private and secure."'}),
        ("PS602", "locale/es/LC_MESSAGES/portal.po", 63, "Your records are private and secure.",
         {}),
        ("PS603", "locale/es/LC_MESSAGES/portal.po", 67,
         "Bring your insurance card and a photo ID.", {"state": "fuzzy"}),
        ("PS606", "locale/es/LC_MESSAGES/portal.po", 75, "You have %(count)d new message.",
         {"missing": [], "added": ["%(clinic)s"]}),
        ("PS609", "locale/es/LC_MESSAGES/portal.po", 83, "Log out", {}),
        # Plural-Forms says nplurals=3, the entry has msgstr[0] and msgstr[1]
        ("PS608", "locale/pl/LC_MESSAGES/portal.po", 73, "You have %(count)d new message.",
         {"missing": ["2"]}),
    ],
    "properties": [
        ("PS604", "src/main/resources/messages_es.properties", 3, "appointments.title", {}),
        ("PS606", "src/main/resources/messages_es.properties", 6, "greeting",
         {"missing": ["{0}"], "added": []}),
        ("PS606", "src/main/resources/messages_es.properties", 7, "visit.summary",
         {"missing": [], "added": ["{2}"]}),
        ("PS601", "src/main/resources/messages_es.properties", 8, "fasting", {"at": "reminder="}),
        ("PS605", "src/main/resources/messages_es.properties", 8, "reminder", {}),
        ("PS607", "src/main/resources/messages_es.properties", 10, "inbox", {}),
        ("PS602", "src/main/resources/messages_es.properties", 11, "privacy", {}),
        ("PS606", "src/main/resources/messages_es.properties", 12, "contact",
         {"missing": [], "added": ["{{email}}"]}),
        ("PS606", "src/main/resources/messages_es.properties", 13, "sms.optin",
         {"missing": ["{{keyword}}"], "added": []}),
        ("PS609", "src/main/resources/messages_es.properties", 14, "logout", {}),
        ("PS608", "src/main/resources/messages_pl.properties", 12, "inbox",
         {"missing": ["few", "many"]}),
    ],
    "xliff12": [
        ("PS611", "src/locale/messages.es.xlf", 3, None, {}),
        ("PS604", "src/locale/messages.es.xlf", 7, "appTitle", {}),
        ("PS606", "src/locale/messages.es.xlf", 31, "greeting",
         {"missing": ['<x id="INTERPOLATION"/>'], "added": []}),
        ("PS606", "src/locale/messages.es.xlf", 39, "visitSummary",
         {"missing": [], "added": ['<x id="INTERPOLATION_2"/>']}),
        ("PS601", "src/locale/messages.es.xlf", 45, "fasting", {"at": 'reminder"'}),
        ("PS605", "src/locale/messages.es.xlf", 47, "reminder", {}),
        ("PS603", "src/locale/messages.es.xlf", 61, "insurance", {"state": "needs-review"}),
        ("PS602", "src/locale/messages.es.xlf", 69, "privacy", {}),              # no <target>
        ("PS609", "src/locale/messages.es.xlf", 76, "logout", {}),
    ],
    "xliff20": [
        ("PS611", "src/locale/messages.es.xlf", 2, None, {}),     # trgLang pt-BR, path says es
        ("PS604", "src/locale/messages.es.xlf", 10, "appTitle", {}),
        ("PS606", "src/locale/messages.es.xlf", 37, "greeting",
         {"missing": ['<ph id="0"/>'], "added": []}),
        ("PS606", "src/locale/messages.es.xlf", 46, "visitSummary",
         {"missing": [], "added": ['<ph id="2"/>']}),
        ("PS601", "src/locale/messages.es.xlf", 49, "fasting", {"at": 'reminder"'}),
        ("PS605", "src/locale/messages.es.xlf", 55, "reminder", {}),
        ("PS606", "src/locale/messages.es.xlf", 64, "emergency",
         {"missing": ['<pc id="0">', "</pc>"], "added": []}),
        ("PS603", "src/locale/messages.es.xlf", 67, "insurance", {"state": "initial"}),
        ("PS602", "src/locale/messages.es.xlf", 82, "privacy", {}),              # <target></target>
        ("PS609", "src/locale/messages.es.xlf", 85, "logout", {}),
    ],
    "android": [
        ("PS604", "app/src/main/res/values-es/strings.xml", 3, "appointments_title", {}),
        ("PS606", "app/src/main/res/values-es/strings.xml", 6, "greeting",
         {"missing": ["%1$s"], "added": []}),
        ("PS606", "app/src/main/res/values-es/strings.xml", 7, "visit_summary",
         {"missing": [], "added": ["%3$s"]}),
        ("PS601", "app/src/main/res/values-es/strings.xml", 8, "fasting", {"at": 'reminder"'}),
        ("PS605", "app/src/main/res/values-es/strings.xml", 8, "reminder", {}),
        ("PS606", "app/src/main/res/values-es/strings.xml", 9, "emergency",
         {"missing": ["<b>", "</b>"], "added": []}),
        ("PS606", "app/src/main/res/values-es/strings.xml", 10, "checkin",
         {"missing": [], "added": ["<b>", "</b>"]}),
        ("PS602", "app/src/main/res/values-es/strings.xml", 11, "privacy", {}),
        ("PS609", "app/src/main/res/values-es/strings.xml", 18, "logout", {}),
        ("PS608", "app/src/main/res/values-pl/strings.xml", 14, "unread_messages",
         {"missing": ["few", "many"]}),
    ],
}

# PS610 evidence: gettext's previous msgid is planted; every other format uses the lock file
LOCK_FORMATS = [f for f in FORMATS if f != "po"]


def _files(fmt: str, variant: str) -> dict[str, bytes]:
    d = FIX / fmt / variant
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*"))
            if p.is_file()}


def _assert_positions(root: Path, findings) -> None:
    """Every finding's span is real: ``match`` is the file text between start and end, and
    line/column are those of ``start``."""
    texts: dict[str, str] = {}
    for f in findings:
        text = texts.get(f.path)
        if text is None:
            text = texts[f.path] = (root / f.path).read_text(encoding="utf-8")
        assert 0 <= f.start <= f.end <= len(text), f
        assert f.match == text[f.start:f.end], (f.code, f.path, f.line, f.match)
        line = text.count("\n", 0, f.start) + 1
        col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        assert (f.line, f.column) == (line, col), (f.code, f.path, f.line, f.column, line, col)


def test_fixtures_are_complete():
    """Each format has both variants, planted sources equal clean sources, and the matrix has
    no hole: every cell is planted, N/A with a reason, or PS610 via the lock file."""
    assert sorted(p.name for p in FIX.iterdir()) == sorted(FORMATS)
    for fmt in FORMATS:
        clean, planted = _files(fmt, "clean"), _files(fmt, "planted")
        assert sorted(clean) == sorted(planted), fmt
        planted_codes = {row[0] for row in PLANTED[fmt]}
        na = set(NOT_APPLICABLE.get(fmt, {}))
        assert not planted_codes & na, fmt
        covered = planted_codes | na | ({"PS610"} if fmt in LOCK_FORMATS else set())
        assert covered == set(CODES), (fmt, sorted(set(CODES) - covered))


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_set_yields_nothing(fmt, tmp_path):
    found = lint_tree(tmp_path, _files(fmt, "clean"), select=["PS6"])
    assert [(f.code, f.path, f.line, f.message) for f in found] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_planted_problem_is_found_at_its_line(fmt, tmp_path):
    found = lint_tree(tmp_path, _files(fmt, "planted"), select=["PS6"])
    _assert_positions(tmp_path, found)
    got = Counter((f.code, f.path, f.line, f.data.get("key")) for f in found)
    want = Counter(row[:4] for row in PLANTED[fmt])
    assert got == want, ("unexpected:", sorted(got - want), "not found:", sorted(want - got))
    for code, path, line, key, detail in PLANTED[fmt]:
        (f,) = [f for f in found
                if (f.code, f.path, f.line, f.data.get("key")) == (code, path, line, key)]
        for name, value in detail.items():
            if name == "at":
                # missing key: zero-width, in front of the key that precedes it in source
                # order (where it would go), or at the very start of the file
                assert f.start == f.end, f
                text = (tmp_path / path).read_text(encoding="utf-8")
                if value is None:
                    assert f.start == 0 and (f.line, f.column) == (1, 1)
                else:
                    assert text.startswith(value, f.start), (key, text[f.start:f.start + 40])
            else:
                assert f.data[name] == value, (code, key, name, f.data)
    # short or allow-listed strings never misfire
    assert not [f for f in found if f.code in ("PS604", "PS605")
                and re.search(r"(cancel|ok)$", str(f.data.get("key")).lower())]


def _cli_update_lock(root: Path) -> dict:
    cfg = root / ".plainspeak.toml"
    cfg.write_text("", encoding="utf-8")
    old = Path.cwd()
    os.chdir(root)
    try:
        res = CliRunner().invoke(main, ["translations", "--update-lock", "--config", str(cfg), "."])
    finally:
        os.chdir(old)
    assert res.exit_code == 0, res.output
    assert "Wrote" in res.output
    return json.loads((root / "plainspeak-translations.lock").read_text(encoding="utf-8"))


def _replace(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    return {p: b.replace(old.encode(), new.encode()) for p, b in files.items()}


@pytest.mark.parametrize("fmt", LOCK_FORMATS)
def test_stale_translation_via_the_lock_file(fmt, tmp_path):
    """Write the clean set, record it with `plainspeak translations --update-lock`, then change
    the source text: every untouched translation of it is stale (PS610, at its value); once
    the translations change too, nothing is reported."""
    files = _files(fmt, "clean")
    assert lint_tree(tmp_path, files, select=["PS6"]) == []
    lock = _cli_update_lock(tmp_path)
    assert lock["sets"], lock
    # the fasting instruction changes in the source (XLIFF targets carry the source text too)
    changed = _replace(files, "for 8 hours", "for 12 hours")
    assert changed != files
    # each target still says "8": that line is where PS610 belongs
    expected = []
    for path, body in changed.items():
        text = body.decode("utf-8")
        if " 8 " in text:
            assert text.count(" 8 ") == 1, path
            expected.append(("PS610", path, text[:text.index(" 8 ")].count("\n") + 1))
    assert len(expected) >= 1
    found = lint_tree(tmp_path, changed, select=["PS6"])
    _assert_positions(tmp_path, found)
    assert sorted((f.code, f.path, f.line) for f in found) == sorted(expected)
    assert all(f.data["evidence"] == "lock-file" for f in found)
    # the translations are updated as well: no longer stale
    fixed = _replace(changed, " 8 ", " 12 ")
    assert lint_tree(tmp_path, fixed, select=["PS6"]) == []


def test_lock_file_tells_android_plural_items_apart(tmp_path):
    """<plurals> items share their name: the lock keeps one entry per quantity, so a change
    to the source "one" item makes only the translations' "one" items stale."""
    files = _files("android", "clean")
    assert lint_tree(tmp_path, files, select=["PS6"]) == []
    lock = _cli_update_lock(tmp_path)
    entries = next(iter(lock["sets"].values()))
    assert {"unread_messages#one", "unread_messages#other"} <= set(entries["es"])
    assert {"unread_messages#few", "unread_messages#many"} <= set(entries["pl"])
    changed = _replace(files, "You have one new message.", "You have 1 new message.")
    found = lint_tree(tmp_path, changed, select=["PS6"])
    _assert_positions(tmp_path, found)
    assert sorted((f.code, f.path, f.line) for f in found) == [
        ("PS610", "app/src/main/res/values-es/strings.xml", 14),
        ("PS610", "app/src/main/res/values-pl/strings.xml", 14),
    ]
    assert all(f.match.startswith(("Tiene un", "Masz jedną")) for f in found)
