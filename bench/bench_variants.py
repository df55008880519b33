"""Measure ideas before they go into the site: the bar chart drawn four ways, per-run server CPU.

    .venv/bin/python -m bench.bench_variants
    .venv/bin/python -m bench.bench_variants -- --runner.postScriptGC false
    .venv/bin/python -m bench.bench_variants --app frame     # the frame's parts (bench/apps/frame_variants.py)

Starts bench/apps/figure_variants.py and bench/hello.py (same settings, loopback) and measures
each variant with bench_pages' method (CPU per re-run over one websocket session, after warm-up).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .bench_pages import Target, measure, parse_args  # noqa: E402
from .servers import (  # noqa: E402
    BENCH_DIR, HELLO_APP, RESULTS_DIR, Server, install_hard_timeout, install_signal_handlers, stop_all,
)

FRAME_VARIANTS = {
    "none": "a one-line page (hello world) in the site's process",
    "choices": "+ the detail / nation / language widgets",
    "nav": "+ st.navigation over the site's menu, built every run",
    "nav-cached": "+ st.navigation over the menu built once per language",
    "frame": "choices + menu + language links (app.py around a one-line page)",
    "frame-cached-nav": "the same, menu built once per language",
}
VARIANTS = {
    "none": "no chart (title and words only)",
    "altair": "st.altair_chart(bar_chart(figure)) — what the site does now",
    "altair-cached-chart": "Altair chart built once (st.cache_resource), st.altair_chart every run",
    "vega-spec-cached": "Vega-Lite spec built once (st.cache_data of chart.to_dict()), st.vega_lite_chart",
}


async def run(args) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    wrapper, env = [], {}
    if args.gc_freeze:
        wrapper = [sys.executable, str(BENCH_DIR / "gc_freeze_server.py")]
        env["BENCH_GC_FREEZE_RUNS"] = str(args.gc_freeze)
    hello = Server("hello", HELLO_APP, flags=args.flags, env=env, wrapper=wrapper).start()
    variants = FRAME_VARIANTS if args.app == "frame" else VARIANTS
    app = Server("variants", BENCH_DIR / "apps" / f"{args.app}_variants.py", flags=args.flags, env=env,
                 wrapper=wrapper).start()
    try:
        await asyncio.to_thread(hello.wait_healthy, 120)
        await asyncio.to_thread(app.wait_healthy, 120)
        base = await measure(hello, Target("hello", "/", "hello"), args)
        rows = []
        for v, what in variants.items():
            m = await measure(app, Target(v, f"/?v={v}", "variant"), args)
            rows.append((v, what, m))
            print(f"[variants] {v}: {m.cpu_ms_per_run:.1f} ms/run {m.errors[:1]}", flush=True)
    finally:
        hello.stop()
        app.stop()
    lines = [f"# {args.app.title()} variants — {stamp}", "",
             f"flags `{' '.join(args.flags) or '(none)'}`" + (f" · gc.freeze after {args.gc_freeze} runs"
                                                              if args.gc_freeze else "")
             + f" · hello world {base.cpu_ms_per_run:.1f} ms/run", "",
             "| variant | CPU ms/run | × hello | wall p50 ms | KB/run | |", "|---|---:|---:|---:|---:|---|"]
    for v, what, m in rows:
        lines.append(f"| {what} | {m.cpu_ms_per_run:.1f} | {m.cpu_ms_per_run / base.cpu_ms_per_run:.1f} | "
                     f"{m.wall_ms_p50:.0f} | {m.bytes_per_run / 1024:.0f} | {'ERROR ' + m.errors[0] if m.errors else ''} |")
    text = "\n".join(lines) + "\n"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"variants-{args.app}-{stamp}.md").write_text(text)
    (RESULTS_DIR / f"variants-{args.app}-{stamp}.json").write_text(json.dumps(
        {"flags": args.flags, "hello": base.cpu_ms_per_run,
         "variants": {v: m.cpu_ms_per_run for v, _w, m in rows}}, indent=2))
    return text


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app = "figure"
    if "--app" in argv:
        i = argv.index("--app")
        app = argv[i + 1]
        del argv[i:i + 2]
    args = parse_args(argv)
    args.app = app
    args.visits = 0
    install_hard_timeout(args.timeout)
    install_signal_handlers()
    try:
        text = asyncio.run(run(args))
    finally:
        stop_all()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
