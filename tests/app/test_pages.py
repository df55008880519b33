"""Every registered page renders at every detail level; odd or hostile URLs fall back safely."""
from __future__ import annotations

import html
import runpy

import pytest

from ndl_explain.content import LAYERS, load_site
from ndl_explain.i18n import catalogue
from tests.apptest import open_app, open_page, texts
from tests.conftest import APP, PROJECT

SITE = load_site()
CONTENT_PAGES = [(page.lang, page.slug) for lang in SITE.languages for page in SITE.pages(lang)]


def registered_page_files():
    """The page files app.py registers (those that exist)."""
    source = (PROJECT / "app.py").read_text()
    start, end = source.index("PAGE_FILES = ["), source.index("# ---- end of page registration")
    namespace: dict = {}
    exec("from ndl_explain.ui import frame\n" + source[start:end], namespace)  # noqa: S102
    return [spec for spec in namespace["PAGE_FILES"] if (PROJECT / spec.path).is_file()]


@pytest.mark.parametrize("detail", LAYERS)
@pytest.mark.parametrize("lang, slug", CONTENT_PAGES)
def test_content_page_renders_at_each_detail_level(lang, slug, detail):
    page = SITE.page(lang, slug)
    at = open_page(slug, {"detail": detail, "lang": lang})
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [page.title]
    shown = [h.value for h in at.header]
    headings = SITE.language(lang).layer_headings
    for layer in LAYERS:
        assert (headings[layer] in shown) == (layer in page.visible_layers(detail)), (layer, shown)
    body = texts(at)
    # "This is a proposal" is on every page, in the phase banner under the header (tests/app/test_frame.py)
    assert catalogue().t(lang, "frame.banner.text") in body
    for source_id in page.sources:
        assert SITE.source(lang, source_id).title in body
    reading = catalogue().t(lang, "frame.reading_heading")
    assert (reading in body) == (detail == "full")


@pytest.mark.parametrize("spec", registered_page_files(), ids=lambda s: s.url_path)
@pytest.mark.parametrize("detail", LAYERS)
def test_page_files_render(spec, detail):
    at = open_page(spec.url_path, {"detail": detail})
    assert not at.exception, at.exception
    assert at.title, "every page shows a title"


def test_home_is_the_default_page():
    at = open_app()
    assert not at.exception
    assert at.title[0].value == SITE.page("en", "home").title


@pytest.mark.parametrize("query", [
    {"detail": "999"}, {"detail": ""}, {"nation": "<script>alert(1)</script>"}, {"lang": "xx"},
    {"detail": "x" * 5000, "nation": "y" * 5000, "lang": "z" * 5000}, {"nation": "wales'; DROP TABLE"},
])
def test_hostile_query_values_fall_back_to_defaults(query):
    at = open_app(query)
    assert not at.exception, at.exception
    assert at.session_state["detail"] == "short"
    assert at.session_state["nation"] == ""
    assert at.session_state["lang"] == "en"
    for key in query:
        assert key not in at.query_params, "invalid values are removed from the URL"
    assert "<script>" not in texts(at)


def test_valid_choices_from_the_url_are_used_and_kept():
    at = open_page("what-it-is", {"detail": "full", "nation": "wales"})
    assert not at.exception
    assert at.session_state["detail"] == "full"
    assert at.query_params["detail"] == "full"
    assert at.query_params["nation"] == "wales"


def test_nation_note_shows_only_for_the_chosen_nation():
    page = next(p for p in SITE.pages("en") if p.nation_notes)
    nation, note = next(iter(page.nation_notes.items()))
    shown = texts(open_page(page.slug, {"nation": nation}))
    assert note.strip()[:40] in shown
    assert note.strip()[:40] not in texts(open_page(page.slug))


def test_show_more_button_raises_the_detail_level():
    at = open_page("what-it-is")
    headings = SITE.language("en").layer_headings
    assert headings["more"] not in [h.value for h in at.header]
    at.button(key="show-more").click().run()
    assert not at.exception
    assert at.session_state["detail"] == "more"
    assert headings["more"] in [h.value for h in at.header]


def test_broken_content_shows_a_calm_message_not_a_traceback(content_copy, monkeypatch):
    (content_copy / "en" / "pages" / "home.md").write_text("---\nslug: [oops\n---\n")
    monkeypatch.setattr("ndl_explain.ui.frame.CONTENT_DIR", content_copy)
    from ndl_explain.ui.frame import get_site

    get_site.clear()
    try:
        at = open_app()
        assert not at.exception
        assert at.title[0].value == catalogue().t("en", "frame.content_error_title")
    finally:
        get_site.clear()


def test_bar_figure_is_drawn_as_html_with_its_numbers():
    """The participants figure reaches the page as one HTML element with every label and number."""
    figure = SITE.figure("en", "participants")
    at = open_page("what-people-said")
    for _ in range(2):  # the first run builds the cached HTML, the second reuses it
        drawn = [el.proto.body for el in at.get("html") if "ndl-bars" in el.proto.body]
        assert len(drawn) == 1, "one bar figure drawn"
        for row in figure.spec["data"]:
            assert f">{row['label']}</th>" in drawn[0] and f">{row['value']}</td>" in drawn[0], row
        at.run()


@pytest.mark.parametrize("lang", SITE.languages)
@pytest.mark.parametrize("slug, figure_id, marker", [("how-it-works", "how-it-works", "ndl-flow"),
                                                     ("types-of-data", "identifiability", "ndl-spectrum")])
def test_diagrams_are_drawn_as_html_not_graphviz(lang, slug, figure_id, marker):
    """Streamlit's Graphviz renderer cost a phone 0.6 MB on its first visit (bench/README.md,
    finding 22): the flow and the spectrum reach the page as HTML with their words as text."""
    figure = SITE.figure(lang, figure_id)
    at = open_page(slug, {"lang": lang})
    assert not at.exception, at.exception
    assert not at.get("graphviz_chart")
    drawn = [el.proto.body for el in at.get("html") if f'class="{marker}"' in el.proto.body]
    assert len(drawn) == 1, f"one {marker} drawn"
    names = [node["label"] for node in figure.spec.get("nodes", [])] + [s["label"] for s in figure.spec.get("steps", [])]
    for name in names:
        assert html.escape(name.splitlines()[0]) in drawn[0], name


def test_each_page_says_when_it_was_last_updated():
    for slug in ("home", "what-people-said"):
        page = SITE.page("en", slug)
        at = open_page(slug)
        assert catalogue().t("en", "frame.updated", date=page.updated.isoformat()) in texts(at)
