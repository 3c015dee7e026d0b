"""Catalog readers (plainspeak.translations.formats): keys, values, states, plurals, locales and
exact positions for every format; malformed input; catalog values linted as documents."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import javaproperties
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainspeak.readers import format_for, load
from plainspeak.readers.catalogs import read_document
from plainspeak.translations.catalog import (FUZZY, NEEDS_REVIEW, OBSOLETE, TRANSLATED,
                                             UNTRANSLATED)
from plainspeak.translations.docbuild import catalog_document, placeholder_spans
from plainspeak.translations.formats import (detect_format, locale_from_path, read_catalog)

from test_positions import assert_roundtrip

FIX = Path(__file__).resolve().parent / "fixtures" / "catalogs"
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def read(rel: str, fmt: str | None = None):
    path = FIX / rel
    text = path.read_text(encoding="utf-8")
    return read_catalog(str(path.relative_to(FIX.parent.parent.parent)), text, fmt)


# characters a unit (escape, entity, fold, continuation) may start with, per format
UNIT_START = {
    "i18next": "\\", "formatjs": "\\", "arb": "\\", "po": "\\", "properties": "\\",
    "rails-yaml": "\\' \t\r\n", "xliff": "&\r", "android": "\\&\r \t\n",
}


def assert_exact(cat) -> None:
    """Every message: key position, raw value span and a character-exact map."""
    text = cat.text
    for m in cat.messages:
        assert cat.line_col(m.key_start) == (m.line, m.column), m.key
        assert 0 <= m.key_start <= m.key_end <= len(text)
        if m.value is None:
            assert m.smap is None and m.value_start == -1
            continue
        assert 0 <= m.value_start <= m.value_end <= len(text), m.key
        segs = m.smap.segments
        t = 0
        prev = m.value_start
        for t0, s0, tl, sl in segs:
            assert t0 == t, (m.key, segs)
            assert s0 >= prev, ("map goes backwards", m.key, segs)
            assert m.value_start <= s0 and s0 + sl <= m.value_end, (m.key, segs)
            if tl == sl:
                for k in range(tl):
                    v, c = m.value[t0 + k], text[s0 + k]
                    assert v == c or (v in " \n" and c in " \t\r\n"), (m.key, t0 + k, v, c)
            else:
                assert text[s0] in UNIT_START[cat.format], (m.key, text[s0:s0 + sl])
            t += tl
            prev = s0 + sl
        assert t == len(m.value), (m.key, t, m.value)
        for i in range(len(m.value)):
            s = m.smap.start(i)
            assert m.value_start <= s < m.value_end
            ch = m.value[i]
            assert text[s] == ch or text[s] in UNIT_START[cat.format], (m.key, i, ch, text[s])


def values(cat):
    return {(m.key, m.plural): m.value for m in cat.messages}


def states(cat):
    return {(m.key, m.plural): m.state for m in cat.messages}


def raw(cat, m):
    return cat.text[m.value_start:m.value_end]


ALL_FIXTURES = sorted(p.relative_to(FIX).as_posix() for p in FIX.rglob("*")
                      if p.is_file() and not p.relative_to(FIX).as_posix().startswith("malformed/"))


@pytest.mark.parametrize("rel", ALL_FIXTURES)
def test_fixture_positions_round_trip(rel):
    cat = read(rel)
    assert not cat.problems, cat.problems
    assert cat.messages or rel.endswith("header_only.po")
    assert_exact(cat)
    doc = load(str(FIX / rel), (FIX / rel).read_bytes(), "catalog-json" if rel.endswith(".json")
               else None)
    assert_roundtrip(doc)
    # catalog documents: every block character maps to its message's source characters
    cdoc = catalog_document(cat, None)
    assert_roundtrip(cdoc)
    assert cdoc.format == f"catalog-{cat.format}"


# ------------------------------------------------------------------------------ detection

def test_detect_format():
    assert detect_format("es.po") == "po"
    assert detect_format("messages.pot") == "po"
    assert detect_format("messages-es.properties") == "properties"
    assert detect_format("messages.es.xlf") == "xliff"
    assert detect_format("m.xliff") == "xliff"
    assert detect_format("app_es.arb") == "arb"
    assert detect_format("res/values-es/strings.xml") == "android"
    assert detect_format("res/values/arrays.xml") == "android"
    assert detect_format("layout/main.xml") is None
    assert detect_format("x.xml", "<?xml version='1.0'?>\n<!-- c -->\n<resources/>") == "android"
    assert detect_format("x.xml", "<xliff version='2.0'/>") == "xliff"
    assert detect_format("x.xml", "<svg/>") is None
    assert detect_format("config/locales/es.yml") == "rails-yaml"
    assert detect_format("a.yml", "# c\nes:\n  a: b\n") == "rails-yaml"
    assert detect_format("a.yml", "pt-BR:\n  a: b\n") == "rails-yaml"
    assert detect_format("a.yml", "es_MX:\n  a: b\n") == "rails-yaml"
    assert detect_format("a.yml", "es:\n  a: b\nfr:\n  a: c\n") is None
    assert detect_format("a.yml", "name: CI\non: push\n") is None
    assert detect_format("a.yml", "app:\n  a: b\n") is None
    assert detect_format("a.json", '{"a": "Hi {{name}}"}') == "i18next"
    assert detect_format("a.json", '{"a": {"b": "plain"}}') == "i18next"
    assert detect_format("a.json", '{"a": "Hi {name}"}') == "formatjs"
    assert detect_format("a.json", '{"a": "{n, plural, one {x} other {y}}"}') == "formatjs"
    assert detect_format("a.json", '{"a": {"defaultMessage": "x"}}') == "formatjs"
    assert detect_format("a.json", '{"@@locale": "es", "a": "x"}') == "arb"
    assert detect_format("a.json") == "i18next"
    assert detect_format("notes.txt") is None
    with pytest.raises(ValueError):
        read_catalog("notes.txt", "hello")


def test_format_for_registers_catalogs():
    assert format_for("es.po") == "catalog-po"
    assert format_for("x.pot") == "catalog-po"
    assert format_for("messages-es.properties") == "catalog-properties"
    assert format_for("m.xlf") == "catalog-xliff"
    assert format_for("m.xliff") == "catalog-xliff"
    assert format_for("app_es.arb") == "catalog-arb"
    assert format_for("strings.xml") == "catalog-android"
    assert format_for("app/src/main/res/values-es/strings.xml") == "catalog-android"
    assert format_for("res/values-es/plurals.xml") == "catalog-android"
    assert format_for("pom.xml") is None
    assert format_for("config/locales/es.yml") == "catalog-rails-yaml"
    assert format_for("locales/en.yaml") == "catalog-rails-yaml"
    assert format_for(".github/workflows/ci.yml") is None
    assert format_for("en.json") == "catalog-json"


def test_locale_from_path():
    assert locale_from_path("locales/es.json") == "es"
    assert locale_from_path("locales/es/common.json") == "es"
    assert locale_from_path("messages.es.json") == "es"
    assert locale_from_path("translations/messages-es.properties") == "es"
    assert locale_from_path("messages_pt_BR.properties") == "pt-BR"
    assert locale_from_path("res/values-es/strings.xml") == "es"
    assert locale_from_path("res/values-es-rMX/strings.xml") == "es-MX"
    assert locale_from_path("res/values-b+es+419/strings.xml") == "es-419"
    assert locale_from_path("res/values/strings.xml") is None
    assert locale_from_path("res/values-night/strings.xml") is None
    assert locale_from_path("l10n/app_es.arb") == "es"
    assert locale_from_path("po/es.po") == "es"
    assert locale_from_path("locale/es/LC_MESSAGES/django.po") == "es"
    assert locale_from_path("config/locales/es-MX.yml") == "es-MX"
    assert locale_from_path("intl_messages.arb") is None
    assert locale_from_path("messages.properties") is None
    assert locale_from_path("strings.json") is None


# -------------------------------------------------------------------------------- i18next

def test_i18next_nested():
    en = read("i18next/locales/en/common.json")
    es = read("i18next/locales/es/common.json")
    assert en.format == es.format == "i18next" and es.locale is None
    v = values(es)
    assert v[("appointments.title", None)] == "Sus citas"
    assert v[("appointments.checkin", None)].endswith('tarjeta del seguro "médico".')
    assert "\n" in v[("appointments.checkin", None)]
    assert v[("appointments.help", None)].endswith("\u00a1Gracias! \U0001F600")
    assert v[("days.1", None)] == "Martes"
    by = es.by_key()
    assert [m.plural for m in es.messages if m.base == "appointments.count"] == ["one", "many",
                                                                                  "other"]
    assert by["appointments.count_many"].group == "appointments.count"
    assert by["appointments.friend_female"].context == "female"
    assert by["appointments.friend"].context is None
    assert by["results.empty"].value == "" and by["results.empty"].state == UNTRANSLATED
    assert by["appointments.title"].syntaxes == ("i18next",)
    assert set(en.by_key()) - set(es.by_key()) == set()
    assert set(es.by_key()) - set(en.by_key()) == {"appointments.count_many"}
    m = by["appointments.help"]
    i = m.value.index("\u00a1")
    assert es.text[m.smap.start(i):m.smap.end(i + 1)] == "\\u00a1"
    i = m.value.index("\U0001F600")
    assert es.text[m.smap.start(i):m.smap.end(i + 1)] == "\\ud83d\\ude00"
    m = by["appointments.checkin"]
    i = m.value.index('"')
    assert es.text[m.smap.start(i):m.smap.end(i + 1)] == '\\"'
    assert raw(es, by["appointments.title"]) == "Sus citas"


def test_i18next_flat_keys_and_v3_plurals():
    text = json.dumps({"a.b": "flat", "item": "one item", "item_plural": "{{count}} items",
                       "step_1": "first", "step_2": "second", "n_0": "zero", "n_1": "one",
                       "n_2": "two", "status_other": "x"}, indent=1)
    cat = read_catalog("en.json", text)
    by = cat.by_key()
    assert by["a.b"].value == "flat" and by["a.b"].base is None
    assert (by["item"].base, by["item"].plural) == ("item", "one")
    assert (by["item_plural"].base, by["item_plural"].plural) == ("item", "other")
    assert by["step_1"].base is None                      # not a v3 plural without step_0
    assert [(by[k].base, by[k].plural) for k in ("n_0", "n_1", "n_2")] == [("n", "0"), ("n", "1"),
                                                                           ("n", "2")]
    assert_exact(cat)


# ------------------------------------------------------------------------------- FormatJS

def test_formatjs():
    en = read("formatjs/lang/en.json")
    es = read("formatjs/lang/es.json")
    assert en.format == es.format == "formatjs"
    assert set(en.by_key()) == set(es.by_key()) == {"appointment.reminder", "inbox.unread",
                                                    "refill.cta"}
    m = en.by_key()["inbox.unread"]
    assert m.value.startswith("You have {count, plural,")
    assert m.meta == {"description": "Inbox badge"}
    assert m.syntaxes == ("icu", "xml")
    assert raw(en, m) == m.value                           # the defaultMessage string
    assert en.line_col(m.key_start) == (6, 4)
    assert en.line_col(m.value_start)[0] == 7
    es_m = es.by_key()["refill.cta"]
    assert es_m.value == 'Pida una <b>reposición</b> de {medication} \u2014 "ahora"'
    spans = placeholder_spans(es.by_key()["inbox.unread"].value, es_m.syntaxes)
    masked = "".join(" " if any(s <= i < e for s, e in spans) else c
                     for i, c in enumerate(es.by_key()["inbox.unread"].value))
    assert "ningún mensaje nuevo" in masked and "count" not in masked and "#" not in masked
    assert "plural" not in masked and "{" not in masked and "}" not in masked


# ------------------------------------------------------------------------------------ ARB

def test_arb():
    en = read("arb/l10n/app_en.arb")
    es = read("arb/l10n/app_es.arb")
    assert (en.locale, es.locale) == ("en", "es")
    assert [m.key for m in en.messages] == ["appointmentReminder", "pillsLeft", "callClinic"]
    m = en.by_key()["appointmentReminder"]
    assert m.meta["placeholders"]["date"]["type"] == "DateTime"
    assert m.syntaxes == ("icu",)
    assert es.by_key()["callClinic"].value == "Llame a la clínica"
    assert not any(k.startswith("@") for k in es.by_key())


# ----------------------------------------------------------------------------- Rails YAML

def test_rails_yaml():
    en = read("rails/config/locales/en.yml")
    es = read("rails/config/locales/es.yml")
    assert (en.locale, es.locale) == ("en", "es")
    by = es.by_key()
    assert by["appointments.title"].value == "Sus citas"
    assert by["appointments.reminder"].value == ("Su cita con %{doctor} es el %{date}.\nPor "
                                                 "favor, llegue temprano. \u00a1Gracias!")
    assert by["appointments.cancel"].value == "Cancelar la cita de hoy: 'urgente'"
    assert [(m.key, m.base, m.plural) for m in es.messages if m.base] == [
        ("appointments.upcoming.one", "appointments.upcoming", "one"),
        ("appointments.upcoming.many", "appointments.upcoming", "many"),
        ("appointments.upcoming.other", "appointments.upcoming", "other")]
    assert by["appointments.instructions"].value == (
        "No coma después de la medianoche.\nTome sus medicinas de siempre con agua.\n")
    assert by["messages.unread"].value == "Tiene mensajes nuevos de su equipo de atención"
    assert by["messages.footer"].value == "Llame al 911 si es una emergencia.\n"
    assert by["messages.blank"].value is None and by["messages.blank"].state == UNTRANSLATED
    assert by["appointments.title"].syntaxes == ("ruby",)
    m = by["appointments.cancel"]
    i = m.value.index("'")
    assert es.text[m.smap.start(i):m.smap.end(i + 1)] == "''"
    m = by["messages.unread"]
    i = m.value.index("de su")
    assert es.text[m.smap.start(i):m.smap.end(i + 5)] == "de su"
    assert es.line_col(m.smap.start(i))[0] == es.line_col(m.value_start)[0] + 1
    assert set(en.by_key()) - set(es.by_key()) == set()


@pytest.mark.parametrize("body", [
    'a: "tab\\there \\x41 \\u00e9 \\U0001F600 \\\\ \\" end"',
    "a: 'one\n\n    two\n     three'",
    'a: "line one \\\n    continued"',
    "a: |-\n    keep\n      indented\n    end\n",
    "a: |+\n  keep\n\nb: x\n",
    "a: >\n    folded\n    line\n\n    para\n      more\n    back\n",
    "a: >-\n    x\n",
    "a: |2\n     two spaces kept\n    b\n",
    "a: plain # comment\n",
    "a: &anchor shared\nb: *anchor\n",
    "base: &base\n  x: from base\nchild:\n  <<: *base\n  y: own\n",
    "n: 3\nt: true\ns: '3'\n",
])
def test_rails_yaml_scalars(body):
    text = "es:\n" + "".join("  " + ln + "\n" if ln else "\n" for ln in body.split("\n"))
    cat = read_catalog("config/locales/es.yml", text)
    assert not cat.problems
    import yaml
    data = yaml.safe_load(text)["es"]

    def flat(d, p=""):
        for k, v in d.items():
            if isinstance(v, dict):
                yield from flat(v, f"{p}{k}.")
            elif isinstance(v, str):
                yield f"{p}{k}", v
    expected = dict(flat(data))
    assert {m.key: m.value for m in cat.messages} == expected
    assert_exact(cat)


# ---------------------------------------------------------------------------------- PO/POT

def test_po():
    cat = read("po/es/LC_MESSAGES/messages.po")
    assert cat.format == "po" and cat.bilingual and not cat.template
    assert cat.locale == "es" and cat.nplurals == 2
    assert cat.plural_forms == "nplurals=2; plural=(n != 1);"
    by = {(m.key, m.plural): m for m in cat.messages}
    m = by[("Your appointment is on %(date)s.", None)]
    assert m.state == TRANSLATED and m.flags == ("python-format",)
    assert m.syntaxes == ("python", "printf")
    assert m.source == "Your appointment is on %(date)s."
    assert m.meta == {"extracted": ["Shown on the home page"],
                      "references": ["templates/appointments.html:12"]}
    assert (m.line, m.column) == (12, 1)
    assert raw(cat, m) == m.value
    p0 = by[("You have %d new message", "0")]
    p1 = by[("You have %d new message", "1")]
    assert (p0.base, p0.value, p0.state) == ("You have %d new message", "Tiene %d mensaje nuevo",
                                             TRANSLATED)
    assert (p1.value, p1.state) == ("", UNTRANSLATED)
    assert p0.source_plural == "You have %d new messages" and p0.syntaxes == ("printf",)
    fz = by[("button\x04Cancel", None)]
    assert (fz.state, fz.context, fz.value) == (FUZZY, "button", "Cancelar")
    assert (fz.meta["previous_msgid"], fz.meta["previous_msgctxt"]) == ("Cancel visit", "button")
    ml = by[('Bring your "insurance card"\tand a list\nof your medicines.', None)]
    assert ml.value == 'Traiga su "tarjeta del seguro"\ty una lista\nde sus medicinas. Ánimo.'
    i = ml.value.index("de sus")
    assert cat.text[ml.smap.start(i):ml.smap.end(i + 6)] == "de sus"
    assert cat.line_col(ml.smap.start(i))[0] == 33
    i = ml.value.index("Á")
    assert cat.text[ml.smap.start(i):ml.smap.end(i + 1)] == "\\303\\201"
    i = ml.value.index("\t")
    assert cat.text[ml.smap.start(i):ml.smap.end(i + 1)] == "\\t"
    assert ml.syntaxes == ("printf", "python", "brace")            # no format flag
    assert by[("Call the clinic", None)].state == UNTRANSLATED
    ob = by[("Old reminder", None)]
    assert (ob.state, ob.value, ob.line, ob.column) == (OBSOLETE, "Recordatorio antiguo", 38, 4)
    # same entries as polib
    po = polib.pofile(str(FIX / "po/es/LC_MESSAGES/messages.po"))
    keys = {(e.msgctxt + "\x04" if e.msgctxt else "") + e.msgid for e in po if e.msgid}
    assert keys == {m.key for m in cat.messages}


def test_pot_template():
    cat = read("po/messages.pot")
    assert cat.template and cat.bilingual and cat.locale is None
    assert {m.state for m in cat.messages} == {UNTRANSLATED}
    assert len(catalog_document(cat, "en").blocks) == 0


def test_po_crlf():
    cat = read("po/parity/crlf.po")
    assert cat.locale == "es" and not cat.problems
    assert values(cat) == {("Sign in", None): "Iniciar sesión", ("Sign out", None): ""}
    assert_exact(cat)


# ----------------------------------------------------------------------------- properties

def test_properties():
    en = read("properties/messages-en.properties")
    es = read("properties/messages-es.properties")
    assert es.format == "properties" and es.locale is None
    by = es.by_key()
    assert by["Number of visits"].value == "{{count}} citas este mes"
    assert es.text[by["Number of visits"].key_start:by["Number of visits"].key_end] == \
        "Number\\ of\\ visits"
    assert by["visits.count"].value == "{VISITS, plural, one {# cita} other {# citas}}"
    m = by["long.instructions"]
    assert m.value == ("No coma después de la medianoche. Tome sus medicinas de siempre con un "
                       "sorbo de agua.\tGracias!")
    i = m.value.index("Tome")
    assert es.line_col(m.smap.start(i)) == (6, 5)
    i = m.value.index("é")
    assert es.text[m.smap.start(i):m.smap.end(i + 1)] == "\\u00e9"
    assert by["key=with:colon"].value == "Valor con \\ barra"
    assert by["empty.value"].state == UNTRANSLATED
    assert by["appointment.reminder"].syntaxes == ("brace", "mustache", "icu")
    assert set(en.by_key()) - set(es.by_key()) == set()
    assert en.by_key()["appointment.reminder"].meta == {
        "comments": ["Patient portal strings (English source)",
                     "CHT-style keys may contain escaped spaces"]}


# ---------------------------------------------------------------------------------- XLIFF

def test_xliff12():
    cat = read("xliff12/messages.es.xlf")
    assert (cat.source_locale, cat.locale, cat.bilingual) == ("en", "es", True)
    by = cat.by_key()
    assert by["appointmentTitle"].state == TRANSLATED
    g = by["greeting"]
    assert g.source == 'Hello, <x id="INTERPOLATION" equiv-text="{{ name }}"/>!'
    assert g.value == ('¡Hola, <x id="INTERPOLATION" equiv-text="{{ name }}"/>! Tome & beba '
                       'él agua.')
    assert g.meta["notes"] == ["Greeting on the home page"]
    i = g.value.index("&")
    assert cat.text[g.smap.start(i):g.smap.end(i + 1)] == "&amp;"
    i = g.value.index("él")
    assert cat.text[g.smap.start(i):g.smap.end(i + 1)] == "&#233;"
    assert by["copay"].state == NEEDS_REVIEW and by["copay"].meta["resname"] == "billing.copay"
    assert by["copay"].value == 'Su copago <g id="1">vence</g> hoy.'
    assert (by["newOne"].value, by["newOne"].state) == ("", UNTRANSLATED)
    assert by["brand"].translatable is False
    assert (by["missing"].value, by["missing"].state) == (None, UNTRANSLATED)   # not alt-trans
    assert (by["cdata"].value, by["cdata"].state) == ("Resultados <listos> de hoy", TRANSLATED)
    src = read("xliff12/messages.xlf")
    assert {m.state for m in src.messages} == {UNTRANSLATED} and src.locale is None
    assert set(src.by_key()) <= set(by)


def test_xliff20():
    cat = read("xliff20/messages.es.xlf")
    assert (cat.source_locale, cat.locale) == ("en", "es-US")
    by = cat.by_key()
    r = by["reminder"]
    assert r.value == 'Su cita es el <ph id="0" equiv="INTERPOLATION" disp="{{ date }}"/>.'
    assert r.state == TRANSLATED and r.meta["notes"] == ["Appointment reminder"]
    two = by["twoSegments"]
    assert two.value == 'Debe estar en ayunas. Beba solo <pc id="1">agua</pc>.'
    assert two.source == 'Fasting is required. Drink <pc id="1">water</pc> only.'
    assert two.state == TRANSLATED
    i = two.value.index("Beba")
    assert cat.text[two.smap.start(i):two.smap.end(i + 4)] == "Beba"
    assert by["initial"].state == UNTRANSLATED
    assert (by["untranslated"].value, by["untranslated"].state) == (None, UNTRANSLATED)
    assert by["notMe"].translatable is False


# -------------------------------------------------------------------------------- Android

def test_android():
    es = read("android/res/values-es/strings.xml")
    en = read("android/res/values/strings.xml")
    assert es.locale is None and es.format == "android"
    by = es.by_key()
    assert by["bring_card"].value == ('Traiga su tarjeta del seguro. \u00a1No la olvide!\n'
                                      'Gracias & "saludos"')
    m = by["bring_card"]
    for ch, src in (("\u00a1", "\\u00a1"), ("\n", "\\n"), ("&", "&amp;"), ('"', '\\"')):
        i = m.value.index(ch)
        assert es.text[m.smap.start(i):m.smap.end(i + 1)] == src
    assert by["spaced"].value == "Llame a la clínica"
    assert by["quoted"].value == "  Espacios   conservados  "
    assert by["cdata"].value == "Vea <b>sus</b> resultados"
    assert by["bold"].value == "Tome <b>una</b> pastilla"
    assert by["appointment_reminder"].value == (
        'Su cita con <xliff:g id="doctor" example="Dr. Ruiz">%1$s</xliff:g> es el %2$s.')
    plur = [(m.key, m.base, m.plural, m.value) for m in es.messages if m.base]
    assert plur[0] == ("pills_left", "pills_left", "one", "Le queda %d pastilla")
    assert [p[2] for p in plur] == ["one", "many", "other"]
    assert by["visit_types[1]"].value == "Video"
    assert by["empty"].state == UNTRANSLATED and "commented" not in by
    assert en.by_key()["app_name"].translatable is False
    assert en.by_key()["title_ref"].translatable is False
    assert en.by_key()["bring_card"].value == "Bring your insurance card. Don't forget!"
    assert es.by_key()["appointment_reminder"].syntaxes == ("printf", "xml")


# ------------------------------------------------------------------------------ malformed

@pytest.mark.parametrize("rel, fmt, ok_keys", [
    ("malformed/broken.json", None, {"appointments.title", "appointments.cancel"}),
    ("malformed/broken.arb", None, {"ok"}),
    ("malformed/broken.po", None, {"Your appointment", "Call us"}),
    ("malformed/broken.properties", None, {"appointment.reminder", "next.key"}),
    ("malformed/broken.xlf", None, {"ok"}),
    ("malformed/entities.xlf", None, set()),
    ("malformed/external.xml", "android", set()),
    ("malformed/strings.xml", "android", {"ok"}),
    ("malformed/broken.yml", "rails-yaml", set()),
])
def test_malformed(rel, fmt, ok_keys):
    cat = read(rel, fmt)
    assert cat.problems and {p.code for p in cat.problems} == {"PS904"}
    for p in cat.problems:
        assert "\n" not in p.message and 0 <= p.offset <= len(cat.text)
    assert ok_keys <= {m.key for m in cat.messages}
    assert_exact(cat)
    doc = read_document(str(FIX / rel), cat.text)
    assert {p.code for p in doc.problems} == {"PS904"}
    assert_roundtrip(doc)


def test_malformed_positions():
    cat = read("malformed/broken.json")
    assert cat.line_col(cat.problems[0].offset) == (5, 5)
    cat = read("malformed/broken.properties")
    (p,) = cat.problems
    assert cat.text[p.offset:p.offset + p.length] == "\\u00zz"
    cat = read("malformed/broken.po")
    lines = sorted(cat.line_col(p.offset)[0] for p in cat.problems)
    assert lines == [4, 5, 7, 12]     # bad string, msgstr without msgid, junk, no msgstr
    cat = read("malformed/entities.xlf")
    assert "entity declarations are not allowed" in cat.problems[0].message
    assert not cat.messages


@pytest.mark.parametrize("fmt", ["i18next", "formatjs", "arb", "rails-yaml", "po", "properties",
                                 "xliff", "android"])
def test_garbage_never_raises(fmt):
    rng = random.Random(fmt)
    blobs = ["", "\x00\x01\x02", "{", "<", "msgid", '"', "\\", "\ufeff", "es:\n  - [",
             "<resources><string name='a'>\\", "<xliff><file><unit id='u'><segment><target>"]
    blobs += ["".join(chr(rng.randrange(1, 0x3000)) for _ in range(200)) for _ in range(20)]
    blobs += [bytes(rng.randrange(256) for _ in range(300)).decode("latin-1") for _ in range(10)]
    for blob in blobs:
        cat = read_catalog(f"x.{fmt}", blob, fmt)
        assert_exact(cat)
        catalog_document(cat, "es")


def test_binary_file_is_not_linted():
    from plainspeak.readers import BinaryFile
    with pytest.raises(BinaryFile):
        load("es.po", b"\x00\x01\x02\x03binary\x00data")
    doc = load("es.po", bytes(range(32, 256)) * 4)
    assert doc.format == "catalog-po"


def test_yaml_that_is_not_a_locale_file_is_empty():
    doc = load("config/locales/ci.yml", b"name: CI\non:\n  push: {}\n")
    assert doc.blocks == [] and doc.problems == []
    doc = load("res/values/foo.xml", b"<svg/>")
    assert doc.blocks == [] and doc.problems == []


# --------------------------------------------------------------------- documents and lint

def test_catalog_document_blocks():
    cat = read("po/es/LC_MESSAGES/messages.po")
    doc = catalog_document(cat, None)
    assert doc.language == "es" and doc.language_declared
    keys = [b.attrs["key"] for b in doc.blocks]
    assert "Old reminder" not in keys and "Call the clinic" not in keys
    b = doc.blocks[0]
    assert b.kind == "string" and b.lang == "es"
    assert "%(date)s" not in b.text and "date" not in b.text
    i = b.text.index("Tome")
    s, e = b.source_span(i, i + 4)
    assert doc.source[s:e] == "Tome"
    x = read("xliff12/messages.es.xlf")
    xdoc = catalog_document(x, None)
    texts = {b.attrs["key"]: b.text for b in xdoc.blocks}
    assert "brand" not in texts                            # translate="no"
    assert "INTERPOLATION" not in texts["greeting"] and "¡Hola," in texts["greeting"]


@pytest.mark.parametrize("value, syntaxes, kept, gone", [
    ("Hi {{name}}, see $t(common.ok) <1>here</1>", ("i18next",), ["Hi", "see", "here"],
     ["name", "common", "<1>"]),
    ("Take %1$s and %d pills, 50% of 5 %%", ("printf",), ["Take", "pills", "50%"], ["1$s"]),
    ("Dear %(name)s, hello %{who}", ("python", "ruby"), ["Dear", "hello"], ["name", "who"]),
    ("Visit {0} on {date}", ("brace",), ["Visit"], ["0", "date"]),
    ("{n, plural, =0 {No visits} one {# visit} other {# visits}} on {d, date, short}", ("icu",),
     ["No visits", "visit", "on"], ["plural", "short", "#", "=0"]),
    ("Tap <b>Book</b> <x id=\"1\"/> now", ("xml",), ["Tap", "Book", "now"], ["<b>", "x id"]),
    ("{g, select, female {Ella {n} vino} other {Vino}}", ("icu",), ["Ella", "vino", "Vino"],
     ["female", "{n}"]),
])
def test_placeholder_masks(value, syntaxes, kept, gone):
    spans = placeholder_spans(value, syntaxes)
    masked = "".join(" " if any(s <= i < e for s, e in spans) else c for i, c in enumerate(value))
    for w in kept:
        assert w in masked, (w, masked)
    for w in gone:
        assert w not in masked, (w, masked)


def test_check_lints_spanish_po_values(tmp_path):
    from click.testing import CliRunner
    from plainspeak.cli import main
    po = tmp_path / "locale" / "es" / "LC_MESSAGES" / "portal.po"
    po.parent.mkdir(parents=True)
    src = (FIX / "po/es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    src += ('\nmsgid "Use the portal to check your results."\n'
            'msgstr "Utilize el portal para ver sus resultados."\n')
    po.write_text(src, encoding="utf-8")
    en = tmp_path / "locale" / "en" / "LC_MESSAGES" / "portal.po"
    en.parent.mkdir(parents=True)
    en.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Use it."\n'
                  'msgstr "Utilize the portal."\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["check", "--format", "json", "--select", "PS302,PS402",
                                    "--fail-on", "never", str(po)])
    data = json.loads(res.output)
    findings = data["findings"]
    by_code = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
    lines = src.split("\n")
    trailing = by_code["PS402"][0]
    assert trailing["match"] == "5.0"
    assert lines[trailing["line"] - 1][trailing["column"] - 1:trailing["end_column"] - 1] == "5.0"
    assert trailing["line"] == 13
    # "Utilize" is an English officialese word: English rules do not run on Spanish values
    assert "PS302" not in by_code
    assert data["documents"][0]["language"] == "es"
    res = CliRunner().invoke(main, ["check", "--format", "json", "--select", "PS302",
                                    "--fail-on", "never", str(en)])
    (f,) = json.loads(res.output)["findings"]
    assert (f["code"], f["match"], f["line"], f["column"]) == ("PS302", "Utilize", 6, 9)


def test_lint_bytes_for_every_format():
    from lintkit import linter
    lt = linter(select=["PS402"])
    cases = {
        "res/values-es/strings.xml": ("android/res/values-es/strings.xml", "Video"),
        "config/locales/es.yml": ("rails/config/locales/es.yml", "Sus citas"),
        "messages-es.properties": ("properties/messages-es.properties", "Su cita es el"),
        "messages.es.xlf": ("xliff12/messages.es.xlf", "Sus citas"),
        "l10n/app_es.arb": ("arb/l10n/app_es.arb", "Su cita es el"),
        "locales/es/app.po": ("po/parity/fuzzy_header.po", "Su cita con"),
    }
    for name, (rel, old) in cases.items():
        raw_ = (FIX / rel).read_bytes()
        assert old.encode() in raw_
        raw_ = raw_.replace(old.encode(), "Tome 2.0 ml".encode())
        res = lt.lint_bytes(name, raw_)
        codes = [f.code for f in res.findings]
        assert "PS402" in codes, (name, codes)
        text = raw_.decode("utf-8")
        for f in res.findings:
            if f.code == "PS402":
                line = text.split("\n")[f.line - 1]
                assert line[f.column - 1:f.end_column - 1] == "2.0", name


# --------------------------------------------------------------------- hypothesis round trips

_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                       blacklist_characters="\x85") | st.sampled_from(
    list('\n\t\r"\\\'{}%$#!=: ') + ["é", "ñ", "\u00a1", "\U0001F600", "\u2014"])
TEXT = st.text(_CHARS, max_size=40)
KEY = st.text(_CHARS, min_size=1, max_size=12)


def _flatten(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _flatten(v, f"{prefix}{k}.")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _flatten(v, f"{prefix}{i}.")
    elif isinstance(obj, str):
        yield prefix[:-1], obj


@SETTINGS
@given(st.dictionaries(KEY, st.one_of(TEXT, st.dictionaries(KEY, TEXT, max_size=3),
                                      st.lists(TEXT, max_size=3), st.integers(), st.none()),
                       max_size=6), st.booleans(), st.booleans())
def test_json_round_trip(obj, ascii_only, indent):
    text = json.dumps(obj, ensure_ascii=ascii_only, indent=2 if indent else None)
    cat = read_catalog("en.json", text, "i18next")
    assert not cat.problems
    assert [(m.key, m.value) for m in cat.messages] == list(_flatten(obj))
    assert_exact(cat)
    for m in cat.messages:
        assert json.loads('"' + raw(cat, m) + '"') == m.value
    assert_roundtrip(catalog_document(cat, "es"))


@st.composite
def po_files(draw):
    po = polib.POFile(wrapwidth=draw(st.sampled_from([0, 30, 78])))
    po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(TEXT.filter(bool))
        ctx = draw(st.none() | TEXT)
        if (ctx, msgid) in seen:
            continue
        seen.add((ctx, msgid))
        flags = draw(st.lists(st.sampled_from(["fuzzy", "c-format", "python-format"]),
                              unique=True, max_size=2))
        obsolete = draw(st.booleans()) and draw(st.booleans())
        if draw(st.booleans()):
            e = polib.POEntry(msgid=msgid, msgid_plural=draw(TEXT), msgctxt=ctx,
                              msgstr_plural={0: draw(TEXT), 1: draw(TEXT)}, flags=flags,
                              obsolete=obsolete)
        else:
            e = polib.POEntry(msgid=msgid, msgstr=draw(TEXT), msgctxt=ctx, flags=flags,
                              obsolete=obsolete, comment=draw(st.none() | st.just("note")),
                              previous_msgid=draw(st.none() | TEXT.filter(bool)))
        po.append(e)
    return po


@SETTINGS
@given(po_files())
def test_po_round_trip(po):
    text = str(po)
    cat = read_catalog("es.po", text)
    assert not cat.problems, (cat.problems, text)
    assert cat.locale == "es" and cat.nplurals == 2
    back = polib.pofile(text)
    expected = []
    for e in back:
        key = (e.msgctxt + "\x04" if e.msgctxt is not None else "") + e.msgid
        if e.msgstr_plural:
            for n in sorted(e.msgstr_plural):
                expected.append((key, str(n), e.msgstr_plural[n], bool(e.obsolete),
                                 "fuzzy" in e.flags))
        else:
            expected.append((key, None, e.msgstr, bool(e.obsolete), "fuzzy" in e.flags))
    got = [(m.key, m.plural, m.value, m.state == OBSOLETE, "fuzzy" in m.flags)
           for m in cat.messages]
    # polib lists obsolete entries last; compare as multisets
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    for m in cat.messages:
        assert m.source == next(e.msgid for e in back
                                if (e.msgctxt + "\x04" if e.msgctxt is not None else "")
                                + e.msgid == m.key)
        if m.state not in (OBSOLETE, UNTRANSLATED):
            assert m.state == (FUZZY if "fuzzy" in m.flags else TRANSLATED)
        entry = next(e for e in back if (e.msgctxt + "\x04" if e.msgctxt is not None else "")
                     + e.msgid == m.key and bool(e.obsolete) == (m.state == OBSOLETE))
        if m.state != OBSOLETE:         # polib does not read "#~|" back (gettext does)
            assert m.meta.get("previous_msgid") == (entry.previous_msgid or None)
    assert_exact(cat)
    assert_roundtrip(catalog_document(cat, None))


PROP_KEY = st.text(_CHARS, min_size=1, max_size=12)
_PIECE = re.compile(r"\\u[0-9a-fA-F]{4}|\\.|.", re.S)


def _continue(line: str, indent: int) -> str:
    """Split the value of a ``key=value`` line over a continuation line (never inside an
    escape, never before a raw blank, which the continuation would swallow)."""
    m = re.match(r"((?:[^\\=]|\\.)*=)(.*)$", line)
    if not m or len(m.group(2)) < 4:
        return line
    pieces = _PIECE.findall(m.group(2))
    k = max(1, len(pieces) // 2)
    first, second = "".join(pieces[:k]), "".join(pieces[k:])
    if not second or second[0] in " \t\f":
        return line
    return m.group(1) + first + "\\\n" + " " * indent + second


@SETTINGS
@given(st.dictionaries(PROP_KEY, TEXT, max_size=8), st.booleans(), st.integers(0, 3))
def test_properties_round_trip(data, ascii_only, continuations):
    text = javaproperties.dumps(data, timestamp=False, ensure_ascii=ascii_only)
    if continuations:
        text = "\n".join(_continue(line, continuations) for line in text.split("\n"))
    cat = read_catalog("messages-es.properties", text)
    assert not cat.problems
    assert {m.key: m.value for m in cat.messages} == data == javaproperties.loads(text)
    assert len(cat.messages) == len(data)
    assert_exact(cat)
    assert_roundtrip(catalog_document(cat, "es"))


# Speed: measured by bench/catalog_bench.py (50 locales x 2,000 keys), never asserted here.


def test_properties_separators_and_continuations():
    text = ("a=1\n"
            "b:2\n"
            "c 3\n"
            "d\t =  4 \\\n"
            "\t  four\n"
            "  e\\ f = g\\\r\n"
            "   h\r\n"
            "\\\n"
            "k\n"
            "   # not a comment? yes: a comment line\n"
            "l = caf\\u00e9 \\ud83d\\ude00 \\t end\\\\\n")
    cat = read_catalog("x.properties", text)
    assert not cat.problems
    assert [(m.key, m.value) for m in cat.messages] == [
        ("a", "1"), ("b", "2"), ("c", "3"), ("d", "4 four"), ("e f", "gh"), ("k", ""),
        ("l", "caf\u00e9 \U0001F600 \t end\\")]
    assert list(javaproperties.loads(text).items()) == [(m.key, m.value) for m in cat.messages]
    assert_exact(cat)
    d = cat.by_key()["d"]
    i = d.value.index("four")
    assert cat.line_col(d.smap.start(i)) == (5, 4)
    assert cat.text[d.key_start:d.key_end] == "d" and (d.line, d.column) == (4, 1)
    e = cat.by_key()["e f"]
    assert (e.line, e.column) == (6, 3) and cat.line_col(e.smap.start(1)) == (7, 4)
