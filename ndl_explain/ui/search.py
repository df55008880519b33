"""The Search page (``/search?q=...``): the best places on the site for what the visitor typed.

The index is built once per process (``ndl_explain/search.py``). Results are drawn as one HTML
element in which every piece of text is escaped, and the words found are marked with <mark> only
after escaping; what the visitor typed is shown as text, never as markup.
"""
from __future__ import annotations

import logging

import streamlit as st

from .. import CONTENT_DIR
from ..content import Site
from ..i18n import catalogue
from ..links import choice_params, with_params
from ..search import Hit, Results, SearchIndex, build_index, search_words_problems
from ..searchtext import MAX_QUERY_CHARS, clean_query, escape, words
from . import state
from .frame import get_site
from .search_box import QUERY_PARAM, _style
from .walkthrough import get_scenarios

log = logging.getLogger("ndl_explain")


@st.cache_resource(show_spinner=False)
def get_index() -> SearchIndex:
    """Every language's index, built once per process from the content already loaded for the pages."""
    site = get_site()
    search_words = {}
    for lang in site.languages:
        search_words[lang], problems = search_words_problems(CONTENT_DIR, lang)
        if problems:
            log.error("search words have %d problem(s):\n%s", len(problems), "\n".join(map(str, problems)))
    return build_index(site, {lang: get_scenarios(lang) for lang in site.languages}, search_words)


class _Words:
    def __init__(self, lang: str):
        self.lang, self.cat = lang, catalogue()

    def __call__(self, key: str, **values) -> str:
        return self.cat.t(self.lang, f"search.{key}", **values)


def _href(path: str, params: dict[str, str], anchor: str | None = None) -> str:
    return with_params(path, params) + (f"#{anchor}" if anchor else "")


def _visitor_params(choices: state.Choices) -> dict[str, str]:
    """The visitor's choices (detail, nation, language) that differ from the defaults."""
    return choice_params(choices.detail, choices.nation, choices.lang)


def hit_href(hit: Hit, choices: state.Choices) -> str:
    """Where a result opens: its page at the detail level that shows it (or the visitor's, if more),
    at its section; or the example at its step; or the glossary at the word. The visitor's other
    choices go with it."""
    doc = hit.document
    return _href(doc.path(), {**_visitor_params(choices), **doc.params(choices.detail)}, doc.anchor)


def where_line(hit: Hit, site: Site, w: _Words) -> str:
    """The result's place on the site, in words; for an example, whether it is real or made up
    (a step read on its own must not pass for a fact)."""
    doc = hit.document
    if doc.kind == "section":
        return w("where_section", page=doc.parent, layer=site.language(doc.lang).layer_headings[doc.layer])
    if doc.kind in ("example", "step"):
        statuses = w.cat.get(w.lang, "walkthrough.statuses")
        status = statuses.get(doc.status, doc.status) if isinstance(statuses, dict) else doc.status
        if doc.kind == "step":
            return w("where_step", example=doc.parent, n=doc.step, total=doc.step_count, status=status)
        return w("where_example", status=status)
    return w({"page": "where_page", "term": "where_term"}[doc.kind])


def results_html(results: Results, site: Site, choices: state.Choices) -> str:
    """The results as HTML: a heading, how many, and a numbered list (each: title link, where, snippet)."""
    w = _Words(choices.lang)
    parts = [f"<h2>{escape(w('results_heading', query=results.query))}</h2>",
             f"<p>{escape(w.cat.tn(choices.lang, 'search.result_count', len(results.hits)))}</p>"]
    if results.corrected:
        parts.append(f"<p>{escape(w('corrected', words=', '.join(results.corrected)))}</p>")
    items = []
    for hit in results.hits:
        link = escape(hit_href(hit, choices))
        lines = [f'<p class="ndl-result-title"><a href="{link}">{hit.title_html}</a></p>',
                 f'<p class="ndl-result-where">{escape(where_line(hit, site, w))}</p>']
        if hit.snippet_html:
            lines.append(f'<p class="ndl-result-snippet">{hit.snippet_html}</p>')
        items.append("<li>" + "".join(lines) + "</li>")
    parts.append('<ol class="ndl-results">' + "".join(items) + "</ol>")
    return "".join(parts)


def offers_html(site: Site, choices: state.Choices, heading: str, intro: str) -> str:
    """Where else to look: the questions page, the examples and the glossary (those that exist)."""
    w = _Words(choices.lang)
    params = _visitor_params(choices)
    links = []
    for slug, key in (("questions", "offer_questions"), ("walkthrough", "offer_examples"),
                      ("glossary", "offer_glossary")):
        if slug == "walkthrough" or site.page(choices.lang, slug) is not None:
            links.append(f'<li><a href="{escape(_href("/" + slug, params))}">{escape(w(key))}</a></li>')
    heading_html = f"<h2>{escape(heading)}</h2>" if heading else ""
    return f'{heading_html}<p>{escape(intro)}</p><ul class="ndl-offers">{"".join(links)}</ul>'


def search_page() -> None:
    """``/search``: the Search page."""
    site = get_site()
    choices = state.current(st.session_state, list(site.languages))
    w = _Words(choices.lang)
    raw = st.query_params.get(QUERY_PARAM)
    query = clean_query(raw)
    st.title(w("title"))
    if isinstance(raw, str) and raw != query:
        # Keep the address sane (a 10,000-character paste, stray control characters): it shows
        # what was searched for.
        if query:
            st.query_params[QUERY_PARAM] = query
        else:
            del st.query_params[QUERY_PARAM]
        if len(raw) > MAX_QUERY_CHARS and words(query):
            st.caption(w("shortened"))
    if not words(query):
        st.markdown(w("intro"))
        st.html(_style() + f'<div class="ndl-search-page">{offers_html(site, choices, "", w("more_intro"))}</div>')
        return
    results = get_index().search(choices.lang, query)
    if results:
        body = results_html(results, site, choices) + offers_html(site, choices, w("more_heading"), w("more_intro"))
    else:
        body = f"<h2>{escape(w('nothing_heading', query=results.query))}</h2>" + offers_html(
            site, choices, "", w("nothing"))
    st.html(_style() + f'<div class="ndl-search-page" lang="{escape(site.language(choices.lang).html_lang)}">'
            f"{body}</div>")
