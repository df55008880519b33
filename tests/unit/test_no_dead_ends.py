"""No dead ends where people need to act: the Home page's short layer answers the first questions and
offers routes; every short answer on Your questions links to its longer answer; Your rights gives
today's opt-outs with official addresses and a note for each nation; pages say where what is
undecided is explained."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import pytest

from ndl_explain.content import NATIONS, load_site
from ndl_explain.frame_model import build_routes

SITE = load_site()
LANGS = list(SITE.languages)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchor(heading: str) -> str:
    """The id Streamlit gives a Markdown heading: lower case, accents dropped, every run of other
    characters a hyphen (checked against the site in tests/browser/test_frame.py)."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def blocks(layer: str) -> list[tuple[str, str]]:
    """(heading, text) for each ### block of a layer."""
    parts = re.split(r"^###\s+(.+)$", layer, flags=re.MULTILINE)
    return [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_short_answer_links_to_its_longer_answer(lang):
    page = SITE.page(lang, "questions")
    longer = {anchor(heading) for heading, _ in blocks(page.layers["more"])}
    short = blocks(page.layers["short"])
    assert len(short) >= 10
    for question, answer in short:
        targets = [urlsplit(href) for href in LINK.findall(answer)]
        to_longer = [t for t in targets if t.path == "/questions" and "detail=more" in t.query]
        assert to_longer, f"{question!r}: its short answer links to the longer one"
        assert to_longer[0].fragment in longer, f"{question!r}: #{to_longer[0].fragment} is a heading in More detail"


@pytest.mark.parametrize("lang", LANGS)
def test_can_i_opt_out_does_not_read_as_if_no_opt_out_exists(lang):
    page = SITE.page(lang, "questions")
    (answer,) = [text for heading, text in blocks(page.layers["short"]) if "opt" in heading.lower()]
    assert "/your-rights" in answer, "the short answer points to the opt-outs that exist today"


@pytest.mark.parametrize("lang", LANGS)
def test_your_rights_gives_todays_opt_outs_with_official_addresses(lang):
    page = SITE.page(lang, "your-rights")
    text = page.layers["more"]
    hosts = {urlsplit(href).hostname for href in LINK.findall(text) if href.startswith("https://")}
    assert "www.nhs.uk" in hosts, "England's national data opt-out, with its nhs.uk address"
    assert "ico.org.uk" in hosts, "how to complain to the ICO, with its address"
    assert set(page.nation_notes) == set(NATIONS), "a note for each nation on Your rights"
    short_hosts = {urlsplit(href).hostname for href in LINK.findall(page.layers["short"])}
    assert "www.nhs.uk" in short_hosts, "the short layer gives the opt-out's address too"


@pytest.mark.parametrize("lang", LANGS)
def test_home_short_layer_answers_the_first_questions_and_offers_routes(lang):
    page = SITE.page(lang, "home")
    short = page.layers["short"]
    assert "[[routes]]" in short, "the routes onward are drawn under the short layer"
    heading, routes = build_routes(SITE, lang, ["walkthrough", "what-if", "leaflets", "facilitate", "your-rights",
                                                "questions"])
    for route in ("/walkthrough", "/what-if", "/leaflets", "/facilitate", "/your-rights"):
        assert route in {r.link.href for r in routes}, f"the Home page offers a route to {route}"
    assert all(r.about for r in routes) and heading
    assert "GDPR" in short and "2018" in short, "which laws still apply (the UK GDPR, the Data Protection Act 2018)"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["home", "questions", "your-rights"])
def test_pages_about_the_proposal_link_what_is_decided_from_their_short_layer(lang, slug):
    paths = {urlsplit(href).path for href in LINK.findall(SITE.page(lang, slug).layers["short"])}
    assert "/decided" in paths
