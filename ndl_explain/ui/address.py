"""The site's address as this visitor sees it (``st.context.url``), for join links, QR codes and prints."""
from __future__ import annotations

import streamlit as st

from .. import siteurl

_PAGE_PATH_KEY = "_ndl_page_path"


def remember_page(url_path: str) -> None:
    """Called by the frame before a page runs, so ``site_url`` can take the page's path off the address."""
    st.session_state[_PAGE_PATH_KEY] = url_path or ""


def site_url() -> str:
    """``NDL_SITE_URL`` when set; otherwise the address this visitor is using (through any proxy, since
    the browser reports it); otherwise the default (in tests with no browser)."""
    try:
        page_url = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode): fall back to the default
        page_url = None
    return siteurl.site_url(page_url=page_url, page_path=st.session_state.get(_PAGE_PATH_KEY, ""))
