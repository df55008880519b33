"""Screenshots for people: every page on a desktop and a phone (taken during the page visits, see
visits.py) and the pictures the README shows (the home page on a desktop, on a phone and with the
menu open; search results on a phone).

Artifacts go to artifacts/screenshots/ (git-ignored). docs/screenshots/*.png are committed: they are
written only when missing or when NDL_UPDATE_SCREENSHOTS=1 (``bash scripts/screenshots.sh``), so a
test run does not change files under version control.
"""
from __future__ import annotations

import os
import shutil

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import open_page, settle, site_pages
from tests.conftest import PROJECT

pytestmark = pytest.mark.browser

DOCS = PROJECT / "docs" / "screenshots"
PAGES = site_pages()


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.slug)
def test_every_page_has_a_desktop_and_a_phone_screenshot(visits, site_page):
    visits.desktop(site_page, "full")
    visits.phone(site_page)
    for device in ("desktop", "phone"):
        path = SCREENSHOTS / f"{site_page.slug}-{device}.png"
        assert path.is_file() and path.stat().st_size > 5_000, f"{path} was saved"


PHONE = ({"width": 390, "height": 844}, {"is_mobile": True, "has_touch": True})


@pytest.mark.parametrize("name, address, viewport, extra, open_menu", [
    ("home-desktop", "/", {"width": 1280, "height": 800}, {}, False),
    ("home-phone", "/", *PHONE, False),
    ("menu-phone", "/", *PHONE, True),
    ("search-phone", "/search?q=will+my+health+records+go+to+tech+companies", *PHONE, False),
], ids=["desktop", "phone", "phone-menu", "phone-search"])
def test_readme_screenshots(new_context, site_url, name, address, viewport, extra, open_menu):
    page = new_context(viewport=viewport, device_scale_factor=1, **extra).new_page()
    open_page(page, site_url, address)
    if open_menu:
        page.locator(".st-key-ndl_menu summary").tap()
        page.locator('.st-key-ndl_menu [data-testid="stPageLink-NavLink"]').first.wait_for(state="visible")
        settle(page, 300)
    artifact = SCREENSHOTS / f"readme-{name}.png"
    artifact.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifact))
    target = DOCS / f"{name}.png"
    if not target.exists() or os.environ.get("NDL_UPDATE_SCREENSHOTS") == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifact, target)
    assert target.is_file()
