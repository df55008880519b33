"""Every printable item, checked on the page: geometry read back from the PDF (pdfplumber) and every
QR code read back with zbar (tests/leaflet_geometry.py).

The full sweep builds every format x language (en, cy, and the bilingual leaflet) x page or example
x venue, and the longer leaflets too: that is slow, so it is marked ``slow`` (scripts/test.sh runs it;
``-m "not slow"`` leaves it out). The everyday tests check one of each format in each language, and
the items the print problems were first found on.
"""
from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

import pytest

from ndl_explain.leaflets import (
    BILINGUAL_LANGS,
    FORMATS,
    VENUES,
    Request,
    available_languages,
    bilingual_available,
    build_leaflet,
    load,
    scenarios_for,
    topics_for,
)
from tests.leaflet_geometry import ZBAR, check_leaflet

BASE = "https://ndl-explained.example.org"
pytestmark = pytest.mark.skipif(ZBAR is None, reason="zbarimg is needed: bash scripts/setup.sh --dev (zbar-tools)")


@pytest.fixture(scope="module", autouse=True)
def site_url():
    old = os.environ.get("NDL_SITE_URL")
    os.environ["NDL_SITE_URL"] = BASE
    yield BASE
    if old is None:
        os.environ.pop("NDL_SITE_URL", None)
    else:
        os.environ["NDL_SITE_URL"] = old


def every_request() -> list[Request]:
    """The whole sweep: every format, language, page or example, length and venue."""
    requests = []
    for lang in available_languages():
        site, words = load(lang)
        for format_id, fmt in FORMATS.items():
            if fmt.kind == "bilingual":
                if lang != BILINGUAL_LANGS[0] or not bilingual_available():
                    continue
            subjects = [("topic", t) for t in topics_for(format_id, site, words)]
            subjects += [("scenario", s) for s in scenarios_for(format_id, site)]
            if fmt.kind == "cards":
                subjects.insert(0, ("scenario", None))  # every example on one set of cards
            for kind, subject in subjects:
                details = ("short", "more") if fmt.kind == "leaflet" and kind == "topic" else ("short",)
                for detail in details:
                    for venue in VENUES:
                        requests.append(Request(format_id, lang, topic=subject if kind == "topic" else None,
                                                scenario=subject if kind == "scenario" else None,
                                                venue=venue, detail=detail))
    return requests


def label(request: Request) -> str:
    return f"{request.format}/{request.lang}/{request.topic or request.scenario or 'all'}/{request.detail}/{request.venue}"


def _check(request: Request) -> tuple[Request, list[str]]:
    os.environ["NDL_SITE_URL"] = BASE
    leaflet = build_leaflet(request)
    return request, check_leaflet(leaflet, BASE)


# --- the everyday tests: one of each, and the items the problems were found on ---------------

EVERYDAY = [
    Request("clear-print", "en", topic="home", venue="library"),
    Request("clear-print", "cy", topic="home", venue="library"),
    Request("clear-print", "en", scenario="warm-home-discount", venue="gp-surgery"),
    Request("booklet", "en", topic="what-it-is", venue="library"),
    Request("booklet", "cy", topic="home", venue="community-centre"),
    Request("large-print", "en", topic="what-people-said", venue="community-centre"),
    Request("large-print", "cy", scenario="justice-data-lab", venue="school"),
    Request("easy-read", "en", topic="home", venue="school"),
    Request("easy-read", "cy", topic="how-it-works", venue="other"),
    Request("poster-a4", "en", topic="what-it-is", venue="gp-surgery"),
    Request("poster-a4", "cy", topic="home", venue="library"),  # overprinted its notice
    Request("poster-a4", "cy", topic="what-it-is", venue="other"),  # overprinted its notice
    Request("poster-a3", "cy", topic="home", venue="gp-surgery"),  # overprinted its notice
    Request("poster-a3", "en", scenario="student-loan-refund", venue="library"),
    Request("cards", "en", venue="community-centre"),
    Request("cards", "cy", venue="library"),  # card 7 lost its last line
    Request("bilingual", "cy", topic="home", venue="library"),
    Request("clear-print", "en", topic="decided", venue="gp-surgery"),  # the page other leaflets point to
    Request("bilingual", "cy", topic="decided", venue="school"),
]


@pytest.mark.parametrize("request_", EVERYDAY, ids=label)
def test_one_of_each_prints_well(request_):
    leaflet = build_leaflet(request_)
    assert check_leaflet(leaflet, BASE) == []
    assert leaflet.layout_problems == ()


def test_a_short_a5_leaflet_is_two_or_four_pages_with_no_empty_side():
    """The 4-page A5 leaflet prints on both sides of one folded sheet with nothing near blank."""
    from tests.leaflet_geometry import MIN_FILL

    for lang in ("en", "cy"):
        leaflet = build_leaflet(Request("clear-print", lang, topic="home", venue="library"))
        assert len(leaflet.pages) in (2, 4)
        assert all(page.fill >= MIN_FILL for page in leaflet.pages), [p.fill for p in leaflet.pages]
        booklet = build_leaflet(Request("booklet", lang, topic="home", venue="library"))
        assert check_leaflet(booklet, BASE) == []


# --- the full sweep ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sweep() -> dict[str, list[tuple[Request, list[str]]]]:
    """Every item built and checked once, spread over the machine's cores, grouped by format and language."""
    requests = every_request()
    workers = max(1, min(4, os.cpu_count() or 1))
    results: dict[str, list[tuple[Request, list[str]]]] = defaultdict(list)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for request, problems in pool.map(_check, requests, chunksize=len(VENUES)):
            results[f"{request.format}-{request.lang}"].append((request, problems))
    return results


GROUPS = [f"{f}-{lang}" for f in FORMATS for lang in ("en", "cy") if FORMATS[f].kind != "bilingual" or lang == "cy"]


@pytest.mark.slow
@pytest.mark.parametrize("group", GROUPS)
def test_every_item_prints_well(sweep, group):
    if group.endswith("-cy") and "cy" not in available_languages():
        pytest.skip("no Welsh leaflets")
    checked = sweep[group]
    assert checked, f"nothing built for {group}"
    failures = [f"{label(request)}: {'; '.join(problems)}" for request, problems in checked if problems]
    assert not failures, f"{len(failures)} of {len(checked)} items:\n" + "\n".join(failures[:40])


@pytest.mark.slow
def test_the_sweep_covers_every_format_language_subject_and_venue(sweep):
    checked = [request for group in sweep.values() for request, _ in group]
    assert {r.format for r in checked} == set(FORMATS)
    assert {r.venue for r in checked} == set(VENUES)
    assert {r.lang for r in checked} == set(available_languages())
    assert len(checked) == len(every_request())
