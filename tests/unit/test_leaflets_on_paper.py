"""What a reader finds on the paper: addresses that can be typed, no sentence pointing at something
the paper does not show, the date the words were reviewed, the other versions named, the
draft-translation notice while the Welsh is a draft, Easy Read all through, QR codes big enough.
"""
from __future__ import annotations

import io
import re

import pdfplumber
import pikepdf
import pytest
import yaml

from ndl_explain import CONTENT_DIR
from ndl_explain.leaflets import Request, build_leaflet, load
from ndl_explain.leaflets.build import render_request
from ndl_explain.leaflets.checks import leaflet_problems
from ndl_explain.leaflets.formats import MM
from ndl_explain.leaflets.links import address_markup, print_links, printed_address, unseen_links
from ndl_explain.problems import ContentError
from tests.pdftext import pdf_text, squash

BASE = "https://ndl-explained.example.org"
EN_SITE, EN = load("en")
CY_SITE, CY = load("cy")


@pytest.fixture(autouse=True)
def site_url(monkeypatch):
    monkeypatch.setenv("NDL_SITE_URL", BASE)


def text_of(leaflet) -> str:
    """The words printed, an address broken after a "/" joined up again."""
    return re.sub(r"/\s+", "/", pdf_text(leaflet.pdf).replace("\u200b", ""))


# --- addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url, printed", [
    ("https://ndl.example.org/", "ndl.example.org"),
    ("https://ndl.example.org/what-it-is", "ndl.example.org/what-it-is"),
    ("https://ndl.example.org/?lang=cy", "ndl.example.org/?lang=cy"),
    ("https://ndl.example.org/what-it-is?lang=cy", "ndl.example.org/what-it-is?lang=cy"),
    # the example chosen lives in the QR code; the printed address stays short enough to type
    ("https://ndl.example.org/walkthrough?scenario=warm-home-discount", "ndl.example.org/walkthrough"),
    ("https://ndl.example.org/walkthrough?scenario=warm-home-discount&lang=cy", "ndl.example.org/walkthrough?lang=cy"),
])
def test_printed_addresses_are_the_host_and_a_short_path(url, printed):
    assert printed_address(url) == printed


def test_an_address_may_break_only_after_a_slash():
    html = str(address_markup("ndl-explained.example.org/what-it-is?lang=cy"))
    assert re.sub(r"<[^>]+>", "", html) == "ndl-explained.example.org/what-it-is?lang=cy"
    pieces = re.findall(r'<span class="addr-part">([^<]*)</span>', html)
    assert pieces == ["ndl-explained.example.org/", "what-it-is?lang=cy"]
    assert html.count("<wbr>") == 1  # the one place it may break: after the "/"
    css = render_request(Request("clear-print", topic="home"))[0].html
    assert re.search(r"\.address \{[^}]*hyphens: none", css)
    assert re.search(r"\.addr-part \{[^}]*white-space: nowrap", css)


def test_a_path_too_long_for_a_line_may_break_after_its_own_hyphens_never_the_host():
    """An outside page's address can hold a piece longer than a line ("how-the-nhs-handles-your-...",
    58 letters): kept whole it would run off the paper, so such a piece (never the host, never a
    short one such as "what-it-is") may also break after one of its own hyphens (none is added)."""
    address = ("www.nhsinform.scot/care-support-and-rights/health-rights/confidentiality-and-data-protection/"
               "how-the-nhs-handles-your-personal-health-information")
    html = str(address_markup(address))
    assert re.sub(r"<[^>]+>", "", html) == address
    pieces = re.findall(r'<span class="addr-part">([^<]*)</span>', html)
    assert pieces[:3] == ["www.nhsinform.scot/", "care-support-and-rights/", "health-rights/"]
    assert {"confidentiality-", "how-", "information"} <= set(pieces)
    short = str(address_markup("ndl-explained.council-information-service.example.org/rules-and-safeguards"))
    assert short.count("<wbr>") == 1


def test_the_welsh_your_rights_leaflet_keeps_a_long_outside_address_on_the_paper(monkeypatch):
    from tests.leaflet_geometry import check_leaflet

    monkeypatch.setenv("NDL_SITE_URL", BASE)
    leaflet = build_leaflet(Request("clear-print", "cy", topic="your-rights", detail="more", venue="library"))
    assert [p for p in check_leaflet(leaflet, BASE) if "off the printable area" in p] == []


@pytest.mark.parametrize("request_", [
    Request("clear-print", "en", topic="what-it-is", venue="library"),
    Request("clear-print", "cy", scenario="justice-data-lab", venue="gp-surgery"),
    Request("cards", "cy", scenario="warm-home-discount"),
    Request("bilingual", "cy", topic="home"),
    Request("poster-a4", "cy", topic="home"),
], ids=lambda r: f"{r.format}-{r.lang}")
def test_printed_addresses_never_break_inside_a_word(request_, monkeypatch):
    """A long host on a narrow column: every line that holds part of an address ends at a "/" or
    where the address ends, never at a hyphen inside it."""
    long_base = "https://ndl-explained.council-information-service.example.org"
    monkeypatch.setenv("NDL_SITE_URL", long_base)
    leaflet = build_leaflet(request_)
    host = long_base.removeprefix("https://")
    with pdfplumber.open(io.BytesIO(leaflet.pdf)) as doc:
        lines = [squash(line) for page in doc.pages for line in (page.extract_text() or "").splitlines()]
    assert any(host in line for line in lines), "the host is printed whole, on one line"
    for line in lines:
        assert not re.search(r"ndl-$|council-$|information-$", line), f"an address broken at a hyphen: {line!r}"
    assert not [line for line in lines if line.startswith(("explained.", "service.", "information-"))]


# --- no sentence pointing at something unseen ---------------------------------------------------


def test_links_in_the_words_print_with_their_address():
    html = print_links('<p>Start with <a href="/what-it-is">what the NDL is</a>.</p>', BASE, "cy", "(gweler {address})")
    text = re.sub(r"<[^>]+>", "", html)
    assert text == "Start with what the NDL is (gweler ndl-explained.example.org/what-it-is?lang=cy)."
    assert 'href="https://ndl-explained.example.org/what-it-is?lang=cy"' in html  # still a link for screen readers
    assert unseen_links(html) == []
    assert unseen_links('<body><p>Start with <a href="/what-it-is">what the NDL is</a>.</p>') == \
        ["what the NDL is -> /what-it-is"]


@pytest.mark.parametrize("request_, see", [
    (Request("clear-print", "en", topic="home"), "what is and is not decided (ndl-explained.example.org/decided)"),
    (Request("large-print", "en", topic="home"), "what is and is not decided (ndl-explained.example.org/decided)"),
    (Request("clear-print", "cy", topic="home"),
     "heb ei benderfynu (ndl-explained.example.org/decided?lang=cy)"),
    (Request("bilingual", "cy", topic="home"), "what is and is not decided (ndl-explained.example.org/decided)"),
], ids=lambda v: getattr(v, "format", "") + "-" + getattr(v, "lang", "") if isinstance(v, Request) else "")
def test_the_home_leaflet_says_where_to_read_what_is_decided(request_, see):
    """A link in the home page's words printed with nothing to follow ("Start with what the NDL is and
    is not.") was a dead end: now it says where. The words already say "see", so only the address is
    added (not "see ... (see ...)")."""
    text = text_of(build_leaflet(request_))
    assert see in text
    assert "(see ndl-explained" not in text and "(gweler ndl-explained" not in text


def test_a_link_printed_without_its_address_fails_the_build_and_the_check(monkeypatch):
    import ndl_explain.leaflets.render as render_module

    monkeypatch.setattr(render_module, "print_links", lambda html, base, lang, see: html.replace('href="/', f'href="{base}/'))
    with pytest.raises(ContentError, match="a link prints without its address"):
        build_leaflet(Request("clear-print", "en", topic="home"))
    problems = [str(p) for p in leaflet_problems(CONTENT_DIR)]
    assert any("home.md" in p and "what-it-is" in p for p in problems), problems


def test_the_content_check_finds_no_unseen_links():
    assert leaflet_problems(CONTENT_DIR) == []


# --- dates, other versions, draft notice ------------------------------------------------------


def test_the_date_the_words_were_reviewed_is_printed_not_a_fingerprint():
    leaflet = build_leaflet(Request("clear-print", "en", topic="home"))
    text = text_of(leaflet)
    from ndl_explain import CONTENT_DIR
    from ndl_explain.content import load_site
    from ndl_explain.frame_model import format_date

    updated = load_site(CONTENT_DIR).page("en", "home").updated  # the page's own "updated" date
    assert f"Words last reviewed on {format_date('en', updated)}." in text
    assert EN_SITE.version not in text and "Content version" not in text


@pytest.mark.parametrize("request_, named, not_named", [
    (Request("clear-print", "en", topic="home"), ["Welsh version (Cymraeg)", "Bilingual leaflet, Welsh and English (A4)"], []),
    (Request("poster-a4", "en", topic="what-it-is"), ["Welsh version (Cymraeg)", "Bilingual leaflet"], []),
    (Request("clear-print", "cy", topic="home"), ["Fersiwn Saesneg (English)", "Taflen ddwyieithog"], ["Fersiwn Gymraeg"]),
    (Request("clear-print", "en", scenario="justice-data-lab"), ["Welsh version (Cymraeg)"], ["Bilingual leaflet"]),
    (Request("cards", "en"), ["Welsh version (Cymraeg)"], ["Bilingual leaflet"]),
], ids=lambda v: f"{v.format}-{v.lang}" if isinstance(v, Request) else "")
def test_other_formats_name_the_welsh_and_bilingual_versions(request_, named, not_named):
    text = squash(text_of(build_leaflet(request_)))
    for name in named:
        assert name in text
    for name in not_named:
        assert name not in text


def test_the_bilingual_leaflet_names_each_single_language_version():
    text = squash(text_of(build_leaflet(Request("bilingual", "cy", topic="home"))))
    assert "Fersiwn Gymraeg" in text and "English version" in text


WELSH_ITEMS = [Request(f, "cy", topic="home") for f in ("clear-print", "booklet", "large-print", "easy-read",
                                                         "poster-a4", "poster-a3")]
WELSH_ITEMS += [Request("cards", "cy", scenario="warm-home-discount"), Request("bilingual", "cy", topic="home"),
                Request("clear-print", "cy", scenario="justice-data-lab")]


@pytest.mark.parametrize("request_", WELSH_ITEMS, ids=lambda r: f"{r.format}-{r.topic or r.scenario}")
def test_welsh_and_bilingual_prints_carry_the_draft_translation_notice(request_):
    assert CY.draft, "content/cy/leaflets.yaml marks the Welsh print words as a draft"
    text = squash(text_of(build_leaflet(request_)))
    assert squash(CY.labels["draft_translation"]) in text
    assert squash(EN.labels["draft_translation"]) not in text


@pytest.mark.parametrize("format_id", ["clear-print", "poster-a4", "easy-read"])
def test_english_prints_carry_no_draft_notice(format_id):
    text = squash(text_of(build_leaflet(Request(format_id, "en", topic="home"))))
    assert squash(EN.labels["draft_translation"]) not in text
    assert squash(CY.labels["draft_translation"]) not in text


def test_the_draft_notice_goes_once_the_welsh_is_reviewed(content_copy):
    words = content_copy / "cy" / "leaflets.yaml"
    words.write_text(words.read_text().replace("\ntranslation: draft\n", "\ntranslation: reviewed\n"))
    page = content_copy / "cy" / "pages" / "home.md"
    page.write_text(page.read_text().replace("\ntranslation: draft\n", "\ntranslation: reviewed\n"))
    leaflet = build_leaflet(Request("poster-a4", "cy", topic="home"), content_copy, BASE)
    assert squash(CY.labels["draft_translation"]) not in squash(text_of(leaflet))
    other = content_copy / "cy" / "pages" / "what-it-is.md"
    assert "translation: draft" in other.read_text()
    leaflet = build_leaflet(Request("poster-a4", "cy", topic="what-it-is"), content_copy, BASE)
    assert squash(CY.labels["draft_translation"]) in squash(text_of(leaflet)), "the page itself is still a draft"


# --- Easy Read all through, QR codes big enough -------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_easy_read_back_page_follows_the_easy_read_rules(lang):
    leaflet = build_leaflet(Request("easy-read", lang, topic="home", venue="library"))
    _, words = load(lang)
    with pdfplumber.open(io.BytesIO(leaflet.pdf)) as doc:
        sizes = [c["size"] for page in doc.pages for c in page.chars if c["text"].strip()]
        last = doc.pages[-1]
        back_lines = [c for c in last.chars if c["text"].strip()]
        pictures = [im for im in last.images]
    assert min(sizes) >= 16 - 0.05, "16pt or more everywhere, the back page and its footer too"
    text = squash(text_of(leaflet))
    for key in ("easy_other_formats", "easy_sources", "scan_qr"):
        assert squash(words.labels[key]) in text
    assert squash(words.venues["library"].easy_help) in text
    assert squash(words.venues["library"].help) not in text, "the help in Easy Read words"
    # a picture beside each point of the back page (the QR code, help, other formats, the facts),
    # with its words on its right: the pictures are the tagged figures, with their boxes
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        figures = []

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for item in node:
                    walk(item)
            elif isinstance(node, pikepdf.Dictionary):
                if str(node.get("/S")) == "/Figure" and "/A" in node and "/BBox" in node.A:
                    figures.append((pages[node.Pg.objgen], [float(v) * 0.75 for v in node.A.BBox]))
                if "/K" in node:
                    walk(node.K)

        walk(pdf.Root.StructTreeRoot.K)
    back_figures = [(i, box) for i, box in figures if i >= len(pages) - 2]
    assert len([1 for i, _ in back_figures if i == len(pages) - 1]) >= 3
    with pdfplumber.open(io.BytesIO(leaflet.pdf)) as doc:
        for index, (x0, top, x1, bottom) in back_figures:
            chars = [c for c in doc.pages[index].chars if c["text"].strip()]
            beside = [c for c in chars if top - 2 < (c["top"] + c["bottom"]) / 2 < bottom + 2 and c["x0"] > x0]
            assert beside and min(c["x0"] for c in beside) > x1, "words to the right of each picture"


def test_card_qr_codes_are_22mm_or_more_with_their_quiet_zone():
    leaflet = build_leaflet(Request("cards", "cy"))
    sizes = {qr.modules for qr in leaflet.rendered.qr_codes}
    with pdfplumber.open(io.BytesIO(leaflet.pdf)) as doc:
        codes = [im for page in doc.pages for im in page.images if tuple(im["srcsize"]) in {(n, n) for n in sizes}]
    assert len(codes) == len(leaflet.rendered.qr_codes)
    for code in codes:
        assert (code["x1"] - code["x0"]) / MM >= 22 - 0.05
    for qr in leaflet.rendered.qr_codes:  # four light modules all round, inside the picture itself
        border = [qr.matrix[i][j] for i in range(qr.modules) for j in range(qr.modules)
                  if min(i, j) < 4 or max(i, j) >= qr.modules - 4]
        assert not any(border)


def test_the_booklet_says_how_to_print_it_on_its_first_sheet():
    booklet = build_leaflet(Request("booklet", "en", topic="home"))
    with pdfplumber.open(io.BytesIO(booklet.pdf)) as doc:
        first = squash(doc.pages[0].extract_text())
        rest = " ".join(squash(p.extract_text()) for p in doc.pages[1:])
    note = squash(EN.labels["booklet_note"])
    assert note in first and note not in rest
    assert "both sides" in note and "short edge" in note
    with pikepdf.open(io.BytesIO(booklet.pdf)) as pdf:
        assert len(pdf.pages) % 2 == 0


def test_easy_read_words_on_the_back_are_short_sentences(content_copy):
    path = content_copy / "en" / "leaflets.yaml"
    data = yaml.safe_load(path.read_text())
    data["venues"]["library"]["easy_help"] = " ".join(["word"] * 16) + "."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    messages = "\n".join(str(p) for p in leaflet_problems(content_copy))
    assert "15 words or fewer" in messages and "word word word" in messages
