"""Run ``streamlit`` with ``gc.freeze()`` after the first script runs: an experiment, not a site change.

    BENCH_GC_FREEZE_RUNS=20 python -m bench.gc_freeze_server run app.py --server.port 8600 ...

``runner.postScriptGC`` makes every script run end with a full ``gc.collect(2)``, which walks every
object the process holds: imported modules (Streamlit, pandas, Altair...), cached content. After
``gc.freeze()`` those objects sit in a permanent generation that collections skip, so the post-run
collection only walks what runs created since. Here the freeze is repeated after each of the first
``BENCH_GC_FREEZE_RUNS`` runs (so modules imported lazily by later pages are frozen too). Used by
``bench_pages --gc-freeze N`` and ``bench_room --gc-freeze N`` to measure the idea before anyone
puts it in the site (where it would be a few lines in app.py, once per process, after warm-up).
"""
from __future__ import annotations

import functools
import gc
import os
import sys
import threading

RUNS = int(os.environ.get("BENCH_GC_FREEZE_RUNS", "20"))
_done = 0
_lock = threading.Lock()


def _install() -> None:
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._on_script_finished

    @functools.wraps(original)
    def finished_then_freeze(self, *args, **kwargs):
        global _done
        result = original(self, *args, **kwargs)
        with _lock:
            if _done < RUNS:
                _done += 1
                gc.collect()
                gc.freeze()
        return result

    script_runner.ScriptRunner._on_script_finished = finished_then_freeze


def main() -> None:
    _install()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
