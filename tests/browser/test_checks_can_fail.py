"""The checks are not vacuous: pointed at a small page that is broken on purpose (served from a local
http.server, no Streamlit), the same helpers the suite uses DO report an image without a text
alternative, a request to another host, a page that scrolls sideways, and a control with no visible
focus. A clean twin of the page passes, so the helpers do not just fail everything.
"""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.browser.helpers import (
    FocusNotVisible,
    RequestRecorder,
    axe_violations,
    check_focus_visible,
    focus_indicator,
    focused,
    origin_of,
    sideways_overflow,
)

pytestmark = pytest.mark.browser

PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

BROKEN = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken on purpose</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
  <h1>Broken on purpose</h1>
  <img src="{PIXEL}" width="40" height="40">
  <button id="press" style="outline: none; box-shadow: none">Press</button>
  <div data-testid="stMain" style="overflow: auto; width: 300px"><div style="width: 900px">Too wide</div></div>
  <ul data-testid="notTheStreamlitMenu"><div>Our own list, wrongly built</div><li>item</li></ul>
</main>
<script>fetch("http://example.invalid/collect?page=1").catch(() => {{}});</script>
</body></html>"""

CLEAN = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clean</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
  <h1>Clean</h1>
  <img src="{PIXEL}" width="40" height="40" alt="A dot">
  <button id="press">Press</button>
  <div data-testid="stMain" style="overflow: auto; width: 300px"><div>Fits</div></div>
</main></body></html>"""


@pytest.fixture(scope="module")
def local_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken-site")
    (folder / "broken.html").write_text(BROKEN)
    (folder / "clean.html").write_text(CLEAN)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _visit(new_context, url: str):
    context = new_context(viewport={"width": 800, "height": 600})
    recorder = RequestRecorder(context)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, recorder


def test_axe_helper_reports_an_image_without_alt_text_and_our_own_broken_list(new_context, local_site):
    page, _ = _visit(new_context, f"{local_site}/broken.html")
    rules = {v["id"] for v in axe_violations(page)}
    assert "image-alt" in rules
    assert "list" in rules, "a list of our own, wrongly built, is reported"


def test_request_recorder_reports_a_request_to_another_host(new_context, local_site):
    page, recorder = _visit(new_context, f"{local_site}/broken.html")
    assert "http://example.invalid/collect?page=1" in recorder.elsewhere(origin_of(local_site))


def test_layout_and_focus_helpers_report_problems(new_context, local_site):
    page, _ = _visit(new_context, f"{local_site}/broken.html")
    measured = sideways_overflow(page)
    assert measured["mainScroll"] > measured["mainClient"]
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Press"
    assert focus_indicator(page)["ring"] is None
    with pytest.raises(FocusNotVisible):
        check_focus_visible(page, "on the broken button")


def test_the_same_helpers_pass_a_clean_page(new_context, local_site):
    page, recorder = _visit(new_context, f"{local_site}/clean.html")
    assert axe_violations(page) == []
    assert recorder.elsewhere(origin_of(local_site)) == []
    measured = sideways_overflow(page)
    assert measured["mainScroll"] <= measured["mainClient"]
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Press"
    assert focus_indicator(page)["ring"], "Chromium's default focus ring counts as visible"
