"""Experiment app: the site's bar chart ("participants" figure) drawn four ways; ?v= picks one.

Run by bench/bench_variants.py to measure, before anyone changes the site, what caching the chart
would save per run. Uses the site's own content and chart builder (ndl_explain), read only.
"""
import streamlit as st

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.figures import bar_chart


@st.cache_resource
def figure():
    return load_site(CONTENT_DIR).figure("en", "participants")


@st.cache_resource
def cached_chart():
    return bar_chart(figure())


@st.cache_data
def cached_spec() -> dict:
    return bar_chart(figure()).to_dict()


variant = st.query_params.get("v", "none")
st.markdown(f"**{figure().title}**")
if variant == "altair":  # what the site does on every run
    st.altair_chart(bar_chart(figure()), width="stretch")
elif variant == "altair-cached-chart":  # the Altair object built once, converted every run
    st.altair_chart(cached_chart(), width="stretch")
elif variant == "vega-spec-cached":  # the Vega-Lite spec built once, sent as it is
    st.vega_lite_chart(cached_spec(), width="stretch")
st.markdown(figure().alt)
