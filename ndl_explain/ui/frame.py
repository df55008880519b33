"""The frame around every page: loads content once, draws the site-wide choices, builds the menu."""
from __future__ import annotations

import base64
import contextvars
import copy
import functools
import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from .. import CONTENT_DIR, PROJECT_DIR, pagemeta
from .. import contact as contact_config
from .. import frame_model as fm
from ..content import LAYERS, SECTIONS, Site, load_site
from ..i18n import DEFAULT_LANG, catalogue
from ..links import choice_params, with_params
from ..plain import paths as plain_paths
from ..problems import ContentError
from . import state


@functools.lru_cache(maxsize=1)
def page_icon() -> str:
    """The site's icon as a data: URL, read once. Given a file path, st.set_page_config opens, decodes
    and re-encodes the image on every run of every page; a data: URL is passed on as it is."""
    data = (PROJECT_DIR / "assets" / "icon.png").read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@functools.lru_cache(maxsize=None)
def _asset(name: str, tag: str) -> str:
    """A file next to this module (the site's CSS or script) inside its HTML element, read once."""
    return f"<{tag}>" + Path(__file__).with_name(name).read_text(encoding="utf-8") + f"</{tag}>"


def site_style() -> str:
    """The site's own CSS (ndl_explain/ui/site.css) as a <style> element."""
    return _asset("site.css", "style")


def site_script() -> str:
    """The site's own scripts: links to our pages stay in the tab (ndl_explain/ui/same_tab_links.js);
    the link to the other language keeps the address's latest step (ndl_explain/ui/language_links.js);
    "Back to top", "Show less detail" and the walkthrough's Back and Next keep the right part of the
    page in view (ndl_explain/ui/page_controls.js)."""
    return (_asset("same_tab_links.js", "script") + _asset("language_links.js", "script")
            + _asset("page_controls.js", "script"))


@st.cache_resource(show_spinner=False)
def get_site() -> Site:
    """All content, loaded and validated once per process."""
    return load_site(CONTENT_DIR)


@dataclass(frozen=True)
class PageFile:
    """A page with its own Python file (walkthrough, leaflets, workshop...)."""

    path: str            # relative to the project folder, e.g. "views/walkthrough.py"
    section: str         # one of content.SECTIONS
    order: int           # position within its section (content pages use the same numbers)
    url_path: str        # the page's address
    title_key: str       # interface text key for its menu title, e.g. "walkthrough.nav_title"
    icon: str | None = None


def _choice_specs(site: Site) -> dict[str, tuple[tuple[str, ...], str]]:
    languages = tuple(site.languages)
    return {
        state.DETAIL_KEY: (LAYERS, LAYERS[0]),
        state.NATION_KEY: (state.NATION_CHOICES, ""),
        state.LANG_KEY: (languages, DEFAULT_LANG if DEFAULT_LANG in languages else languages[0]),
    }


def _seed_from_url(site: Site) -> None:
    """On a visitor's first run, take each choice from the URL (invalid values fall back)."""
    for key, (allowed, default) in _choice_specs(site).items():
        current = st.session_state.get(key)
        if current is None or current not in allowed:
            st.session_state[key] = state.clean(st.query_params.get(key), allowed, default)


def _write_to_url(site: Site) -> None:
    """Keep the URL in step with the choices, so a shared link opens the same view."""
    for key, (allowed, default) in _choice_specs(site).items():
        value = state.clean(st.session_state.get(key), allowed, default)
        if value == default:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def read_choices(site: Site) -> state.Choices:
    """The visitor's choices (detail, nation, language): taken from the URL on a first run, kept in the
    URL as ?detail=&nation=&lang= so a shared link opens the same view. Draws nothing."""
    _seed_from_url(site)
    _write_to_url(site)
    return state.current(st.session_state, list(site.languages))


def show_detail_choice(site: Site, choices: state.Choices) -> None:
    """"How much detail?" at the top of every page. (Its help text is left out: a 16 px help icon is
    too small to tap, and the three choices say what they are.)"""
    cat = catalogue()
    options = cat.get(choices.lang, "frame.detail_options")
    with st.container(key="ndl_detail"):
        st.segmented_control(
            cat.t(choices.lang, "frame.detail_label"), LAYERS, required=True, key=state.DETAIL_KEY,
            format_func=lambda v: options[v],
        )


def show_nation_choice(choices: state.Choices) -> None:
    """"Where do you live?", in the menu: a page adds a note for the visitor's nation where it differs."""
    cat = catalogue()
    nations = cat.get(choices.lang, "frame.nation_options")
    st.selectbox(cat.t(choices.lang, "frame.nation_label"), state.NATION_CHOICES, key=state.NATION_KEY,
                 format_func=lambda v: nations.get(v, v))
    st.markdown(f":small[{_escape_markdown(cat.t(choices.lang, 'frame.nation_help'))}]")


def show_choices(site: Site) -> state.Choices:
    """Read the choices and draw "How much detail?" (the nation is chosen in the menu)."""
    choices = read_choices(site)
    show_detail_choice(site, choices)
    return choices


_MENUS: dict[tuple[int, str, tuple[PageFile, ...]], dict] = {}
_MENUS_LOCK = threading.Lock()


def navigation(site: Site, lang: str, page_files: list[PageFile], render_content_page) -> dict:
    """The menu for ``st.navigation``, built once per language and process and copied on each run.

    Building it (≈50 ``st.Page`` objects) cost ≈4 ms of every run of every page (bench/README.md).
    ``st.navigation`` and ``Page.run`` change a page object's state, so sessions that run at the same
    time each get their own shallow copies rather than sharing one object.
    """
    key = (id(site), lang, tuple(page_files))
    menu = _MENUS.get(key)
    if menu is None:
        with _MENUS_LOCK:
            menu = _MENUS.setdefault(key, build_navigation(site, lang, page_files, render_content_page))
            by_url = {page.url_path: page for pages in menu.values() for page in pages}
            for spec in page_files:
                if spec.url_path in by_url:
                    _FILE_PAGES.setdefault(spec.path, by_url[spec.url_path])
    return {section: [copy.copy(page) for page in pages] for section, pages in menu.items()}


@functools.lru_cache(maxsize=None)
def page_file_exists(relative: str) -> bool:
    """Whether the page file (path relative to the project folder) is there; looked up once."""
    return (PROJECT_DIR / relative).is_file()


_FILE_PAGES: dict[str, st.Page] = {}  # "views/walkthrough.py" -> its registered page (any language)


def page_link(file: str, label: str, params: dict[str, str] | None = None, icon: str | None = None) -> None:
    """``st.page_link`` to one of the site's page files (path relative to the project folder).

    Given the registered page object rather than the file name, Streamlit skips resolving the path on
    disk (``os.path.realpath``: a few ms per link on every run). Label and icon are always ours."""
    st.page_link(_FILE_PAGES.get(file, file), label=label, query_params=params or None, icon=icon)


def page_href(file: str, params: dict[str, str] | None = None) -> str | None:
    """The address of one of the site's page files with ``params``, for a link inside Markdown, or
    None when that page is not registered. (The menu registers them before any page runs.)"""
    page = _FILE_PAGES.get(file)
    return None if page is None else with_params("/" + page.url_path, params or {})


def build_navigation(site: Site, lang: str, page_files: list[PageFile], render_content_page) -> dict:
    """The menu: content pages (one per Markdown file) and page files, grouped by section."""
    cat = catalogue()
    entries: dict[str, list[tuple[int, st.Page]]] = {s: [] for s in SECTIONS}
    for page in site.pages(lang):
        def run(slug: str = page.slug) -> None:
            render_content_page(slug)

        run.__name__ = f"page_{page.slug.replace('-', '_')}"
        entries[page.section].append((page.order, st.Page(
            run, title=page.menu_title, icon=page.icon, url_path=page.slug,
            default=page.slug == "home")))
    for spec in page_files:
        if not (PROJECT_DIR / spec.path).is_file():
            continue
        entries[spec.section].append((spec.order, st.Page(
            str(PROJECT_DIR / spec.path), title=cat.t(lang, spec.title_key), icon=spec.icon,
            url_path=spec.url_path)))
    return {
        cat.t(lang, f"frame.sections.{section}"): [p for _, p in sorted(items, key=lambda x: x[0])]
        for section, items in entries.items() if items
    }


def show_content_error(error: ContentError, lang: str = DEFAULT_LANG) -> None:
    """A calm message for visitors when content is broken (the details go to the server log)."""
    import logging

    logging.getLogger("ndl_explain").error("%s", error)
    try:
        cat = catalogue()
        st.title(cat.t(lang, "frame.content_error_title"))
        st.write(cat.t(lang, "frame.content_error_body"))
    except Exception:  # the interface words themselves may be what is broken
        st.title("Sorry, this page cannot be shown right now")
        st.write("A content file has a mistake. Nothing you did caused this. Please try again later.")


def project_path(relative: str) -> Path:
    return PROJECT_DIR / relative


# Pages that keep their own state in the address as the visitor moves, and the parameters the link to
# the other language carries for them: see frame_model.KEPT_PAGE_PARAMS.
KEPT_PAGE_PARAMS = fm.KEPT_PAGE_PARAMS

# Pages whose state lives only in the visitor's session: a workshop participant's anonymous place
# in the room, the facilitator's running workshop. A link would open a new session and lose it
# (a participant would join again as someone new), so there the language changes in the session.
IN_SESSION_LANGUAGE_PAGES = ("workshop", "facilitate", "present")


def _switch_language(code: str) -> None:
    st.session_state[state.LANG_KEY] = code


def site_assets(site: Site, lang: str) -> str:
    """The site's CSS and script, and the document's language (Streamlit writes lang="en" on <html>),
    so screen readers pronounce Welsh pages as Welsh. Our own constant text, never visitor input."""
    language = site.language(lang)
    return (site_style() + site_script()
            + f"<script>document.documentElement.lang = {language.html_lang!r};</script>")


def _language_links_html(links: tuple[fm.Link, ...], kept: tuple[str, ...]) -> str:
    keep_attribute = f' data-ndl-keep="{" ".join(kept)}"' if kept else ""
    # Each link is marked with its own language, so a screen reader reads it in that language.
    return " · ".join(
        f'<a href="{html.escape(link.href)}" class="ndl-language" lang="{link.lang}" hreflang="{link.lang}" '
        f'target="_self"{keep_attribute}>{html.escape(link.label)}</a>' for link in links)


def show_language_links(site: Site, choices: state.Choices, url_path: str, *, where: str = "header",
                        assets: bool = True, lead: str = "") -> None:
    """A link to this same page in each other language, written in that language (on the pages in
    IN_SESSION_LANGUAGE_PAGES, a button that changes the language inside the session). In the header
    it also carries the site's CSS and script (``assets``) and the site's name (``lead``, our own
    escaped HTML), in the same element; the footer has the link again (``where``)."""
    script = site_assets(site, choices.lang) if assets else ""
    others = [code for code in site.languages if code != choices.lang]
    cat = catalogue()
    if not others or url_path in IN_SESSION_LANGUAGE_PAGES:
        if script or lead:
            st.html(script + lead, unsafe_allow_javascript=bool(script), width="content")
        # Keyed by position, not by language: the button stays the same element after a switch.
        prefix = "ndl_language_" if where == "header" else f"ndl_{where}_language_"
        for position, code in enumerate(others):
            st.button(cat.t(code, "frame.this_page_in_language"), key=f"{prefix}{position}",
                      on_click=_switch_language, args=(code,), type="tertiary")
        return
    # The page's own parameters (an example and its step, the words searched for) go with the link,
    # so the visitor lands on the same thing in the other language; the choices are the visitor's.
    # (Moving between steps does not redraw this link: the script in language_links.js takes the
    # page's parameters from the address as the link is followed.)
    own = fm.own_page_params(url_path, {key: st.query_params.get(key) for key in fm.kept_param_names(url_path)})
    links = fm.language_links(site, choices.lang, url_path, choices.detail, choices.nation, own)
    body = _language_links_html(links, KEPT_PAGE_PARAMS.get(url_path, ()))
    if where == "footer":  # the plain edition: static HTML, quicker on a slow connection
        body = " · ".join([body, *plain_link_html(site, choices.lang, url_path, own.get("scenario"))])
    st.html(script + f'<div class="ndl-header-bar">{lead}<p class="ndl-languages">{body}</p></div>',
            unsafe_allow_javascript=bool(script), width="stretch" if lead else "content")


# ---- The header, the phase banner and the footer (built in ndl_explain/frame_model.py) ----

MENU_KEY = "ndl_menu"
_LAST_PAGE_KEY = "_ndl_menu_page"


@functools.lru_cache(maxsize=1)
def contact() -> contact_config.Contact:
    """This copy's contact route (NDL_CONTACT_EMAIL, NDL_FEEDBACK_URL, NDL_OPERATOR_NAME), read once;
    settings that were left out are named in the server log."""
    import logging

    found = contact_config.from_env()
    for problem in found.problems:
        logging.getLogger("ndl_explain").warning("%s", problem)
    return found


def _link(link: fm.Link, pages: dict[str, st.Page], *, key_text: str = "") -> None:
    """One of the frame's links: a page of the site opens in the same session (st.page_link); an
    outside address opens as a plain link."""
    page = pages.get(link.page) if link.page is not None else None
    if page is not None:
        params = dict(part.split("=", 1) for part in link.href.partition("?")[2].split("&") if "=" in part)
        st.page_link(page, label=link.label, query_params=params or None)
    else:
        st.markdown(f"[{_escape_markdown(link.label)}]({link.href})")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#|<>~$])")
_ICON_LIKE = re.compile(r":[\w/-]+(?::|\[)")  # ":smile:", ":material/x:", ":red[...]"


def _escape_markdown(text: str) -> str:
    """``text`` shown as it is in Markdown: no emphasis, links, HTML, maths or icons from it."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace(":", "\\:") if _ICON_LIKE.search(text) else escaped


def search_slot(site: Site, choices: state.Choices, url_path: str) -> None:
    """The site's search box, in the header under the site's name (ndl_explain/ui/search_box.py)."""
    from .search_box import show_search_box  # here: search_box reads this module's page lists

    show_search_box(choices, url_path)


def _close_menu_after_a_page_change(url_path: str) -> None:
    """Choosing a page in the menu closes it: when the page has changed since the last run, the menu
    starts closed (it would otherwise stay open over the new page)."""
    last = st.session_state.get(_LAST_PAGE_KEY)
    if last is not None and last != url_path:
        st.session_state[MENU_KEY] = False
    st.session_state[_LAST_PAGE_KEY] = url_path


def _noop() -> None:
    """The menu tracks whether it is open (so it can be closed after a page change): a callback makes
    Streamlit track it."""


_RUN_PAGES: contextvars.ContextVar[dict[str, st.Page]] = contextvars.ContextVar("ndl_run_pages", default={})


def pages_by_url(menu: dict) -> dict[str, st.Page]:
    """This run's page objects by address ("" for home), for links to the site's pages (header,
    footer, the Home page's routes); kept for the run (``run_pages``)."""
    pages = {("" if page.url_path in ("", "home") else page.url_path): page
             for section in menu.values() for page in section}
    _RUN_PAGES.set(pages)
    return pages


def run_pages() -> dict[str, st.Page]:
    return _RUN_PAGES.get()


def show_routes(site: Site, lang: str, params: dict[str, str]) -> None:
    """The Home page's routes onward ([[routes]]): a list of links, each with what is there (one
    Markdown element; the site's CSS sets each out as a card)."""
    heading, routes = fm.build_routes(site, lang, run_pages(), params)
    if routes:
        st.container(key="ndl_routes").markdown(f"### {_escape_markdown(heading)}\n\n" + "\n".join(
            f"- [{_escape_markdown(route.link.label)}]({route.link.href})  \n  {_escape_markdown(route.about)}"
            for route in routes))


def menu_entries(site: Site, lang: str, page_files: list[PageFile]) -> list[fm.MenuEntry]:
    """Every page the menu lists in ``lang``: content pages and the registered page files."""
    cat = catalogue()
    files = [fm.MenuEntry(spec.section, spec.order, spec.url_path, cat.t(lang, spec.title_key))
             for spec in page_files if page_file_exists(spec.path)]
    return fm.menu_entries(site, lang, files)


def show_header(site: Site, choices: state.Choices, url_path: str, entries: list[fm.MenuEntry],
                pages: dict[str, st.Page]) -> None:
    """The header on every page: the site's name (a link home), a place for search, the link to the
    other language, and a "Menu" control (a word, not only an icon) that opens the list of pages and
    the nation choice."""
    params = current_params(choices)
    header = fm.build_header(site, choices.lang, entries, url_path, params)
    _close_menu_after_a_page_change(url_path)
    with st.container(key="ndl_header"):
        # The site's name is a plain link home, in the same element as the language link (each
        # element drawn is work on every run of every page).
        home = (f'<a href="{html.escape(header.home.href)}" class="ndl-home" target="_self">'
                f'{html.escape(header.site_name)}</a>')
        with st.container(horizontal=True, vertical_alignment="center", key="ndl_header_row", gap="small"):
            show_language_links(site, choices, url_path, lead=home)
        search_slot(site, choices, url_path)
        with st.expander(header.menu_label, icon=":material/menu:", key=MENU_KEY, on_change=_noop) as menu:
            # The ~20 links are drawn only while the menu is open: they were a third of the server's
            # work on every run of every page. (Opening the menu reruns the page, which draws them.)
            if menu.open:
                columns = st.columns(len(header.sections), gap="medium")
                for column, section in zip(columns, header.sections):
                    with column:
                        st.markdown(f"**{_escape_markdown(section.title)}**")
                        for link in section.links:
                            _link(link, pages)
            # Always drawn, so that the choice stays in the session while the menu is closed.
            show_nation_choice(choices)


def show_banner(site: Site, choices: state.Choices, pages: dict[str, st.Page]) -> None:
    """The phase banner under the header: this is a proposal, and where to read what is decided."""
    banner = fm.build_banner(site, choices.lang, current_params(choices))
    link = f" [{_escape_markdown(banner.link.label)}]({banner.link.href})" if banner.link is not None else ""
    st.container(key="ndl_banner").markdown(
        f":primary-badge[{_escape_markdown(banner.tag)}] {_escape_markdown(banner.text)}{link}")


def show_contact(site: Site, lang: str) -> None:
    """How to reach whoever runs this copy, or a plain statement that there is no way here (the
    footer and the [[contact]] marker on About, Accessibility and Privacy)."""
    st.markdown("\n\n".join(_contact_markdown(lang)))


def _contact_markdown(lang: str) -> list[str]:
    lines, links = fm.contact_parts(lang, contact())
    return ([_escape_markdown(line) for line in lines]
            + [f"[{_escape_markdown(link.label)}]({link.href})" for link in links])


def show_footer(site: Site, choices: state.Choices, url_path: str, pages: dict[str, st.Page]) -> None:
    """The footer on every page: contact and feedback, accessibility, privacy, sources, what is
    decided, the other language, and when the content was last reviewed. One Markdown element and
    the language link: each element drawn is work on every run of every page."""
    footer = fm.build_footer(site, choices.lang, contact(), current_params(choices), url_path=url_path)
    cat = catalogue()
    parts = [f"#### {_escape_markdown(footer.contact_heading)}", *_contact_markdown(choices.lang),
             "\n".join(f"- [{_escape_markdown(link.label)}]({link.href})" for link in footer.links)]
    with st.container(key="ndl_footer"):
        st.markdown("\n\n".join(parts))
        show_language_links(site, choices, url_path, where="footer", assets=False)
        st.markdown(f":small[{_escape_markdown(footer.reviewed)}]\n\n"
                    f"[{_escape_markdown(cat.t(choices.lang, 'frame.back_to_top'))}](#ndl-top)")


def show_draft_notice(site: Site, lang: str) -> None:
    """The draft-translation notice, once at the top of every page and screen, while the visitor's
    language is marked ``translation: draft`` (content/<lang>/language.yaml)."""
    if site.language(lang).translation == "draft":
        st.warning(catalogue().t(lang, "frame.draft_translation"), icon=":material/translate:")


def current_params(choices: state.Choices) -> dict[str, str]:
    """Query parameters that keep the visitor's choices on internal links."""
    return choice_params(choices.detail, choices.nation, choices.lang)


# ---- Page titles and the plain edition (issue 19)
@functools.lru_cache(maxsize=256)
def _page_title(lang: str, url_path: str) -> str:
    return pagemeta.for_address(get_site(), lang, url_path).full_title


def show_title(full_title: str) -> None:
    """Put ``full_title`` in the browser tab (Streamlit 1.67 takes ``st.set_page_config`` again at any
    point of a run, a fragment's included, and the browser shows the latest)."""
    st.set_page_config(page_title=full_title)


def show_page_title(lang: str, url_path: str) -> None:
    """The tab's title for the page about to run: "<page title> – NDL Explained" in the visitor's
    language (``pagemeta``). A walkthrough step puts its own title over it."""
    show_title(_page_title(lang, url_path))


def plain_link_html(site: Site, lang: str, url_path: str, scenario_id: str | None = None) -> list[str]:
    """The link to this page's plain version (static HTML, no JavaScript: quicker on a slow
    connection), as a one-item list of HTML, or an empty list for pages that have none (what if,
    leaflets, workshops). Served by the deploy at ``plain.paths.served_at()``."""
    scenarios: frozenset[str] = frozenset()
    if scenario_id:
        from .walkthrough import get_scenarios  # here: walkthrough imports this module

        scenarios = frozenset(get_scenarios(lang))
    slug = url_path.strip("/") or "home"
    target = plain_paths.for_address(lang, url_path, pages={slug} if site.page(lang, slug) else set(),
                                     scenario_id=scenario_id, scenarios=scenarios)
    if target is None:
        return []
    href = html.escape(f"{plain_paths.served_at()}/{target}")
    label = html.escape(catalogue().t(lang, "frame.plain_version_link"))
    return [f'<a href="{href}" target="_self">{label}</a>']
