"""The full-room benchmark (bench/bench_room.py) against 1 and 2 site processes behind nginx, sharing a
throwaway PostgreSQL: the layout of deploy/README.md.

    .venv/bin/python -m bench.bench_scale                              # 50, 100, 150 phones; 1 and 2 processes
    .venv/bin/python -m bench.bench_scale --participants 150 --processes 1 2 3
    .venv/bin/python -m bench.bench_scale -- --runner.postScriptGC false   # Streamlit flags for the sites

For each process count: a PostgreSQL cluster in a temporary folder (started once, shared), the site
processes (bench/servers.py), and nginx with a configuration rendered from
deploy/nginx.conf.template, all on 127.0.0.1 free ports. The phones of bench_room all go through
nginx, which spreads them over the processes by its sticky cookie hash (as real browsers would be);
CPU and memory are summed over the site processes. Then a side-by-side table: confirm time, join
time, CPU, and how phones were spread (from nginx's access log).

The load generator runs on the same machine: on a machine with few cores, it competes with the site
processes, so read the CPU columns as well as the times. Everything started is stopped at the end,
also on failure or Ctrl-C, and after ``--timeout`` seconds whatever happens.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from deploy.render_nginx import render  # noqa: E402
from tests.scale.pgcluster import PostgresCluster, free_port  # noqa: E402

from . import bench_room  # noqa: E402
from .protocol import StreamlitClient  # noqa: E402
from .servers import (  # noqa: E402
    split_flags,
    PROJECT_DIR, RESULTS_DIR, Server, install_hard_timeout, install_signal_handlers, stop_all,
)


class Nginx:
    """nginx in the foreground with its own prefix folder; stopped by its own pid."""

    def __init__(self, folder: Path, servers: list[str], plain_dir: str | None = None,
                 icon_font_dir: str | None = None):
        self.folder = folder
        (folder / "temp").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.conf = folder / "nginx.conf"
        self.conf.write_text(render(servers, f"127.0.0.1:{self.port}", prefix=str(folder), foreground=True,
                                    user=None, plain_dir=plain_dir, icon_font_dir=icon_font_dir))
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> "Nginx":
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([exe, "-p", str(self.folder), "-c", str(self.conf), "-e",
                                      str(self.folder / "error.log")], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.folder / 'error.log').read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("nginx did not answer")

    def spread(self) -> dict[str, int]:
        """Websocket sessions per upstream process, from the access log."""
        counts: collections.Counter[str] = collections.Counter()
        log = self.folder / "access.log"
        for line in (log.read_text(errors="replace").splitlines() if log.exists() else []):
            if "/_stcore/stream" in line and '" 101 ' in line:
                m = re.search(r"upstream=(\S+)", line)
                counts[m.group(1) if m else "?"] += 1
        return dict(counts)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


async def prime(urls: list[str]) -> None:
    """Open / once on every process (the first run after a start imports everything)."""
    for url in urls:
        async with StreamlitClient(url, timeout=120) as c:
            await c.open("/")


def one_config(count: int, args, database_url: str, work: Path, stamp: str) -> dict:
    env = {"NDL_DATABASE_URL": database_url, "NDL_DATA_DIR": str(work / "data")}
    logs = args.out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    servers = [Server(f"scale{count}-{i}", PROJECT_DIR / "app.py", flags=args.flags, env=env,
                      log_path=logs / f"scale-{stamp}-p{count}-{i}.log").start() for i in range(count)]
    nginx = None
    try:
        for s in servers:
            s.wait_healthy(120)
        nginx = Nginx(work / f"nginx-{count}", [s.url.removeprefix("http://") for s in servers]).start()
        if args.prime:
            asyncio.run(prime([s.url for s in servers]))
        room_args = [
            "--url", nginx.url, *sum((["--pid", str(s.proc.pid)] for s in servers), []),
            "--database-url", database_url, "--no-prime", "--participants", *map(str, args.participants),
            "--presenter-seconds", str(args.presenter_seconds), "--out", str(args.out / f"scale-{stamp}-p{count}"),
            "--timeout", str(args.timeout), "--seed", str(args.seed),
        ]
        if args.flags:
            room_args += ["--", *args.flags]
        report = asyncio.run(bench_room.run(bench_room.parse_args(room_args)))
        config = report["configs"][0]
        config["processes"] = count
        config["site_urls"] = [s.url for s in servers]
        config["spread"] = nginx.spread()
        return config
    finally:
        if nginx is not None:
            nginx.stop()
        for s in servers:
            s.stop()


def comparison(report: dict) -> str:
    configs = report["configs"]
    lines = [f"# Full room: 1 vs more site processes behind nginx — {report['when']}", "",
             f"Commit `{report['commit']}` · {report['cpus']} CPUs · load average at start {report['loadavg']} · "
             f"PostgreSQL (throwaway, same machine) · Streamlit flags `{' '.join(report['flags']) or '(none)'}` · "
             "phones through nginx (sticky cookie hash), load generator on the same machine", "",
             "| phones | processes | answers sent / stored / lost | confirm p50 / p95 / max s | join p50 / p95 s "
             "| CPU % of a core: join / answer / wait (all processes) | next step p95 s | phones per process | errors |",
             "|---:|---:|---|---|---|---|---:|---|---:|"]
    sizes = sorted({r["participants"] for c in configs for r in c["rooms"]})
    for n in sizes:
        for c in configs:
            for r in c["rooms"]:
                if r["participants"] != n:
                    continue
                cs, js, ns = r["confirm_s"], r["join_s"], r["next_step_s"]
                spread = " / ".join(str(v) for _k, v in sorted(c.get("spread", {}).items()))
                lines.append(
                    f"| {n} | {c['processes']} | {r['answers_sent']} / {r['answers_stored']} / {r['answers_lost']} | "
                    f"{cs.get('p50', '–')} / {cs.get('p95', '–')} / {cs.get('max', '–')} | "
                    f"{js.get('p50', '–')} / {js.get('p95', '–')} | {r['cpu_join']['cpu_pct_of_core']} / "
                    f"{r['cpu_answer']['cpu_pct_of_core']} / {r['cpu_hold']['cpu_pct_of_core']} | "
                    f"{ns.get('p95', '–')} | {spread} (all rooms) | {r['error_count']} |")
    lines += ["", "Phones per process: websocket sessions per site process over the whole run (nginx access "
              "log), presenter screens included.", ""]
    if len(configs) >= 2:
        base = {r["participants"]: r for r in configs[0]["rooms"]}
        lines += ["Difference (p95 confirm time, more processes vs 1):", ""]
        for c in configs[1:]:
            for r in c["rooms"]:
                b = base.get(r["participants"])
                if b and b["confirm_s"].get("p95") and r["confirm_s"].get("p95"):
                    lines.append(f"- {r['participants']} phones, {c['processes']} processes: "
                                 f"{b['confirm_s']['p95']} s → {r['confirm_s']['p95']} s "
                                 f"({r['confirm_s']['p95'] / b['confirm_s']['p95']:.2f}×)")
    return "\n".join(lines) + "\n"


def parse_args(argv=None):
    argv, flags = split_flags(argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--participants", type=int, nargs="+", default=[50, 100, 150])
    p.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    p.add_argument("--presenter-seconds", type=float, default=0.0,
                   help="also measure a presenter screen alone (bench_room); 0 = skip")
    p.add_argument("--no-prime", dest="prime", action="store_false")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=3600.0, help="hard limit for the whole benchmark")
    p.add_argument("--out", type=Path, default=RESULTS_DIR)
    args = p.parse_args(argv)
    args.flags = flags
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    install_hard_timeout(args.timeout)
    install_signal_handlers()
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="ndl-scale-"))
    pg = PostgresCluster(work / "pg").start()
    report = {"when": dt.datetime.now().isoformat(timespec="seconds"), "commit": bench_room.git_commit(),
              "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()], "flags": args.flags,
              "configs": []}
    try:
        url = pg.create_database("ndl")
        for count in args.processes:
            print(f"[scale] {count} process(es)", flush=True)
            report["configs"].append(one_config(count, args, url, work, stamp))
    finally:
        stop_all()
        pg.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)
    text = comparison(report)
    for name in (f"scale-{stamp}", "scale-latest"):
        (args.out / f"{name}.json").write_text(json.dumps(report, indent=2))
        (args.out / f"{name}.md").write_text(text)
    print(text)
    bad = any(r["answers_lost"] or r["confirmed"] < r["participants"] for c in report["configs"] for r in c["rooms"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
