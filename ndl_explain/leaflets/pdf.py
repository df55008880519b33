"""HTML to PDF with WeasyPrint (tagged PDF/UA-1), offline, with a clear message when Pango is missing."""
from __future__ import annotations

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
    return weasyprint


@lru_cache(maxsize=1)
def _fetcher() -> Any:
    # Only files on this computer and inline data: nothing is loaded from the internet.
    return _weasyprint().URLFetcher(allowed_protocols={"file", "data"}, timeout=2)


@lru_cache(maxsize=1)
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str, base_dir: Path, *, tagged: bool = True) -> bytes:
    """Render one HTML document to PDF bytes; ``tagged`` gives PDF/UA-1 with a structure tree."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=_fetcher())
    options: dict[str, Any] = {"font_config": _font_config()}
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
    return document.write_pdf(**options)


def check_print_available() -> None:
    """Raise PrintUnavailable with install instructions when WeasyPrint cannot run."""
    _weasyprint()
