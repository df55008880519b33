"""Put a figure on the page: the picture, then the same information in words."""
from __future__ import annotations

import streamlit as st

from .. import figures
from ..content import Figure, Site
from ..i18n import catalogue


@st.cache_resource(show_spinner=False)
def _bar_specs(lang: str, figure_id: str, _figure: Figure) -> list[dict]:
    """Charts are built and turned into Vega-Lite specs once per figure and language, not on every
    rerun (Altair validates and serialises a chart each time it is drawn, which is slow)."""
    return [_with_arrow_datasets(chart.to_dict()) for chart in figures.bar_charts(_figure)]


def _with_arrow_datasets(spec: dict) -> dict:
    """The chart's data, converted once to the Arrow bytes Streamlit sends to the browser.

    ``st.vega_lite_chart`` passes datasets that are already bytes straight through; given rows, it
    builds a pandas table and converts it on every run (~60% of the what-people-said page's cost)."""
    from streamlit import dataframe_util

    if "datasets" in spec:
        spec = {**spec, "datasets": {
            name: rows if isinstance(rows, bytes) else dataframe_util.convert_anything_to_arrow_bytes(rows)
            for name, rows in spec["datasets"].items()}}
    return spec


@st.cache_resource(show_spinner=False)
def _dot(lang: str, figure_id: str, highlight: str | None, _figure: Figure) -> str:
    return figures.flow_dot(_figure, highlight) if _figure.kind == "flow" else figures.spectrum_dot(_figure)


def show(figure: Figure, site: Site, lang: str, highlight: str | None = None) -> None:
    cat = catalogue()
    st.markdown(f"**{figure.title}**")
    if figure.kind == "bar":
        for spec in _bar_specs(lang, figure.id, figure):
            st.vega_lite_chart(spec, width="stretch", alt=figure.alt)
    else:
        st.graphviz_chart(_dot(lang, figure.id, highlight, figure), width="stretch")
    if figure.caption:
        st.caption(figure.caption)
    st.markdown(f"**{cat.t(lang, 'frame.figure_in_words')}** {figure.alt}")
    if figure.sources:
        names = "; ".join(site.sources[s].title for s in figure.sources if s in site.sources)
        st.caption(cat.t(lang, "frame.figure_source", sources=names))
