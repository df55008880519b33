"""Printable leaflets, posters and workshop cards, built from the site's own content (no Streamlit).

One HTML + print-CSS template set (``templates/``) is filled with the same pages and scenarios
the website shows, then WeasyPrint turns it into a tagged PDF (PDF/UA-1). Nothing is built until
someone asks for it.

    from ndl_explain.leaflets import Request, build_leaflet
    leaflet = build_leaflet(Request("clear-print", "en", topic="what-it-is", venue="library"))
    leaflet.pdf  # bytes
"""
from .build import (
    DEFAULT_TOPIC,
    Leaflet,
    LeafletChoiceError,
    Request,
    available_languages,
    bilingual_available,
    build_leaflet,
    build_pack,
    default_topic,
    load,
    pack_requests,
    render_request,
    scenarios_for,
    topics_for,
)
from .formats import BILINGUAL_LANGS, DEFAULT_VENUE, FORMATS, VENUES, Format
from .pdf import PANGO_PACKAGES, PrintUnavailable, check_print_available

__all__ = [
    "BILINGUAL_LANGS", "DEFAULT_TOPIC", "DEFAULT_VENUE", "FORMATS", "Format", "Leaflet", "LeafletChoiceError",
    "PANGO_PACKAGES", "PrintUnavailable", "Request", "VENUES", "available_languages", "bilingual_available",
    "build_leaflet",
    "build_pack", "check_print_available", "default_topic", "load", "pack_requests", "render_request",
    "scenarios_for", "topics_for",
]
