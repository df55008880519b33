"""Every page, and every step of a walkthrough, has its own title in the browser tab (WCAG 2.4.2):
"<page title> – NDL Explained", in the page's language, set as the page is shown.

Screen-reader users hear the title first on every page, and it is what a tab, a bookmark and the
browser's history show. (The raw HTML's title, for link previews, is the deploy's: tests/scale.)
"""
from __future__ import annotations

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.scenarios import load_scenarios
from tests.browser.helpers import open_page, wait_for_rerun

pytestmark = pytest.mark.browser

SITE = load_site()
T = catalogue().t
SCENARIO = "warm-home-discount"


def expected(lang: str, title: str) -> str:
    return T(lang, "frame.title_pattern", title=title)


def step_title(lang: str, number: int) -> str:
    scenario = load_scenarios(CONTENT_DIR, lang)[SCENARIO]
    return expected(lang, T(lang, "frame.step_page_title", scenario=scenario.title, n=number,
                            total=scenario.step_count))


def test_the_title_pattern_names_the_page_then_the_site():
    assert expected("en", "Types of data") == "Types of data – NDL Explained"
    assert expected("cy", "Mathau o ddata").startswith("Mathau o ddata – ")


@pytest.mark.parametrize("lang", sorted(SITE.languages))
@pytest.mark.parametrize("slug", ["home", "what-it-is", "types-of-data", "glossary"])
def test_each_content_page_has_its_own_title(shared_desktop, site_url, lang, slug):
    page = SITE.page(lang, slug)
    open_page(shared_desktop, site_url, f"/{'' if slug == 'home' else slug}?lang={lang}")
    assert shared_desktop.title() == expected(lang, page.title)


@pytest.mark.parametrize("lang", sorted(SITE.languages))
def test_each_walkthrough_step_has_its_own_title_also_after_next_and_back(shared_desktop, site_url, lang):
    open_page(shared_desktop, site_url, f"/walkthrough?scenario={SCENARIO}&lang={lang}")
    assert shared_desktop.title() == step_title(lang, 1)
    next_button = shared_desktop.get_by_role("button", name=T(lang, "walkthrough.next"))
    wait_for_rerun(shared_desktop, next_button.click, done=lambda: titled(shared_desktop, step_title(lang, 2)))
    assert "step=2" in shared_desktop.url
    back_button = shared_desktop.get_by_role("button", name=T(lang, "walkthrough.back"))
    wait_for_rerun(shared_desktop, back_button.click, done=lambda: titled(shared_desktop, step_title(lang, 1)))
    assert "step=" not in shared_desktop.url


def titled(page, title: str) -> None:
    page.wait_for_function("t => document.title === t", arg=title, timeout=10_000)


@pytest.mark.parametrize("lang", sorted(SITE.languages))
def test_the_list_of_examples_and_the_page_files_have_their_own_titles(shared_desktop, site_url, lang):
    open_page(shared_desktop, site_url, f"/walkthrough?lang={lang}")
    assert shared_desktop.title() == expected(lang, T(lang, "walkthrough.title"))
    open_page(shared_desktop, site_url, f"/leaflets?lang={lang}")
    assert shared_desktop.title() == expected(lang, T(lang, "leaflets.title"))
