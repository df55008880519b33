"""Hello world: the baseline page every benchmark ratio is measured against."""
import streamlit as st

st.write("Hello world")
