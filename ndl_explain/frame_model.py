"""The site's header, phase banner and footer as plain data: words and links, built from the content
(``content/<lang>/ui/frame.yaml`` and the pages) and the contact configuration.

Knows nothing of Streamlit: the Streamlit frame (``ndl_explain/ui/frame.py``) draws these, and any other
edition of the site (a plain HTML copy, say) can draw the same header, banner and footer from them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .contact import Contact
from .content import SECTIONS, Site
from .i18n import Catalogue, catalogue
from .links import choice_params, with_params
from .searchtext import clean_query

HOME = "home"          # the slug of the home page; its address is "/"
DECIDED = "decided"    # "What is and is not decided yet": the phase banner links here
FOOTER_PAGES = ("accessibility", "privacy", "sources", DECIDED, "about")  # in this order, when they exist

# Page parameters the link to the other language may carry, by page: the example and its step. No other
# parameter goes into that link (the facilitator's secret token, for one, never does), and only values
# that look like ours (letters, digits, hyphens).
KEPT_PAGE_PARAMS: dict[str, tuple[str, ...]] = {"walkthrough": ("scenario", "step"), "what-if": ("scenario",)}
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9-]{1,80}")
# ... and the words searched for, on the Search page: a visitor's own words, so kept only as
# searchtext.clean_query leaves them (text, no control characters, cut short); the link's address
# encodes them (with_params), like any other value.
KEPT_QUERY_PARAMS: dict[str, tuple[str, ...]] = {"search": ("q",)}


def kept_param_names(url_path: str) -> tuple[str, ...]:
    """Every parameter of the page's address that the link to another language may keep."""
    return KEPT_PAGE_PARAMS.get(url_path, ()) + KEPT_QUERY_PARAMS.get(url_path, ())


@dataclass(frozen=True)
class Link:
    label: str
    href: str                  # "/what-it-is?lang=cy", or an outside address ("https://...", "mailto:...")
    page: str | None = None    # the url_path of one of the site's pages ("" for home); None: outside the site
    lang: str | None = None    # the language of the label, when it is not the page's language
    current: bool = False      # the page being shown

    @property
    def external(self) -> bool:
        return self.page is None


@dataclass(frozen=True)
class MenuEntry:
    """A page the menu lists: a content page, or a page with its own file (walkthrough, leaflets...)."""

    section: str   # one of content.SECTIONS
    order: int     # position within the section
    url_path: str  # "" for the home page
    title: str


@dataclass(frozen=True)
class MenuSection:
    title: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Header:
    site_name: str
    home: Link
    menu_label: str
    sections: tuple[MenuSection, ...]
    languages: tuple[Link, ...]


@dataclass(frozen=True)
class Banner:
    tag: str
    text: str
    link: Link | None   # None when the site has no "decided" page


@dataclass(frozen=True)
class Footer:
    contact_heading: str
    contact_lines: tuple[str, ...]   # plain sentences: who runs this copy, or that no route is set up
    contact_links: tuple[Link, ...]  # the email address (mailto:) and the feedback page, when set up
    links_label: str                 # the name of the list of links (for screen readers)
    links: tuple[Link, ...]          # accessibility, privacy, sources, what is decided, about
    languages: tuple[Link, ...]      # this page in each other language
    reviewed: str                    # "Content last reviewed: 3 December 2026"


@dataclass(frozen=True)
class Route:
    """A way on from the Home page: a page, and what the visitor will find there."""

    link: Link
    about: str


def page_href(url_path: str, params: dict[str, str] | None = None) -> str:
    """The address of one of the site's pages, with the visitor's choices."""
    path = "/" if url_path in ("", HOME) else "/" + url_path.strip("/")
    return with_params(path, params or {})


def format_date(lang: str, date: dt.date, cat: Catalogue | None = None) -> str:
    """A date as people write it: "3 December 2026", "3 Rhagfyr 2026"."""
    months = (cat or catalogue()).get(lang, "frame.months")
    return f"{date.day} {months[date.month - 1]} {date.year}"


def reviewed_on(lang: str, cat: Catalogue | None = None) -> dt.date:
    """The date the content was last reviewed, from ``frame.footer.reviewed_on`` (YYYY-MM-DD)."""
    value = (cat or catalogue()).get(lang, "frame.footer.reviewed_on")
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def menu_entries(site: Site, lang: str, page_files: Iterable[MenuEntry] = ()) -> list[MenuEntry]:
    """Every page of the menu in ``lang``: the content pages, then the pages with their own file."""
    entries = [MenuEntry(p.section, p.order, "" if p.slug == HOME else p.slug, p.menu_title)
               for p in site.pages(lang)]
    return entries + list(page_files)


def menu_sections(lang: str, entries: Iterable[MenuEntry], current: str = "",
                  params: dict[str, str] | None = None, cat: Catalogue | None = None) -> tuple[MenuSection, ...]:
    """The menu: its sections in the site's order, each with its pages in order."""
    cat = cat or catalogue()
    by_section: dict[str, list[MenuEntry]] = {s: [] for s in SECTIONS}
    for entry in entries:
        by_section.setdefault(entry.section, []).append(entry)
    sections = []
    for section, items in by_section.items():
        if not items:
            continue
        items = sorted(items, key=lambda e: (e.order, e.url_path))
        sections.append(MenuSection(cat.t(lang, f"frame.sections.{section}"), tuple(
            Link(e.title, page_href(e.url_path, params), page=e.url_path, current=e.url_path == current)
            for e in items)))
    return tuple(sections)


def own_page_params(url_path: str, query: dict[str, object]) -> dict[str, str]:
    """The page's own parameters from its address that the link to another language keeps (see
    KEPT_PAGE_PARAMS and KEPT_QUERY_PARAMS): the example and its step, only plain values; the words
    searched for, cleaned; nothing else."""
    own = {key: value for key in KEPT_PAGE_PARAMS.get(url_path, ())
           if isinstance(value := query.get(key), str) and _PLAIN_VALUE.fullmatch(value)}
    own.update({key: value for key in KEPT_QUERY_PARAMS.get(url_path, ())
                if (value := clean_query(query.get(key)))})
    return own


def language_links(site: Site, lang: str, url_path: str, detail: str = "short", nation: str = "",
                   own: dict[str, str] | None = None, cat: Catalogue | None = None) -> tuple[Link, ...]:
    """This page in each other language, labelled in that language, keeping the visitor's choices and
    the page's own parameters (``own``)."""
    cat = cat or catalogue()
    links = []
    for code in site.languages:
        if code == lang:
            continue
        params = choice_params(detail, nation, code)
        params.setdefault("lang", code)
        links.append(Link(cat.t(code, "frame.this_page_in_language"),
                          with_params("/" + url_path, {**(own or {}), **params}),
                          page=url_path, lang=site.language(code).html_lang))
    return tuple(links)


def build_header(site: Site, lang: str, entries: Iterable[MenuEntry], url_path: str = "",
                 params: dict[str, str] | None = None, languages: tuple[Link, ...] = (),
                 cat: Catalogue | None = None) -> Header:
    cat = cat or catalogue()
    name = cat.t(lang, "frame.site_name")
    return Header(
        site_name=name,
        home=Link(name, page_href("", params), page="", current=url_path in ("", HOME)),
        menu_label=cat.t(lang, "frame.header.menu"),
        sections=menu_sections(lang, entries, url_path, params, cat),
        languages=languages,
    )


def build_banner(site: Site, lang: str, params: dict[str, str] | None = None,
                 cat: Catalogue | None = None) -> Banner:
    cat = cat or catalogue()
    decided = site.page(lang, DECIDED)
    link = Link(cat.t(lang, "frame.banner.link"), page_href(DECIDED, params), page=DECIDED) if decided else None
    return Banner(cat.t(lang, "frame.banner.tag"), cat.t(lang, "frame.banner.text"), link)


def contact_parts(lang: str, contact: Contact, cat: Catalogue | None = None) -> tuple[tuple[str, ...], tuple[Link, ...]]:
    """The sentences and links that say how to reach whoever runs this copy, or that nobody can be
    reached (never a promise that leads nowhere)."""
    cat = cat or catalogue()
    lines, links = [], []
    if contact.operator:
        lines.append(cat.t(lang, "frame.footer.operator", name=contact.operator))
    if contact.email:
        links.append(Link(cat.t(lang, "frame.footer.email", email=contact.email), contact.mailto))
    if contact.feedback_url:
        links.append(Link(cat.t(lang, "frame.footer.feedback"), contact.feedback_url))
    if not contact.configured:
        lines.append(cat.t(lang, "frame.footer.contact_none"))
    return tuple(lines), tuple(links)


def build_routes(site: Site, lang: str, available: Iterable[str], params: dict[str, str] | None = None,
                 cat: Catalogue | None = None) -> tuple[str, tuple[Route, ...]]:
    """The Home page's routes onward (``frame.routes`` in the interface words): its heading and each
    route whose page is on the site (``available``: addresses of the pages registered)."""
    cat = cat or catalogue()
    available = set(available)
    routes = tuple(Route(Link(item["label"], page_href(item["page"], params), page=item["page"]), item["about"])
                   for item in cat.get(lang, "frame.routes.items") if item["page"] in available)
    return cat.t(lang, "frame.routes.heading"), routes


def build_footer(site: Site, lang: str, contact: Contact, params: dict[str, str] | None = None,
                 languages: tuple[Link, ...] = (), url_path: str = "", cat: Catalogue | None = None) -> Footer:
    cat = cat or catalogue()
    lines, contact_links = contact_parts(lang, contact, cat)
    links = tuple(Link(page.menu_title, page_href(slug, params), page=slug, current=slug == url_path)
                  for slug in FOOTER_PAGES if (page := site.page(lang, slug)) is not None)
    return Footer(
        contact_heading=cat.t(lang, "frame.footer.contact_heading"),
        contact_lines=lines,
        contact_links=contact_links,
        links_label=cat.t(lang, "frame.footer.links_label"),
        links=links,
        languages=languages,
        reviewed=cat.t(lang, "frame.footer.reviewed", date=format_date(lang, reviewed_on(lang, cat), cat)),
    )
