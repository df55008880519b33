"""Profile where a page's server time goes, run by run, with pyinstrument.

    .venv/bin/python -m bench.profile_pages /what-it-is /walkthrough            # pages by url
    .venv/bin/python -m bench.profile_pages --runs 60 / -- --runner.postScriptGC false

For each page: start the site under bench/profile_server.py on a free loopback port, open the
page over the websocket protocol, warm up, profile ``--runs`` re-runs, stop the site. Writes
``<name>.txt`` (call tree + time by package + flat list) and ``<name>.html`` under
bench/results/profiles-<time>/, and prints the summary. Also run by ``bench_pages --profile N``.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .protocol import StreamlitClient  # noqa: E402
from .servers import (  # noqa: E402
    split_flags,
    BENCH_DIR, PROJECT_DIR, RESULTS_DIR, Server, export_snapshot, install_hard_timeout, install_signal_handlers,
    settle_cpu, stop_all,
)

# Where self time is counted (first match of the frame's file path wins).
BUCKETS = [
    ("gc.collect after the run (runner.postScriptGC)", lambda f: f.function == "_on_script_finished"),
    ("altair / vega-lite chart building", lambda f: "/altair/" in f.file_path or "/narwhals/" in f.file_path
     or "/jsonschema" in f.file_path or "/referencing/" in f.file_path),
    ("pandas / pyarrow", lambda f: "/pandas/" in f.file_path or "/pyarrow/" in f.file_path),
    ("protobuf", lambda f: "/google/protobuf/" in f.file_path),
    ("markdown / yaml / jinja", lambda f: any(p in f.file_path for p in ("/markdown/", "/yaml/", "/jinja2/"))),
    ("sqlalchemy / database", lambda f: "/sqlalchemy/" in f.file_path or "sqlite" in f.file_path),
    ("our code (ndl_explain, app.py, pages/)", lambda f: "/ndl_explain/" in f.file_path or f.file_path.endswith("/app.py")
     or "/pages/" in f.file_path),
    ("streamlit: caching (st.cache_data / cache_resource)", lambda f: "/streamlit/runtime/caching/" in f.file_path),
    ("streamlit: session state / widgets", lambda f: "/streamlit/runtime/state/" in f.file_path
     or "/streamlit/elements/widgets/" in f.file_path or "/streamlit/elements/lib/" in f.file_path),
    ("streamlit: elements (markdown, layout...)", lambda f: "/streamlit/elements/" in f.file_path),
    ("streamlit: navigation / pages", lambda f: "navigation" in f.file_path or "pages_manager" in f.file_path),
    ("streamlit: other", lambda f: "/streamlit/" in f.file_path),
    ("python stdlib / other", lambda f: True),
]


def _walk(frame):
    yield frame
    for child in frame.children:
        yield from _walk(child)


def summarise(session, runs: int) -> dict:
    """Self time per bucket and the dearest functions, in ms per run."""
    root = session.root_frame()
    if root is None:
        return {"total_ms": 0.0, "buckets": [], "functions": []}
    buckets: dict[str, float] = defaultdict(float)
    functions: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)
    for frame in _walk(root):
        own = frame.total_self_time
        if frame.file_path is None:
            continue
        for name, test in BUCKETS:
            if test(frame):
                buckets[name] += own
                break
        where = f"{frame.function} ({_short(frame.file_path)}:{frame.line_no})"
        functions[where] += own
        # inclusive time of our own code and of Streamlit element calls, counted once per stack
        if ("/ndl_explain/" in frame.file_path or "/pages/" in frame.file_path) and not _has_ancestor_same(frame):
            inclusive[where] += frame.time
    per = 1000.0 / max(runs, 1)
    return {
        "total_ms": root.time * per,
        "buckets": sorted(((k, v * per) for k, v in buckets.items()), key=lambda kv: -kv[1]),
        "functions": sorted(((k, v * per) for k, v in functions.items()), key=lambda kv: -kv[1])[:25],
        "our_code_inclusive": sorted(((k, v * per) for k, v in inclusive.items()), key=lambda kv: -kv[1])[:25],
    }


def merged_tree(session, runs: int, *, min_share: float = 0.01, max_depth: int = 40) -> str:
    """The call tree of all profiled runs merged into one (pyinstrument keeps one tree per thread),
    in ms per run; branches under ``min_share`` of the total are left out."""
    root = session.root_frame()
    if root is None:
        return "(no samples)\n"

    def key(frame) -> tuple:
        return (frame.function, frame.file_path, frame.line_no)

    def merge(frames) -> list[tuple[tuple, float, list]]:
        groups: dict[tuple, list] = {}
        for frame in frames:
            if frame.file_path and frame.file_path.startswith("<thread>"):
                groups.setdefault(("__thread__",), []).append(frame)
            else:
                groups.setdefault(key(frame), []).append(frame)
        out = []
        for k, fs in groups.items():
            children = [c for f in fs for c in f.children]
            out.append((k, sum(f.time for f in fs), children))
        return sorted(out, key=lambda x: -x[1])

    total = root.time
    per = 1000.0 / max(runs, 1)
    lines: list[str] = []

    def emit(frames, depth: int) -> None:
        for k, t, children in merge(frames):
            if k == ("__thread__",):
                emit(children, depth)
                continue
            if t < total * min_share or depth > max_depth:
                continue
            function, path, line = k
            lines.append(f"{'  ' * depth}{t * per:8.2f}  {function}  {_short(path or '')}:{line}")
            emit(children, depth + 1)

    emit(root.children, 0)
    return "\n".join(lines) + "\n"


def _has_ancestor_same(frame) -> bool:
    parent = frame.parent
    while parent is not None:
        if parent.function == frame.function and parent.file_path == frame.file_path:
            return True
        parent = parent.parent
    return False


def _short(path: str) -> str:
    for marker in ("site-packages/", str(PROJECT_DIR) + "/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/", 2)[-1] if "/" in path else path


def summary_text(name: str, url: str, summary: dict, runs: int, cpu_ms: float) -> str:
    lines = [f"# {name} ({url}): {runs} profiled runs, {summary['total_ms']:.1f} ms per run on the script "
             f"thread (wall, profiler on); server CPU {cpu_ms:.1f} ms per run with the profiler on", "",
             "## Self time by package (ms per run)"]
    lines += [f"  {v:7.2f}  {k}" for k, v in summary["buckets"] if v >= 0.05]
    lines += ["", "## Our code, inclusive (ms per run)"]
    lines += [f"  {v:7.2f}  {k}" for k, v in summary["our_code_inclusive"][:15]]
    lines += ["", "## Dearest functions, self time (ms per run)"]
    lines += [f"  {v:7.2f}  {k}" for k, v in summary["functions"][:20]]
    return "\n".join(lines) + "\n"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "home"


async def profile_one(target, args, env: dict[str, str], out_dir: Path, root: Path = PROJECT_DIR) -> dict:
    from pyinstrument.renderers import HTMLRenderer
    from pyinstrument.session import Session

    name = slug(target.name)
    work = Path(tempfile.mkdtemp(prefix=f"prof-{name}-"))
    server = Server(f"profile {target.name}", root / "app.py", flags=args.flags,
                    env={**env, "BENCH_PROFILE_DIR": str(work)}, log_path=out_dir / f"{name}.log",
                    wrapper=[sys.executable, str(BENCH_DIR / "profile_server.py")], cwd=root)
    server.start()
    try:
        await asyncio.to_thread(server.wait_healthy, 120)
        async with StreamlitClient(server.url, timeout=args.run_timeout) as client:
            await client.open(target.url)
            for _ in range(5):
                await client.rerun()
            await asyncio.to_thread(settle_cpu, server)
            (work / "enabled").write_text("1")
            c0 = server.cpu_seconds()
            for _ in range(args.profile_runs):
                await client.rerun()
            (work / "enabled").unlink()
            await asyncio.to_thread(settle_cpu, server)
            cpu_ms = (server.cpu_seconds() - c0) / args.profile_runs * 1000
        (work / "dump").write_text("1")
        deadline = time.time() + 60
        while not (work / "dumped").exists() and time.time() < deadline:
            await asyncio.sleep(0.1)
    finally:
        server.stop()
    runs = int((work / "runs.txt").read_text()) if (work / "runs.txt").exists() else 0
    session = Session.load(str(work / "session.json"))
    summary = summarise(session, runs)
    text = summary_text(target.name, target.url, summary, runs, cpu_ms)
    tree = merged_tree(session, runs)
    (out_dir / f"{name}.txt").write_text(text + "\n## Call tree, ms per run (runs merged; branches < 1% left out)\n" + tree)
    (out_dir / f"{name}.html").write_text(HTMLRenderer().render(session))
    print(text, flush=True)
    return {"name": target.name, "url": target.url, "runs": runs, "cpu_ms_with_profiler": cpu_ms,
            "summary": summary, "text": str(out_dir / f"{name}.txt"), "html": str(out_dir / f"{name}.html")}


async def profile_targets(targets, args, env: dict[str, str], out_dir: Path, root: Path = PROJECT_DIR) -> list[dict]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for target in targets:
        try:
            results.append(await profile_one(target, args, env, out_dir, root))
        except Exception as exc:  # noqa: BLE001
            print(f"[profile] {target.url}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    from .bench_pages import Target

    argv, flags = split_flags(argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("urls", nargs="*", help="page urls, e.g. / /what-it-is '/walkthrough?scenario=x&step=2'; "
                   "'/workshop?code={code}' and '/facilitate?token={token}' get a new workshop")
    p.add_argument("--runs", dest="profile_runs", type=int, default=40)
    p.add_argument("--run-timeout", type=float, default=60.0)
    p.add_argument("--timeout", type=float, default=1800.0)
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--snapshot", nargs="?", const="HEAD", default=None, metavar="REV",
                   help="profile the site as committed at REV (default HEAD), not the working tree")
    args = p.parse_args(argv)
    if args.snapshot and args.snapshot.startswith("/"):  # "--snapshot /page": the page was meant as a url
        args.urls = [args.snapshot, *args.urls]
        args.snapshot = "HEAD"
    if not args.urls:
        p.error("give at least one page url")
    args.flags = flags
    install_hard_timeout(args.timeout)
    install_signal_handlers()
    out = args.out or RESULTS_DIR / f"profiles-{dt.datetime.now():%Y%m%d-%H%M%S}"
    env = {"NDL_DATA_DIR": tempfile.mkdtemp(prefix="ndl-prof-")}
    if os.environ.get("NDL_DATABASE_URL"):
        env["NDL_DATABASE_URL"] = os.environ["NDL_DATABASE_URL"]
    root = export_snapshot(args.snapshot) if args.snapshot else PROJECT_DIR
    urls = args.urls
    if any("{code}" in u or "{token}" in u for u in urls):
        # a live workshop in the profiled server's store, made through the service layer
        from .bench_pages import make_workshop
        from .servers import use_code_from

        use_code_from(root)
        made = make_workshop(env) or {}
        urls = [u.format(**made) for u in urls]
    targets = [Target(u.strip("/") or "home", u, "profile") for u in urls]
    try:
        results = asyncio.run(profile_targets(targets, args, env, out, root))
    finally:
        stop_all()
    print(f"[profile] wrote {out}")
    return 0 if len(results) == len(targets) else 1


if __name__ == "__main__":
    sys.exit(main())
