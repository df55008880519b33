"""A full room: N simulated phones join a workshop and answer over Streamlit's websocket protocol.

    .venv/bin/python -m bench.bench_room                          # 50, 100, 150 phones, one site process
    .venv/bin/python -m bench.bench_room --participants 150 --processes 1 2
    .venv/bin/python -m bench.bench_room --url http://127.0.0.1:8501 --url http://127.0.0.1:8502 \\
        --pid 1234 --pid 1235 --database-url postgresql+psycopg://...   # servers someone else started
    .venv/bin/python -m bench.bench_room -- --runner.postScriptGC false   # Streamlit flags for our servers

For each room size: a workshop is created through the service layer (WorkshopService, on the same
store as the servers: NDL_DATA_DIR / NDL_DATABASE_URL), a presenter screen is opened on
``/facilitate?token=...`` (it refreshes itself every 3 s), then each phone opens
``/workshop?code=...`` at a random moment of the join window, keeps its 5-second "has anything
changed?" poll going (the page's ``st.fragment(run_every=5)``), and within the answer window picks
an answer for every question and presses Send. Reported: time from Send to the "saved"
confirmation (p50/p95/p99/max), answers stored (read back through the service; must equal answers
sent), people the workshop counts against phones that joined and answered (must be equal: one person,
one voice, whatever the polls and reruns), server CPU (% of one core, ms per join / per answer), CPU while everyone waits (the polls),
memory per connected session, and how long phones take to show the next step after the facilitator
moves on. Finally one presenter screen alone for ``--presenter-seconds``: its server CPU as % of
one core.

Phones are spread round-robin over the target URLs (as sticky sessions behind a load balancer
would). The load generator talks only to 127.0.0.1, has a hard time limit (``--timeout``) and stops
every server it started, also on failure or Ctrl-C.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .bench_pages import git_commit, pct  # noqa: E402
from .protocol import StreamlitClient, check_loopback  # noqa: E402
from .servers import (  # noqa: E402
    split_flags,
    PROJECT_DIR, RESULTS_DIR, Server, export_snapshot, install_hard_timeout, install_signal_handlers,
    settle_cpu, stop_all, use_code_from,
)

TARGET_P95_S = 1.0
TARGET_PRESENTER_PCT = 5.0


# ---- the servers under test --------------------------------------------------------------------
@dataclass
class Target:
    url: str
    server: Server | None = None  # when we started it
    ps: psutil.Process | None = None  # when we can measure it

    def cpu(self) -> float | None:
        if self.ps is None:
            return None
        t = self.ps.cpu_times()
        return t.user + t.system

    def rss_mb(self) -> float | None:
        return self.ps.memory_info().rss / 2**20 if self.ps is not None else None


def total(values) -> float | None:
    values = list(values)
    return None if any(v is None for v in values) else sum(values)


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores, all processes)."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def own_cpu_s() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


def snapshot(targets: list[Target]) -> dict:
    return {"t": time.perf_counter(), "cpu": total(t.cpu() for t in targets),
            "rss": total(t.rss_mb() for t in targets), "machine": machine_busy_s(), "client": own_cpu_s()}


def cpu_between(a: dict, b: dict) -> dict:
    """Server CPU between two snapshots, and what else the (shared) machine was doing meanwhile."""
    wall = b["t"] - a["t"]
    machine = b["machine"] - a["machine"]
    client = b["client"] - a["client"]
    out = {"seconds": round(wall, 2), "cpu_s": None, "cpu_pct_of_core": None,
           "machine_busy_pct": round(100 * machine / wall / (os.cpu_count() or 1), 1),
           "load_generator_pct_of_core": round(100 * client / wall, 1)}
    if a["cpu"] is not None and b["cpu"] is not None:
        cpu = b["cpu"] - a["cpu"]
        out["cpu_s"] = round(cpu, 3)
        out["cpu_pct_of_core"] = round(100 * cpu / wall, 1)
        out["others_pct_of_core"] = round(100 * (machine - cpu - client) / wall, 1)
    return out


def settle_all(targets: list[Target]) -> None:
    for t in targets:
        if t.server is not None:
            settle_cpu(t.server)


# ---- the service layer (same store as the servers) ---------------------------------------------
class Workshops:
    def __init__(self, env: dict[str, str]):
        os.environ.update(env)
        from ndl_explain import CONTENT_DIR
        from ndl_explain.scenarios import scenario_problems
        from ndl_explain.workshop import WorkshopService, WorkshopStore
        from ndl_explain.workshop.store import default_database_url

        self.url = default_database_url()
        self.service = WorkshopService(WorkshopStore(self.url))
        scenarios, _ = scenario_problems(CONTENT_DIR, "en")
        self.scenarios = list(scenarios)

    def create(self, title: str):
        return self.service.create_workshop(title, ["check", "comfort"], self.scenarios[:1],
                                            known_scenarios=set(self.scenarios))

    def people(self, code: str) -> int:
        """People the workshop counts (distinct anonymous participants with an answer)."""
        return self.service.store.participant_count(self.service.join(code).id)

    def stored_answers(self, token: str, position: int = 0) -> int:
        """Phone answers stored for one step, read back through the service."""
        step = [r for r in self.service.results(token) if r.position == position][0]
        return sum(q.respondents_phone for q in step.questions)


# ---- one phone ---------------------------------------------------------------------------------
@dataclass
class Phone:
    index: int
    url: str
    client: StreamlitClient | None = None
    join_s: float | None = None
    questions: int = 0
    sent_answers: int = 0
    submit_s: float | None = None  # send -> script_finished
    confirm_s: float | None = None  # send -> the "saved" message
    next_step_s: float | None = None
    errors: list[str] = field(default_factory=list)


async def join(phone: Phone, path: str, delay: float, args) -> None:
    await asyncio.sleep(delay)
    try:
        phone.client = StreamlitClient(phone.url, timeout=args.run_timeout, auto_rerun=True)
        await phone.client.connect()
        r = await phone.client.open(path)
        phone.join_s = r.seconds
        if not r.ok:
            phone.errors.append(f"join: status={r.status} {'; '.join(r.exceptions)[:200]}")
    except Exception as exc:  # noqa: BLE001
        phone.errors.append(f"join: {type(exc).__name__}: {exc}")


async def answer(phone: Phone, code: str, delay: float, rng: random.Random) -> None:
    await asyncio.sleep(delay)
    c = phone.client
    if c is None or phone.join_s is None:
        return
    try:
        radios = c.find("radio", key_prefix=f"ws-{code}-0-")
        send = c.find(key=f"ws-send-{code}-0")
        if not radios or not send:
            phone.errors.append(f"answer: no form on the page (widgets: {[w.key for w in c.widgets.values()]})")
            return
        choices = {w: rng.randrange(len(w.options)) for w in radios}
        phone.questions = len(radios)
        try:
            r = await c.submit(send[0], choices)
        finally:
            if any(name.startswith("submit ") for name in c.sent):
                phone.sent_answers = len(radios)
        phone.submit_s = r.seconds
        phone.confirm_s = r.alert_time("success")
        if phone.confirm_s is None:
            phone.errors.append(f"answer: no confirmation (status={r.status}, alerts={r.alerts}, "
                                f"{'; '.join(r.exceptions)[:200]})")
    except Exception as exc:  # noqa: BLE001
        phone.errors.append(f"answer: {type(exc).__name__}: {exc}")


async def close_all(phones: list[Phone]) -> None:
    await asyncio.gather(*(p.client.close() for p in phones if p.client is not None), return_exceptions=True)


def dist(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": round(pct(values, 50), 3), "p95": round(pct(values, 95), 3),
            "p99": round(pct(values, 99), 3), "max": round(max(values), 3), "mean": round(statistics.mean(values), 3)}


# ---- one room ----------------------------------------------------------------------------------
async def room(n: int, targets: list[Target], workshops: Workshops, args, rng: random.Random) -> dict:
    created = workshops.create(f"Benchmark room of {n}")
    code, token = created.code, created.token
    print(f"[room {n}] workshop {code} on {len(targets)} server(s)", flush=True)
    presenter = None
    if args.presenter:
        presenter = StreamlitClient(targets[0].url, timeout=args.run_timeout, auto_rerun=True)
        await presenter.connect()
        await presenter.open(f"/facilitate?token={token}")
    phones = [Phone(i, targets[i % len(targets)].url) for i in range(n)]
    client_cpu0 = psutil.Process().cpu_times()
    await asyncio.to_thread(settle_all, targets)
    s0 = snapshot(targets)
    try:
        # join
        await asyncio.gather(*(join(p, f"/workshop?code={code}", rng.uniform(0, args.join_window), args)
                               for p in phones))
        s1 = snapshot(targets)
        joined = [p for p in phones if p.join_s is not None and not p.errors]
        print(f"[room {n}] joined {len(joined)}/{n}; join p95 {dist([p.join_s for p in joined]).get('p95')} s",
              flush=True)
        await asyncio.sleep(args.settle)
        s2 = snapshot(targets)
        # answer
        await asyncio.gather(*(answer(p, code, rng.uniform(0, args.answer_window), rng) for p in phones))
        s3 = snapshot(targets)
        confirmed = [p.confirm_s for p in phones if p.confirm_s is not None]
        print(f"[room {n}] answers confirmed {len(confirmed)}/{n}: {dist(confirmed)}", flush=True)
        # everyone waits: only the polls (and the presenter's refresh) run
        await asyncio.sleep(args.settle)
        s4 = snapshot(targets)
        await asyncio.sleep(args.hold)
        s5 = snapshot(targets)
        # the facilitator moves on; phones notice through their poll
        moved_at = time.perf_counter()
        workshops.service.next_step(token)
        deadline = moved_at + args.next_step_timeout
        waiting = [p for p in phones if p.client is not None and p.join_s is not None]
        while waiting and time.perf_counter() < deadline:
            now = time.perf_counter()
            for p in list(waiting):
                if p.client.find(key_prefix=f"ws-{code}-1-"):
                    p.next_step_s = now - moved_at
                    waiting.remove(p)
            await asyncio.sleep(0.05)
        s6 = snapshot(targets)
    finally:
        await close_all(phones)
        if presenter is not None:
            await presenter.close()
    client_cpu1 = psutil.Process().cpu_times()
    await asyncio.sleep(1.0)
    sent = sum(p.sent_answers for p in phones)
    stored = workshops.stored_answers(token, 0)
    people = workshops.people(code)
    polls = [r for p in phones if p.client for r in p.client.auto_results]
    errors = [f"phone {p.index}: {e}" for p in phones for e in p.errors]
    timer_errors = [f"phone {p.index}: {e}" for p in phones if p.client for e in p.client.timer_errors]
    result = {
        "participants": n, "servers": [t.url for t in targets], "code": code,
        "joined": sum(1 for p in phones if p.join_s is not None and not any(e.startswith("join") for e in p.errors)),
        "answers_sent": sent, "answers_stored": stored, "answers_lost": sent - stored,
        # One person, one voice: every phone that joined and sent is counted once, polls and all.
        "phones_answered": sum(1 for p in phones if p.sent_answers), "people_counted": people,
        "confirmed": len(confirmed), "questions_per_phone": max((p.questions for p in phones), default=0),
        "join_s": dist([p.join_s for p in phones if p.join_s is not None]),
        "confirm_s": dist(confirmed),
        "submit_run_s": dist([p.submit_s for p in phones if p.submit_s is not None]),
        "next_step_s": dist([p.next_step_s for p in phones if p.next_step_s is not None]),
        "next_step_missed": sum(1 for p in phones if p.join_s is not None and p.next_step_s is None),
        "poll_run_s": dist([r.seconds for r in polls]),
        "polls": len(polls),
        "cpu_join": cpu_between(s0, s1), "cpu_answer": cpu_between(s2, s3), "cpu_hold": cpu_between(s4, s5),
        "cpu_next_step": cpu_between(s5, s6),
        "rss_mb_before": s0["rss"], "rss_mb_joined": s2["rss"],
        "client_cpu_s": round((client_cpu1.user + client_cpu1.system) - (client_cpu0.user + client_cpu0.system), 2),
        "errors": errors[:20], "error_count": len(errors), "timer_errors": timer_errors[:10],
    }
    if s0["rss"] is not None and s2["rss"] is not None:
        result["mb_per_session"] = round((s2["rss"] - s0["rss"]) / max(n, 1), 3)
    if result["cpu_join"]["cpu_s"] is not None:
        result["cpu_ms_per_join"] = round(1000 * result["cpu_join"]["cpu_s"] / max(n, 1), 1)
        result["cpu_ms_per_answer_submit"] = round(1000 * result["cpu_answer"]["cpu_s"] / max(len(confirmed), 1), 1)
        hold = result["cpu_hold"]
        result["cpu_pct_per_waiting_phone"] = round(hold["cpu_pct_of_core"] / max(n, 1), 3)
    return result


async def presenter_alone(targets: list[Target], workshops: Workshops, args, answers: int) -> dict:
    """One presenter screen, nothing else connected: what its auto-refresh costs the server."""
    created = workshops.create("Benchmark presenter")
    from ndl_explain.workshop import new_participant_token

    step0 = workshops.service.participant_view(created.code, new_participant_token()).step
    rng = random.Random(7)
    for _ in range(answers):  # a realistic result to draw: the room's answers, stored directly
        workshops.service.answer_many(created.code, new_participant_token(),
                                      {q.id: rng.choice(q.option_values()) for q in step0.questions})
    target = targets[0]
    await asyncio.to_thread(settle_all, [target])
    idle0 = snapshot([target])
    await asyncio.sleep(min(10.0, args.presenter_seconds))
    idle1 = snapshot([target])
    async with StreamlitClient(target.url, timeout=args.run_timeout, auto_rerun=True) as p:
        r = await p.open(f"/facilitate?token={created.token}")
        await asyncio.sleep(4)  # its first refreshes, then measure
        await asyncio.to_thread(settle_all, [target])
        n0 = len(p.auto_results)
        a = snapshot([target])
        await asyncio.sleep(args.presenter_seconds)
        b = snapshot([target])
        refreshes = p.auto_results[n0:]
        ok = r.ok and all(x.ok for x in refreshes)
    out = {"seconds": args.presenter_seconds, "answers_shown": answers, "open_ok": ok,
           "refreshes": len(refreshes), "refresh_run_s": dist([x.seconds for x in refreshes]),
           "with_presenter": cpu_between(a, b), "server_idle": cpu_between(idle0, idle1)}
    if out["with_presenter"]["cpu_s"] is not None and refreshes:
        out["cpu_ms_per_refresh"] = round(1000 * out["with_presenter"]["cpu_s"] / len(refreshes), 1)
    return out


# ---- report ------------------------------------------------------------------------------------
def markdown(report: dict) -> str:
    lines = [f"# Full-room benchmark — {report['when']}", "",
             f"Commit `{report['commit']}` · {report['cpus']} CPUs · load average at start {report['loadavg']} · "
             f"store `{report['store']}` · flags `{' '.join(report['flags']) or '(none)'}` · "
             f"join window {report['settings']['join_window']} s, answer window {report['settings']['answer_window']} s",
             "", f"Targets: p95 answer → confirmation ≤ {TARGET_P95_S:g} s with zero answers lost; presenter "
             f"auto-refresh < {TARGET_PRESENTER_PCT:g}% of one core.", ""]
    for config in report["configs"]:
        lines += [f"## {config['processes']} process(es): {', '.join(config['urls'])}", "",
                  "| phones | joined | people counted / phones that answered | answers sent / stored / lost "
                  "| confirm p50 / p95 / p99 / max s | join p95 s "
                  "| CPU % join / answer / wait | other processes, % of a core, answer window | ms per join / answer "
                  "| MB per session | next step p95 / max s | errors |",
                  "|---:|---:|---|---|---|---:|---|---:|---|---:|---|---:|"]
        for r in config["rooms"]:
            c = r["confirm_s"]
            cj, ca, ch = (r["cpu_join"]["cpu_pct_of_core"], r["cpu_answer"]["cpu_pct_of_core"],
                          r["cpu_hold"]["cpu_pct_of_core"])
            ns = r["next_step_s"]
            flag = "" if (c.get("p95", 99) <= TARGET_P95_S and r["answers_lost"] == 0
                          and r["confirmed"] == r["participants"]) else " ✗"
            people = f"{r['people_counted']} / {r['phones_answered']}" + (
                "" if r["people_counted"] == r["phones_answered"] == r["joined"] else " ✗")
            lines.append(
                f"| {r['participants']} | {r['joined']} | {people} | {r['answers_sent']} / {r['answers_stored']} / "
                f"{r['answers_lost']} | {c.get('p50', '–')} / {c.get('p95', '–')} / {c.get('p99', '–')} / "
                f"{c.get('max', '–')}{flag} | {r['join_s'].get('p95', '–')} | {cj} / {ca} / {ch} | "
                f"{r['cpu_answer'].get('others_pct_of_core', '–')} | "
                f"{r.get('cpu_ms_per_join', '–')} / {r.get('cpu_ms_per_answer_submit', '–')} | "
                f"{r.get('mb_per_session', '–')} | {ns.get('p95', '–')} / {ns.get('max', '–')} "
                f"({r['next_step_missed']} missed) | {r['error_count']} |")
        for r in config["rooms"]:
            if r["errors"]:
                lines += ["", f"Errors with {r['participants']} phones (first {len(r['errors'])}):", ""]
                lines += [f"- {e}" for e in r["errors"]]
        if config.get("presenter"):
            p = config["presenter"]
            w = p["with_presenter"]
            lines += ["", f"**Presenter alone** ({p['answers_shown']} answers shown, {p['seconds']:.0f} s): "
                      f"{w['cpu_pct_of_core']}% of one core (server idle without it: "
                      f"{p['server_idle']['cpu_pct_of_core']}%); {p['refreshes']} refreshes, "
                      f"{p.get('cpu_ms_per_refresh', '–')} ms CPU each, run p50 {p['refresh_run_s'].get('p50')} s"
                      + (" ✗" if (w["cpu_pct_of_core"] or 0) >= TARGET_PRESENTER_PCT else "")]
        lines.append("")
    lines += ["CPU % is of one core, summed over the site processes (psutil user+system). *join*: phones "
              "opening the page; *answer*: the answer window; *wait*: everyone connected and idle (their 5 s polls "
              "and the presenter's 3 s refresh). Confirm = Send pressed → the \"saved\" message arrives. "
              "Next step = the facilitator moves on → the phone shows the next question (through its poll). "
              "*Other processes*: CPU the rest of the machine used meanwhile (these machines are shared; "
              f"{report['cpus']} cores = {100 * (report['cpus'] or 1)}%), besides the servers and the load generator. "
              "The load generator runs on the same machine and used "
              + ", ".join(f"{r['client_cpu_s']} s" for c in report["configs"] for r in c["rooms"])
              + " of CPU itself."]
    return "\n".join(lines) + "\n"


# ---- main --------------------------------------------------------------------------------------
def parse_args(argv=None):
    argv, flags = split_flags(argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--participants", type=int, nargs="+", default=[50, 100, 150])
    p.add_argument("--processes", type=int, nargs="+", default=[1],
                   help="start this many site processes (one config per value), phones round-robin")
    p.add_argument("--url", action="append", default=[], help="use running servers instead (loopback only)")
    p.add_argument("--pid", action="append", type=int, default=[], help="their process ids, to measure CPU/memory")
    p.add_argument("--data-dir", type=Path, default=None, help="NDL_DATA_DIR (default: a new temporary folder)")
    p.add_argument("--database-url", default=os.environ.get("NDL_DATABASE_URL", ""),
                   help="NDL_DATABASE_URL for servers and service (default: SQLite in the data dir)")
    p.add_argument("--join-window", type=float, default=10.0)
    p.add_argument("--answer-window", type=float, default=10.0)
    p.add_argument("--settle", type=float, default=3.0)
    p.add_argument("--hold", type=float, default=10.0, help="seconds everyone waits, polling")
    p.add_argument("--next-step-timeout", type=float, default=30.0)
    p.add_argument("--presenter-seconds", type=float, default=30.0)
    p.add_argument("--no-presenter", dest="presenter", action="store_false",
                   help="no presenter screen during the rooms")
    p.add_argument("--no-prime", dest="prime", action="store_false",
                   help="do not open / first (see README: the first visitors after a start)")
    p.add_argument("--snapshot", nargs="?", const="HEAD", default=None, metavar="REV",
                   help="run the site as committed at REV (default HEAD), not the working tree")
    p.add_argument("--run-timeout", type=float, default=60.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=1800.0, help="hard limit for the whole benchmark")
    p.add_argument("--out", type=Path, default=RESULTS_DIR)
    args = p.parse_args(argv)
    args.flags = flags
    for url in args.url:
        check_loopback(url)
    return args


async def run(args) -> dict:
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (args.out / "logs").mkdir(exist_ok=True)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ndl-room-"))
    env = {"NDL_DATA_DIR": str(data_dir)}
    if args.database_url:
        env["NDL_DATABASE_URL"] = args.database_url
    root = PROJECT_DIR
    if args.snapshot and not args.url:
        root = export_snapshot(args.snapshot)
        print(f"[room] running {args.snapshot} as committed, exported to {root}", flush=True)
    use_code_from(root)
    workshops = Workshops(env)
    rng = random.Random(args.seed)
    report = {"when": dt.datetime.now().isoformat(timespec="seconds"),
              "commit": git_commit(args.snapshot) if args.snapshot else git_commit() + " + working tree",
              "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()],
              "python": platform.python_version(), "flags": args.flags,
              "store": workshops.url.split("@")[-1], "configs": [],
              "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}
    configs = [("external", None)] if args.url else [(k, k) for k in args.processes]
    for label, count in configs:
        targets: list[Target] = []
        if count is None:
            pids = args.pid + [None] * (len(args.url) - len(args.pid))
            targets = [Target(u, None, psutil.Process(pid) if pid else None) for u, pid in zip(args.url, pids)]
        else:
            for i in range(count):
                server = Server(f"site{i}", root / "app.py", flags=args.flags, env=dict(env),
                                log_path=args.out / "logs" / f"room-{stamp}-p{count}-{i}.log",
                                cwd=root).start()
                targets.append(Target(server.url, server, server.ps))
            for t in targets:
                await asyncio.to_thread(t.server.wait_healthy, 120)
        if args.prime:
            for t in targets:
                async with StreamlitClient(t.url, timeout=120) as c:
                    await c.open("/")
        config = {"processes": label if count is None else count, "urls": [t.url for t in targets], "rooms": []}
        report["configs"].append(config)
        try:
            for n in args.participants:
                config["rooms"].append(await room(n, targets, workshops, args, rng))
                await asyncio.sleep(2)
            if args.presenter_seconds > 0:
                config["presenter"] = await presenter_alone(targets, workshops, args, max(args.participants))
                print(f"[room] presenter alone: {config['presenter']['with_presenter']}", flush=True)
        finally:
            for t in targets:
                if t.server is not None:
                    t.server.stop()
    text = markdown(report)
    for name in (f"room-{stamp}", "room-latest"):
        (args.out / f"{name}.json").write_text(json.dumps(report, indent=2))
        (args.out / f"{name}.md").write_text(text)
    print(f"[room] wrote {args.out / f'room-{stamp}.md'}", flush=True)
    return report


def main(argv=None) -> int:
    args = parse_args(argv)
    install_hard_timeout(args.timeout)
    install_signal_handlers()
    try:
        report = asyncio.run(run(args))
    finally:
        stop_all()
    print()
    print(markdown(report))
    bad = any(r["answers_lost"] or r["confirmed"] < r["participants"] or r["people_counted"] != r["joined"]
              for c in report["configs"] for r in c["rooms"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
