"""Put a figure on the page: the picture, then the same information in words."""
from __future__ import annotations

import streamlit as st

from .. import figures
from ..content import Figure, Site
from ..i18n import catalogue


def show(figure: Figure, site: Site, lang: str, highlight: str | None = None) -> None:
    cat = catalogue()
    st.markdown(f"**{figure.title}**")
    if figure.kind == "bar":
        for chart in figures.bar_charts(figure):
            st.altair_chart(chart, width="stretch")
    elif figure.kind == "flow":
        st.graphviz_chart(figures.flow_dot(figure, highlight), width="stretch")
    else:
        st.graphviz_chart(figures.spectrum_dot(figure), width="stretch")
    if figure.caption:
        st.caption(figure.caption)
    st.markdown(f"**{cat.t(lang, 'frame.figure_in_words')}** {figure.alt}")
    if figure.sources:
        names = "; ".join(site.sources[s].title for s in figure.sources if s in site.sources)
        st.caption(cat.t(lang, "frame.figure_source", sources=names))
