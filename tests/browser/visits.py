"""Visit each page once and keep what was measured, so that several small tests can assert on one
visit (on 2 busy cores a page load costs 2 s or more, axe about 1 s).

One Chromium tab, 1280 x 800 CSS pixels at a device scale of 2, visits each page:

1. opens it at ``?detail=full`` (the address is what a shared link carries); takes a whole-length
   desktop screenshot; runs axe;
2. narrows the window to 640 x 400: **200% zoom**. Zooming a 1280 x 800 window to 200% in Chromium
   halves the CSS viewport to 640 x 400 and doubles devicePixelRatio; media queries, layout and
   text wrapping then see exactly what a 640 x 400 viewport at device scale 2 shows. (CSS ``zoom``
   on <html> would not: media queries and Streamlit's own width measurements would still see 1280.)
3. narrows it to 390 and 320 pixels: **phone widths** (WCAG's reflow width is 320), where it also
   notes whether the header, banner and footer are shown and which controls are under 44 px. Streamlit lays
   out by width only and headless Chromium draws no scrollbars, so this is what a phone shows; a
   test in test_phones.py checks that against a real phone emulation, and the menu and the
   walkthrough buttons are tried on an emulated phone with touch;
4. back at 1280, switches to "More detail" and "In short" with the "How much detail?" control, as a
   visitor would (the address must follow), and runs axe at each level.

Every request, cookie and storage key is recorded from the navigation to the end of the visit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ndl_explain.i18n import catalogue
from tests.browser.helpers import (
    RequestRecorder,
    SitePage,
    axe_violations,
    clipped_text,
    frame_parts_shown,
    full_length_screenshot,
    open_page,
    shown_errors,
    sideways_overflow,
    small_targets,
    storage_keys,
    wait_for_rerun,
)

DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
ZOOM_VIEWPORT = {"width": 640, "height": 400}  # 1280 x 800 at 200%
PHONE_WIDTHS = (390, 320)
PHONE_HEIGHT = 760
LEVEL_ORDER = ("full", "more", "short")


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
    clipped: dict[int, list[str]] = field(default_factory=dict)
    frame: dict[int, dict[str, bool]] = field(default_factory=dict)      # header, menu, banner, footer shown
    small_targets: dict[int, list[str]] = field(default_factory=dict)    # controls under 44 x 44 px


@dataclass
class PrivacyRecord:
    address: str
    requests: list[str] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)
    storage: dict[str, list[str]] = field(default_factory=dict)


def open_expanders(page) -> None:
    """Open every closed expander, so that checks also see what is inside (no rerun needed)."""
    opened = page.evaluate("""() => {
      // Not the site's menu: opening it reruns the page (it closes itself after a page is chosen);
      // test_frame.py checks it open.
      const closed = document.querySelectorAll(
        '[data-testid="stExpander"]:not(.st-key-ndl_menu) details:not([open]) > summary');
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
        self._results: dict[tuple[str, str], object] = {}
        self._page = None
        self._context = None
        self._recorder: RequestRecorder | None = None

    def _tab(self):
        if self._page is None:
            self._context = self.browser.new_context(viewport=DESKTOP_VIEWPORT, device_scale_factor=2)
            self._recorder = RequestRecorder(self._context)
            self._page = self._context.new_page()
        return self._page

    def close(self) -> None:
        if self._context is not None:
            self._context.close()

    # -- what the tests ask for ------------------------------------------------------------------
    def desktop(self, site_page: SitePage, detail: str) -> DesktopVisit:
        return self._get(site_page, detail)

    def phone(self, site_page: SitePage) -> PhoneVisit:
        return self._get(site_page, "phone")

    def privacy(self, site_page: SitePage) -> PrivacyRecord:
        return self._get(site_page, "privacy")

    def _get(self, site_page: SitePage, part: str):
        if (site_page.slug, part) not in self._results:
            self._visit(site_page)
        value = self._results[(site_page.slug, part)]
        if isinstance(value, Exception):
            raise value
        return value

    # -- the visit -------------------------------------------------------------------------------
    def _visit(self, site_page: SitePage) -> None:
        page = self._tab()
        slug = site_page.slug
        parts = [*LEVEL_ORDER, "phone", "privacy"]
        try:
            page.set_viewport_size(DESKTOP_VIEWPORT)
            self._recorder.urls.clear()
            open_page(page, self.base_url, site_page.url(detail="full"))
            address = page.url[len(self.base_url):]
            full = self._measure(page, site_page, "full")
            self._results[(slug, "full")] = full
            full.zoom = self._zoom(page)
            self._results[(slug, "phone")] = self._phone(page, site_page, address)
            page.set_viewport_size(DESKTOP_VIEWPORT)
            for detail in LEVEL_ORDER[1:]:
                self._choose_detail(page, detail)
                self._results[(slug, detail)] = self._measure(page, site_page, detail)
            self._results[(slug, "privacy")] = PrivacyRecord(
                address, list(self._recorder.urls), page.context.cookies(), storage_keys(page))
        except Exception as error:  # noqa: BLE001 - reported by every test that needs the missing part
            for part in parts:
                self._results.setdefault((slug, part), error)

    def _measure(self, page, site_page: SitePage, detail: str) -> DesktopVisit:
        h1 = page.locator('[data-testid="stMain"] h1').first
        visit = DesktopVisit(page.url[len(self.base_url):], shown_errors(page),
                             h1.inner_text().strip() if h1.count() else None, [])
        if detail == "full":
            full_length_screenshot(page, self.screenshots / f"{site_page.slug}-desktop.png")
        open_expanders(page)
        visit.violations = axe_violations(page)
        return visit

    @staticmethod
    def _zoom(page) -> dict:
        page.set_viewport_size(ZOOM_VIEWPORT)
        _relayout(page)
        return {
            "overflow": sideways_overflow(page),
            "clipped": clipped_text(page),
            "menu": page.locator('.st-key-ndl_menu summary').first.is_visible(),
        }

    def _phone(self, page, site_page: SitePage, address: str) -> PhoneVisit:
        visit = PhoneVisit(address, shown_errors(page))
        for width in PHONE_WIDTHS:
            page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
            _relayout(page)
            visit.overflow[width] = sideways_overflow(page)
            visit.clipped[width] = clipped_text(page)
            visit.frame[width] = frame_parts_shown(page)
            visit.small_targets[width] = small_targets(page)
            if width == 390:
                full_length_screenshot(page, self.screenshots / f"{site_page.slug}-phone.png")
        return visit

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
