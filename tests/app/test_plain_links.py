"""Each interactive page links to the same page in the plain edition (static HTML, no JavaScript),
in the visitor's language; pages that only work interactively have no such link."""
from __future__ import annotations

import re

import pytest

from ndl_explain.i18n import catalogue
from ndl_explain.plain import paths
from tests.apptest import open_page

T = catalogue().t


def plain_links(at) -> list[tuple[str, str]]:
    found = []
    for element in at.get("html"):
        # the language links carry lang= and hreflang= before target=; the plain link does not
        found += re.findall(r'<a href="([^"]+)" target="_self">([^<]+)</a>', element.proto.body)
    return [(href.replace("&amp;", "&"), label) for href, label in found]


@pytest.mark.parametrize("url_path,query,expected", [
    ("", {}, "/plain/en/index.html"),
    ("types-of-data", {"detail": "more"}, "/plain/en/types-of-data.html"),
    ("types-of-data", {"lang": "cy"}, "/plain/cy/types-of-data.html"),
    ("walkthrough", {}, "/plain/en/examples.html"),
    ("walkthrough", {"scenario": "warm-home-discount", "step": "3"}, "/plain/en/examples/warm-home-discount.html"),
    ("walkthrough", {"scenario": "no-such-example"}, "/plain/en/examples.html"),
])
def test_a_page_links_to_its_plain_version(url_path, query, expected):
    at = open_page(url_path, query)
    assert not at.exception, at.exception
    lang = query.get("lang", "en")
    assert plain_links(at) == [(expected, T(lang, "frame.plain_version_link"))]


@pytest.mark.parametrize("url_path", ["what-if", "leaflets", "workshop"])
def test_interactive_only_pages_have_no_plain_link(url_path):
    at = open_page(url_path)
    assert not at.exception, at.exception
    assert plain_links(at) == []


def test_the_plain_address_can_be_configured(monkeypatch):
    monkeypatch.setenv(paths.ENV_NAME, "https://plain.example.org/ndl/")
    at = open_page("types-of-data")
    assert plain_links(at)[0][0] == "https://plain.example.org/ndl/en/types-of-data.html"
