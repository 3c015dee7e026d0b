"""Language access (PS620-PS641): document translations, page language, passages in another
language, hreflang alternates and the notice of free language assistance (taglines)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plainspeak.checks import KINDS
from plainspeak.checks.doc_translations import normalise_text, source_hash
from plainspeak.checks.language import find_taglines, is_valid_tag
from plainspeak.config import Config
from plainspeak.readers import load
from plainspeak.translations.project import ProjectContext

from lintkit import lint, rules

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures" / "language_access"


def found(text, code, fmt="text", profile=None, name=None, config=None):
    res = lint(text, fmt=fmt, profile=profile, select=[code], name=name, config=config)
    got = [f for f in res.findings if f.code == code]
    src = load(name or "x", text.encode("utf-8"), fmt=fmt).source
    for f in got:                                   # positions round-trip
        assert src[f.start:f.end] == f.match, (f.code, f.match)
        if f.scope != "file":
            assert f.match and f.match == f.match.strip(), repr(f.match)
    return got


def page(body, lang='lang="en"', head=""):
    return f"<!DOCTYPE html>\n<html {lang}>\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n"


def cfg_with(params: dict, root: Path | None = None) -> Config:
    return Config(root=root or Path.cwd(), rules=params)


# ------------------------------------------------------------------------------- reader

def test_html_reader_records_lang_and_hreflang_with_positions():
    src = page('<p lang="es">Hola</p><p><i lang="english">x</i></p>', lang='class="a" lang="en_US"',
               head='<link rel="alternate" hreflang="es" href="es/x.html">')
    doc = load("p.html", src.encode())
    h = doc.meta["html"]
    assert src[h["start"]:h["end"]] == '<html class="a" lang="en_US">'
    assert src[h["lang_start"]:h["lang_end"]] == "en_US"
    vals = [(a["tag"], src[a["start"]:a["end"]]) for a in doc.meta["lang_attrs"]]
    assert vals == [("html", "en_US"), ("p", "es"), ("i", "english")]
    (alt,) = doc.meta["hreflang"]
    assert alt["rel"] == ["alternate"] and alt["hreflang"] == "es"
    assert src[alt["href_start"]:alt["href_end"]] == "es/x.html"
    # a page without lang still records its <html> tag
    doc = load("p.html", page("<p>x</p>", lang="").encode())
    assert doc.meta["html"]["lang"] is None


def test_html_reader_inline_lang_marks_keep_the_block_language():
    doc = load("p.html", page('<p><span lang="es">Hola amigos</span>, and welcome.</p>'
                              '<p>Plain <b>text</b>.</p>').encode())
    b1, b2 = doc.blocks
    (m,) = [m for m in b1.marks if m.tag == "lang"]
    assert b1.text[m.start:m.end] == "Hola amigos" and m.value == "es"
    assert b1.attrs["base_lang"] is None          # the block itself: the page's language
    assert b2.attrs == {} and not b2.marks        # blocks without lang marks are unchanged


# ------------------------------------------------------------------------ PS630 page language

def test_ps630_html_without_lang_points_at_the_html_tag():
    (f,) = found(page("<p>Get your flu shot.</p>", lang='class="x"'), "PS630", "html", "web")
    assert f.match == '<html class="x">' and f.line == 2 and str(f.severity) == "error"
    (f,) = found(page("<p>Get your flu shot.</p>", lang='lang=""'), "PS630", "html", "web")
    assert f.match == '<html lang="">' and "empty" in f.message


def test_ps630_fragments_and_valid_pages_pass():
    assert not found("<p>Get your flu shot.</p>", "PS630", "html", "web")
    assert not found(page("<p>x</p>"), "PS630", "html", "web")
    assert not found(page("<p>x</p>", lang='xml:lang="en"'), "PS630", "html", "web")
    (f,) = found("<!DOCTYPE html>\n<p>Get your flu shot.</p>\n", "PS630", "html", "web")
    assert f.match == "<!DOCTYPE html>"


def test_ps630_markdown_front_matter_lang():
    md = "---\ntitle: Flu shots\n---\n\nGet your flu shot.\n"
    (f,) = found(md, "PS630", "markdown", "web")
    assert str(f.severity) == "warning" and f.line == 1
    assert not found(md.replace("title", "lang: en\ntitle"), "PS630", "markdown", "web")
    assert not found(md, "PS630", "markdown", "letter")        # web pages only
    assert not found("---\ntitle: [unclosed\nlang: en\n---\nText.\n", "PS630", "markdown", "web")
    off = cfg_with({"PS630": {"params": {"markdown_severity": "off"}}})
    assert not found(md, "PS630", "markdown", "web", config=off)


# ---------------------------------------------------------------------- PS631 language codes

@pytest.mark.parametrize("value,suggest", [("english", "en"), ("en_US", "en-US"),
                                           ("Spanish", "es"), ("sp", None), ("en-", None)])
def test_ps631_invalid_html_lang(value, suggest):
    (f,) = found(page("<p>x</p>", lang=f'lang="{value}"'), "PS631", "html", "web")
    assert f.match == value and f.line == 2
    if suggest:
        assert f.suggestions == (suggest,) and f.fix.replacement == suggest
        assert f'"{suggest}"' in f.message
    else:
        assert f.fix is None


def test_ps631_inner_elements_hreflang_and_front_matter():
    src = page('<p lang="es-MX">Hola</p><p lang="">?</p><p lang="castellano">Hola</p>'
               '<a href="/es/" hreflang="spanish">ES</a><a href="/" hreflang="x-default">x</a>')
    got = found(src, "PS631", "html", "web")
    assert [f.match for f in got] == ["castellano", "spanish"]
    assert "hreflang" in got[1].message
    md = "---\nlang: english\n---\n\nText.\n"
    (f,) = found(md, "PS631", "markdown", "web")
    assert f.match == "english" and f.line == 2
    assert not found(md.replace("english", "en-US"), "PS631", "markdown", "web")


def test_is_valid_tag():
    assert is_valid_tag("en") and is_valid_tag("zh-Hant-TW") and is_valid_tag("es-419")
    assert not any(is_valid_tag(v) for v in ("", "english", "en_US", " en", None, 5))


# ------------------------------------------------------------- PS632 unmarked-language passages

SPANISH = "Ayuda gratis con el idioma: llame al 555-0100 (TTY 711)."


def test_ps632_spanish_tagline_on_an_english_page():
    src = page(f"<p>Free language help: call 555-0100 (TTY 711).</p>\n<p>{SPANISH}</p>")
    (f,) = found(src, "PS632", "html", "web")
    assert f.match == SPANISH and f.data["detected"] == "es" and f.data["expected"] == "en"
    assert 'lang="es"' in f.message and "Spanish" in f.message


def test_ps632_only_the_foreign_sentence_of_a_mixed_paragraph():
    src = page(f"<p>Free language help is available to you every day. {SPANISH}</p>")
    (f,) = found(src, "PS632", "html", "web")
    assert f.match == SPANISH


def test_ps632_english_on_a_spanish_page():
    src = page("<p>Las vacunas son gratis para todos los niños. Walk-in hours may vary on "
               "holidays.</p>", lang='lang="es"')
    (f,) = found(src, "PS632", "html", "web")
    assert f.match == "Walk-in hours may vary on holidays." and f.data["detected"] == "en"


@pytest.mark.parametrize("body", [
    f'<p lang="es">{SPANISH}</p>',
    f'<div lang="es-US"><p>{SPANISH}</p></div>',
    f'<p><span lang="es">{SPANISH}</span></p>',
    f'<p>Spanish: <span lang="es">{SPANISH}</span></p>',
    # a span that starts the block does not make the English after it "Spanish"
    '<p><span lang="es">Hola</span>, and welcome to the clinic. We are glad you came to see '
    'us today.</p>',
    '<p>Hablamos español.</p>',                                     # a short phrase
    '<p>Ask for Dr. María José Fernández at the Clínica San Rafael front desk.</p>',  # names
    '<p>Visit Casa de Salud Familiar, Avenida de la Paz, Los Ángeles.</p>',
    '<p><a href="/es/" hreflang="es">Español</a></p>',
    '<table><tr><td>Clínica de Mill Street</td><td>8 a.m. to 5 p.m.</td></tr></table>',
    '<p>Please bring your tarjeta de seguro médico to the visit.</p>',
])
def test_ps632_quiet_cases_on_an_english_page(body):
    assert not found(page(body), "PS632", "html", "web")


def test_ps632_spanish_page_english_link_and_undeclared_pages():
    src = page('<p>Lea nuestra guía antes de vacunarse.</p>'
               '<p><a href="/flu.html" hreflang="en">English</a></p>', lang='lang="es"')
    assert not found(src, "PS632", "html", "web")
    # a page with no language: PS630's finding, nothing to compare passages with
    assert not found(page(f"<p>{SPANISH}</p>", lang=""), "PS632", "html", "web")
    assert not found(f"{SPANISH}\n", "PS632", "text", "web")       # plain text cannot mark


def test_ps632_markdown_pages():
    md = "---\nlang: en\n---\n\nFree language help: call 555-0100.\n\n" + SPANISH + "\n"
    (f,) = found(md, "PS632", "markdown", "web")
    assert f.match == SPANISH
    md2 = md.replace(SPANISH, f'<span lang="es">{SPANISH}</span>')
    assert not found(md2, "PS632", "markdown", "web")
    assert not found(md, "PS632", "markdown", "letter")             # web pages only


def test_ps632_other_scripts():
    zh = "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 555-0100。"
    (f,) = found(page(f"<p>{zh}</p>"), "PS632", "html", "web")
    assert f.data["detected"] == "zh"
    assert not found(page(f'<p lang="zh-Hant">{zh}</p>'), "PS632", "html", "web")


# ------------------------------------------------------------------- PS633 hreflang targets

def _site_linter_findings(rel, code="PS633", params=None, tmp=None):
    base = tmp or FIX
    path = base / rel
    cfg = cfg_with({code: {"params": params}} if params else {}, root=base)
    old = os.getcwd()
    os.chdir(base)
    try:
        res = lint(path.read_text(encoding="utf-8"), fmt="html" if rel.endswith(".html")
                   else "markdown", profile="web", select=[code], name=rel, config=cfg)
    finally:
        os.chdir(old)
    got = [f for f in res.findings if f.code == code]
    text = path.read_text(encoding="utf-8")
    for f in got:
        assert text[f.start:f.end] == f.match
    return got


def test_ps633_missing_local_alternates():
    got = _site_linter_findings("site/index.html")
    assert [f.match for f in got] == ["fr/index.html", "zh/index.html"]
    assert "fr" in got[0].message and "site/fr/index.html" in got[0].message


def test_ps633_root_relative_hrefs_need_site_root():
    got = _site_linter_findings("site/index.html", params={"site_root": "site"})
    assert [f.match for f in got] == ["fr/index.html", "zh/index.html", "/ko/index.html"]
    assert not _site_linter_findings("site/es/index.html")


def test_ps633_markdown_front_matter_alternates():
    (f,) = _site_linter_findings("site/docs/guide.md")
    assert f.match == "../es/guia.md" and f.line == 5


def test_ps633_md_source_counts_for_an_html_target(tmp_path):
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "visit.md").write_text("# Visita\n", encoding="utf-8")
    (tmp_path / "visit.html").write_text(
        page("<p>x</p>", head='<link rel="alternate" hreflang="es" href="es/visit.html">'),
        encoding="utf-8")
    assert not _site_linter_findings("visit.html", tmp=tmp_path)


# ------------------------------------------------------- PS640/PS641 language-assistance notice

EN_LINE = "Free language help: call 555-0100 (TTY 711)."
ES_LINE = "Ayuda gratis con el idioma: llame al 555-0100 (TTY 711)."
LETTER = ("Dear patient,\n\nYou have a checkup with Dr. Okafor on Monday, March 2, 2026, at "
          "9:30 a.m. Please come 15 minutes early to check in. Bring your health plan card and "
          "a list of all the medicines you take. If you cannot come, call us at 555-0100 at "
          "least one day before.\n\n{tag}\n")
BODY = LETTER.split("\n\n{tag}")[0].split("\n\n", 1)[1]


def test_ps640_letter_without_notice():
    (f,) = found(LETTER.format(tag="See you soon."), "PS640")
    assert f.line == 1 and f.match == "Dear patient,"
    assert f.data["missing"] == ["en", "es"]
    assert "English (en) and Spanish (es)" in f.message


def test_ps640_complete_notice_passes_and_names_what_is_missing():
    assert not found(LETTER.format(tag=f"{EN_LINE}\n{ES_LINE}"), "PS640")
    (f,) = found(LETTER.format(tag=EN_LINE), "PS640")
    assert f.data["missing"] == ["es"] and "Spanish (es)" in f.message
    (f,) = found(LETTER.format(tag=ES_LINE), "PS640")
    assert f.data["missing"] == ["en"]
    cfg = cfg_with({"PS640": {"params": {"document_language": False}}})
    assert not found(LETTER.format(tag=ES_LINE), "PS640", config=cfg)


def test_ps640_declared_notice():
    assert found(BODY, "PS640")
    assert not found(f"<!-- plainspeak: language-assistance-notice -->\n\n{BODY}\n",
                     "PS640", "markdown", "letter")
    assert not found(f"---\nlanguage_assistance: included\n---\n\n{BODY}\n",
                     "PS640", "markdown", "letter")
    assert not found(f"{{% include 'partials/taglines.html' %}}\n{BODY}\n", "PS640")
    assert not found(f"plainspeak: language-assistance-notice\n{BODY}\n", "PS640")
    assert not found(f'<div data-lang-assistance></div><p>{BODY}</p>', "PS640", "html", "letter")


def test_ps640_snippets_are_not_communications():
    assert not found("Call us today.\n", "PS640")
    assert not found("Language assistance services are available.\n", "PS641")
    cfg = cfg_with({"PS640": {"params": {"min_words": 0}}})
    assert found("Call us today.\n", "PS640", config=cfg)
    assert found("---\nsignificant: true\n---\nCall us today.\n", "PS640", "markdown", "web")


def test_ps640_significance():
    web = page(f"<p>{BODY}</p>")
    assert not found(web, "PS640", "html", "web")               # not significant by default
    md = f"---\nlang: en\nsignificant: true\n---\n\n{BODY}\n"
    (f,) = found(md, "PS640", "markdown", "web")
    assert f.match == "---"
    assert not found(LETTER.format(tag="x").replace("Dear", "---\nsignificant: false\n---\nDear"),
                     "PS640", "markdown", "letter")
    cfg = cfg_with({"PS640": {"params": {"significant_paths": ["site/help/**"]}}})
    assert found(web, "PS640", "html", "web", name="site/help/index.html", config=cfg)
    assert not found(web, "PS640", "html", "web", name="site/other.html", config=cfg)


def test_ps640_more_languages_and_html():
    cfg = cfg_with({"PS640": {"params": {"tagline_languages": ["es", "vi", "zh"]}}})
    vi = "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số 555-0100."
    (f,) = found(LETTER.format(tag=f"{EN_LINE}\n{ES_LINE}\n{vi}"), "PS640", config=cfg)
    assert f.data["missing"] == ["zh"] and "Chinese (zh)" in f.message
    html = page(f'<p>{EN_LINE}</p>\n<p lang="es">{ES_LINE}</p>')
    assert not found(html, "PS640", "html", "letter")


def test_ps640_wrapped_line_and_template_phone_field():
    wrapped = ("ATENCIÓN: si habla español, tiene a su disposición servicios\n"
               "gratuitos de asistencia lingüística. Llame al 1-800-555-0100 (TTY: 711).")
    assert not found(LETTER.format(tag=f"{EN_LINE}\n{wrapped}"), "PS640")
    assert not found(LETTER.format(tag=f"{EN_LINE}\n{wrapped}"), "PS641")
    field = "Ayuda gratis con el idioma: llame al [[ClinicPhone]]."
    assert not found(LETTER.format(tag=f"{EN_LINE}\n{field}"), "PS641")


def test_ps641_incomplete_lines_say_what_is_missing():
    (f,) = found(LETTER.format(tag=f"Language assistance services are available.\n{ES_LINE}"),
                 "PS641")
    assert f.match == "Language assistance services are available."
    assert "say the help is free or give a phone number" in f.message
    (f,) = found(LETTER.format(tag=f"{EN_LINE}\nAyuda gratis con el idioma."), "PS641")
    assert f.match == "Ayuda gratis con el idioma." and "give a phone number" in f.message
    assert "free" not in f.message.split(":")[0]
    (f,) = found(LETTER.format(tag=f"{EN_LINE}\nSi necesita asistencia lingüística, llame al "
                                   "555-0100."), "PS641")
    assert "say the help is free" in f.message and "phone" not in f.message.split(":")[0]
    assert not found(LETTER.format(tag=f"{EN_LINE}\nSi necesita asistencia lingüística, llame al "
                                       "555-0100."), "PS640")    # present, only incomplete


def test_ps641_require_tty_and_quiet_cases():
    cfg = cfg_with({"PS641": {"params": {"require_tty": True}}})
    (f,) = found(LETTER.format(tag=f"{EN_LINE}\nAyuda gratis con el idioma: llame al 555-0100."),
                 "PS641", config=cfg)
    assert "TTY or 711" in f.message
    # a complete line elsewhere makes a passing mention fine
    text = LETTER.format(tag=f"We will set up a free interpreter for you.\nLanguage assistance "
                             f"services are available.\n\n{EN_LINE}\n{ES_LINE}")
    assert not found(text, "PS641")
    assert not found(f"{BODY}\n\nAsk for an interpreter at the front desk.\n\n"
                     f"{EN_LINE}\n{ES_LINE}\n", "PS641")


def _tagline_samples():
    for line in (FIX / "taglines.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lang, text = line.split("\t", 1)
        yield lang, text


@pytest.mark.parametrize("lang,text", list(_tagline_samples()))
def test_hhs_taglines_are_recognised(lang, text):
    rule = rules().get("PS640")
    entries = rule.params["languages"]
    doc = load("t.txt", text.replace("{phone}", "1-800-555-0100").encode("utf-8"))
    units = find_taglines(doc, entries)
    assert any(u.lang == lang and u.complete(True) for u in units), \
        [(u.lang, u.free, u.phone, u.tty) for u in units]
    bare = load("t.txt", text.split("{phone}")[0].encode("utf-8"))
    units = find_taglines(bare, entries)
    assert any(u.lang == lang and u.free and not u.phone for u in units)


def test_tagline_data_is_sourced_and_complete():
    r40, r41 = rules().get("PS640"), rules().get("PS641")
    assert r40.params["languages"] == r41.params["languages"]
    langs = set()
    for r in (r40, r41):
        keys = {s.get("key") for s in r.sources}
        for e in r.params["languages"]:
            assert e["source"] in keys, (r.code, e)
            assert e["notice"] and e["free"], e
            langs.add(e["lang"])
    assert {"en", "es", "zh", "vi", "ko", "tl", "ru", "ar", "ht", "fr", "pt", "pl", "de", "fa",
            "ja", "hi"} <= langs


def test_corpus_planted_language_access_problems():
    from plainspeak.config import load_config
    from plainspeak.engine import Linter, Options
    cfg = load_config(ROOT / ".plainspeak.toml")
    lt = Linter(cfg, rules(), Options(select=["PS63", "PS64"]))
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        got = {}
        for rel in ("letters/test-results.txt", "letters/procedure-consent.md",
                    "letters/specialist-referral.txt", "letters/appointment-reminder.txt",
                    "web/high-blood-pressure.html", "web/es/vacuna-gripe.html",
                    "web/flu-shots.html", "clean/appointment-reminder.txt",
                    "clean/discharge-instructions.md", "clean/flu-shots.html"):
            got[rel] = sorted((f.code, f.match) for f in lt.lint_path("corpus/" + rel).findings)
    finally:
        os.chdir(old)
    assert ("PS641", "Language assistance services are available.") in got["letters/test-results.txt"]
    assert [c for c, _ in got["letters/specialist-referral.txt"]] == ["PS640"]
    assert {c for c, _ in got["letters/procedure-consent.md"]} == {"PS640", "PS641"}
    assert got["web/high-blood-pressure.html"] == [("PS632", ES_LINE)]
    assert got["web/es/vacuna-gripe.html"] == [("PS632", "Walk-in hours may vary on holidays.")]
    for rel in ("web/flu-shots.html", "clean/appointment-reminder.txt",
                "clean/discharge-instructions.md", "clean/flu-shots.html"):
        assert got[rel] == [], (rel, got[rel])


def test_bad_input_never_raises():
    nasty = ["", "\n\n", "<html lang=", "<html lang='en'><p lang=>x</p><a hreflang=es>",
             "---\nlang: [1, 2]\nalternates: 5\nsignificant: {a: 1}\n---\n",
             "---\nalternates: {es: 7, fr: null}\ntranslation_of: 3\n---\nx",
             "<!DOCTYPE html><html lang=\"en\"><p lang=\"es\"><span lang=\"x-\">" + SPANISH * 3]
    codes = ["PS630", "PS631", "PS632", "PS633", "PS640", "PS641"]
    for text in nasty:
        for fmt in ("text", "markdown", "html"):
            for prof in ("letter", "web"):
                res = lint(text, fmt=fmt, profile=prof, select=codes)
                assert all(f.code in codes or f.code.startswith("PS9") for f in res.findings)


# ------------------------------------------------------------------ PS620/PS621 (project)

def write(root: Path, files: dict[str, str]) -> list[str]:
    out = []
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
        out.append(str(p))
    return out


def run_project(root: Path, files: list[str], code: str, params: dict | None = None):
    rule = rules().get(code)
    check = KINDS[rule.kind](rule, {**rule.params, **(params or {})})
    pctx = ProjectContext(files, root, Config(root=root), read_catalog=lambda p: None,
                          read_document=lambda p: load(p, Path(p).read_bytes()),
                          profile_for=lambda p: "letter")
    got = list(check.run_project(pctx))
    for f in got:
        text = load(f.path, Path(f.path).read_bytes()).source
        assert text[f.start:f.end] == f.match
        assert f.code == code
    return got


CONSENT = "---\nvital: true\n---\n\n# Consent for your procedure\n\nSign this form.\n"
CONSENT_ES = "---\nlang: es\n---\n\n# Consentimiento\n\nFirme este formulario.\n"


def test_ps620_language_folders(tmp_path):
    files = write(tmp_path, {"letters/en/consent.md": CONSENT})
    (f,) = run_project(tmp_path, files, "PS620")
    assert str(f.severity) == "error" and f.match == "vital: true"
    assert f.data == {"language": "es", "vital": True, "expected": str(tmp_path / "letters/es/consent.md")}
    assert "Spanish (es)" in f.message and "letters/es/consent.md" in f.message
    files = write(tmp_path, {"letters/es/consent.md": CONSENT_ES})
    assert not run_project(tmp_path, files, "PS620")
    # regional folder names count too
    shutil.rmtree(tmp_path / "letters" / "es")
    files = write(tmp_path, {"letters/es-US/consent.md": CONSENT_ES})
    assert not run_project(tmp_path, [files[0].replace("es-US", "en")], "PS620")


def test_ps620_suffixes_and_translation_of(tmp_path):
    files = write(tmp_path, {"a/consent.md": CONSENT, "a/consent.es.md": CONSENT_ES,
                             "b/consent.en.md": CONSENT, "b/consent.es-MX.md": CONSENT_ES,
                             "c/en/consent.md": CONSENT,
                             "c/spanish/consentimiento.md": "---\nlang: es\ntranslation_of: "
                                                           "../en/consent.md\n---\nFirme.\n"})
    assert not run_project(tmp_path, files, "PS620")
    got = run_project(tmp_path, files, "PS620", {"required_languages": ["es", "vi"]})
    assert sorted(Path(f.path).relative_to(tmp_path).as_posix() for f in got) == \
        ["a/consent.md", "b/consent.en.md", "c/en/consent.md"]
    assert all(f.data["language"] == "vi" for f in got)
    exp = {Path(f.path).relative_to(tmp_path).as_posix(): f.data["expected"] for f in got}
    assert exp["a/consent.md"].endswith("a/consent.vi.md")
    assert exp["b/consent.en.md"].endswith("b/consent.vi.md")
    assert exp["c/en/consent.md"].endswith("c/vi/consent.md")


def test_ps620_non_vital_documents(tmp_path):
    plain = "# Your visit\n\nCome at 9 a.m.\n"
    files = write(tmp_path, {"loose/visit.md": plain, "letters/en/visit.md": plain,
                             "pair/visit.md": plain, "pair/visit.fr.md": "---\nlang: fr\n---\nx\n"})
    got = run_project(tmp_path, files, "PS620")
    assert sorted(Path(f.path).relative_to(tmp_path).as_posix() for f in got) == \
        ["letters/en/visit.md", "pair/visit.md"]
    assert all(str(f.severity) == "warning" and f.line == 1 for f in got)
    assert len(run_project(tmp_path, files, "PS620", {"non_vital": "all"})) == 3
    assert not run_project(tmp_path, files, "PS620", {"non_vital": "off"})
    got = run_project(tmp_path, files, "PS620", {"non_vital": "off", "vital": ["loose/**"]})
    assert [Path(f.path).name for f in got] == ["visit.md"] and str(got[0].severity) == "error"


def test_ps620_hreflang_alternates_and_map(tmp_path):
    files = write(tmp_path, {
        "web/flu.html": page("<p>x</p>", head='<link rel="alternate" hreflang="es" '
                                              'href="es/gripe.html">').replace("<!DOCTYPE", "<!doctype"),
        "web/es/gripe.html": page("<p>Vacúnese.</p>", lang='lang="es"'),
        "web/visit.html": page('<p><a href="/es/visita.html" hreflang="es">Español</a></p>'),
        "web/es/visita.html": page("<p>Visita.</p>", lang='lang="es"'),
        "web/forms/intake.md": "---\nvital: true\n---\nFill in.\n",
        "web/forms/intake-spanish.md": "---\nlang: es\n---\nLlene.\n"})
    got = run_project(tmp_path, files, "PS620", {"non_vital": "all"})
    assert [Path(f.path).name for f in got] == ["intake.md"]
    assert not run_project(tmp_path, files, "PS620", {
        "non_vital": "all", "map": {"web/forms/intake.md": {"es": "web/forms/intake-spanish.md"}}})


def test_ps621_source_hash(tmp_path):
    src = "# Before your test\n\nDo not eat after midnight.\n"
    h = source_hash(src)
    assert len(h) == 12 and h == source_hash(src.replace("\n", "\r\n") + "\n\n")
    assert h == source_hash("\ufeff" + src.replace("test", "test   "))
    assert normalise_text("a  \r\nb\n\n") == "a\nb"
    tr = "---\nlang: es\nsource_hash: {h}\n---\n\n# Antes de su prueba\n"
    files = write(tmp_path, {"en/prep.md": src, "es/prep.md": tr.format(h=h)})
    assert not run_project(tmp_path, files, "PS621")
    files = write(tmp_path, {"en/prep.md": src.replace("midnight", "10 p.m.")})[:1] + files[1:]
    (f,) = run_project(tmp_path, files, "PS621")
    assert f.match == h and f.data["evidence"] == "hash"
    assert "source_hash" in f.message and source_hash(src.replace("midnight", "10 p.m.")) in f.message
    # no evidence at all: nothing to say
    files = write(tmp_path, {"es/prep.md": "---\nlang: es\n---\n\n# Antes\n"})
    assert not run_project(tmp_path, files, "PS621")


def test_ps621_translation_outside_the_run_and_source_outside_the_run(tmp_path):
    src = "# Before your test\n\nDo not eat.\n"
    files = write(tmp_path, {"en/prep.md": src, "es/prep.md": "---\nlang: es\nsource_hash: "
                                                             "0123456789ab\n---\nAntes.\n"})
    assert len(run_project(tmp_path, files[:1], "PS621")) == 1      # only the source linted
    assert len(run_project(tmp_path, files[1:], "PS621")) == 1      # only the translation


def _git_ok() -> bool:
    return shutil.which("git") is not None


def _git(repo: Path, *args, when: str | None = None):
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
                   capture_output=True)


@pytest.mark.skipif(not _git_ok(), reason="git is not installed")
def test_ps621_git_history(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    src = "# Before your test\n\nDo not eat after midnight.\n"
    tr = "---\nlang: es\ntranslation_of: ../en/prep.md\nsource_hash: 000000000000\n---\n\nAntes.\n"
    files = write(repo, {"en/prep.md": src, "es/prep.md": tr})
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one", when="2026-01-05T10:00:00+00:00")
    # committed together: fresh (git wins over the wrong recorded hash)
    assert not run_project(repo, files, "PS621")
    write(repo, {"en/prep.md": src.replace("midnight", "10 p.m.")})
    # uncommitted change to the source, translation untouched: stale
    (f,) = run_project(repo, files, "PS621")
    assert f.data["evidence"] == "git" and "uncommitted" in f.message
    assert f.match == "translation_of: ../en/prep.md"
    _git(repo, "commit", "-q", "-am", "two", when="2026-02-01T09:30:00+00:00")
    (f,) = run_project(repo, files, "PS621")
    assert "git history" in f.message and "2026-02-01" in f.message and "2026-01-05" in f.message
    write(repo, {"es/prep.md": tr.replace("Antes.", "Antes de su prueba.")})
    _git(repo, "commit", "-q", "-am", "three", when="2026-02-03T09:30:00+00:00")
    assert not run_project(repo, files, "PS621")
    # both with uncommitted changes: being updated together
    write(repo, {"en/prep.md": src, "es/prep.md": tr})
    assert not run_project(repo, files, "PS621")


@pytest.mark.skipif(not _git_ok(), reason="git is not installed")
def test_ps621_untracked_files_fall_back_to_the_hash(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    src = "# Before your test\n"
    files = write(repo, {"en/prep.md": src,
                         "es/prep.md": "---\nlang: es\nsource_hash: 000000000000\n---\nAntes.\n"})
    (f,) = run_project(repo, files, "PS621")
    assert f.data["evidence"] == "hash"


def test_project_bad_input_never_raises(tmp_path):
    files = write(tmp_path, {
        "en/a.md": "---\nvital: [1\n---\nx", "es/a.md": "---\ntranslation_of: {x: 1}\n---\n",
        "en/b.md": "---\ntranslation_of: ../../../../nowhere.md\nalternates: 5\n---\n",
        "en/c.html": "<html lang=", "fr/c.html": "\x00\x01binary", "en/d.txt": "",
        "catalog/es.json": "{\"a\": \"b\"}"})
    (tmp_path / "en" / "e.md").write_bytes(b"\xff\xfe\x00bad")
    files.append(str(tmp_path / "en" / "e.md"))
    files.append(str(tmp_path / "en" / "vanished.md"))

    def reader(p):
        try:
            return load(p, Path(p).read_bytes())
        except Exception:  # noqa: BLE001 - what the engine does: unreadable -> None
            return None

    for code in ("PS620", "PS621"):
        rule = rules().get(code)
        check = KINDS[rule.kind](rule, dict(rule.params))
        pctx = ProjectContext(files, tmp_path, Config(root=tmp_path),
                              read_catalog=lambda p: None, read_document=reader,
                              profile_for=lambda p: "letter")
        list(check.run_project(pctx))


def test_project_rules_through_the_engine(tmp_path):
    from lintkit import lint_tree
    got = lint_tree(tmp_path, {"letters/en/consent.md": CONSENT}, select=["PS620", "PS621"])
    assert [(f.code, f.match) for f in got] == [("PS620", "vital: true")]


def test_corpus_translation_pair_and_planted_vital_letter():
    files = [str(ROOT / "corpus" / "letters" / p) for p in
             ("en/flu-shot-reminder.md", "es/flu-shot-reminder.md", "procedure-consent.md",
              "appointment-reminder.txt")]
    got = run_project(ROOT, files, "PS620")
    assert [(Path(f.path).name, f.match) for f in got] == [("procedure-consent.md", "vital: true")]
    assert not run_project(ROOT, files, "PS621")       # the recorded source_hash is current
    assert not found((ROOT / "corpus/letters/es/flu-shot-reminder.md").read_text("utf-8"),
                     "PS640", "markdown", "letter")


def test_stale_copy_of_the_corpus_pair(tmp_path):
    for lang in ("en", "es"):
        (tmp_path / lang).mkdir()
        shutil.copy(ROOT / "corpus" / "letters" / lang / "flu-shot-reminder.md", tmp_path / lang)
    en = tmp_path / "en" / "flu-shot-reminder.md"
    en.write_text(en.read_text("utf-8").replace("555-0100", "555-0199"), encoding="utf-8")
    files = [str(en), str(tmp_path / "es" / "flu-shot-reminder.md")]
    (f,) = run_project(tmp_path, files, "PS621")
    assert f.path.endswith("es/flu-shot-reminder.md") and f.data["evidence"] in ("hash", "git")


def test_ps620_folders_named_like_languages_need_a_locale_sibling(tmp_path):
    # "hr" (Croatian, or human resources) alone is not a language folder: a vital form there
    # is a source document, so its missing translation is reported
    files = write(tmp_path, {"hr/forms/consent.md": CONSENT})
    (f,) = run_project(tmp_path, files, "PS620")
    assert f.data["expected"].endswith("hr/forms/consent.es.md")
    # next to en/ it is one: a Croatian translation, not a source
    files = write(tmp_path, {"site/en/consent.md": CONSENT, "site/es/consent.md": CONSENT_ES,
                             "site/hr/consent.md": "# Pristanak\n\nPotpišite obrazac.\n"})
    assert not run_project(tmp_path, files, "PS620")
