"""Search the whole site: pages, examples and the glossary (``/search?q=...``)."""
from ndl_explain.ui import search

search.search_page()
