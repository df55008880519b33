"""A phone on a slow connection: bytes, requests and time until the page's heading shows, for the Home
page and one walkthrough step, on a first and a repeat visit, three ways: straight from Streamlit,
through the deploy's nginx, and the plain edition (through the same nginx).

Chromium (Debian's, through Playwright) at 390 x 844 with Chrome DevTools network emulation ("slow
4G": 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip). Bytes are what crossed the network: every
response's encoded size with headers (CDP ``Network.loadingFinished``) plus websocket frames. The
heading time runs from the start of navigation until an ``h1`` is visible.

    .venv/bin/python -m bench.bench_network                 # 3 runs of each, report in bench/results/
    .venv/bin/python -m bench.bench_network --runs 1 --only plain nginx
    .venv/bin/python -m bench.bench_network --cpu-slowdown 4     # a slower phone's processor as well
    .venv/bin/python -m bench.bench_network --only nginx --files  # which files a first visit fetched
    .venv/bin/python -m bench.bench_network --only nginx --streamlit-icon-font   # nginx as before finding 25

A benchmark, not a test: it prints a Markdown report, writes it and the JSON to
``bench/results/network-*.md|json`` and says which targets (bench/README.md) were met. Everything it
starts (one site process, nginx) listens on 127.0.0.1 and is stopped at the end by its own pid.
"""
from __future__ import annotations

import argparse
import base64
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .bench_scale import Nginx  # noqa: E402
from .servers import PROJECT_DIR, RESULTS_DIR, Server, install_hard_timeout, install_signal_handlers, stop_all  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
STEP = ("warm-home-discount", 2)
# Targets (issue 19): through nginx a first visit <= 1.2 MB with the heading in <= 8 s, a repeat
# visit <= 100 KB; the plain edition <= 60 KB a page (its CSS included), the heading in <= 2 s.
TARGETS = {
    "nginx": {"first": {"bytes": 1_200_000, "h1": 8.0}, "repeat": {"bytes": 100_000}},
    "plain": {"first": {"bytes": 60_000, "h1": 2.0}, "repeat": {"bytes": 60_000, "h1": 2.0}},
}
STREAMLIT_READY = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
                   '[data-test-script-state="notRunning"]')


@dataclass
class Visit:
    target: str          # direct | nginx | plain
    page: str            # home | step
    visit: str           # first | repeat
    url: str
    h1_seconds: float
    bytes_http: int
    bytes_ws: int
    requests: int        # over the network
    cached: int          # answered from the browser's cache
    by_type: dict = field(default_factory=dict)
    files: list = field(default_factory=list)  # [path, type, bytes] of each response, largest first

    @property
    def bytes(self) -> int:
        return self.bytes_http + self.bytes_ws


class Meter:
    """Counts what crosses the (emulated) network for one tab, through a CDP session."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.reset()
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda e: self._pending.discard(e["requestId"]))
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.webSocketCreated", lambda e: self._count("websocket"))
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._frame)

    def reset(self) -> None:
        self.requests = 0          # requests that went to the network (not answered from the cache)
        self.cached = 0            # answered from the browser's cache
        self.http = 0
        self.ws = 0
        self.types: dict[str, list[int]] = {}
        self.files: dict[str, list] = {}   # request id -> [path, type, bytes]
        self._kind: dict[str, str] = {}
        self._pending: set[str] = set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _count(self, kind: str) -> None:
        self.requests += 1
        self.types.setdefault(kind, [0, 0])[0] += 1

    def _request(self, event) -> None:
        if event["request"]["url"].startswith(("data:", "blob:")):
            return
        self._kind[event["requestId"]] = event.get("type", "Other")
        self.files[event["requestId"]] = [urlsplit(event["request"]["url"]).path, event.get("type", "Other"), 0]
        self._pending.add(event["requestId"])
        self._count(event.get("type", "Other"))

    def _from_cache(self, event) -> None:
        kind = self._kind.get(event["requestId"])
        if kind is not None:
            self.requests -= 1
            self.cached += 1
            self.types[kind][0] -= 1

    def _response(self, event) -> None:
        self._kind[event["requestId"]] = event.get("type", self._kind.get(event["requestId"], "Other"))

    def _finished(self, event) -> None:
        self._pending.discard(event["requestId"])
        size = int(event.get("encodedDataLength", 0))
        self.http += size
        kind = self._kind.get(event["requestId"], "Other")
        self.types.setdefault(kind, [0, 0])[1] += size
        if event["requestId"] in self.files:
            self.files[event["requestId"]][2] += size

    def fetched(self) -> list[list]:
        """[path, type, bytes] of every response that crossed the network, largest first."""
        return sorted((f for f in self.files.values() if f[2] > 0), key=lambda f: -f[2])

    def _frame(self, event) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        size = len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())
        self.ws += size + 4  # + a small frame header
        self.types.setdefault("websocket", [0, 0])[1] += size + 4


def measure(browser, target: str, page_name: str, url: str, streamlit: bool, cpu_slowdown: float,
            timeout: float, block: list[str] = ()) -> list[Visit]:
    """A first visit in a new tab with an empty cache, then a repeat visit of the same address."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    if cpu_slowdown > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    if block:
        cdp.send("Network.setBlockedURLs", {"urls": [f"*{pattern}*" for pattern in block]})
    meter = Meter(cdp)
    visits = []
    try:
        for visit in ("first", "repeat"):
            meter.reset()
            start = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=timeout * 1000)
            page.wait_for_selector("h1", state="visible", timeout=timeout * 1000)
            h1 = time.perf_counter() - start
            if streamlit:
                page.wait_for_selector(STREAMLIT_READY, timeout=timeout * 1000)
            else:
                page.wait_for_load_state("load", timeout=timeout * 1000)
            quiet(page, meter)
            visits.append(Visit(target, page_name, visit, url, round(h1, 2), meter.http, meter.ws,
                                meter.requests, meter.cached, {k: list(v) for k, v in meter.types.items()},
                                meter.fetched()))
    finally:
        context.close()
    return visits


def quiet(page, meter: Meter, idle: float = 1.5, limit: float = 20.0) -> None:
    """Wait until nothing has crossed the network for ``idle`` seconds (lazy chunks, fonts, the
    page's script run), at most ``limit``."""
    end = time.perf_counter() + limit
    last = (meter.requests, meter.http, meter.ws)
    since = time.perf_counter()
    while time.perf_counter() < end:
        page.wait_for_timeout(250)
        now = (meter.requests, meter.http, meter.ws)
        if now != last or meter.busy:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= idle:
            return


def sweep_pages(browser, nginx_url: str, args) -> list[Visit]:
    """A first visit of every explainer page, in every language, through nginx and in the plain edition."""
    from ndl_explain.content import load_site
    from ndl_explain.plain import paths

    site = load_site()
    found: list[Visit] = []
    for lang in site.languages:
        for page in site.pages(lang):
            address = ("/" if page.slug == "home" else f"/{page.slug}") + ("" if lang == "en" else f"?lang={lang}")
            for name, url, streamlit in (("nginx", nginx_url + address, True),
                                         ("plain", f"{nginx_url}/plain/{paths.content_page(lang, page.slug)}", False)):
                first = measure(browser, name, f"{lang}:{page.slug}", url, streamlit, args.cpu_slowdown,
                                args.visit_timeout, args.block)[0]
                found.append(first)
                print(f"sweep {name:6} {lang}:{page.slug:22} {first.bytes / 1000:8.1f} kB  h1 {first.h1_seconds:5.2f} s",
                      flush=True)
    return found


def sweep_rows(sweep: list[Visit]) -> list[dict]:
    rows = []
    for name in ("nginx", "plain"):
        same = [v for v in sweep if v.target == name]
        if not same:
            continue
        goal = TARGETS[name]["first"]
        slowest, largest = max(same, key=lambda v: v.h1_seconds), max(same, key=lambda v: v.bytes)
        rows.append({"target": name, "page": "every explainer page", "visit": "first", "runs": len(same),
                     "h1_median": round(statistics.median(v.h1_seconds for v in same), 2),
                     "h1_max": slowest.h1_seconds, "slowest": slowest.page,
                     "bytes_max": largest.bytes, "largest": largest.page,
                     "slow_pages": sorted(v.page for v in same if v.h1_seconds > goal["h1"]),
                     "large_pages": sorted(v.page for v in same if v.bytes > goal["bytes"]),
                     "met": slowest.h1_seconds <= goal["h1"] and largest.bytes <= goal["bytes"]})
    return rows


def sweep_report(sweep: list[Visit]) -> str:
    lines = ["", "Every explainer page in every language, first visit, one run each:", "",
             "| how | pages | heading shown, median (s) | slowest (s) | largest | over the time target | over the bytes target |",
             "|---|---:|---:|---|---|---|---|"]
    for row in sweep_rows(sweep):
        lines.append(f"| {row['target']} | {row['runs']} | {row['h1_median']:.2f} | {row['h1_max']:.2f} ({row['slowest']}) | "
                     f"{row['bytes_max'] / 1000:,.0f} kB ({row['largest']}) | {', '.join(row['slow_pages']) or 'none'} | "
                     f"{', '.join(row['large_pages']) or 'none'} |")
    return "\n".join(lines) + "\n"


def summarise(visits: list[Visit]) -> list[dict]:
    rows = []
    keys = sorted({(v.target, v.page, v.visit) for v in visits},
                  key=lambda k: (["direct", "nginx", "plain"].index(k[0]), k[1], k[2]))
    for key in keys:
        same = [v for v in visits if (v.target, v.page, v.visit) == key]
        row = {"target": key[0], "page": key[1], "visit": key[2], "runs": len(same),
               "bytes": int(statistics.median(v.bytes for v in same)),
               "bytes_ws": int(statistics.median(v.bytes_ws for v in same)),
               "requests": int(statistics.median(v.requests for v in same)),
               "cached": int(statistics.median(v.cached for v in same)),
               "h1": round(statistics.median(v.h1_seconds for v in same), 2),
               "h1_max": max(v.h1_seconds for v in same)}
        goal = TARGETS.get(key[0], {}).get(key[2], {})
        row["met"] = all((row["bytes"] <= goal["bytes"]) if name == "bytes" else (row["h1"] <= goal["h1"])
                         for name in goal) if goal else None
        rows.append(row)
    return rows


def report(rows: list[dict], args, when: str) -> str:
    names = {"direct": "Streamlit directly", "nginx": "through the deploy's nginx", "plain": "plain edition (nginx)"}
    lines = [f"# A phone on slow 4G — {when}", "",
             f"Chromium at 390 px, DevTools network emulation: {SLOW_4G['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down, "
             f"{SLOW_4G['uploadThroughput'] * 8 / 1e3:.0f} kbit/s up, {SLOW_4G['latency']} ms round trip"
             + (f", CPU slowed {args.cpu_slowdown}×" if args.cpu_slowdown > 1 else "")
             + (f", requests refused: {', '.join(args.block)}" if args.block else "")
             + (", nginx serving Streamlit's whole icon font" if args.streamlit_icon_font else "")
             + f"; median of {args.runs} run(s). Step = `/walkthrough?scenario={STEP[0]}&step={STEP[1]}`.", "",
             "| how | page | visit | bytes | of which websocket | requests (+ from cache) | heading shown (s) | target met |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    for row in rows:
        met = {True: "yes", False: "**no**", None: "–"}[row["met"]]
        lines.append(f"| {names[row['target']]} | {row['page']} | {row['visit']} | {row['bytes'] / 1000:,.0f} kB | "
                     f"{row['bytes_ws'] / 1000:,.1f} kB | {row['requests']} (+{row['cached']}) | {row['h1']:.2f} (max {row['h1_max']:.2f}) | {met} |")
    lines += ["", "Targets: through nginx a first visit ≤ 1,200 kB with the heading in ≤ 8 s and a repeat visit "
              "≤ 100 kB; the plain edition ≤ 60 kB a page with its CSS and the heading in ≤ 2 s."]
    return "\n".join(lines) + "\n"


def largest_of_sweep(sweep: list[Visit]) -> list[Visit]:
    """The sweep's largest first visit through each way of serving (nginx, plain)."""
    found = []
    for name in ("nginx", "plain"):
        same = [v for v in sweep if v.target == name]
        if same:
            found.append(max(same, key=lambda v: v.bytes))
    return found


def files_report(visits: list[Visit], smallest: int = 10_000) -> str:
    """The files each kind of first visit fetched (from its first run), largest first."""
    lines = []
    seen = set()
    for v in visits:
        if v.visit != "first" or (v.target, v.page) in seen:
            continue
        seen.add((v.target, v.page))
        big = [f for f in v.files if f[2] >= smallest]
        rest = [f for f in v.files if f[2] < smallest]
        lines += ["", f"Files fetched by the first visit, {v.target} {v.page} ({v.bytes_http / 1000:,.0f} kB over HTTP):", "",
                  "| file | type | kB |", "|---|---|---:|"]
        lines += [f"| `{path}` | {kind} | {size / 1000:,.1f} |" for path, kind, size in big]
        lines.append(f"| {len(rest)} smaller files | | {sum(f[2] for f in rest) / 1000:,.1f} |")
    return "\n".join(lines) + "\n"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="visits of each kind (the median is reported)")
    p.add_argument("--only", nargs="+", choices=["direct", "nginx", "plain"], default=["direct", "nginx", "plain"])
    p.add_argument("--cpu-slowdown", type=float, default=1.0, help="CDP CPU throttling rate (4 = a slow phone)")
    p.add_argument("--block", nargs="*", default=[], metavar="PATTERN",
                   help="refuse requests whose address contains PATTERN (what leaving a file out would save, "
                        "e.g. --block MaterialSymbols)")
    p.add_argument("--sweep", action="store_true",
                   help="also a first visit of every explainer page in every language, through nginx and "
                        "in the plain edition (one run each; the slowest and largest are reported)")
    p.add_argument("--files", action="store_true",
                   help="list the files each first visit fetched (10 kB or more), largest first; with "
                        "--sweep, also those of the sweep's largest page through nginx and in the plain edition")
    p.add_argument("--streamlit-icon-font", action="store_true",
                   help="nginx serves Streamlit's whole icon font (375 kB), not the cut-down copy that "
                        "deploy/icon_font.py makes (as before bench/README.md finding 25)")
    p.add_argument("--timeout", type=float, default=1200, help="hard limit for the whole run, in seconds")
    p.add_argument("--visit-timeout", type=float, default=120, help="limit for one visit, in seconds")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    install_hard_timeout(args.timeout)
    install_signal_handlers()
    from playwright.sync_api import sync_playwright

    from deploy import icon_font
    from ndl_explain.plain.build import build

    work = Path(tempfile.mkdtemp(prefix="ndl-network-"))
    work.chmod(0o755)  # nginx workers may run as another user
    when = time.strftime("%Y-%m-%d %H:%M")
    nginx = None
    visits: list[Visit] = []
    sweep: list[Visit] = []
    try:
        site = Server("site", PROJECT_DIR / "app.py", log_path=work / "site.log",
                      env={"NDL_DATA_DIR": str(work / "data")}).start()
        site.wait_healthy(120)
        plain = work / "plain"
        build(plain, site_url="https://ndl.example.org")
        icons = None
        if not args.streamlit_icon_font:
            icons = work / "icon-font"
            made = icon_font.build(icons)
            print(f"icon font: {len(made.kept)} icons, {made.size / 1000:.1f} kB "
                  f"(Streamlit's {made.original_size / 1000:.1f} kB)", flush=True)
        if {"nginx", "plain"} & set(args.only):
            nginx = Nginx(work / "nginx", [site.url.removeprefix("http://")], plain_dir=str(plain),
                          icon_font_dir=str(icons) if icons else None).start()
        step = f"/walkthrough?scenario={STEP[0]}&step={STEP[1]}"
        targets = {
            "direct": (site.url, {"home": "/", "step": step}, True),
            "nginx": (nginx.url if nginx else "", {"home": "/", "step": step}, True),
            "plain": (nginx.url + "/plain" if nginx else "",
                      {"home": "/en/index.html", "step": f"/en/examples/{STEP[0]}.html"}, False),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # warm the server (imports, content, caches) as a live site would be, unthrottled
            warm = browser.new_page()
            for address in ("/", step):
                warm.goto(site.url + address)
                warm.wait_for_selector(STREAMLIT_READY + " h1", timeout=120_000)
            warm.close()
            for run in range(args.runs):
                for name in args.only:
                    base, addresses, streamlit = targets[name]
                    for page_name, address in addresses.items():
                        found = measure(browser, name, page_name, base + address, streamlit, args.cpu_slowdown,
                                        args.visit_timeout, args.block)
                        visits += found
                        for v in found:
                            print(f"run {run + 1} {name:6} {page_name:4} {v.visit:6} {v.bytes / 1000:8.1f} kB "
                                  f"{v.requests:3} requests  h1 {v.h1_seconds:5.2f} s", flush=True)
            if args.sweep and nginx is not None:
                sweep = sweep_pages(browser, nginx.url, args)
            browser.close()
    finally:
        if nginx is not None:
            nginx.stop()
        stop_all()
        shutil.rmtree(work, ignore_errors=True)
    rows = summarise(visits)
    text = report(rows, args, when)
    if args.files:
        text += files_report(visits)
    if args.sweep:
        text += sweep_report(sweep)
        rows.extend(sweep_rows(sweep))
        if args.files:  # what the largest page of each way fetched
            text += files_report(largest_of_sweep(sweep))
    print("\n" + text)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"network-{stamp}", "network-latest"):
        (RESULTS_DIR / f"{name}.md").write_text(text)
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(
            {"when": when, "args": vars(args), "rows": rows, "visits": [asdict(v) for v in visits + sweep]}, indent=1))
    return 0 if all(row["met"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
