"""Workshop addresses and the join QR code (segno), built from the site's address (``ndl_explain.siteurl``)."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

import segno

from .. import siteurl
from ..siteurl import DEFAULT_SITE_URL  # noqa: F401 - kept for callers that name it here

JOIN_PATH = "workshop"
FACILITATE_PATH = "facilitate"


def site_url(env: Mapping[str, str] | None = None) -> str:
    """The configured base address of the site (``NDL_SITE_URL``), without a trailing slash. Screens use
    ``ndl_explain.ui.address.site_url``, which falls back to the address the visitor is using."""
    return siteurl.site_url(env)


def join_url(code: str, base: str | None = None) -> str:
    return f"{base or site_url()}/{JOIN_PATH}?code={quote(code, safe='')}"


def facilitator_url(token: str, base: str | None = None) -> str:
    return f"{base or site_url()}/{FACILITATE_PATH}?token={quote(token, safe='')}"


def qr_svg_data_uri(url: str, *, scale: int = 8) -> str:
    """A QR code for ``url`` as an SVG ``data:`` URI (dark on white, with a quiet border)."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=3, dark="#0b0c0c", light="#ffffff")


def qr_svg(url: str, *, scale: int = 8) -> str:
    """The QR code for ``url`` as SVG markup (for ``st.image``, which takes alt text)."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=3, dark="#0b0c0c", light="#ffffff")


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """The same QR code as PNG bytes (for printing or for a download)."""
    import io

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=3, dark="#0b0c0c", light="#ffffff")
    return buffer.getvalue()
