"""Workshop addresses and the join QR code (segno), built from ``NDL_SITE_URL``."""
from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import quote, urlsplit

import segno

DEFAULT_SITE_URL = "http://localhost:8501"
JOIN_PATH = "workshop"
FACILITATE_PATH = "facilitate"


def site_url(env: Mapping[str, str] | None = None) -> str:
    """The public base address of the site, without a trailing slash (``NDL_SITE_URL``)."""
    env = os.environ if env is None else env
    url = (env.get("NDL_SITE_URL") or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return DEFAULT_SITE_URL
    return url


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
