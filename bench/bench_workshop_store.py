"""How many workshop answers per second the store sustains (a benchmark, not a test).

    .venv/bin/python bench/bench_workshop_store.py                 # SQLite file in a temp dir
    .venv/bin/python bench/bench_workshop_store.py --participants 150 --rounds 10 --json out.json
    NDL_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/bench_workshop_store.py --url env

Each simulated participant is a thread with its own anonymous token. In every round all of them
answer the same question at once (released by a barrier), changing their answer each round,
through WorkshopService.answer — the same path a phone's tap takes, minus Streamlit.
Reports answers per second, latency percentiles, and checks that exactly one answer per
participant is stored. Stops by itself; touches only the database it is given.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ndl_explain.workshop import WorkshopService, WorkshopStore, new_participant_token  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def run(url: str, participants: int, rounds: int) -> dict:
    store = WorkshopStore(url)
    service = WorkshopService(store)
    created = service.create_workshop("Benchmark", ["comfort"], ["bench"])
    tokens = [new_participant_token() for _ in range(participants)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(participants + 1)

    def participant(i: int, token: str) -> None:
        for r in range(rounds):
            barrier.wait()
            started = time.perf_counter()
            try:
                service.answer(created.code, token, "comfort:bench", str((i + r) % 5 + 1))
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=participant, args=(i, t), daemon=True) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    round_seconds = []
    for _ in range(rounds):
        barrier.wait()  # release everyone for this round
        started = time.perf_counter()
        while True:  # wait until every answer of this round is back
            with lock:
                done = len(latencies) + len(errors)
            if done >= participants * (len(round_seconds) + 1):
                break
            time.sleep(0.001)
        round_seconds.append(time.perf_counter() - started)
    for t in threads:
        t.join(timeout=60)

    workshop = service.join(created.code)
    stored = store.answer_rows(workshop.id)
    service.delete_workshop(created.token)
    store.dispose()
    total = participants * rounds
    busy = sum(round_seconds)
    return {
        "database": store.dialect,
        "participants": participants,
        "rounds": rounds,
        "answers_sent": total,
        "answers_ok": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:3],
        "stored_rows": stored,
        "stored_rows_expected": participants,
        "answers_per_second": round(len(latencies) / busy, 1) if busy else None,
        "round_seconds_median": round(statistics.median(round_seconds), 4),
        "latency_ms_p50": round(percentile(latencies, 50) * 1000, 1),
        "latency_ms_p95": round(percentile(latencies, 95) * 1000, 1),
        "latency_ms_p99": round(percentile(latencies, 99) * 1000, 1),
        "latency_ms_max": round(max(latencies, default=0) * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", default="", help="SQLAlchemy URL, or 'env' for NDL_DATABASE_URL "
                                                  "(default: a new SQLite file in a temporary directory)")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ndl-bench-") as tmp:
        url = args.url
        if url == "env":
            url = os.environ.get("NDL_DATABASE_URL", "")
        if not url:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        report = run(url, args.participants, args.rounds)

    print("## Workshop store: answers per second\n")
    print("| measure | value |\n|---|---|")
    for key, value in report.items():
        print(f"| {key} | {value} |")
    ok = report["errors"] == 0 and report["stored_rows"] == report["stored_rows_expected"]
    print(f"\nEvery answer stored exactly once: {'yes' if ok else 'NO'}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
