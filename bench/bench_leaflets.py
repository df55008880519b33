"""How long printable items take to build (a benchmark, not a test). Target: at most 1 s a leaflet.

    .venv/bin/python bench/bench_leaflets.py                  # every format, then every venue pack
    .venv/bin/python bench/bench_leaflets.py --repeat 5 --json bench/results/leaflets-latest.json
    .venv/bin/python bench/bench_leaflets.py --repeat 7 --only "cards cy" --no-packs   # one item, closely

Each item is laid out, measured and, when the layout breaks a print rule (a page left nearly
empty, an odd number of A5 pages, a poster's words under its bottom block...), laid out again in
another arrangement (ndl_explain/leaflets/fitting.py). So for each item this reports:

- **first build**: the item's first build in the process (no arrangement known yet), how many
  layouts it took, and its time in seconds, both wall-clock and CPU (the CPU time does not depend on
  what else the machine is doing: on a shared machine it is the figure to compare);
- **again**: the same item for another venue, when the arrangement that worked is tried first.

Then it builds a whole pack for each venue, the way ``python -m ndl_explain.leaflets --pack VENUE``
does, and reports the time per file. The first build of a process also pays for importing
WeasyPrint and loading fonts: it is reported apart ("warm-up"), and not counted against the target.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf  # noqa: E402

from ndl_explain.leaflets import FORMATS, VENUES, Request, build_leaflet, layout, load  # noqa: E402
from ndl_explain.leaflets import fitting, pdf, qr  # noqa: E402
from ndl_explain.leaflets.build import build_pack, default_topic  # noqa: E402

TARGET_S = 1.0
SITE_URL = "https://ndl-explained.example.org"


class Counter:
    """Counts the layouts WeasyPrint makes (each arrangement tried is one) and their pages (the
    cards lay out again only the sheets that change)."""

    def __init__(self) -> None:
        self.count = 0
        self.pages = 0
        self._real = layout.render_html

    def __enter__(self) -> "Counter":
        def counting(*args, **kwargs):
            self.count += 1
            document = self._real(*args, **kwargs)
            self.pages += len(document.pages)
            return document

        layout.render_html = counting
        return self

    def __exit__(self, *exc) -> None:
        layout.render_html = self._real


def forget() -> None:
    """Forget what earlier builds left behind (the arrangement that worked, QR codes, the parsed
    stylesheet), so the next build is the item's first, as a new process would make it (after
    its warm-up). Whatever is found again within one build still counts."""
    fitting._HINTS.clear()  # noqa: SLF001
    if hasattr(qr.make_qr, "cache_clear"):
        qr.make_qr.cache_clear()
    if hasattr(pdf, "_stylesheet"):  # not on commits before the stylesheet was kept parsed
        pdf._stylesheet.cache_clear()  # noqa: SLF001


def timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    with Counter() as counter:
        result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu, (counter.count, counter.pages)


def cases() -> list[tuple[str, Request]]:
    """The default page of each format, a scenario where it takes one, the longest leaflet, in English
    and in Welsh."""
    found = []
    for lang in ("en", "cy"):
        site, words = load(lang)
        for format_id, fmt in FORMATS.items():
            if fmt.kind == "bilingual" and lang != "cy":
                continue
            topic = default_topic(format_id, site, words)
            if fmt.uses_topic and topic:
                found.append((f"{format_id} {lang} ({topic})", Request(format_id, lang, topic=topic, venue="library")))
            if fmt.kind == "cards":
                found.append((f"cards {lang} (all {len(site.scenarios)} examples)", Request(format_id, lang, venue="library")))
            elif fmt.uses_scenario and fmt.kind != "easy-read" and site.scenarios and lang == "en":
                scenario = next(iter(site.scenarios))
                found.append((f"{format_id} {lang} ({scenario})",
                               Request(format_id, lang, scenario=scenario, venue="library")))
        found.append((f"clear-print {lang} (what-people-said, longer)",
                      Request("clear-print", lang, topic="what-people-said", detail="more", venue="library")))
    return found


def run(repeat: int, only: str | None = None, packs: bool = True) -> dict:
    import os

    os.environ.setdefault("NDL_SITE_URL", SITE_URL)
    _, first_wall, first_cpu, _ = timed(build_leaflet, Request("clear-print", venue="other"))
    rows = []
    for name, request in cases():
        if only and only not in name:
            continue
        cold, warm = [], []
        for _ in range(repeat):
            forget()  # the first build of the item, as a new process would make it
            leaflet, wall, cpu, layouts = timed(build_leaflet, request)
            cold.append((wall, cpu, layouts))
            other = Request(request.format, request.lang, request.topic, request.scenario, "gp-surgery", request.detail)
            _, wall, cpu, layouts = timed(build_leaflet, other)
            warm.append((wall, cpu, layouts))
        pages = len(pypdf.PdfReader(io.BytesIO(leaflet.pdf)).pages)

        def median(values, i):
            return round(statistics.median(v[i] for v in values), 3)

        rows.append({
            "item": name,
            "pages": pages,
            "layouts_first": max(v[2][0] for v in cold),
            "pages_laid_out_first": max(v[2][1] for v in cold),
            "first_wall_s": median(cold, 0),
            "first_cpu_s": median(cold, 1),
            "again_layouts": max(v[2][0] for v in warm),
            "again_pages_laid_out": max(v[2][1] for v in warm),
            "again_wall_s": median(warm, 0),
            "again_cpu_s": median(warm, 1),
            "within_target": median(cold, 1) <= TARGET_S,
        })
    pack_rows = []
    for venue in VENUES if packs else ():
        forget()
        with tempfile.TemporaryDirectory() as folder:
            files, wall, cpu, layouts = timed(build_pack, venue, Path(folder))
            size = sum(p.stat().st_size for p in files)
        pack_rows.append({
            "venue": venue,
            "files": len(files),
            "layouts": layouts[0],
            "pages_laid_out": layouts[1],
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "cpu_per_file_s": round(cpu / max(1, len(files)), 3),
            "megabytes": round(size / 1e6, 2),
            "within_target": cpu / max(1, len(files)) <= TARGET_S,
        })
    return {"warm_up_wall_s": round(first_wall, 2), "warm_up_cpu_s": round(first_cpu, 2), "repeat": repeat,
            "formats": rows, "packs": pack_rows, "target_s_per_leaflet": TARGET_S}


def report(result: dict) -> str:
    lines = [
        f"Warm-up (the process's first build: imports WeasyPrint, loads fonts): {result['warm_up_wall_s']} s wall, "
        f"{result['warm_up_cpu_s']} s CPU",
        "",
        f"| item | pages | layouts (pages laid out) | first build s (wall / CPU) "
        f"| again, another venue: layouts (pages), s (wall / CPU) "
        f"| first ≤ {TARGET_S:g} s CPU |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in result["formats"]:
        lines.append(f"| {row['item']} | {row['pages']} | {row['layouts_first']} ({row['pages_laid_out_first']}) | "
                     f"{row['first_wall_s']} / {row['first_cpu_s']} | {row['again_layouts']} "
                     f"({row['again_pages_laid_out']}), {row['again_wall_s']} / {row['again_cpu_s']} | "
                     f"{'yes' if row['within_target'] else 'NO'} |")
    lines += ["", "| venue pack | files | layouts (pages laid out) | s (wall / CPU) | CPU s per file | MB | ≤ 1 s a file |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for pack in result["packs"]:
        lines.append(f"| {pack['venue']} | {pack['files']} | {pack['layouts']} ({pack['pages_laid_out']}) | {pack['wall_s']} / {pack['cpu_s']} | "
                     f"{pack['cpu_per_file_s']} | {pack['megabytes']} | {'yes' if pack['within_target'] else 'NO'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per item (default 3)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--only", help="only the items whose name contains this, e.g. 'cards cy'")
    parser.add_argument("--no-packs", action="store_true", help="leave out the venue packs")
    args = parser.parse_args()
    result = run(args.repeat, args.only, not args.no_packs)
    print(report(result))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
