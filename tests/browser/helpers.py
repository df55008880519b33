"""Helpers for the browser suite: which pages exist, waiting for Streamlit, axe, requests, layout, focus.

Nothing here starts a server or a browser (see ``conftest.py``); the helpers take a Playwright
``Page`` so that ``test_checks_can_fail.py`` can point them at a deliberately broken page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from ndl_explain.content import LAYERS, load_site
from tests.conftest import PROJECT

# ---------------------------------------------------------------------------------------------
# Which pages exist
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitePage:
    """One address of the site: a content page (from Markdown) or a page file (views/*.py)."""

    slug: str        # "home", "what-it-is", "walkthrough", ...
    path: str        # the address: "/" for the home page, else "/<slug>"
    title: str | None  # the <h1> a content page shows (page files: None, their words may change)
    kind: str        # "content" | "file"

    def url(self, **query: str) -> str:
        params = "&".join(f"{key}={value}" for key, value in query.items() if value)
        return self.path + (f"?{params}" if params else "")


def registered_page_files() -> list:
    """The ``PAGE_FILES`` that app.py registers and whose file exists (read the way
    tests/app/test_pages.py reads them: only the registration block is executed)."""
    source = (PROJECT / "app.py").read_text()
    start, end = source.index("PAGE_FILES = ["), source.index("# ---- end of page registration")
    namespace: dict = {}
    exec("from ndl_explain.ui import frame\n" + source[start:end], namespace)  # noqa: S102
    return [spec for spec in namespace["PAGE_FILES"] if (PROJECT / spec.path).is_file()]


def site_pages(lang: str = "en") -> list[SitePage]:
    """Every page registered right now: content pages first (menu order), then page files."""
    site = load_site()
    pages = [
        SitePage(p.slug, "/" if p.slug == "home" else f"/{p.slug}", p.title, "content")
        for p in site.pages(lang)
    ]
    pages += [SitePage(spec.url_path, f"/{spec.url_path}", None, "file") for spec in registered_page_files()]
    return pages


def page_file(slug: str) -> SitePage | None:
    """The page file registered at ``/slug``, or None if it is not registered (or its file is missing)."""
    return next((p for p in site_pages() if p.kind == "file" and p.slug == slug), None)


DETAIL_LEVELS = tuple(LAYERS)  # ("short", "more", "full")

# ---------------------------------------------------------------------------------------------
# Waiting for Streamlit
# ---------------------------------------------------------------------------------------------

READY = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
         '[data-test-script-state="notRunning"]')
SETTLE_MS = 100

# Counts changes of Streamlit's script state. A quick fragment rerun can start and end within one
# React commit and leave no trace here, so callers that know what the rerun will show should wait
# for that instead (``wait_for_rerun(..., done=...)``).
_WATCH_RUNS = """() => {
  if (window.__ndlRuns !== undefined) return window.__ndlRuns;
  window.__ndlRuns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(records => { window.__ndlRuns += records.length; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  return 0;
}"""

_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  // Streamlit shows a skeleton until the first elements arrive; Altair/Graphviz draw after that.
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return false;
  return document.fonts.status === 'loaded';
}"""


def settle(page, ms: int = SETTLE_MS) -> None:
    """Wait until Streamlit is connected, not running, fonts are in, and a moment has passed."""
    page.wait_for_function(_SETTLED, timeout=30_000)
    page.wait_for_timeout(ms)
    page.wait_for_function(_SETTLED, timeout=30_000)


def wait_rendered(page, timeout: float = 45_000) -> None:
    """After a navigation: wait until the page script has run and its title (<h1>) is drawn."""
    page.wait_for_selector(READY, timeout=timeout)
    # Every page shows a title (<h1>); a page whose script crashed shows an error box instead
    # (the tests then report it, rather than each waiting for the timeout).
    page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stException"]', timeout=timeout)
    settle(page)
    page.evaluate(_WATCH_RUNS)


def open_page(page, base_url: str, address: str) -> None:
    page.goto(base_url + address, wait_until="domcontentloaded")
    wait_rendered(page)


def wait_for_rerun(page, action, done=None, timeout: float = 30_000) -> None:
    """Do ``action()`` (a click or a key press) and wait for the rerun it causes to finish: until
    ``done()`` returns (it should wait for what the rerun shows), or else until the script state
    has changed, then until Streamlit is idle again."""
    before = page.evaluate(_WATCH_RUNS)
    action()
    if done is not None:
        done()
    else:
        page.wait_for_function(f"() => window.__ndlRuns > {before}", timeout=timeout)
    page.wait_for_selector(READY, timeout=timeout)
    settle(page)


def shown_errors(page) -> list[str]:
    """Texts of Streamlit error boxes (a crashed script shows one instead of the page)."""
    return [e.inner_text()[:300] for e in page.query_selector_all(
        '[data-testid="stException"], [data-testid="stAlertContentError"]')]


# ---------------------------------------------------------------------------------------------
# Accessibility (axe-core)
# ---------------------------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()  # the axe-core copy bundled by axe-playwright-python (version pinned in requirements-dev.txt)


@dataclass(frozen=True)
class StreamlitIssue:
    """A violation caused by Streamlit's own markup that our code cannot fix. A node is let through
    only for this ``rule`` and only inside an element matching ``selector``. Each one is named in
    the accessibility statement."""

    rule: str
    selector: str
    why: str


# Keep this list short and exact. Never add our own markup here: fix it instead. (Empty since the
# site draws its own menu: Streamlit's, hidden now, put its section headings inside its list of links
# on narrow screens, axe "list" and "listitem".)
STREAMLIT_ISSUES: tuple[StreamlitIssue, ...] = ()

_NODE_MATCHES = """([target, selector]) => {
  const element = document.querySelector(target);
  return !!(element && element.closest(selector));
}"""


def axe_violations(page, known: tuple[StreamlitIssue, ...] = STREAMLIT_ISSUES, context: str | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page, or only inside ``context`` (a CSS
    selector); return the violations that are not one of the ``known`` Streamlit issues. Raises if
    axe checked (almost) nothing."""
    results = _AXE.run(page, context=context, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                                       "resultTypes": ["violations"]})
    response = results.response
    assert len(response.get("passes", [])) >= (1 if context else 5), "axe checked almost nothing: is the page empty?"
    remaining = []
    for violation in response["violations"]:
        nodes = []
        for node in violation["nodes"]:
            target = node["target"][0] if len(node["target"]) == 1 and isinstance(node["target"][0], str) else None
            allowed = target is not None and any(
                issue.rule == violation["id"] and page.evaluate(_NODE_MATCHES, [target, issue.selector])
                for issue in known)
            if not allowed:
                nodes.append(node)
        if nodes:
            remaining.append({**violation, "nodes": nodes})
    return remaining


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -- {v['helpUrl']}")
        for node in v["nodes"][:6]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:300]
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Network requests and storage (privacy)
# ---------------------------------------------------------------------------------------------


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


class RequestRecorder:
    """Every request (and websocket) every page of a browser context makes, from the moment it is
    attached. Attach it before the first navigation."""

    def __init__(self, context):
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def elsewhere(self, origin: str) -> list[str]:
        """Requests that did not go to ``origin`` (data: and blob: URLs stay in the page)."""
        return [u for u in self.urls
                if not u.startswith(("data:", "blob:", "about:")) and origin_of(u) != origin]


ANALYTICS_KEYS = re.compile(
    r"(^_ga|^_gid|^_gat|amplitude|segment|ajs_|mixpanel|^_hj|hotjar|intercom|posthog|"
    r"plausible|matomo|^_pk_|heap|fullstory|clarity|^_fb|analytics|tracking|telemetry)", re.I)


def storage_keys(page) -> dict[str, list[str]]:
    return page.evaluate("() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})")


# ---------------------------------------------------------------------------------------------
# Layout (phones, zoom)
# ---------------------------------------------------------------------------------------------

_OVERFLOW = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const root = document.documentElement;
  const limit = main.clientWidth;
  const left = main.getBoundingClientRect().left;
  const wide = [];
  if (main.scrollWidth > main.clientWidth) {
    for (const el of main.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right - left > limit + 1) {
        wide.push((el.getAttribute('data-testid') || el.tagName.toLowerCase()) + ' ' +
                  Math.round(box.right - left) + 'px: ' + (el.textContent || '').trim().slice(0, 60));
      }
    }
  }
  return {mainScroll: main.scrollWidth, mainClient: main.clientWidth,
          docScroll: root.scrollWidth, docClient: root.clientWidth, wide: wide.slice(-8)};
}"""


def sideways_overflow(page) -> dict:
    """``stMain``'s scrollWidth against its clientWidth (the document itself does not scroll in
    Streamlit), and the widest elements when it overflows."""
    return page.evaluate(_OVERFLOW)


_CLIPPED = """() => {
  // Text that does not fit its box and is cut off: a box that hides what overflows (overflow
  // hidden/clip, or an ellipsis) and whose text is wider or taller than the box.
  const clipped = [];
  const scope = document.querySelector('[data-testid="stMain"]');
  for (const el of scope.querySelectorAll('*')) {
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    // Words for screen readers only (a 1 px box, clipped on purpose) are not cut-off text.
    if (style.position === 'absolute' && el.getBoundingClientRect().width <= 1 &&
        el.getBoundingClientRect().height <= 1) continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const lineBox = style.textOverflow === 'ellipsis' || style.whiteSpace.startsWith('nowrap') ||
                    style.whiteSpace === 'pre';
    if (!ownText && !(lineBox && el.innerText.trim())) continue;
    const cutX = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    const cutY = ['hidden', 'clip'].includes(style.overflowY);
    if ((cutX && el.scrollWidth > el.clientWidth + 1) || (cutY && el.scrollHeight > el.clientHeight + 1)) {
      clipped.push((el.closest('[data-testid]')?.getAttribute('data-testid') || '') + ' <' +
                   el.tagName.toLowerCase() + '>: ' + el.innerText.trim().replace(/\\s+/g, ' ').slice(0, 80));
    }
  }
  return clipped;
}"""


def clipped_text(page) -> list[str]:
    """Elements in the main area whose own text is cut off."""
    return page.evaluate(_CLIPPED)


def full_length_screenshot(page, path: Path, max_height: int = 20_000) -> None:
    """Streamlit scrolls inside ``stMain``, so Playwright's full_page sees only the window. Make the
    window as tall as the content, take the picture, and put the window back."""
    viewport = page.viewport_size
    height = page.evaluate("""() => {
      const main = document.querySelector('[data-testid="stMain"]');
      return Math.ceil(main.scrollHeight + main.getBoundingClientRect().top);
    }""")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(height, max_height))})
    try:
        page.wait_for_timeout(250)
        page.screenshot(path=str(path), scale="css")
    finally:
        page.set_viewport_size(viewport)


# ---------------------------------------------------------------------------------------------
# The frame on every page (header, phase banner, footer) and the size of what can be pressed
# ---------------------------------------------------------------------------------------------

FRAME_PARTS = {  # what the frame draws on every page, by the key of its Streamlit container
    "header": ".st-key-ndl_header",
    "menu": ".st-key-ndl_menu summary",
    "banner": ".st-key-ndl_banner",
    "footer": ".st-key-ndl_footer",
}

_FRAME_SHOWN = """(parts) => {
  const shown = {};
  for (const [name, selector] of Object.entries(parts)) {
    const el = document.querySelector(selector);
    shown[name] = !!(el && el.getClientRects().length && el.innerText.trim());
  }
  return shown;
}"""


def frame_parts_shown(page) -> dict[str, bool]:
    """Which of the frame's parts (FRAME_PARTS) the page shows, with some text in each."""
    return page.evaluate(_FRAME_SHOWN, FRAME_PARTS)


MIN_TARGET = 44  # CSS pixels: GOV.UK's standard for touch targets (WCAG 2.5.8 asks for 24)

_SMALL_TARGETS = """(min) => {
  const selector = 'button, a[href], summary, input:not([type="hidden"]), select, textarea, [role="button"], ' +
                   '[role="tab"], [role="radio"], [role="checkbox"], [role="switch"], [role="slider"], ' +
                   '[tabindex]:not([tabindex="-1"])';
  const small = [];
  const seen = new Set();
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;
    // Not drawn: hidden, or inside something closed (a closed <details> hides its content with
    // content-visibility, which still leaves boxes).
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (el.closest('[aria-hidden="true"], [inert]')) continue;
    // Exempt (WCAG 2.5.8): links inside running text, and Streamlit's skip link, which is off
    // screen until it has the focus. A select's own arrow button is part of the select.
    if (el.matches('a') && el.closest('[data-testid="stMarkdownContainer"]')) continue;
    if (el.matches('[data-testid="stSkipToContent"]')) continue;
    if (el.closest('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]') && el.matches('button, svg')) continue;
    let target = el;
    if (el.matches('input[type="radio"], input[type="checkbox"]')) target = el.closest('label') || el;
    if (seen.has(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.width < min - 0.5 || box.height < min - 0.5) {
      const where = target.closest('[data-testid]');
      small.push(Math.round(box.width) + 'x' + Math.round(box.height) + ' ' + target.tagName.toLowerCase() + ' ' +
                 (where ? where.getAttribute('data-testid') : '') + ' "' +
                 (target.getAttribute('aria-label') || target.innerText || target.value || '').replace(/\\s+/g, ' ').trim().slice(0, 40) + '"');
    }
  }
  return small;
}"""


def small_targets(page, minimum: int = MIN_TARGET) -> list[str]:
    """Controls on the page (not links inside running text) smaller than ``minimum`` CSS pixels
    either way: "width x height, tag, where, name" for each."""
    return page.evaluate(_SMALL_TARGETS, minimum)


# ---------------------------------------------------------------------------------------------
# Keyboard and focus
# ---------------------------------------------------------------------------------------------

_FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), testid: el.getAttribute('data-testid'),
    name: (el.getAttribute('aria-label') || el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60),
    label: (el.labels && el.labels.length ? el.labels[0].innerText
         : (el.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id))
             .filter(Boolean).map(e => e.innerText).join(' ')).replace(/\\s+/g, ' ').trim().slice(0, 80),
    role: el.getAttribute('role') || el.type || '',
    inView: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 &&
            box.left < innerWidth && box.top < innerHeight,
  };
}"""

# The look of the focused element and of its close relatives (a radio's ring is drawn on the circle
# next to its hidden input, a text box's on the box around the <input>). Kept on window so that the
# same elements can be looked at again once the focus has moved away.
_FOCUS_LOOK = """(again) => {
  if (!again) {
    const el = document.activeElement;
    const family = [el];
    let parent = el.parentElement;
    for (let i = 0; i < 3 && parent; i++, parent = parent.parentElement) family.push(parent);
    if (el.labels) family.push(...el.labels);
    for (const sib of [el.previousElementSibling, el.nextElementSibling]) if (sib) family.push(sib);
    if (el.parentElement) for (const sib of el.parentElement.children) if (!family.includes(sib)) family.push(sib);
    window.__ndlFocusFamily = family;
  }
  return window.__ndlFocusFamily.map(e => {
    const s = getComputedStyle(e);
    const lengths = v => (v.match(/-?[\\d.]+px/g) || []).some(x => parseFloat(x) !== 0);
    const seen = c => c && c !== 'transparent' && !/rgba\\([^)]*,\\s*0\\)$/.test(c);
    return {
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && seen(s.outlineColor)
               ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : null,
      shadow: s.boxShadow !== 'none' && lengths(s.boxShadow) && !/rgba\\([^)]*,\\s*0\\)\\s/.test(s.boxShadow + ' ')
              ? s.boxShadow : null,
      border: `${s.borderTopWidth} ${s.borderTopColor} ${s.borderBottomWidth} ${s.borderBottomColor}`,
      background: s.backgroundColor,
    };
  });
}"""


class FocusNotVisible(AssertionError):
    """The keyboard focus cannot be seen (or is outside the window)."""


def focused(page) -> dict | None:
    """What has keyboard focus: tag, name, label, role and whether it is inside the window."""
    return page.evaluate(_FOCUS_INFO)


def focus_indicator(page) -> dict:
    """How the focused element shows its focus, found by comparing its look (and its close
    relatives') while focused and after Shift+Tab moved the focus away; Tab brings it back.

    Returns {"ring": "outline ..." / "box-shadow ..." or None, "weak": "border ..."/"background ..."
    or None}. A ring (outline or box-shadow that appears on focus) is what we require; a colour
    change of a thin border is reported as weak."""
    transition = 200  # ms: Streamlit eases its focus styles in
    page.wait_for_timeout(transition)
    before = focused(page)
    on = page.evaluate(_FOCUS_LOOK, False)
    page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(transition)
    off = page.evaluate(_FOCUS_LOOK, True)
    page.keyboard.press("Tab")
    page.wait_for_timeout(transition)
    after = focused(page)
    assert after and before and (after["tag"], after["name"]) == (before["tag"], before["name"]), \
        f"Shift+Tab then Tab did not come back to {before}: now {after}"
    ring = weak = None
    for a, b in zip(on, off):
        if a["outline"] and a["outline"] != b["outline"]:
            ring = ring or f"outline {a['outline']}"
        elif a["shadow"] and a["shadow"] != b["shadow"]:
            ring = ring or f"box-shadow {a['shadow']}"
        elif a["border"] != b["border"]:
            weak = weak or f"border {b['border']} -> {a['border']}"
        elif a["background"] != b["background"]:
            weak = weak or f"background {b['background']} -> {a['background']}"
    return {"ring": ring, "weak": weak}


def check_focus_visible(page, what: str, problems: list[str] | None = None) -> dict:
    """Check the focused element is in the window and shows a focus ring. With ``problems``, add
    to that list instead of raising (so a keyboard journey can finish and report everything)."""
    info = focused(page)
    found = []
    if info is None:
        found.append(f"nothing has focus {what}")
    else:
        if not info["inView"]:
            found.append(f"the focused element is outside the window {what}: {info}")
        indicator = focus_indicator(page)
        info.update(indicator)
        if not indicator["ring"]:
            found.append(f"no focus ring (outline or box-shadow) {what}: {info['tag']} "
                         f"'{info['name'] or info['label']}'" + (f"; only a weak change: {indicator['weak']}"
                                                                 if indicator["weak"] else ""))
    if found and problems is None:
        raise FocusNotVisible("; ".join(found))
    if problems is not None:
        problems.extend(found)
    return info


def tab_to(page, matches, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until ``matches(focus_info)`` is true; return that focus info.
    """
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        seen.append(info and f"{info['tag']}:{info['name'][:25]}")
        if info and matches(info):
            return info
    raise AssertionError(f"could not reach the element with {key} in {limit} presses; focus went: {seen}")
