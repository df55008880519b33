"""The site's own pages, scenarios, glossary and sources, seen the way print needs them.

Leaflets never keep their own copy of the facts: everything here is read from the same
content files the website shows, through ``ndl_explain.content`` and ``ndl_explain.scenarios``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..problems import ContentError


@dataclass(frozen=True)
class SourceRef:
    """A source as print names it, in the print's language (``Site.sources_in``: content/<lang>/sources.yaml
    for the words, content/sources.yaml for the year and address)."""

    id: str
    title: str
    publisher: str
    year: str
    url: str = ""

    @property
    def is_law(self) -> bool:
        """A law or regulation (published on legislation.gov.uk): its name says what it is, its
        publisher does not."""
        return urlsplit(self.url).hostname in LAW_HOSTS

    @property
    def short(self) -> str:
        """``Publisher (year), Title`` with long names shortened to their abbreviation, for print."""
        publisher = abbreviate(self.publisher)
        return f"{publisher} ({self.year}), {self.title}" if self.year else f"{publisher}, {self.title}"

    @property
    def brief(self) -> str:
        """The shortest form (a poster's, a card's or a leaflet's list of sources): ``Publisher (year)``
        for a report; a law by its own name ("Data Protection Act 2018", "UK GDPR"), since "UK
        Parliament (2018)" would not say which law."""
        if self.is_law and self.title:
            return short_title(self.title)
        publisher = re.sub(r"\s*\([^)]*\)", "", abbreviate(self.publisher)).strip()
        return f"{publisher} ({self.year})" if self.year else publisher


LAW_HOSTS = frozenset({"www.legislation.gov.uk", "legislation.gov.uk"})
# "for the" in the languages the site is written in: "Kantar, for the Department ... (DCMS)" and
# "Kantar, ar gyfer yr Adran ... (DCMS)" both shorten to the abbreviation after the same word.
_FOR_THE = r"(for|ar\s+gyfer)\s+(?:the|yr|y)"


def abbreviate(name: str) -> str:
    """"Ipsos UK, for the Department for Science, Innovation and Technology (DSIT)" becomes
    "Ipsos UK for DSIT" ("Ipsos UK, ar gyfer yr Adran ... (DSIT)": "Ipsos UK ar gyfer DSIT"): an
    organisation written out in full and then abbreviated in brackets (the whole name, or the part
    after "for the") is replaced by its abbreviation."""
    match = re.match(rf"^(?:(.*?),?\s+{_FOR_THE}\s+)?([^()]+?)\s*\(([A-Z]{{2,}})\)\s*$", name)
    if not match:
        return name
    before, connector, _full, abbr = match.groups()
    return f"{before} {' '.join(connector.split())} {abbr}" if before else abbr


def short_title(title: str) -> str:
    """A title that ends with its own short name in brackets is printed as that name: "UK General
    Data Protection Regulation (UK GDPR)" as "UK GDPR" ("... (GDPR y DU)" as "GDPR y DU")."""
    match = re.match(r"^.+?\s*\(([^()]*[A-Z]{2,}[^()]*)\)\s*$", title)
    return match.group(1).strip() if match else title


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    summary: str
    short: str  # Markdown: the "In short" layer
    more: str  # Markdown: the "More detail" layer
    sources: tuple[str, ...]
    updated: str = ""
    section: str = ""
    translation: str = ""  # "draft" while a fluent speaker has not checked a translation


@dataclass(frozen=True)
class Step:
    title: str
    who: str = ""
    data: str = ""
    why: str = ""
    rules: str = ""


@dataclass(frozen=True)
class ScenarioItem:
    id: str
    title: str
    summary: str
    status: str = ""
    requester: str = ""
    holder: str = ""
    purpose: str = ""
    data: str = ""
    gets: tuple[str, ...] = ()
    never_gets: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    benefits: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    updated: str = ""
    status_note: str = ""
    translation: str = ""  # "draft" while a fluent speaker has not checked a translation


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    meaning: str
    also: tuple[str, ...] = ()

    def pattern(self) -> re.Pattern[str]:
        names = sorted({self.term, *self.also}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class SiteContent:
    lang: str
    topics: dict[str, Topic]
    scenarios: dict[str, ScenarioItem]
    sources: dict[str, SourceRef]
    glossary: tuple[GlossaryTerm, ...]
    version: str
    extra: dict[str, Any] = field(default_factory=dict)

    def glossary_for(self, *markdown: str) -> list[GlossaryTerm]:
        text = "\n".join(markdown)
        return [term for term in self.glossary if term.pattern().search(text)]


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return "; ".join(_s(v) for v in value)
    if isinstance(value, dict):
        # e.g. {"name": ..., "about": ...} or {"type": ..., "example": ...}
        parts = [_s(v) for v in value.values() if isinstance(v, (str, int, float))]
        return " — ".join(p for p in parts if p)
    return " ".join(str(value).split())


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(_s(v) for v in value if _s(v))
    return (_s(value),) if _s(value) else ()


def content_version(content_dir: Path, lang: str) -> str:
    """A short fingerprint of the words: it changes whenever any content file changes.

    It keys the caches, and is kept in each PDF's keywords (not printed: readers get the date the
    words were reviewed), so a file can be matched to the site's words.
    """
    digest = hashlib.sha256()
    root = Path(content_dir)
    files = sorted(p for p in (root / lang).rglob("*") if p.is_file())
    files += [p for p in [root / "sources.yaml"] if p.is_file()]
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


# --- the site's content engine -------------------------------------------------------------


def _topic(page: Any) -> Topic:
    layers = _get(page, "layers") or {}
    return Topic(
        slug=_s(_get(page, "slug")),
        title=_s(_get(page, "title")),
        summary=_s(_get(page, "summary")),
        short=str(layers.get("short") or ""),
        more=str(layers.get("more") or ""),
        sources=tuple(_s(s) for s in (_get(page, "sources") or ())),
        updated=_s(_get(page, "updated")),
        section=_s(_get(page, "section")),
        translation=_s(_get(page, "translation")),
    )


def _step(step: Any) -> Step:
    return Step(
        title=_s(_get(step, "title")),
        who=_s(_get(step, "who")),
        data=_s(_get(step, "data")),
        why=_s(_get(step, "why")),
        rules=_s(_get(step, "rules")),
    )


def _benefits(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple, str)):
        return _list(value)
    # Benefits(you, community, services): every benefit, in that order
    found: list[str] = []
    for part in ("you", "community", "services"):
        found.extend(_list(_get(value, part)))
    return tuple(found)


def _name(value: Any) -> str:
    """A party or data block as words: its name or description, never its type id."""
    if value is None or isinstance(value, str):
        return _s(value)
    for attribute in ("name", "description"):
        text = _get(value, attribute)
        if text:
            return _s(text)
    return _s(value)


def _scenario(item: Any) -> ScenarioItem:
    return ScenarioItem(
        id=_s(_get(item, "id")),
        title=_s(_get(item, "title")),
        summary=_s(_get(item, "summary")),
        status=_s(_get(item, "status")),
        requester=_name(_get(item, "requester")),
        holder=_name(_get(item, "holder")),
        purpose=_s(_get(item, "purpose")),
        data=_name(_get(item, "data")),
        gets=_list(_get(item, "gets")),
        never_gets=_list(_get(item, "never_gets")),
        steps=tuple(_step(s) for s in (_get(item, "steps") or ())),
        benefits=_benefits(_get(item, "benefits")),
        risks=_list(_get(item, "risks")),
        sources=tuple(_s(s) for s in (_get(item, "sources") or ())),
        updated=_s(_get(item, "updated")),
        status_note=_s(_get(item, "status_note")),
        translation=_s(_get(item, "translation")),
    )


def _source(sid: str, entry: Any) -> SourceRef:
    return SourceRef(
        id=sid,
        title=_s(_get(entry, "title")),
        publisher=_s(_get(entry, "publisher")),
        year=_s(_get(entry, "year")),
        url=_s(_get(entry, "url")),
    )


def load_site_content(content_dir: Path, lang: str) -> SiteContent:
    """Everything print needs in ``lang``, read through the site's own loaders.

    Raises ``ContentError`` when the content has mistakes, and ``KeyError`` for an unknown language.
    """
    from ..content import load_site

    site = load_site(Path(content_dir))
    language = site.language(lang)  # KeyError for a language with no content
    topics = {p.slug: _topic(p) for p in site.pages(lang)}
    # The sources in the print's own words (a Welsh leaflet names them in Welsh).
    sources = {sid: _source(sid, entry) for sid, entry in site.sources_in(lang).items()}
    glossary = tuple(
        GlossaryTerm(g.term, _s(g.meaning), tuple(g.also)) for g in site.glossary(lang)
    )
    scenarios: dict[str, ScenarioItem] = {}
    try:
        from ..scenarios import load_scenarios
    except ImportError:  # the scenario engine is optional: topics still print
        load_scenarios = None  # type: ignore[assignment]
    scenario_error: ContentError | None = None
    if load_scenarios is not None and (Path(content_dir) / lang / "scenarios").is_dir():
        try:
            loaded = load_scenarios(Path(content_dir), lang)
        except ContentError as exc:
            # Pages still print; asking for a scenario raises this error (and the checks report it).
            scenario_error = exc
            loaded = {}
        for item in (loaded.values() if isinstance(loaded, dict) else loaded):
            scenario = _scenario(item)
            scenarios[scenario.id] = scenario
    version = content_version(Path(content_dir), lang)
    figures = {}
    for topic in topics.values():
        for fid in FIGURE_RE.findall(topic.short + "\n" + topic.more):
            figure = site.figure(lang, fid)
            if figure is not None:
                figures[fid] = figure
    return SiteContent(lang, topics, scenarios, sources, glossary, version,
                       extra={"html_lang": language.html_lang, "figures": figures,
                              "scenario_error": scenario_error})


FIGURE_RE = re.compile(r"^\s*\[\[\s*figure\s*:\s*([A-Za-z0-9_-]+)\s*\]\]\s*$", re.MULTILINE)
