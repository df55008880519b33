"""Command line: ``python -m ndl_explain check [CONTENT_DIR]`` runs every content check."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import CONTENT_DIR
from .checks import run_checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ndl_explain",
                                     description="Tools for the NDL Explained content.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every content file and say what to fix")
    check.add_argument("content_dir", nargs="?", default=str(CONTENT_DIR))
    args = parser.parse_args(argv)
    problems = run_checks(Path(args.content_dir))
    if problems:
        print(f"Found {len(problems)} problem(s) in the content. Fix these and run the check again:\n")
        for problem in problems:
            print(f"- {problem}")
        return 1
    print("All content checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
