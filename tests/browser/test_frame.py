"""The front door on a phone: the header (site name, language, a "Menu" control labelled with a word),
the phase banner and the footer on every page in both languages; the menu opens by its label and is
closed again once a page is chosen; every control is at least 44 x 44 CSS pixels on a phone; sources
with a web address are links; the walkthrough keeps the step heading in view after Back and Next.

English pages are measured during the one visit per page (visits.py); Welsh pages are opened here.
"""
from __future__ import annotations

import pytest

from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.ui.frame import IN_SESSION_LANGUAGE_PAGES
from tests.browser.conftest import phone_context
from tests.browser.helpers import (
    FRAME_PARTS,
    axe_violations,
    describe_violations,
    frame_parts_shown,
    open_page,
    page_file,
    site_pages,
    small_targets,
    wait_for_rerun,
)
from tests.browser.visits import PHONE_WIDTHS

pytestmark = pytest.mark.browser

SITE = load_site()
T = catalogue().t
PAGES = site_pages()
WELSH = [p for p in site_pages("cy")]


def menu_control(page, lang: str = "en"):
    """The control that opens the menu, found by its visible word ("Menu", "Dewislen")."""
    word = T(lang, "frame.header.menu")
    return page.locator("summary, button").filter(has=page.get_by_text(word, exact=True))


def menu_links(page):
    return page.locator('.st-key-ndl_menu [data-testid="stPageLink-NavLink"]')


def _path(href: str) -> str:
    return "/" + href.split("://", 1)[-1].split("/", 1)[-1].split("?")[0].split("#")[0]


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_menu_opens_by_its_label_and_closes_once_a_page_is_chosen(new_context, site_url, width):
    page = phone_context(new_context, width).new_page()
    open_page(page, site_url, "/what-it-is")
    control = menu_control(page)
    assert control.count() == 1 and control.is_visible(), "a control labelled 'Menu' is in the header"
    box = control.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, f"the Menu control is big enough to tap: {box}"
    assert not menu_links(page).first.is_visible(), "the menu starts closed"
    control.tap()
    menu_links(page).first.wait_for(state="visible")
    shown = {_path(link.get_attribute("href") or ""): link for link in menu_links(page).all() if link.is_visible()}
    missing = [p.path for p in PAGES if p.path not in shown]
    assert not missing, f"pages missing from the open menu at {width}px: {missing}"
    for link in shown.values():
        link_box = link.bounding_box()
        assert link_box["x"] >= 0 and link_box["x"] + link_box["width"] <= width + 1, f"fits the screen: {link_box}"
    target = next(p for p in PAGES if p.slug == "how-it-works")
    shown[target.path].scroll_into_view_if_needed()
    wait_for_rerun(page, shown[target.path].tap,
                   done=lambda: page.get_by_role("heading", level=1, name=target.title).wait_for())
    assert page.url.split("?")[0].endswith(target.path), "the menu link opened the page"
    page.wait_for_timeout(300)
    assert not menu_links(page).first.is_visible(), "the menu is closed once a page has been chosen"
    assert menu_control(page).is_visible(), "and can be opened again"


def test_menu_works_with_the_keyboard(new_context, site_url):
    """Tab to "Menu", open it with Enter, Tab into its links, follow one with Enter."""
    page = phone_context(new_context, 390).new_page()
    open_page(page, site_url, "/what-it-is")
    menu_control(page).focus()
    page.keyboard.press("Enter")
    menu_links(page).first.wait_for(state="visible")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.st-key-ndl_menu') !== null")
    assert focused, "Tab moves from 'Menu' into the open menu"
    target = next(p for p in PAGES if p.slug == "home")  # the menu's first link
    wait_for_rerun(page, lambda: page.keyboard.press("Enter"),
                   done=lambda: page.get_by_role("heading", level=1, name=target.title).wait_for())
    page.wait_for_timeout(300)
    assert not menu_links(page).first.is_visible(), "the menu is closed once a page has been chosen"


def test_open_menu_has_no_wcag_violations(new_context, site_url):
    page = phone_context(new_context, 390).new_page()
    open_page(page, site_url, "/what-it-is")
    menu_control(page).tap()
    menu_links(page).first.wait_for(state="visible")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.slug)
def test_every_english_page_has_header_banner_and_footer(visits, site_page):
    visit = visits.phone(site_page)
    for width in PHONE_WIDTHS:
        assert visit.frame[width] == {part: True for part in FRAME_PARTS}, f"{visit.address} at {width}px"


@pytest.fixture(scope="module")
def welsh_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 760}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("site_page", WELSH, ids=lambda p: p.slug)
def test_every_welsh_page_has_header_banner_and_footer(welsh_phone, site_url, site_page):
    open_page(welsh_phone, site_url, site_page.url(lang="cy"))
    assert frame_parts_shown(welsh_phone) == {part: True for part in FRAME_PARTS}
    assert menu_control(welsh_phone, "cy").is_visible(), "the Welsh menu control says 'Dewislen'"
    footer = welsh_phone.locator(".st-key-ndl_footer")
    assert T("cy", "frame.footer.contact_heading") in footer.inner_text()
    if site_page.slug in IN_SESSION_LANGUAGE_PAGES:  # a button: a link would lose the workshop session
        other = footer.get_by_role("button", name=T("en", "frame.this_page_in_language"))
    else:
        other = footer.locator('a[hreflang="en"]')
    assert other.count() == 1, "the footer offers this page in English"


@pytest.mark.parametrize("site_page, width", [(p, w) for p in PAGES for w in PHONE_WIDTHS],
                         ids=lambda v: getattr(v, "slug", str(v)))
def test_no_control_is_smaller_than_44px_on_a_phone(visits, site_page, width):
    """GOV.UK's standard (WCAG 2.5.8 asks for 24). Links inside running text are exempt (WCAG's
    "inline" exception); everything else that can be pressed is measured."""
    visit = visits.phone(site_page)
    assert not visit.small_targets[width], f"{visit.address} at {width}px: too small to tap: {visit.small_targets[width]}"


def test_sources_with_a_web_address_are_links(new_context, site_url):
    page = new_context(viewport={"width": 390, "height": 760}).new_page()
    open_page(page, site_url, "/sources?detail=more")  # the full list is under More detail
    main = page.locator('[data-testid="stMain"]')
    hrefs = {a.get_attribute("href") for a in main.locator("a[href]").all()}
    for source in SITE.sources.values():
        if source.url:
            assert source.url in hrefs, f"{source.id}: its address {source.url} is a link on /sources"
    # and in a page's own list of sources, at the bottom
    open_page(page, site_url, "/your-rights")
    hrefs = {a.get_attribute("href") for a in page.locator('[data-testid="stMain"] a[href]').all()}
    for source_id in SITE.page("en", "your-rights").sources:
        source = SITE.sources[source_id]
        if source.url:
            assert source.url in hrefs, f"{source_id} is a link in the page's list of sources"


def test_back_to_top_after_the_deeper_layers(new_context, site_url):
    page = phone_context(new_context, 390).new_page()
    open_page(page, site_url, "/questions?detail=full")
    back = page.get_by_role("link", name=T("en", "frame.back_to_top"))
    back.last.scroll_into_view_if_needed()
    scrolled = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
    assert scrolled > 2000
    back.last.tap()
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop < 50", timeout=5000)
    less = page.get_by_role("button", name=T("en", "frame.show_less"))
    less.scroll_into_view_if_needed()
    wait_for_rerun(page, less.tap, done=lambda: page.wait_for_url(lambda url: "detail=" not in url))
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop < 50", timeout=5000)


@pytest.mark.skipif(page_file("walkthrough") is None, reason="/walkthrough is not registered in app.py yet")
@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_walkthrough_keeps_the_step_heading_in_view_after_next_and_back(new_context, site_url, width):
    from tests.browser.test_accessibility import FIRST_SCENARIO, SCENARIOS, step_heading

    scenario = SCENARIOS[FIRST_SCENARIO]
    page = phone_context(new_context, width).new_page()
    open_page(page, site_url, f"/walkthrough?scenario={FIRST_SCENARIO}")
    for name, number_after in ((T("en", "walkthrough.next"), 2), (T("en", "walkthrough.back"), 1)):
        button = page.get_by_role("button", name=name, exact=True)
        button.scroll_into_view_if_needed()
        heading = step_heading(page, scenario, number_after)
        wait_for_rerun(page, button.tap, done=heading.wait_for)
        page.wait_for_timeout(400)
        box = heading.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 760, \
            f"after {name}, the heading of step {number_after} is in view: {box}"


def test_skip_to_main_content_goes_past_the_header_and_menu(new_context, site_url):
    page = phone_context(new_context, 390).new_page()
    open_page(page, site_url, "/what-it-is")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('data-testid')") == "stSkipToContent"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'", timeout=5000)
    page.keyboard.press("Tab")
    inside_frame = page.evaluate("""() => !!document.activeElement.closest(
        '.st-key-ndl_header, .st-key-ndl_menu, .st-key-ndl_banner, .st-key-ndl_detail')""")
    assert not inside_frame, "the next Tab is in the page, not back in the header"
