"""Each address has its own title and description, from the content, in each language."""
from __future__ import annotations

from collections import Counter

from ndl_explain import CONTENT_DIR, pagemeta
from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.scenarios import load_scenarios

SITE = load_site()
SCENARIOS = {lang: load_scenarios(CONTENT_DIR, lang) for lang in SITE.languages}
ALL = pagemeta.every_address(SITE, SCENARIOS)


def test_a_content_page_is_titled_from_its_front_matter_then_the_site_name():
    page = SITE.page("en", "types-of-data")
    meta = pagemeta.content_page(page)
    assert (meta.path, meta.title, meta.description) == ("/types-of-data", page.title, page.summary)
    assert meta.full_title == f"{page.title} – NDL Explained"
    welsh = pagemeta.content_page(SITE.page("cy", "types-of-data"))
    assert welsh.full_title == f"{SITE.page('cy', 'types-of-data').title} – {catalogue().t('cy', 'frame.site_name')}"
    assert welsh.address == "/types-of-data?lang=cy"
    assert pagemeta.content_page(SITE.page("en", "home")).address == "/"


def test_each_step_of_an_example_has_its_own_title():
    scenario = SCENARIOS["en"]["warm-home-discount"]
    titles = [pagemeta.scenario_page("en", scenario, n) for n in range(1, scenario.step_count + 1)]
    assert titles[1].full_title == f"{scenario.title}: step 2 of {scenario.step_count} – NDL Explained"
    assert len({meta.full_title for meta in titles}) == scenario.step_count
    assert titles[0].address == "/walkthrough?scenario=warm-home-discount"
    assert titles[1].address == "/walkthrough?scenario=warm-home-discount&step=2"
    assert pagemeta.scenario_page("en", scenario).full_title == f"{scenario.title} – NDL Explained"


def test_every_address_in_every_language_has_a_title_and_description_of_its_own():
    counts = Counter((meta.lang, meta.full_title) for meta in ALL)
    assert [key for key, n in counts.items() if n > 1] == []
    for meta in ALL:
        assert meta.title and meta.description, meta
        assert "**" not in meta.description and "](" not in meta.description, "plain text, not Markdown"
    for lang in SITE.languages:
        paths = {meta.path for meta in ALL if meta.lang == lang}
        assert {"/", "/walkthrough", "/what-if", "/leaflets"} <= paths


def test_markdown_becomes_plain_text():
    assert pagemeta.plain_text("See **the** [glossary](/glossary)\n\nand more.") == "See the glossary and more."
    assert pagemeta.plain_text("A & B <script>x</script>") == "A & B", "raw HTML and scripts go"


def test_an_unknown_page_file_gets_the_site_name():
    meta = pagemeta.page_file("en", "something-new")
    assert meta.full_title == "NDL Explained" and meta.description
