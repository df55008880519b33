"""How the workshop cards are fitted (ndl_explain/leaflets/fitting.py): the whole set is laid out once,
then only the sheets holding a card that is set more tightly, and the result is the same as laying
out the whole set with the chosen classes. (Speed itself is measured in bench/bench_leaflets.py.)"""
from __future__ import annotations

import dataclasses

import pytest
from markupsafe import escape

from ndl_explain.leaflets import FORMATS, Request, fitting, layout, load, render
from ndl_explain.leaflets.build import render_request

BASE = "https://ndl-explained.example.org"


@pytest.fixture
def passes(monkeypatch):
    """The number of pages of each layout WeasyPrint makes, in order."""
    found: list[int] = []
    real = layout.render_html

    def counting(html, base_dir):
        document = real(html, base_dir)
        found.append(len(document.pages))
        return document

    monkeypatch.setattr(layout, "render_html", counting)
    return found


def _levels(laid_out: layout.Layout, cards: int) -> dict[int, int]:
    return {i: fitting.CARD_LEVELS.index(laid_out.variant[render.card_mark(i)]) for i in range(1, cards + 1)}


def _cards(lang: str, lengthen: int | None = None) -> render.Rendered:
    """The cards for every example; ``lengthen``: that example's summary printed four times over,
    so its card must be set more tightly."""
    rendered, _ = render_request(Request("cards", lang, venue="library"), base_url=BASE)
    if lengthen is not None:
        site, _ = load(lang)
        summary = str(escape(list(site.scenarios.values())[lengthen].summary))
        assert rendered.html.count(summary) == 1
        rendered = dataclasses.replace(rendered, html=rendered.html.replace(summary, " ".join([summary] * 4)))
    return rendered


CASES = [("en", 4), ("en", 11), ("cy", None)]  # en 4: two steps tighter; the others one


@pytest.mark.parametrize(("lang", "lengthen"), CASES, ids=lambda v: str(v))
def test_the_whole_set_is_laid_out_once_then_only_the_sheets_that_change(passes, lang, lengthen):
    rendered = _cards(lang, lengthen)
    laid_out = fitting.fit_layout(rendered, FORMATS["cards"])
    cards = len(rendered.fit_marks) - 1
    sheets = (cards + 1) // 2
    levels = _levels(laid_out, cards)
    tightened = [i for i, level in levels.items() if level]
    assert tightened, "this case is about a card set more tightly"
    if lengthen is not None:
        assert levels[lengthen + 3] > 0  # the lengthened example (after the questions and the about card)
    # First the whole set; then, for each step tighter, the sheets of the cards that took that step.
    expected = [sheets] + [len({fitting.sheet_of(i) for i, level in levels.items() if level >= step})
                           for step in range(1, max(levels.values()) + 1)]
    assert passes == expected
    assert sum(passes[1:]) < sheets * (len(passes) - 1)  # fewer pages than the whole set each time
    assert not laid_out.problems


@pytest.mark.parametrize(("lang", "lengthen"), CASES, ids=lambda v: str(v))
def test_the_pages_kept_are_those_of_the_whole_set_laid_out_with_the_chosen_classes(lang, lengthen):
    rendered = _cards(lang, lengthen)
    laid_out = fitting.fit_layout(rendered, FORMATS["cards"])
    whole = layout.render_html(fitting.with_classes(rendered, laid_out.variant), render.BASE_DIR)
    assert laid_out.pages == layout.measure(whole)
    assert len(laid_out.document.pages) == len(whole.pages)
    assert layout.measure(laid_out.document) == laid_out.pages  # the pages written are the pages measured


def test_cards_that_fit_are_laid_out_once(passes):
    rendered, _ = render_request(Request("cards", "en", scenario=None, venue="school"), base_url=BASE)
    laid_out = fitting.fit_layout(rendered, FORMATS["cards"])
    if any(laid_out.variant.values()):
        pytest.skip("an English card is set more tightly: the other tests cover that")
    assert passes == [len(laid_out.pages)]


def test_every_sheet_is_marked_for_the_layout():
    rendered = _cards("en")
    cards = len(rendered.fit_marks) - 1
    chunks = rendered.html.split(render.SHEET_MARK)
    assert len(chunks) == (cards + 1) // 2 + 2  # the head, each sheet, the end
    assert all(chunk.strip().startswith('<div class="sheet">') for chunk in chunks[1:-1])
    assert [fitting.sheet_of(i) for i in range(1, 6)] == [0, 0, 1, 1, 2]


# --- Easy Read word counts, without the pronouncing dictionary -----------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_easy_read_words_are_counted_as_the_readability_measure_counts_them(lang):
    from ndl_explain.leaflets.words import easy_read_sentences, load_words, word_count
    from ndl_explain.readability import measure
    from ndl_explain import CONTENT_DIR

    words = load_words(CONTENT_DIR, lang)
    texts = [t for easy in words.easy_read.values() for t in [*(i.text for i in easy.ideas),
                                                               *(h.meaning for h in easy.hard_words)]]
    texts += ["It's 25% of 1,200.5 people – don’t worry.", "**Bold** and [a link](https://example.org/x) here.",
              "- one\n- two items\n\nA second paragraph. And a third sentence!", "Café naïve Ŵ ŷ", ""]
    sentences = [s for text in texts for s in easy_read_sentences(text)] + texts
    assert len(sentences) > 20
    assert [word_count(s) for s in sentences] == [measure(s).words for s in sentences]


def test_building_a_leaflet_leaves_the_pronouncing_dictionary_unloaded():
    """Word counts need no syllables; the dictionary would stay in memory and slow every full
    garbage collection (bench/README.md, the leaflet section)."""
    import subprocess
    import sys

    from ndl_explain import PROJECT_DIR

    code = ("import os; os.environ['NDL_SITE_URL'] = 'https://ndl-explained.example.org'\n"
            "from ndl_explain import readability\n"
            "from ndl_explain.leaflets import Request, build_leaflet\n"
            "build_leaflet(Request('easy-read', 'cy', venue='library'))\n"
            "build_leaflet(Request('cards', 'en', venue='library'))\n"
            "print(readability._cmu.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "0"


# --- no arrangement is laid out twice in one build ----------------------------------------------


@pytest.mark.parametrize(("format_id", "lang"), [("booklet", "en"), ("clear-print", "en"), ("clear-print", "cy"),
                                                 ("bilingual", "cy"), ("poster-a4", "cy")])
def test_a_build_never_lays_out_the_same_html_twice(monkeypatch, format_id, lang):
    """Also when the arrangement that worked for one venue does not for the next: the search that
    follows reuses the layout it already has (the English booklet of the Home page is such a case)."""
    from collections import OrderedDict

    from ndl_explain.leaflets import build_leaflet

    monkeypatch.setattr(fitting, "_HINTS", OrderedDict())
    monkeypatch.setenv("NDL_SITE_URL", BASE)
    laid_out: list[str] = []
    real = layout.render_html

    def recording(html, base_dir):
        laid_out.append(html)
        return real(html, base_dir)

    monkeypatch.setattr(layout, "render_html", recording)
    for venue in ("library", "gp-surgery", "school"):
        laid_out.clear()
        build_leaflet(Request(format_id, lang, topic="home", venue=venue))
        assert laid_out
        assert len(set(laid_out)) == len(laid_out), venue
