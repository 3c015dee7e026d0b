"""Medication safety and number rules (PS401-PS408): hits, near misses, positions and fixes.

Precision first: every rule has more near misses than hits. Each finding's match must be the
exact source slice, its line/column must point at it, and a fix must turn the text into the
expected plain wording.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from plainspeak.checks.safety import natural_frequency, read_date
from plainspeak.config import Config
from plainspeak.finding import Severity

from lintkit import lint


def run(text, code=None, fmt="text", profile=None, config=None):
    res = lint(text, fmt=fmt, profile=profile, select=[code] if code else ["PS4"],
               config=config)
    found = [f for f in res.findings if f.code.startswith("PS4")]
    for f in found:
        assert text[f.start:f.end] == f.match, (f.code, f.match)
        line = text.count("\n", 0, f.start) + 1
        col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        assert (f.line, f.column) == (line, col), f
        if f.fix is not None:
            assert (f.fix.start, f.fix.end) == (f.start, f.end), "fix must replace the span"
    return found


def matches(text, code, **kw):
    return [f.match for f in run(text, code, **kw) if f.code == code]


def fixed(text, code, **kw):
    out = text
    for f in sorted((f for f in run(text, code, **kw) if f.code == code and f.fix),
                    key=lambda f: -f.start):
        out = out[:f.fix.start] + f.fix.replacement + out[f.fix.end:]
    return out


def config(rules):
    return Config(root=Path.cwd(), rules=rules)


# --------------------------------------------------------------------------------- PS401

@pytest.mark.parametrize("text,expect", [
    ("Inject 10 U of insulin before breakfast.", ["U"]),
    ("Inject 10U before dinner.", ["U"]),
    ("Use 10 u of insulin.", ["u"]),
    ("Inject 8 U/day.", ["U"]),
    ("Take 1 tablet QD with food.", ["QD"]),
    ("Take 1 tablet qd.", ["qd"]),
    ("Take 1 tab q.d. with food.", ["q.d."]),
    ("Take 1 tablet Q.D. Then rest.", ["Q.D"]),          # the full stop is not part of it
    ("Take 1 tablet QOD.", ["QOD"]),
    ("Take 1 tablet q.o.d. in the morning.", ["q.o.d."]),
    ("Take 1000 IU of vitamin D.", ["IU"]),
    ("Take 400IU daily.", ["IU"]),
    ("How many IU of vitamin D do I need?", ["IU"]),
    ("Take MS 15 mg every 4 hours.", ["MS"]),
    ("Give 10 mg MS for pain.", ["MS"]),
    ("Take MS as needed for pain.", ["MS"]),
    ("You were given MgSO4 and MSO4.", ["MgSO4", "MSO4"]),
    ("Write MS04 in full.", ["MS04"]),
])
def test_ps401_hits(text, expect):
    assert matches(text, "PS401") == expect


@pytest.mark.parametrize("text", [
    "People with MS can take part in the study.",
    "We give MS patients a checklist.",
    "Take MS Contin 15 mg every 12 hours.",
    "Jackson, MS 39201",
    "Jane Doe, MS, RD, is our dietitian.",
    "The U.S. has 50 states.",
    "Make a U-turn at the light.",
    "Choose answer A, B or U.",
    "Your ALT was 40 U/L.",
    "Room 4 U is on the left.",
    "IU Health is our partner hospital.",
    "Take 1 tablet daily.",
    "Take 1 tablet 4 times a day (q.d.s.).",
    "Take 1 tablet qid.",
    'Never write "QD"; write "daily".',
    "Never write “U”: write “units”.",
    "Inject 10 units of insulin.",
])
def test_ps401_near_misses(text):
    assert matches(text, "PS401") == []


@pytest.mark.parametrize("text,expect", [
    ("Inject 10 U of insulin.", "Inject 10 units of insulin."),
    ("Inject 10U now.", "Inject 10 units now."),
    ("Inject 1 U now.", "Inject 1 unit now."),
    ("Take 1 tablet QD.", "Take 1 tablet daily."),
    ("Take 1 tablet Q.D. Then rest.", "Take 1 tablet daily. Then rest."),
    ("Take 1 tab q.o.d. with food.", "Take 1 tab every other day with food."),
    ("Take 1000 IU of vitamin D.", "Take 1000 International Units of vitamin D."),
    ("You were given MgSO4.", "You were given magnesium sulfate."),
    ("Take MS 15 mg.", "Take MS 15 mg."),                # MS: morphine or magnesium? no fix
])
def test_ps401_fixes(text, expect):
    assert fixed(text, "PS401") == expect


def test_ps401_is_an_error_in_every_profile():
    for profile in ("letter", "web", "portal"):
        f = run("Take 1 tablet QD.", "PS401", profile=profile)
        assert [x.severity for x in f] == [Severity.ERROR]


def test_ps401_message_and_suggestions():
    f, = run("Take MS 15 mg now.", "PS401")
    assert f.suggestions == ("morphine sulfate", "magnesium sulfate")
    assert '"MS"' in f.message and "Do Not Use" in f.message and "{" not in f.message


def test_ps401_skip_param():
    cfg = config({"PS401": {"params": {"skip": ["IU"]}}})
    assert matches("Take 1000 IU daily and 1 tablet QD.", "PS401", config=cfg) == ["QD"]


# --------------------------------------------------------------------------------- PS402/403

@pytest.mark.parametrize("text,expect", [
    ("Take 5.0 mg of warfarin.", ["5.0"]),
    ("Give 1.50 mL by mouth.", ["1.50"]),
    ("Take 2.0 tablets.", ["2.0"]),
    ("Take 10.00mg.", ["10.00"]),
    ("Take 1,000.0 mg daily.", ["1,000.0"]),
    ("Inject 4.0 units.", ["4.0"]),
])
def test_ps402_hits(text, expect):
    assert matches(text, "PS402") == expect


@pytest.mark.parametrize("text", [
    "Take 5 mg of warfarin.",
    "Take 2.5 mg each morning.",
    "Your pH was 7.0.",
    "Your A1C was 7.0%.",
    "We used a size 8.0 tube.",
    "Your hemoglobin was 12.0 g/dL.",
    "Your glucose was 5.0 mmol/L.",
    "Your INR was 2.0 units on Monday.",
    "Walk 2.0 miles a day.",
    "Version 1.0 of the app.",
    "Install v1.0 mg tracker.",
])
def test_ps402_near_misses(text):
    assert matches(text, "PS402") == []


@pytest.mark.parametrize("text,expect", [
    ("Take 5.0 mg.", "Take 5 mg."),
    ("Give 1.50 mL.", "Give 1.5 mL."),
    ("Take 10.00mg.", "Take 10mg."),
])
def test_ps402_fixes(text, expect):
    assert fixed(text, "PS402") == expect


def test_ps402_message_names_the_misreading():
    f, = run("Take 5.0 mg.", "PS402")
    assert "50" in f.message and f.suggestions == ("5",)


def test_ps402_exceptions_param():
    cfg = config({"PS402": {"params": {"exceptions_before": ["dose"]}}})
    assert matches("Dose 5.0 mg.", "PS402", config=cfg) == []
    assert matches("Dose 5.0 mg.", "PS402") == ["5.0"]


@pytest.mark.parametrize("text,expect", [
    ("Take .5 mg at bedtime.", [".5"]),
    ("Give .25 mL.", [".25"]),
    ("(.5 mg) at night.", [".5"]),
])
def test_ps403_hits(text, expect):
    assert matches(text, "PS403") == expect


@pytest.mark.parametrize("text", [
    "Take 0.5 mg at bedtime.",
    "Take 2.5 mg.",
    "The .5 inch cut healed well.",
    "Your pH was .5 higher.",
    "Visit example.5mg.com",
    "Version 1.5 mg",
])
def test_ps403_near_misses(text):
    assert matches(text, "PS403") == []


@pytest.mark.parametrize("text,expect", [
    ("Take .5 mg.", "Take 0.5 mg."),
    ("Take .50 mg.", "Take 0.5 mg."),          # and no trailing zero
])
def test_ps403_fixes(text, expect):
    assert fixed(text, "PS403") == expect


# --------------------------------------------------------------------------------- PS404

@pytest.mark.parametrize("text,expect", [
    ("Inject 5 cc into the muscle.", ["cc"]),
    ("Draw up 5cc.", ["cc"]),
    ("Run at 5 cc/hour.", ["cc"]),
    ("Take 50 µg every morning.", ["µg"]),
    ("Take 50ug daily.", ["ug"]),
    ("Give 2 µg/kg.", ["µg"]),
    ("D/C your aspirin before surgery.", ["D/C"]),
    ("Take 1 tablet HS.", ["HS"]),
    ("Take 1 tablet hs.", ["hs"]),
    ("Take 1 tablet qhs.", ["qhs"]),
    ("Take 1 tab q.h.s. with food.", ["q.h.s."]),
    ("Take 1 tablet qn.", ["qn"]),
    ("Inject 10 units SC before meals.", ["SC"]),
    ("Inject 10 units SQ.", ["SQ"]),
    ("Give the shot subq.", ["subq"]),
    ("Inject sub-q once a week.", ["sub-q"]),
    ("Put 1 drop in OD every morning.", ["OD"]),
    ("Take 1 tablet OD.", ["OD"]),
    ("Use 2 drops OS.", ["OS"]),
    ("Put 1 drop OU twice a day.", ["OU"]),
    ("Use 2 drops AU twice a day.", ["AU"]),
    ("Put 3 drops AD at night.", ["AD"]),
    ("Use 1 drop AS.", ["AS"]),
    ("Take 1 tablet TIW.", ["TIW"]),
    ("Inject 1 dose BIW.", ["BIW"]),
    ("Give naloxone 4 mg IN now.", ["IN"]),
    ("Use 1 spray IN each nostril twice a day.", ["IN"]),
    ("Use SSI for 4 units of insulin.", ["SSI"]),
    ("Take HCT 25 mg daily.", ["HCT"]),
    ("Take HCTZ every morning.", ["HCTZ"]),
    ("Take 1 tablet q1d.", ["q1d"]),
    ("Take 1 tablet @ bedtime.", ["@"]),
    ("Take 2 tablets & call us.", ["&"]),
    ("If sugar > 300, inject 4 units.", [">"]),
    ("Inject 4 units if sugar <70.", ["<"]),
])
def test_ps404_hits(text, expect):
    assert matches(text, "PS404") == expect


@pytest.mark.parametrize("text", [
    "cc: Dr. Smith",
    "CC: Patient file",
    "Take 1 tablet as needed.",
    "Use ear drops as directed.",
    "Use ear drops AS directed.",
    "TAKE 1 TABLET BY MOUTH AS NEEDED.",
    "PUT 1 DROP IN EACH EYE.",
    "PUT 2 SPRAYS IN EACH NOSTRIL.",
    "Put 2 sprays in each nostril.",
    "Dear Mr. Hs, take 1 tablet daily.",
    "An HS diploma is not needed.",
    "Our office is in Columbia, SC 29201.",
    "Take exit 5 to Columbia, SC.",
    "Indianapolis, IN 46202",
    "If you take too much, you may OD.",
    "Eye drops help uveitis in AS.",
    "Pain in AS is common; take your medicine.",
    "OD is a common abbreviation.",
    "Take antibiotics to prevent SSI.",
    "Your HCT was 40%.",
    "Johnson & Johnson makes this vaccine; take 1 dose.",
    "Questions & answers about your visit.",
    "Email us @ the clinic.",
    "Your A1C should be < 7%.",
    "Low serum copper (<10 ug/dL) is common; take 2 tablets.",
    "The MIC is 4-8µg/ml.",
    "We can help you get ready & apply.",
    "Take with food & water.",             # symbols need a number + dose unit in the clause
    "Scores > 5 mean you should call us.",
    "We will vaccinate you and access your drug list.",
    "He lives in the suburbs; his son is a sub quarterback.",
    "Say it in English: “OD” means right eye.",
])
def test_ps404_near_misses(text):
    assert matches(text, "PS404") == []


@pytest.mark.parametrize("text,expect", [
    ("Inject 5 cc now.", "Inject 5 mL now."),
    ("Take 50 µg daily.", "Take 50 micrograms daily."),
    ("Take 1 µg daily.", "Take 1 microgram daily."),
    ("Take 50ug daily.", "Take 50 micrograms daily."),
    ("Take 1 tablet qhs.", "Take 1 tablet nightly at bedtime."),
    ("Take 1 tablet qhs with food.", "Take 1 tablet nightly at bedtime with food."),
    ("Take 1 tablet TIW.", "Take 1 tablet 3 times a week."),
    ("Take 1 tablet @ bedtime.", "Take 1 tablet at bedtime."),
    ("Take 2 tablets & call us.", "Take 2 tablets and call us."),
    ("If sugar > 300, inject 4 units.", "If sugar more than 300, inject 4 units."),
    ("Inject 4 units if sugar <70.", "Inject 4 units if sugar less than 70."),
    ("Take HCTZ 25 mg.", "Take hydrochlorothiazide 25 mg."),
])
def test_ps404_fixes(text, expect):
    assert fixed(text, "PS404") == expect


@pytest.mark.parametrize("text", [
    "Put 1 drop in OD.",                 # right eye or once daily?
    "D/C your aspirin.",                 # discharge or stop?
    "Take 1 tablet HS.",                 # bedtime or half-strength?
    "Inject 10 units SC.",               # "SC injection" would become "under the skin injection"
    "Take 1 tablet qhs dosing.",         # not at the end of a phrase
])
def test_ps404_no_unsafe_fix(text):
    found = run(text, "PS404")
    assert found and all(f.fix is None for f in found)


def test_ps404_is_a_warning_with_suggestions():
    f, = run("Put 1 drop in OD.", "PS404")
    assert f.severity == Severity.WARNING
    assert f.suggestions == ("right eye", "once daily")


def test_ps404_skip_param():
    cfg = config({"PS404": {"params": {"skip": ["cc"]}}})
    assert matches("Inject 5 cc, then 1 drop OU.", "PS404", config=cfg) == ["OU"]


def test_ps404_dose_context_is_per_clause():
    # "take" in another sentence does not make "OD" a dose
    assert matches("Take 1 tablet. Drops: see OD.", "PS404") == []
    assert matches("Eye drops: put 1 drop in OD.", "PS404") == ["OD"]


# --------------------------------------------------------------------------------- PS405

@pytest.mark.parametrize("text,expect", [
    ("Your appointment is on 03/04/2026 at 9 a.m.", ["03/04/2026"]),
    ("Your next dose is due 3/4/26.", ["3/4/26"]),
    ("Come back on 03-04-2026.", ["03-04-2026"]),
    ("Come back on 3.4.2026.", ["3.4.2026"]),
    ("Your test is on 2026-03-04.", ["2026-03-04"]),
    ("Your test is on 2026/03/04.", ["2026/03/04"]),
    ("Born 12/31/1955.", ["12/31/1955"]),
    ("From 03/04/2026 to 3/5/2026.", ["03/04/2026", "3/5/2026"]),
    ("Your appointment on 4/12 has been moved.", ["4/12"]),
    ("We are closed until 12/24, then open again.", ["12/24"]),
])
def test_ps405_hits(text, expect):
    assert matches(text, "PS405") == expect


@pytest.mark.parametrize("text", [
    "Take 1/2 tablet at bedtime.",
    "Take 1/4 of a tablet.",
    "Your blood pressure was 120/80.",
    "Rate your pain: today it is 3/10.",
    "Call 1-800-555-0100 to book.",
    "Your Social Security number is 123-45-6789.",
    "Your appointment is on March 4, 2026.",
    "Use version 1.2.2026 of the app.",
    "The code 13/13/2026 is not a date.",
    "The result was 1990-13-01.",
    "Take 2.5 mg on 3.4 days a week.",
    "Start on 1/2 tablet a day.",        # no year: only after a date word, at a phrase end
    "Cut your dose by 1/3.",
    "Mix 3/4 cup of water with the powder.",
    "Our nurse line is open 24/7.",
    "On 13/13 nothing happens.",
])
def test_ps405_near_misses(text):
    assert matches(text, "PS405") == []


def test_ps405_message_explains_both_readings():
    f, = run("Come on 03/04/2026.", "PS405")
    assert "March 4" in f.message and "3 April" in f.message
    assert f.suggestions == ("March 4, 2026",)
    assert f.fix is None                 # two readings: no automatic fix


def test_ps405_uk_locale():
    cfg = config({"PS405": {"params": {"locale": "uk"}}})
    f, = run("Come on 03/04/2026.", "PS405", config=cfg)
    assert f.suggestions == ("3 April 2026",)


@pytest.mark.parametrize("text,expect", [
    ("On 25/12/2026.", "On December 25, 2026."),       # only one reading is a date
    ("On 4/4/2026.", "On April 4, 2026."),
    ("On 2026-03-04.", "On March 4, 2026."),
    ("On 03/04/2026.", "On 03/04/2026."),               # ambiguous: no fix
    ("On 12/31/55.", "On 12/31/55."),                   # two-digit year: century is a guess
])
def test_ps405_fixes(text, expect):
    assert fixed(text, "PS405") == expect


def test_ps405_severity_per_profile():
    text = "Come on 03/04/2026."
    assert run(text, "PS405", profile="letter")[0].severity == Severity.ERROR
    assert run(text, "PS405", profile="portal")[0].severity == Severity.ERROR
    assert run(text, "PS405", profile="web")[0].severity == Severity.WARNING


def test_ps405_year_first_is_info_and_can_be_turned_off():
    f, = run("Come on 2026-03-04.", "PS405", profile="letter")
    assert f.severity == Severity.INFO
    cfg = config({"PS405": {"params": {"year_first_severity": None}}})
    assert matches("Come on 2026-03-04.", "PS405", config=cfg) == []


@pytest.mark.parametrize("groups,expect", [
    ({"a": "03", "b": "04", "y2": "2026"}, ("March 4, 2026", True)),
    ({"a": "13", "b": "04", "y2": "2026"}, ("April 13, 2026", False)),
    ({"a": "2", "b": "29", "y2": "2024"}, ("February 29, 2024", False)),
    ({"y1": "2026", "m1": "12", "d1": "01"}, ("December 1, 2026", False)),
])
def test_read_date(groups, expect):
    sugg, _problem, ambiguous, _ = read_date(groups)
    assert (sugg.split(" (if")[0], ambiguous) == expect


def test_read_date_rejects_impossible_dates():
    assert read_date({"a": "2", "b": "29", "y2": "2025"}) is None
    assert read_date({"a": "13", "b": "13", "y2": "2026"}) is None


# --------------------------------------------------------------------------------- PS406

@pytest.mark.parametrize("pct,expect", [
    (14, "about 1 in 7"), (14.3, "about 1 in 7"), (50, "1 in 2 (half)"), (25, "1 in 4"),
    (20, "1 in 5"), (10, "1 in 10"), (1, "1 in 100"), (2, "1 in 50"), (0.5, "1 in 200"),
    (0.1, "1 in 1,000"), (3, "3 in 100"), (30, "3 in 10"), (75, "3 in 4"), (90, "9 in 10"),
    (33, "about 1 in 3"), (67, "about 2 in 3"), (12.5, "1 in 8"), (0.3, "3 in 1,000"),
    (0.01, "1 in 10,000"), (0, None), (100, None), (150, None),
])
def test_natural_frequency(pct, expect):
    assert natural_frequency(pct) == expect


@pytest.mark.parametrize("text,expect", [
    ("About 14% of people get a headache.", ["14%"]),
    ("The risk is 14.3 percent.", ["14.3 percent"]),
    ("About 3 % of people have a rash.", ["3 %"]),
    ("Half (50%) of people feel better.", ["50%"]),
])
def test_ps406_hits(text, expect):
    assert matches(text, "PS406") == expect


@pytest.mark.parametrize("text", [
    "About 1 in 7 people get a headache.",
    "This vaccine is 100% free.",
    "0% of people had side effects.",
    "Income up to 138% of the poverty level.",
    "Keep your A1C below 7%.",
    "Keep your A1C under 7 percent.",
    "Hemoglobin A1c: 7.8% (goal less than 7%).",
    "Drink 2% milk.",
    "Use 1% hydrocortisone cream.",
    "Lindane shampoo 1% is approved for head lice.",
    "The plan has a medical loss ratio of 80%.",
    "You pay 20% of the cost.",
    "You pay 20% coinsurance.",
    "Save 20% on your first order.",
    "The vaccine is 95% effective.",
    "This lowers your risk of a stroke by 30%.",
    "You are 20% more likely to fall.",
])
def test_ps406_near_misses(text):
    assert matches(text, "PS406") == []


def test_ps406_skips_table_cells():
    md = "| Side effect | Chance |\n|---|---|\n| Headache | 14% |\n"
    assert matches(md, "PS406", fmt="markdown") == []
    html = "<table><tr><td>Headache</td><td>14%</td></tr></table><p>About 14% of people.</p>"
    assert matches(html, "PS406", fmt="html") == ["14%"]


def test_ps406_suggestion_and_no_fix():
    f, = run("About 14% of people get a headache.", "PS406")
    assert f.suggestions == ("about 1 in 7",) and f.fix is None
    assert "about 1 in 7" in f.message


def test_ps406_masked_fields_and_urls_are_not_percentages():
    assert matches("Your score is %(score)s today.", "PS406") == []
    assert matches("See https://example.org/a%20b for more.", "PS406") == []


# --------------------------------------------------------------------------------- PS407

@pytest.mark.parametrize("text,expect", [
    ("Take 2-3 tablets a day.", ["2-3"]),
    ("Take 2–3 tablets a day.", ["2–3"]),
    ("We are open 8am–5pm.", ["8am–5pm"]),
    ("We are open 8-5.", ["8-5"]),
    ("Open 9 a.m.–5 p.m. daily.", ["9 a.m.–5 p.m."]),
    ("Call between 8:30-5:00.", ["8:30-5:00"]),
    ("Open Mon–Fri.", ["Mon–Fri"]),
    ("Call us Monday-Friday.", ["Monday-Friday"]),
    ("Call us Monday - Friday.", ["Monday - Friday"]),
    ("Open Tue-Thu only.", ["Tue-Thu"]),
    ("Adults aged 18-64 can apply.", ["18-64"]),
    ("Walk 7,000-10,000 steps.", ["7,000-10,000"]),
    ("Take 2.5-5 mg.", ["2.5-5"]),
    ("Benefits last (1–36 months).", ["1–36"]),
])
def test_ps407_hits(text, expect):
    assert matches(text, "PS407") == expect


@pytest.mark.parametrize("text", [
    "Take 2 to 3 tablets a day.",
    "Call 1-800-555-0100 or 555-0100.",
    "Call (555) 555-0100.",
    "Mail it to 20001-1234.",
    "Your test is on 2026-03-04.",
    "Come on 03-04-2026.",
    "Get a COVID-19 vaccine.",
    "Our 24-hour line is open.",
    "You need an x-ray.",
    "Go to Suite 2-B.",
    "It was -5 degrees.",
    "Work out 5 - 3 = 2.",
    "Fill out VA Form 21-0966 or Form 22-1999.",
    "See VA Forms 21-526 and 21-674.",
    "Public Law 110-181 applies.",
    "Our team won 3-2.",
    "A 2-3-day course.",
    "Take 1-1/2 tablets.",
    "Avoid sun-damaged skin.",
    "Call 1-800 QUITNOW for help.",
    "The OMB Memo 10-22 explains cookies.",
    "Each child has a 50-50 chance.",
])
def test_ps407_near_misses(text):
    assert matches(text, "PS407") == []


@pytest.mark.parametrize("text,expect", [
    ("Take 2-3 tablets.", "Take 2 to 3 tablets."),
    ("Open 8am–5pm.", "Open 8am to 5pm."),
    ("Open Mon–Fri.", "Open Monday to Friday."),
    ("Open Mon.–Fri. only.", "Open Monday to Friday only."),
    ("Open Monday - Friday.", "Open Monday to Friday."),
])
def test_ps407_fixes(text, expect):
    assert fixed(text, "PS407") == expect


def test_ps407_skips_table_cells():
    md = "| Day | Hours |\n|---|---|\n| Mon–Fri | 8-5 |\n"
    assert matches(md, "PS407", fmt="markdown") == []


def test_ps407_html_entity_fix():
    html = "<p>Open 8am&ndash;5pm.</p>"
    f, = run(html, "PS407", fmt="html")
    assert f.match == "8am&ndash;5pm"
    assert f.fix.replacement == "8am to 5pm"


def test_ps407_no_fix_across_markup():
    md = "Take **2**-3 tablets."
    found = run(md, "PS407", fmt="markdown")
    assert [f.fix for f in found] == [None] * len(found)


# --------------------------------------------------------------------------------- PS408

@pytest.mark.parametrize("text,expect", [
    ("Do not eat after 12am.", ["12am"]),
    ("Your scan is at 12 p.m. on Monday.", ["12 p.m."]),
    ("Your scan is at 12 p.m. Then rest.", ["12 p.m"]),
    ("Arrive by 12:00 PM.", ["12:00 PM"]),
    ("Arrive at 17:30 for your test.", ["17:30"]),
    ("The clinic opens at 08:00.", ["08:00"]),
    ("The clinic opens at 0800hrs.", ["0800hrs"]),
    ("Arrive at 1730 hrs.", ["1730 hrs"]),
    ("Fast from 0000 hours.", ["0000 hours"]),
    ("Drink the first half at 1800 the evening before.", ["1800"]),
    ("Open 12pm-1900 on Fridays.", ["12pm", "1900"]),
    ("Visiting hours are 0800-1700.", ["0800", "1700"]),
])
def test_ps408_hits(text, expect):
    assert matches(text, "PS408") == expect


@pytest.mark.parametrize("text", [
    "Do not eat after midnight.",
    "Arrive at 9:30 a.m.",
    "Your scan is at 12 noon.",
    "Call between 10:30 and 11:00.",
    "Arrive at 12:30 pm.",
    "Read John 3:16.",
    "The ratio 16:9 is common.",
    "The time 25:00 does not exist.",
    "Take 12 tablets.",
    "Your score was 17:30 against 10.",
    "It took 1:17:30 to finish.",
    "A gene variant called HLA-DRB1*04:04.",
    "Meet us at 1800 Main Street.",
    "The trail starts at 2000 feet.",
    "In 2019-2020 more people got a flu shot.",
    "Call 1-800-555-0100 or 555-0100.",
    "Fill out VA Form 22-1999.",
])
def test_ps408_near_misses(text):
    assert matches(text, "PS408") == []


@pytest.mark.parametrize("text,expect", [
    ("Do not eat after 12am.", "Do not eat after midnight."),
    ("Lunch is at 12 p.m. Then rest.", "Lunch is at noon. Then rest."),
    ("Arrive at 17:30 today.", "Arrive at 5:30 p.m. today."),
    ("Opens at 0800hrs.", "Opens at 8 a.m.."),
    ("Opens at 1200 hours.", "Opens at noon."),
    ("Closes at 00:30.", "Closes at 12:30 a.m.."),
    ("Drink it at 1800 tonight.", "Drink it at 6 p.m. tonight."),
])
def test_ps408_fixes(text, expect):
    assert fixed(text, "PS408") == expect


def test_ps408_uk_locale():
    cfg = config({"PS408": {"params": {"locale": "uk"}}})
    f, = run("Arrive at 17:30.", "PS408", config=cfg)
    assert f.suggestions == ("5:30pm",)


# --------------------------------------------------------------------------------- all rules

def test_markup_positions_html_and_markdown():
    html = "<p>Take <b>1</b> tablet QD &amp; 5.0 mg on 03/04/2026.</p>"
    found = run(html, fmt="html")
    assert {f.code: f.match for f in found} == {
        "PS401": "QD", "PS402": "5.0", "PS404": "&amp;", "PS405": "03/04/2026"}
    amp = next(f for f in found if f.code == "PS404")
    assert amp.fix.replacement == "and"
    md = "# Dose\n\n- Take *1* tablet **QD**.\n- Inject 10 U.\n"
    found = run(md, fmt="markdown")
    assert [(f.code, f.match, f.line) for f in found] == [("PS401", "QD", 3),
                                                           ("PS401", "U", 4)]


def test_code_and_template_fields_are_ignored():
    md = "Type `QD` or `5.0 mg` in the box. Your dose is {{ dose }} U.\n"
    assert run(md, fmt="markdown") == []


def test_every_finding_message_is_filled():
    text = ("Take 1 tablet QD. Take 5.0 mg. Take .5 mg. Put 1 drop in OD. Come on 03/04/2026. "
            "About 14% of people. Take 2-3 tablets. Arrive at 17:30.")
    found = run(text)
    assert sorted({f.code for f in found}) == [f"PS40{i}" for i in range(1, 9)]
    for f in found:
        assert "{" not in f.message and f.message.strip()
        assert f.category == "safety"
