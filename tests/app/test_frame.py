"""The frame on every page through AppTest: header (site name, Menu, language), phase banner, footer,
in both languages; the contact route from configuration, set and not set; no dead ends on the
pages that send people to "the organisation that runs this copy"."""
from __future__ import annotations

import html

import pytest

from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.ui import frame
from tests.apptest import open_page, texts
from tests.app.test_pages import registered_page_files

SITE = load_site()
T = catalogue().t
CONTENT = [(lang, page.slug) for lang in SITE.languages for page in SITE.pages(lang)]
FILES = [(lang, spec.url_path) for lang in SITE.languages for spec in registered_page_files()]
CONTACT_PAGES = ("about", "accessibility", "privacy")


def page_links(at) -> list[tuple[str, str]]:
    """(label, page) of every st.page_link drawn."""
    return [(e.proto.label, e.proto.page) for e in at.get("page_link")]


def frame_shown(at, lang: str) -> dict[str, bool]:
    body = texts(at)
    return {
        "site name": any('class="ndl-home"' in e.proto.body and html.escape(T(lang, "frame.site_name")) in e.proto.body
                         for e in at.get("html")),
        "menu": any(e.label == T(lang, "frame.header.menu") for e in at.expander),
        "banner": T(lang, "frame.banner.text") in body and f"[{T(lang, 'frame.banner.link')}](/decided" in body,
        "footer": T(lang, "frame.footer.contact_heading") in body and T(lang, "frame.footer.reviewed").split("{")[0] in body,
    }


@pytest.fixture
def contact_from(monkeypatch):
    """Set the contact configuration for one test (the frame reads it once per process)."""
    def set_env(**values: str) -> None:
        for name in ("NDL_CONTACT_EMAIL", "NDL_FEEDBACK_URL", "NDL_OPERATOR_NAME"):
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        frame.contact.cache_clear()
    yield set_env
    frame.contact.cache_clear()


@pytest.mark.parametrize("lang, slug", CONTENT + FILES)
def test_every_page_has_header_banner_and_footer(lang, slug, contact_from):
    contact_from()
    at = open_page(slug if slug != "home" else "", {"lang": lang})
    assert not at.exception, at.exception
    assert frame_shown(at, lang) == {"site name": True, "menu": True, "banner": True, "footer": True}


def test_the_menu_lists_every_page_once_open_and_holds_the_nation_choice():
    at = open_page("what-it-is")
    assert at.selectbox(key="nation").label == T("en", "frame.nation_label")
    closed = {label for label, _ in page_links(at)}
    assert SITE.page("en", "how-it-works").menu_title not in closed, "the links are drawn only when open"
    at.session_state["ndl_menu"] = True  # what opening it in a browser does
    at.run()
    assert not at.exception
    listed = {label for label, _ in page_links(at)}
    for page in SITE.pages("en"):
        assert page.menu_title in listed, page.slug
    for spec in registered_page_files():
        assert T("en", spec.title_key) in listed, spec.url_path


def test_choosing_a_nation_in_the_menu_shows_that_nations_note():
    page = next(p for p in SITE.pages("en") if "wales" in p.nation_notes)
    at = open_page(page.slug)
    at.selectbox(key="nation").select("wales").run()
    assert not at.exception
    assert page.nation_notes["wales"].strip()[:40] in texts(at)


def test_without_contact_settings_the_footer_says_there_is_no_contact_route(contact_from):
    contact_from()
    at = open_page("what-it-is")
    body = texts(at)
    assert T("en", "frame.footer.contact_none") in body
    assert "mailto:" not in body


def test_with_contact_settings_the_footer_links_email_and_feedback(contact_from):
    contact_from(NDL_CONTACT_EMAIL="ndl@example.org", NDL_FEEDBACK_URL="https://example.org/feedback",
                 NDL_OPERATOR_NAME="Example Council")
    at = open_page("what-it-is", {"lang": "cy"})
    body = texts(at)
    assert "(mailto:ndl@example.org)" in body
    assert "(https://example.org/feedback)" in body
    assert "Example Council" in body
    assert T("cy", "frame.footer.contact_none") not in body


def test_a_bad_contact_setting_is_not_shown(contact_from):
    contact_from(NDL_CONTACT_EMAIL="[click](javascript:alert(1))", NDL_FEEDBACK_URL="javascript:alert(1)")
    at = open_page("what-it-is")
    assert not at.exception
    body = texts(at)
    assert "javascript:" not in body
    assert T("en", "frame.footer.contact_none") in body


@pytest.mark.parametrize("lang", list(SITE.languages))
@pytest.mark.parametrize("slug", CONTACT_PAGES)
def test_about_accessibility_and_privacy_use_the_same_contact_route(slug, lang, contact_from):
    """No "contact the organisation that runs this copy" without saying how: the page shows the
    configured route, or says plainly there is none, at every detail level."""
    for detail in ("short", "more", "full"):
        contact_from()
        body = texts(open_page(slug, {"lang": lang, "detail": detail}))
        # the footer says it once; the page says it too wherever it sends people to get in touch
        assert body.count(T(lang, "frame.footer.contact_none")) >= 2, (slug, detail)
    contact_from(NDL_CONTACT_EMAIL="ndl@example.org")
    body = texts(open_page(slug, {"lang": lang, "detail": "full"}))
    assert body.count("(mailto:ndl@example.org)") >= 2


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_sources_page_shows_each_address_as_a_link_or_says_there_is_none(lang):
    # the full list is under More detail (its In short layer says plainly what the page is for)
    body = texts(open_page("sources", {"lang": lang, "detail": "more"}))
    for source in SITE.sources_in(lang).values():
        if source.url:
            assert f"]({source.url})" in body, source.id
    assert T(lang, "frame.source_not_online") in body
