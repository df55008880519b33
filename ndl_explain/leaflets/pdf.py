"""HTML to PDF with WeasyPrint (tagged PDF/UA-1), offline, with a clear message when Pango is missing."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
PANGO_MESSAGE = (
    "Printing needs the Pango text library, which is not installed on this computer. "
    f"On Debian or Ubuntu, install it with: sudo apt-get install {PANGO_PACKAGES}"
)


class PrintUnavailable(RuntimeError):
    """WeasyPrint cannot run here (usually: the Pango system library is missing)."""


@lru_cache(maxsize=1)
def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # cffi could not open libpango / libpangoft2
        raise PrintUnavailable(f"{PANGO_MESSAGE}\n(The error was: {exc})") from None
    _tag_languages()
    return weasyprint


def _tag_languages() -> None:
    """Give structure elements the language of their HTML element (``lang="cy"`` → ``/Lang (cy)``).

    WeasyPrint writes the document's ``/Lang`` from ``<html lang>`` but not the ``lang`` of the
    elements inside, which a bilingual leaflet needs so that screen readers switch voice per block.
    Its tagging walks the boxes with one recursive function; we wrap it once so every structure
    element made for an element with its own ``lang`` attribute carries ``/Lang`` too. Elements
    without ``lang`` (everything in a one-language leaflet) are left exactly as WeasyPrint made them.
    """
    try:
        import pydyf
        from weasyprint.layout.absolute import AbsolutePlaceholder
        from weasyprint.pdf import tags
    except ImportError:  # another WeasyPrint layout: the document /Lang is still written
        return
    original = getattr(tags, "_build_box_tree", None)
    if original is None or getattr(original, "_ndl_lang", False):
        return

    def build_box_tree(box, parent, *args, **kwargs):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        element = getattr(inner, "element", None)
        tag = getattr(inner, "element_tag", None) if element is not None else None
        lang = element.get("lang") if element is not None and tag not in ("html", "body") else None
        for struct in original(box, parent, *args, **kwargs):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    build_box_tree._ndl_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree


@lru_cache(maxsize=1)
def _fetcher() -> Any:
    # Only files on this computer and inline data: nothing is loaded from the internet.
    return _weasyprint().URLFetcher(allowed_protocols={"file", "data"}, timeout=2)


@lru_cache(maxsize=1)
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}  # tagged: a structure tree, /Lang, alt text


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@lru_cache(maxsize=64)
def _stylesheet(css: str, base_url: str) -> Any:
    """The print stylesheet, parsed once: an item is laid out several times over (fitting.py), each
    time with the same stylesheet, and the same format and language share it."""
    return _weasyprint().CSS(string=css, base_url=base_url, url_fetcher=_fetcher(), font_config=_font_config())


def render_html(html: str, base_dir: Path) -> Any:
    """Lay one HTML document out into pages (a WeasyPrint Document), ready to measure or write.

    The document's one ``<style>`` is taken out and given to WeasyPrint already parsed (as a user
    stylesheet: with no other author styles but the ``style`` attributes, which win either way, it
    cascades as it would in the page).
    """
    weasyprint = _weasyprint()
    base_url = str(base_dir) + "/"
    stylesheets = []
    match = _STYLE.search(html)
    if match and html.count("<style") == 1:
        stylesheets.append(_stylesheet(match.group(1), base_url))
        html = html[:match.start()] + html[match.end():]
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher())
    return document.render(font_config=_font_config(), stylesheets=stylesheets, **PDF_OPTIONS)


def write_pdf(document: Any) -> bytes:
    """A laid-out document as tagged PDF (PDF/UA-1) bytes."""
    return document.write_pdf(**PDF_OPTIONS)


def html_to_pdf(html: str, base_dir: Path, *, tagged: bool = True) -> bytes:
    """Render one HTML document to PDF bytes; ``tagged`` gives PDF/UA-1 with a structure tree."""
    if tagged:
        return write_pdf(render_html(html, base_dir))
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=_fetcher())
    return document.write_pdf(font_config=_font_config())


def check_print_available() -> None:
    """Raise PrintUnavailable with install instructions when WeasyPrint cannot run."""
    _weasyprint()
