"""A page layer as the visitor reads it: its Markdown with the [[glossary]], [[bibliography]] and
[[figure:ID]] markers filled in with the words the page shows there. Knows nothing of Streamlit.

``ui/page.py`` draws the glossary and bibliography from the same functions, and the reading
measures (the *In short* gate in ``checks.py`` and the measure shown on each page) are taken of
``layer_as_read``, so what is measured is what is shown. Also one thing people said
(``said_markdown``), as the walkthrough and the plain edition show it."""
from __future__ import annotations

import html

from . import contact, frame_model
from .content import Figure, Site, Source, split_directives
from .scenarios import Said
from .i18n import Catalogue, catalogue
from .siteurl import short_form


def glossary_markdown(site: Site, lang: str, cat: Catalogue | None = None) -> str:
    """Every glossary term with its meaning (and other names), as one Markdown block."""
    cat = cat or catalogue()
    return "\n\n".join(
        f"#### {term.term}\n\n{term.meaning}"
        # Not in italics: an italic line makes the browser fetch a third font file (138 kB) for it
        # (bench/README.md, finding 25).
        + (f"\n\n**{cat.t(lang, 'frame.also_called')}** {', '.join(term.also)}" if term.also else "")
        for term in site.glossary(lang))


def source_line(source: Source, lang: str, cat: Catalogue | None = None, link: bool = True) -> str:
    """A source in one line of Markdown: title, publisher and year, a link to its checked web address
    (with the address's site, so the reader sees where it goes), or a note that it has none."""
    cat = cat or catalogue()
    line = cat.t(lang, "frame.source_line", title=source.title, publisher=source.publisher, year=source.year)
    if not source.url:
        return f"{line} {cat.t(lang, 'frame.source_not_online')}"
    return f"[{line}]({source.url}) ({short_form(source.url).split('/')[0]})" if link else line


def marks_language(item: Said, lang: str) -> bool:
    """Whether the words said are in another language than the page (a Welsh page quoting what a
    participant said in English): they are then marked with their language, as HTML."""
    return item.words_lang is not None and item.words_lang != lang


def said_markdown(item: Said, site: Site, lang: str, cat: Catalogue | None = None) -> str:
    """One thing people in the research said, as a line of Markdown in ``lang``: a quote (with its
    translation when it was said in another language) or a paraphrase, with who said it.

    A quote in another language than the page is put in an element marked with its language
    (``<span lang="en">``), so screen readers say it with the right sounds (WCAG 3.1.2); every word
    of such a line is escaped, and it must be drawn as HTML (see :func:`marks_language`)."""
    cat = cat or catalogue()
    if marks_language(item, lang):
        words = (f'<span lang="{html.escape(site.language(item.words_lang).html_lang)}">'
                 f"{html.escape(item.text, quote=False)}</span>")
        return cat.t(lang, "walkthrough.quote_line_translated", text=words,
                     translation=html.escape(item.translation or "", quote=False), who=html.escape(item.who, quote=False))
    if item.quote and item.translation:
        return cat.t(lang, "walkthrough.quote_line_translated", text=item.text, translation=item.translation,
                     who=item.who)
    key = "walkthrough.quote_line" if item.quote else "walkthrough.paraphrase_line"
    return cat.t(lang, key, text=item.text, who=item.who)


def bibliography_markdown(site: Site, lang: str, cat: Catalogue | None = None) -> str:
    """Every source: its title as a heading, then publisher, year and what it is, in ``lang``, and its
    checked web address as a link (or a note that it has none)."""
    cat = cat or catalogue()
    entries = []
    for source in site.sources_in(lang).values():
        line = cat.t(lang, "frame.source_line", title=source.title, publisher=source.publisher, year=source.year)
        where = (f"{cat.t(lang, 'frame.source_link')}: [{short_form(source.url)}]({source.url})"
                 if source.url else cat.t(lang, "frame.source_not_online"))
        entries.append(f"#### {source.title}\n\n{line} {source.about}\n\n{where}")
    return "\n\n".join(entries)


def figure_words(figure: Figure, site: Site, lang: str, cat: Catalogue | None = None) -> str:
    """The words shown with a figure: its title, caption, the picture in words and its sources."""
    cat = cat or catalogue()
    parts = [f"**{figure.title}**"]
    if figure.caption:
        parts.append(figure.caption)
    parts.append(f"**{cat.t(lang, 'frame.figure_in_words')}** {figure.alt}")
    if figure.sources:
        sources = site.sources_in(lang)
        names = "; ".join(sources[s].title for s in figure.sources if s in sources)
        parts.append(cat.t(lang, "frame.figure_source", sources=names))
    return "\n\n".join(parts)


def layer_as_read(site: Site, lang: str, text: str, cat: Catalogue | None = None) -> str:
    """The Markdown of one layer with every marker replaced by the words shown in its place."""
    cat = cat or catalogue()
    parts = []
    for kind, arg in split_directives(text):
        if kind == "markdown":
            parts.append(arg or "")
        elif kind == "glossary":
            parts.append(glossary_markdown(site, lang, cat))
        elif kind == "bibliography":
            parts.append(bibliography_markdown(site, lang, cat))
        elif kind == "figure":
            figure = site.figure(lang, arg or "")
            if figure is not None:
                parts.append(figure_words(figure, site, lang, cat))
        elif kind == "contact":
            lines, links = frame_model.contact_parts(lang, contact.from_env(), cat)
            parts.append("\n\n".join([*lines, *(link.label for link in links)]))
        elif kind == "routes":
            every_page = [item["page"] for item in cat.get(lang, "frame.routes.items")]
            heading, routes = frame_model.build_routes(site, lang, every_page, cat=cat)
            parts.append("\n\n".join([heading, *(f"{r.link.label}. {r.about}" for r in routes)]))
    return "\n\n".join(p for p in parts if p.strip())
