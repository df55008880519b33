"""The checks that keep the site true to its sources and as complete in Welsh as in English: each is
shown to pass on the real content and to catch the mistake it is for."""
from __future__ import annotations

import re
from pathlib import Path

from ndl_explain.checks import run_checks


def problems(root: Path) -> list[str]:
    return [str(p) for p in run_checks(root)]


def test_the_real_content_passes_every_check():
    assert problems(Path(__file__).resolve().parents[2] / "content") == []


def test_a_draft_welsh_file_needs_the_language_marked_draft(content_copy):
    language = content_copy / "cy" / "language.yaml"
    language.write_text(re.sub(r"(?m)^translation: draft$", "translation: reviewed", language.read_text()))
    found = problems(content_copy)
    assert any("cy/language.yaml" in p and "marked as a draft translation" in p for p in found), found


def test_every_source_has_welsh_words_and_welsh_pages_use_them():
    from ndl_explain.content import load_site

    site = load_site()
    welsh = site.sources_in("cy")
    assert set(welsh) == set(site.sources)
    for source_id, source in site.sources.items():
        other = welsh[source_id]
        assert other.title != source.title and other.about != source.about, source_id
        assert (other.year, other.url) == (source.year, source.url), "one source of truth for the rest"
    assert site.sources_in("en") == site.sources


def test_a_source_missing_from_the_welsh_list_is_reported(content_copy):
    path = content_copy / "cy" / "sources.yaml"
    text = path.read_text()
    path.write_text(re.sub(r"(?ms)^pecr-2003:.*?(?=^\S|\Z)", "", text))
    found = problems(content_copy)
    assert any("cy/sources.yaml" in p and "pecr-2003" in p for p in found), found


def test_an_unknown_id_in_the_welsh_source_list_is_reported(content_copy):
    path = content_copy / "cy" / "sources.yaml"
    path.write_text(path.read_text() + "\nno-such-source:\n  title: Dim\n  about: Dim byd.\n")
    found = problems(content_copy)
    assert any("cy/sources.yaml" in p and "no-such-source" in p for p in found), found


def test_the_reading_gate_measures_the_short_layer_as_shown(content_copy):
    """A list filled in under *In short* ([[bibliography]] here) is read by visitors, so it is measured:
    a hard description in the sources list fails the gate, although the page's own Markdown is plain."""
    page = content_copy / "en" / "pages" / "glossary.md"
    page.write_text(page.read_text().replace("[[glossary]]", "[[glossary]]\n\n[[bibliography]]", 1))
    sources = content_copy / "sources.yaml"
    hard = ("Notwithstanding considerable organisational heterogeneity, interviewees articulated "
            "multifaceted institutional considerations regarding interdepartmental informational "
            "exchange, proportionality, accountability and jurisprudential uncertainty.")
    sources.write_text(re.sub(r"(?m)^(ipsos-2025:\n(?:  .*\n)*?  about: >-\n)(?:    .*\n)+",
                              lambda m: m.group(1) + f"    {hard}\n", sources.read_text()))
    found = problems(content_copy)
    assert any("glossary.md" in p and "reading ease" in p for p in found), found


def test_every_short_layer_as_shown_reads_at_60_or_more():
    from ndl_explain.content import load_site
    from ndl_explain.layers import layer_as_read
    from ndl_explain.readability import measure

    site = load_site()
    for page in site.pages("en"):
        result = measure(layer_as_read(site, "en", page.layers["short"]))
        assert result.flesch >= 60, (page.slug, result.flesch)
        assert result.longest_sentence_words <= 25, (page.slug, result.longest_sentence)


def test_a_welsh_page_quote_needs_a_welsh_rendering(content_copy):
    page = content_copy / "cy" / "pages" / "what-it-is.md"
    text = page.read_text()
    assert '[Cyfieithiad: "Breuddwyd haciwr."]' in text
    page.write_text(text.replace(' [Cyfieithiad: "Breuddwyd haciwr."]', ""))
    found = problems(content_copy)
    assert any("cy/pages/what-it-is.md" in p and "Cyfieithiad" in p for p in found), found


def _drop_translation(path: Path, quote_start: str) -> None:
    """Remove the 'translation:' under the quote that starts with ``quote_start``."""
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if quote_start in line)
    index = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("translation:"))
    indent = len(lines[index]) - len(lines[index].lstrip())
    end = index + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip())) > indent:
        end += 1
    del lines[index:end]
    path.write_text("".join(lines))


def test_a_welsh_example_quote_needs_a_welsh_rendering(content_copy):
    path = content_copy / "cy" / "scenarios" / "benefit-fraud-check.yaml"
    _drop_translation(path, "What worried me was what the tax office done")
    found = problems(content_copy)
    assert any("benefit-fraud-check.yaml" in p and "Welsh rendering" in p for p in found), found


def test_a_welsh_what_if_quote_needs_a_welsh_rendering(content_copy):
    path = content_copy / "cy" / "what_if.yaml"
    _drop_translation(path, "The government is ultimately responsible")
    found = problems(content_copy)
    assert any("cy/what_if.yaml" in p and "Welsh rendering" in p for p in found), found


def test_a_status_without_its_own_leaflet_label_is_reported(content_copy):
    """Without its own label a leaflet would fall back to another status's tag (e.g. call a real
    example made up)."""
    path = content_copy / "cy" / "leaflets.yaml"
    path.write_text(re.sub(r"(?m)^  status_real:.*\n", "", path.read_text()))
    found = problems(content_copy)
    assert any("cy/leaflets.yaml" in p and "status_real" in p for p in found), found


def test_a_real_example_must_say_when_it_was_described(content_copy):
    path = content_copy / "en" / "scenarios" / "justice-data-lab.yaml"
    text = path.read_text()
    path.write_text(re.sub(r"(?ms)^status_note: >-\n(?:  [^\n]*\n)+", "status_note: >-\n  A real example.\n", text))
    found = problems(content_copy)
    assert any("justice-data-lab.yaml" in p and "when" in p for p in found), found


def test_one_persons_idea_is_labelled_as_one_persons_idea():
    from ndl_explain import CONTENT_DIR
    from ndl_explain.i18n import catalogue
    from ndl_explain.scenarios import load_scenarios

    for lang in ("en", "cy"):
        scenario = load_scenarios(CONTENT_DIR, lang)["benefit-fraud-check"]
        assert scenario.status == "participant-idea"
        label = catalogue().get(lang, "walkthrough.statuses")[scenario.status]
        assert label != catalogue().get(lang, "walkthrough.statuses")["illustrative"]


def test_a_table_number_that_disagrees_with_the_figure_is_reported(content_copy):
    page = content_copy / "en" / "pages" / "what-people-said.md"
    text = page.read_text()
    assert "| Social grade | ABC1 | 35 | 1 | 36 |" in text
    page.write_text(text.replace("| Social grade | ABC1 | 35 | 1 | 36 |", "| Social grade | ABC1 | 35 | 1 | 38 |"))
    found = problems(content_copy)
    assert any("what-people-said.md" in p and "36" in p and "participants" in p for p in found), found


def test_a_page_number_near_a_figure_number_is_reported(content_copy):
    page = content_copy / "cy" / "pages" / "types-of-data.md"
    text = page.read_text()
    assert "8,636" in text
    page.write_text(text.replace("8,636", "8,663", 1))
    found = problems(content_copy)
    assert any("cy/pages/types-of-data.md" in p and "8,636" in p and "8,663" in p for p in found), found


def test_the_picture_in_words_gives_every_number_in_the_chart(content_copy):
    figure = content_copy / "en" / "figures" / "participants.yaml"
    text = figure.read_text()
    figure.write_text(text.replace("label: Online focus groups, value: 69", "label: Online focus groups, value: 70"))
    found = problems(content_copy)
    assert any("participants.yaml" in p and "70" in p for p in found), found
