"""The frame around every page: loads content once, draws the site-wide choices, builds the menu."""
from __future__ import annotations

import base64
import copy
import functools
import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from .. import CONTENT_DIR, PROJECT_DIR, pagemeta
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
    the link to the other language keeps the address's latest step (ndl_explain/ui/language_links.js)."""
    return _asset("same_tab_links.js", "script") + _asset("language_links.js", "script")


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


def show_choices(site: Site) -> state.Choices:
    """Draw the site-wide choices, kept in the URL as ?detail=&nation=&lang=, and return them."""
    _seed_from_url(site)
    cat = catalogue()
    languages = list(site.languages)
    lang = state.current(st.session_state, languages).lang
    text = lambda key: cat.t(lang, f"frame.{key}")  # noqa: E731
    options = cat.get(lang, "frame.detail_options")
    st.segmented_control(
        text("detail_label"), LAYERS, required=True, key=state.DETAIL_KEY,
        format_func=lambda v: options[v], help=text("detail_help"),
    )
    with st.sidebar:
        st.markdown(f"**{text('choices_heading')}**")
        nations = cat.get(lang, "frame.nation_options")
        st.selectbox(
            text("nation_label"), state.NATION_CHOICES, key=state.NATION_KEY,
            format_func=lambda v: nations.get(v, v), help=text("nation_help"),
        )
    # The language is chosen at the top of every page (show_language_links), in the other language,
    # as on gov.wales; a second control for it here cost every run a widget.
    _write_to_url(site)
    return state.current(st.session_state, languages)


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


# Pages that keep their own state in the address as the visitor moves, by url_path, and the
# parameters the link to the other language carries for them: the example and its step. No other
# parameter goes into that link (the facilitator's secret token, for one, never does), and only
# values that look like ours (letters, digits, hyphens).
KEPT_PAGE_PARAMS: dict[str, tuple[str, ...]] = {"walkthrough": ("scenario", "step"), "what-if": ("scenario",)}
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9-]{1,80}")

# Pages whose state lives only in the visitor's session: a workshop participant's anonymous place
# in the room, the facilitator's running workshop. A link would open a new session and lose it
# (a participant would join again as someone new), so there the language changes in the session.
IN_SESSION_LANGUAGE_PAGES = ("workshop", "facilitate")


def _switch_language(code: str) -> None:
    st.session_state[state.LANG_KEY] = code


def show_language_links(site: Site, choices: state.Choices, url_path: str) -> None:
    """A link to this same page in each other language, written in that language (on the pages in
    IN_SESSION_LANGUAGE_PAGES, a button that changes the language inside the session).

    Also carries the site's CSS and script (links to our own pages stay in the tab) and sets the
    document's language (Streamlit writes lang="en" on <html>), so screen readers
    pronounce Welsh pages as Welsh. The script is our own constant text, never visitor input."""
    language = site.language(choices.lang)
    script = (site_style() + site_script()
              + f"<script>document.documentElement.lang = {language.html_lang!r};</script>")
    others = [code for code in site.languages if code != choices.lang]
    cat = catalogue()
    if not others or url_path in IN_SESSION_LANGUAGE_PAGES:
        st.html(script, unsafe_allow_javascript=True, width="content")
        # Keyed by position, not by language: the button stays the same element after a switch.
        for position, code in enumerate(others):
            st.button(cat.t(code, "frame.this_page_in_language"), key=f"ndl_language_{position}",
                      on_click=_switch_language, args=(code,), type="tertiary")
        return
    # The page's own parameters (an example and its step) go with the link, so the visitor lands
    # on the same thing in the other language; the choices are the visitor's, in that language.
    # (Moving between steps does not redraw this link: the script in language_links.js takes the
    # page's parameters from the address as the link is followed.)
    kept = KEPT_PAGE_PARAMS.get(url_path, ())
    own = {key: value for key in kept
           if isinstance(value := st.query_params.get(key), str) and _PLAIN_VALUE.fullmatch(value)}
    keep_attribute = f' data-ndl-keep="{" ".join(kept)}"' if kept else ""
    links = []
    for code in others:
        params = choice_params(choices.detail, choices.nation, code)
        params.setdefault("lang", code)
        href = html.escape(with_params("/" + url_path, {**own, **params}))
        other = site.language(code).html_lang
        label = html.escape(cat.t(code, "frame.this_page_in_language"))
        # Marked with its own language, so a screen reader reads the link in that language.
        links.append(f'<a href="{href}" lang="{other}" hreflang="{other}" target="_self"{keep_attribute}>{label}</a>')
    plain = plain_link_html(site, choices.lang, url_path, own.get("scenario"))
    st.html(script + '<p style="margin:0">' + " · ".join(links + plain) + "</p>", unsafe_allow_javascript=True)


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
