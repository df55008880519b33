"""Links between our own pages stay in the tab; links to other sites still open a new one.

Streamlit opens every Markdown link in a new tab (``target="_blank"``). The site's script
(``ndl_explain/ui/same_tab_links.js``) keeps a plain click or Enter on a link to this site in the
same tab, so the Back button works, and leaves Ctrl+click (the visitor asking for a new tab) and
links to other sites alone.

The walkthrough keeps its step in the address (Back, Next and the browser's own back button), and
the link to the page in the other language keeps the step reached (``language_links.js``).
"""
from __future__ import annotations

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.i18n import catalogue
from ndl_explain.scenarios import load_scenarios
from tests.browser.helpers import open_page, page_file, wait_for_rerun, wait_rendered

pytestmark = pytest.mark.browser

T = catalogue().t


def _end_of_walkthrough(page, site_url):
    open_page(page, site_url, "/walkthrough?scenario=warm-home-discount&step=99&detail=more")
    return page.get_by_role("link", name=T("en", "walkthrough.what_if_link"))


@pytest.mark.skipif(page_file("what-if") is None, reason="/what-if is not registered in app.py yet")
def test_a_click_on_a_link_to_our_own_page_stays_in_the_tab(desktop, site_url):
    link = _end_of_walkthrough(desktop, site_url)
    assert link.get_attribute("target") == "_blank", "Streamlit's own Markdown links open a new tab"
    link.click()
    desktop.wait_for_url("**/what-if?**scenario=warm-home-discount**")
    wait_rendered(desktop)
    assert len(desktop.context.pages) == 1, "no new tab"
    assert "detail=more" in desktop.url, "the visitor's choices came along"
    assert desktop.get_by_role("heading", name=T("en", "walkthrough.what_if_title")).count() == 1
    desktop.go_back()
    desktop.wait_for_url("**/walkthrough?**")


@pytest.mark.skipif(page_file("what-if") is None, reason="/what-if is not registered in app.py yet")
def test_enter_on_a_link_to_our_own_page_stays_in_the_tab(desktop, site_url):
    link = _end_of_walkthrough(desktop, site_url)
    link.focus()
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/what-if?**")
    assert len(desktop.context.pages) == 1, "no new tab"


@pytest.mark.skipif(page_file("what-if") is None, reason="/what-if is not registered in app.py yet")
def test_ctrl_click_still_opens_a_new_tab(desktop, site_url):
    link = _end_of_walkthrough(desktop, site_url)
    with desktop.context.expect_page() as opened:
        link.click(modifiers=["Control"])
    opened.value.wait_for_url("**/what-if?**")
    assert "/walkthrough?" in desktop.url, "this tab stayed where it was"


def test_links_to_other_sites_still_open_a_new_tab(desktop, site_url):
    open_page(desktop, site_url, "/sources")
    external = desktop.locator('[data-testid="stMarkdownContainer"] a[href^="http"]').first
    assert external.count() == 1, "the sources page links to its sources"
    # Stop the navigation itself (tests never reach the internet), after our script has had its say.
    desktop.evaluate("() => document.addEventListener('click', e => e.preventDefault(), {once: true})")
    external.click()
    assert external.get_attribute("target") == "_blank"
    assert len(desktop.context.pages) == 1


def _step_heading(page, lang: str, number: int):
    scenario = load_scenarios(CONTENT_DIR, lang)["warm-home-discount"]
    title = T(lang, "walkthrough.step_title", n=number, total=scenario.step_count, title=scenario.step(number).title)
    return page.get_by_text(title, exact=True)


def _address(page) -> str:
    return page.evaluate("location.href")  # (Playwright's page.url can lag behind history.pushState)


def _next_to_step_3(page, site_url):
    open_page(page, site_url, "/walkthrough?scenario=warm-home-discount&detail=more")
    next_button = page.get_by_role("button", name=T("en", "walkthrough.next"), exact=True)
    for number in (2, 3):
        wait_for_rerun(page, next_button.click, done=_step_heading(page, "en", number).wait_for)
    page.wait_for_function("() => location.search.includes('step=3')")


@pytest.mark.skipif(page_file("walkthrough") is None, reason="/walkthrough is not registered in app.py yet")
def test_the_browsers_back_button_goes_back_a_step(desktop, site_url):
    _next_to_step_3(desktop, site_url)
    desktop.go_back()
    _step_heading(desktop, "en", 2).wait_for()
    assert "step=2" in _address(desktop)
    desktop.go_back()
    _step_heading(desktop, "en", 1).wait_for()
    assert "step=" not in _address(desktop), "step 1 is the example's plain address"
    desktop.go_forward()
    _step_heading(desktop, "en", 2).wait_for()


@pytest.mark.skipif(page_file("walkthrough") is None, reason="/walkthrough is not registered in app.py yet")
def test_the_language_link_keeps_the_step_reached_with_next(desktop, site_url):
    """The link was drawn on step 1; followed on step 3, it opens step 3 in Welsh."""
    _next_to_step_3(desktop, site_url)
    link = desktop.locator('a[hreflang="cy"]').first  # the header's (the footer has the same link)
    assert "step=" not in link.get_attribute("href"), "drawn with the page, before Next was pressed"
    link.click()
    _step_heading(desktop, "cy", 3).wait_for()
    address = _address(desktop)
    assert "/walkthrough?" in address and "scenario=warm-home-discount" in address
    assert "step=3" in address and "lang=cy" in address and "detail=more" in address
