"""A page layer as the visitor reads it: its Markdown with the [[glossary]], [[bibliography]] and
[[figure:ID]] markers filled in with the words the page shows there. Knows nothing of Streamlit.

``ui/page.py`` draws the glossary and bibliography from the same functions, and the reading
measures (the *In short* gate in ``checks.py`` and the measure shown on each page) are taken of
``layer_as_read``, so what is measured is what is shown."""
from __future__ import annotations

from .content import Figure, Site, split_directives
from .i18n import Catalogue, catalogue


def glossary_markdown(site: Site, lang: str, cat: Catalogue | None = None) -> str:
    """Every glossary term with its meaning (and other names), as one Markdown block."""
    cat = cat or catalogue()
    return "\n\n".join(
        f"#### {term.term}\n\n{term.meaning}"
        + (f"\n\n_{cat.t(lang, 'frame.also_called')} {', '.join(term.also)}_" if term.also else "")
        for term in site.glossary(lang))


def bibliography_markdown(site: Site, lang: str, cat: Catalogue | None = None) -> str:
    """Every source: its title as a heading, then publisher, year and what it is, in ``lang``."""
    cat = cat or catalogue()
    entries = []
    for source in site.sources_in(lang).values():
        line = cat.t(lang, "frame.source_line", title=source.title, publisher=source.publisher, year=source.year)
        entries.append(f"#### {source.title}\n\n{line} {source.about}"
                       + (f"\n\n[{cat.t(lang, 'frame.source_link')}]({source.url})" if source.url else ""))
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
    return "\n\n".join(p for p in parts if p.strip())
