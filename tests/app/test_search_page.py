"""The Search page and the search box, through Streamlit's AppTest, in English and Welsh."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.search import load_index
from ndl_explain.searchtext import MAX_QUERY_CHARS
from tests.apptest import open_app, open_page, page_title
from tests.conftest import PROJECT

SITE = load_site()
INDEX = load_index(CONTENT_DIR, SITE)
T = catalogue().t
LANGS = list(SITE.languages)
WORRY = {"en": "health records", "cy": "cofnodion iechyd"}


def _html(at) -> list[str]:
    return [element.value for element in at.get("html")]


def _box(at) -> str:
    return next(h for h in _html(at) if 'role="search"' in h)


def _results(at) -> str:
    return next((h for h in _html(at) if '<div class="ndl-search-page"' in h), "")


ALLOWED_TAGS = {"style", "script", "form", "label", "input", "button", "span", "div", "h2", "p", "ol", "ul",
                "li", "a", "mark"}


class _Elements(HTMLParser):
    """Every element and attribute in a piece of HTML, as a browser would read them."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(fragment)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _assert_only_our_markup(fragment: str) -> None:
    parsed = _Elements(fragment)
    ours = (PROJECT / "ndl_explain" / "ui" / "search_box.js").read_text(encoding="utf-8")
    for tag, attrs in parsed.elements:
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        for name in ("href", "action", "src"):
            if attrs.get(name) is not None:
                assert attrs[name].startswith("/") and not attrs[name].startswith("//"), attrs
    assert all(script == ours for script in parsed.scripts)


def _hrefs(fragment: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', fragment)]


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_shows_results_in_each_language(lang):
    at = open_page("search", {"q": WORRY[lang], "lang": lang})
    assert not at.exception, at.exception
    assert page_title(at) == T(lang, "search.title")
    shown = _results(at)
    assert html.escape(T(lang, "search.results_heading", query=WORRY[lang])).split(":")[0] in shown
    expected = INDEX.search(lang, WORRY[lang]).hits
    assert shown.count("<li><p class=\"ndl-result-title\">") == len(expected) > 0
    links = _hrefs(shown)
    first = expected[0].document
    assert links[0].startswith(first.path()), (links[0], first)
    if first.anchor:
        assert links[0].endswith("#" + first.anchor)
    if lang != "en":
        assert all(f"lang={lang}" in link for link in links), "every link keeps the visitor's language"
    assert f'lang="{SITE.language(lang).html_lang}"' in shown


def test_a_result_opens_the_page_at_the_detail_level_that_shows_it():
    at = open_page("search", {"q": "health records"})
    first = INDEX.search("en", "health records").hits[0].document
    link = _hrefs(_results(at))[0]
    assert f"detail={first.layer}" in link if first.layer != "short" else "detail=" not in link


def test_a_visitor_at_full_detail_keeps_it_and_their_nation():
    at = open_page("search", {"q": "health records", "detail": "full", "nation": "scotland"})
    links = _hrefs(_results(at))
    assert any(link.startswith("/walkthrough") for link in links) and any(link.startswith("/questions") for link in links)
    assert all("detail=full" in link and "nation=scotland" in link for link in links)


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_search_explains_and_offers_places_to_look(lang):
    at = open_page("search", {"lang": lang})
    assert not at.exception
    assert any(T(lang, "search.intro").split(",")[0] in m.value for m in at.markdown)
    links = _hrefs(_results(at))
    assert [link.split("?")[0] for link in links] == ["/questions", "/walkthrough", "/glossary"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_result_says_so_and_offers_the_questions_examples_and_glossary(lang):
    at = open_page("search", {"q": "xqzvwk", "lang": lang})
    assert not at.exception
    shown = _results(at)
    assert html.escape(T(lang, "search.nothing_heading", query="xqzvwk")).split(":")[0] in shown
    assert "<ol" not in shown or "<li>" not in shown.split("<ol", 1)[1]
    assert [link.split("?")[0] for link in _hrefs(shown)] == ["/questions", "/walkthrough", "/glossary"]


@pytest.mark.parametrize("query", [
    "<script>alert(1)</script> health", '<img src=x onerror="alert(1)">', '" OR 1=1 --', "NEAR(health records)",
    "(health* AND -records)", "[click](javascript:alert(1)) ![x](http://example.com/x.png)", "x" * 10_000,
    "health " * 2000, ":red[health] $x$ **bold**",
])
def test_hostile_queries_never_raise_and_are_never_markup(query):
    at = open_page("search", {"q": query})
    assert not at.exception, at.exception
    for fragment in (_box(at), _results(at)):
        _assert_only_our_markup(fragment)
    for element in at.markdown:
        assert "javascript:" not in element.value and "<script" not in element.value
    kept = at.query_params.get("q")
    assert kept is None or len(kept[0] if isinstance(kept, list) else kept) <= MAX_QUERY_CHARS


def test_a_very_long_search_is_cut_and_says_so():
    at = open_page("search", {"q": "health records " * 700})
    assert not at.exception
    assert any(T("en", "search.shortened") in c.value for c in at.caption)
    assert _results(at).count('class="ndl-result-title"') > 0


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_the_search_box_with_a_label_and_the_visitors_choices(lang):
    at = open_app({"lang": lang, "nation": "wales"})
    assert not at.exception
    box = _box(at)
    assert 'action="/search"' in box and 'method="get"' in box and 'name="q"' in box
    assert re.search(r'<label[^>]*for="ndl-search-q"[^>]*>' + re.escape(html.escape(T(lang, "search.box_label"), quote=True)), box)
    assert 'id="ndl-search-q"' in box and 'type="search"' in box
    assert 'name="nation" data-ndl-name="nation" value="wales"' in box
    assert (f'data-ndl-name="lang" value="{lang}"' in box) == (lang != "en")
    assert html.escape(T(lang, "search.box_button"), quote=True) in box


def test_the_box_on_the_search_page_holds_the_words_searched_for_as_text():
    at = open_page("search", {"q": 'health "records" <b>'})
    box = _box(at)
    assert 'value="health &quot;records&quot; &lt;b&gt;"' in box
    # ... and again, percent-encoded, for search_box.js to put back when the sanitiser drops value=""
    assert 'data-ndl-value="health%20%22records%22%20%3Cb%3E"' in box


def test_the_search_box_script_survives_streamlits_sanitiser():
    # DOMPurify (SAFE_FOR_XML) removes a whole <script> whose text holds "<" before a letter, "/" or
    # "!": the box would then lose the visitor's language and, for some words, what was typed.
    script = (PROJECT / "ndl_explain" / "ui" / "search_box.js").read_text(encoding="utf-8")
    assert not re.search(r"<[/\w!]", script)


def test_on_workshop_pages_the_search_opens_in_a_new_tab_and_says_so():
    at = open_page("workshop")
    box = _box(at)
    assert 'target="_blank"' in box and T("en", "search.box_new_tab") in box
    assert 'target="_blank"' not in _box(open_app())


def test_the_search_page_is_in_the_menu():
    at = open_page("search")
    assert not at.exception
    assert page_title(at) == T("en", "search.title")


@pytest.mark.parametrize("lang", LANGS)
def test_an_example_in_the_results_says_whether_it_is_real_or_made_up(lang):
    from ndl_explain.scenarios import load_scenarios

    statuses = catalogue().get(lang, "walkthrough.statuses")
    for status in ("hypothetical", "real"):
        scenario = next(s for s in load_scenarios(CONTENT_DIR, lang).values() if s.status == status)
        at = open_page("search", {"q": scenario.title, "lang": lang})
        shown = _results(at)
        first = html.unescape(re.sub(r"<[^>]+>", "", shown.split("<li>", 2)[1]))
        assert scenario.title in first
        assert statuses[status] in first, (status, first)


def _language_hrefs(at) -> list[str]:
    """The addresses of the links to this page in the other language (header and footer)."""
    return [html.unescape(href) for fragment in _html(at)
            for href in re.findall(r'<a href="([^"]*)" class="ndl-language"', fragment)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_link_to_the_other_language_keeps_the_search(lang):
    from urllib.parse import parse_qs, urlsplit

    other = next(code for code in LANGS if code != lang)
    at = open_page("search", {"q": " " + WORRY[lang] + " \x07", "lang": lang, "nation": "wales"})
    assert not at.exception
    hrefs = _language_hrefs(at)
    assert len(hrefs) == 2  # the header's and the footer's
    for href in hrefs:
        parts = urlsplit(href)
        assert parts.path == "/search"
        params = parse_qs(parts.query)
        assert params["q"] == [WORRY[lang]] and params["nation"] == ["wales"]
        assert params.get("lang", ["en"]) == [other]


def test_a_hostile_search_kept_in_the_language_link_is_only_an_encoded_value():
    at = open_page("search", {"q": '"><script>alert(1)</script> health'})
    assert not at.exception
    hrefs = _language_hrefs(at)
    assert hrefs and all(href.startswith("/search?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E+health&")
                         for href in hrefs)
    for fragment in _html(at):
        assert "<script>alert" not in fragment


def test_the_words_searched_for_are_not_logged(caplog):
    # The privacy page says search words are not written in a log: not by the site (any logger,
    # any level); nginx's own log is tested in tests/scale/test_nginx_log.py.
    import logging

    with caplog.at_level(logging.DEBUG):
        for query in ("zzprivateworry health records", "zzprivateworry <b>", "zzprivateworry " * 40):
            at = open_page("search", {"q": query, "lang": "cy"})
            assert not at.exception
    assert caplog.records, "the test sees the site's log"
    assert not [r for r in caplog.records if "zzprivateworry" in r.getMessage()]
