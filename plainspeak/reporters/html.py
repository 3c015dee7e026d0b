"""HTML report: one self-contained, accessible page for people who edit the content.

    plainspeak check letters/ site/ --format html --output report.html

The page holds a summary (documents, findings by category and severity, reading score per
document), two inline SVG charts with text alternatives (reading score against the target;
findings by category), the most frequent jargon (PS3xx) and inclusive-wording (PS5xx) terms
with their suggestions, and, for each document with findings, its text with every finding
highlighted in place.

Self-contained: no request of any kind (no CDN, fonts, images or links out); inline CSS, SVG
and one small script, all pinned by a Content-Security-Policy whose ``default-src 'none'``
forbids every fetch. Pure: nothing is read from disk or the clock; ``sources`` (path -> the
text that line and column refer to, as the CLI builds it for the text format) supplies the
documents' text, and only for documents with findings is that text shown.

Highlighting: each finding with a position is wrapped in ``<mark data-finding="N">`` (N is the
finding's index in the run, the same as its index in the JSON output's ``findings``), keyboard
reachable (``tabindex="0"``) and described by its note (``aria-describedby``); the note shows
on hover and on focus. Overlapping findings nest; when two cross, the one that closes later is
continued in a second element (``data-cont``) so the markup stays well formed; the first
element is the finding's only focusable mark. Findings about the whole document (scope
``file`` or ``document``), with an empty match, or whose position cannot be found in the text
are listed above the text (``<li data-finding="N">``).
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from collections import Counter

from .. import __version__
from ..finding import CATEGORIES

SEVERITIES = ("error", "warning", "info")

# category -> (letter shown on each mark, label, underline style)
CATEGORY_INFO = {
    "readability": ("R", "Reading level", "double"),
    "structure": ("S", "Sentences and structure", "dotted"),
    "jargon": ("J", "Jargon and plain words", "wavy"),
    "safety": ("M", "Numbers and medication safety", "solid"),
    "inclusive": ("I", "Inclusive wording", "dashed"),
    "translation": ("T", "Translation and language access", "double"),
    "accessibility": ("A", "Content accessibility", "dashed"),
    "system": ("F", "Problems with files", "dotted"),
}
# category -> (light tint behind marked text, dark tone for underlines, letters and bars);
# #111 text on every tint is above 15:1, white on every dark tone above 4.5:1.
CATEGORY_COLORS = {
    "readability": ("#efe8fb", "#5b3c99"),
    "structure": ("#e3eefa", "#1f5f9e"),
    "jargon": ("#fff0b3", "#7a5600"),
    "safety": ("#fde2e2", "#b02a30"),
    "inclusive": ("#dcf2e2", "#2e6b3e"),
    "translation": ("#d9f1f1", "#17696a"),
    "accessibility": ("#fbe3f3", "#9a2d78"),
    "system": ("#ececec", "#555555"),
}
SHORT_LABELS = {"readability": "Reading level", "structure": "Structure", "jargon": "Jargon",
                "safety": "Numbers, safety", "inclusive": "Inclusive", "translation": "Translation",
                "accessibility": "Accessibility", "system": "Files"}
METRIC_LABELS = {
    "smog": "SMOG grade",
    "fernandez_huerta": "Fern\u00e1ndez Huerta",
    "szigriszt_pazos": "INFLESZ",
}
# the score drawn in the reading chart, by the first one present in a document's scores
CHART_METRICS = ("smog", "fernandez_huerta")
# targets when no rules are given (the defaults of rules/readability.yml)
DEFAULT_TARGETS = {"smog": (8, True), "fernandez_huerta": (70, False),
                   "szigriszt_pazos": (55, False)}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
DOCUMENT_SCOPES = ("file", "document")
TOP_TERMS = 15

_CSS = """
:root{--text:#1b1b1b;--muted:#4a4a4a;--line:#c9c9c9;--link:#0b4f9c;--focus:#0b4f9c;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;color:var(--text);background:var(--bg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,mark.m:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-4rem;background:#fff;color:var(--link);padding:.5rem .75rem;border:2px solid var(--focus);z-index:10}
.skip:focus{top:.5rem}
.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
header.top{background:#12344d;color:#fff;padding:1.1rem 1.5rem}
header.top h1{margin:0;font-size:1.6rem;line-height:1.2}
header.top p{margin:.35rem 0 0}
.layout{display:grid;grid-template-columns:15rem minmax(0,1fr);gap:2rem;max-width:84rem;margin:0 auto;padding:0 1.5rem 3rem}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:1.25rem 0;font-size:.92rem}
nav.toc h2{font-size:1rem;margin:0 0 .5rem}
nav.toc ul{list-style:none;margin:0;padding:0}
nav.toc ul ul{padding-left:.9rem;margin:.2rem 0 .4rem}
nav.toc li{margin:.2rem 0;overflow-wrap:anywhere}
main{min-width:0;padding-top:.5rem}
main:focus{outline:none}
h2{font-size:1.4rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid #12344d}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem;overflow-wrap:anywhere}
h4{font-size:1rem;margin:1rem 0 .4rem}
.figures{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;margin:0 0 1rem;padding:0}
.figures li{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:8.5rem}
.figures strong{display:block;font-size:1.5rem;line-height:1.2}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1.5rem;align-items:start}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.94rem;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .55rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:0 0 1rem}
figcaption{color:var(--muted);font-size:.9rem}
svg.chart{display:block;max-width:100%;height:auto}
svg.chart text{fill:#1b1b1b;font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.muted{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;list-style:none;padding:0;margin:.5rem 0 1rem}
.doc{border-top:1px solid var(--line);margin-top:1.5rem}
.meta{color:var(--muted);margin:.25rem 0 .75rem}
ul.whole{padding-left:1.2rem}
ul.whole li{margin:.3rem 0}
pre.src{white-space:pre-wrap;overflow-wrap:anywhere;font:.97rem/2.05 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#fcfcfc;border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.5rem 0 1rem}
mark.m{color:#111;border-radius:2px;padding:1px 1px;text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:.22em;-webkit-box-decoration-break:clone;box-decoration-break:clone;cursor:help}
mark.m:not(.cont)::before{content:attr(data-letter);content:attr(data-letter) / "";display:inline-block;font-size:.66em;font-weight:700;line-height:1.35;color:#fff;border-radius:3px;padding:0 .28em;margin-right:.18em;vertical-align:.3em;text-decoration:none}
.key{display:inline-block;font-size:.8em;font-weight:700;color:#fff;border-radius:3px;padding:0 .35em;margin-right:.3em}
mark.s-error{text-decoration-thickness:3px}
details.all{margin:.25rem 0 1rem}
details.all summary{cursor:pointer;color:var(--link)}
details.all ol{padding-left:1.5rem}
details.all li{margin:.3rem 0}
.sev{font-weight:700}
.tip{position:absolute;z-index:20;max-width:min(32rem,90vw);background:#fff;color:var(--text);border:2px solid #12344d;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.25);padding:.5rem .75rem;font-size:.93rem;line-height:1.45}
.tip[hidden]{display:none}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:2.5rem;padding-top:.75rem}
@media (max-width:60rem){.layout{grid-template-columns:minmax(0,1fr)}nav.toc{position:static;max-height:none}}
@media print{nav.toc,.skip{display:none}.layout{display:block}details.all{display:block}}
""" + "".join(
    f"mark.c-{c}{{background:{tint};text-decoration-color:{dark};text-decoration-style:{style}}}\n"
    f"mark.c-{c}::before,.key.c-{c}{{background:{dark}}}\n"
    for c, (tint, dark) in CATEGORY_COLORS.items()
    for style in (CATEGORY_INFO[c][2],))

_JS = """(function(){
var tip=document.getElementById('tip');if(!tip)return;var cur=null;
function markOf(el){return el&&el.closest?el.closest('mark[data-finding]'):null;}
function show(m){var n=document.getElementById('n'+m.getAttribute('data-finding'));if(!n)return;
var c=n.cloneNode(true);c.removeAttribute('id');tip.replaceChildren(c);tip.hidden=false;cur=m;
var r=m.getClientRects()[0]||m.getBoundingClientRect();var w=tip.offsetWidth;
var vw=document.documentElement.clientWidth;var left=Math.max(8,Math.min(r.left,vw-w-8));
tip.style.left=(left+window.scrollX)+'px';tip.style.top=(r.bottom+window.scrollY+2)+'px';}
function hide(){tip.hidden=true;cur=null;}
document.addEventListener('focusin',function(e){var m=markOf(e.target);if(m)show(m);else hide();});
document.addEventListener('focusout',function(e){if(markOf(e.target)&&!markOf(e.relatedTarget))hide();});
document.addEventListener('mouseover',function(e){var m=markOf(e.target);if(m){if(m!==cur)show(m);}
else if(cur&&!tip.contains(e.target)&&document.activeElement!==cur)hide();});
document.addEventListener('keydown',function(e){if(e.key==='Escape'&&!tip.hidden)hide();});
})();"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


CSP = ("default-src 'none'; " f"style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}; "
       "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; "
       "object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
       "base-uri 'none'; form-action 'none'")


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _fmt(x: float) -> str:
    return f"{x:.1f}"


# ------------------------------------------------------------------------------ model

class _Doc:
    """One linted file: its findings (with their run-wide index), statistics and text."""

    def __init__(self, number: int, result, first_index: int, source: str | None):
        self.number = number
        self.path = result.path
        self.stats = result.stats or None
        self.findings = [(first_index + k, f) for k, f in enumerate(result.findings)]
        self.source = source
        self.anchor = f"doc-{number}"

    @property
    def shown(self) -> bool:
        return bool(self.findings)

    @property
    def language(self) -> str:
        return str((self.stats or {}).get("language") or "")

    @property
    def profile(self) -> str:
        return str((self.stats or {}).get("profile") or "")

    def scores(self) -> dict:
        s = self.stats or {}
        if not s.get("graded"):
            return {}
        return s.get("scores") or {}

    def chart_metric(self) -> str | None:
        scores = self.scores()
        return next((m for m in CHART_METRICS if isinstance(scores.get(m), (int, float))), None)


def _rule_list(rules):
    if rules is None:
        return None
    return list(getattr(rules, "rules", rules))


def _target(doc: _Doc, metric: str, rules) -> tuple[float, bool] | None:
    """(target, higher_is_harder) for ``metric`` in ``doc``'s profile, or None (rule off)."""
    t = ((doc.stats or {}).get("targets") or {}).get(metric) if hasattr(doc, "stats") else None
    if isinstance(t, dict) and isinstance(t.get("target"), (int, float)):
        return t["target"], bool(t.get("higher_is_harder", True))   # the thresholds in force
    for _, f in doc.findings:     # the run's own threshold (configuration overrides included)
        d = f.data or {}
        if f.code.startswith("PS1") and d.get("metric") == metric and \
                isinstance(d.get("target"), (int, float)):
            return d["target"], bool(d.get("higher_is_harder", True))
    if rules is None:
        if doc.profile == "portal":
            return None
        return DEFAULT_TARGETS.get(metric)
    for r in rules:
        if r.kind != "reading-grade" or r.params.get("metric") != metric:
            continue
        if doc.profile and not r.enabled_in(doc.profile):
            return None
        p = r.params_for(doc.profile) if doc.profile else dict(r.params)
        if isinstance(p.get("warn"), (int, float)):
            return p["warn"], bool(p.get("higher_is_harder", True))
    return None


def _meets(score: float, target: tuple[float, bool] | None) -> bool | None:
    if target is None:
        return None
    value, harder = target
    return score <= value if harder else score >= value


# --------------------------------------------------------------------------- highlight

def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _offset(starts: list[int], text: str, line: int, column: int) -> int | None:
    if not (1 <= line <= len(starts)) or column < 1:
        return None
    off = starts[line - 1] + column - 1
    limit = starts[line] - 1 if line < len(starts) else len(text)
    return off if off <= limit else None


def _place(doc: _Doc) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Spans ``(start, end, index)`` to mark in the text, and the indexes listed instead."""
    spans: list[tuple[int, int, int]] = []
    listed: list[int] = []
    text = doc.source
    starts = _line_starts(text) if text is not None else []
    for i, f in doc.findings:
        if text is None or f.scope in DOCUMENT_SCOPES or not f.match:
            listed.append(i)
            continue
        s = _offset(starts, text, f.line, f.column)
        e = _offset(starts, text, f.end_line, f.end_column)
        if s is None or e is None or e <= s or text[s:e] != f.match:
            listed.append(i)
            continue
        spans.append((s, e, i))
    return spans, listed


def _mark_open(i: int, f, cont: bool) -> str:
    letter = CATEGORY_INFO.get(f.category, ("?",))[0]
    cls = f"m c-{esc(f.category)} s-{esc(f.severity)}"
    if cont:
        return f'<mark class="{cls} cont" data-finding="{i}" data-cont="">'
    return (f'<mark class="{cls}" id="f{i}" data-finding="{i}" data-code="{esc(f.code)}" '
            f'data-letter="{esc(letter)}" tabindex="0" aria-describedby="n{i}">')


def highlight(text: str, spans, findings: dict) -> str:
    """``text`` escaped, with each span ``(start, end, index)`` wrapped in marks. Spans nest;
    a span crossing the end of an enclosing one is closed there and continued after it."""
    by_start: dict[int, list[tuple[int, int]]] = {}
    points = {0, len(text)}
    for s, e, i in spans:
        by_start.setdefault(s, []).append((e, i))
        points.update((s, e))
    out: list[str] = []
    stack: list[tuple[int, int]] = []      # (end, index), outermost first
    prev = 0
    for pos in sorted(points):
        if pos > prev:
            out.append(esc(text[prev:pos]))
            prev = pos
        low = next((d for d, (e, _) in enumerate(stack) if e == pos), None)
        if low is not None:
            reopen = sorted((t for t in stack[low:] if t[0] != pos), key=lambda t: (-t[0], t[1]))
            out.append("</mark>" * (len(stack) - low))
            del stack[low:]
            for t in reopen:
                out.append(_mark_open(t[1], findings[t[1]], cont=True))
                stack.append(t)
        for e, i in sorted(by_start.get(pos, ()), key=lambda t: (-t[0], t[1])):
            out.append(_mark_open(i, findings[i], cont=False))
            stack.append((e, i))
    out.append("</mark>" * len(stack))  # defensive: nothing stays open
    return "".join(out)


# ---------------------------------------------------------------------------- pieces

def _suggestions(f) -> str:
    if not f.suggestions:
        return ""
    label = "Try" if len(f.suggestions) == 1 else "Try one of"
    items = ", ".join(f"\u201c{esc(s)}\u201d" for s in f.suggestions[:5])
    return f" <span class=\"sugg\">{label}: {items}.</span>"


def _note(i: int, f) -> str:
    """The finding's explanation: what aria-describedby points at and the tooltip shows."""
    name = f" {esc(f.name)}" if f.name else ""
    return (f'<span id="n{i}" class="note"><span class="sev">{esc(f.severity)}</span> '
            f"{esc(f.code)}{name} ({esc(_position(f))}): {esc(f.message)}"
            f"{_suggestions(f)}</span>")


def _position(f) -> str:
    where = f.where()
    rest = where[len(f.path) + 1:] if where.startswith(f.path + ":") else where
    line, _, col = rest.rpartition(":")
    label = "paragraph" if line.startswith("\u00b6") else "line"
    return f"{label} {line.lstrip(chr(0xb6))}, column {col}"


def _svg_text(x, y, text, anchor="start", cls="") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{c}>{esc(text)}</text>'


def _short(path: str, limit: int = 44) -> str:
    return path if len(path) <= limit else "\u2026" + path[-(limit - 1):]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    mag = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * mag:
            return step * mag
    return 10 * mag  # pragma: no cover


def _axis_top(value: float) -> float:
    """The end of an axis: ``value`` rounded up to a whole number of tick steps."""
    step = _nice_max(value / 5)
    return step * math.ceil(value / step)


def _ticks(top: float, integer: bool = False) -> list[float]:
    """Axis ticks from 0 to ``top`` in steps of 1, 2 or 5 times a power of ten."""
    raw = top / 6
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(k * mag for k in (1, 2, 5, 10) if raw <= k * mag)
    if integer:
        step = max(1, round(step))
    n = int(math.floor(top / step + 1e-9))
    return [round(k * step, 6) for k in range(n + 1)]


def _reading_chart(key: str, metric: str, rows, title: str, desc: str) -> str:
    """Horizontal bars, one per document, with each document's target marked."""
    label_w, right_pad, bar_h, gap, top_pad = 320, 150, 18, 8, 26
    width = 840
    plot_w = width - label_w - right_pad
    values = [score for _, score, _ in rows] + [t[0] for _, _, t in rows if t]
    top = _axis_top(max(values) if values else 1)
    height = top_pad + len(rows) * (bar_h + gap) + 28
    x = lambda v: label_w + plot_w * max(0.0, v) / top  # noqa: E731
    parts = [f'<svg class="chart" id="chart-{key}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" '
             f'role="img" aria-labelledby="chart-{key}-title" aria-describedby="chart-{key}-desc" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart-{key}-title">{esc(title)}</title>',
             f'<desc id="chart-{key}-desc">{esc(desc)}</desc>']
    base_y = top_pad + len(rows) * (bar_h + gap)
    for t in _ticks(top):
        parts.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 6}" x2="{x(t):.1f}" y2="{base_y}" '
                     f'stroke="#e1e1e1" stroke-width="1"/>')
        parts.append(_svg_text(x(t), base_y + 16, f"{t:g}", "middle"))
    for k, (doc, score, target) in enumerate(rows):
        y = top_pad + k * (bar_h + gap)
        ok = _meets(score, target)
        fill = {True: "#2e6b3e", False: "#a4262c", None: "#5f5f5f"}[ok]
        parts.append(_svg_text(label_w - 8, y + bar_h - 4, _short(doc.path), "end"))
        parts.append(f'<rect class="bar" data-path="{esc(doc.path)}" x="{label_w}" y="{y}" '
                     f'width="{max(1.0, x(score) - label_w):.1f}" height="{bar_h}" fill="{fill}"/>')
        verdict = "no target" if ok is None else ("meets target" if ok else "misses target")
        after = max(x(score), x(target[0]) if target else 0) + 6
        parts.append(_svg_text(after, y + bar_h - 4, f"{_fmt(score)} ({verdict})"))
        if target is not None:
            tx = x(target[0])
            parts.append(f'<line class="target" x1="{tx:.1f}" y1="{y - gap / 2:g}" x2="{tx:.1f}" '
                         f'y2="{y + bar_h + gap / 2:g}" stroke="#1b1b1b" stroke-width="3" '
                         f'stroke-dasharray="4 2"/>')
    targets = sorted({t[0] for _, _, t in rows if t})
    if targets:
        label = "Dashed line: target " + ", ".join(f"{t:g}" for t in targets)
        parts.append(_svg_text(label_w, 16, label))
    parts.append("</svg>")
    return "".join(parts)


def _category_chart(counts: dict[str, int]) -> str:
    label_w, bar_h, gap, top_pad, width = 150, 18, 8, 10, 470
    plot_w = width - label_w - 40
    top = _axis_top(max(counts.values(), default=0) or 1)
    height = top_pad + len(CATEGORIES) * (bar_h + gap) + 24
    total = sum(counts.values())
    desc = (f"{total} findings: " + "; ".join(
        f"{CATEGORY_INFO[c][1]} {counts[c]}" for c in CATEGORIES) +
        ". The same numbers are in the table Findings by category and severity.")
    parts = [f'<svg class="chart" id="chart-categories" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-categories-title" '
             'aria-describedby="chart-categories-desc" xmlns="http://www.w3.org/2000/svg">',
             '<title id="chart-categories-title">Findings by category</title>',
             f'<desc id="chart-categories-desc">{esc(desc)}</desc>']
    base_y = top_pad + len(CATEGORIES) * (bar_h + gap)
    for t in _ticks(top, integer=True):
        tx = label_w + plot_w * t / top
        parts.append(f'<line x1="{tx:.1f}" y1="{top_pad - 4}" x2="{tx:.1f}" y2="{base_y}" '
                     f'stroke="#e1e1e1" stroke-width="1"/>')
        parts.append(_svg_text(tx, base_y + 16, f"{t:g}", "middle"))
    for k, c in enumerate(CATEGORIES):
        y = top_pad + k * (bar_h + gap)
        n = counts[c]
        w = plot_w * n / top
        letter = CATEGORY_INFO[c][0]
        parts.append(_svg_text(label_w - 8, y + bar_h - 4, f"{SHORT_LABELS[c]} ({letter})", "end"))
        if n:
            parts.append(f'<rect class="bar" data-category="{c}" x="{label_w}" y="{y}" '
                         f'width="{w:.1f}" height="{bar_h}" fill="{CATEGORY_COLORS[c][1]}"/>')
        parts.append(_svg_text(label_w + w + 6, y + bar_h - 4, str(n)))
    parts.append("</svg>")
    return "".join(parts)


def _score_cell(doc: _Doc) -> str:
    scores = doc.scores()
    shown = [f"{METRIC_LABELS.get(m, m)} {_fmt(scores[m])}" for m in
             ("smog", "fernandez_huerta", "szigriszt_pazos")
             if isinstance(scores.get(m), (int, float))]
    if shown:
        return esc("; ".join(shown))
    note = (doc.stats or {}).get("note")
    why = f' <span class="muted">({esc(note)})</span>' if note else ""
    return "\u2014" + why


def _target_cell(doc: _Doc, rules) -> str:
    metric = doc.chart_metric()
    if metric is None:
        return "\u2014"
    t = _target(doc, metric, rules)
    if t is None:
        return '<span class="muted">none for this profile</span>'
    word = "or lower" if t[1] else "or higher"
    ok = _meets(doc.scores()[metric], t)
    verdict = "meets it" if ok else "misses it"
    return f"{esc(METRIC_LABELS[metric])} {t[0]:g} {word} ({verdict})"


def _severity_text(findings) -> str:
    c = Counter(str(f.severity) for _, f in findings)
    parts = [_plural(c[s], s, "info" if s == "info" else None) for s in SEVERITIES if c[s]]
    return ", ".join(parts)


def _terms(findings, prefix: str):
    """Findings of one code family grouped by code and lower-cased match, most frequent first."""
    groups: dict[tuple[str, str], dict] = {}
    for _, f in findings:
        if not f.code.startswith(prefix) or not f.match:
            continue
        key = (f.code, " ".join(f.match.split()).lower())
        g = groups.setdefault(key, {"code": f.code, "name": f.name, "count": 0,
                                    "spellings": Counter(), "order": {}, "paths": set(),
                                    "suggestions": {}})
        g["count"] += 1
        spelled = " ".join(f.match.split())
        g["spellings"][spelled] += 1
        g["order"].setdefault(spelled, len(g["order"]))
        g["paths"].add(f.path)
        for s in f.suggestions:   # suggestions follow the case of the match: one per word
            seen = g["suggestions"]
            k = s.lower()
            if k not in seen or (seen[k] != k and s == k):
                seen[k] = s
    rows = []
    for (code, term), g in groups.items():
        # the lower-case spelling if the text has it, else the most frequent one
        spelled = term if term in g["spellings"] else min(
            g["spellings"], key=lambda s: (-g["spellings"][s], g["order"][s]))
        g["suggestions"] = list(g["suggestions"].values())
        rows.append((g["count"], code, term, spelled, g))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    return rows


def _terms_table(key: str, caption: str, rows) -> str:
    if not rows:
        return f'<p class="muted">No {esc(caption.lower())} findings.</p>'
    shown = rows[:TOP_TERMS]
    title = (f"{caption}: the {len(shown)} most frequent of {_plural(len(rows), 'term')}"
             if len(rows) > len(shown) else f"{caption}: {_plural(len(rows), 'term')}")
    out = [f'<table id="terms-{key}"><caption class="vh">{esc(title)}</caption><thead><tr>'
           '<th scope="col">Term</th><th scope="col">Rule</th><th scope="col" class="num">'
           'Times</th><th scope="col" class="num">Documents</th><th scope="col">Suggestions</th>'
           '</tr></thead><tbody>']
    for count, code, _term, spelled, g in shown:
        sugg = ", ".join(f"\u201c{esc(s)}\u201d" for s in g["suggestions"][:4]) or "\u2014"
        out.append(f'<tr><th scope="row">{esc(spelled)}</th><td>{esc(code)} {esc(g["name"])}</td>'
                   f'<td class="num">{count}</td><td class="num">{len(g["paths"])}</td>'
                   f"<td>{sugg}</td></tr>")
    out.append("</tbody></table>")
    rest = len(rows) - len(shown)
    if rest:
        out.append(f'<p class="muted">{_plural(rest, "other term")} not shown.</p>')
    return "".join(out)


# ---------------------------------------------------------------------------- render

def render(results, rules=None, *, sources: dict | None = None, title: str | None = None,
           generated: str | None = None, **_options) -> str:
    """The report as one HTML page. ``sources`` maps path -> the text findings refer to;
    ``title`` names the report; ``generated`` (for example a date) is printed if given."""
    sources = sources or {}
    rule_list = _rule_list(rules)
    docs: list[_Doc] = []
    index = 0
    for n, r in enumerate(results, 1):
        docs.append(_Doc(n, r, index, sources.get(r.path) if r.findings else None))
        index += len(r.findings)
    all_findings = [(i, f) for d in docs for i, f in d.findings]
    by_index = dict(all_findings)
    by_sev = Counter(str(f.severity) for _, f in all_findings)
    by_cat = {c: 0 for c in CATEGORIES}
    matrix = {c: Counter() for c in CATEGORIES}
    for _, f in all_findings:
        by_cat[f.category] = by_cat.get(f.category, 0) + 1
        matrix.setdefault(f.category, Counter())[str(f.severity)] += 1
    shown = [d for d in docs if d.shown]
    heading = title or "plainspeak report"

    out: list[str] = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f'<meta name="generator" content="plainspeak {esc(__version__)}">\n',
        f"<title>{esc(heading)}: {_plural(len(all_findings), 'finding')} in "
        f"{_plural(len(docs), 'document')}</title>\n",
        f"<style>{_CSS}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#main">Skip to main content</a>\n',
        f'<header class="top"><h1>{esc(heading)}</h1><p>{_plural(len(all_findings), "finding")} '
        f"in {_plural(len(shown), 'document')} of {len(docs)} checked"
        + (f" \u00b7 {esc(generated)}" if generated else "") + "</p></header>\n",
        '<div class="layout">\n<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents'
        "</h2><ul>"
        '<li><a href="#summary">Summary</a></li>'
        '<li><a href="#reading">Reading level</a></li>'
        '<li><a href="#terms">Frequent terms</a></li>'
        '<li><a href="#documents">Documents</a>',
    ]
    if shown:
        out.append("<ul>" + "".join(
            f'<li><a href="#{d.anchor}">{esc(d.path)}</a> <span class="muted">'
            f"({len(d.findings)})</span></li>" for d in shown) + "</ul>")
    out.append("</li></ul></nav>\n<main id=\"main\" tabindex=\"-1\">\n")

    # -- summary
    out.append('<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>'
               '<ul class="figures">')
    figures = [(len(docs), "documents checked"), (len(shown), "with findings"),
               (len(all_findings), "findings")] + [(by_sev[s], s if s == "info" or by_sev[s] == 1
                                                    else s + "s") for s in SEVERITIES]
    out.append("".join(f"<li><strong>{n}</strong> {esc(label)}</li>" for n, label in figures))
    out.append('</ul><div class="pair"><div><table id="by-category"><caption>Findings by '
               'category and severity</caption><thead><tr><th scope="col">Category</th>'
               + "".join(f'<th scope="col" class="num">{s.capitalize()}</th>' for s in SEVERITIES)
               + '<th scope="col" class="num">Total</th></tr></thead><tbody>')
    for c in CATEGORIES:
        letter, label, _ = CATEGORY_INFO[c]
        out.append(f'<tr><th scope="row"><span class="key c-{c}" aria-hidden="true">{letter}'
                   f"</span>{esc(label)}</th>"
                   + "".join(f'<td class="num">{matrix[c][s]}</td>' for s in SEVERITIES)
                   + f'<td class="num">{by_cat[c]}</td></tr>')
    out.append('</tbody><tfoot><tr><th scope="row">All categories</th>'
               + "".join(f'<td class="num">{by_sev[s]}</td>' for s in SEVERITIES)
               + f'<td class="num">{len(all_findings)}</td></tr></tfoot></table></div>')
    out.append(f"<figure>{_category_chart(by_cat)}<figcaption>Findings by category (the same "
               "numbers as the table).</figcaption></figure></div></section>\n")

    # -- reading level
    out.append('<section id="reading" aria-labelledby="reading-h"><h2 id="reading-h">Reading '
               "level</h2>")
    out.append('<p>English documents are scored with SMOG (a school grade: lower is easier); '
               "Spanish documents with Fern\u00e1ndez Huerta and INFLESZ (0 to 100: higher is "
               "easier). Each target is the threshold of the reading-level rule for the document\u2019s "
               "profile: the one the run used when the document has a reading-level finding, "
               "otherwise the rule pack\u2019s. Text under about 100 words or 10 sentences is "
               "not graded (\u2014).</p>")
    if not any(d.chart_metric() for d in docs):
        out.append('<p class="muted">No document was graded (no readability rule ran, or '
                   "the texts are too short), so there is no reading-level chart.</p>")
    for metric in CHART_METRICS:
        rows = []
        for d in docs:
            if d.chart_metric() == metric:
                rows.append((d, float(d.scores()[metric]), _target(d, metric, rule_list)))
        if not rows:
            continue
        harder = next((t[1] for _, _, t in rows if t), DEFAULT_TARGETS[metric][1])
        lang = "English" if metric == "smog" else "Spanish"
        label = METRIC_LABELS[metric]
        missed = sum(1 for _, s, t in rows if _meets(s, t) is False)
        chart_title = f"{lang} documents: {label} by document"
        desc = (f"{_plural(len(rows), 'document')}; {missed} miss the target "
                f"({'lower' if harder else 'higher'} is easier). " + "; ".join(
                    f"{d.path}: {_fmt(s)}" + (f" (target {t[0]:g})" if t else " (no target)")
                    for d, s, t in rows) + ". The same numbers are in the table Reading level "
                "by document.")
        out.append(f'<h3 id="reading-{metric}">{esc(chart_title)}</h3>'
                   f"<figure>{_reading_chart(metric, metric, rows, chart_title, desc)}"
                   f"<figcaption>{esc(label)} of each graded document; "
                   f"{'red' if missed else 'no'} bars miss the target"
                   f"{' (also said in words after each bar)' if missed else ''}."
                   "</figcaption></figure>")
    out.append('<table id="reading-table"><caption>Reading level by document</caption><thead><tr>'
               '<th scope="col">Document</th><th scope="col">Profile</th><th scope="col">'
               'Language</th><th scope="col">Reading score</th><th scope="col">Target</th>'
               '<th scope="col" class="num">Findings</th></tr></thead><tbody>')
    for d in docs:
        name = (f'<a href="#{d.anchor}">{esc(d.path)}</a>' if d.shown else esc(d.path))
        lang = LANGUAGE_NAMES.get(d.language, d.language) or "\u2014"
        out.append(f'<tr><th scope="row">{name}</th><td>{esc(d.profile) or "&#8212;"}</td>'
                   f"<td>{esc(lang)}</td><td>{_score_cell(d)}</td><td>{_target_cell(d, rule_list)}"
                   f'</td><td class="num">{len(d.findings)}</td></tr>')
    out.append("</tbody></table></section>\n")

    # -- terms
    out.append('<section id="terms" aria-labelledby="terms-h"><h2 id="terms-h">Frequent terms'
               "</h2><p>The words flagged most often, counted across all documents (case "
               "ignored), with what to write instead.</p>")
    out.append('<h3 id="terms-jargon-h">Jargon and plain words (PS3xx)</h3>')
    out.append(_terms_table("jargon", "Jargon and plain words", _terms(all_findings, "PS3")))
    out.append('<h3 id="terms-inclusive-h">Inclusive wording (PS5xx)</h3>')
    out.append(_terms_table("inclusive", "Inclusive wording", _terms(all_findings, "PS5")))
    out.append("</section>\n")

    # -- documents
    out.append('<section id="documents" aria-labelledby="documents-h"><h2 id="documents-h">'
               "Documents</h2>")
    hidden = len(docs) - len(shown)
    out.append(f"<p>The text of each document with findings ({len(shown)} of {len(docs)}), "
               "with every finding highlighted where it is. "
               + (f"The other {_plural(hidden, 'document')} had no findings and "
                  f"{'is' if hidden == 1 else 'are'} not shown. " if hidden else "")
               + "Select a highlight, or move to it with the Tab key, to read what is wrong "
               "and what to write instead. Each highlight starts with a letter for its "
               "category and has its own underline style, so colour is not the only cue:</p>")
    out.append('<ul class="legend">' + "".join(
        f'<li><mark class="m c-{c} legend-sample" data-letter="{CATEGORY_INFO[c][0]}">'
        f"{esc(CATEGORY_INFO[c][1])}</mark></li>" for c in CATEGORIES) + "</ul>")
    for d in shown:
        out.append(_document(d, by_index, rule_list))
    out.append("</section>\n")
    out.append('<div id="tip" class="tip" aria-hidden="true" hidden></div>\n')
    out.append(f"<footer><p>Made by plainspeak {esc(__version__)}. This file is self-contained "
               "and makes no network requests.</p></footer>\n</main>\n</div>\n")
    out.append(f"<script>{_JS}</script>\n</body>\n</html>\n")
    return "".join(out)


def _document(d: _Doc, by_index: dict, rules) -> str:
    spans, listed = _place(d)
    lang = LANGUAGE_NAMES.get(d.language, d.language)
    meta = [esc(f"{d.profile} profile") if d.profile else "", esc(lang),
            _score_cell(d) if d.scores() else ""]
    meta = [m for m in meta if m]
    meta.append(f"{_plural(len(d.findings), 'finding')} ({_severity_text(d.findings)})")
    out = [f'<section class="doc" id="{d.anchor}" aria-labelledby="{d.anchor}-h" '
           f'data-path="{esc(d.path)}"><h3 id="{d.anchor}-h">{esc(d.path)}</h3>',
           '<p class="meta">' + " \u00b7 ".join(meta) + "</p>"]
    if listed:
        heading = ("About the whole document" if d.source is not None
                   else "Findings (the text is not available)")
        out.append(f'<h4 id="{d.anchor}-whole">{heading}</h4><ul class="whole">')
        for i in listed:
            f = by_index[i]
            quote = (f" <span class=\"muted\">Text: \u201c{esc(f.match)}\u201d</span>"
                     if f.match else "")
            out.append(f'<li data-finding="{i}" id="f{i}" class="c-{esc(f.category)}">'
                       f'<span class="key c-{esc(f.category)}" aria-hidden="true">'
                       f"{CATEGORY_INFO.get(f.category, ('?',))[0]}</span>{_note(i, f)}"
                       f"{quote}</li>")
        out.append("</ul>")
    if d.source is not None:
        lang_attr = f' lang="{esc(d.language)}"' if d.language else ""
        out.append(f'<h4 id="{d.anchor}-text">Text with findings highlighted</h4>'
                   f'<pre class="src"{lang_attr}>{highlight(d.source, spans, by_index)}</pre>')
        if spans:
            ordered = sorted(spans, key=lambda s: (s[0], -s[1], s[2]))
            what = _plural(len(spans), "highlighted finding")
            out.append(f'<details class="all"><summary>The {what} as a list</summary><ol>')
            for _, _, i in ordered:
                out.append(f'<li data-note="{i}">{_note(i, by_index[i])} '
                           f'<a href="#f{i}">Go to the text</a></li>')
            out.append("</ol></details>")
    out.append("</section>\n")
    return "".join(out)
