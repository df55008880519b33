"""The plain edition in a real browser, opened from disk (file://) as from a USB stick: with
JavaScript switched off it reads end to end and its links lead on; no request leaves the folder;
every page passes axe (WCAG 2.2 A/AA) and fits a 320 px phone. No server is started."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.plain.build import build
from ndl_explain.scenarios import load_scenarios
from tests.browser.helpers import axe_violations, describe_violations

pytestmark = pytest.mark.browser

SITE = load_site()
T = catalogue().t
SCENARIOS = load_scenarios(CONTENT_DIR, "en")


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plain-browser") / "plain"
    build(out, site_url="https://ndl.example.org")
    return out


def _pages(edition: Path) -> list[Path]:
    return sorted(edition.rglob("*.html"))


@pytest.fixture
def offline_no_js(browser):
    """A phone-sized page with JavaScript off that records (and refuses) every request that is not
    a file in the folder."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    asked: list[str] = []

    def refuse(route):
        asked.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(https?|wss?)://"), refuse)
    page = context.new_page()
    page.asked = asked
    yield page
    context.close()


def h1(page) -> str:
    return page.locator("h1").inner_text().strip()


def test_with_javascript_off_a_reader_goes_from_page_to_page_offline(edition, offline_no_js):
    page = offline_no_js
    page.goto((edition / "index.html").as_uri())
    page.get_by_role("link", name="English").click()
    assert h1(page) == SITE.page("en", "home").title
    assert page.locator("p.lead").inner_text().strip() == SITE.page("en", "home").summary
    # the same page in Welsh, and back
    page.get_by_role("link", name=T("cy", "frame.this_page_in_language")).first.click()
    assert h1(page) == SITE.page("cy", "home").title
    assert page.locator("html").get_attribute("lang") == "cy"
    page.get_by_role("link", name=T("en", "frame.this_page_in_language")).first.click()
    assert h1(page) == SITE.page("en", "home").title
    # the menu, then a page from it, then a link inside its words
    page.get_by_role("link", name=T("en", "frame.header.menu"), exact=True).click()
    menu = page.get_by_role("navigation", name=T("en", "frame.header.menu"))
    menu.get_by_role("link", name=SITE.page("en", "how-it-works").menu_title, exact=True).click()
    assert h1(page) == SITE.page("en", "how-it-works").title
    page.locator("main").get_by_role("link", name="rules and safeguards").first.click()
    assert h1(page) == SITE.page("en", "rules-and-safeguards").title
    # an example, all its steps on one page
    page.get_by_role("navigation", name=T("en", "frame.header.menu")).get_by_role(
        "link", name=T("en", "walkthrough.nav_title")).click()
    assert h1(page) == T("en", "walkthrough.title")
    scenario = SCENARIOS["warm-home-discount"]
    page.get_by_role("link", name=scenario.title).click()
    assert h1(page) == scenario.title
    for number, step in enumerate(scenario.steps, 1):
        heading = T("en", "walkthrough.step_title", n=number, total=scenario.step_count, title=step.title)
        assert page.get_by_role("heading", name=heading).is_visible()
    page.get_by_role("link", name=T("en", "walkthrough.choose_another")).click()
    assert h1(page) == T("en", "walkthrough.title")
    # the glossary, through a word on a page
    page.get_by_role("link", name=SITE.page("en", "types-of-data").menu_title).first.click()
    page.locator("#words a").first.click()
    assert page.url.split("#")[0].endswith("/en/glossary.html") and "#" in page.url
    assert page.asked == [], f"requests left the folder: {page.asked}"


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(edition, offline_no_js):
    page = offline_no_js
    page.goto((edition / "en" / "what-it-is.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.getAttribute('href'), document.activeElement.getBoundingClientRect().height]")
    assert focused[0] == "#main" and focused[1] > 0, "visible when focused"


def test_every_plain_page_passes_axe(edition, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    failures = []
    try:
        for path in _pages(edition):
            page.goto(path.as_uri())
            violations = axe_violations(page, known=())
            if violations:
                failures.append(f"{path.relative_to(edition)}:\n{describe_violations(violations)}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [320, 390])
def test_every_plain_page_fits_a_phone(edition, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 760}, is_mobile=True,
                                  device_scale_factor=2, java_script_enabled=False)
    page = context.new_page()
    wide = []
    try:
        for path in _pages(edition):
            page.goto(path.as_uri())
            scroll, client = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                wide.append(f"{path.relative_to(edition)}: {scroll} > {client}")
    finally:
        context.close()
    assert not wide, wide
