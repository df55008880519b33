"""Where each page of the plain edition is, relative to the edition's folder, and where the deploy
serves that folder. Shared by the build and by the interactive site's "Plain version" links.

    en/index.html                  the home page        (/)
    en/what-it-is.html             a content page       (/what-it-is)
    en/examples.html               the list of examples (/walkthrough)
    en/examples/<id>.html          one example, all its steps on one page (/walkthrough?scenario=<id>)
    cy/...                         the same in Welsh

Flat files with their full names (never a bare folder), so every link also works from a USB stick
or a kiosk's disk, where no server turns ``en/`` into ``en/index.html``.
"""
from __future__ import annotations

import os
import re

# Where the deploy's nginx serves the folder (deploy/nginx.conf.template), under the site's address.
# NDL_PLAIN_URL changes it for the interactive site's links (another path, or a full address).
SERVED_AT = "/plain"
ENV_NAME = "NDL_PLAIN_URL"
EXAMPLES = "examples"
WALKTHROUGH = "walkthrough"  # the interactive site's address for examples
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def served_at(env=None) -> str:
    """The address of the plain edition's folder: ``NDL_PLAIN_URL`` (no trailing slash), else
    ``/plain``."""
    env = os.environ if env is None else env
    value = (env.get(ENV_NAME) or "").strip().rstrip("/")
    return value or SERVED_AT


def content_page(lang: str, slug: str) -> str:
    return f"{lang}/{'index' if slug == 'home' else slug}.html"


def examples(lang: str) -> str:
    return f"{lang}/{EXAMPLES}.html"


def scenario(lang: str, scenario_id: str) -> str:
    return f"{lang}/{EXAMPLES}/{scenario_id}.html"


def for_address(lang: str, url_path: str, *, pages: set[str] | frozenset[str],
                scenario_id: str | None = None, scenarios: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The plain page (relative to the folder) for the interactive page at ``/url_path``: a content
    page (its slug in ``pages``), the list of examples, or one example (its id in ``scenarios``).
    None for pages that only work interactively (what if, leaflets, workshops)."""
    slug = url_path.strip("/") or "home"
    if slug in pages:
        return content_page(lang, slug)
    if slug == WALKTHROUGH:
        if scenario_id and scenario_id in scenarios and _ID.match(scenario_id):
            return scenario(lang, scenario_id)
        return examples(lang)
    return None


def relative(from_file: str, to_file: str) -> str:
    """A link from one file of the edition to another (both relative to the folder), e.g.
    ``relative("en/examples/x.html", "en/index.html") == "../index.html"``."""
    from_dir = os.path.dirname(from_file)
    return os.path.relpath(to_file, from_dir or ".").replace(os.sep, "/")
