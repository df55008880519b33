"""English participants' quotes on Welsh pages are marked as English (lang="en"), so a screen reader
reads them with English sounds; their Welsh translation stays in the page's language (Welsh). The
research was done in English: a Welsh file keeps each quote's exact words and adds "translation".
WCAG 2.2 success criterion 3.1.2, language of parts."""
from __future__ import annotations

import html
import re

from ndl_explain import CONTENT_DIR
from ndl_explain.scenarios import load_scenarios
from tests.apptest import open_page

SCENARIOS = {lang: load_scenarios(CONTENT_DIR, lang) for lang in ("en", "cy")}
MARKED = re.compile(r'<span lang="en">(.*?)</span>', re.S)


def _marked(at) -> list[tuple[str, bool]]:
    """(quote words marked as English, whether their element may hold HTML) in every Markdown element."""
    return [(html.unescape(words), element.proto.allow_html)
            for element in at.markdown for words in MARKED.findall(element.value)]


def test_on_a_welsh_walkthrough_each_english_quote_is_marked_english_and_its_translation_is_not():
    scenario = SCENARIOS["cy"]["benefit-fraud-check"]
    quotes = [item for item in scenario.people_said if item.quote]
    assert quotes and all(item.translation for item in quotes)
    at = open_page("walkthrough", {"lang": "cy", "scenario": scenario.id, "step": str(scenario.step_count)})
    assert not at.exception
    marked = _marked(at)
    assert sorted(words for words, _ in marked) == sorted(item.text for item in quotes)
    assert all(allow_html for _, allow_html in marked), "drawn as HTML, not shown as text"
    body = "\n".join(e.value for e in at.markdown)
    for item in quotes:
        assert f'[Cyfieithiad: "{item.translation}"]' in body
        assert f'lang="en">{html.escape(item.translation)}' not in body


def test_on_a_welsh_what_if_page_the_english_quotes_people_felt_are_marked_english():
    at = open_page("what-if", {"lang": "cy", "scenario": "warm-home-discount"})
    assert not at.exception
    marked = _marked(at)
    assert marked, "the change shown first has quotes on both sides"
    assert all(allow_html for _, allow_html in marked)
    assert all(words.isascii() for words, _ in marked), "the English words, not the Welsh"


def test_english_pages_mark_no_language_and_draw_no_html():
    scenario = SCENARIOS["en"]["benefit-fraud-check"]
    at = open_page("walkthrough", {"scenario": scenario.id, "step": str(scenario.step_count)})
    assert not at.exception
    assert _marked(at) == []
    assert not any('lang="' in e.value for e in at.markdown)
