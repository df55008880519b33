"""Build one printable item (or a venue's whole pack) as PDF, only when asked."""
from __future__ import annotations

import dataclasses
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import CONTENT_DIR
from . import render
from .booklet import impose_booklet
from .fitting import fit_layout, with_classes
from .formats import BILINGUAL_LANGS, DEFAULT_VENUE, FORMATS, VENUES, Format
from .links import unseen_links
from .pdf import write_pdf
from .qr import site_url
from .source import SiteContent, content_version, load_site_content
from .words import LeafletWords, load_words
from ..problems import ContentError, Problem

DEFAULT_TOPIC = "home"
PACK_FORMATS = ("clear-print", "booklet", "large-print", "easy-read", "poster-a4", "poster-a3", "cards",
                "bilingual")


class LeafletChoiceError(ValueError):
    """An unknown format, language, topic, scenario or venue; the message lists the valid ones."""


@dataclass(frozen=True)
class Request:
    """What to print. ``topic`` and ``scenario`` are exclusive; None picks the format's default."""

    format: str
    lang: str = "en"
    topic: str | None = None
    scenario: str | None = None
    venue: str = DEFAULT_VENUE
    detail: str = "short"  # leaflets of a page: "short" (In short) or "more" (In short + More detail)


DETAILS = ("short", "more")


@dataclass(frozen=True)
class Leaflet:
    """A built item: the PDF bytes and what went into it."""

    request: Request
    subject: str  # the topic slug or scenario id printed ("all-examples" for every card)
    pdf: bytes
    rendered: render.Rendered
    tagged: bool
    pages: list = dataclasses.field(default_factory=list, compare=False, repr=False)  # layout.PageLayout
    layout_problems: tuple[str, ...] = ()  # what the chosen layout still gets wrong (normally none)

    @property
    def filename(self) -> str:
        return file_name(self.request, self.subject)


def file_name(request: Request, subject: str | None = None) -> str:
    """``ndl-<format>-<page or example>[-more]-<venue>-<lang>.pdf`` (``cy-en`` for the bilingual one)."""
    subject = subject or request.scenario or request.topic or "all-examples"
    detail = "-more" if request.detail == "more" and FORMATS[request.format].kind == "leaflet" else ""
    lang = "-".join(BILINGUAL_LANGS) if request.format in FORMATS and FORMATS[request.format].kind == "bilingual" \
        else request.lang
    return f"ndl-{request.format}-{subject}{detail}-{request.venue}-{lang}.pdf"


# --- content, loaded once per change --------------------------------------------------------

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _load(content_dir: str, lang: str, fingerprint: str) -> tuple[SiteContent, LeafletWords]:
    return load_site_content(Path(content_dir), lang), load_words(Path(content_dir), lang)


def load(lang: str = "en", content_dir: Path = CONTENT_DIR) -> tuple[SiteContent, LeafletWords]:
    """The site's words and the print words for ``lang`` (reloaded when any content file changes)."""
    languages = available_languages(content_dir)
    if lang not in languages:
        raise LeafletChoiceError(f"unknown language '{lang}'. Languages with leaflets: {', '.join(languages)}")
    with _lock:
        return _load(str(content_dir), lang, content_version(Path(content_dir), lang))


def available_languages(content_dir: Path = CONTENT_DIR) -> list[str]:
    root = Path(content_dir)
    return sorted(p.name for p in root.iterdir() if (p / "leaflets.yaml").is_file() and (p / "pages").is_dir())


def bilingual_available(content_dir: Path = CONTENT_DIR) -> bool:
    """The bilingual leaflet needs both its languages' pages and print words."""
    return set(BILINGUAL_LANGS) <= set(available_languages(content_dir))


def check_bilingual(request: Request, content_dir: Path = CONTENT_DIR) -> None:
    """The bilingual leaflet always prints Welsh then English; ``lang`` must be one of the two
    (either gives the same file). Raises LeafletChoiceError with what to do instead."""
    both = " and ".join(BILINGUAL_LANGS)
    if request.lang not in BILINGUAL_LANGS:
        raise LeafletChoiceError(f"the bilingual leaflet prints {both} together, Welsh first: use --lang "
                                 f"{' or '.join(BILINGUAL_LANGS)} (either gives the same leaflet), not '{request.lang}'")
    missing = [lang for lang in BILINGUAL_LANGS if lang not in available_languages(content_dir)]
    if missing:
        raise LeafletChoiceError(f"the bilingual leaflet needs content in {both}; missing: {', '.join(missing)}. "
                                 f"Languages with leaflets: {', '.join(available_languages(content_dir))}")
    if request.scenario:
        raise LeafletChoiceError("the bilingual leaflet prints pages of the website only: use --topic SLUG "
                                 "(see --list), or another format for an example")
    if request.detail != "short":
        raise LeafletChoiceError("the bilingual leaflet prints the In short layer only: leave out --detail, "
                                 "or use clear-print or large-print for the longer leaflet")


# --- what can be printed --------------------------------------------------------------------


def topics_for(format_id: str, site: SiteContent, words: LeafletWords) -> list[str]:
    """Page slugs the format can print, in the site's order."""
    fmt = _format(format_id)
    if not fmt.uses_topic:
        return []
    printable = [slug for slug in (words.print_topics or site.topics) if slug in site.topics]
    if fmt.kind == "easy-read":
        return [slug for slug in printable if slug in words.easy_read]
    if fmt.kind == "poster":
        return [slug for slug in printable if slug in words.posters]
    if fmt.kind == "bilingual" and words.lang not in BILINGUAL_LANGS:
        return []
    return printable


def scenarios_for(format_id: str, site: SiteContent) -> list[str]:
    fmt = _format(format_id)
    return list(site.scenarios) if fmt.uses_scenario and fmt.kind != "easy-read" else []


def default_topic(format_id: str, site: SiteContent, words: LeafletWords) -> str | None:
    topics = topics_for(format_id, site, words)
    if DEFAULT_TOPIC in topics:
        return DEFAULT_TOPIC
    return topics[0] if topics else None


def _format(format_id: str) -> Format:
    if format_id not in FORMATS:
        raise LeafletChoiceError(f"unknown format '{format_id}'. Formats: {', '.join(FORMATS)}")
    return FORMATS[format_id]


def _listing(values: list[str]) -> str:
    return ", ".join(values) if values else "(none yet)"


def resolve(request: Request, site: SiteContent, words: LeafletWords) -> tuple[str, str | None]:
    """Check a request against the content: ('topic'|'scenario'|'cards', subject id)."""
    fmt = _format(request.format)
    if request.venue not in VENUES:
        raise LeafletChoiceError(f"unknown venue '{request.venue}'. Venues: {', '.join(VENUES)}")
    if request.detail not in DETAILS:
        raise LeafletChoiceError(f"unknown detail '{request.detail}'. Details: {', '.join(DETAILS)}")
    if request.topic and request.scenario:
        raise LeafletChoiceError("choose a topic or a scenario, not both")
    scenario_error = site.extra.get("scenario_error")
    if scenario_error is not None and (request.scenario or fmt.kind == "cards"):
        raise scenario_error
    if request.scenario:
        scenarios = scenarios_for(fmt.id, site)
        if request.scenario not in scenarios:
            raise LeafletChoiceError(
                f"unknown scenario '{request.scenario}' for {fmt.id}. Scenarios: {_listing(scenarios)}")
        return ("cards" if fmt.kind == "cards" else "scenario"), request.scenario
    if fmt.kind == "cards":
        if request.topic:
            raise LeafletChoiceError("workshop cards print scenarios: use --scenario ID, or leave it out for all")
        if not site.scenarios:
            raise LeafletChoiceError("there are no scenarios yet to print as workshop cards")
        return "cards", None
    topics = topics_for(fmt.id, site, words)
    topic = request.topic or default_topic(fmt.id, site, words)
    if topic not in topics:
        extra = f" Scenarios: {_listing(scenarios_for(fmt.id, site))}" if scenarios_for(fmt.id, site) else ""
        raise LeafletChoiceError(f"unknown topic '{request.topic or ''}' for {fmt.id}. Topics: {_listing(topics)}.{extra}")
    return "topic", topic


# --- building -------------------------------------------------------------------------------


def versions_for(request: Request, kind: str, subject: str | None, content_dir: Path) -> render.Versions:
    """The item's other versions: the other languages that print the same page or example, and the
    bilingual leaflet where the page has one."""
    languages = []
    for lang in available_languages(content_dir):
        if lang == request.lang:
            continue
        try:
            site, words = load(lang, content_dir)
        except ContentError:
            continue
        if kind == "topic" and subject in topics_for(request.format, site, words):
            languages.append(lang)
        elif kind in ("scenario", "cards") and (subject is None or subject in site.scenarios):
            languages.append(lang)
    bilingual = (kind == "topic" and request.lang in BILINGUAL_LANGS and bilingual_available(content_dir)
                 and all(subject in topics_for("bilingual", *load(lang, content_dir)) for lang in BILINGUAL_LANGS))
    return render.Versions(tuple(languages), bilingual, booklet=request.format == "booklet")


def render_request(request: Request, content_dir: Path = CONTENT_DIR, base_url: str | None = None) -> tuple[render.Rendered, str]:
    """The HTML for a request (no PDF yet, its layout not yet chosen), and the subject printed."""
    base = (base_url or site_url()).rstrip("/")
    if request.format in FORMATS and FORMATS[request.format].kind == "bilingual":
        return _render_bilingual(request, content_dir, base)
    site, words = load(request.lang, content_dir)
    kind, subject = resolve(request, site, words)
    versions = versions_for(request, kind, subject, content_dir)
    fmt = FORMATS["clear-print"] if request.format == "booklet" else FORMATS[request.format]
    if kind == "cards":
        chosen = [site.scenarios[subject]] if subject else list(site.scenarios.values())
        return render.render_cards(fmt, site, words, chosen, request.venue, base, versions), subject or "all-examples"
    assert subject is not None
    if fmt.kind == "poster":
        if kind == "scenario":
            return render.render_poster(fmt, site, words, venue=request.venue, base=base,
                                        scenario=site.scenarios[subject], versions=versions), subject
        return render.render_poster(fmt, site, words, venue=request.venue, base=base,
                                    topic=site.topics[subject], versions=versions), subject
    if fmt.kind == "easy-read":
        return render.render_easy_read(fmt, site, words, subject, request.venue, base, versions), subject
    if kind == "scenario":
        return render.render_scenario_leaflet(fmt, site, words, site.scenarios[subject], request.venue, base,
                                              versions), subject
    return render.render_topic_leaflet(fmt, site, words, site.topics[subject], request.venue, base,
                                       request.detail, versions), subject


def _render_bilingual(request: Request, content_dir: Path, base: str) -> tuple[render.Rendered, str]:
    """Welsh and English side by side: the page must be printable in both languages."""
    check_bilingual(request, content_dir)
    sides = [load(lang, content_dir) for lang in BILINGUAL_LANGS]
    subjects = set()
    for lang in BILINGUAL_LANGS:
        site, words = sides[BILINGUAL_LANGS.index(lang)]
        subjects.add(resolve(Request(request.format, lang, request.topic, None, request.venue), site, words)[1])
    if len(subjects) != 1:  # the default page differs between the languages' print lists
        raise LeafletChoiceError(f"choose the page with --topic: the default differs between "
                                 f"{' and '.join(BILINGUAL_LANGS)} ({', '.join(sorted(map(str, subjects)))})")
    (subject,) = subjects
    assert subject is not None
    # Each column names the page in its own language alone (the clear print leaflet in that language).
    versions = [render.Versions((lang,)) for lang in BILINGUAL_LANGS]
    return render.render_bilingual(FORMATS[request.format], sides, subject, request.venue, base, versions), subject


def check_links(rendered: render.Rendered, request: Request, content_dir: Path) -> None:
    """Fail the build when a printed sentence still points at something the paper does not show."""
    unseen = unseen_links(rendered.html)
    if unseen:
        raise ContentError([Problem(Path(content_dir) / request.lang,
                                    f"{file_name(request)}: a link prints without its address: {link}")
                            for link in unseen])


def build_leaflet(request: Request, content_dir: Path = CONTENT_DIR, base_url: str | None = None) -> Leaflet:
    """Build the PDF for ``request``. Raises LeafletChoiceError, ContentError or PrintUnavailable."""
    rendered, subject = render_request(request, content_dir, base_url)
    check_links(rendered, request, content_dir)
    fmt = FORMATS[request.format]
    hint_key = (request.format, request.lang, subject, request.detail, str(content_dir),
                load(request.lang, content_dir)[0].version)
    laid_out = fit_layout(rendered, fmt, long_leaflet=request.detail == "more" or request.scenario is not None,
                          hint_key=hint_key)
    pdf = write_pdf(laid_out.document)
    if request.format == "booklet":
        keywords = re.search(r'<meta name="keywords" content="([^"]*)"', rendered.html)
        pdf = impose_booklet(pdf, title=rendered.title, lang=rendered.lang, keywords=keywords.group(1) if keywords else "")
    final = dataclasses.replace(rendered, html=with_classes(rendered, laid_out.variant))
    return Leaflet(request, subject, pdf, final, fmt.tagged, laid_out.pages, tuple(laid_out.problems))


def pack_requests(venue: str, lang: str = "en", content_dir: Path = CONTENT_DIR) -> list[Request]:
    """Every format once, for one venue: the default topic, and every scenario on the cards."""
    if venue not in VENUES:
        raise LeafletChoiceError(f"unknown venue '{venue}'. Venues: {', '.join(VENUES)}")
    site, words = load(lang, content_dir)
    requests = []
    for format_id in PACK_FORMATS:
        if FORMATS[format_id].kind == "bilingual":
            if lang in BILINGUAL_LANGS and bilingual_available(content_dir) and default_topic(format_id, site, words):
                requests.append(Request(format_id, lang, venue=venue))
        elif FORMATS[format_id].kind == "cards":
            if site.scenarios:
                requests.append(Request(format_id, lang, venue=venue))
        elif default_topic(format_id, site, words):
            requests.append(Request(format_id, lang, venue=venue))
    return requests


def build_pack(venue: str, out_dir: Path, lang: str = "en", content_dir: Path = CONTENT_DIR,
               base_url: str | None = None) -> list[Path]:
    """Write every format for ``venue`` into ``out_dir``; returns the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for request in pack_requests(venue, lang, content_dir):
        leaflet = build_leaflet(request, content_dir, base_url)
        path = out / leaflet.filename
        path.write_bytes(leaflet.pdf)
        written.append(path)
    return written


def safe_name(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
