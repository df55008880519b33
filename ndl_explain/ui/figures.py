"""Put a figure on the page: the picture, then the same information in words."""
from __future__ import annotations

import streamlit as st

from .. import figures
from ..content import Figure, Site
from ..i18n import catalogue


def arrow_datasets(spec: dict) -> dict:
    """A Vega-Lite spec whose datasets are converted once to the Arrow bytes Streamlit sends.

    ``st.vega_lite_chart`` passes datasets that are already bytes straight through; given rows, it
    builds a pandas table and converts it on every run (bench/README.md, finding 12). For specs that
    are cached and drawn again and again."""
    from streamlit import dataframe_util

    if "datasets" not in spec:
        return spec
    return {**spec, "datasets": {
        name: rows if isinstance(rows, bytes) else dataframe_util.convert_anything_to_arrow_bytes(rows)
        for name, rows in spec["datasets"].items()}}


@st.cache_resource(show_spinner=False)
def _picture(lang: str, figure_id: str, highlight: str | None, _figure: Figure) -> str:
    """A figure's HTML (bars, boxes and arrows, or the spectrum), built once per figure and language."""
    return figures.figure_html(_figure, highlight, catalogue().t(lang, "frame.figure_arrow_to"))


def show(figure: Figure, site: Site, lang: str, highlight: str | None = None) -> None:
    cat = catalogue()
    st.markdown(f"**{figure.title}**")
    # Plain HTML, not st.graphviz_chart: Streamlit's Graphviz renderer was 0.6 MB on a phone's first
    # visit (bench/README.md, finding 22); this is a few kB and wraps to any width.
    st.html(_picture(lang, figure.id, highlight, figure), width="stretch")
    if figure.caption:
        st.caption(figure.caption)
    st.markdown(f"**{cat.t(lang, 'frame.figure_in_words')}** {figure.alt}")
    if figure.sources:
        sources = site.sources_in(lang)
        names = "; ".join(sources[s].title for s in figure.sources if s in sources)
        st.caption(cat.t(lang, "frame.figure_source", sources=names))
