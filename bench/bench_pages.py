"""Server CPU per run for every page and walkthrough step, as a ratio to a hello-world page; startup time.

    .venv/bin/python -m bench.bench_pages                       # everything, report in bench/results/
    .venv/bin/python -m bench.bench_pages --quick               # fewer runs (a smoke check, noisier)
    .venv/bin/python -m bench.bench_pages --only what-it-is --only walkthrough
    .venv/bin/python -m bench.bench_pages -- --runner.postScriptGC false   # Streamlit flags, both servers
    .venv/bin/python -m bench.bench_pages --profile 3           # + pyinstrument on the 3 dearest pages

Starts the site (app.py) and bench/hello.py on free 127.0.0.1 ports with the same settings (same
working directory, so the same .streamlit/config.toml, plus any flags given after ``--``), then for
each page opens one websocket session (bench/protocol.py), warms it up, and re-runs it (what a
click or pressing R does) until at least ``--min-runs`` runs and ``--min-seconds`` have passed.
Server CPU per run = the server process's user+system CPU over those runs / runs (psutil, all
threads, waiting for post-run garbage collection to finish). "Visit" CPU is a new session that
opens the page once and closes (what a phone opening a link costs). Hello world is measured
between the pages: before the first, then after every ``--hello-every`` pages (default: after each
one), and a page's ratio uses the mean of the hello-world measurements just before and just after it.
This machine's speed drifts by 10-20% over minutes; a baseline taken only at the start and end of a
long run cannot follow that (``--hello-every 0`` does exactly that, the old way). Each page and each
hello world is measured alone, so each run's CPU includes the server's idle ticking (~6-9 ms a
second with a session open) only for that run's own seconds.
"""
from __future__ import annotations

import argparse
import ast
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a file: python bench/bench_pages.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .protocol import StreamlitClient  # noqa: E402
from .servers import (  # noqa: E402
    split_flags,
    HELLO_APP, PROJECT_DIR, RESULTS_DIR, Server, export_snapshot, install_hard_timeout,
    install_signal_handlers, settle_cpu, stop_all, use_code_from,
)

TARGET_RATIO = 3.0


@dataclass
class Target:
    name: str
    url: str
    kind: str  # hello | content | page-file | walkthrough-step | workshop-state
    note: str = ""


@dataclass
class Measurement:
    name: str
    url: str
    kind: str
    runs: int = 0
    cpu_ms_per_run: float = 0.0
    main_thread_ms_per_run: float = 0.0  # the event loop thread: websocket, message queue
    wall_ms_p50: float = 0.0
    wall_ms_p95: float = 0.0
    first_run_ms: float = 0.0
    visit_cpu_ms: float | None = None
    visits: int = 0
    bytes_per_run: int = 0
    messages_per_run: int = 0
    rss_mb_after: float = 0.0
    ratio: float | None = None
    hello_ms: float | None = None  # the hello-world baseline used for this page's ratio
    visit_ratio: float | None = None
    errors: list[str] = field(default_factory=list)
    note: str = ""


# ---- what to measure ---------------------------------------------------------------------------
def page_files_from_app(app_path: Path) -> list[tuple[str, str]]:
    """(file, url path) of every ``frame.PageFile(...)`` in app.py's PAGE_FILES (read, not run)."""
    tree = ast.parse(app_path.read_text())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "PageFile":
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            kw = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            path = kw.get("path", args[0] if args else None)
            url = kw.get("url_path", args[3] if len(args) > 3 else None)
            if path and url:
                out.append((path, url))
    return out


def scenario_steps() -> list[tuple[str, int]]:
    from ndl_explain import CONTENT_DIR
    from ndl_explain.scenarios import scenario_problems

    scenarios, _problems = scenario_problems(CONTENT_DIR, "en")
    return [(sid, s.step_count) for sid, s in scenarios.items()]


def discover(args, workshop: dict | None, root: Path = PROJECT_DIR) -> list[Target]:
    from ndl_explain import CONTENT_DIR
    from ndl_explain.content import load_site

    targets: list[Target] = []
    for page in load_site(CONTENT_DIR).pages("en"):
        url = "/" if page.slug == "home" else f"/{page.slug}"
        targets.append(Target(page.slug, url, "content"))
    walkthrough = False
    for path, url in page_files_from_app(root / "app.py"):
        if (root / path).is_file():
            targets.append(Target(url, f"/{url}", "page-file"))
            walkthrough |= url == "walkthrough"
    if walkthrough and args.steps != "none":
        for sid, count in scenario_steps():
            if count > 1:  # an example of one step has neither Next nor Back
                targets.append(Target(f"walkthrough {sid}: Next/Back", f"/walkthrough?scenario={sid}&step=1",
                                      "step-change", "pressing Next / Back (an st.fragment re-run), through all steps"))
            numbers = range(1, count + 1) if args.steps == "all" else range(1, min(count, int(args.steps)) + 1)
            for n in numbers:
                targets.append(Target(f"walkthrough {sid} #{n}", f"/walkthrough?scenario={sid}&step={n}",
                                      "walkthrough-step"))
    if any(t.url == "/what-if" for t in targets):
        targets.append(Target("what-if: change the answer", "/what-if", "step-change",
                              "picking another 'what if' choice (an st.fragment re-run)"))
    if workshop:
        targets.append(Target("workshop (joined, open question)", f"/workshop?code={workshop['code']}",
                              "workshop-state", "a participant's phone"))
        targets.append(Target("facilitate (presenter)", f"/facilitate?token={workshop['token']}",
                              "workshop-state", "presenter screen; its 3 s auto-refresh is in bench_room"))
    if args.only:
        targets = [t for t in targets if any(o in t.name or o in t.url for o in args.only)]
    if targets and targets[0].kind == "content":
        # the first page once more at the end: shows what the pages measured in between (and the
        # libraries they imported, e.g. WeasyPrint for /leaflets) did to the cost of every run
        first = targets[0]
        targets.append(Target(f"{first.name} (again, at the end)", first.url, "content-again",
                              "same page as the first row, measured last in the same process"))
    return targets


def make_workshop(env: dict[str, str]) -> dict | None:
    """A live workshop in the server's store, created through the service layer."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        from ndl_explain import CONTENT_DIR
        from ndl_explain.scenarios import scenario_problems
        from ndl_explain.workshop import WorkshopService, WorkshopStore
        from ndl_explain.workshop.store import default_database_url

        scenarios, _ = scenario_problems(CONTENT_DIR, "en")
        service = WorkshopService(WorkshopStore(default_database_url()))
        created = service.create_workshop("Benchmark workshop", ["check", "comfort"], list(scenarios)[:2],
                                          known_scenarios=set(scenarios))
        return {"code": created.code, "token": created.token}
    except Exception as exc:  # noqa: BLE001 - no workshop means those two rows are skipped
        print(f"[bench] could not create a workshop: {exc!r}", file=sys.stderr)
        return None
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ---- measuring ---------------------------------------------------------------------------------
def main_thread_cpu(server: Server) -> float:
    for t in server.ps.threads():
        if t.id == server.ps.pid:
            return t.user_time + t.system_time
    return 0.0


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def interaction(client: StreamlitClient, target: Target):
    """What one "run" is for this target: a plain re-run, or the visitor's click (a fragment run)."""
    if target.kind != "step-change":
        return client.rerun
    if target.url.startswith("/walkthrough"):
        direction = {"d": 1}

        async def step():
            # Next is not there on the last step, nor Back on the first: turn round at either end.
            forward, back = client.find(key="wt_next"), client.find(key="wt_back")
            if direction["d"] > 0 and not forward:
                direction["d"] = -1
            elif direction["d"] < 0 and not back:
                direction["d"] = 1
            return await client.click((forward if direction["d"] > 0 else back)[0])

        return step
    turn = {"i": 0}

    async def change():
        radio = client.find("radio", key_prefix="wi_value_")[0]
        turn["i"] += 1
        return await client.set(radio, turn["i"] % len(radio.options))

    return change


async def measure(server: Server, target: Target, args) -> Measurement:
    m = Measurement(target.name, target.url, target.kind, note=target.note)
    async with StreamlitClient(server.url, timeout=args.run_timeout) as client:
        first = await client.open(target.url)
        m.first_run_ms = first.seconds * 1000
        if not first.ok:
            m.errors.append(f"open: status={first.status} page_not_found={first.page_not_found} "
                            f"{'; '.join(first.exceptions)[:300]}")
        act = interaction(client, target)
        for _ in range(args.warmup):
            await act()
        await asyncio.to_thread(settle_cpu, server)
        c0, m0, t0 = server.cpu_seconds(), main_thread_cpu(server), time.perf_counter()
        walls, sizes, counts = [], [], []
        while (len(walls) < args.min_runs or time.perf_counter() - t0 < args.min_seconds) \
                and len(walls) < args.max_runs:
            r = await act()
            walls.append(r.seconds)
            sizes.append(r.bytes)
            counts.append(r.messages)
            if not r.ok and len(m.errors) < 3:
                m.errors.append(f"rerun: status={r.status} {'; '.join(r.exceptions)[:300]}")
        await asyncio.to_thread(settle_cpu, server)
        c1, m1 = server.cpu_seconds(), main_thread_cpu(server)
    m.runs = len(walls)
    m.cpu_ms_per_run = (c1 - c0) / m.runs * 1000
    m.main_thread_ms_per_run = (m1 - m0) / m.runs * 1000
    m.wall_ms_p50 = pct(walls, 50) * 1000
    m.wall_ms_p95 = pct(walls, 95) * 1000
    m.bytes_per_run = int(statistics.mean(sizes))
    m.messages_per_run = int(statistics.mean(counts))
    if args.visits and target.kind != "step-change":
        await asyncio.to_thread(settle_cpu, server)
        c0 = server.cpu_seconds()
        for _ in range(args.visits):
            async with StreamlitClient(server.url, timeout=args.run_timeout) as client:
                r = await client.open(target.url)
                if not r.ok and len(m.errors) < 3:
                    m.errors.append(f"visit: status={r.status} {'; '.join(r.exceptions)[:300]}")
        await asyncio.sleep(0.2)  # let the server drop the closed sessions
        await asyncio.to_thread(settle_cpu, server)
        m.visit_cpu_ms = (server.cpu_seconds() - c0) / args.visits * 1000
        m.visits = args.visits
    m.rss_mb_after = server.rss_mb()
    return m


async def startup(server: Server, url: str = "/") -> dict:
    """Spawn → health answers → first page served (its script_finished reaches the browser)."""
    server.start()
    health = await asyncio.to_thread(server.wait_healthy, 120)
    async with StreamlitClient(server.url, timeout=120) as client:
        r = await client.open(url)
    return {"health_s": round(health, 3), "first_page_s": round(time.perf_counter() - server.spawned_at, 3),
            "first_run_s": round(r.seconds, 3), "ok": r.ok, "rss_mb": round(server.rss_mb(), 1)}


# ---- report ------------------------------------------------------------------------------------
def git_commit(rev: str = "HEAD") -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", rev], cwd=PROJECT_DIR, capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except Exception:  # noqa: BLE001
        return "?"


def markdown(report: dict) -> str:
    hello = report["hello"]
    lines = [
        f"# Page benchmark — {report['when']}",
        "",
        f"Commit `{report['commit']}` · Streamlit {report['streamlit']} · Python {report['python']} · "
        f"{report['cpus']} CPUs · load average {report.get('loadavg')} · "
        f"flags: `{' '.join(report['flags']) or '(none: .streamlit/config.toml only)'}`",
        "",
        f"**Hello world**: {hello['cpu_ms_per_run']:.1f} ms server CPU per run "
        f"(before {hello['before']:.1f}, after {hello['after']:.1f}); "
        f"visit {hello['visit_cpu_ms']:.1f} ms." if hello.get("visit_cpu_ms") is not None else
        f"**Hello world**: {hello['cpu_ms_per_run']:.1f} ms server CPU per run "
        f"(before {hello['before']:.1f}, after {hello['after']:.1f}).",
        "",
        (f"Hello world was measured {len(hello['all_ms'])} times between the pages: "
         f"{min(hello['all_ms']):.1f}–{max(hello['all_ms']):.1f} ms a run; each page's ratio uses the "
         "measurements just before and after it." if len(hello.get("all_ms", [])) > 2 else
         "Ratios use hello world measured before and after all pages."),
        "",
        f"**Startup** (spawn → first page served): site {report['startup']['site']['first_page_s']:.2f} s "
        f"(health {report['startup']['site']['health_s']:.2f} s, first run {report['startup']['site']['first_run_s']:.2f} s); "
        f"hello world {report['startup']['hello']['first_page_s']:.2f} s.",
        "",
        f"**Memory**: site {report['site_rss_mb']:.0f} MB RSS at the end, hello world {report['hello_rss_mb']:.0f} MB.",
        "",
        f"Target: explainer pages and walkthrough steps ≤ {TARGET_RATIO:g}× hello world per run.",
        "",
        "| page | kind | CPU ms/run | hello world ms/run (around it) | × hello | event-loop ms | wall p50 ms | visit CPU ms | visit × | KB/run | runs | |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m in report["pages"]:
        flag = ""
        if m["errors"]:
            flag = "ERROR"
        elif m["kind"] in ("content", "walkthrough-step", "page-file", "step-change") and m["ratio"] \
                and m["ratio"] > TARGET_RATIO:
            flag = f"> {TARGET_RATIO:g}×"
        visit = f"{m['visit_cpu_ms']:.0f}" if m["visit_cpu_ms"] is not None else "–"
        vratio = f"{m['visit_ratio']:.1f}" if m["visit_ratio"] is not None else "–"
        lines.append(
            f"| [{m['name']}]({m['url']}) | {m['kind']} | {m['cpu_ms_per_run']:.1f} | {m['hello_ms'] or 0:.1f} | "
            f"{m['ratio']:.1f} | "
            f"{m['main_thread_ms_per_run']:.1f} | {m['wall_ms_p50']:.0f} | {visit} | {vratio} | "
            f"{m['bytes_per_run'] / 1024:.0f} | {m['runs']} | {flag} |")
    errors = [m for m in report["pages"] if m["errors"]]
    if errors:
        lines += ["", "## Errors", ""]
        for m in errors:
            lines += [f"- `{m['url']}`: {e}" for e in m["errors"]]
    kinds = {}
    for m in report["pages"]:
        kinds.setdefault(m["kind"], []).append(m["ratio"])
    lines += ["", "## Summary", ""]
    for kind, ratios in kinds.items():
        over = sum(1 for r in ratios if r > TARGET_RATIO)
        lines.append(f"- {kind}: {len(ratios)} measured, median {statistics.median(ratios):.1f}×, "
                     f"max {max(ratios):.1f}×, {over} over {TARGET_RATIO:g}×")
    if report.get("profiles"):
        lines += ["", "## Profiles", ""]
        for p in report["profiles"]:
            lines.append(f"- {p['name']}: `{p['text']}` (HTML `{p['html']}`)")
    lines += ["", "CPU = server process user+system time over the runs / runs (all threads, incl. post-run GC). "
              "Event loop = the server's main thread (websocket, message queue). Visit = a new session opening "
              "the page once and closing. Wall = the client's time from request to script_finished."]
    return "\n".join(lines) + "\n"


# ---- main --------------------------------------------------------------------------------------
def add_measure_options(p: argparse.ArgumentParser) -> None:
    """The options that say which pages to measure and how long (bench_pages and bench_ab)."""
    p.add_argument("--only", action="append", help="measure only pages whose name or url contains this")
    p.add_argument("--steps", default="all", help="walkthrough steps per scenario: all | none | N")
    p.add_argument("--min-runs", type=int, default=20)
    p.add_argument("--min-seconds", type=float, default=2.0)
    p.add_argument("--max-runs", type=int, default=500)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--run-timeout", type=float, default=60.0, help="seconds one run may take")
    p.add_argument("--timeout", type=float, default=3600.0, help="hard limit for the whole benchmark")
    p.add_argument("--out", type=Path, default=RESULTS_DIR)


def results_folders(out: Path) -> tuple[str, Path]:
    """(a time stamp for this run's file names, the folder for server logs), both created."""
    out.mkdir(parents=True, exist_ok=True)
    logs = out / "logs"
    logs.mkdir(exist_ok=True)
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S"), logs


def parse_args(argv: list[str] | None = None):
    argv, flags = split_flags(argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    add_measure_options(p)
    p.add_argument("--visits", type=int, default=5, help="new sessions per page for the visit cost (0: skip)")
    p.add_argument("--hello-every", type=int, default=1, metavar="N",
                   help="measure hello world again after every N pages (0: only before and after all pages)")
    p.add_argument("--quick", action="store_true", help="min 5 runs / 0.5 s, 1 visit: fast and noisy")
    p.add_argument("--profile", type=int, default=0, metavar="N",
                   help="afterwards, profile the N dearest pages with pyinstrument (bench/profile_server.py)")
    p.add_argument("--profile-runs", type=int, default=40)
    p.add_argument("--snapshot", nargs="?", const="HEAD", default=None, metavar="REV",
                   help="measure the site as committed (git archive of REV, default HEAD) instead of "
                        "the working tree, which others may be editing")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="NDL_DATA_DIR for the site (default: a new temporary folder)")
    args = p.parse_args(argv)
    args.flags = flags
    if args.hello_every < 0:
        p.error("--hello-every must be 0 or more")
    if args.quick:
        args.min_runs, args.min_seconds, args.visits, args.warmup = 5, 0.5, min(args.visits, 1), 1
    return args


async def run(args) -> dict:
    stamp, logs = results_folders(args.out)
    root = PROJECT_DIR
    if args.snapshot:
        root = export_snapshot(args.snapshot)
        print(f"[bench] measuring {args.snapshot} as committed, exported to {root}", flush=True)
    use_code_from(root)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ndl-bench-"))
    site_env = {"NDL_DATA_DIR": str(data_dir)}
    if os.environ.get("NDL_DATABASE_URL"):
        site_env["NDL_DATABASE_URL"] = os.environ["NDL_DATABASE_URL"]
    wrapper, hello_env = [], {}
    hello = Server("hello", HELLO_APP, flags=args.flags, env=hello_env, log_path=logs / f"hello-{stamp}.log",
                   wrapper=wrapper, cwd=root)
    site = Server("site", root / "app.py", flags=args.flags, env=site_env,
                  log_path=logs / f"site-{stamp}.log", wrapper=wrapper, cwd=root)
    report: dict = {
        "when": dt.datetime.now().isoformat(timespec="seconds"), "flags": args.flags,
        "commit": git_commit(args.snapshot) if args.snapshot else git_commit() + " + working tree",
        "streamlit": __import__("streamlit").__version__, "python": platform.python_version(),
        "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()], "settings": {k: v for k, v in vars(args).items() if k not in ("out", "data_dir")},
        "startup": {},
    }
    report["settings"]["only"] = args.only
    print(f"[bench] starting hello world and the site (flags: {' '.join(args.flags) or 'none'})", flush=True)
    report["startup"]["hello"] = await startup(hello)
    report["startup"]["site"] = await startup(site)
    print(f"[bench] startup: site {report['startup']['site']}, hello {report['startup']['hello']}", flush=True)
    workshop = make_workshop(site_env)
    targets = discover(args, workshop, root)
    print(f"[bench] {len(targets)} pages to measure", flush=True)

    hello_target = Target("hello world", "/", "hello")
    before = await measure(hello, hello_target, args)
    print(f"[bench] hello world: {before.cpu_ms_per_run:.1f} ms/run", flush=True)
    hellos = [before]  # every hello-world measurement, in order
    results: list[Measurement] = []
    pending: list[Measurement] = []  # pages since the last hello world
    last_hello = before
    for i, target in enumerate(targets, 1):
        try:
            m = await measure(site, target, args)
        except Exception as exc:  # noqa: BLE001 - one broken page must not hide the others
            m = Measurement(target.name, target.url, target.kind, errors=[f"{type(exc).__name__}: {exc}"])
            m.runs = 1
        results.append(m)
        pending.append(m)
        print(f"[bench] {i}/{len(targets)} {target.url}: {m.cpu_ms_per_run:.1f} ms/run"
              + (f" ERROR {m.errors[0][:120]}" if m.errors else ""), flush=True)
        if args.hello_every and (i % args.hello_every == 0 or i == len(targets)):
            # the visit baseline comes from the first and last measurements only: skip visits in between
            last = i == len(targets)
            now = await measure(hello, hello_target, args if last else argparse.Namespace(**{**vars(args), "visits": 0}))
            hellos.append(now)
            for page in pending:
                page.hello_ms = (last_hello.cpu_ms_per_run + now.cpu_ms_per_run) / 2
            pending, last_hello = [], now
    after = hellos[-1] if args.hello_every and len(hellos) > 1 else await measure(hello, hello_target, args)
    if not args.hello_every:
        hellos.append(after)
    base = (before.cpu_ms_per_run + after.cpu_ms_per_run) / 2
    visit_base = None
    if before.visit_cpu_ms is not None and after.visit_cpu_ms is not None:
        visit_base = (before.visit_cpu_ms + after.visit_cpu_ms) / 2
    for m in results:
        m.hello_ms = m.hello_ms or base
        m.ratio = m.cpu_ms_per_run / m.hello_ms if m.hello_ms else None
        if visit_base and m.visit_cpu_ms is not None:
            m.visit_ratio = m.visit_cpu_ms / visit_base
    report["hello"] = {"cpu_ms_per_run": base, "before": before.cpu_ms_per_run, "after": after.cpu_ms_per_run,
                       "visit_cpu_ms": visit_base, "main_thread_ms_per_run": before.main_thread_ms_per_run,
                       "wall_ms_p50": before.wall_ms_p50, "raw": [asdict(before), asdict(after)],
                       "all_ms": [round(h.cpu_ms_per_run, 2) for h in hellos]}
    report["pages"] = [asdict(m) for m in results]
    report["site_rss_mb"] = site.rss_mb()
    report["hello_rss_mb"] = hello.rss_mb()
    hello.stop()
    site.stop()

    if args.profile:
        from .profile_pages import profile_targets

        dearest = sorted((m for m in results if not m.errors), key=lambda m: -m.cpu_ms_per_run)[: args.profile]
        report["profiles"] = await profile_targets(
            [Target(m.name, m.url, m.kind) for m in dearest], args, site_env, args.out / f"profiles-{stamp}", root)

    json_path = args.out / f"pages-{stamp}.json"
    md_path = args.out / f"pages-{stamp}.md"
    json_path.write_text(json.dumps(report, indent=2))
    text = markdown(report)
    md_path.write_text(text)
    (args.out / "pages-latest.md").write_text(text)
    (args.out / "pages-latest.json").write_text(json.dumps(report, indent=2))
    print(f"[bench] wrote {md_path} and {json_path}", flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    install_hard_timeout(args.timeout)
    install_signal_handlers()
    try:
        report = asyncio.run(run(args))
    finally:
        stop_all()
    print()
    print(markdown(report))
    return 1 if any(p["errors"] for p in report["pages"]) else 0


if __name__ == "__main__":
    sys.exit(main())
