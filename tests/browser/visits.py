"""Visit each page once per device and keep what was measured, so that several small tests can
assert on one visit (a page load costs 1-2 s here; axe about 1 s).

- ``desktop(page, detail)``: 1280 x 800 at a device scale of 2. The page is opened at
  ``?detail=full`` and then switched to "more" and "short" with the detail control (a rerun costs
  less than a page load, and the address must follow the choice). axe at each level; at full detail
  also a whole-length screenshot, then the window is narrowed to 640 x 400 CSS pixels for 200% zoom.
  Why that is 200% zoom: zooming a 1280-pixel-wide window to 200% in Chromium halves the CSS
  viewport to 640 pixels and doubles devicePixelRatio; media queries, layout and text wrapping then
  see exactly what a 640 x 400 viewport at device scale 2 shows. (CSS ``zoom`` on <html> would
  not: media queries and Streamlit's own width measurements would still see 1280 pixels.)
- ``phone(page)``: a phone (touch, mobile viewport rules, device scale 2), full detail: sideways
  scroll at 390 and then 320 pixels, a screenshot at 390, and every request, cookie and storage key.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ndl_explain.i18n import catalogue
from tests.browser.helpers import (
    RequestRecorder,
    SitePage,
    axe_violations,
    clipped_text,
    full_length_screenshot,
    open_page,
    shown_errors,
    sideways_overflow,
    storage_keys,
    wait_for_rerun,
)

DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
ZOOM_VIEWPORT = {"width": 640, "height": 400}  # 1280 x 800 at 200%
PHONE_WIDTHS = (390, 320)
PHONE_HEIGHT = 760


@dataclass
class DesktopVisit:
    address: str
    errors: list[str]
    h1: str | None
    violations: list[dict]
    zoom: dict | None = None  # full detail only: overflow, clipped text, menu button


@dataclass
class PhoneVisit:
    address: str
    errors: list[str]
    overflow: dict[int, dict] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)
    storage: dict[str, list[str]] = field(default_factory=dict)


def open_expanders(page) -> None:
    """Open every closed expander, so that checks also see what is inside (no rerun needed)."""
    opened = page.evaluate("""() => {
      const closed = document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary');
      closed.forEach(summary => summary.click());
      return closed.length;
    }""")
    if opened:
        page.wait_for_timeout(100)


def _relayout(page) -> None:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(100)


class Visits:
    def __init__(self, browser, base_url: str, screenshots):
        self.browser = browser
        self.base_url = base_url
        self.screenshots = screenshots
        self._desktop: dict[tuple[str, str], DesktopVisit | Exception] = {}
        self._phone: dict[str, PhoneVisit | Exception] = {}
        self._desktop_page = None
        self._phone_page = None
        self._recorder: RequestRecorder | None = None
        self._contexts = []

    # -- pages (one per device, reused: the browser caches Streamlit's JavaScript) -------------
    def _desktop_tab(self):
        if self._desktop_page is None:
            context = self.browser.new_context(viewport=DESKTOP_VIEWPORT, device_scale_factor=2)
            self._contexts.append(context)
            self._desktop_page = context.new_page()
        return self._desktop_page

    def _phone_tab(self):
        if self._phone_page is None:
            context = self.browser.new_context(
                viewport={"width": PHONE_WIDTHS[0], "height": PHONE_HEIGHT}, device_scale_factor=2,
                is_mobile=True, has_touch=True)
            self._contexts.append(context)
            self._recorder = RequestRecorder(context)
            self._phone_page = context.new_page()
        return self._phone_page

    def close(self) -> None:
        for context in self._contexts:
            context.close()

    # -- visits ----------------------------------------------------------------------------------
    def desktop(self, site_page: SitePage, detail: str) -> DesktopVisit:
        if (site_page.slug, detail) not in self._desktop:
            self._visit_desktop(site_page)
        return _result(self._desktop[(site_page.slug, detail)])

    def phone(self, site_page: SitePage) -> PhoneVisit:
        if site_page.slug not in self._phone:
            try:
                self._phone[site_page.slug] = self._visit_phone(site_page)
            except Exception as error:  # noqa: BLE001 - reported by every test that needs this visit
                self._phone[site_page.slug] = error
        return _result(self._phone[site_page.slug])

    def _visit_desktop(self, site_page: SitePage) -> None:
        """Open the page at full detail by its address, then switch to the other levels with the
        "How much detail?" control, as a visitor would (and check the address follows)."""
        page = self._desktop_tab()
        order = ("full", "more", "short")
        for position, detail in enumerate(order):
            key = (site_page.slug, detail)
            try:
                if position == 0:
                    page.set_viewport_size(DESKTOP_VIEWPORT)
                    open_page(page, self.base_url, site_page.url(detail=detail))
                else:
                    self._choose_detail(page, detail)
                self._desktop[key] = self._measure_desktop(page, site_page, detail)
            except Exception as error:  # noqa: BLE001 - reported by every test that needs this visit
                self._desktop[key] = error
                for later in order[position + 1:]:
                    self._desktop[(site_page.slug, later)] = error
                return

    @staticmethod
    def _choose_detail(page, detail: str) -> None:
        label = catalogue().get("en", "frame.detail_options")[detail]
        control = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button', has_text=label)
        wanted = f"detail={detail}"

        def url_ok(url: str) -> bool:
            return (wanted in url) if detail != "short" else ("detail=" not in url)  # the default is left out

        wait_for_rerun(page, control.first.click, done=lambda: page.wait_for_url(url_ok))
        # Check the page at rest: the pointer off the control and nothing focused. (The chosen
        # option while focused is checked on its own, in test_accessibility.py.)
        page.mouse.move(0, 0)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.wait_for_timeout(100)

    def _measure_desktop(self, page, site_page: SitePage, detail: str) -> DesktopVisit:
        h1 = page.locator('[data-testid="stMain"] h1').first
        visit = DesktopVisit(page.url[len(self.base_url):], shown_errors(page),
                             h1.inner_text().strip() if h1.count() else None, [])
        if detail == "full":
            full_length_screenshot(page, self.screenshots / f"{site_page.slug}-desktop.png")
        open_expanders(page)
        visit.violations = axe_violations(page)
        if detail == "full":
            page.set_viewport_size(ZOOM_VIEWPORT)
            try:
                _relayout(page)
                visit.zoom = {
                    "overflow": sideways_overflow(page),
                    "clipped": clipped_text(page),
                    "menu": page.locator('[data-testid="stExpandSidebarButton"], '
                                         '[data-testid="stTopNavLink"], [data-testid="stNavSectionHeader"]'
                                         ).first.is_visible(),
                }
            finally:
                page.set_viewport_size(DESKTOP_VIEWPORT)
        return visit

    def _visit_phone(self, site_page: SitePage) -> PhoneVisit:
        page = self._phone_tab()
        page.set_viewport_size({"width": PHONE_WIDTHS[0], "height": PHONE_HEIGHT})
        self._recorder.urls.clear()
        address = site_page.url(detail="full")
        open_page(page, self.base_url, address)
        visit = PhoneVisit(address, shown_errors(page))
        open_expanders(page)
        try:
            for width in PHONE_WIDTHS:
                page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
                _relayout(page)
                visit.overflow[width] = sideways_overflow(page)
                if width == 390:
                    full_length_screenshot(page, self.screenshots / f"{site_page.slug}-phone.png")
        finally:
            page.set_viewport_size({"width": PHONE_WIDTHS[0], "height": PHONE_HEIGHT})
        visit.requests = list(self._recorder.urls)
        visit.cookies = page.context.cookies()
        visit.storage = storage_keys(page)
        return visit


def _result(value):
    if isinstance(value, Exception):
        raise value
    return value
