"""Welsh pages name their sources in Welsh (content/cy/sources.yaml)."""
from __future__ import annotations

from ndl_explain.content import load_site
from tests.apptest import open_page, texts

SITE = load_site()


def test_welsh_page_lists_its_sources_in_welsh():
    page = SITE.page("cy", "what-it-is")
    body = texts(open_page("what-it-is", {"lang": "cy"}))
    for source_id in page.sources:
        assert SITE.source("cy", source_id).title in body
        assert SITE.sources[source_id].title not in body, "the English title is not shown on a Welsh page"


def test_welsh_sources_page_describes_every_source_in_welsh():
    body = texts(open_page("sources", {"lang": "cy", "detail": "full"}))
    for source_id in SITE.sources:
        assert SITE.source("cy", source_id).about in body, source_id


def test_welsh_walkthrough_names_its_sources_in_welsh():
    body = texts(open_page("walkthrough", {"lang": "cy", "scenario": "warm-home-discount"}))
    assert SITE.source("cy", "kantar-2020").title in body


def test_the_reading_measure_shown_is_of_the_text_as_shown():
    """The glossary's In short layer is filled in with every term; the measure on the page counts them."""
    from ndl_explain.i18n import catalogue
    from ndl_explain.layers import layer_as_read
    from ndl_explain.readability import measure

    result = measure(layer_as_read(SITE, "en", SITE.page("en", "glossary").layers["short"]))
    assert result.sentences > 100, "the filled-in glossary has many sentences"
    body = texts(open_page("glossary", {"detail": "full"}))
    expected = catalogue().t("en", "frame.reading_measure", sentences=result.sentences,
                             average=result.average_sentence_words, longest=result.longest_sentence_words,
                             flesch=round(result.flesch))
    assert expected in body


def test_welsh_walkthrough_gives_each_quote_in_welsh_too():
    from ndl_explain import CONTENT_DIR
    from ndl_explain.scenarios import load_scenarios

    scenario = load_scenarios(CONTENT_DIR, "cy")["benefit-fraud-check"]
    quotes = [item for item in scenario.people_said if item.quote]
    last = str(scenario.step_count)  # what people said is part of the whole picture, at the last step
    body = texts(open_page("walkthrough", {"lang": "cy", "scenario": "benefit-fraud-check", "step": last}))
    for item in quotes:
        assert item.translation and f'[Cyfieithiad: "{item.translation}"]' in body


def test_welsh_nation_note_has_its_own_heading_for_each_nation():
    page = next(p for p in SITE.pages("cy") if "wales" in p.nation_notes)
    at = open_page(page.slug, {"lang": "cy", "nation": "wales"})
    assert any(s.value.startswith("**Ar gyfer pobl yng Nghymru**") for s in at.success)
