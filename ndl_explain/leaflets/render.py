"""Fill the HTML + print-CSS templates with the site's words for one printable item."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..content import markdown_to_html, split_directives
from .formats import Format
from .links import address_markup, print_links, printed_address, prints_address
from .qr import QrCode, make_qr, scenario_url, topic_url
from .source import ScenarioItem, SiteContent, Topic
from .words import ICON_DIR, LeafletWords

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
BASE_DIR = Path(__file__).resolve().parent
# Formats named under "Other formats" on every item (the booklet and A3 poster are the same words).
MAX_SOURCES = 4  # sources named in short on an item; the website lists them all
OTHER_FORMATS = ("clear-print", "large-print", "easy-read", "poster-a4", "cards")
# A poster's big message is set at these sizes in turn (fit-s0, fit-s1...) until it fits its page.
POSTER_SCALES = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6)
FIT = "__FIT__"  # where the chosen layout's classes go (see layout.fit)
NOTES = "__NOTES__"  # where notes pages go, when the words cannot fill the pages any other way
# Before each sheet of workshop cards and after the last: the layout can lay out some sheets alone
# (fitting.py), since a sheet's two cards never reach another sheet.
SHEET_MARK = "<!--sheet-->"
DECIDED_PAGE = "decided"  # the page "What is and is not decided yet", pointed to from every page leaflet


@dataclass(frozen=True)
class Versions:
    """The item's other versions, named under "Other formats", and how it is set."""

    languages: tuple[str, ...] = ()  # other languages the same page or example prints in
    bilingual: bool = False  # the page prints as the bilingual (Welsh and English) leaflet
    booklet: bool = False  # set as the A5 pages of the booklet (its printing note on page 1)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["icon"] = lambda name: (ICON_DIR / f"{name}.svg").as_uri()
    env.filters["css_string"] = _css_string
    env.filters["css_counters"] = _css_counters
    return env


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:`` in page margins)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;!?'()-" else f"\\{ord(ch):x} " for ch in str(text))
    return f'"{escaped}"'


def _css_counters(text: str) -> str:
    """"Page {page} of {pages}" as CSS ``content``: "Page " counter(page) " of " counter(pages)."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", str(text)):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


@dataclass(frozen=True)
class Rendered:
    """The HTML of one item, with what it says about itself (for tests and file names)."""

    html: str
    title: str
    lang: str
    qr: QrCode | None
    qr_codes: tuple[QrCode, ...]
    key_messages: tuple[str, ...]
    fit_marks: tuple[str, ...] = (FIT,)  # placeholders the layout fills with its classes
    notes_page: str = ""  # the HTML of a notes page, for the layout to add where it must


# --- words into HTML ------------------------------------------------------------------------


def _one_line(text: Any) -> str:
    return " ".join(str(text or "").split())


def _node_name(label: str) -> str:
    """The short name of a diagram box: its words before the first colon, comma or bracket."""
    first_line = str(label or "").strip().splitlines()[0] if str(label or "").strip() else ""
    return re.split(r"[:,(]", _one_line(first_line), maxsplit=1)[0].strip()


def figure_view(figure: Any) -> dict[str, Any]:
    """A website figure as plain values for the print template (same data, drawn with text)."""
    spec = figure.spec
    view: dict[str, Any] = {"kind": figure.kind, "title": figure.title, "caption": figure.caption}
    if figure.kind == "spectrum":
        steps = spec.get("steps", [])
        last = max(1, len(steps) - 1)
        view["steps"] = [
            {"label": _one_line(s.get("label")), "meaning": _one_line(s.get("meaning")),
             "example": _one_line(s.get("example")), "shade": round(i * 3 / last)}
            for i, s in enumerate(steps)
        ]
    elif figure.kind == "bar":
        rows = spec.get("data", [])
        top = max((float(r["value"]) for r in rows), default=1.0) or 1.0
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            groups.setdefault(str(r.get("group") or figure.title), []).append(
                {"label": _one_line(r["label"]), "value": r["value"],
                 "percent": round(float(r["value"]) / top * 100, 1)})
        view["groups"] = [{"name": name, "rows": items} for name, items in groups.items()]
    elif figure.kind == "flow":
        names = {n["id"]: _node_name(n.get("label", n["id"])) for n in spec.get("nodes", [])}
        view["edges"] = [
            {"from": names.get(e["from"], e["from"]), "to": names.get(e["to"], e["to"]),
             "label": _one_line(e.get("label"))}
            for e in spec.get("edges", [])
        ]
    return view


def markdown_block(text: str, site: SiteContent, base: str, labels: dict[str, str] | None = None) -> Markup:
    """A layer of a page as print HTML: Markdown through the site's own converter.

    Every link gets its printed address after it ("(see ndl.example.org/what-it-is)"), so no
    sentence points at something the paper does not show. Figures become their title and text
    description (the chart itself lives on the website); the page-only markers ([[glossary]],
    [[bibliography]]) are printed elsewhere on a leaflet.
    """
    parts: list[str] = []
    labels = labels or {}
    figures = site.extra.get("figures", {})
    see = labels.get("link_see", "({address})")
    for kind, value in split_directives(text):
        if kind == "markdown":
            parts.append(print_links(markdown_to_html(value or ""), base, site.lang, see))
        elif kind == "figure" and value in figures:
            parts.append(environment().get_template("figure.html").render(
                fig=figure_view(figures[value]), L=labels))
    return Markup("\n".join(parts))


def plain(text: str) -> str:
    """Markdown emphasis and links stripped, for short lines such as poster facts."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]+", "", text).strip()


def long_date(iso: str, words: LeafletWords) -> str:
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    months = words.labels.get("months", "").split()
    month = months[day.month - 1] if len(months) == 12 else day.strftime("%B")
    return f"{day.day} {month} {day.year}"


# --- the pieces every item carries ----------------------------------------------------------


def fill(label: str, **values: Any) -> Markup:
    """A label with {placeholders} filled: the label's words escaped, the values kept as markup."""
    out = Markup("")
    for piece in re.split(r"(\{[a-z_]+\})", label):
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        out += values[name] if name in values else escape(piece)
    return out


def other_formats(fmt: Format, words: LeafletWords, versions: Versions) -> list[str]:
    """The other formats named on an item: the format family's others, the item in the other
    languages it prints in, and the bilingual leaflet where the page has one."""
    family = {"booklet": "clear-print", "poster-a3": "poster-a4"}.get(fmt.id, fmt.id)
    names = [words.format_names[f] for f in OTHER_FORMATS if f != family]
    names += [words.language_versions[lang] for lang in versions.languages if lang in words.language_versions]
    if versions.bilingual and fmt.kind != "bilingual":
        names.append(words.format_names["bilingual"])
    return names


def decided_pointer(site: SiteContent, words: LeafletWords, slug: str, base: str, printed: str) -> Markup | None:
    """A line for the notice of a page's leaflet: where to read what was and was not decided, by the
    page's own title and its printed address. Every leaflet says the NDL is not decided policy, so
    every one points there, unless its words (``printed``, as HTML) already print the address, or it
    is that page."""
    if slug == DECIDED_PAGE or DECIDED_PAGE not in site.topics:
        return None
    url = topic_url(DECIDED_PAGE, base, site.lang)
    address = printed_address(url)
    if prints_address(printed, address):
        return None
    title = Markup(f'<a href="{escape(url)}">{escape(site.topics[DECIDED_PAGE].title)}</a>')
    return fill(words.labels["decided_pointer"], title=title, address=address_markup(address))


def draft_notice(words: LeafletWords, *items: Any) -> str | None:
    """The draft-translation notice, while the print words or the page or example printed are a draft."""
    if words.draft or any(getattr(item, "translation", "") == "draft" for item in items):
        return words.labels["draft_translation"]
    return None


def _common(fmt: Format, site: SiteContent, words: LeafletWords, venue: str, title: str,
            url: str, updated: str, source_ids: tuple[str, ...], css_extra: dict[str, Any],
            versions: Versions = Versions(), draft: str | None = None) -> dict[str, Any]:
    qr = make_qr(url)
    source_lines = [site.sources[s].brief for s in source_ids if s in site.sources]
    limit = 2 if fmt.kind == "poster" else MAX_SOURCES
    if len(source_lines) > limit:  # the rest are named on the website's sources page
        hidden = len(source_lines) - limit
        source_lines = source_lines[:limit] + [words.label("more_sources", n=hidden)]
    base = "/".join(url.split("/", 3)[:3])
    sources_page = topic_url("sources", base, site.lang) if "sources" in site.topics else url
    names = other_formats(fmt, words, versions)
    sizes = _sizes(fmt)
    booklet_note = words.labels["booklet_note"] if versions.booklet else ""
    css = environment().get_template("print.css.j2").render(
        fmt=fmt, s=sizes, L=words.labels, poster_scales=POSTER_SCALES, booklet_note=booklet_note, **css_extra)
    date = long_date(updated, words)
    return {
        "fmt": fmt,
        "lang": site.extra.get("html_lang", site.lang),
        "words": words,
        "L": words.labels,
        "venue": words.venues[venue],
        "title": title,
        "url": url,
        "address": address_markup(printed_address(url)),
        "qr": qr,
        "qr_alt": words.label("qr_alt", url=url),
        "reviewed_line": words.label("reviewed_line", date=date),
        "reviewed_short": words.label("reviewed_short", date=date),
        "easy_reviewed": words.label("easy_reviewed", date=date),
        "keywords": site.version,
        "sources": source_lines,
        "sources_online": fill(words.labels["sources_online"], url=address_markup(printed_address(sources_page))),
        "other_formats": ", ".join(names),
        "other_format_list": names,
        "draft": draft,
        "css": Markup(css),
        "s": sizes,
        "fit": FIT,
    }


def _sizes(fmt: Format) -> dict[str, str]:
    """Type sizes for the format, in points; nothing is ever set below ``fmt.min_pt``."""
    b = fmt.body_pt

    def pt(factor: float) -> str:
        return f"{max(fmt.min_pt, round(b * factor * 2) / 2):g}pt"

    return {
        "body": pt(1.0),
        "small": f"{fmt.min_pt:g}pt",
        "lead": pt(1.12),
        "h1": pt(1.75),
        "h2": pt(1.3),
        "h3": pt(1.1),
        "big": pt(2.1),
        "huge": pt(2.6),
    }


# --- the four layouts -----------------------------------------------------------------------


def render_topic_leaflet(fmt: Format, site: SiteContent, words: LeafletWords, topic: Topic,
                         venue: str, base: str, detail: str = "short", versions: Versions = Versions()) -> Rendered:
    url = topic_url(topic.slug, base, site.lang)
    ctx = _common(fmt, site, words, venue, topic.title, url, topic.updated, topic.sources, {}, versions,
                  draft_notice(words, topic))
    more = topic.more if detail == "more" else ""
    # The words list: always on the longer leaflet; on the short one only where it fills a page
    # that would otherwise be left half empty (the In short layer explains its words as it goes).
    glossary = site.glossary_for(topic.short, more)
    short_html = markdown_block(topic.short, site, base, words.labels)
    more_html = markdown_block(more, site, base, words.labels) if more.strip() else None
    ctx.update(
        topic=topic,
        short_html=short_html,
        more_html=more_html,
        glossary=glossary,
        decided=decided_pointer(site, words, topic.slug, base, short_html + (more_html or "")),
    )
    html = environment().get_template("leaflet.html").render(**ctx)
    return Rendered(html, topic.title, ctx["lang"], ctx["qr"], (ctx["qr"],),
                    (topic.title, words.labels["proposal_notice"]), (FIT, NOTES), notes_page(words))


def render_scenario_leaflet(fmt: Format, site: SiteContent, words: LeafletWords, scenario: ScenarioItem,
                            venue: str, base: str, versions: Versions = Versions()) -> Rendered:
    url = scenario_url(scenario.id, base, site.lang)
    ctx = _common(fmt, site, words, venue, scenario.title, url, scenario.updated, scenario.sources, {}, versions,
                  draft_notice(words, scenario))
    ctx.update(scenario=scenario, status=status_label(scenario, words),
               glossary=site.glossary_for(scenario.summary, scenario.purpose))
    html = environment().get_template("scenario.html").render(**ctx)
    return Rendered(html, scenario.title, ctx["lang"], ctx["qr"], (ctx["qr"],),
                    (scenario.title, status_label(scenario, words), words.labels["proposal_notice"]),
                    (FIT, NOTES), notes_page(words))


def notes_page(words: LeafletWords) -> str:
    """A page for the reader's notes (see parts.html), in the leaflet's language."""
    return str(environment().get_template("parts.html").module.notes(words.labels))


def render_easy_read(fmt: Format, site: SiteContent, words: LeafletWords, slug: str, venue: str,
                     base: str, versions: Versions = Versions()) -> Rendered:
    easy = words.easy_read[slug]
    topic = site.topics.get(slug)
    url = topic_url(slug, base, site.lang)
    updated = topic.updated if topic else ""
    sources = topic.sources if topic else ()
    ctx = _common(fmt, site, words, venue, easy.title, url, updated, sources, {}, versions,
                  draft_notice(words, topic))
    ctx.update(easy=easy, icon_alt=words.icon_alt)
    html = environment().get_template("easy_read.html").render(**ctx)
    return Rendered(html, easy.title, ctx["lang"], ctx["qr"], (ctx["qr"],),
                    (easy.title, easy.ideas[0].text))


def render_poster(fmt: Format, site: SiteContent, words: LeafletWords, *, venue: str, base: str,
                  topic: Topic | None = None, scenario: ScenarioItem | None = None,
                  versions: Versions = Versions()) -> Rendered:
    tag = ""
    if scenario is not None:
        url = scenario_url(scenario.id, base, site.lang)
        big = scenario.title
        # The scenario's own fields, each with its label: who asks, who holds the data, what for.
        facts = [(words.labels[key], value) for key, value in (
            ("who_asks", scenario.requester), ("who_holds", scenario.holder), ("what_for", scenario.purpose))
            if value]
        updated, sources, title = scenario.updated, scenario.sources, scenario.title
        sub, tag = "", status_label(scenario, words)  # the facts below say what happens
        item: Any = scenario
    else:
        assert topic is not None
        poster = words.posters[topic.slug]
        url = topic_url(topic.slug, base, site.lang)
        big, sub = poster.big_message, poster.sub_message
        facts = [("", fact) for fact in poster.facts]
        updated, sources, title = topic.updated, topic.sources, poster.big_message
        item = topic
    notice = words.labels["proposal_notice"]
    ctx = _common(fmt, site, words, venue, title, url, updated, sources, {}, versions, draft_notice(words, item))
    ctx.update(big=big, sub=sub, tag=tag, facts=[(label, plain(f)) for label, f in facts], notice=notice)
    html = environment().get_template("poster.html").render(**ctx)
    return Rendered(html, title, ctx["lang"], ctx["qr"], (ctx["qr"],),
                    (big, *(plain(f) for _, f in facts[:3])))


def status_label(scenario: ScenarioItem, words: LeafletWords) -> str:
    """The tag saying what kind of example a scenario is (made up, real, from the sources)."""
    return words.labels.get(f"status_{scenario.status}", words.labels["status_hypothetical"])


def card_mark(index: int) -> str:
    """The placeholder for one card's layout classes (cards are fitted one by one)."""
    return f"__FIT_CARD_{index}__"


def render_cards(fmt: Format, site: SiteContent, words: LeafletWords, scenarios: list[ScenarioItem],
                 venue: str, base: str, versions: Versions = Versions()) -> Rendered:
    updated = max((s.updated for s in scenarios), default="")
    sources = tuple(dict.fromkeys(s for sc in scenarios for s in sc.sources))
    title = words.format_names["cards"]
    ctx = _common(fmt, site, words, venue, title, topic_url("walkthrough", base, site.lang), updated, sources, {},
                  versions, draft_notice(words, *scenarios))
    # How to use the cards and where to find out more come first: the facilitator reads them first,
    # and every sheet still cuts the same way.
    cards: list[dict[str, Any]] = [{"kind": "questions"}, {"kind": "about"}]
    for number, scenario in enumerate(scenarios, 1):
        url = scenario_url(scenario.id, base, site.lang)
        cards.append({
            "kind": "scenario",
            "number": number,
            "scenario": scenario,
            "status": status_label(scenario, words),
            "qr": make_qr(url),
            "address": address_markup(printed_address(url)),
        })
    for index, card in enumerate(cards, 1):
        card["index"] = index
        card["fit"] = card_mark(index)
    sheets = [cards[i:i + 2] for i in range(0, len(cards), 2)]
    ctx.update(sheets=sheets, total=len(scenarios), questions=words.card_questions, sheet_mark=Markup(SHEET_MARK))
    html = environment().get_template("cards.html").render(**ctx)
    return Rendered(html, title, ctx["lang"], ctx["qr"], tuple(c["qr"] for c in cards if "qr" in c) + (ctx["qr"],),
                    tuple(s.title for s in scenarios), (FIT, *(card_mark(i) for i in range(1, len(cards) + 1))))


def render_bilingual(fmt: Format, sides: list[tuple[SiteContent, LeafletWords]], slug: str, venue: str,
                     base: str, versions: list[Versions] | None = None) -> Rendered:
    """One page of the site in two languages, side by side (the first language on the left).

    Each language is filled exactly as its own leaflet would be (``_common`` and the page's In
    short layer), so the words are the site's own; the template puts the two in separate blocks,
    each marked with its language, at the same size and weight.
    """
    columns: list[dict[str, Any]] = []
    pair = [words.labels for _, words in sides]  # the page footers, one under each column
    for index, (site, words) in enumerate(sides):
        topic = site.topics[slug]
        url = topic_url(slug, base, site.lang)
        ctx = _common(fmt, site, words, venue, topic.title, url, topic.updated, topic.sources, {"pair": pair},
                      versions[index] if versions else Versions(), draft_notice(words, topic))
        short_html = markdown_block(topic.short, site, base, words.labels)
        ctx.update(topic=topic, short_html=short_html, icon_alt=words.icon_alt,
                   decided=decided_pointer(site, words, slug, base, short_html))
        columns.append(ctx)
    first = columns[0]
    title = " / ".join(c["topic"].title for c in columns)
    brand = " / ".join(c["L"]["brand"] for c in columns)
    description = " ".join(f'{c["L"]["proposal_notice"]} {c["reviewed_line"]}' for c in columns)
    html = environment().get_template("bilingual.html").render(
        fmt=fmt, lang=first["lang"], L=first["L"], title=title, brand=brand, description=description,
        css=first["css"], columns=columns, keywords=first["keywords"], fit=FIT)
    messages = tuple(c["topic"].title for c in columns) + tuple(c["L"]["proposal_notice"] for c in columns)
    return Rendered(html, title, first["lang"], first["qr"], tuple(c["qr"] for c in columns), messages)
