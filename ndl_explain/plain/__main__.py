"""Command line: ``python -m ndl_explain.plain --out DIR`` writes the plain HTML edition into DIR."""
from __future__ import annotations

import argparse
import sys

from ..problems import ContentError
from . import paths
from .build import PlainBuildError, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ndl_explain.plain",
        description="Write the plain edition of the site: static HTML pages with no JavaScript, "
                    "for slow connections, offline reading and search engines.")
    parser.add_argument("--out", required=True, help="the folder to write (created or replaced)")
    parser.add_argument("--site-url", default=None,
                        help="the interactive site's address (default: NDL_SITE_URL, else http://localhost:8501)")
    parser.add_argument("--base-path", default=paths.SERVED_AT,
                        help=f"where the folder is served under the site's address (default {paths.SERVED_AT})")
    args = parser.parse_args(argv)
    try:
        result = build(args.out, site_url=args.site_url, base_path=args.base_path)
    except PlainBuildError as error:
        print(f"Cannot write the plain edition: {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        print(f"The content has mistakes; run 'python -m ndl_explain check' and fix them first.\n{error}",
              file=sys.stderr)
        return 1
    print(f"Wrote {len(result.pages)} pages ({len(result.files)} files) to {result.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
