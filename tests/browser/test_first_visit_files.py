"""What a phone's first visit fetches (issue 19): no page people arrive at loads Streamlit's Graphviz
renderer (0.6 MB: the diagrams are HTML) or a third font file for italic text (138 kB).

Which files, not how many bytes or seconds: those are measured on an emulated slow phone network
in ``bench/bench_network.py`` (bench/README.md, findings 21-25). Each address is opened in a new
browser context, so nothing comes from the cache.
"""
from __future__ import annotations

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.scenarios import load_scenarios
from tests.browser.helpers import open_page
from tests.browser.visits import open_expanders

pytestmark = pytest.mark.browser

SCENARIO_ID, SCENARIO = next(iter(load_scenarios(CONTENT_DIR, "en").items()))
ADDRESSES = [
    "/", "/how-it-works", "/types-of-data", "/glossary", "/glossary?lang=cy",
    f"/walkthrough?scenario={SCENARIO_ID}&step=2",
    f"/walkthrough?scenario={SCENARIO_ID}&step={SCENARIO.step_count}",  # the whole picture: quotes, sources
    f"/walkthrough?scenario={SCENARIO_ID}&step={SCENARIO.step_count}&lang=cy",
    "/walkthrough",  # the list of examples
    f"/what-if?scenario={SCENARIO_ID}",
]
NOT_FETCHED = {"GraphVizChart": "Streamlit's Graphviz renderer", "Italic": "an italic font"}


@pytest.mark.parametrize("address", ADDRESSES)
def test_first_visit_fetches_no_graphviz_renderer_and_no_italic_font(browser, site_url, address):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        open_page(page, site_url, address)
        open_expanders(page)  # "More detail" and the like: what a reader opens next
        page.wait_for_timeout(500)
        assert any("/static/" in url for url in fetched), "the recorder saw Streamlit's files"
        for part, what in NOT_FETCHED.items():
            found = [url for url in fetched if part in url]
            assert not found, f"{address} fetched {what}: {found}"
    finally:
        context.close()
