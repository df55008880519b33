"""Phones and zoom: no page scrolls sideways at 320 or 390 pixels, the walkthrough's Back and Next can
be reached and used, and text fits at 200% zoom (the menu on a phone: test_frame.py).

Streamlit's document does not scroll: ``[data-testid="stMain"]`` does, so sideways scrolling is its
scrollWidth against its clientWidth (and the document's, for anything outside it). The widths are
measured during one visit per page (visits.py explains how and why); the menu and the walkthrough
buttons are tried on an emulated phone (touch, mobile viewport rules).
"""
from __future__ import annotations

import pytest

from ndl_explain.i18n import catalogue
from tests.browser.conftest import phone_context
from tests.browser.helpers import (
    open_page,
    page_file,
    site_pages,
    wait_for_rerun,
)
from tests.browser.visits import PHONE_WIDTHS

pytestmark = pytest.mark.browser

PAGES = site_pages()
T = catalogue().t

# Problems in our own pages that are known and named in the accessibility statement, as
# {(slug, width): reason}. Each becomes a strict xfail: the test fails as soon as the problem is fixed,
# so that its line here is removed. (Empty since the site's CSS fixed the last ones: focus rings,
# the closed menu out of the Tab order, wrapping link texts, tables that scroll in their own box.)
KNOWN_PHONE_PROBLEMS: dict = {}
KNOWN_ZOOM_PROBLEMS: dict = {}
KNOWN_CUT_TEXT: dict = {}


def _known(problems: dict, key, *values):
    reason = problems.get(key)
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason) if reason else (),
                        id="-".join(str(v.slug if hasattr(v, "slug") else v) for v in values))


PHONE_CASES = [_known(KNOWN_PHONE_PROBLEMS, (p.slug, w), p, w) for p in PAGES for w in PHONE_WIDTHS]
CUT_TEXT_CASES = [_known(KNOWN_CUT_TEXT, (p.slug, w), p, w) for p in PAGES for w in PHONE_WIDTHS]
ZOOM_CASES = [_known(KNOWN_ZOOM_PROBLEMS, p.slug, p) for p in PAGES]


def _no_overflow(measured: dict) -> bool:
    return (measured["mainScroll"] <= measured["mainClient"]
            and measured["docScroll"] <= measured["docClient"])


@pytest.mark.parametrize("site_page, width", PHONE_CASES)
def test_page_does_not_scroll_sideways_on_a_phone(visits, site_page, width):
    visit = visits.phone(site_page)
    assert not visit.errors, f"{visit.address} shows an error: {visit.errors}"
    measured = visit.overflow[width]
    assert _no_overflow(measured), (
        f"{visit.address} at {width}px scrolls sideways: stMain {measured['mainScroll']} > "
        f"{measured['mainClient']} (document {measured['docScroll']} > {measured['docClient']}); "
        f"too wide: {measured['wide']}")


@pytest.mark.parametrize("site_page, width", CUT_TEXT_CASES)
def test_no_text_is_cut_off_on_a_phone(visits, site_page, width):
    visit = visits.phone(site_page)
    assert not visit.clipped[width], f"{visit.address} at {width}px: text is cut off: {visit.clipped[width]}"


@pytest.mark.parametrize("site_page", ZOOM_CASES)
def test_text_fits_at_200_percent_zoom(visits, site_page):
    """A 1280 x 800 window zoomed to 200% (see visits.py for why 640 x 400 at scale 2 is that)."""
    visit = visits.desktop(site_page, "full")
    zoom = visit.zoom
    assert _no_overflow(zoom["overflow"]), f"{visit.address} scrolls sideways at 200%: {zoom['overflow']}"
    assert not zoom["clipped"], f"{visit.address} at 200%: text is cut off: {zoom['clipped']}"
    assert zoom["menu"], f"{visit.address} at 200%: the Menu control is not visible"


def test_a_narrowed_window_lays_out_like_an_emulated_phone(new_context, site_url, visits):
    """visits.py measures phone widths by narrowing a desktop window. Check once that an emulated
    phone (mobile viewport rules, touch) lays the same page out the same way."""
    site_page = next(p for p in PAGES if p.slug == "what-it-is")
    measure = """() => {
      const main = document.querySelector('[data-testid="stMain"]');
      const h1 = main.querySelector('h1').getBoundingClientRect();
      return {main: main.clientWidth, h1: [Math.round(h1.width), Math.round(h1.height)],
              text: Math.round(main.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().width)};
    }"""
    phone = phone_context(new_context, 390).new_page()
    open_page(phone, site_url, site_page.url(detail="full"))
    window = new_context(viewport={"width": 390, "height": 760}, device_scale_factor=2).new_page()
    open_page(window, site_url, site_page.url(detail="full"))
    assert phone.evaluate(measure) == window.evaluate(measure)


# The menu (the site's own, opened by its "Menu" label) is tried on phones in test_frame.py.


@pytest.mark.skipif(page_file("walkthrough") is None, reason="/walkthrough is not registered in app.py yet")
@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_walkthrough_back_and_next_are_reachable_on_a_phone(new_context, site_url, width):
    from tests.browser.test_accessibility import FIRST_SCENARIO, SCENARIOS, step_heading

    if not SCENARIOS:
        pytest.skip("no walkthrough examples")
    scenario = SCENARIOS[FIRST_SCENARIO]
    page = phone_context(new_context, width).new_page()
    open_page(page, site_url, f"/walkthrough?scenario={FIRST_SCENARIO}")
    for name, number_after in ((T("en", "walkthrough.next"), 2), (T("en", "walkthrough.back"), 1)):
        button = page.get_by_role("button", name=name, exact=True)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name} is inside the screen: {box}"
        assert box["height"] >= 24, f"{name} is big enough to tap (WCAG 2.5.8): {box}"
        wait_for_rerun(page, button.tap, done=step_heading(page, scenario, number_after).wait_for)
