"""The content engine: reads pages, glossary, figures and sources from ``content/``, validates them,
and gives the rest of the site plain dataclasses. Knows nothing of Streamlit."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import markdown as md_lib
import nh3

from . import CONTENT_DIR
from .problems import ContentError, Problem
from .yamlfile import LineMap, parse_yaml, read_yaml_file

LAYERS = ("short", "more", "full")
SECTIONS = ("understand", "examples", "take-part", "about")
NATIONS = ("england", "scotland", "wales", "northern-ireland")
FIGURE_KINDS = ("bar", "flow", "spectrum")
TRANSLATION_STATES = ("draft", "reviewed")  # draft: not yet checked by a fluent speaker
DIRECTIVE_RE = re.compile(r"^\[\[\s*([a-z-]+)(?:\s*:\s*([A-Za-z0-9_-]+))?\s*\]\]\s*$")
DIRECTIVES = ("figure", "glossary", "bibliography", "contact", "routes")
RAW_HTML_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|/[A-Za-z]|!--)[^>]*>")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --------------------------------------------------------------------------- dataclasses
@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    about: str
    url: str | None = None
    not_online: str | None = None  # why there is no checked web address (instead of url)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    html_lang: str
    layer_headings: dict[str, str]
    jargon_watchlist: tuple[str, ...] = ()
    # "draft" while any of this language's words have not yet been checked by a fluent speaker: the
    # frame then shows the draft-translation notice on every page. None for the site's own language.
    translation: str | None = None
    # In a language other than the one participants spoke, the label that introduces a quote's
    # rendering, e.g. "Cyfieithiad" for '> "exact words" [Cyfieithiad: "..."] — who'. Every quote in
    # that language's files must have one (checks.py).
    quote_translation: str | None = None


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    meaning: str
    also: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.also)

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


@dataclass(frozen=True)
class Figure:
    id: str
    kind: str
    title: str
    alt: str
    caption: str
    sources: tuple[str, ...]
    spec: dict[str, Any]


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    title: str
    summary: str
    section: str
    order: int
    sources: tuple[str, ...]
    updated: dt.date
    layers: dict[str, str]
    path: Path
    nav_title: str | None = None
    icon: str | None = None
    proposal_notice: bool = True
    nation_notes: dict[str, str] = field(default_factory=dict)
    allow_words: frozenset[str] = frozenset()
    translation: str | None = None
    layer_lines: dict[str, int] = field(default_factory=dict)

    @property
    def menu_title(self) -> str:
        return self.nav_title or self.title

    def visible_layers(self, detail: str) -> list[str]:
        """The layers shown at detail level ``detail``: that layer and the ones above it."""
        if detail not in LAYERS:
            detail = LAYERS[0]
        return list(LAYERS[: LAYERS.index(detail) + 1])


@dataclass
class Site:
    """All content, validated. Build it with :func:`load_site`."""

    root: Path
    sources: dict[str, Source]
    languages: dict[str, Language]
    _pages: dict[str, dict[str, Page]]
    _glossary: dict[str, list[GlossaryTerm]]
    _figures: dict[str, dict[str, Figure]]
    _source_words: dict[str, dict[str, Source]] = field(default_factory=dict)

    def sources_in(self, lang: str) -> dict[str, Source]:
        """The bibliography with titles and descriptions in ``lang`` (content/<lang>/sources.yaml);
        year and address always come from content/sources.yaml."""
        return self._source_words.get(lang, self.sources)

    def source(self, lang: str, source_id: str) -> Source | None:
        return self.sources_in(lang).get(source_id)

    def pages(self, lang: str) -> list[Page]:
        section_rank = {s: i for i, s in enumerate(SECTIONS)}
        return sorted(
            self._pages.get(lang, {}).values(),
            key=lambda p: (section_rank[p.section], p.order, p.slug),
        )

    def page(self, lang: str, slug: str) -> Page | None:
        return self._pages.get(lang, {}).get(slug)

    def glossary(self, lang: str) -> list[GlossaryTerm]:
        return sorted(self._glossary.get(lang, []), key=lambda g: g.term.lower())

    def figure(self, lang: str, figure_id: str) -> Figure | None:
        return self._figures.get(lang, {}).get(figure_id)

    def language(self, lang: str) -> Language:
        return self.languages[lang]


# --------------------------------------------------------------------------- helpers
def _type_name(kind: Any) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
             dict: "a set of 'key: value' lines", dt.date: "a date like 2026-11-22"}
    return names.get(kind, getattr(kind, "__name__", str(kind)))


class _FieldChecker:
    """Checks the fields of one YAML mapping and records problems with line numbers."""

    def __init__(self, path: Path, data: dict, lines: LineMap, problems: list[Problem],
                 prefix: tuple = (), what: str = "this file"):
        self.path, self.data, self.lines, self.problems = path, data, lines, problems
        self.prefix, self.what = prefix, what

    def problem(self, message: str, *key: Any) -> None:
        self.problems.append(Problem(self.path, message, self.lines.line(*self.prefix, *key)))

    def get(self, key: str, kind: type, required: bool = True, default: Any = None) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(f"{self.what} needs a '{key}:' field ({_type_name(kind)}).")
            return default
        value = self.data[key]
        if kind is dt.date and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is str and ok and not value.strip():
            self.problem(f"'{key}' is empty; write some text after '{key}:'.", key)
            return default
        if not ok:
            self.problem(f"'{key}' must be {_type_name(kind)}, not {value!r:.60}.", key)
            return default
        return value

    def text_list(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.get(key, list, required=required, default=[])
        bad = [i for i, item in enumerate(value) if not isinstance(item, str) or not item.strip()]
        for i in bad:
            self.problem(f"item {i + 1} of '{key}' must be text.", key, i)
        return tuple(item for item in value if isinstance(item, str) and item.strip())

    def unknown(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                self.problem(
                    f"unknown field '{key}'. Fields allowed here: {', '.join(allowed)}. "
                    "Check the spelling.", key)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a page file into (front matter YAML, body, line number where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError([Problem(path, "the file must start with a line '---', then the page's "
                                    "facts (slug, title, ...), then another '---' line.", 1)])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise ContentError([Problem(path, "the front matter is never closed: add a line '---' after "
                                "the page's facts (slug, title, ...).", 1)])


def markdown_to_html(text: str) -> str:
    """Markdown to safe HTML (raw HTML in the text is removed), for leaflets and exports."""
    html = md_lib.markdown(text, extensions=["sane_lists", "tables"])
    return nh3.clean(html)


def terms_used(text: str, glossary: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """Glossary terms that appear in ``text`` (any of their names, whole words, any case)."""
    found = []
    for term in glossary:
        for name in term.names:
            if re.search(rf"(?<![\w-]){re.escape(name)}(?:s|es)?(?![\w-])", text, re.IGNORECASE):
                found.append(term)
                break
    return found


# --------------------------------------------------------------------------- loaders
def _load_sources(root: Path, problems: list[Problem]) -> dict[str, Source]:
    path = root / "sources.yaml"
    if not path.exists():
        problems.append(Problem(path, "the bibliography file is missing."))
        return {}
    try:
        data, lines = read_yaml_file(path)
    except ContentError as exc:
        problems.extend(exc.problems)
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(path, "must be a list of sources, each 'id:' followed by its fields.", 1))
        return {}
    sources = {}
    for source_id, fields in data.items():
        if not isinstance(fields, dict):
            problems.append(Problem(path, f"source '{source_id}' needs fields (title, publisher, year, about).",
                                    lines.line(source_id)))
            continue
        fields = {k: (v["quote"] if isinstance(v, dict) and set(v) == {"quote"} else v)
                  for k, v in fields.items()}
        check = _FieldChecker(path, fields, lines, problems, (source_id,), f"source '{source_id}'")
        check.unknown(("title", "publisher", "year", "url", "not_online", "about"))
        url = check.get("url", str, required=False)
        if url and not re.match(r"^https?://", url):
            check.problem("'url' must start with https:// or http://.", "url")
        not_online = check.get("not_online", str, required=False)
        if url and not_online:
            check.problem("give either 'url' (a checked web address) or 'not_online' (why there is "
                          "none), not both.", "not_online")
        values = (check.get("title", str), check.get("publisher", str), check.get("year", int),
                  check.get("about", str))
        if all(v is not None for v in values):
            sources[str(source_id)] = Source(str(source_id), *values[:3], about=values[3], url=url,
                                             not_online=not_online)
    return sources


SOURCE_WORD_FIELDS = ("title", "publisher", "about")


def _load_source_words(lang_dir: Path, sources: dict[str, Source], problems: list[Problem]) -> dict[str, Source]:
    """A language's words for the bibliography: content/<lang>/sources.yaml gives, for every id in
    content/sources.yaml, its title and description (and, if it differs, its publisher) in that
    language. The year and address are not repeated: they come from content/sources.yaml."""
    path = lang_dir / "sources.yaml"
    if not path.exists():
        problems.append(Problem(path, "this language needs its own words for the sources: a sources.yaml "
                                "with, for each id in content/sources.yaml, a 'title:' and an 'about:'."))
        return {}
    try:
        data, lines = read_yaml_file(path)
    except ContentError as exc:
        problems.extend(exc.problems)
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(path, "must be a list of sources, each 'id:' followed by its title and about.", 1))
        return {}
    words: dict[str, Source] = {}
    for source_id, fields in data.items():
        if str(source_id) not in sources:
            problems.append(Problem(path, f"unknown source id '{source_id}'. Use the ids in content/sources.yaml: "
                                    f"{', '.join(sorted(sources))}.", lines.line(source_id)))
            continue
        if not isinstance(fields, dict):
            problems.append(Problem(path, f"source '{source_id}' needs a title and an about.", lines.line(source_id)))
            continue
        fields = {k: (v["quote"] if isinstance(v, dict) and set(v) == {"quote"} else v) for k, v in fields.items()}
        check = _FieldChecker(path, fields, lines, problems, (source_id,), f"source '{source_id}'")
        check.unknown(SOURCE_WORD_FIELDS)
        title, about = check.get("title", str), check.get("about", str)
        publisher = check.get("publisher", str, required=False)
        if title is not None and about is not None:
            base = sources[str(source_id)]
            words[str(source_id)] = replace(base, title=title, publisher=publisher or base.publisher, about=about)
    for source_id in sources:
        if source_id not in data:
            problems.append(Problem(path, f"source '{source_id}' (in content/sources.yaml) has no entry here; add its "
                                    "title and about in this language."))
    return {source_id: words[source_id] for source_id in sources if source_id in words}


def _load_language(lang_dir: Path, problems: list[Problem]) -> Language | None:
    path = lang_dir / "language.yaml"
    try:
        data, lines = read_yaml_file(path)
    except FileNotFoundError:
        problems.append(Problem(path, "each language folder needs a language.yaml (name, html_lang, "
                                "layer_headings)."))
        return None
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path, "must be 'key: value' lines.", 1))
        return None
    check = _FieldChecker(path, data, lines, problems, what="language.yaml")
    check.unknown(("name", "html_lang", "layer_headings", "jargon_watchlist", "translation", "quote_translation"))
    headings = check.get("layer_headings", dict, default={})
    for layer in LAYERS:
        if not isinstance(headings.get(layer), str):
            check.problem(f"layer_headings needs '{layer}:' (the heading text for that layer).",
                          "layer_headings")
    name, html_lang = check.get("name", str), check.get("html_lang", str)
    translation = check.get("translation", str, required=False)
    if translation is not None and translation not in TRANSLATION_STATES:
        check.problem(f"translation '{translation}' is not known; use one of: {', '.join(TRANSLATION_STATES)}.",
                      "translation")
        translation = None
    if name is None or html_lang is None or any(not isinstance(headings.get(k), str) for k in LAYERS):
        return None
    return Language(lang_dir.name, name, html_lang, {k: headings[k] for k in LAYERS},
                    check.text_list("jargon_watchlist", required=False), translation,
                    check.get("quote_translation", str, required=False))


def _parse_body(body: str, body_line: int, path: Path, language: Language,
                problems: list[Problem]) -> tuple[dict[str, str], dict[str, int]]:
    heading_to_layer = {v.strip().lower(): k for k, v in language.layer_headings.items()}
    expected = " / ".join(f"'## {language.layer_headings[k]}'" for k in LAYERS)
    layers: dict[str, list[str]] = {}
    layer_lines: dict[str, int] = {}
    current: str | None = None
    in_code = False
    for offset, line in enumerate(body.splitlines()):
        number = body_line + offset
        if line.strip().startswith("```"):
            in_code = not in_code
        if not in_code and re.match(r"^#\s", line):
            problems.append(Problem(path, "use '##' for the three layer headings and '###' inside a "
                                    "layer; the page title comes from 'title:'.", number))
            continue
        if not in_code and re.match(r"^##\s", line):
            name = line[2:].strip()
            layer = heading_to_layer.get(name.lower())
            if layer is None:
                problems.append(Problem(path, f"'## {name}' is not a layer heading. Layer headings are "
                                        f"{expected}; inside a layer use '### {name}'.", number))
                continue
            if layer in layers:
                problems.append(Problem(path, f"the layer '## {name}' appears twice.", number))
                continue
            current = layer
            layers[layer] = []
            layer_lines[layer] = number
            continue
        if current is None:
            if line.strip():
                problems.append(Problem(path, f"text before the first layer heading. Start the body with "
                                        f"'## {language.layer_headings['short']}'.", number))
            continue
        if not in_code and RAW_HTML_RE.search(line):
            problems.append(Problem(path, "raw HTML is not allowed; write plain Markdown instead.", number))
        layers[current].append(line)
    order = [k for k in layer_lines]
    for layer in LAYERS:
        if layer not in layers:
            problems.append(Problem(path, f"the layer '## {language.layer_headings[layer]}' is missing. "
                                    f"Every page needs {expected}.", body_line))
        elif not "\n".join(layers[layer]).strip():
            problems.append(Problem(path, f"the layer '## {language.layer_headings[layer]}' is empty; "
                                    "write its text under the heading.", layer_lines[layer]))
    if order != [k for k in LAYERS if k in order]:
        problems.append(Problem(path, f"the layers are out of order; they must come as {expected}.",
                                body_line))
    return {k: "\n".join(v).strip() for k, v in layers.items()}, layer_lines


PAGE_FIELDS = ("slug", "title", "nav_title", "summary", "section", "order", "icon", "sources", "updated",
               "proposal_notice", "nation_notes", "allow_words", "translation")


def load_page(path: Path, language: Language, source_ids: set[str], problems: list[Problem]) -> Page | None:
    """Read and validate one page file. Problems are appended; None when the page is unusable."""
    try:
        front, body, body_line = split_front_matter(path.read_text(encoding="utf-8"), path)
        data, lines = parse_yaml(front, path, first_line=2)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path, "the front matter must be 'key: value' lines (slug, title, ...).", 2))
        return None
    before = len(problems)
    check = _FieldChecker(path, data, lines, problems, what="the page")
    check.unknown(PAGE_FIELDS)
    slug = check.get("slug", str)
    if slug is not None and not SLUG_RE.match(slug):
        check.problem(f"slug '{slug}' must be lower-case letters, digits and hyphens.", "slug")
    elif slug is not None and slug != path.stem:
        check.problem(f"slug '{slug}' must match the file name; rename the file to '{slug}.md' or change "
                      "the slug.", "slug")
    section = check.get("section", str)
    if section is not None and section not in SECTIONS:
        check.problem(f"section '{section}' is not known; use one of: {', '.join(SECTIONS)}.", "section")
    sources = check.text_list("sources")
    if "sources" in data and not sources:
        check.problem("list at least one source id from content/sources.yaml.", "sources")
    for i, source in enumerate(sources):
        if source not in source_ids:
            check.problem(f"unknown source id '{source}'. Known ids: {', '.join(sorted(source_ids))}. "
                          "Add it to content/sources.yaml or fix the spelling.", "sources", i)
    notes = check.get("nation_notes", dict, required=False, default={})
    for nation, note in notes.items():
        if nation not in NATIONS:
            check.problem(f"nation '{nation}' is not known; use one of: {', '.join(NATIONS)}.",
                          "nation_notes", nation)
        elif not isinstance(note, str) or not note.strip():
            check.problem(f"the note for '{nation}' must be text.", "nation_notes", nation)
    summary = check.get("summary", str)
    translation = check.get("translation", str, required=False)
    if translation is not None and translation not in TRANSLATION_STATES:
        check.problem(f"translation '{translation}' is not known; use one of: {', '.join(TRANSLATION_STATES)}.",
                      "translation")
    page = dict(
        translation=translation,
        slug=slug, title=check.get("title", str), summary=summary, section=section,
        order=check.get("order", int), updated=check.get("updated", dt.date),
        nav_title=check.get("nav_title", str, required=False),
        icon=check.get("icon", str, required=False),
        proposal_notice=check.get("proposal_notice", bool, required=False, default=True),
        allow_words=frozenset(check.text_list("allow_words", required=False)),
    )
    layers, layer_lines = _parse_body(body, body_line, path, language, problems)
    if len(problems) > before:
        return None
    return Page(lang=language.code, sources=sources, layers=layers, layer_lines=layer_lines, path=path,
                nation_notes={k: v for k, v in notes.items()}, **page)


def _load_glossary(path: Path, source_ids: set[str], problems: list[Problem]) -> list[GlossaryTerm]:
    if not path.exists():
        return []
    try:
        data, lines = read_yaml_file(path)
    except ContentError as exc:
        problems.extend(exc.problems)
        return []
    if not isinstance(data, list):
        problems.append(Problem(path, "the glossary must be a list of entries, each starting '- term:'.", 1))
        return []
    terms, seen = [], {}
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            problems.append(Problem(path, f"entry {i + 1} must have 'term:' and 'meaning:'.", lines.line(i)))
            continue
        check = _FieldChecker(path, entry, lines, problems, (i,), f"glossary entry {i + 1}")
        check.unknown(("term", "also", "meaning", "sources"))
        term, meaning = check.get("term", str), check.get("meaning", str)
        also = check.text_list("also", required=False)
        sources = check.text_list("sources", required=False)
        for j, s in enumerate(sources):
            if s not in source_ids:
                check.problem(f"unknown source id '{s}'.", "sources", j)
        if term is None or meaning is None:
            continue
        for name in (term, *also):
            if name.lower() in seen:
                check.problem(f"'{name}' is already defined in entry {seen[name.lower()] + 1}.", "term")
            seen[name.lower()] = i
        terms.append(GlossaryTerm(term, meaning, also, sources))
    return terms


def _load_figure(path: Path, source_ids: set[str], problems: list[Problem]) -> Figure | None:
    try:
        data, lines = read_yaml_file(path)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path, "a figure must be 'key: value' lines (id, kind, title, alt, ...).", 1))
        return None
    before = len(problems)
    check = _FieldChecker(path, data, lines, problems, what="the figure")
    fid, kind = check.get("id", str), check.get("kind", str)
    if fid is not None and fid != path.stem:
        check.problem(f"id '{fid}' must match the file name '{path.stem}'.", "id")
    if kind is not None and kind not in FIGURE_KINDS:
        check.problem(f"kind '{kind}' is not known; use one of: {', '.join(FIGURE_KINDS)}.", "kind")
    title, alt = check.get("title", str), check.get("alt", str)
    caption = check.get("caption", str, required=False, default="")
    sources = check.text_list("sources", required=False)
    for j, s in enumerate(sources):
        if s not in source_ids:
            check.problem(f"unknown source id '{s}'.", "sources", j)
    needs = {"bar": ("data", ("label", "value")), "flow": ("nodes", ("id", "label")),
             "spectrum": ("steps", ("label", "meaning"))}
    if kind in needs:
        key, fields = needs[kind]
        items = check.get(key, list, default=[])
        for i, item in enumerate(items):
            missing = [f for f in fields if not isinstance(item, dict) or item.get(f) in (None, "")]
            if missing:
                check.problem(f"item {i + 1} of '{key}' needs {', '.join(missing)}.", key, i)
            elif kind == "bar" and not isinstance(item["value"], (int, float)):
                check.problem(f"item {i + 1} of 'data' needs a number as its value.", key, i)
        if kind == "flow":
            node_ids = {n.get("id") for n in items if isinstance(n, dict)}
            for i, edge in enumerate(check.get("edges", list, required=False, default=[])):
                if not isinstance(edge, dict) or edge.get("from") not in node_ids or edge.get("to") not in node_ids:
                    check.problem(f"edge {i + 1} must join two node ids from 'nodes'.", "edges", i)
    if len(problems) > before:
        return None
    return Figure(fid, kind, title, alt, caption, sources, data)


def load_site(root: Path = CONTENT_DIR) -> Site:
    """Load and validate all content. Raises ContentError listing every problem found."""
    root = Path(root)
    problems: list[Problem] = []
    sources = _load_sources(root, problems)
    source_ids = set(sources)
    languages: dict[str, Language] = {}
    pages: dict[str, dict[str, Page]] = {}
    glossary: dict[str, list[GlossaryTerm]] = {}
    figures: dict[str, dict[str, Figure]] = {}
    source_words: dict[str, dict[str, Source]] = {}
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir() and (p / "pages").is_dir()):
        language = _load_language(lang_dir, problems)
        if language is None:
            continue
        languages[language.code] = language
        # content/sources.yaml is written in English; every other language gives its own words.
        source_words[language.code] = (sources if language.code == "en"
                                       else _load_source_words(lang_dir, sources, problems))
        glossary[language.code] = _load_glossary(lang_dir / "glossary.yaml", source_ids, problems)
        figs = {}
        for path in sorted((lang_dir / "figures").glob("*.yaml")):
            figure = _load_figure(path, source_ids, problems)
            if figure is not None:
                figs[figure.id] = figure
        figures[language.code] = figs
        lang_pages: dict[str, Page] = {}
        for path in sorted((lang_dir / "pages").glob("*.md")):
            page = load_page(path, language, source_ids, problems)
            if page is None:
                continue
            if page.slug in lang_pages:
                problems.append(Problem(path, f"slug '{page.slug}' is already used by "
                                        f"{lang_pages[page.slug].path.name}; each page needs its own slug.", 2))
                continue
            lang_pages[page.slug] = page
        for page in lang_pages.values():
            for layer, text in page.layers.items():
                for offset, line in enumerate(text.splitlines()):
                    match = DIRECTIVE_RE.match(line.strip())
                    if not match:
                        continue
                    name, arg = match.groups()
                    where = page.layer_lines.get(layer, 1) + 1 + offset
                    if name not in DIRECTIVES:
                        problems.append(Problem(page.path, f"unknown marker '[[{name}]]'; markers are "
                                                "[[figure:ID]], [[glossary]], [[bibliography]], [[contact]] and [[routes]].", where))
                    elif name == "figure" and arg not in figs:
                        problems.append(Problem(page.path, f"no figure '{arg}' in "
                                                f"content/{language.code}/figures/.", where))
        pages[language.code] = lang_pages
    if not languages:
        problems.append(Problem(root, "no language folders with pages were found (expected content/en/pages/)."))
    if problems:
        raise ContentError(problems)
    return Site(root, sources, languages, pages, glossary, figures, source_words)


def split_directives(text: str) -> list[tuple[str, str | None]]:
    """Split layer Markdown into parts: ("markdown", text) or (directive name, argument)."""
    parts: list[tuple[str, str | None]] = []
    buffer: list[str] = []
    for line in text.splitlines():
        match = DIRECTIVE_RE.match(line.strip())
        if match:
            if "\n".join(buffer).strip():
                parts.append(("markdown", "\n".join(buffer).strip()))
            buffer = []
            parts.append((match.group(1), match.group(2)))
        else:
            buffer.append(line)
    if "\n".join(buffer).strip():
        parts.append(("markdown", "\n".join(buffer).strip()))
    return parts
