"""Run ``streamlit`` with every script-runner thread profiled by pyinstrument (for bench/profile_pages.py).

    BENCH_PROFILE_DIR=/tmp/p python bench/profile_server.py run app.py --server.port 8600 ...

Nothing is profiled until the file ``$BENCH_PROFILE_DIR/enabled`` exists (so warm-up runs stay out).
Creating ``$BENCH_PROFILE_DIR/dump`` writes the combined session of the profiled runs to
``session.json`` and then ``dumped``. Each run's thread is profiled whole: the page script, the
widget bookkeeping, and the post-run ``gc.collect`` (runner.postScriptGC). Times are wall-clock
on that thread; the client waits for each run, so little else runs meanwhile.
"""
from __future__ import annotations

import functools
import os
import sys
import threading
import time
from pathlib import Path

OUT = Path(os.environ.get("BENCH_PROFILE_DIR", "bench/results/profile"))
ENABLED, DUMP, DUMPED = OUT / "enabled", OUT / "dump", OUT / "dumped"
INTERVAL = float(os.environ.get("BENCH_PROFILE_INTERVAL", "0.0005"))

_sessions: list = []
_lock = threading.Lock()


def _install() -> None:
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script_thread

    @functools.wraps(original)
    def profiled(self):
        if not ENABLED.exists():
            return original(self)
        profiler = Profiler(interval=INTERVAL, async_mode="disabled")
        profiler.start()
        try:
            return original(self)
        finally:
            session = profiler.stop()
            with _lock:
                _sessions.append(session)

    script_runner.ScriptRunner._run_script_thread = profiled


def _dump() -> None:
    from pyinstrument.session import Session

    with _lock:
        sessions = list(_sessions)
        _sessions.clear()
    if sessions:
        combined = functools.reduce(Session.combine, sessions)
        combined.save(str(OUT / "session.json"))
    (OUT / "runs.txt").write_text(str(len(sessions)))
    DUMPED.write_text("ok")


def _watch() -> None:
    while True:
        if DUMP.exists():
            DUMP.unlink()
            try:
                _dump()
            except Exception as exc:  # noqa: BLE001 - report, keep serving
                (OUT / "error.txt").write_text(repr(exc))
                DUMPED.write_text("error")
        time.sleep(0.1)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _install()
    threading.Thread(target=_watch, daemon=True, name="bench-profile-watch").start()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
