"""Search in a real browser: on a phone, a worry typed into the box at the top reaches the answer in
two taps, in English and Welsh; the box is 44 px tall and works by keyboard; results open their page
at the right section (the heading ids Streamlit writes are the ones search links to); hostile input
stays text; the results page passes axe and does not scroll sideways.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.search import load_index
from ndl_explain.ui import state
from tests.browser.conftest import phone_context
from tests.browser.helpers import (
    axe_violations,
    check_focus_visible,
    describe_violations,
    focused,
    open_page,
    page_file,
    sideways_overflow,
    tab_to,
    wait_rendered,
)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(page_file("search") is None, reason="/search is not registered in app.py")]

T = catalogue().t
SITE = load_site()
INDEX = load_index(CONTENT_DIR, SITE)


def _expected_address(lang: str, query: str) -> tuple[str, object]:
    from ndl_explain.ui.search import hit_href

    hit = INDEX.search(lang, query).hits[0]
    return hit_href(hit, state.Choices(lang=lang)), hit.document


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _follow(page, action) -> None:
    """Do something that loads another address (the form, a result link) and wait for its page."""
    before = page.url
    action()
    page.wait_for_function("(before) => window.location.href !== before", arg=before, timeout=30_000)
    wait_rendered(page)


def _lands_on_the_answer(page, document) -> None:
    if document.anchor:
        heading = page.locator(f'[data-testid="stMain"] [id="{document.anchor}"]')
        assert heading.count() >= 1, f"no heading with id {document.anchor!r}"
        assert heading.first.inner_text().strip() == document.title
        box = heading.first.bounding_box()
        window = page.viewport_size
        assert box and 0 <= box["y"] < window["height"] * 0.6, f"the answer is not on the screen: {box}"
    else:
        title = page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
        assert title in (document.title, document.parent)


@pytest.mark.parametrize("lang, width, worry", [
    ("en", 390, "health records"),
    ("cy", 390, "cofnodion iechyd"),
    ("en", 320, "can the police see it?"),
    ("cy", 320, "Beth am ddata ysgol fy mhlant?"),
])
def test_a_worry_typed_on_a_phone_reaches_the_answer_in_two_taps(new_context, site_url, lang, width, worry):
    page = phone_context(new_context, width).new_page()
    open_page(page, site_url, "/" + ("" if lang == "en" else f"?lang={lang}"))
    box = page.get_by_role("searchbox", name=T(lang, "search.box_label"))
    button = page.get_by_role("button", name=T(lang, "search.box_button"), exact=True)
    for control in (box, button):
        assert control.bounding_box()["height"] >= 44, "44 px tall on a phone"
    box.tap()
    box.fill(worry)
    _follow(page, button.tap)                                   # tap 1
    assert urlsplit(page.url).path == "/search"
    assert page.locator(".ndl-results li").count() > 0
    expected, document = _expected_address(lang, worry)
    first = page.locator(".ndl-results li a").first
    assert first.get_attribute("href") == expected
    _follow(page, first.tap)                                    # tap 2
    assert _path_and_query(page.url) == expected
    _lands_on_the_answer(page, document)
    assert page.evaluate("document.documentElement.lang") == SITE.language(lang).html_lang


def test_the_search_box_works_by_keyboard(desktop, site_url):
    page = desktop
    open_page(page, site_url, "/what-it-is")
    label = T("en", "search.box_label")
    tab_to(page, lambda info: info["tag"] == "input" and label in (info["name"] or info["label"] or ""))
    check_focus_visible(page, "on the search box")
    page.keyboard.type("can I opt out")
    _follow(page, lambda: page.keyboard.press("Enter"))
    assert _path_and_query(page.url).startswith("/search?q=can+I+opt+out")
    expected, document = _expected_address("en", "can I opt out")
    tab_to(page, lambda info: info["tag"] == "a" and info["name"].strip() == document.title)
    check_focus_visible(page, "on the first result")
    _follow(page, lambda: page.keyboard.press("Enter"))
    assert _path_and_query(page.url) == expected
    _lands_on_the_answer(page, document)


# Every English page, and in Welsh the pages with the most headings and the glossary.
ANCHOR_PAGES = [("en", p.slug) for p in SITE.pages("en")] + [
    (lang, slug) for lang in SITE.languages if lang != "en"
    for slug in ("questions", "glossary", "what-it-is") if SITE.page(lang, slug)]


@pytest.mark.parametrize("lang, slug", ANCHOR_PAGES)
def test_every_heading_search_links_to_exists_on_the_page(shared_desktop, site_url, lang, slug):
    page = shared_desktop
    path = "/" if slug == "home" else f"/{slug}"
    open_page(page, site_url, f"{path}?detail=full" + ("" if lang == "en" else f"&lang={lang}"))
    every_id = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=\"stMain\"] [id]')).map(e => e.id)")
    ids = set(every_id)
    wanted = [d for d in INDEX.documents(lang) if d.anchor and d.path() == path]
    assert wanted
    missing = [(d.title, d.anchor) for d in wanted if d.anchor not in ids]
    assert not missing, missing
    # Streamlit never makes two headings' ids differ: two alike would send a link to only one
    twice = sorted({i for i in every_id if every_id.count(i) > 1})
    assert not twice, twice


@pytest.mark.parametrize("lang", list(SITE.languages))
def test_the_results_page_passes_axe_and_fits_a_small_phone(new_context, site_url, lang):
    page = phone_context(new_context, 320).new_page()
    query = {"en": "will my health records go to tech companies?",
             "cy": "A fydd fy nghofnodion iechyd yn mynd i gwmnïau technoleg?"}[lang]
    open_page(page, site_url, f"/search?q={query}&lang={lang}")
    assert page.locator(".ndl-results li").count() > 0
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    measured = sideways_overflow(page)
    assert measured["mainScroll"] <= measured["mainClient"], measured


def test_hostile_input_stays_text_in_the_browser(shared_desktop, site_url):
    page = shared_desktop
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    attack = '<img src=x onerror="window.__ndlPwned=1"><script>window.__ndlPwned=2</script> health'
    open_page(page, site_url, "/search?q=" + re.sub(r"[^A-Za-z0-9]", lambda m: "%%%02X" % ord(m.group()), attack))
    page.wait_for_timeout(500)
    assert page.evaluate("window.__ndlPwned === undefined")
    assert not dialogs
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    heading = page.locator(".ndl-search-page h2").first.inner_text()
    assert "<img" in heading, "the words searched for are shown as text"
    assert page.locator(".ndl-results li").count() > 0
    info = focused(page)
    assert info is None or info["tag"] != "img"


# Text that Streamlit's HTML sanitiser (DOMPurify) takes for markup inside an attribute, so it drops
# the whole value="..." of the box: closing tags of raw-text elements, the end of a comment, "]>".
SANITISED_AWAY = ["<script>alert(1)</script> health", "health </style> records", "a --> b",
                  "NHS ]> GP", "</title></textarea> data", "<b>health</b> & care"]


@pytest.mark.parametrize("query", SANITISED_AWAY)
def test_the_box_keeps_what_was_typed_even_when_it_looks_like_markup(shared_desktop, site_url, query):
    from urllib.parse import quote

    page = shared_desktop
    open_page(page, site_url, "/search?q=" + quote(query, safe=""))
    box = page.get_by_role("searchbox", name=T("en", "search.box_label"))
    page.wait_for_function("(want) => document.getElementById('ndl-search-q').value === want",
                           arg=query, timeout=5_000)
    assert box.input_value() == query
    # and searching again from the box sends the same words
    _follow(page, lambda: page.get_by_role("button", name=T("en", "search.box_button"), exact=True).click())
    assert page.evaluate("new URLSearchParams(window.location.search).get('q')") == query
    assert box.input_value() == query
