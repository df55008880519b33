"""The header, phase banner and footer as plain data (ndl_explain/frame_model.py) and the contact
configuration (ndl_explain/contact.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from ndl_explain import contact as contact_config
from ndl_explain import frame_model as fm
from ndl_explain.content import SECTIONS, load_site
from ndl_explain.i18n import catalogue
from ndl_explain.searchtext import MAX_QUERY_CHARS

SITE = load_site()
LANGS = list(SITE.languages)
T = catalogue().t
FILES = [fm.MenuEntry("examples", 1, "walkthrough", "Walk through an example"),
         fm.MenuEntry("take-part", 2, "workshop", "Join a workshop")]


# --- contact configuration ------------------------------------------------------------------------

def test_no_contact_settings_means_no_contact_route():
    contact = contact_config.from_env({})
    assert not contact.configured and contact.email == "" and contact.feedback_url == ""
    assert contact.problems == ()


def test_contact_settings_are_read_and_trimmed():
    contact = contact_config.from_env({"NDL_CONTACT_EMAIL": " ndl@example.org ",
                                       "NDL_FEEDBACK_URL": "https://example.org/feedback?site=ndl",
                                       "NDL_OPERATOR_NAME": "  Example  Council\n"})
    assert contact.configured
    assert contact.email == "ndl@example.org" and contact.mailto == "mailto:ndl@example.org"
    assert contact.feedback_url == "https://example.org/feedback?site=ndl"
    assert contact.operator == "Example Council"


@pytest.mark.parametrize("email", ["not an email", "a@b", "x@y.org>", "[x](javascript:alert(1))@e.org",
                                   "<script>@e.org", "a b@example.org", "x" * 300 + "@example.org"])
def test_an_email_setting_that_is_not_an_address_is_left_out_and_reported(email):
    contact = contact_config.from_env({"NDL_CONTACT_EMAIL": email})
    assert contact.email == "" and not contact.configured
    assert any("NDL_CONTACT_EMAIL" in p for p in contact.problems)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org", "example.org/form", "https://",
                                 "https://exa mple.org\n"])
def test_a_feedback_setting_that_is_not_a_web_address_is_left_out(url):
    contact = contact_config.from_env({"NDL_FEEDBACK_URL": url})
    assert contact.feedback_url == "" and any("NDL_FEEDBACK_URL" in p for p in contact.problems)


def test_a_feedback_address_is_made_safe_for_a_markdown_link():
    url = contact_config.from_env({"NDL_FEEDBACK_URL": "https://example.org/a form (new)"}).feedback_url
    assert " " not in url and "(" not in url and ")" not in url
    assert url.startswith("https://example.org/")


# --- footer -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_footer_without_contact_says_so_plainly(lang):
    footer = fm.build_footer(SITE, lang, contact_config.Contact())
    assert footer.contact_lines == (T(lang, "frame.footer.contact_none"),)
    assert footer.contact_links == ()


@pytest.mark.parametrize("lang", LANGS)
def test_footer_with_contact_links_the_email_and_feedback_page(lang):
    contact = contact_config.from_env({"NDL_CONTACT_EMAIL": "ndl@example.org",
                                       "NDL_FEEDBACK_URL": "https://example.org/feedback",
                                       "NDL_OPERATOR_NAME": "Example Council"})
    footer = fm.build_footer(SITE, lang, contact)
    assert [link.href for link in footer.contact_links] == ["mailto:ndl@example.org", "https://example.org/feedback"]
    assert all(link.external for link in footer.contact_links)
    assert T(lang, "frame.footer.contact_none") not in footer.contact_lines
    assert any("Example Council" in line for line in footer.contact_lines)


@pytest.mark.parametrize("lang", LANGS)
def test_footer_links_accessibility_privacy_sources_and_the_other_language(lang):
    languages = fm.language_links(SITE, lang, "what-it-is")
    footer = fm.build_footer(SITE, lang, contact_config.Contact(), params={"detail": "more"}, languages=languages)
    pages = [link.page for link in footer.links]
    for slug in ("accessibility", "privacy", "sources", fm.DECIDED):
        assert slug in pages
    assert all("detail=more" in link.href for link in footer.links)
    assert [link.lang for link in footer.languages] == [SITE.language(c).html_lang for c in LANGS if c != lang]
    reviewed = fm.reviewed_on(lang)
    assert fm.format_date(lang, reviewed) in footer.reviewed


def test_reviewed_date_is_a_real_date_not_in_the_future():
    for lang in LANGS:
        assert fm.reviewed_on(lang) <= dt.date.today()


def test_dates_are_written_as_people_write_them():
    assert fm.format_date("en", dt.date(2026, 12, 3)) == "3 December 2026"
    assert fm.format_date("cy", dt.date(2026, 12, 3)) == "3 Rhagfyr 2026"


# --- header and banner --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_menu_lists_every_page_once_in_section_order(lang):
    entries = fm.menu_entries(SITE, lang, FILES)
    header = fm.build_header(SITE, lang, entries, url_path="what-it-is", params={"lang": lang} if lang != "en" else {})
    listed = [link.page for section in header.sections for link in section.links]
    assert sorted(listed) == sorted(e.url_path for e in entries)
    assert len(listed) == len(set(listed))
    titles = [T(lang, f"frame.sections.{s}") for s in SECTIONS]
    assert [s.title for s in header.sections] == [t for t in titles if t in {s.title for s in header.sections}]
    current = [link.page for section in header.sections for link in section.links if link.current]
    assert current == ["what-it-is"]
    assert header.menu_label == T(lang, "frame.header.menu")
    assert header.home.href.startswith("/") and header.home.page == ""


def test_menu_links_carry_the_visitors_choices():
    header = fm.build_header(SITE, "en", fm.menu_entries(SITE, "en"), params={"detail": "full", "nation": "wales"})
    for section in header.sections:
        for link in section.links:
            assert "detail=full" in link.href and "nation=wales" in link.href


@pytest.mark.parametrize("lang", LANGS)
def test_banner_links_to_what_is_decided(lang):
    banner = fm.build_banner(SITE, lang)
    assert banner.link is not None and banner.link.page == fm.DECIDED
    assert banner.tag and banner.text


def test_language_link_keeps_the_page_its_own_plain_parameters_and_the_choices():
    own = fm.own_page_params("walkthrough", {"scenario": "warm-home-discount", "step": "3",
                                             "token": "secret", "x": "1"})
    assert own == {"scenario": "warm-home-discount", "step": "3"}
    assert fm.own_page_params("walkthrough", {"step": '3"><script>'}) == {}
    (link,) = fm.language_links(SITE, "en", "walkthrough", detail="more", nation="wales", own=own)
    assert link.href == "/walkthrough?scenario=warm-home-discount&step=3&detail=more&nation=wales&lang=cy"
    assert link.lang == "cy" and link.label == T("cy", "frame.this_page_in_language")


def test_on_the_search_page_the_language_link_keeps_the_words_searched_for_cleaned():
    own = fm.own_page_params("search", {"q": "  health\x00 records  ", "token": "secret"})
    assert own == {"q": "health records"}
    (link,) = fm.language_links(SITE, "en", "search", own=own)
    assert link.href == "/search?q=health+records&lang=cy"


@pytest.mark.parametrize("query", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
                                   "a&lang=en#x", "javascript:alert(1)"])
def test_a_search_kept_in_the_language_link_stays_one_encoded_value(query):
    from urllib.parse import parse_qs, urlsplit

    own = fm.own_page_params("search", {"q": query})
    (link,) = fm.language_links(SITE, "en", "search", own=own)
    parts = urlsplit(link.href)
    assert parts.path == "/search" and not parts.fragment
    assert not set("<>\"'# ") & set(link.href)
    assert parse_qs(parts.query) == {"q": [query], "lang": ["cy"]}


def test_only_the_search_page_keeps_a_query_and_an_empty_one_is_left_out():
    assert fm.own_page_params("what-it-is", {"q": "health"}) == {}
    assert fm.own_page_params("walkthrough", {"q": "health"}) == {}
    assert fm.own_page_params("search", {"q": "   "}) == {}
    assert fm.own_page_params("search", {"q": ["health"]}) == {}
    assert fm.own_page_params("search", {"q": "x" * 5000}) == {"q": "x" * MAX_QUERY_CHARS}
