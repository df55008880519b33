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
        problems.extend(unseen_link_problems(root, lang))
    return problems


CHECK_BASE = "https://ndl.example.org"  # any public address: the check is about what is printed


def unseen_link_problems(root: Path, lang: str) -> list[Problem]:
    """Printed sentences that point at something the paper does not show: a link in a page's words
    whose address is not printed with it (every page offered for print, both layers, and the
    bilingual leaflet)."""
    from .build import LeafletChoiceError, Request, bilingual_available, load, render_request, topics_for
    from .formats import BILINGUAL_LANGS
    from .links import unseen_links

    try:
        site, words = load(lang, root)
    except (ContentError, LeafletChoiceError):
        return []  # reported by the checks above
    requests = [Request("clear-print", lang, topic=slug, detail="more")
                for slug in topics_for("clear-print", site, words)]
    if lang == BILINGUAL_LANGS[0] and bilingual_available(root):
        requests += [Request("bilingual", lang, topic=slug) for slug in topics_for("bilingual", site, words)]
    problems = []
    for request in requests:
        try:
            rendered, _ = render_request(request, root, CHECK_BASE)
        except (ContentError, LeafletChoiceError):
            continue
        page = Path(root) / lang / "pages" / f"{request.topic}.md"
        for link in unseen_links(rendered.html):
            problems.append(Problem(page, f"a printed {request.format} leaflet would point at something the "
                                          f"paper does not show (a link printed without its address): {link}"))
    return problems


def check_content(root: Path, site: Any) -> list[Problem]:
    """Hook for ``python -m ndl_explain check`` (``ndl_explain.checks``)."""
    return leaflet_problems(root, site)
