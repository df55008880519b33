"""Privacy: every request a page makes goes to the site itself; the one cookie is Streamlit's
security cookie (``_streamlit_xsrf``); nothing that looks like analytics is kept in the browser.

The requests are recorded during the visit of each page (visits.py): from the navigation, through
full detail, 200% zoom, phone widths, and switching to "More detail" and "In short".
"""
from __future__ import annotations

import pytest

from tests.browser.helpers import ANALYTICS_KEYS, origin_of, site_pages

pytestmark = pytest.mark.browser

PAGES = site_pages()
ALLOWED_COOKIES = {"_streamlit_xsrf"}


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.slug)
def test_page_talks_only_to_its_own_site(visits, site_url, site_page):
    visit = visits.privacy(site_page)
    assert visit.requests, "the recorder saw the page's requests"
    elsewhere = [u for u in visit.requests
                 if not u.startswith(("data:", "blob:", "about:")) and origin_of(u) != site_url]
    assert not elsewhere, f"{visit.address} made requests to other hosts: {elsewhere}"


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.slug)
def test_page_sets_no_cookie_but_streamlits_and_no_analytics_keys(visits, site_page):
    visit = visits.privacy(site_page)
    names = {cookie["name"] for cookie in visit.cookies}
    assert names <= ALLOWED_COOKIES, f"unexpected cookies after {visit.address}: {visit.cookies}"
    for cookie in visit.cookies:
        assert cookie["domain"] in ("127.0.0.1", "localhost"), f"a cookie for another host: {cookie}"
    keys = visit.storage["local"] + visit.storage["session"]
    tracking = [key for key in keys if ANALYTICS_KEYS.search(key)]
    assert not tracking, f"analytics-like keys in browser storage after {visit.address}: {tracking}"
