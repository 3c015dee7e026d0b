"""The axe-core harness (tests/axe_harness.py, tests/axe/run_axe.mjs) finds what it should,
blocks the network, and renders Markdown pages the way a static site would.

The browser tests skip with a reason when node, tests/axe/node_modules or Chromium is missing
(.ci/run installs them); the Markdown rendering tests always run.
"""
from __future__ import annotations

import http.server
import threading

import pytest

from axe_harness import axe_pages, render_markdown, run_axe, run_axe_report, unavailable

RULES = ["image-alt", "link-name", "empty-heading", "html-has-lang", "valid-lang",
         "html-lang-valid", "label", "heading-order", "page-has-heading-one"]

_REASON = unavailable()
needs_axe = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


def page(body: str, *, lang: str | None = "en", title: str = "Test page") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f'<!DOCTYPE html><html{lang_attr}><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><main><h1>{title}</h1>{body}</main></body></html>\n")


DOT = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
CLEAN = page(f'<p>Call us on <a href="#contact">the contact page</a>.</p>'
             f'<img src="{DOT}" alt="Clinic logo"><h2 id="contact">Contact</h2>'
             f'<p><label for="q">Your question</label> <input id="q" type="text"></p>')


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):  # keep pytest's output clean
        pass


class _CountingServer(http.server.ThreadingHTTPServer):
    """Records every TCP connection, so a preconnect (no HTTP request) counts too."""

    def __init__(self, *args, **kwargs):
        self.connections: list[tuple] = []
        super().__init__(*args, **kwargs)

    def verify_request(self, request, client_address):
        self.connections.append(client_address)
        return True


@pytest.fixture(scope="module")
def local_server():
    """A loopback HTTP server that counts connections: a page pointing at it must not reach it."""
    server = _CountingServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.connections
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def results(tmp_path_factory, local_server):
    """One browser run over every page the tests look at (keyed by test name)."""
    if _REASON is not None:
        pytest.skip(_REASON)
    base, _connections = local_server
    src = tmp_path_factory.mktemp("axe-src")
    pages = {
        "image-alt": page('<img src="x.png">'),
        "link-name": page('<p><a href="/x"></a></p>'),
        "empty-heading": page("<h2></h2>"),
        # An aborted iframe navigation still opens a connection (and looks up the host) in
        # Chromium, and preconnects are no requests at all: page routing alone does not keep
        # those off the network, the script's dead proxy does.
        "network": page(f'<link rel="preconnect" href="{base}">'
                        '<img src="http://example.org/x.png" alt="Remote">'
                        f'<img src="{base}/pixel.png" alt="Local server">'
                        f'<iframe src="{base}/frame" title="Local frame"></iframe>'
                        f'<script>fetch("{base}/fetch").catch(() => {{}});</script>'),
        "frame": page('<iframe srcdoc="&lt;img src=x.png&gt;" title="Inner page"></iframe>'),
        "clean": CLEAN,
        "no-lang": page("<p>Text.</p>", lang=None),
    }
    markdown = {
        "md-decorative": "---\ntitle: Prep\nlang: en\n---\n\n# Prep\n\n![](x.png)\n",
        "md-no-lang": "# Prep\n\nText.\n",
    }
    paths = {}
    for name, text in pages.items():
        paths[name] = src / f"{name}.html"
        paths[name].write_text(text, encoding="utf-8")
    for name, text in markdown.items():
        paths[name] = src / f"{name}.md"
        paths[name].write_text(text, encoding="utf-8")
    out = axe_pages(list(paths.values()), RULES, tmp_path_factory.mktemp("axe-out"))
    assert set(out) == {str(p) for p in paths.values()}, "keyed by the original paths"
    return {name: out[str(p)] for name, p in paths.items()}


def ids(result: dict) -> set[str]:
    return {v["id"] for v in result["violations"]}


@needs_axe
def test_img_without_alt_is_image_alt(results):
    r = results["image-alt"]
    assert ids(r) == {"image-alt"}
    (violation,) = r["violations"]
    assert violation["impact"] == "critical"
    assert violation["nodes"][0]["html"] == '<img src="x.png">'
    assert violation["nodes"][0]["target"]


@needs_axe
def test_empty_link_is_link_name(results):
    assert ids(results["link-name"]) == {"link-name"}


@needs_axe
def test_empty_heading_is_empty_heading(results):
    assert "empty-heading" in ids(results["empty-heading"])


@needs_axe
def test_remote_requests_are_blocked_and_never_sent(results, local_server):
    _base, connections = local_server
    r = results["network"]
    assert "http://example.org/x.png" in r["blocked"]
    assert any(u.endswith("/pixel.png") for u in r["blocked"])
    assert any(u.endswith("/fetch") for u in r["blocked"])
    assert any(u.endswith("/frame") for u in r["blocked"])
    assert connections == [], "something connected to the loopback server"
    assert ids(r) == set()


@needs_axe
def test_inside_of_iframes_is_checked(results):
    (violation,) = results["frame"]["violations"]
    assert violation["id"] == "image-alt"
    assert violation["nodes"][0]["target"][-1] == "img"
    assert len(violation["nodes"][0]["target"]) == 2  # the iframe, then the image inside it


@needs_axe
def test_clean_page_has_no_violations_or_console_errors(results):
    r = results["clean"]
    assert r == {"violations": [], "console_errors": [], "blocked": []}


@needs_axe
def test_clean_page_passes_every_default_rule(tmp_path):
    path = tmp_path / "clean.html"
    path.write_text(CLEAN, encoding="utf-8")
    report = run_axe_report([path])  # no rules: axe's default set
    assert report["axe_version"].startswith("4.")
    r = report["results"][str(path)]
    assert r["violations"] == [], [v["id"] for v in r["violations"]]
    assert r["console_errors"] == []


@needs_axe
def test_missing_lang_is_html_has_lang(results):
    assert ids(results["no-lang"]) == {"html-has-lang"}
    assert ids(results["md-no-lang"]) == {"html-has-lang"}


@needs_axe
def test_markdown_image_without_alt_text_is_decorative(results):
    r = results["md-decorative"]
    assert ids(r) == set()
    assert r["blocked"] == []


@needs_axe
def test_unknown_rule_fails_with_one_line(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(CLEAN, encoding="utf-8")
    with pytest.raises(RuntimeError, match="no-such-rule"):
        run_axe([path], ["no-such-rule"])


@needs_axe
def test_missing_file_fails(tmp_path):
    with pytest.raises(RuntimeError, match="not a file"):
        run_axe([tmp_path / "missing.html"])


def test_unavailable_is_a_reason_or_none():
    assert _REASON is None or (isinstance(_REASON, str) and _REASON)


def test_render_markdown_empty_alt():
    out = render_markdown("![](x.png)")
    assert '<img src="x.png" alt="" />' in out


def test_render_markdown_page_shape():
    out = render_markdown("---\ntitle: Flu <shots> & you\nlang: es\n---\n# Hola\n\n"
                          "| a | b |\n|---|---|\n| 1 | ~~2~~ |\n")
    assert out.startswith('<!DOCTYPE html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>Flu &lt;shots&gt; &amp; you</title>" in out
    assert "<main>\n<h1>Hola</h1>" in out and out.rstrip().endswith("</main>\n</body>\n</html>")
    assert "<table>" in out and "<s>2</s>" in out
    assert "title:" not in out


def test_render_markdown_without_front_matter():
    out = render_markdown("# Hi\n")
    assert "<html>" in out and "lang=" not in out
    assert "<title>Page</title>" in out


def test_render_markdown_language_key_and_thematic_break():
    assert '<html lang="en-US">' in render_markdown("---\nlanguage: en-US\n---\nHi\n")
    # A "---" block that is not a YAML mapping is Markdown, not front matter.
    out = render_markdown("---\nJust a line\n---\n")
    assert "<hr />" in out and "Just a line" in out and "lang=" not in out
