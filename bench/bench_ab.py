"""A/B: server CPU per run of the same pages under two versions of the code, measured in turn.

    .venv/bin/python -m bench.bench_ab --a HEAD~3 --only warm-home          # HEAD~3 against the working tree
    .venv/bin/python -m bench.bench_ab --a main --b HEAD --only walkthrough --steps 2

On these shared machines the speed drifts by 10-20% over minutes, more than most single changes
save, so two separate benchmark runs cannot tell them apart. Here both versions run at once (two
Streamlit servers on 127.0.0.1, same settings) and each page is measured on A, then on B, then on
A again, a few seconds apart (bench_pages' method, each alone); the report gives B ÷ the mean of
the two A measurements per page, and the median over the pages. Only full re-runs of each page
(what pressing R does); Next/Back clicks are left out.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .bench_pages import add_measure_options, discover, git_commit, measure, results_folders  # noqa: E402
from .servers import (  # noqa: E402
    PROJECT_DIR, Server, export_snapshot, install_hard_timeout, install_signal_handlers,
    split_flags, stop_all, use_code_from,
)


def tree_changed() -> bool:
    """Whether the working tree differs from HEAD (then B is "HEAD + working tree")."""
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_DIR,
                         capture_output=True, text=True, timeout=30).stdout
    return bool(out.strip())


def parse_args(argv: list[str] | None = None):
    argv, flags = split_flags(argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--a", required=True, metavar="REV", help="the version to compare against (a git revision)")
    p.add_argument("--b", default=None, metavar="REV", help="the new version (default: the working tree)")
    add_measure_options(p)
    args = p.parse_args(argv)
    args.flags, args.visits = flags, 0
    return args


async def run(args) -> dict:
    stamp, logs = results_folders(args.out)
    root_a = export_snapshot(args.a)
    root_b = export_snapshot(args.b) if args.b else PROJECT_DIR
    use_code_from(root_b)
    env = {"NDL_DATA_DIR": tempfile.mkdtemp(prefix="ndl-bench-ab-")}
    a = Server("a", root_a / "app.py", flags=args.flags, env=env, log_path=logs / f"ab-a-{stamp}.log", cwd=root_a)
    b = Server("b", root_b / "app.py", flags=args.flags, env=env, log_path=logs / f"ab-b-{stamp}.log", cwd=root_b)
    for server in (a, b):
        server.start()
        await asyncio.to_thread(server.wait_healthy, 120)
    targets = [t for t in discover(args, None, root_b) if t.kind != "step-change"]
    print(f"[ab] {len(targets)} pages, A = {args.a}, B = {args.b or 'working tree'}", flush=True)
    rows = []
    for i, target in enumerate(targets, 1):
        try:
            a1 = await measure(a, target, args)
            m = await measure(b, target, args)
            a2 = await measure(a, target, args)
        except Exception as exc:  # noqa: BLE001 - one broken page must not lose the others
            rows.append({"name": target.name, "url": target.url, "kind": target.kind, "b_ms": None,
                         "a_ms": None, "b_over_a": None, "runs": 0, "errors": [f"{type(exc).__name__}: {exc}"]})
            print(f"[ab] {i}/{len(targets)} {target.url}: ERROR {exc}", flush=True)
            continue
        a_ms = (a1.cpu_ms_per_run + a2.cpu_ms_per_run) / 2
        ratio = m.cpu_ms_per_run / a_ms if a_ms else None
        rows.append({"name": target.name, "url": target.url, "kind": target.kind, "b_ms": m.cpu_ms_per_run,
                     "a_ms": a_ms, "a_each_ms": [a1.cpu_ms_per_run, a2.cpu_ms_per_run], "b_over_a": ratio,
                     "runs": m.runs, "errors": a1.errors + m.errors + a2.errors})
        print(f"[ab] {i}/{len(targets)} {target.url}: A {a1.cpu_ms_per_run:.1f}/{a2.cpu_ms_per_run:.1f} ms, "
              f"B {m.cpu_ms_per_run:.1f} ms"
              + (f", B/A {ratio:.2f}" if ratio else "") + (f" ERROR {m.errors[0][:100]}" if m.errors else ""),
              flush=True)
    a.stop()
    b.stop()
    ratios = [r["b_over_a"] for r in rows if r["b_over_a"] and not r["errors"]]
    report = {"when": dt.datetime.now().isoformat(timespec="seconds"), "a": git_commit(args.a),
              "b": git_commit(args.b) if args.b else git_commit() + (" + working tree" if tree_changed() else ""),
              "rows": rows,
              "median_b_over_a": statistics.median(ratios) if ratios else None}
    lines = [f"# A/B — {report['when']}", "",
             f"A = `{report['a']}`, B = `{report['b']}`. Server CPU per run; each page measured on A, "
             "B, then A again (A = the mean of its two).", "",
             "| page | A ms/run | B ms/run | B ÷ A | |", "|---|---:|---:|---:|---|"]
    for r in rows:
        a_ms = f"{r['a_ms']:.1f}" if r["a_ms"] else "–"
        b_ms = f"{r['b_ms']:.1f}" if r["b_ms"] else "–"
        ratio = f"{r['b_over_a']:.2f}" if r["b_over_a"] else "–"
        flag = "ERROR: " + "; ".join(r["errors"])[:200] if r["errors"] else ""
        lines.append(f"| [{r['name']}]({r['url']}) | {a_ms} | {b_ms} | {ratio} | {flag} |")
    if ratios:
        lines += ["", f"**Median B ÷ A: {report['median_b_over_a']:.2f}** over {len(ratios)} pages "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f})."]
    text = "\n".join(lines) + "\n"
    (args.out / f"ab-{stamp}.md").write_text(text)
    (args.out / f"ab-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(text, flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    install_signal_handlers()
    install_hard_timeout(args.timeout)
    try:
        report = asyncio.run(run(args))
    finally:
        stop_all()
    failed = any(r["errors"] for r in report["rows"])
    return 0 if report["median_b_over_a"] is not None and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
