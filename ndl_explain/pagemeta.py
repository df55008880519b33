"""Each page address's title and description, in each language: one place for the browser tab, the
plain edition, and the deploy's nginx (which puts them into the raw HTML for link previews and
search engines). Every word comes from ``content/``: page front matter, scenario files, interface
words (the title pattern is ``frame.title_pattern``)."""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .content import Page, Site, markdown_to_html
from .i18n import DEFAULT_LANG, catalogue
from .scenarios import Scenario

# Pages with their own Python file (views/), by address: the interface words that are their title
# and their description (keys in content/<lang>/ui/). A page file without an entry here is titled
# with the site's name only.
PAGE_FILE_WORDS: dict[str, tuple[str, str]] = {
    "walkthrough": ("walkthrough.title", "walkthrough.intro"),
    "what-if": ("walkthrough.what_if_title", "walkthrough.what_if_intro"),
    "leaflets": ("leaflets.title", "leaflets.intro"),
    "workshop": ("workshop.participant_title", "workshop.participant_intro"),
    "facilitate": ("workshop.facilitate_title", "workshop.facilitate_intro"),
}
WALKTHROUGH = "walkthrough"
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PageMeta:
    """What a browser tab, a search result or a link preview shows for one address."""

    path: str                  # "/" (home), "/what-it-is", "/walkthrough"
    lang: str
    title: str                 # the page's own title: "Types of data"
    full_title: str            # as the tab shows it: "Types of data – NDL Explained"
    description: str           # plain text, no Markdown
    scenario: str | None = None
    step: int | None = None

    @property
    def address(self) -> str:
        """The address with its parameters, as the site writes it (``?lang=`` only when not English;
        step 1 is the example's own address)."""
        params = {}
        if self.scenario:
            params["scenario"] = self.scenario
        if self.step and self.step > 1:
            params["step"] = str(self.step)
        if self.lang != DEFAULT_LANG:
            params["lang"] = self.lang
        return self.path + ("?" + urlencode(params) if params else "")


def full_title(lang: str, title: str) -> str:
    """"<page title> – NDL Explained", in ``lang`` (``frame.title_pattern``)."""
    return catalogue().t(lang, "frame.title_pattern", title=title)


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text (for a description or a title)."""
    text = html.unescape(_TAGS.sub(" ", markdown_to_html(markdown or "")))
    return " ".join(text.split())


def site_name(lang: str) -> str:
    return catalogue().t(lang, "frame.site_name")


def content_page(page: Page) -> PageMeta:
    """A page written in Markdown (content/<lang>/pages/<slug>.md); the home page's address is "/"."""
    path = "/" if page.slug == "home" else f"/{page.slug}"
    title = plain_text(page.title)
    return PageMeta(path, page.lang, title, full_title(page.lang, title), plain_text(page.summary))


def page_file(lang: str, url_path: str) -> PageMeta:
    """A page with its own file (walkthrough list, what if, leaflets, workshop...)."""
    cat = catalogue()
    keys = PAGE_FILE_WORDS.get(url_path)
    if keys is None:
        name = site_name(lang)
        return PageMeta(f"/{url_path}", lang, name, name, cat.t(lang, "frame.site_tagline"))
    title = plain_text(cat.t(lang, keys[0]))
    return PageMeta(f"/{url_path}", lang, title, full_title(lang, title), plain_text(cat.t(lang, keys[1])))


def step_title(lang: str, scenario: Scenario, number: int) -> str:
    """A walkthrough step's own title: "<example>: step 2 of 5" (``frame.step_page_title``)."""
    return catalogue().t(lang, "frame.step_page_title", scenario=plain_text(scenario.title), n=number,
                         total=scenario.step_count)


def scenario_page(lang: str, scenario: Scenario, number: int | None = None) -> PageMeta:
    """One example: step ``number`` of its walkthrough, or (None) the whole example on one page."""
    title = plain_text(scenario.title) if number is None else step_title(lang, scenario, number)
    return PageMeta(f"/{WALKTHROUGH}", lang, title, full_title(lang, title), plain_text(scenario.summary),
                    scenario=scenario.id, step=number)


def for_address(site: Site, lang: str, url_path: str) -> PageMeta:
    """The title and description of the page at ``/url_path`` ("" is the home page)."""
    slug = url_path.strip("/") or "home"
    page = site.page(lang, slug)
    if page is not None:
        return content_page(page)
    return page_file(lang, slug)


def every_address(site: Site, scenarios: Mapping[str, Mapping[str, Scenario]],
                  page_files: tuple[str, ...] = tuple(PAGE_FILE_WORDS), *,
                  whole_examples: bool = False) -> list[PageMeta]:
    """Every address of the interactive site in every language: content pages, page files, and each
    step of each example (``scenarios``: language -> id -> Scenario). ``whole_examples``: also each
    example as a whole (``step`` None), for an address whose step is not one of its steps."""
    found: list[PageMeta] = []
    for lang in site.languages:
        found += [content_page(page) for page in site.pages(lang)]
        found += [page_file(lang, url_path) for url_path in page_files]
        for scenario in scenarios.get(lang, {}).values():
            if whole_examples:
                found.append(scenario_page(lang, scenario))
            found += [scenario_page(lang, scenario, n) for n in range(1, scenario.step_count + 1)]
    return found
