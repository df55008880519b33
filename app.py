"""NDL Explained: the frame. Sets up the page, the visitor's choices and the menu, then runs a page."""
import streamlit as st

from ndl_explain.problems import ContentError
from ndl_explain.ui import address, frame, page, search_box

st.set_page_config(page_title="NDL Explained", page_icon=frame.page_icon(), layout="centered")

# ---- PAGE REGISTRATION: pages with their own file. One line each:
# frame.PageFile(file, section, order in section, url_path, title key in content/<lang>/ui, icon)
PAGE_FILES = [
    frame.PageFile("views/walkthrough.py", "examples", 1, "walkthrough", "walkthrough.nav_title", ":material/route:"),
    frame.PageFile("views/what_if.py", "examples", 2, "what-if", "walkthrough.what_if_nav_title", ":material/alt_route:"),
    frame.PageFile("views/leaflets.py", "take-part", 1, "leaflets", "leaflets.nav_title", ":material/print:"),
    frame.PageFile("views/workshop.py", "take-part", 2, "workshop", "workshop.nav_title", ":material/groups:"),
    frame.PageFile("views/facilitate.py", "take-part", 3, "facilitate", "workshop.facilitate_nav_title", ":material/co_present:"),
    frame.PageFile("views/search.py", "understand", 11, "search", "search.nav_title", ":material/search:"),
]
# ---- end of page registration

try:
    site = frame.get_site()
except ContentError as error:
    frame.show_content_error(error)
    st.stop()

choices = frame.show_choices(site)
navigation = st.navigation(
    frame.navigation(site, choices.lang, PAGE_FILES, page.render), position="top"
)
frame.show_language_links(site, choices, navigation.url_path)
search_box.show_search_box(choices, navigation.url_path)  # the site's search box (issue 20); for the header
address.remember_page(navigation.url_path)
navigation.run()
