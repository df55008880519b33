"""Command line for batch printing.

    python -m ndl_explain.leaflets --format clear-print --lang en --topic what-it-is --venue library --out DIR
    python -m ndl_explain.leaflets --format cards --scenario warm-home-discount --out DIR
    python -m ndl_explain.leaflets --format bilingual --topic home --out DIR   (Welsh and English together)
    python -m ndl_explain.leaflets --pack gp-surgery --out DIR      (every format for one venue)
    python -m ndl_explain.leaflets --list                            (what can be printed)
    python -m ndl_explain.leaflets --check                           (check content/<lang>/leaflets.yaml)

Exit codes: 0 done; 1 a content mistake; 2 an unknown choice (the message lists the valid ones);
3 printing is not possible on this computer (the message names the package to install).

The bilingual format prints Welsh and English side by side, Welsh first, whatever --lang says, as
long as it is cy or en (the default en is fine); the file name ends in -cy-en.pdf. Packs built with
--lang cy or --lang en include it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import CONTENT_DIR
from ..problems import ContentError
from .build import (DETAILS, LeafletChoiceError, Request, available_languages, build_leaflet,
                    build_pack, load, scenarios_for, topics_for)
from .checks import leaflet_problems
from .formats import DEFAULT_VENUE, FORMATS, VENUES
from .pdf import PrintUnavailable

EXIT_CONTENT, EXIT_CHOICE, EXIT_NO_PRINT = 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own unknown-choice messages, exit code 2
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        sys.exit(EXIT_CHOICE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m ndl_explain.leaflets",
                     description="Build printable leaflets, posters and workshop cards as PDF.")
    parser.add_argument("--format", help=f"one of: {', '.join(FORMATS)}")
    parser.add_argument("--lang", default="en",
                        help="content language (default: en); the bilingual format prints cy and en together "
                             "and accepts either")
    parser.add_argument("--topic", help="page slug to print (see --list)")
    parser.add_argument("--scenario", help="scenario id to print (see --list)")
    parser.add_argument("--venue", default=DEFAULT_VENUE, help=f"one of: {', '.join(VENUES)}")
    parser.add_argument("--detail", default="short", help=f"leaflets of a page: {' or '.join(DETAILS)}")
    parser.add_argument("--pack", metavar="VENUE", help="build every format for this venue")
    parser.add_argument("--out", default="leaflets", help="folder to write into (default: ./leaflets)")
    parser.add_argument("--content", default=str(CONTENT_DIR), help=argparse.SUPPRESS)
    parser.add_argument("--list", action="store_true", help="list formats, topics, scenarios and venues")
    parser.add_argument("--check", action="store_true", help="check the print words and stop")
    return parser


def _choice_error(message: str) -> int:
    print(f"Cannot build that: {message}", file=sys.stderr)
    return EXIT_CHOICE


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    content = Path(args.content)
    try:
        if args.check:
            problems = leaflet_problems(content)
            for problem in problems:
                print(f"- {problem}")
            print("All print words are fine." if not problems else f"{len(problems)} problem(s) to fix.")
            return EXIT_CONTENT if problems else 0
        if args.list:
            site, words = load(args.lang, content)
            print(f"Languages: {', '.join(available_languages(content))}")
            print(f"Venues: {', '.join(VENUES)}")
            for format_id in FORMATS:
                print(f"{format_id}: topics: {', '.join(topics_for(format_id, site, words)) or '-'}; "
                      f"scenarios: {', '.join(scenarios_for(format_id, site)) or '-'}")
            return 0
        out = Path(args.out)
        if args.pack:
            if args.pack not in VENUES:
                return _choice_error(f"unknown venue '{args.pack}'. Venues: {', '.join(VENUES)}")
            start = time.perf_counter()
            written = build_pack(args.pack, out, args.lang, content)
            for path in written:
                print(path)
            print(f"{len(written)} file(s) for {args.pack} in {time.perf_counter() - start:.1f} s")
            return 0
        if not args.format:
            return _choice_error(f"say which --format (one of: {', '.join(FORMATS)}), or use --pack VENUE")
        if args.format not in FORMATS:
            return _choice_error(f"unknown format '{args.format}'. Formats: {', '.join(FORMATS)}")
        request = Request(args.format, args.lang, args.topic, args.scenario, args.venue, args.detail)
        leaflet = build_leaflet(request, content)
        out.mkdir(parents=True, exist_ok=True)
        path = out / leaflet.filename
        path.write_bytes(leaflet.pdf)
        print(path)
        return 0
    except LeafletChoiceError as exc:
        return _choice_error(str(exc))
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONTENT
    except PrintUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_NO_PRINT


if __name__ == "__main__":
    sys.exit(main())
