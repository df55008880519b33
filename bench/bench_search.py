"""Site search speed: building the index from loaded content, and answering searches after warm-up.

    .venv/bin/python -m bench.bench_search                 # 5 builds, every query 200 times
    .venv/bin/python -m bench.bench_search --builds 10 --repeat 500

Targets (issue 20): the index builds in at most 0.5 s at start-up; a search answers in at most 20 ms
of server time after warm-up, with the whole site indexed. Measured in this process, CPU time (the
machine is shared, so wall time is also shown but says more about the neighbours) for:

- the build: ``build_index`` from content already loaded (as the site does: the pages and examples
  are loaded for the pages anyway), and, apart, reading and checking that content from disk;
- a search: ``SearchIndex.search`` alone, and with the results drawn as HTML (``results_html``),
  which is all the server does for a search besides Streamlit's own run of the page.

Writes a Markdown report and JSON to ``bench/results/`` (git-ignored). Not a test: no pass or fail,
but the report says whether the targets were met.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.scenarios import scenario_problems
from ndl_explain.search import build_index, search_words_problems

RESULTS = Path(__file__).resolve().parent / "results"
BUILD_TARGET_S = 0.5
SEARCH_TARGET_MS = 20.0

QUERIES = {
    "en": [
        "will my health records go to tech companies?",
        "can the police see it?",
        "what about my children's school data?",
        "health records",
        "opt out",
        "who can see my data and could it be sold to companies or hacked",
        "NHS GP police prison tax office school children hacked sold AI council rights",  # 12 synonym groups
        "helth recrods compnies",      # near misses
        "helht recrdos compnise secrity hospitl councl teh polcie skool childern",  # 10 near misses
        "xqzvwk",                      # nothing found
        'NEAR("health" records*) AND (OR -x)',
        "health records " * 700,       # 10,000 characters
    ],
    "cy": [
        "A fydd fy nghofnodion iechyd yn mynd i gwmnïau technoleg?",
        "Ydy'r heddlu'n gallu ei weld?",
        "Beth am ddata ysgol fy mhlant?",
        "cofnodion iechyd",
        "iechid",
        "GIG meddyg heddlu carchar treth ysgol plant hacio gwerthu AI cyngor hawliau",
    ],
}


def _cpu_and_wall(function, *args) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    function(*args)
    return time.process_time() - cpu, time.perf_counter() - wall


def _summary(values: list[float], scale: float) -> dict:
    ordered = sorted(values)
    return {"median": statistics.median(ordered) * scale,
            "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * scale,
            "max": ordered[-1] * scale}


def run(builds: int, repeat: int) -> dict:
    from ndl_explain.ui import state
    from ndl_explain.ui.search import results_html

    cpu, wall = time.process_time(), time.perf_counter()
    site = load_site(CONTENT_DIR)
    scenarios = {lang: scenario_problems(CONTENT_DIR, lang)[0] for lang in site.languages}
    words = {lang: search_words_problems(CONTENT_DIR, lang)[0] for lang in site.languages}
    load = {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}

    build_cpu, build_wall, index = [], [], None
    for _ in range(builds):
        c, w = time.process_time(), time.perf_counter()
        index = build_index(site, scenarios, words)
        build_cpu.append(time.process_time() - c)
        build_wall.append(time.perf_counter() - w)
    documents = {lang: len(index.documents(lang)) for lang in index.languages}

    rows = []
    for lang, queries in QUERIES.items():
        choices = state.Choices(lang=lang)
        for query in queries:
            index.search(lang, query)  # warm-up
            search_cpu, search_wall, page_cpu = [], [], []
            for _ in range(repeat):
                c, w = _cpu_and_wall(index.search, lang, query)
                search_cpu.append(c)
                search_wall.append(w)
                c0 = time.process_time()
                results_html(index.search(lang, query), site, choices)
                page_cpu.append(time.process_time() - c0)
            rows.append({"lang": lang, "query": query if len(query) <= 60 else query[:40] + f"… ({len(query)} chars)",
                         "hits": len(index.search(lang, query).hits),
                         "search_cpu_ms": _summary(search_cpu, 1000), "search_wall_ms": _summary(search_wall, 1000),
                         "with_html_cpu_ms": _summary(page_cpu, 1000)})
    return {"load": load, "documents": documents, "build_cpu_s": _summary(build_cpu, 1),
            "build_wall_s": _summary(build_wall, 1), "builds": builds, "repeat": repeat, "queries": rows}


def report(result: dict) -> str:
    build = result["build_cpu_s"]
    worst = max(row["with_html_cpu_ms"]["p95"] for row in result["queries"])
    lines = [
        "# Site search benchmark",
        "",
        f"Documents indexed: {', '.join(f'{lang} {n}' for lang, n in result['documents'].items())}.",
        f"Reading and checking the content from disk (not part of the build; the site loads it for its pages): "
        f"{result['load']['cpu_s']:.2f} s CPU.",
        f"Index build ({result['builds']} builds, every language): median {build['median']:.3f} s CPU, "
        f"max {build['max']:.3f} s (wall: median {result['build_wall_s']['median']:.3f} s). "
        f"Target ≤ {BUILD_TARGET_S} s: {'met' if build['max'] <= BUILD_TARGET_S else 'NOT met'}.",
        f"Searches ({result['repeat']} times each after one warm-up): worst 95th percentile with the HTML "
        f"drawn {worst:.2f} ms CPU. Target ≤ {SEARCH_TARGET_MS:.0f} ms: "
        f"{'met' if worst <= SEARCH_TARGET_MS else 'NOT met'}.",
        "",
        "| lang | query | results | search CPU ms (median / p95 / max) | search wall ms (median / p95) | with HTML CPU ms (median / p95) |",
        "|---|---|---:|---|---|---|",
    ]
    for row in result["queries"]:
        s, w, h = row["search_cpu_ms"], row["search_wall_ms"], row["with_html_cpu_ms"]
        query = row["query"].replace("|", "\\|")
        lines.append(f"| {row['lang']} | `{query}` | {row['hits']} | {s['median']:.2f} / {s['p95']:.2f} / "
                     f"{s['max']:.2f} | {w['median']:.2f} / {w['p95']:.2f} | {h['median']:.2f} / {h['p95']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", type=int, default=5, help="how many times to build the index")
    parser.add_argument("--repeat", type=int, default=200, help="how many times to run each search")
    args = parser.parse_args(argv)
    if args.builds < 1 or args.repeat < 1:
        parser.error("--builds and --repeat must be at least 1")
    result = run(args.builds, args.repeat)
    text = report(result)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"search-{stamp}", "search-latest"):
        (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
