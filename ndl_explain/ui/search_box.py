"""The search box at the top of every page: a plain HTML form that asks for ``/search?q=...``.

A plain GET form rather than Streamlit widgets: it has a real, visible <label>, the phone's keyboard shows a
search key, Enter and the button both submit it, the address it opens can be bookmarked and shared,
and it costs the page one element (no widget state on every run). The visitor's choices (detail,
nation, language) go with it as hidden fields. Following it loads the Search page afresh, as links
between our pages do; on the pages whose state lives only in the session (a workshop), it opens in
a new tab so nobody loses their place.
"""
from __future__ import annotations

import html
from urllib.parse import quote

import streamlit as st

from ..i18n import catalogue
from ..links import choice_params
from ..searchtext import MAX_QUERY_CHARS, clean_query
from . import state
from .frame import IN_SESSION_LANGUAGE_PAGES, _asset  # the same reader: a file of this folder, read once

SEARCH_PATH = "/search"
QUERY_PARAM = "q"
SEARCH_URL_PATH = "search"


def _style() -> str:
    """The search box's and results' CSS (search.css)."""
    return _asset("search.css", "style")


def box_html(lang: str, choices: state.Choices, value: str = "", new_tab: bool = False) -> str:
    """The form's HTML. Every value in it is escaped; ``value`` is shown in the box as typed (see
    search_box.js for words that look like markup)."""
    cat = catalogue()
    text = lambda key: html.escape(cat.t(lang, f"search.{key}"), quote=True)  # noqa: E731
    # Each field also says its name in data-ndl-name: see search_box.js.
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(key, quote=True)}" data-ndl-name="{html.escape(key, quote=True)}" '
        f'value="{html.escape(val, quote=True)}">'
        for key, val in choice_params(choices.detail, choices.nation, choices.lang).items())
    target = ' target="_blank"' if new_tab else ""
    # A visible label (as the site's other controls have), so it is read the same by everyone; on
    # the pages that open the search in a new tab, the label says so.
    note = f' <span class="ndl-search-note">{text("box_new_tab")}</span>' if new_tab else ""
    # The words again, percent-encoded (letters, digits and "%", "-", ".", "_", "~" only): Streamlit's
    # sanitiser drops value="..." when it holds text like "</style>" or "-->", and search_box.js then
    # fills the box from this.
    kept = f' data-ndl-value="{quote(value, safe="")}"' if value else ""
    return (
        f'<form class="ndl-search" role="search" action="{SEARCH_PATH}" method="get"{target}>'
        f'<label class="ndl-search-label" for="ndl-search-q">{text("box_label")}{note}</label>'
        '<div class="ndl-search-row">'
        f'<input id="ndl-search-q" class="ndl-search-input" type="search" name="{QUERY_PARAM}" '
        f'value="{html.escape(value, quote=True)}"{kept} maxlength="{MAX_QUERY_CHARS}" autocomplete="off" '
        f'spellcheck="true" enterkeyhint="search">'
        f"{hidden}"
        f'<button class="ndl-search-button" type="submit">{text("box_button")}</button>'
        "</div></form>"
    )


def show_search_box(choices: state.Choices, url_path: str) -> None:
    """Draw the search box (on the Search page, with the words searched for in it)."""
    value = clean_query(st.query_params.get(QUERY_PARAM)) if url_path == SEARCH_URL_PATH else ""
    # With our one script (search_box.js: the language goes with the search). Every value in the form
    # is escaped or one of our own (box_html).
    st.html(_style() + _asset("search_box.js", "script")
            + box_html(choices.lang, choices, value, new_tab=url_path in IN_SESSION_LANGUAGE_PAGES),
            unsafe_allow_javascript=True)
