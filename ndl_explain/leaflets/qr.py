"""Links back to the website and their QR codes (segno), one module per image pixel."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import segno

from .. import siteurl
from ..siteurl import DEFAULT_SITE_URL  # noqa: F401 - kept for callers that name it here

QR_ERROR = "m"  # segno raises it when the symbol has room to spare
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules


def site_url() -> str:
    """The website's address, from ``NDL_SITE_URL`` (no trailing slash; a bare host gets https://)."""
    return siteurl.site_url()


DEFAULT_LANG = "en"  # the website's language when the address names none


def topic_url(slug: str, base: str | None = None, lang: str | None = None) -> str:
    """The page's address; ``lang`` other than English adds ``?lang=`` so the page opens in it."""
    base = site_url() if base is None else base.rstrip("/")
    url = f"{base}/" if slug == "home" else f"{base}/{quote(slug)}"
    return f"{url}?lang={quote(lang)}" if lang and lang != DEFAULT_LANG else url


def scenario_url(scenario_id: str, base: str | None = None, lang: str | None = None) -> str:
    base = site_url() if base is None else base.rstrip("/")
    url = f"{base}/walkthrough?scenario={quote(scenario_id)}"
    return f"{url}&lang={quote(lang)}" if lang and lang != DEFAULT_LANG else url


@dataclass(frozen=True)
class QrCode:
    """A QR code for ``payload``: its module matrix (with quiet zone) and the exact PNG embedded."""

    payload: str
    matrix: tuple[tuple[bool, ...], ...]
    png_data_uri: str

    @property
    def modules(self) -> int:
        return len(self.matrix)


@lru_cache(maxsize=512)  # the same address, the same code: made once (a set of cards has 13)
def make_qr(payload: str) -> QrCode:
    qr = segno.make(payload, error=QR_ERROR, micro=False)
    matrix = tuple(tuple(bool(v) for v in row) for row in qr.matrix_iter(scale=1, border=QR_BORDER))
    uri = qr.png_data_uri(scale=1, border=QR_BORDER, dark="#000000", light="#ffffff")
    return QrCode(payload, matrix, uri)
