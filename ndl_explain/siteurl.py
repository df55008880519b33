"""The site's public web address: ``NDL_SITE_URL`` when set, otherwise the address the visitor is using.

One place for it, so that join links, QR codes, printed addresses and canonical links all agree.
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SITE_URL = "http://localhost:8501"
ENV_NAME = "NDL_SITE_URL"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "0.0.0.0", ""}


def normalise(url: str | None) -> str:
    """``url`` with a scheme and no trailing slash, query or fragment; "" when it is not a web address.

    A bare host ("ndl.example.org") gets ``https://``: in a QR code a bare host is read as plain text
    by some phone scanners.
    """
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def configured(env: Mapping[str, str] | None = None) -> str:
    """``NDL_SITE_URL``, normalised; "" when it is unset or not a web address."""
    env = os.environ if env is None else env
    return normalise(env.get(ENV_NAME))


def base_of_page(page_url: str | None, page_path: str = "") -> str:
    """The site's base address from the address of the page being shown (``st.context.url``): the page's
    own path (e.g. ``walkthrough``) is taken off the end. "" when ``page_url`` is not a web address."""
    base = normalise(page_url) if page_url and "://" in page_url else ""
    page_path = (page_path or "").strip("/")
    if base and page_path and base.endswith("/" + page_path):
        base = base[: -len(page_path) - 1]
    return base


def site_url(env: Mapping[str, str] | None = None, page_url: str | None = None, page_path: str = "") -> str:
    """The address to print, encode or link: ``NDL_SITE_URL``, else the visitor's, else the default."""
    return configured(env) or base_of_page(page_url, page_path) or DEFAULT_SITE_URL


def is_local(url: str) -> bool:
    """True for an address only this machine or its network can reach (localhost, loopback, private)."""
    host = (urlsplit(normalise(url)).hostname or "").lower()
    if host in _LOCAL_NAMES or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a machine name on the local network, like "printserver"
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


def is_public_https(url: str) -> bool:
    """True when ``url`` is an https address that people elsewhere can reach: right for print and QR."""
    return normalise(url).startswith("https://") and not is_local(url)


def short_form(url: str) -> str:
    """The address as people read and type it: no scheme, no trailing slash (``ndl.example.org/what-it-is``)."""
    parts = urlsplit(normalise(url) if "://" not in (url or "") else url.strip())
    text = parts.netloc.lower() + parts.path.rstrip("/")
    if parts.query:
        text += "?" + parts.query
    return text
