"""Render one explainer page: title, notices, the chosen layers, glossary words, sources."""
from __future__ import annotations

import streamlit as st

from ..content import LAYERS, Site, split_directives, terms_used
from ..i18n import catalogue
from ..layers import bibliography_markdown, glossary_markdown, layer_as_read, source_line
from ..links import carry_choices
from ..readability import Readability, measure
from . import figures, state
from .frame import current_params, get_site, show_contact, show_routes


@st.cache_data(show_spinner=False)
def reading_measure(lang: str, slug: str) -> Readability:
    """The measure of the *In short* layer as the visitor reads it (lists filled in)."""
    site = get_site()
    return measure(layer_as_read(site, lang, site.page(lang, slug).layers["short"]))


@st.cache_data(show_spinner=False)
def page_terms(lang: str, slug: str, detail: str) -> list[tuple[str, str]]:
    site = get_site()
    page = site.page(lang, slug)
    text = "\n".join(page.layers[layer] for layer in page.visible_layers(detail))
    return [(term.term, term.meaning) for term in terms_used(text, site.glossary(lang))]


def _set_detail(level: str) -> None:
    st.session_state[state.DETAIL_KEY] = level


def render_markdown_layer(text: str, site: Site, lang: str, params: dict[str, str] | None = None) -> None:
    """Markdown with its [[markers]] drawn; internal links keep the visitor's choices (``params``)."""
    cat = catalogue()
    for kind, arg in split_directives(text):
        if kind == "markdown":
            st.markdown(carry_choices(arg, params or {}))
        elif kind == "figure":
            figures.show(site.figure(lang, arg), site, lang)
        elif kind == "glossary":
            # One Markdown element for the whole list: each element drawn is one message to the
            # browser, and ~100 small ones made this the dearest page (bench/README.md, finding 6).
            st.markdown(glossary_markdown(site, lang, cat))
        elif kind == "bibliography":
            st.markdown(bibliography_markdown(site, lang, cat))
        elif kind == "contact":
            show_contact(site, lang)
        elif kind == "routes":
            show_routes(site, lang, params or {})


def render(slug: str) -> None:
    """Draw the content page ``slug`` in the visitor's language at their detail level."""
    site = get_site()
    cat = catalogue()
    choices = state.current(st.session_state, list(site.languages))
    lang = choices.lang
    page = site.page(lang, slug)
    if page is None:
        st.title(cat.t(lang, "frame.page_missing"))
        return
    params = current_params(choices)
    st.title(page.title)
    st.markdown(page.summary)
    # "This is a proposal" is said on every page by the phase banner under the header, and the
    # Welsh draft-translation notice by the frame (frame.show_draft_notice).
    if choices.nation and choices.nation in page.nation_notes:
        heading = cat.get(lang, "frame.nation_note_headings")[choices.nation]
        st.success(f"**{heading}**\n\n"
                   f"{carry_choices(page.nation_notes[choices.nation], params)}", icon=":material/location_on:")
    language = site.language(lang)
    visible = page.visible_layers(choices.detail)
    for layer in visible:
        st.header(language.layer_headings[layer], divider="gray")
        render_markdown_layer(page.layers[layer], site, lang, params)
    with st.container(horizontal=True, key="ndl_layer_controls", gap="small"):
        if len(visible) < len(LAYERS):
            following = LAYERS[len(visible)]
            st.caption(cat.t(lang, "frame.more_available"))
            st.button(cat.t(lang, f"frame.show_{following}"), on_click=_set_detail, args=(following,),
                      icon=":material/expand_more:", key=f"show-{following}")
        if len(visible) > 1:
            # After the deeper layers: back to the top, or back to the short version (the site's
            # script takes the visitor to the top of the page as it shrinks).
            st.markdown(f"[{cat.t(lang, 'frame.back_to_top')}](#ndl-top)")
            st.button(cat.t(lang, "frame.show_less"), on_click=_set_detail, args=(LAYERS[0],),
                      icon=":material/expand_less:", key="ndl_show_less")
    if choices.detail == "full":
        result = reading_measure(lang, slug)
        st.subheader(cat.t(lang, "frame.reading_heading"))
        key = "frame.reading_measure" if lang == "en" else "frame.reading_measure_sentences"
        st.markdown(cat.t(lang, key, sentences=result.sentences,
                          average=result.average_sentence_words, longest=result.longest_sentence_words,
                          flesch=round(result.flesch)))
    terms = page_terms(lang, slug, choices.detail)
    if terms and slug != "glossary":
        with st.expander(cat.t(lang, "frame.words_on_page"), icon=":material/menu_book:"):
            words = [f"**{term}**: {meaning}" for term, meaning in terms]
            if site.page(lang, "glossary"):
                words.append(carry_choices(f"[{cat.t(lang, 'frame.see_glossary')}](/glossary)", params))
            st.markdown("\n\n".join(words))
    st.header(cat.t(lang, "frame.sources_heading"), divider="gray")
    lines = [f"- {source_line(source, lang, cat)}" for source_id in page.sources
             if (source := site.source(lang, source_id)) is not None]
    st.markdown("\n".join(lines) + f"\n\n:small[{cat.t(lang, 'frame.updated', date=page.updated.isoformat())}]")
