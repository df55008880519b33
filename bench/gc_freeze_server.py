"""Run ``streamlit`` with ``gc.freeze()`` after the first script runs: an experiment, not a site change.

    BENCH_GC_FREEZE_RUNS=20 python bench/gc_freeze_server.py run app.py --server.port 8600 ...

``runner.postScriptGC`` makes every script run end with a full ``gc.collect(2)``, which walks every
object the process holds: imported modules (Streamlit, pandas, Altair...), cached content. After
``gc.freeze()`` those objects sit in a permanent generation that collections skip, so the post-run
collection only walks what runs created since. Here the freeze is done after each of the first
``BENCH_GC_FREEZE_RUNS`` runs, and again after any run that imported new modules (a page that
imports WeasyPrint or Altair lazily would otherwise bring the cost back: measured). That stands
for what the site would do: import its heavy libraries at start, then ``gc.collect(); gc.freeze()``
once. Used by ``bench_pages --gc-freeze N`` and ``bench_room --gc-freeze N`` to measure the idea
before anyone puts it in the site. Run by path (not ``-m``), so it never shadows the site's code.
"""
from __future__ import annotations

import functools
import gc
import os
import sys
import threading

RUNS = int(os.environ.get("BENCH_GC_FREEZE_RUNS", "20"))
_done = 0
_modules_at_freeze = 0
_lock = threading.Lock()


def _install() -> None:
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._on_script_finished

    @functools.wraps(original)
    def finished_then_freeze(self, *args, **kwargs):
        global _done, _modules_at_freeze
        result = original(self, *args, **kwargs)
        with _lock:
            if _done < RUNS or len(sys.modules) > _modules_at_freeze:
                _done += 1
                gc.collect()
                gc.freeze()
                _modules_at_freeze = len(sys.modules)
        return result

    script_runner.ScriptRunner._on_script_finished = finished_then_freeze


def main() -> None:
    _install()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
