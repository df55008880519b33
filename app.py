"""NDL Explained: the frame. Sets up the page, the visitor's choices, the header and menu, the phase banner,
runs a page, then draws the footer."""
import streamlit as st

from ndl_explain.problems import ContentError
from ndl_explain.ui import address, frame, page

# The tab's title is set per page below (frame.show_page_title), in the visitor's language.
st.set_page_config(page_icon=frame.page_icon(), layout="centered")

# ---- PAGE REGISTRATION: pages with their own file. One line each:
# frame.PageFile(file, section, order in section, url_path, title key in content/<lang>/ui, icon)
PAGE_FILES = [
    frame.PageFile("views/walkthrough.py", "examples", 1, "walkthrough", "walkthrough.nav_title", ":material/route:"),
    frame.PageFile("views/what_if.py", "examples", 2, "what-if", "walkthrough.what_if_nav_title", ":material/alt_route:"),
    frame.PageFile("views/leaflets.py", "take-part", 1, "leaflets", "leaflets.nav_title", ":material/print:"),
    frame.PageFile("views/workshop.py", "take-part", 2, "workshop", "workshop.nav_title", ":material/groups:"),
    frame.PageFile("views/facilitate.py", "take-part", 3, "facilitate", "workshop.facilitate_nav_title", ":material/co_present:"),
    frame.PageFile("views/present.py", "take-part", 4, "present", "workshop.present_nav_title", ":material/tv:"),
    frame.PageFile("views/search.py", "understand", 11, "search", "search.nav_title", ":material/search:"),
]
# ---- end of page registration

try:
    site = frame.get_site()
except ContentError as error:
    frame.show_content_error(error)
    st.stop()

choices = frame.read_choices(site)
menu = frame.navigation(site, choices.lang, PAGE_FILES, page.render)
# The site draws its own header and menu (a "Menu" control labelled with a word, on every screen
# size), so Streamlit's own menu is hidden: on phones it is an unlabelled icon (STREAMLIT-NOTES.md).
navigation = st.navigation(menu, position="hidden")
pages = frame.pages_by_url(menu)
frame.show_page_title(choices.lang, navigation.url_path)
frame.show_header(site, choices, navigation.url_path, frame.menu_entries(site, choices.lang, PAGE_FILES), pages)
frame.show_banner(site, choices, pages)
frame.show_draft_notice(site, choices.lang)
frame.show_detail_choice(site, choices)
address.remember_page(navigation.url_path)
navigation.run()
frame.show_footer(site, choices, navigation.url_path, pages)
