"""Printable leaflets, posters and workshop cards: paper, type, tags, words, QR codes and pictures.

Every format is built once per test session (``built``), then checked from the PDF itself with
pdfplumber and pikepdf. Page 1 of each is rendered to ``artifacts/leaflets/`` so a person can look.
"""
from __future__ import annotations

import builtins
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import segno
import yaml
from PIL import Image

from ndl_explain import CONTENT_DIR, PROJECT_DIR
from ndl_explain.leaflets import (
    FORMATS,
    PANGO_PACKAGES,
    VENUES,
    LeafletChoiceError,
    PrintUnavailable,
    available_languages,
    Request,
    build_leaflet,
    load,
    scenarios_for,
    topics_for,
)
from ndl_explain.leaflets import pdf as pdf_module
from ndl_explain.leaflets.__main__ import main as cli
from ndl_explain.leaflets.booklet import saddle_stitch_order
from ndl_explain.leaflets.checks import leaflet_problems
from ndl_explain.leaflets.qr import QR_BORDER, QR_ERROR, make_qr
from tests.leaflet_geometry import _text_overlaps
from ndl_explain.leaflets.words import EASY_READ_MAX_WORDS, ICON_DIR, easy_read_sentences, load_words
from ndl_explain.readability import measure
from tests.pdftext import pdf_text, squash

BASE = "https://ndl-explained.example.org"
ARTIFACTS = PROJECT_DIR / "artifacts" / "leaflets"
SITE, WORDS = load("en")
SCENARIO = next(iter(SITE.scenarios), None)

# (case id, request) — every format, for pages and for a scenario.
CASES = {
    "clear-print": Request("clear-print", topic="what-it-is", venue="library"),
    "clear-print-more": Request("clear-print", topic="how-it-works", venue="gp-surgery", detail="more"),
    "booklet": Request("booklet", topic="what-it-is", venue="library"),
    "large-print": Request("large-print", topic="what-it-is", venue="community-centre"),
    "easy-read": Request("easy-read", topic="home", venue="school"),
    "poster-a4": Request("poster-a4", topic="what-it-is", venue="gp-surgery"),
    "poster-a3": Request("poster-a3", topic="home", venue="other"),
    "cards": Request("cards", venue="community-centre"),
}
if SCENARIO:
    CASES["clear-print-scenario"] = Request("clear-print", scenario=SCENARIO, venue="library")
    CASES["large-print-scenario"] = Request("large-print", scenario=SCENARIO, venue="school")
    CASES["poster-a4-scenario"] = Request("poster-a4", scenario=SCENARIO, venue="library")


@pytest.fixture(scope="session")
def built():
    """Each case built once: {case: (Leaflet, pdfplumber pages' data, pikepdf.Pdf)}."""
    import os

    old = os.environ.get("NDL_SITE_URL")
    os.environ["NDL_SITE_URL"] = BASE
    try:
        results = {}
        for case, request in CASES.items():
            leaflet = build_leaflet(request)
            results[case] = leaflet
        yield results
    finally:
        if old is None:
            os.environ.pop("NDL_SITE_URL", None)
        else:
            os.environ["NDL_SITE_URL"] = old


def plumber(leaflet) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(leaflet.pdf))


def all_text(leaflet) -> str:
    """The words in reading order (the order they are drawn: side-by-side boxes stay apart)."""
    return pdf_text(leaflet.pdf)


# --- paper and type ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_page_size_is_the_formats_paper(built, case):
    fmt = FORMATS[CASES[case].format]
    width, height = fmt.size_pt  # cards and the booklet: A4 landscape
    with plumber(built[case]) as doc:
        for page in doc.pages:
            assert page.width == pytest.approx(width, abs=1.0)
            assert page.height == pytest.approx(height, abs=1.0)


@pytest.mark.parametrize("case", CASES)
def test_smallest_type_meets_the_formats_minimum(built, case):
    fmt = FORMATS[CASES[case].format]
    with plumber(built[case]) as doc:
        sizes = [c["size"] for page in doc.pages for c in page.chars if c["text"].strip()]
    assert sizes, "no text found"
    assert min(sizes) >= fmt.min_pt - 0.05, f"smallest type {min(sizes):.1f}pt < {fmt.min_pt}pt"
    # the running text is the format's body size (the most common size)
    assert Counter(round(s, 1) for s in sizes).most_common(1)[0][0] >= fmt.min_pt


@pytest.mark.parametrize("case", CASES)
def test_no_italic_or_oblique_and_only_the_local_sans_font(built, case):
    with plumber(built[case]) as doc:
        fonts = {c["fontname"] for page in doc.pages for c in page.chars}
    assert not [f for f in fonts if re.search(r"italic|oblique", f, re.I)], fonts
    assert all("DejaVu" in f and "Serif" not in f and "Mono" not in f for f in fonts), fonts


def _lines(page) -> list[list[dict]]:
    """Lines of text; side-by-side columns (a wide gap on one line) count as separate lines."""
    rows: dict[float, list[dict]] = {}
    for char in page.chars:
        if char["text"].strip():
            rows.setdefault(round(char["top"] / 2) * 2, []).append(char)
    lines = []
    for _, chars in sorted(rows.items()):
        chars.sort(key=lambda c: c["x0"])
        current = [chars[0]]
        for char in chars[1:]:
            if char["x0"] - current[-1]["x1"] > 2.5 * char["size"]:
                lines.append(current)
                current = []
            current.append(char)
        lines.append(current)
    return lines


def _paragraph_pairs(page) -> list[tuple[list[dict], list[dict]]]:
    """(line, next line of the same paragraph): directly below, same column, close together."""
    lines = [ln for ln in _lines(page) if len(ln) >= 5]
    pairs = []
    for i, line in enumerate(lines):
        size = line[0]["size"]
        for below in lines[i + 1:]:
            gap = below[0]["top"] - line[0]["top"]
            if gap < 0.5 * size:
                continue
            if gap > 1.8 * size:
                break
            overlap = min(line[-1]["x1"], below[-1]["x1"]) - max(line[0]["x0"], below[0]["x0"])
            if overlap > 0 and abs(below[0]["size"] - size) < 0.5:
                pairs.append((line, below))
                break
    return pairs


def _text_start(line: list[dict]) -> float:
    """Where a line's words start, after a list bullet or number if it has one."""
    text = "".join(c["text"] for c in line)
    marker = re.match(r"^(•|–|\d+\.)", text)
    if marker and len(line) > len(marker.group(1)):
        return line[len(marker.group(1))]["x0"]
    return line[0]["x0"]


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c].format != "booklet"])
def test_text_is_left_aligned_with_a_ragged_right_edge(built, case):
    """Lines of one paragraph start at the same x (not centred) and end at different x (not
    justified)."""
    same_start, same_end, long_pairs, pairs_seen = 0, 0, 0, 0
    with plumber(built[case]) as doc:
        for page in doc.pages:
            for line, below in _paragraph_pairs(page):
                if len(line) < 25:
                    continue
                pairs_seen += 1
                same_start += abs(_text_start(line) - _text_start(below)) <= 1
                if len(below) >= 25:
                    long_pairs += 1
                    same_end += abs(line[-1]["x1"] - below[-1]["x1"]) <= 0.5
    assert pairs_seen >= 3
    assert same_start / pairs_seen >= 0.9, f"only {same_start}/{pairs_seen} lines start under the line above"
    if long_pairs >= 4:
        assert same_end / long_pairs < 0.5, f"{same_end}/{long_pairs} lines end where the line above ends"


def test_the_css_never_justifies_or_centres_running_text(built):
    for leaflet in built.values():
        css = leaflet.rendered.html
        assert not re.search(r"text-align:\s*justify", css)
        for match in re.finditer(r"([^{}]+)\{[^}]*text-align:\s*center", css):
            assert match.group(1).strip() in {".poster-facts .num"}, match.group(1)


# --- tags, language, title, pictures ----------------------------------------------------


def _struct_elements(node, found):
    if isinstance(node, pikepdf.Array):
        for item in node:
            _struct_elements(item, found)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            _struct_elements(node.K, found)


@pytest.mark.parametrize("case", [c for c in CASES if FORMATS[CASES[c].format].tagged])
def test_tagged_pdf_with_language_title_and_alt_text(built, case):
    leaflet = built[case]
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title).startswith(leaflet.rendered.title)
        elements = []
        _struct_elements(pdf.Root.StructTreeRoot.K, elements)
        kinds = Counter(str(e.S) for e in elements)
        assert kinds["/H1"] + kinds["/H2"] >= 1, kinds
        figures = [e for e in elements if str(e.S) == "/Figure"]
        assert figures, "the QR code at least is a figure"
        for figure in figures:
            assert "/Alt" in figure, "every picture needs alt text"
        alts = [str(f.Alt) for f in figures if "/Alt" in f]
    qr_alt = WORDS.label("qr_alt", url=leaflet.rendered.qr.payload)
    assert qr_alt in alts


def test_the_booklet_is_print_only_but_keeps_language_and_title(built):
    booklet = built["booklet"]
    with pikepdf.open(io.BytesIO(booklet.pdf)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root  # imposing drops the tags: the A5 file is for screens
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title) == booklet.rendered.title


# --- the words ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_item_carries_the_notice_date_reviewed_sources_formats_and_help(built, case):
    leaflet = built[case]
    request = CASES[case]
    text = all_text(leaflet)
    venue = WORDS.venues[request.venue]
    labels = WORDS.labels
    assert squash(labels["proposal_notice"]) in text
    assert squash(labels["find_out_more"]) in text
    assert squash(labels["help_heading"]) in text
    # the help panel, in Easy Read words on an Easy Read leaflet
    assert squash(venue.easy_help if FORMATS[request.format].kind == "easy-read" else venue.help) in text
    assert squash(venue.title) in text
    # the date the words were reviewed, in words; never the content fingerprint, which means nothing
    # to a reader (it stays in the PDF's keywords, so a file can be matched to the site's words)
    assert re.search(r"\d{1,2} \w+ 20\d\d", text)
    assert SITE.version not in text
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        assert SITE.version in str(pdf.docinfo.get("/Keywords", ""))
    if FORMATS[request.format].kind == "easy-read":  # the same, in Easy Read words
        assert squash(labels["easy_other_formats"]) in text and squash(labels["easy_sources"]) in text
    else:
        assert squash(labels["other_formats"]) in text
        assert squash(labels["sources_heading"]) in text
    for message in leaflet.rendered.key_messages:
        assert squash(message) in text, message


def test_leaflets_print_the_sites_own_words(built):
    """No second copy of the facts: the page's In short layer is what the leaflet says."""
    page = SITE.topics["what-it-is"]
    text = all_text(built["clear-print"])
    # a paragraph may run on to the next page: the page's foot (drawn at the break) is not its words
    number = re.escape(WORDS.labels["page_number"])
    number = number.replace(re.escape("{pages}"), r"\d+").replace(re.escape("{page}"), r"\d+")
    text = re.sub(re.escape(squash(WORDS.labels["page_footer"])) + " " + number + " ", "", text)
    assert squash(page.title) in text
    assert squash(page.summary) in text
    first_paragraph = page.short.strip().split("\n\n")[0]
    assert squash(re.sub(r"[*_]", "", first_paragraph)) in text
    more = all_text(built["clear-print-more"])
    assert WORDS.labels["more_detail"] in more


@pytest.mark.skipif(SCENARIO is None, reason="no scenarios yet")
def test_scenario_items_print_the_scenarios_own_fields(built):
    scenario = SITE.scenarios[SCENARIO]
    text = all_text(built["clear-print-scenario"])
    for part in (scenario.title, scenario.summary, scenario.requester, scenario.holder, scenario.purpose):
        assert squash(part) in text
    for step in scenario.steps:
        assert squash(step.title) in text
    cards = all_text(built["cards"])
    for item in SITE.scenarios.values():
        assert squash(item.title) in cards


def _reviewed(leaflet) -> str:
    """The leaflet's "Words last reviewed on ..." line, as printed."""
    return squash(re.sub(r"\{date\}.*", "", WORDS.labels["reviewed_line"]))


def _back_cover(leaflet) -> tuple[str, str]:
    """The words of the last page, and of the two last pages."""
    with plumber(leaflet) as doc:
        pages = [squash(page.extract_text()) for page in doc.pages]
    return pages[-1], " ".join(pages[-2:])


def test_the_last_page_of_a_leaflet_is_its_back_cover(built):
    """The back page (ask for help, with space to write who to ask) ends the leaflet; its other parts
    (find out more, other formats, the date reviewed) may end the words on the page before when
    there is room."""
    for case in ("clear-print", "clear-print-more", "large-print"):
        last, last_two = _back_cover(built[case])
        assert WORDS.labels["help_heading"] in last, case
        assert WORDS.labels["find_out_more"] in last_two and _reviewed(built[case]) in last_two, case
    with plumber(built["easy-read"]) as doc:
        last = squash(doc.pages[-1].extract_text())
    assert WORDS.labels["find_out_more"] in last and WORDS.labels["help_heading"] in last


def test_posters_are_one_page_and_cards_two_to_a_sheet(built):
    for case in ("poster-a4", "poster-a3"):
        with plumber(built[case]) as doc:
            assert len(doc.pages) == 1
    cards = len(SITE.scenarios) + 2  # the questions card, the about card and every scenario
    with plumber(built["cards"]) as doc:
        assert len(doc.pages) == -(-cards // 2)


def _overlaps(page) -> list[str]:
    """Characters from different lines drawn on top of each other (the geometric test's own check)."""
    return _text_overlaps([c for c in page.chars if c["text"].strip()])


@pytest.mark.parametrize("case", CASES)
def test_no_text_is_drawn_over_other_text(built, case):
    with plumber(built[case]) as doc:
        for number, page in enumerate(doc.pages, 1):
            assert not _overlaps(page)[:5], f"page {number}"


@pytest.mark.parametrize("format_id", ["poster-a4", "poster-a3", "cards"])
def test_every_scenario_fits_its_poster_and_its_card(format_id):
    """Long scenario words must not push a poster onto a second page or run off a card."""
    for scenario_id in scenarios_for(format_id, SITE) or [None]:
        if scenario_id is None:
            pytest.skip("no scenarios yet")
        leaflet = build_leaflet(Request(format_id, scenario=scenario_id, venue="community-centre"))
        with plumber(leaflet) as doc:
            assert len(doc.pages) == (1 if format_id != "cards" else 2), scenario_id
            assert not [o for page in doc.pages for o in _overlaps(page)][:3], scenario_id
            if format_id == "cards":
                chars = [c for c in doc.pages[1].chars if c["text"].strip()]  # the example's sheet
                card_bottom = (7 + 196) * 72 / 25.4
                assert max(c["bottom"] for c in chars) < card_bottom, scenario_id


@pytest.mark.parametrize("format_id", ["clear-print", "large-print"])
def test_every_printable_page_keeps_its_back_cover_on_one_page(format_id):
    for slug in topics_for(format_id, SITE, WORDS):
        leaflet = build_leaflet(Request(format_id, topic=slug, venue="community-centre"))
        last, last_two = _back_cover(leaflet)
        assert WORDS.labels["help_heading"] in last, slug
        assert WORDS.labels["find_out_more"] in last_two and _reviewed(leaflet) in last_two, slug


# --- QR codes -------------------------------------------------------------------------------


def _embedded_images(pdf_bytes: bytes) -> list[Image.Image]:
    images = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for _, raw in page.images.items():
                images.append(pikepdf.PdfImage(raw).as_pil_image())
    return images


def _matrix(image: Image.Image) -> tuple[tuple[bool, ...], ...]:
    grey = image.convert("L")
    return tuple(tuple(grey.getpixel((x, y)) < 128 for x in range(grey.width)) for y in range(grey.height))


@pytest.mark.parametrize("case, expected", [
    ("clear-print", f"{BASE}/what-it-is"),
    ("poster-a4", f"{BASE}/what-it-is"),
    ("poster-a3", f"{BASE}/"),
    ("easy-read", f"{BASE}/"),
    *([("poster-a4-scenario", f"{BASE}/walkthrough?scenario={SCENARIO}")] if SCENARIO else []),
])
def test_qr_code_opens_the_matching_page_and_is_embedded_exactly(built, case, expected):
    leaflet = built[case]
    qr = leaflet.rendered.qr
    assert qr.payload == expected
    # the builder's code is segno's code for that address...
    reference = segno.make(expected, error=QR_ERROR, micro=False)
    assert qr.matrix == tuple(tuple(bool(v) for v in row) for row in reference.matrix_iter(scale=1, border=QR_BORDER))
    # ...and exactly that code, module for module, is the picture in the PDF
    assert qr.matrix in {_matrix(image) for image in _embedded_images(leaflet.pdf)}


def test_each_workshop_card_links_to_its_own_scenario(built):
    payloads = {qr.payload for qr in built["cards"].rendered.qr_codes}
    for scenario_id in SITE.scenarios:
        assert f"{BASE}/walkthrough?scenario={scenario_id}" in payloads
    embedded = {_matrix(image) for image in _embedded_images(built["cards"].pdf)}
    for qr in built["cards"].rendered.qr_codes:
        assert qr.matrix in embedded


def test_site_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("NDL_SITE_URL", "https://print.example.net/")
    leaflet_qr = make_qr("x")  # the QR helper itself is a pure function of its payload
    assert leaflet_qr.payload == "x"
    from ndl_explain.leaflets.build import render_request as render

    rendered, _ = render(Request("poster-a4", topic="what-it-is"))
    assert rendered.qr.payload == "https://print.example.net/what-it-is"
    monkeypatch.setenv("NDL_SITE_URL", "print.example.net")  # a bare host: a scanner would read it as text
    rendered, _ = render(Request("poster-a4", topic="what-it-is"))
    assert rendered.qr.payload == "https://print.example.net/what-it-is"
    monkeypatch.delenv("NDL_SITE_URL")
    rendered, _ = render(Request("poster-a4", topic="what-it-is"))
    assert rendered.qr.payload == "http://localhost:8501/what-it-is"


# --- booklet imposition ---------------------------------------------------------------------


def test_saddle_stitch_order():
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    # 6 pages: two blanks go just before the back cover, which stays on the outside
    assert saddle_stitch_order(6) == [(5, 0), (1, None), (None, 2), (3, 4)]
    assert saddle_stitch_order(4) == [(3, 0), (1, 2)]


def test_booklet_sheets_hold_the_a5_pages_in_folding_order(built):
    booklet = built["booklet"]
    a5_pages = booklet.pages  # the booklet's own A5 pages, as laid out before imposing
    assert len(a5_pages) % 4 == 0, "whole sheets: no blank pages to pad the booklet"
    with plumber(booklet) as doc:
        sides = doc.pages
        assert len(sides) == len(a5_pages) // 2
        half = sides[0].width / 2
        front_right = squash(sides[0].crop((half, 0, sides[0].width, sides[0].height)).extract_text())
        front_left = squash(sides[0].crop((0, 0, half, sides[0].height)).extract_text())
    assert front_right.startswith(squash(WORDS.labels["booklet_note"])[:30])  # how to print it, on the cover's margin
    assert WORDS.labels["brand"] in front_right and SITE.topics["what-it-is"].title in front_right  # the cover
    assert WORDS.labels["help_heading"] in front_left  # the back cover


# --- the print words ------------------------------------------------------------------------


def test_the_print_words_pass_their_checks():
    assert leaflet_problems(CONTENT_DIR) == []


# "decided" in each language's print words (Welsh mutates the verb: penderfynu, benderfynu, phenderfynu)
DECIDED = {"en": "decided", "cy": "enderfynu"}


@pytest.mark.parametrize("lang", available_languages())
def test_print_words_date_the_state_of_the_proposal_as_the_site_does(lang):
    """Our sources describe the proposal as it was in early 2025. Print words that say how far it had
    got (what was or was not decided) say when, as the website does, never as if it were today."""
    words = load_words(CONTENT_DIR, lang)
    stated = [words.labels["proposal_detail"]]
    stated += [idea.text for easy in words.easy_read.values() for idea in easy.ideas]
    stated += [line for poster in words.posters.values() for line in (poster.big_message, poster.sub_message, *poster.facts)]
    about_state = [words.labels["proposal_detail"]] + [text for text in stated if DECIDED[lang] in text.lower()]
    for text in about_state:
        assert "2025" in text, text


def test_easy_read_has_short_sentences_and_a_picture_for_every_idea():
    for slug, easy in WORDS.easy_read.items():
        for item in [*easy.ideas, *easy.hard_words]:
            text = getattr(item, "text", None) or item.meaning
            for sentence in easy_read_sentences(text):
                assert measure(sentence).words <= EASY_READ_MAX_WORDS, sentence
            assert (ICON_DIR / f"{item.icon}.svg").is_file()
            assert WORDS.icon_alt[item.icon]
        assert easy.hard_words, f"{slug}: explain the hard words"


def test_easy_read_puts_each_picture_left_of_its_words(built):
    """Each idea's picture (a tagged Figure with its box) has the idea's words to its right."""
    leaflet = built["easy-read"]
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        first_page = pdf.pages[0].obj.objgen
        elements = []
        _struct_elements(pdf.Root.StructTreeRoot.K, elements)
        # WeasyPrint writes a figure's box in CSS pixels (96 to the inch), from the top left
        boxes = [[float(v) * 0.75 for v in e.A.BBox] for e in elements
                 if str(e.S) == "/Figure" and "/A" in e and "/BBox" in e.A and e.Pg.objgen == first_page]
    with plumber(leaflet) as doc:
        lines = _lines(doc.pages[0])
    idea_boxes = [b for b in boxes if b[2] - b[0] > 60]  # the idea pictures are 26 mm wide
    assert len(idea_boxes) >= 3
    for x0, top, x1, bottom in idea_boxes:
        beside = [ln for ln in lines if top - 2 < (ln[0]["top"] + ln[0]["bottom"]) / 2 < bottom + 2]
        assert beside, "words next to every picture"
        assert all(ln[0]["x0"] > x1 for ln in beside), "the picture is on the left, the words on the right"


def test_every_icon_is_a_drawn_svg_with_a_title_and_alt_text():
    icons = sorted(ICON_DIR.glob("*.svg"))
    assert len(icons) >= 20
    for path in icons:
        root = ET.parse(path).getroot()
        assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 64 64"
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text.strip()
        assert "http" not in path.read_text().replace("http://www.w3.org/2000/svg", "")  # nothing fetched
        assert WORDS.icon_alt.get(path.stem), f"alt text for {path.stem} in leaflets.yaml"


@pytest.mark.parametrize("venue", VENUES)
def test_the_venue_sets_the_title_and_the_help_panel(venue):
    from ndl_explain.leaflets.build import render_request

    rendered, _ = render_request(Request("poster-a4", topic="home", venue=venue))
    words = WORDS.venues[venue]
    assert words.title in rendered.html and words.help in rendered.html


def test_content_mistakes_in_the_print_words_are_reported_with_the_fix(content_copy):
    path = content_copy / "en" / "leaflets.yaml"
    data = yaml.safe_load(path.read_text())
    data["easy_read"]["home"]["ideas"][0]["text"] = " ".join(["word"] * 16) + "."
    data["easy_read"]["home"]["ideas"][1]["icon"] = "no-such-icon"
    data["posters"]["home"]["facts"] = data["posters"]["home"]["facts"][:2]
    del data["venues"]["school"]
    data["print_topics"].append("no-such-page")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    messages = "\n".join(str(p) for p in leaflet_problems(content_copy))
    assert "15 words or fewer" in messages
    assert "no icon called 'no-such-icon'" in messages
    assert "exactly three facts" in messages
    assert "venue 'school' is missing" in messages
    with pytest.raises(Exception):
        load_words(content_copy, "en")
    data = yaml.safe_load(path.read_text())


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def public_site(monkeypatch):
    """Prints for handing out need the site's public https address."""
    monkeypatch.setenv("NDL_SITE_URL", BASE)
    return BASE


@pytest.mark.parametrize("argv, listed", [
    (["--format", "flyer"], "clear-print, booklet, large-print"),
    (["--format", "clear-print", "--topic", "nope"], "what-it-is"),
    (["--format", "clear-print", "--venue", "pub"], "library, gp-surgery, community-centre, school, other"),
    (["--pack", "pub"], "library, gp-surgery"),
    (["--format", "cards", "--scenario", "nope"], "Scenarios:"),
    (["--format", "clear-print", "--lang", "xx"], "Languages with leaflets: cy, en"),
])
def test_cli_unknown_values_exit_2_and_list_the_valid_ones(argv, listed, capsys, tmp_path, public_site):
    assert cli([*argv, "--out", str(tmp_path)]) == 2
    assert listed in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_builds_one_file_and_a_venue_pack(tmp_path, capsys, public_site):
    assert cli(["--format", "poster-a4", "--topic", "home", "--venue", "library", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "ndl-poster-a4-home-library-en.pdf").read_bytes().startswith(b"%PDF")
    pack = tmp_path / "pack"
    assert cli(["--pack", "gp-surgery", "--out", str(pack)]) == 0
    names = sorted(p.name for p in pack.iterdir())
    for format_id in FORMATS:
        lang = "cy-en" if FORMATS[format_id].kind == "bilingual" else "en"  # Welsh and English together
        assert any(name.startswith(f"ndl-{format_id}-") and name.endswith(f"-gp-surgery-{lang}.pdf")
                   for name in names), format_id


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("address", [None, "http://localhost:8501", "localhost:8502", "http://ndl.example.org",
                                     "https://192.168.1.20", "https://printserver"])
def test_cli_refuses_prints_for_handing_out_with_an_address_people_cannot_open(address, monkeypatch, capsys, tmp_path):
    if address is None:
        monkeypatch.delenv("NDL_SITE_URL", raising=False)
    else:
        monkeypatch.setenv("NDL_SITE_URL", address)
    for argv in (["--format", "poster-a4", "--topic", "home"], ["--pack", "library"]):
        assert cli([*argv, "--out", str(tmp_path)]) == 2
        line = _one_line(capsys.readouterr().err)
        assert "NDL_SITE_URL" in line and "https" in line and "--allow-local-address" in line
    assert not list(tmp_path.iterdir()), "nothing is built"


def test_cli_prints_a_local_address_only_when_told(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("NDL_SITE_URL", raising=False)
    assert cli(["--format", "poster-a4", "--topic", "home", "--allow-local-address", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "ndl-poster-a4-home-other-en.pdf").is_file()
    assert cli(["--list"]) == 0 and cli(["--check"]) == 0  # nothing printed: no address needed


def test_cli_names_a_folder_it_cannot_write_in_one_line(tmp_path, capsys, public_site):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    for out in (a_file, a_file / "inside"):
        for argv in (["--format", "poster-a4", "--topic", "home"], ["--pack", "library", "--format", "cards"]):
            assert cli([*argv, "--out", str(out)]) == 1
            line = _one_line(capsys.readouterr().err)
            assert str(out) in line


def test_cli_pack_with_a_format_builds_just_that_format(tmp_path, capsys, public_site):
    assert cli(["--pack", "school", "--format", "poster-a3", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ndl-poster-a3-home-school-en.pdf"]
    for argv, said in ((["--pack", "school", "--format", "flyer"], "Formats:"),
                       (["--pack", "school", "--topic", "what-it-is"], "--topic"),
                       (["--pack", "school", "--detail", "more"], "--detail"),
                       (["--pack", "school", "--venue", "library"], "--venue")):
        assert cli([*argv, "--out", str(tmp_path / "other")]) == 2
        assert said in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "other").exists()


def test_cli_never_shows_a_traceback(monkeypatch, tmp_path, capsys, public_site):
    import ndl_explain.leaflets.__main__ as main_module

    def broken(*args, **kwargs):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(main_module, "build_leaflet", broken)
    assert cli(["--format", "poster-a4", "--topic", "home", "--out", str(tmp_path)]) == 1
    assert "something unexpected" in _one_line(capsys.readouterr().err)


def test_missing_pango_gives_a_clear_message_naming_the_debian_packages(monkeypatch, capsys, tmp_path):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    pdf_module._weasyprint.cache_clear()
    pdf_module._fetcher.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_pango)
    try:
        with pytest.raises(PrintUnavailable) as error:
            build_leaflet(Request("poster-a4", topic="home"))
        assert PANGO_PACKAGES in str(error.value)
        assert cli(["--format", "poster-a4", "--topic", "home", "--allow-local-address", "--out", str(tmp_path)]) == 3
        assert "libpango-1.0-0 libpangoft2-1.0-0" in capsys.readouterr().err
    finally:
        monkeypatch.setattr(builtins, "__import__", real_import)
        pdf_module._weasyprint.cache_clear()
        pdf_module._fetcher.cache_clear()


def test_unknown_choices_raise_a_helpful_error():
    with pytest.raises(LeafletChoiceError, match="Topics:"):
        build_leaflet(Request("easy-read", topic="questions"))
    with pytest.raises(LeafletChoiceError, match="not both"):
        build_leaflet(Request("poster-a4", topic="home", scenario=SCENARIO or "x"))


# --- pictures for people to look at ---------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_page_one_renders_to_a_png_for_review(built, case):
    import pypdfium2

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(built[case].pdf)
    try:
        image = document[0].render(scale=100 / 72).to_pil()
    finally:
        document.close()
    target = ARTIFACTS / f"{case}.png"
    image.save(target)
    assert target.stat().st_size > 10_000
    # not blank: a good share of the page is ink
    grey = image.convert("L")
    dark = sum(1 for value in grey.getdata() if value < 128)
    assert dark > 0.01 * grey.width * grey.height
    (ARTIFACTS / f"{case}.pdf").write_bytes(built[case].pdf)
