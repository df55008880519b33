"""Leaflets in Welsh, and the bilingual (Welsh and English) leaflet.

Welsh PDFs of every format say they are Welsh (/Lang cy) and carry the Welsh proposal notice.
The bilingual leaflet follows the Welsh Language Commissioner's bilingual design guidance: both
languages at the same size and weight, in separate blocks (Welsh on the left, English on the right,
row by row), each block tagged with its own language, Welsh first. Page 1 is rendered to
``artifacts/leaflets/bilingual.png`` so a person can look at it.
"""
from __future__ import annotations

import io
import os
import re
from collections import Counter

import pdfplumber
import pikepdf
import pytest
import segno
from PIL import Image

from ndl_explain import PROJECT_DIR
from ndl_explain.leaflets import (
    BILINGUAL_LANGS,
    FORMATS,
    LeafletChoiceError,
    Request,
    bilingual_available,
    build_leaflet,
    load,
    pack_requests,
    topics_for,
)
from ndl_explain.leaflets.__main__ import main as cli
from ndl_explain.leaflets.build import file_name
from ndl_explain.leaflets.qr import QR_BORDER, QR_ERROR, topic_url
from tests.pdftext import pdf_text, squash

BASE = "https://ndl-explained.example.org"
ARTIFACTS = PROJECT_DIR / "artifacts" / "leaflets"
pytestmark = pytest.mark.skipif(not bilingual_available(), reason="Welsh leaflet words not there yet")

CY_SITE, CY = load("cy") if bilingual_available() else (None, None)
EN_SITE, EN = load("en")
TOPIC = "what-it-is"

# One Welsh item of every single-language format.
WELSH = {
    "clear-print": Request("clear-print", "cy", topic=TOPIC, venue="library"),
    "booklet": Request("booklet", "cy", topic=TOPIC, venue="library"),
    "large-print": Request("large-print", "cy", topic=TOPIC, venue="community-centre"),
    "easy-read": Request("easy-read", "cy", topic="home", venue="school"),
    "poster-a4": Request("poster-a4", "cy", topic=TOPIC, venue="gp-surgery"),
    "poster-a3": Request("poster-a3", "cy", topic="home", venue="other"),
    "cards": Request("cards", "cy", venue="community-centre"),
}
BILINGUAL = {
    "home": Request("bilingual", "cy", topic="home", venue="library"),
    "longest": Request("bilingual", "en", topic="questions", venue="gp-surgery"),
}


@pytest.fixture(scope="module")
def site_url():
    old = os.environ.get("NDL_SITE_URL")
    os.environ["NDL_SITE_URL"] = BASE
    yield BASE
    if old is None:
        os.environ.pop("NDL_SITE_URL", None)
    else:
        os.environ["NDL_SITE_URL"] = old


@pytest.fixture(scope="module")
def welsh(site_url):
    return {case: build_leaflet(request) for case, request in WELSH.items()}


@pytest.fixture(scope="module")
def bilingual(site_url):
    return {case: build_leaflet(request) for case, request in BILINGUAL.items()}


all_text = pdf_text


def struct_elements(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, str]]:
    """Every structure element with the language it has (its own /Lang, else its parent's)."""
    found: list[tuple[pikepdf.Dictionary, str]] = []

    def walk(node, lang):
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item, lang)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            lang = str(node.Lang) if "/Lang" in node else lang
            found.append((node, lang))
            if "/K" in node:
                walk(node.K, lang)

    walk(pdf.Root.StructTreeRoot.K, str(pdf.Root.get("/Lang", "")))
    return found


def element_text(element, page_texts) -> str:
    """The text of a structure element, from the marked content it owns."""
    parts = []

    def walk(node, page):
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item, page)
        elif isinstance(node, pikepdf.Dictionary):
            page = node.get("/Pg", page)
            if "/K" in node:
                walk(node.K, page)
        elif isinstance(node, int) and page is not None:
            parts.append(page_texts(page).get(int(node), ""))

    walk(element, None)
    return " ".join(" ".join(parts).split())


# --- Welsh items of every format ---------------------------------------------------------------


@pytest.mark.parametrize("case", WELSH)
def test_welsh_items_say_they_are_welsh_and_carry_the_welsh_notice(welsh, case):
    leaflet = welsh[case]
    assert leaflet.filename.endswith("-cy.pdf")
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "cy"
        if FORMATS[case].tagged:
            assert "/StructTreeRoot" in pdf.Root
    text = all_text(leaflet.pdf)
    assert squash(CY.labels["proposal_notice"]) in text
    assert squash(EN.labels["proposal_notice"]) not in text, "no English notice on a Welsh item"


@pytest.mark.parametrize("case", ["clear-print", "poster-a4", "easy-read"])
def test_welsh_qr_codes_open_the_welsh_page(welsh, case):
    qr = welsh[case].rendered.qr
    assert qr.payload == topic_url(WELSH[case].topic, BASE, "cy")
    assert qr.payload.endswith("?lang=cy")


def test_welsh_cards_link_each_example_in_welsh(welsh):
    payloads = {qr.payload for qr in welsh["cards"].rendered.qr_codes}
    for scenario_id in CY_SITE.scenarios:
        assert f"{BASE}/walkthrough?scenario={scenario_id}&lang=cy" in payloads


def test_one_language_items_keep_their_language_on_the_document_only(welsh):
    """The per-block /Lang is added only where an element has its own lang (bilingual items)."""
    with pikepdf.open(io.BytesIO(welsh["clear-print"].pdf)) as pdf:
        assert not [e for e, _ in struct_elements(pdf) if "/Lang" in e]


def _sources_lines(text: str, words) -> list[str]:
    """The printed lists of sources: the words after each "Where the facts come from:" up to "Full
    titles and links"."""
    heading = squash(words.labels["sources_heading"])
    online = squash(words.labels["sources_online"]).split("{")[0].strip()
    return [part.split(online)[0] for part in text.split(heading + ":")[1:]]


def test_welsh_prints_name_their_sources_in_welsh(site_url):
    """The sources a Welsh item lists are named in Welsh: a law by its Welsh title, a report by its
    publisher in Welsh ("Ipsos UK ar gyfer DSIT"), never the English words of content/sources.yaml."""
    items = [build_leaflet(Request("clear-print", "cy", topic="decided")),
             build_leaflet(Request("poster-a4", "cy", scenario="maps-for-technology-companies")),
             build_leaflet(Request("cards", "cy", scenario="childcare-for-two-year-olds"))]
    english = ("Ipsos UK for", "UK Parliament", "UK law", "Data Protection Act", "Trust", " and ")
    for leaflet in items:
        lines = _sources_lines(all_text(leaflet.pdf), CY)
        assert lines, leaflet.filename
        for line in lines:
            assert not [w for w in english if w in line], (leaflet.filename, line)
    first = _sources_lines(all_text(items[0].pdf), CY)[0]
    assert "Ipsos UK ar gyfer DSIT (2025)" in first
    assert "Deddf Diogelu Data 2018" in first, "a law is named by its Welsh title"
    english_decided = _sources_lines(all_text(build_leaflet(Request("clear-print", "en", topic="decided")).pdf), EN)[0]
    assert "Ipsos UK for DSIT (2025)" in english_decided and "Data Protection Act 2018" in english_decided


def test_a_source_is_named_briefly_by_its_publisher_or_a_law_by_its_name():
    from ndl_explain.leaflets.source import SourceRef

    law = "https://www.legislation.gov.uk/ukpga/2018/12/contents"
    assert SourceRef("k", "T", "Kantar, for the Department for Digital (DCMS)", "2020").brief == "Kantar for DCMS (2020)"
    assert SourceRef("k", "T", "Kantar, ar gyfer yr Adran dros Ddigidol (DCMS)", "2020").brief == "Kantar ar gyfer DCMS (2020)"
    assert SourceRef("d", "Deddf Diogelu Data 2018", "Senedd y DU (legislation.gov.uk)", "2018", law).brief \
        == "Deddf Diogelu Data 2018"
    assert SourceRef("g", "UK General Data Protection Regulation (UK GDPR)", "UK law", "2021", law).brief == "UK GDPR"
    assert SourceRef("r", "A report (ABC)", "NHS England (first published by NHS Digital)", "2018").brief == "NHS England (2018)"


def test_each_column_of_the_bilingual_leaflet_names_its_sources_in_its_own_language(bilingual):
    text = all_text(bilingual["home"].pdf)
    (welsh,) = _sources_lines(text, CY)
    (english,) = _sources_lines(text, EN)
    assert "Ipsos UK ar gyfer DSIT (2025)" in welsh and "Ymddiriedolaeth Carnegie UK" in welsh
    assert "Ipsos UK for DSIT (2025)" in english and "Carnegie UK Trust" in english


def test_welsh_print_words_use_angen_as_a_noun():
    """"angen" is a noun ("mae angen gofal": care is needed), not a verb: never "sydd angen ..."."""
    for name in ("leaflets.yaml", "ui/leaflets.yaml"):
        text = (PROJECT_DIR / "content" / "cy" / name).read_text(encoding="utf-8")
        assert not re.search(r"\b(?:sydd|sy'n|sy|yn)\s+angen\b", text, re.IGNORECASE), name


POINTED = ("home", "questions", "your-rights", "what-it-is", "across-the-uk")


@pytest.mark.parametrize("fmt, lang", [("clear-print", "en"), ("clear-print", "cy"), ("bilingual", "cy")])
def test_every_page_leaflet_points_to_what_is_decided_with_its_printed_address(site_url, fmt, lang):
    """Every leaflet says the NDL is a proposal, not decided policy: each points to the page "What is
    and is not decided yet" by its short printed address, once, in the leaflet's language (in each
    column of the bilingual one), whether or not the page's own words link it."""
    for topic in POINTED:
        leaflet = build_leaflet(Request(fmt, lang, topic=topic, venue="library"))
        text = all_text(leaflet.pdf).replace(" ", "")
        for column in (BILINGUAL_LANGS if fmt == "bilingual" else (lang,)):
            address = "ndl-explained.example.org/decided" + ("?lang=cy" if column == "cy" else "")
            found = re.findall(re.escape(address) + r"(?!\?lang)", text)
            assert len(found) == 1, (topic, column, len(found))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_decided_leaflet_itself_builds_and_does_not_point_to_itself(site_url, lang):
    leaflet = build_leaflet(Request("clear-print", lang, topic="decided", venue="library"))
    assert leaflet.layout_problems == ()
    site, _ = (CY_SITE, CY) if lang == "cy" else (EN_SITE, EN)
    text = all_text(leaflet.pdf).replace(" ", "")
    address = "ndl-explained.example.org/decided" + ("?lang=cy" if lang == "cy" else "")
    assert text.count(address) == 1, "only its own address, under Find out more"


# --- the bilingual leaflet: paper, languages, words ----------------------------------------------


def test_the_bilingual_format_is_a4_clear_print_sizes():
    fmt = FORMATS["bilingual"]
    assert fmt.page == "A4" and fmt.min_pt >= FORMATS["clear-print"].min_pt
    assert fmt.body_pt == FORMATS["clear-print"].body_pt
    assert BILINGUAL_LANGS == ("cy", "en"), "Welsh first"


@pytest.mark.parametrize("case", BILINGUAL)
def test_bilingual_pages_are_a4_portrait(bilingual, case):
    width, height = FORMATS["bilingual"].size_pt
    with pdfplumber.open(io.BytesIO(bilingual[case].pdf)) as doc:
        for page in doc.pages:
            assert page.width == pytest.approx(width, abs=1.0)
            assert page.height == pytest.approx(height, abs=1.0)


def test_the_short_page_fits_one_sheet_printed_on_both_sides(bilingual):
    """The Home page's In short, in Welsh and English, on the two sides of one A4 sheet, at clear
    print's sizes (the type test below checks them); the other items take as few sheets as they can."""
    with pdfplumber.open(io.BytesIO(bilingual["home"].pdf)) as doc:
        assert len(doc.pages) <= 2
    for venue in ("gp-surgery", "community-centre"):  # the longest help panels
        assert len(build_leaflet(Request("bilingual", "cy", topic="home", venue=venue)).pages) <= 2, venue


@pytest.mark.parametrize("case", BILINGUAL)
def test_bilingual_document_is_welsh_with_a_tagged_block_per_language(bilingual, case):
    leaflet = bilingual[case]
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "cy", "the document's language is the first one, Welsh"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.docinfo.Title).startswith(leaflet.rendered.title)
        elements = struct_elements(pdf)
        own = Counter(str(e.Lang) for e, _ in elements if "/Lang" in e)
        # masthead, title and notice, In short, find out more, help, small print: each in both
        assert own["cy"] >= 6 and own["en"] >= 6, own
        assert set(own) == {"cy", "en"}
        # every heading and every picture sits in a block of one language or the other
        headings = {(str(e.S), lang) for e, lang in elements if str(e.S) in ("/H1", "/H2")}
        assert headings == {("/H1", "cy"), ("/H1", "en"), ("/H2", "cy"), ("/H2", "en")}
        figures = [(e, lang) for e, lang in elements if str(e.S) == "/Figure"]
        assert {lang for _, lang in figures} == {"cy", "en"}
        alts = {lang: {str(e.Alt) for e, l2 in figures if l2 == lang and "/Alt" in e} for lang in ("cy", "en")}
        assert all("/Alt" in e for e, _ in figures), "every picture needs alt text"
    for qr, words, lang in zip(leaflet.rendered.qr_codes, (CY, EN), ("cy", "en")):
        assert words.label("qr_alt", url=qr.payload) in alts[lang], f"the {lang} QR code is described in {lang}"


def _page_texts(pdf_bytes: bytes):
    """{page object id: {mcid: text}} from pdfplumber's marked-content ids."""
    cache = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        ids = [page.obj.objgen for page in pdf.pages]
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        for objgen, page in zip(ids, doc.pages):
            texts: dict[int, str] = {}
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts[char["mcid"]] = texts.get(char["mcid"], "") + char["text"]
            cache[objgen] = texts
    return lambda page: cache.get(page.objgen, {})


@pytest.mark.parametrize("case", BILINGUAL)
def test_each_language_block_holds_that_languages_words(bilingual, case):
    leaflet = bilingual[case]
    page_texts = _page_texts(leaflet.pdf)
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        blocks = {"cy": "", "en": ""}
        for element, _ in struct_elements(pdf):
            if "/Lang" in element:
                blocks[str(element.Lang)] += " " + element_text(element, page_texts)
    topic = BILINGUAL[case].topic
    for lang, site, words, other in (("cy", CY_SITE, CY, EN), ("en", EN_SITE, EN, CY)):
        text = squash(blocks[lang]).replace(" ", "")
        for phrase in (site.topics[topic].title, words.labels["proposal_notice"], words.labels["in_short"],
                       words.labels["find_out_more"], words.labels["help_heading"]):
            assert squash(phrase).replace(" ", "") in text, (lang, phrase)
        assert squash(other.labels["proposal_notice"]).replace(" ", "") not in text, f"the other language in the {lang} block"


@pytest.mark.parametrize("case", BILINGUAL)
def test_bilingual_leaflet_says_everything_in_both_languages(bilingual, case):
    leaflet = bilingual[case]
    request = BILINGUAL[case]
    text = all_text(leaflet.pdf)
    for site, words in ((CY_SITE, CY), (EN_SITE, EN)):
        topic = site.topics[request.topic]
        labels = words.labels
        venue = words.venues[request.venue]
        for phrase in (topic.title, labels["proposal_notice"], labels["proposal_detail"], labels["in_short"],
                       labels["find_out_more"], labels["scan_qr"], labels["help_heading"], venue.title, venue.help,
                       labels["other_formats"], labels["sources_heading"]):
            assert squash(phrase) in text, phrase
        # the page's own In short words (the first sentence, without Markdown marks)
        paragraph = next(line for line in topic.short.splitlines() if re.match(r"[^\W_]", line.strip()))
        first = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)
        # a link's printed address, "(see host/page)" or "(host/page)", is not part of the words
        printed = re.sub(r" ?\((?:see |gweler )?[\w.-]+\.[a-z]+/[^)]*\)", "", squash(text))
        assert squash(re.split(r"(?<=[.!?])\s", first)[0]) in printed
        for source in topic.sources[:2]:
            assert site.sources[source].brief in text
        assert squash(words.label("reviewed_line", date="")).rstrip(". ") in text  # the date reviewed
    for message in leaflet.rendered.key_messages:
        assert squash(message) in text
    # Welsh first in reading order
    assert text.index(squash(CY_SITE.topics[request.topic].title)) < text.index(squash(EN_SITE.topics[request.topic].title))


# --- the bilingual leaflet: equal size, weight and prominence ----------------------------------


def _columns(pdf_bytes: bytes):
    """Characters of the Welsh (left) and English (right) columns, page by page."""
    columns = {"cy": [], "en": []}
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        for page in doc.pages:
            middle = page.width / 2
            for char in page.chars:
                if char["text"].strip():
                    columns["cy" if char["x1"] <= middle else "en"].append(char)
            assert not [c for c in page.chars if c["x0"] < middle < c["x1"] and c["text"].strip()], \
                "no words cross the middle"
    return columns


@pytest.mark.parametrize("case", BILINGUAL)
def test_both_languages_have_the_same_type_sizes_and_weights(bilingual, case):
    fmt = FORMATS["bilingual"]
    columns = _columns(bilingual[case].pdf)
    sizes = {lang: Counter(round(c["size"], 1) for c in chars) for lang, chars in columns.items()}
    fonts = {lang: {c["fontname"].split("+")[-1] for c in chars} for lang, chars in columns.items()}
    assert min(sizes["cy"]) == min(sizes["en"]) >= fmt.min_pt - 0.05
    assert sizes["cy"].most_common(1)[0][0] == sizes["en"].most_common(1)[0][0] == fmt.body_pt
    assert set(sizes["cy"]) == set(sizes["en"]), "the same sizes for headings, text and small print"
    assert fonts["cy"] == fonts["en"], "the same typefaces and weights"
    for lang in ("cy", "en"):  # neither language is mostly bold (or mostly light) where the other is not
        share = sum("Bold" in c["fontname"] for c in columns[lang]) / len(columns[lang])
        assert share < 0.4, (lang, share)


@pytest.mark.parametrize("case", BILINGUAL)
def test_bilingual_has_no_italics_and_only_the_local_sans_font(bilingual, case):
    with pdfplumber.open(io.BytesIO(bilingual[case].pdf)) as doc:
        fonts = {c["fontname"] for page in doc.pages for c in page.chars}
    assert not [f for f in fonts if re.search(r"italic|oblique", f, re.I)], fonts
    assert all("DejaVu" in f and "Serif" not in f and "Mono" not in f for f in fonts), fonts


def test_welsh_is_on_the_left_and_the_blocks_start_level(bilingual):
    """Each row starts both languages at the same height: the titles sit level, Welsh on the left."""
    with pdfplumber.open(io.BytesIO(bilingual["home"].pdf)) as doc:
        page = doc.pages[0]
        words = page.extract_words()
    cy_first = squash(CY_SITE.topics["home"].title).split()[0]
    en_first = squash(EN_SITE.topics["home"].title).split()[0]
    big = [w for w in words if w["bottom"] - w["top"] > 16]  # the titles' type
    cy_word = next(w for w in big if w["text"] == cy_first)
    en_word = next(w for w in big if w["text"] == en_first)
    assert cy_word["x0"] < page.width / 2 < en_word["x0"]
    assert cy_word["top"] == pytest.approx(en_word["top"], abs=0.5)


def test_the_css_treats_both_columns_alike(bilingual):
    html = bilingual["home"].rendered.html
    assert 'class="bi-col bi-col-1" lang="cy"' in html and 'class="bi-col bi-col-2" lang="en"' in html
    for rule in re.findall(r"\.bi-col-[12][^{]*\{([^}]*)\}", html):
        assert not re.search(r"font|color|italic", rule), rule


# --- the bilingual leaflet: QR codes, files, command line, packs, page ----------------------


def _matrix(image: Image.Image) -> tuple[tuple[bool, ...], ...]:
    grey = image.convert("L")
    return tuple(tuple(grey.getpixel((x, y)) < 128 for x in range(grey.width)) for y in range(grey.height))


def test_each_language_has_a_qr_code_to_its_own_page(bilingual):
    leaflet = bilingual["home"]
    payloads = [qr.payload for qr in leaflet.rendered.qr_codes]
    assert payloads == [f"{BASE}/?lang=cy", f"{BASE}/"]
    with pikepdf.open(io.BytesIO(leaflet.pdf)) as pdf:
        embedded = {_matrix(pikepdf.PdfImage(raw).as_pil_image()) for page in pdf.pages for _, raw in page.images.items()}
    for qr in leaflet.rendered.qr_codes:
        reference = segno.make(qr.payload, error=QR_ERROR, micro=False)
        assert qr.matrix == tuple(tuple(bool(v) for v in row) for row in reference.matrix_iter(scale=1, border=QR_BORDER))
        assert qr.matrix in embedded


def test_bilingual_file_name_and_language_choice():
    assert file_name(Request("bilingual", "en", topic="home", venue="school")) == "ndl-bilingual-home-school-cy-en.pdf"
    assert file_name(Request("bilingual", "cy", topic="home", venue="school")) == "ndl-bilingual-home-school-cy-en.pdf"
    with pytest.raises(LeafletChoiceError, match="--lang cy or en"):
        build_leaflet(Request("bilingual", "fr", topic="home"))
    with pytest.raises(LeafletChoiceError, match="pages of the website only"):
        build_leaflet(Request("bilingual", "cy", scenario=next(iter(CY_SITE.scenarios), "x")))
    with pytest.raises(LeafletChoiceError, match="In short layer only"):
        build_leaflet(Request("bilingual", "cy", topic="home", detail="more"))
    assert topics_for("bilingual", CY_SITE, CY) == topics_for("bilingual", EN_SITE, EN)


def test_cli_builds_the_bilingual_leaflet_and_refuses_other_languages(tmp_path, capsys, site_url):
    assert cli(["--format", "bilingual", "--topic", "home", "--venue", "library", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "ndl-bilingual-home-library-cy-en.pdf").read_bytes().startswith(b"%PDF")
    out = tmp_path / "other"
    assert cli(["--format", "bilingual", "--lang", "xx", "--out", str(out)]) == 2
    assert "--lang cy or en" in capsys.readouterr().err
    assert not out.exists()


def test_packs_in_either_language_include_the_bilingual_leaflet():
    for lang in BILINGUAL_LANGS:
        formats = [r.format for r in pack_requests("library", lang)]
        assert "bilingual" in formats
        assert {f for f in FORMATS if f != "bilingual"} <= set(formats)


def test_welsh_pack_writes_welsh_files_and_the_bilingual_one(tmp_path, site_url):
    assert cli(["--pack", "school", "--lang", "cy", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.startswith("ndl-bilingual-") and n.endswith("-school-cy-en.pdf") for n in names)
    others = [n for n in names if not n.startswith("ndl-bilingual-")]
    assert others and all(n.endswith("-school-cy.pdf") for n in others), names


def test_page_one_of_the_bilingual_leaflet_renders_for_review(bilingual):
    import pypdfium2

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for case, leaflet in bilingual.items():
        name = "bilingual" if case == "home" else f"bilingual-{case}"
        document = pypdfium2.PdfDocument(leaflet.pdf)
        try:
            image = document[0].render(scale=100 / 72).to_pil()
        finally:
            document.close()
        target = ARTIFACTS / f"{name}.png"
        image.save(target)
        (ARTIFACTS / f"{name}.pdf").write_bytes(leaflet.pdf)
        grey = image.convert("L")
        assert sum(1 for value in grey.getdata() if value < 128) > 0.01 * grey.width * grey.height
