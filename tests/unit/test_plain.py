"""The plain edition (``python -m ndl_explain.plain``): every page and example in every language, every
link resolving inside the folder, the tags search engines and link previews read, no JavaScript."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ndl_explain import CONTENT_DIR, pagemeta
from ndl_explain.content import LAYERS, load_site
from ndl_explain.i18n import catalogue
from ndl_explain.plain import paths
from ndl_explain.plain.build import INTERACTIVE_PAGES, MARKER, PlainBuildError, build
from ndl_explain.plain.frame import contact_links
from ndl_explain.scenarios import load_scenarios
from tests.conftest import PROJECT

SITE = load_site()
SCENARIOS = {lang: load_scenarios(CONTENT_DIR, lang) for lang in SITE.languages}
SITE_URL = "https://ndl.example.org"
BASE = SITE_URL + paths.SERVED_AT
T = catalogue().t


class Parsed(HTMLParser):
    """What a test needs from one page: links, ids, tags, headings, text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[str, str]] = []
        self.title = ""
        self._heading: str | None = None
        self._in_title = False
        self._text: list[str] = []
        self.feed(text)
        self.text = " ".join("".join(self._text).split())

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) is not None and tag in ("a", "link", "img", "script"):
                self.links.append(attributes[name])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = tag, []
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings.append((tag, " ".join("".join(self._heading_text).split())))
            self._heading = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._heading:
            self._heading_text.append(data)
        self._text.append(data)

    def meta(self, key: str, value: str) -> str | None:
        return next((a.get("content") for t, a in self.tags if t == "meta" and a.get(key) == value), None)

    def first(self, tag: str, **wanted) -> dict | None:
        return next((a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())), None)


def squeeze(text: str) -> str:
    """Text without any white space (tags split words from punctuation differently)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plain") / "plain"
    build(out, site_url=SITE_URL)
    return out


@pytest.fixture(scope="module")
def pages(edition) -> dict[str, Parsed]:
    return {str(path.relative_to(edition)): Parsed(path.read_text(encoding="utf-8"))
            for path in sorted(edition.rglob("*.html"))}


def test_every_page_and_every_example_is_there_in_every_language(pages):
    expected = {"index.html"}
    for lang in SITE.languages:
        expected |= {paths.content_page(lang, page.slug) for page in SITE.pages(lang)}
        expected |= {paths.examples(lang)} | {paths.scenario(lang, sid) for sid in SCENARIOS[lang]}
    assert set(pages) == expected
    assert {"en/glossary.html", "cy/glossary.html", "en/sources.html", "cy/sources.html"} <= set(pages)


@pytest.mark.parametrize("lang", sorted(SITE.languages))
def test_a_content_page_has_its_words_all_three_layers_short_first(pages, lang):
    for page in SITE.pages(lang):
        parsed = pages[paths.content_page(lang, page.slug)]
        assert parsed.headings[0] == ("h1", pagemeta.plain_text(page.title))
        layer_headings = [text for tag, text in parsed.headings if tag == "h2"]
        wanted = [SITE.language(lang).layer_headings[layer] for layer in LAYERS]
        found = [text for text in layer_headings if text in wanted]
        assert found == wanted, f"{page.slug}: layers {found}"
        for layer in LAYERS:  # a sentence from each layer made it in
            first_line = next(line for line in page.layers[layer].splitlines()
                              if line.strip() and not line.startswith(("[[", "#", "|", "-", "1.")))
            words = squeeze(pagemeta.plain_text(first_line))[:40]
            assert words in squeeze(parsed.text), f"{page.slug} ({layer}): {words!r} missing"


@pytest.mark.parametrize("lang", sorted(SITE.languages))
def test_an_example_has_all_its_steps_on_one_page_with_each_diagram_in_words(pages, lang):
    in_words = T(lang, "frame.figure_in_words")
    for scenario in SCENARIOS[lang].values():
        parsed = pages[paths.scenario(lang, scenario.id)]
        assert parsed.headings[0] == ("h1", pagemeta.plain_text(scenario.title))
        steps = [text for tag, text in parsed.headings if tag == "h3" and text in {
            T(lang, "walkthrough.step_title", n=n, total=scenario.step_count, title=step.title)
            for n, step in enumerate(scenario.steps, 1)}]
        assert len(steps) == scenario.step_count
        assert parsed.text.count(in_words) == scenario.step_count
        for step in scenario.steps:
            assert squeeze(pagemeta.plain_text(step.why))[:40] in squeeze(parsed.text)
        assert T(lang, "walkthrough.whole_picture") in [text for _, text in parsed.headings]


def test_every_link_inside_the_folder_resolves_to_a_file_and_its_anchor(edition, pages):
    for name, parsed in pages.items():
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme and not href.startswith("/"), f"{name}: {href} is not relative"
            target = (edition / name).parent / unquote(parts.path) if parts.path else edition / name
            target = target.resolve()
            assert target.is_file(), f"{name}: {href} points at nothing"
            assert edition.resolve() in target.parents, f"{name}: {href} leaves the folder"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[str(target.relative_to(edition.resolve()))].ids, \
                    f"{name}: no #{parts.fragment} in {href}"


def test_no_id_is_used_twice_on_a_page(edition):
    from collections import Counter

    repeated = {}
    for path in sorted(edition.rglob("*.html")):
        ids = Counter(a["id"] for _tag, a in Parsed(path.read_text(encoding="utf-8")).tags if "id" in a)
        if twice := sorted(i for i, n in ids.items() if n > 1):
            repeated[str(path.relative_to(edition))] = twice
    assert not repeated, repeated


def test_links_that_leave_the_folder_go_to_the_site_or_a_named_source(pages):
    """The builder adds no outside address of its own: every one is the site, a named source, or an
    address the content itself gives (such as an official opt-out page, checked by the content's
    writers and named in its front matter)."""
    sources = {source.url for source in SITE.sources.values() if source.url}
    written = "\n".join(path.read_text(encoding="utf-8") for path in (PROJECT / "content").rglob("*.md"))
    for name, parsed in pages.items():
        for href in parsed.links:
            if urlsplit(href).scheme in ("http", "https"):
                assert href.startswith(SITE_URL + "/") or href in sources or f"({href})" in written, \
                    f"{name}: {href}"


def test_no_javascript_one_small_stylesheet(edition, pages):
    for name, parsed in pages.items():
        assert not [t for t, _ in parsed.tags if t in ("script", "iframe", "object", "embed")], name
        assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)], f"{name}: event handler"
        sheets = [a["href"] for t, a in parsed.tags if t == "link" and a.get("rel") == "stylesheet"]
        assert len(sheets) == 1, name
    css = list(edition.glob("plain.*.css"))
    assert len(css) == 1 and re.fullmatch(r"plain\.[0-9a-f]{10}\.css", css[0].name), "one fingerprinted file"
    assert css[0].stat().st_size < 8_000
    assert "@import" not in css[0].read_text() and "url(" not in css[0].read_text(), "nothing else to load"


def test_each_page_with_its_stylesheet_is_small(edition):
    css = next(edition.glob("plain.*.css")).read_bytes()
    for path in edition.rglob("*.html"):
        sent = len(gzip.compress(path.read_bytes())) + len(gzip.compress(css))
        assert sent <= 60_000, f"{path.name}: {sent} bytes"
        assert path.stat().st_size + len(css) <= 120_000, f"{path.name} uncompressed"


def test_every_page_has_title_description_language_canonical_and_open_graph(pages):
    for name, parsed in pages.items():
        html_tag = parsed.first("html")
        assert html_tag and html_tag.get("lang") in {SITE.language(code).html_lang for code in SITE.languages}
        assert parsed.title.strip(), name
        description = parsed.meta("name", "description")
        assert description and len(description) > 20, name
        canonical = parsed.first("link", rel="canonical")
        assert canonical and canonical["href"] == f"{BASE}/{name}", name
        assert parsed.meta("property", "og:title") == parsed.title, name
        assert parsed.meta("property", "og:description") == description, name
        assert parsed.meta("property", "og:url") == canonical["href"], name


def test_titles_follow_the_site_pattern_and_pages_link_to_each_other_language_and_the_interactive_site(pages):
    for lang in SITE.languages:
        home = SITE.page(lang, "home")
        parsed = pages[paths.content_page(lang, "types-of-data")]
        assert parsed.title == pagemeta.full_title(lang, SITE.page(lang, "types-of-data").title)
        assert parsed.first("html")["lang"] == SITE.language(lang).html_lang
        for other in SITE.languages:
            if other != lang:
                assert parsed.first("a", href=f"../{other}/types-of-data.html") is not None
                assert parsed.first("link", rel="alternate", hreflang=SITE.language(other).html_lang)
        interactive = SITE_URL + "/types-of-data" + ("" if lang == "en" else f"?lang={lang}")
        assert interactive in parsed.links
        assert pages[paths.content_page(lang, "home")].title == pagemeta.full_title(lang, home.title)


def test_internal_markdown_links_become_relative_and_interactive_only_pages_absolute(pages):
    parsed = pages["en/how-it-works.html"]
    assert "rules-and-safeguards.html" in parsed.links and "what-people-said.html" in parsed.links
    home = pages["en/index.html"]
    assert not [href for href in home.links if href.startswith("/")]
    leaflets = [href for name in pages for href in pages[name].links if "/leaflets" in href]
    assert leaflets and all(href.startswith(SITE_URL + "/leaflets") for href in leaflets)


def test_the_frame_header_banner_menu_and_footer_on_every_page(pages):
    for name, parsed in pages.items():
        if name == "index.html":
            continue
        lang = name.split("/")[0]
        assert T(lang, "frame.banner.tag") in parsed.text, name
        assert T(lang, "frame.banner.text") in parsed.text, name
        assert parsed.first("nav", id="menu") is not None, name
        assert parsed.first("a", href="#main") is not None and "main" in parsed.ids, name
        assert parsed.first("footer") is not None, name
        assert SITE_URL + "/search" + ("" if lang == "en" else f"?lang={lang}") in parsed.links, name


def test_sitemap_robots_and_the_list_of_addresses_for_nginx(edition, pages):
    sitemap = (edition / "sitemap.xml").read_text()
    for name in pages:
        assert f"<loc>{BASE}/{name}</loc>" in sitemap
    assert f"<loc>{SITE_URL}/types-of-data?lang=cy</loc>" in sitemap
    robots = (edition / "robots.txt").read_text()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots and "Disallow: /facilitate" in robots
    listed = json.loads((edition / MARKER).read_text())
    addresses = {(a["lang"], a["address"]): a for a in listed["addresses"]}
    every = pagemeta.every_address(SITE, SCENARIOS, whole_examples=True)
    assert len(listed["addresses"]) == len(every)
    cy = addresses[("cy", "/types-of-data?lang=cy")]
    assert cy["full_title"] == pagemeta.full_title("cy", SITE.page("cy", "types-of-data").title)
    assert cy["plain"] == "cy/types-of-data.html"
    assert addresses[("en", "/walkthrough?scenario=warm-home-discount&step=2")]["plain"] == \
        "en/examples/warm-home-discount.html"


def test_the_menu_lists_the_pages_app_py_registers():
    source = (PROJECT / "app.py").read_text()
    start, end = source.index("PAGE_FILES = ["), source.index("# ---- end of page registration")
    namespace: dict = {}
    exec("from ndl_explain.ui import frame\n" + source[start:end], namespace)  # noqa: S102
    registered = {(spec.section, spec.order, spec.title_key, "/" + spec.url_path)
                  for spec in namespace["PAGE_FILES"] if spec.url_path != paths.WALKTHROUGH}
    assert set(INTERACTIVE_PAGES) == registered


def test_a_rebuild_replaces_an_earlier_edition_but_never_another_folder(tmp_path):
    out = tmp_path / "plain"
    build(out, site_url=SITE_URL)
    (out / "stale.html").write_text("old")
    build(out, site_url=SITE_URL)
    assert not (out / "stale.html").exists() and (out / "en" / "index.html").is_file()
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(PlainBuildError):
        build(other, site_url=SITE_URL)
    assert (other / "holiday.jpg").read_bytes() == b"x"


def test_the_command_line_says_what_went_wrong_without_a_traceback(tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"x")
    done = subprocess.run([sys.executable, "-m", "ndl_explain.plain", "--out", str(other)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "not empty" in done.stderr


def test_contact_links_come_from_the_environment_and_odd_values_are_left_out():
    links = contact_links("en", {"NDL_CONTACT_EMAIL": "team@example.org",
                                 "NDL_FEEDBACK_URL": "https://example.org/feedback"})
    assert [link.href for link in links] == ["mailto:team@example.org", "https://example.org/feedback"]
    assert contact_links("en", {"NDL_CONTACT_EMAIL": "<script>", "NDL_FEEDBACK_URL": "javascript:x"}) == ()


def test_a_welsh_example_gives_each_english_quote_marked_english_with_its_welsh_translation(edition):
    import html as html_lib

    for scenario in SCENARIOS["cy"].values():
        text = (edition / paths.scenario("cy", scenario.id)).read_text(encoding="utf-8")
        marked = [html_lib.unescape(w) for w in re.findall(r'<span lang="en">(.*?)</span>', text, re.S)]
        quotes = [item for item in scenario.people_said if item.quote]
        assert sorted(marked) == sorted(item.text for item in quotes), scenario.id
        shown = html_lib.unescape(squeeze(re.sub(r"<[^>]+>", "", text)))
        for item in quotes:
            assert squeeze(item.translation) in shown, (scenario.id, item.translation)
    english = (edition / paths.scenario("en", "benefit-fraud-check")).read_text(encoding="utf-8")
    assert '<span lang="en">' not in english
