"""The Leaflets page in AppTest: choices, ?scenario= links, preview with alt text, download, and
PDFs built only when asked (and once per set of choices)."""
from __future__ import annotations

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.i18n import catalogue
from ndl_explain.leaflets import FORMATS, VENUES, load
from ndl_explain.ui import leaflets as page
from tests.apptest import open_page, texts

SITE, WORDS = load("en", CONTENT_DIR)
SCENARIO = next(iter(SITE.scenarios), None)


def t(key: str, **values) -> str:
    return catalogue().t("en", f"leaflets.{key}", **values)


def widget(elements, key):
    return next(e for e in elements if e.key == key)


@pytest.fixture
def builds(monkeypatch):
    """Count real PDF builds made by the page."""
    calls = []
    real = page.build_leaflet

    def counting(request, *args, **kwargs):
        calls.append(request)
        return real(request, *args, **kwargs)

    monkeypatch.setattr(page, "build_leaflet", counting)
    page.pdf_bytes.clear()
    page.preview_png.clear()
    return calls


def test_the_page_opens_with_every_format_and_venue_and_builds_nothing(builds):
    at = open_page("leaflets")
    assert not at.exception, at.exception
    assert at.title[0].value == t("title")
    formats = widget(at.radio, page.KEYS["format"])
    assert list(formats.options) == [WORDS.format_names[f] for f in FORMATS]
    venues = widget(at.selectbox, page.KEYS["venue"])
    assert list(venues.options) == [WORDS.venues[v].name for v in VENUES]
    assert at.get("download_button"), "a download button"
    assert not at.get("image"), "no preview until asked"
    assert builds == [], "no PDF is built just by opening the page"


@pytest.mark.skipif(SCENARIO is None, reason="no scenarios yet")
def test_a_scenario_link_preselects_that_example():
    at = open_page("leaflets", {"scenario": SCENARIO})
    assert not at.exception
    assert widget(at.radio, page.KEYS["subject"]).value == "scenario"
    assert widget(at.selectbox, page.KEYS["scenario"]).value == SCENARIO


def test_an_unknown_scenario_link_is_handled_kindly():
    at = open_page("leaflets", {"scenario": "<script>nope</script>"})
    assert not at.exception
    assert t("unknown_scenario") in texts(at)
    assert widget(at.radio, page.KEYS["subject"]).value == "topic"


def test_preview_shows_page_one_with_alt_text_and_builds_once(builds):
    at = open_page("leaflets")
    widget(at.selectbox, page.KEYS["venue"]).set_value("library").run()
    at.button(key="lf_preview").click().run()
    assert not at.exception, at.exception
    (image,) = at.get("image")
    (shown,) = image.proto.imgs
    title = SITE.topics[widget(at.selectbox, page.KEYS["topic"]).value].title
    assert shown.alt.startswith(t("preview_alt", format=WORDS.format_names["clear-print"], title=title,
                                  messages="").strip())
    assert WORDS.labels["proposal_notice"] in shown.alt
    assert len(builds) == 1 and builds[0].venue == "library"
    at.run()  # the same choices again: served from the cache
    assert len(builds) == 1
    widget(at.selectbox, page.KEYS["venue"]).set_value("school").run()
    assert not at.get("image"), "a new choice needs a new click"
    assert len(builds) == 1


@pytest.mark.parametrize("format_id", list(FORMATS))
def test_every_format_can_be_chosen(format_id):
    at = open_page("leaflets")
    widget(at.radio, page.KEYS["format"]).set_value(format_id).run()
    assert not at.exception, at.exception
    notes = catalogue().get("en", "leaflets.format_notes")
    assert notes[format_id] in [c.value for c in at.caption]
    assert at.get("download_button")
    keys = {e.key for e in at.selectbox} | {e.key for e in at.radio}
    if FORMATS[format_id].kind == "cards":
        assert "lf_card_scenario" in keys
        assert t("all_examples") in widget(at.selectbox, "lf_card_scenario").options
    elif FORMATS[format_id].kind == "easy-read":
        assert page.KEYS["subject"] not in keys  # Easy Read prints pages only
        assert set(widget(at.selectbox, page.KEYS["topic"]).options) == {
            SITE.topics[s].title for s in WORDS.easy_read if s in SITE.topics}
    if FORMATS[format_id].kind == "leaflet":
        assert page.KEYS["length"] in keys


def test_the_file_name_says_what_and_where():
    from ndl_explain.leaflets import Request
    from ndl_explain.leaflets.build import file_name

    assert file_name(Request("poster-a4", topic="home", venue="school")) == "ndl-poster-a4-home-school-en.pdf"
    assert file_name(Request("clear-print", topic="home", detail="more")) == "ndl-clear-print-home-more-other-en.pdf"
    assert file_name(Request("cards")) == "ndl-cards-all-examples-other-en.pdf"


def test_the_page_is_in_the_menu_under_print_and_take_part():
    at = open_page("leaflets")
    assert not at.exception
    assert catalogue().t("en", "leaflets.nav_title") == "Leaflets"


def test_a_local_address_is_named_before_anyone_prints_many(monkeypatch):
    """Served on localhost (no browser address in AppTest, NDL_SITE_URL unset), the page says the
    prints would carry an address people cannot open; with a public https address it says nothing."""
    monkeypatch.delenv("NDL_SITE_URL", raising=False)
    at = open_page("leaflets")
    assert not at.exception
    warning = t("address_warning", address="localhost:8501")
    assert warning in [w.value for w in at.warning]
    monkeypatch.setenv("NDL_SITE_URL", "https://print.example.net")
    at = open_page("leaflets")
    assert not [w for w in at.warning if w.value == warning or "print.example.net" in w.value]
    (command,) = [c.value for c in at.code if "ndl_explain.leaflets" in c.value]
    assert command.startswith("export NDL_SITE_URL=https://print.example.net\npython -m ndl_explain.leaflets --pack")


def test_the_preview_and_pdf_follow_the_sites_address(monkeypatch):
    """The address printed and put in the QR code is the one the page gives (NDL_SITE_URL here; the
    visitor's own address in a browser, see tests/browser)."""
    from tests.pdftext import pdf_text

    made = []
    real = page.build_leaflet

    def recording(request, *args, **kwargs):
        leaflet = real(request, *args, **kwargs)
        made.append((kwargs.get("base_url"), leaflet))
        return leaflet

    monkeypatch.setattr(page, "build_leaflet", recording)
    page.pdf_bytes.clear()
    page.preview_png.clear()
    monkeypatch.setenv("NDL_SITE_URL", "print.example.net")  # a bare host is made https
    at = open_page("leaflets")
    at.button(key="lf_preview").click().run()
    assert not at.exception, at.exception
    ((base, leaflet),) = made
    assert base == "https://print.example.net"
    assert leaflet.rendered.qr.payload.startswith("https://print.example.net/")
    assert "print.example.net" in pdf_text(leaflet.pdf) and "localhost" not in pdf_text(leaflet.pdf)


# --- starting choices from a link: ?format=, ?topic=, ?scenario=, ?venue= (and the site's ?lang=) ---


def test_a_link_can_open_the_page_on_the_workshop_cards():
    at = open_page("leaflets", {"format": "cards"})
    assert not at.exception, at.exception
    assert widget(at.radio, page.KEYS["format"]).value == "cards"
    assert widget(at.selectbox, "lf_card_scenario").value == page.ALL, "every example, to start with"


@pytest.mark.skipif(SCENARIO is None, reason="no scenarios yet")
def test_a_link_can_choose_the_card_for_one_example():
    at = open_page("leaflets", {"format": "cards", "scenario": SCENARIO})
    assert not at.exception, at.exception
    assert widget(at.radio, page.KEYS["format"]).value == "cards"
    assert widget(at.selectbox, "lf_card_scenario").value == SCENARIO


@pytest.mark.parametrize("format_id", [f for f in FORMATS if FORMATS[f].kind != "cards"])
def test_a_link_can_choose_any_format_its_page_and_the_venue(format_id):
    topic = "what-it-is"
    at = open_page("leaflets", {"format": format_id, "topic": topic, "venue": "library"})
    assert not at.exception, at.exception
    assert widget(at.radio, page.KEYS["format"]).value == format_id
    assert widget(at.selectbox, page.KEYS["topic"]).value == topic
    assert widget(at.selectbox, page.KEYS["venue"]).value == "library"


def test_bad_values_in_the_link_are_ignored():
    at = open_page("leaflets", {"format": "<b>cards</b>", "topic": "no-such-page", "venue": "moon"})
    assert not at.exception, at.exception
    assert widget(at.radio, page.KEYS["format"]).value == "clear-print"
    assert widget(at.selectbox, page.KEYS["topic"]).value == "home"
    assert widget(at.selectbox, page.KEYS["venue"]).value == "other"
    assert not at.warning or all("localhost" in w.value for w in at.warning)
    # a page the chosen format does not print: the format is kept, the page is its first
    at = open_page("leaflets", {"format": "poster-a4", "topic": "questions"})
    assert widget(at.radio, page.KEYS["format"]).value == "poster-a4"
    assert widget(at.selectbox, page.KEYS["topic"]).value == "home"


def test_the_links_choices_are_a_start_the_visitor_can_change():
    at = open_page("leaflets", {"format": "cards"})
    widget(at.radio, page.KEYS["format"]).set_value("poster-a4").run()
    assert not at.exception, at.exception
    assert widget(at.radio, page.KEYS["format"]).value == "poster-a4"
    at.run()
    assert widget(at.radio, page.KEYS["format"]).value == "poster-a4", "not reset by the same link"


def test_a_welsh_link_opens_the_welsh_page_on_the_bilingual_leaflet():
    _, cy_words = load("cy", CONTENT_DIR)
    at = open_page("leaflets", {"lang": "cy", "format": "bilingual", "topic": "home"})
    assert not at.exception, at.exception
    assert at.title[0].value == catalogue().t("cy", "leaflets.title")
    formats = widget(at.radio, page.KEYS["format"])
    assert formats.value == "bilingual"
    assert list(formats.options) == [cy_words.format_names[f] for f in FORMATS]
