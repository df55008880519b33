"""The plain edition's page frame as data: header (site name, other language, menu link), the phase
banner, the menu, and the footer, drawn by one template partial (``templates/frame.html``).

The words, the menu's order, the banner and the footer's links and contact come from the site's shared
frame model (``ndl_explain/frame_model.py``, which the Streamlit frame draws too), so both editions
show the same header, banner and footer; only the addresses differ (relative files here).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .. import contact as contact_config
from .. import frame_model as fm
from ..content import Site
from ..i18n import catalogue

WALKTHROUGH = "walkthrough"  # the list of examples, which the plain edition has as pages of its own


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
    footer_label: str                # the name of the footer's list of links
    footer: tuple[Link, ...]
    contact_heading: str
    contact_lines: tuple[str, ...]   # who runs this copy, or that no contact route is set up
    contact: tuple[Link, ...]        # email and feedback, when set up
    reviewed: str                    # "Content last reviewed: ..."
    edition_note: str
    updated: str | None = None       # "Page last updated: ..."


def contact_links(lang: str, env: Mapping[str, str] | None = None) -> tuple[Link, ...]:
    """Email and feedback links from the contact configuration (left out when unset or not an address)."""
    _, links = fm.contact_parts(lang, contact_config.from_env(env))
    return tuple(Link(link.label, link.href) for link in links)


def frame_model(site: Site, lang: str, *, link_to: Callable[[str, str], str], here: str,
                interactive_url: str, search_url: str, other_languages: Mapping[str, str],
                interactive_pages: tuple[tuple[str, int, str, str], ...] = (),
                updated: dt.date | None = None, env: Mapping[str, str] | None = None) -> Frame:
    """The frame of one plain page, from the shared frame model.

    ``link_to(lang, slug)`` gives the href of a content page (slug) or of the list of examples
    (``"walkthrough"``) from the page being built; ``here`` is that page's slug (or "walkthrough");
    ``other_languages`` maps each other language to the href of this page in it;
    ``interactive_pages`` lists pages that exist only on the interactive site as (section, order,
    interface-words key of their menu title, address)."""
    cat = catalogue()
    t = lambda key, **values: cat.t(lang, key, **values)  # noqa: E731
    note = t("plain.on_interactive_site")
    here_path = "" if here == fm.HOME else here
    interactive = {f"interactive:{i}": address for i, (_, _, _, address) in enumerate(interactive_pages)}
    files = [fm.MenuEntry("examples", 1, WALKTHROUGH, t("walkthrough.nav_title"))]
    files += [fm.MenuEntry(section, order, f"interactive:{i}", t(key))
              for i, (section, order, key, _) in enumerate(interactive_pages)]
    header = fm.build_header(site, lang, fm.menu_entries(site, lang, files), here_path, cat=cat)

    def plain(link: fm.Link) -> Link:
        """The shared model's link with the plain edition's address (a file here, or the interactive site)."""
        if link.page is None:
            return Link(link.label, link.href, lang=link.lang)
        if link.page in interactive:
            return Link(link.label, interactive[link.page], note=note)
        return Link(link.label, link_to(lang, link.page or fm.HOME), lang=link.lang, current=link.current)

    banner = fm.build_banner(site, lang, cat=cat)
    footer = fm.build_footer(site, lang, contact_config.from_env(env), url_path=here_path, cat=cat)
    return Frame(
        lang=lang,
        site_name=header.site_name,
        home=plain(header.home),
        skip_link=t("frame.skip_link"),
        languages=tuple(Link(cat.t(code, "frame.this_page_in_language"), href, lang=site.language(code).html_lang)
                        for code, href in other_languages.items()),
        menu_label=header.menu_label,
        menu=tuple(MenuSection(section.title, tuple(plain(link) for link in section.links))
                   for section in header.sections),
        phase_tag=banner.tag,
        banner=banner.text,
        banner_link=plain(banner.link) if banner.link is not None else None,
        interactive=Link(t("plain.interactive_link"), interactive_url),
        search=Link(t("frame.search_link"), search_url, note=note),
        footer_label=footer.links_label,
        footer=tuple(plain(link) for link in footer.links),
        contact_heading=footer.contact_heading,
        contact_lines=footer.contact_lines,
        contact=tuple(plain(link) for link in footer.contact_links),
        reviewed=footer.reviewed,
        edition_note=t("plain.edition_note"),
        updated=t("frame.updated", date=updated.isoformat()) if updated else None,
    )
