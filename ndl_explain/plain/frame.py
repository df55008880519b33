"""The plain edition's page frame as data: header (site name, other language, menu link), the phase
banner, the menu, and the footer. Built in one function, ``frame_model``, and drawn by one template
partial (``templates/frame.html``), so the site's shared frame model can later feed it instead.

Words come from ``content/<lang>/ui/frame.yaml`` (and ``plain.yaml`` for the edition's own words);
contact details from ``NDL_CONTACT_EMAIL`` and ``NDL_FEEDBACK_URL``.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..content import SECTIONS, Site
from ..i18n import catalogue

CONTACT_EMAIL_ENV = "NDL_CONTACT_EMAIL"
FEEDBACK_URL_ENV = "NDL_FEEDBACK_URL"
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
# The footer's links, in order: content pages that exist in every site of this kind.
FOOTER_PAGES = ("accessibility", "privacy", "sources")
# The page that says what is and is not decided yet (being written in another issue): the phase
# banner links to the first of these slugs that exists, and says only "this is a proposal" until then.
DECIDED_PAGES = ("what-is-decided", "decided")


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    lang: str | None = None        # set when the label is in another language than the page
    note: str | None = None        # a few words after the link, e.g. "(on the interactive site)"
    current: bool = False          # the page being read (aria-current)


@dataclass(frozen=True)
class MenuSection:
    heading: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Frame:
    """Everything the header, phase banner, menu and footer show on one page."""

    lang: str
    site_name: str
    home: Link
    skip_link: str
    languages: tuple[Link, ...]      # this page in each other language
    menu_label: str
    menu: tuple[MenuSection, ...]
    phase_tag: str
    banner: str
    banner_link: Link | None
    interactive: Link                # this page on the interactive site
    search: Link                     # search on the interactive site
    footer: tuple[Link, ...]
    edition_note: str
    updated: str | None = None       # "Page last updated: ..."


def contact_links(lang: str, env: Mapping[str, str] | None = None) -> tuple[Link, ...]:
    """Email and feedback links from ``NDL_CONTACT_EMAIL`` / ``NDL_FEEDBACK_URL`` (left out when unset
    or not an address)."""
    env = os.environ if env is None else env
    cat = catalogue()
    links = []
    email = (env.get(CONTACT_EMAIL_ENV) or "").strip()
    if _EMAIL.match(email):
        links.append(Link(cat.t(lang, "frame.contact_email", email=email), f"mailto:{email}"))
    feedback = (env.get(FEEDBACK_URL_ENV) or "").strip()
    if re.match(r"^https?://[^\s<>\"']+$", feedback):
        links.append(Link(cat.t(lang, "frame.feedback_link"), feedback))
    return tuple(links)


def frame_model(site: Site, lang: str, *, link_to: Callable[[str, str], str], here: str,
                interactive_url: str, search_url: str, other_languages: Mapping[str, str],
                interactive_pages: tuple[tuple[str, int, str, str], ...] = (),
                updated: dt.date | None = None, env: Mapping[str, str] | None = None) -> Frame:
    """The frame of one plain page.

    ``link_to(lang, slug)`` gives the href of a content page (slug) or of the list of examples
    (``"walkthrough"``) from the page being built; ``here`` is that page's slug (or "walkthrough");
    ``other_languages`` maps each other language to the href of this page in it;
    ``interactive_pages`` lists pages that exist only on the interactive site as (section, order,
    interface-words key of their menu title, address)."""
    cat = catalogue()
    t = lambda key, **values: cat.t(lang, key, **values)  # noqa: E731
    note = t("plain.on_interactive_site")
    entries: dict[str, list[tuple[int, Link]]] = {section: [] for section in SECTIONS}
    for page in site.pages(lang):
        entries[page.section].append((page.order, Link(page.menu_title, link_to(lang, page.slug),
                                                       current=page.slug == here)))
    entries["examples"].append((1, Link(t("walkthrough.nav_title"), link_to(lang, "walkthrough"),
                                        current=here == "walkthrough")))
    for section, order, key, address in interactive_pages:
        entries[section].append((order, Link(t(key), address, note=note)))
    menu = tuple(
        MenuSection(t(f"frame.sections.{section}"), tuple(link for _, link in sorted(items, key=lambda x: x[0])))
        for section, items in entries.items() if items)
    footer = [Link(site.page(lang, slug).menu_title, link_to(lang, slug), current=slug == here)
              for slug in FOOTER_PAGES if site.page(lang, slug) is not None]
    decided = next((slug for slug in DECIDED_PAGES if site.page(lang, slug) is not None), None)
    return Frame(
        lang=lang,
        site_name=t("frame.site_name"),
        home=Link(t("frame.site_name"), link_to(lang, "home")),
        skip_link=t("frame.skip_link"),
        languages=tuple(Link(cat.t(code, "frame.this_page_in_language"), href, lang=site.language(code).html_lang)
                        for code, href in other_languages.items()),
        menu_label=t("frame.menu_label"),
        menu=menu,
        phase_tag=t("frame.phase_tag"),
        banner=t("frame.proposal_notice"),
        banner_link=(Link(site.page(lang, decided).title, link_to(lang, decided)) if decided else None),
        interactive=Link(t("plain.interactive_link"), interactive_url),
        search=Link(t("frame.search_link"), search_url, note=note),
        footer=tuple(footer) + contact_links(lang, env),
        edition_note=t("plain.edition_note"),
        updated=t("frame.updated", date=updated.isoformat()) if updated else None,
    )
