"""What the first visitors after a (re)start get, page by page: the full frame, or a bare page?

    .venv/bin/python -m bench.check_first_visit                 # /workshop, /what-if, /walkthrough, /
    .venv/bin/python -m bench.check_first_visit /leaflets --snapshot

Streamlit 1.67 decides per *process* whether the app is an old-style multipage app: while a
``pages/`` folder sits next to app.py, ``PagesManager.uses_pages_directory`` is True until some
session's run calls ``st.navigation`` (commands/navigation.py sets it False). Until then a visit to
``/workshop`` runs ``pages/workshop.py`` directly (no page config, no language/detail choices, the
``pages/`` files as the menu), and ``/what-if`` (file ``what_if.py``) gets "page not found" first.
This starts a fresh site for each URL, sends three visitors to it, and reports what they got.
Loopback only; stops what it starts.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"  # noqa: A001

from .protocol import StreamlitClient  # noqa: E402
from .servers import PROJECT_DIR, Server, export_snapshot, install_hard_timeout, stop_all  # noqa: E402


async def first_visits(root: Path, url: str, visitors: int) -> list[dict]:
    server = Server("site", root / "app.py", env={"NDL_DATA_DIR": tempfile.mkdtemp(prefix="ndl-first-")},
                    cwd=root).start()
    out = []
    try:
        await asyncio.to_thread(server.wait_healthy, 120)
        for i in range(visitors):
            async with StreamlitClient(server.url, timeout=120) as c:
                r = await c.open(url)
                keys = {w.key for w in c.widgets.values()}
                out.append({"visitor": i + 1, "ok": r.ok, "page_not_found": r.page_not_found,
                            "menu_entries": len(c.pages), "frame": {"detail", "nation", "lang"} <= keys,
                            "menu": [p.url_pathname or "/" for p in c.pages][:8]})
    finally:
        server.stop()
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("urls", nargs="*", default=["/workshop", "/what-if", "/walkthrough", "/"])
    p.add_argument("--visitors", type=int, default=3)
    p.add_argument("--snapshot", nargs="?", const="HEAD", default=None)
    args = p.parse_args(argv)
    if args.snapshot and args.snapshot.startswith("/"):  # "--snapshot /page": the page was meant as a url
        args.urls = [args.snapshot, *args.urls]
        args.snapshot = "HEAD"
    install_hard_timeout(600)
    root = export_snapshot(args.snapshot) if args.snapshot else PROJECT_DIR
    bad = 0
    try:
        for url in args.urls:
            for v in asyncio.run(first_visits(root, url, args.visitors)):
                fine = v["ok"] and v["frame"] and not v["page_not_found"]
                bad += not fine
                print(f"{url:14} visitor {v['visitor']}: {'ok  ' if fine else 'BAD '} frame={v['frame']} "
                      f"page_not_found={v['page_not_found']} menu={v['menu_entries']} entries {v['menu']}")
    finally:
        stop_all()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
