"""Sources you can check: every entry in content/sources.yaml gives its official web address, or says
plainly that it has none we could check (``not_online:`` with the reason)."""
from __future__ import annotations

import textwrap
from urllib.parse import urlsplit

import pytest

from ndl_explain.content import load_site
from ndl_explain.problems import ContentError
from tests.unit.test_content import LANGUAGE, PAGE

SITE = load_site()

# The official publishers whose addresses the sources may use (the list).
OFFICIAL_HOSTS = ("legislation.gov.uk", "gov.uk", "nhs.uk", "ico.org.uk", "w3.org", "involve.org.uk",
                  "gov.wales", "nhsinform.scot", "hscni.net")


@pytest.mark.parametrize("source_id", sorted(SITE.sources))
def test_every_source_has_a_web_address_or_says_it_is_not_online(source_id):
    source = SITE.sources[source_id]
    not_online = getattr(source, "not_online", None)
    assert bool(source.url) != bool(not_online), (
        f"{source_id}: give its checked web address (url:) or say why there is none (not_online:)")


@pytest.mark.parametrize("source_id", sorted(s.id for s in SITE.sources.values() if s.url))
def test_web_addresses_are_https_on_an_official_publisher(source_id):
    parts = urlsplit(SITE.sources[source_id].url)
    assert parts.scheme == "https"
    host = parts.hostname or ""
    assert any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS), host


def _load(tmp_path, sources: str):
    (tmp_path / "sources.yaml").write_text(textwrap.dedent(sources))
    lang = tmp_path / "en"
    (lang / "pages").mkdir(parents=True)
    (lang / "language.yaml").write_text(LANGUAGE)
    (lang / "pages" / "one.md").write_text(PAGE.format(slug="one"))
    return load_site(tmp_path)


def test_a_source_can_say_it_is_not_online(tmp_path):
    site = _load(tmp_path, """\
        src-a:
          title: A report
          publisher: A publisher
          year: 2025
          not_online: The publisher has not put it online; ask the publisher for a copy.
          about: What it is.
        """)
    assert site.sources["src-a"].url is None
    assert site.sources["src-a"].not_online.startswith("The publisher")


def test_a_source_cannot_have_both_an_address_and_not_online(tmp_path):
    with pytest.raises(ContentError) as error:
        _load(tmp_path, """\
            src-a:
              title: A report
              publisher: A publisher
              year: 2025
              url: https://example.org/report
              not_online: No copy online.
              about: What it is.
            """)
    assert "not_online" in str(error.value)
