"""Leaflets, posters and workshop cards to print: choose, preview page 1, download the PDF."""
from ndl_explain.ui import leaflets

leaflets.leaflets_page()
