"""Checks for the print words (content/<lang>/leaflets.yaml) against the site's pages."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..problems import ContentError, Problem
from ..yamlfile import read_yaml_file
from .words import load_words


def leaflet_problems(content_dir: Path, site: Any = None) -> list[Problem]:
    """Every mistake in every language's leaflets.yaml (empty when all is well)."""
    root = Path(content_dir)
    if site is None:
        from ..content import load_site

        try:
            site = load_site(root)
        except ContentError as exc:
            return exc.problems
    problems: list[Problem] = []
    for lang_dir in sorted(p for p in root.iterdir() if (p / "leaflets.yaml").is_file()):
        lang = lang_dir.name
        try:
            words = load_words(root, lang)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        slugs = {page.slug for page in site.pages(lang)} if lang in site.languages else set()
        _, lines = read_yaml_file(words.path)
        for section, keys in (("print_topics", words.print_topics), ("easy_read", words.easy_read),
                              ("posters", words.posters)):
            for i, slug in enumerate(keys):
                if slug not in slugs:
                    where = lines.line(section, i) if section == "print_topics" else lines.line(section, slug)
                    problems.append(Problem(words.path, f"{section}: there is no page '{slug}' in "
                                            f"content/{lang}/pages/. Pages: {', '.join(sorted(slugs))}", where))
    return problems


def check_content(root: Path, site: Any) -> list[Problem]:
    """Hook for ``python -m ndl_explain check`` (``ndl_explain.checks``)."""
    return leaflet_problems(root, site)
