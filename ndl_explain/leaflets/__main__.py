"""Command line for batch printing.

    python -m ndl_explain.leaflets --format clear-print --lang en --topic what-it-is --venue library --out DIR
    python -m ndl_explain.leaflets --format cards --scenario warm-home-discount --out DIR
    python -m ndl_explain.leaflets --format bilingual --topic home --out DIR   (Welsh and English together)
    python -m ndl_explain.leaflets --pack gp-surgery --out DIR      (every format for one venue)
    python -m ndl_explain.leaflets --list                            (what can be printed)
    python -m ndl_explain.leaflets --check                           (check content/<lang>/leaflets.yaml)

Exit codes: 0 done; 1 a content mistake, or a folder that cannot be written; 2 an unknown choice
(the message lists the valid ones), or prints for handing out with an address people cannot open;
3 printing is not possible on this computer (the message names the package to install). Every
failure is one line, never a traceback.

The address printed and put in the QR codes is NDL_SITE_URL. Prints are for handing out, so the
command refuses an address that is not https or that only this computer or network can reach
(localhost, a private address), unless told --allow-local-address (for a test print).

The bilingual format prints Welsh and English side by side, Welsh first, whatever --lang says, as
long as it is cy or en (the default en is fine); the file name ends in -cy-en.pdf. Packs built with
--lang cy or --lang en include it.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .. import CONTENT_DIR, siteurl
from ..problems import ContentError
from .build import (DETAILS, LeafletChoiceError, Request, available_languages, build_leaflet,
                    load, pack_requests, scenarios_for, topics_for)
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
    parser.add_argument("--pack", metavar="VENUE",
                        help="build every format for this venue (with --format: only that format)")
    parser.add_argument("--out", default="leaflets", help="folder to write into (default: ./leaflets)")
    parser.add_argument("--content", default=str(CONTENT_DIR), help=argparse.SUPPRESS)
    parser.add_argument("--list", action="store_true", help="list formats, topics, scenarios and venues")
    parser.add_argument("--check", action="store_true", help="check the print words and stop")
    parser.add_argument("--allow-local-address", action="store_true",
                        help="print even when NDL_SITE_URL is unset, not https, or only reachable here "
                             "(for a test print, not for handing out)")
    return parser


class OutFolderError(OSError):
    """The --out folder cannot be made or written to."""


def _address_problem(allow_local: bool) -> str | None:
    """Why the address printed on the items would not work for the people given them (None when it would)."""
    address = siteurl.site_url()
    if allow_local or siteurl.is_public_https(address):
        return None
    why = "is not set" if not siteurl.configured() else f"is {address}"
    reach = ("which only this computer or its network can open" if siteurl.is_local(address)
             else "which is not a secure (https) address")
    return (f"NDL_SITE_URL {why}, so the prints would send people to {address}, {reach}. Set NDL_SITE_URL "
            f"to the site's public https address (for example NDL_SITE_URL=https://ndl.example.org), "
            f"or add --allow-local-address for a test print.")


def _write(out: Path, name: str, data: bytes) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        path = out / name
        path.write_bytes(data)
    except OSError as exc:
        raise OutFolderError(f"Cannot write to the folder {out}: {exc.strerror or exc}") from None
    return path


def _check_out(out: Path) -> None:
    """Fail before building anything when the folder could not be made or written to (it is made
    only when the first file is written, so a refused choice leaves nothing behind)."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutFolderError(f"Cannot write to the folder {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutFolderError(f"Cannot write to the folder {out}: permission denied")


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
        problem = _address_problem(args.allow_local_address)
        if problem:
            return _choice_error(problem)
        out = Path(args.out)
        if args.pack:
            return _pack(args, out, content)
        if not args.format:
            return _choice_error(f"say which --format (one of: {', '.join(FORMATS)}), or use --pack VENUE")
        if args.format not in FORMATS:
            return _choice_error(f"unknown format '{args.format}'. Formats: {', '.join(FORMATS)}")
        request = Request(args.format, args.lang, args.topic, args.scenario, args.venue, args.detail)
        _check_out(out)
        leaflet = build_leaflet(request, content)
        print(_write(out, leaflet.filename, leaflet.pdf))
        return 0
    except LeafletChoiceError as exc:
        return _choice_error(str(exc))
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONTENT
    except PrintUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_NO_PRINT
    except OutFolderError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for the person at the keyboard, never a traceback
        print(f"Cannot build that: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_CONTENT


def _pack(args: argparse.Namespace, out: Path, content: Path) -> int:
    """Every format for one venue (the default page of each, every example on the cards); with
    --format, only that format."""
    if args.pack not in VENUES:
        return _choice_error(f"unknown venue '{args.pack}'. Venues: {', '.join(VENUES)}")
    if args.topic or args.scenario:
        return _choice_error("--pack prints the default page of each format: leave out --topic and --scenario, "
                             "or print one item with --format, --topic or --scenario and --venue")
    if args.detail != "short":
        return _choice_error("--pack prints the short leaflets: leave out --detail, or print one longer "
                             "leaflet with --format clear-print --detail more")
    if args.venue not in (DEFAULT_VENUE, args.pack):
        return _choice_error(f"--pack {args.pack} already says the venue: leave out --venue {args.venue}")
    requests = pack_requests(args.pack, args.lang, content)
    if args.format:
        if args.format not in FORMATS:
            return _choice_error(f"unknown format '{args.format}'. Formats: {', '.join(FORMATS)}")
        requests = [r for r in requests if r.format == args.format]
        if not requests:
            return _choice_error(f"the {args.format} format has nothing to print in '{args.lang}'")
    _check_out(out)
    start = time.perf_counter()
    written = []
    for request in requests:
        leaflet = build_leaflet(request, content)
        written.append(_write(out, leaflet.filename, leaflet.pdf))
        print(written[-1])
    print(f"{len(written)} file(s) for {args.pack} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
