"""How long printable items take to build (a benchmark, not a test). Target: at most 1 s a leaflet.

    .venv/bin/python bench/bench_leaflets.py                  # every format, then every venue pack
    .venv/bin/python bench/bench_leaflets.py --repeat 5 --json bench/results/leaflets-latest.json

For each format it builds the default page (and a scenario where the format takes one) several
times and reports the median and the slowest build, split into HTML (templates) and PDF
(WeasyPrint, plus pypdf for the booklet). Then it builds a whole pack for each venue, the way
``python -m ndl_explain.leaflets --pack VENUE`` does, and reports the time per file. The first
build of a process also pays for importing WeasyPrint and loading fonts: it is reported apart.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ndl_explain.leaflets import FORMATS, VENUES, Request, build_leaflet, load  # noqa: E402
from ndl_explain.leaflets.build import build_pack, default_topic, render_request  # noqa: E402

TARGET_S = 1.0


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def cases() -> list[tuple[str, Request]]:
    site, words = load("en")
    found = []
    for format_id, fmt in FORMATS.items():
        topic = default_topic(format_id, site, words)
        if fmt.uses_topic and topic:
            found.append((f"{format_id} ({topic})", Request(format_id, topic=topic, venue="library")))
        if fmt.kind == "cards":
            found.append((f"cards (all {len(site.scenarios)} examples)", Request(format_id, venue="library")))
        elif fmt.uses_scenario and fmt.kind != "easy-read" and site.scenarios:
            scenario = next(iter(site.scenarios))
            found.append((f"{format_id} ({scenario})", Request(format_id, scenario=scenario, venue="library")))
    return found


def run(repeat: int) -> dict:
    _, first = timed(build_leaflet, Request("clear-print", venue="library"))
    rows = []
    for name, request in cases():
        html_times, total_times, pages = [], [], 0
        for _ in range(repeat):
            _, html_s = timed(render_request, request)
            leaflet, total_s = timed(build_leaflet, request)
            html_times.append(html_s)
            total_times.append(total_s)
        import pypdf
        import io

        pages = len(pypdf.PdfReader(io.BytesIO(leaflet.pdf)).pages)
        rows.append({
            "item": name,
            "pages": pages,
            "median_s": round(statistics.median(total_times), 3),
            "max_s": round(max(total_times), 3),
            "html_median_s": round(statistics.median(html_times), 3),
            "per_page_s": round(statistics.median(total_times) / max(1, pages), 3),
            "within_target": statistics.median(total_times) <= TARGET_S,
        })
    packs = []
    for venue in VENUES:
        with tempfile.TemporaryDirectory() as folder:
            files, seconds = timed(build_pack, venue, Path(folder))
            size = sum(p.stat().st_size for p in files)
        packs.append({
            "venue": venue,
            "files": len(files),
            "seconds": round(seconds, 2),
            "per_file_s": round(seconds / max(1, len(files)), 3),
            "megabytes": round(size / 1e6, 2),
            "within_target": seconds / max(1, len(files)) <= TARGET_S,
        })
    return {"first_build_s": round(first, 2), "repeat": repeat, "formats": rows, "packs": packs,
            "target_s_per_leaflet": TARGET_S}


def report(result: dict) -> str:
    lines = [
        f"First build in this process (imports WeasyPrint, loads fonts): {result['first_build_s']} s",
        "",
        f"| item | pages | median s | slowest s | of which HTML s | s per page | ≤ {TARGET_S:g} s |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["formats"]:
        lines.append(f"| {row['item']} | {row['pages']} | {row['median_s']} | {row['max_s']} | "
                     f"{row['html_median_s']} | {row['per_page_s']} | {'yes' if row['within_target'] else 'NO'} |")
    lines += ["", "| venue pack | files | seconds | s per file | MB | ≤ 1 s a file |", "|---|---:|---:|---:|---:|---|"]
    for pack in result["packs"]:
        lines.append(f"| {pack['venue']} | {pack['files']} | {pack['seconds']} | {pack['per_file_s']} | "
                     f"{pack['megabytes']} | {'yes' if pack['within_target'] else 'NO'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per item (default 3)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    result = run(args.repeat)
    print(report(result))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
