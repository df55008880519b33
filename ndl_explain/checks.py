"""Every content check in one place: structure (from loading), plain-English gates and glossary cover.

Used by ``python -m ndl_explain check`` and by the test suite."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

from . import CONTENT_DIR
from .content import Site, load_site
from .problems import ContentError, Problem
from .readability import measure


def readability_problems(site: Site) -> list[Problem]:
    """The *In short* layer of every page must pass the plain-language gates."""
    problems = []
    for lang in site.languages:
        for page in site.pages(lang):
            result = measure(page.layers["short"])
            for message in result.problems(allowed_words=page.allow_words, english=lang == "en"):
                problems.append(Problem(page.path, f"'In short' layer: {message}",
                                        page.layer_lines.get("short")))
    return problems


def glossary_problems(site: Site) -> list[Problem]:
    """Technical words on the watchlist that a page uses must be defined in the glossary."""
    problems = []
    for lang, language in site.languages.items():
        names = {n.lower() for term in site.glossary(lang) for n in term.names}
        for page in site.pages(lang):
            text = "\n".join(page.layers.values())
            for word in language.jargon_watchlist:
                if word.lower() in names:
                    continue
                if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
                    problems.append(Problem(page.path, f"the page uses '{word}' but the glossary "
                                            f"(content/{lang}/glossary.yaml) does not explain it."))
    return problems


def _optional_checks(root: Path, site: Site) -> list[Problem]:
    """Checks contributed by other parts of the core (scenarios, leaflets, workshop words)."""
    problems: list[Problem] = []
    for module_name in ("ndl_explain.scenarios", "ndl_explain.workshop", "ndl_explain.leaflets.checks",
                        "ndl_explain.search"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        check = getattr(module, "check_content", None)
        if check is not None:
            try:
                problems.extend(check(root, site))
            except ContentError as exc:
                problems.extend(exc.problems)
    return problems


def run_checks(root: Path = CONTENT_DIR) -> list[Problem]:
    """All problems in the content under ``root`` (empty list when everything is fine)."""
    try:
        site = load_site(root)
    except ContentError as exc:
        return exc.problems
    return readability_problems(site) + glossary_problems(site) + _optional_checks(Path(root), site)
