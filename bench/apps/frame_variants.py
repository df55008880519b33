"""Experiment app: what the site's frame (choices, menu, language links) costs per run; ?v= picks.

Run by ``bench.bench_variants --app frame``. Uses the site's own frame code (ndl_explain.ui.frame),
read only; the page under the frame is a one-line stand-in so only the frame is priced.
  none        the stand-in page alone (hello world, in this process)
  nav         st.navigation over the site's menu, built every run (as app.py does)
  nav-cached  the same menu built once per language (st.cache_resource) and reused
  choices     the detail / nation / language widgets only
  frame       choices + menu + language links: app.py with a one-line page
  frame-cached-nav   the same with the menu built once per language
"""
from pathlib import Path

import streamlit as st

from ndl_explain import PROJECT_DIR
from ndl_explain.ui import frame, state

variant = st.query_params.get("v", "none")


def stand_in(slug: str) -> None:
    st.write("Hello world")


def page_files() -> list:
    """PAGE_FILES as app.py lists them (read from app.py, so this follows renames)."""
    import ast

    out = []
    for node in ast.walk(ast.parse((PROJECT_DIR / "app.py").read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "PageFile":
            out.append(frame.PageFile(*[a.value for a in node.args]))
    return out


@st.cache_resource(show_spinner=False)
def cached_menu(lang: str) -> dict:
    return frame.build_navigation(frame.get_site(), lang, page_files(), stand_in)


site = frame.get_site()
if variant == "none":
    stand_in("home")
elif variant in ("nav", "nav-cached"):
    lang = state.current(st.session_state, list(site.languages)).lang
    menu = cached_menu(lang) if variant == "nav-cached" else frame.build_navigation(site, lang, page_files(), stand_in)
    st.navigation(menu, position="top").run()
elif variant == "choices":
    frame.show_choices(site)
    stand_in("home")
elif variant in ("frame", "frame-cached-nav"):
    choices = frame.show_choices(site)
    menu = (cached_menu(choices.lang) if variant == "frame-cached-nav"
            else frame.build_navigation(site, choices.lang, page_files(), stand_in))
    navigation = st.navigation(menu, position="top")
    frame.show_language_links(site, choices, navigation.url_path)
    navigation.run()
