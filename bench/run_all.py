"""Every benchmark, one after another, and one summary: pages, full room, slow network, leaflets, store.

    .venv/bin/python bench/run_all.py                     # the working tree
    .venv/bin/python bench/run_all.py --snapshot          # HEAD as committed (recommended)
    .venv/bin/python bench/run_all.py --quick             # smoke run: fewer runs, one small room
    .venv/bin/python bench/run_all.py -- --runner.postScriptGC false   # Streamlit flags for every server

Runs (each in its own process, each with its own hard time limit): bench_pages, bench_room,
bench_network (the working tree), bench_leaflets.py and bench_workshop_store.py (when present). Writes bench/results/summary-latest.md
and prints it. Exit status 1 when a benchmark failed or a target was missed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
RESULTS = BENCH / "results"


def run(name: str, command: list[str], timeout: float) -> dict:
    print(f"\n[run_all] {name}: {' '.join(command)}", flush=True)
    try:
        done = subprocess.run(command, cwd=PROJECT, timeout=timeout)
        return {"name": name, "exit": done.returncode}
    except subprocess.TimeoutExpired:
        return {"name": name, "exit": "timeout"}


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    flags: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, flags = argv[:i], argv[i:]
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--snapshot", nargs="?", const="HEAD", default=None)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--processes", type=int, nargs="+", default=[1])
    args = p.parse_args(argv)
    py = sys.executable
    snap = ["--snapshot", args.snapshot] if args.snapshot else []
    RESULTS.mkdir(parents=True, exist_ok=True)
    steps = [
        ("pages", [py, "-m", "bench.bench_pages", *snap, *(["--quick"] if args.quick else []), *flags], 3700),
        ("room", [py, "-m", "bench.bench_room", *snap, "--processes", *map(str, args.processes),
                  *(["--participants", "20", "--presenter-seconds", "10"] if args.quick else []), *flags], 3700),
    ]
    steps.append(("network", [py, "-m", "bench.bench_network", *(["--runs", "1"] if args.quick else [])], 1500))
    if (BENCH / "bench_leaflets.py").exists():
        steps.append(("leaflets", [py, str(BENCH / "bench_leaflets.py"), "--json",
                                   str(RESULTS / "leaflets-latest.json")], 1800))
    if (BENCH / "bench_workshop_store.py").exists():
        steps.append(("store", [py, str(BENCH / "bench_workshop_store.py"), "--json",
                                str(RESULTS / "store-latest.json")], 900))
    outcomes = [run(name, command, timeout) for name, command, timeout in steps]
    lines = [f"# Benchmarks — {dt.datetime.now():%Y-%m-%d %H:%M}", ""]
    lines += [f"- {o['name']}: exit {o['exit']}" for o in outcomes]
    for name in ("pages-latest.md", "room-latest.md", "network-latest.md"):
        if (RESULTS / name).exists():
            lines += ["", "---", "", (RESULTS / name).read_text()]
    for name in ("leaflets-latest.json", "store-latest.json"):
        if (RESULTS / name).exists():
            lines += ["", "---", "", f"## {name}", "", "```json",
                      json.dumps(json.loads((RESULTS / name).read_text()), indent=1)[:6000], "```"]
    text = "\n".join(lines) + "\n"
    (RESULTS / "summary-latest.md").write_text(text)
    print(text)
    return 0 if all(o["exit"] == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
