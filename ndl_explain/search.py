"""Site search: a full-text index of every page section, example, example step and glossary term,
built once per process from the content engine, in SQLite's FTS5 (in memory, BM25 ranking, the
Porter stemmer for English). Plain-language synonyms, words to ignore and Welsh first-letter changes
come from ``content/<lang>/search.yaml``; near misses of words the site uses are found with rapidfuzz.

Pure Python (no Streamlit). A visitor's text never reaches SQLite as syntax: the query is cut to a
sane length, split into plain words, and the MATCH expression is built here from quoted words.
"""
from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .content import DIRECTIVE_RE, LAYERS, Page, Site, split_directives
from .i18n import Catalogue, catalogue
from .problems import ContentError, Problem
from .scenarios import Scenario
from .searchtext import (
    MARK_END,
    MARK_START,
    MAX_QUERY_WORDS,
    clean_query,
    escape_marked,
    heading_anchor,
    markdown_sections,
    markdown_text,
    words,
)
from .yamlfile import LineMap, read_yaml_file

# How each language's words are cut and matched: English words are reduced to their stem
# ("records" finds "record"); Welsh has no stemmer in SQLite, so its words are matched whole, with
# its first-letter changes (mutations) and synonyms from content/cy/search.yaml. Accents are ignored
# in both ("gwyl" finds "gŵyl").
TOKENIZERS = {"en": "porter unicode61 remove_diacritics 2"}
DEFAULT_TOKENIZER = "unicode61 remove_diacritics 2"
# BM25 weight of each column: a match in a result's title counts most.
COLUMNS = ("title", "context", "body")
WEIGHTS = (6.0, 1.0, 2.0)
RESULT_LIMIT = 10
SNIPPET_WORDS = 24       # words around the match in a result's snippet
TITLE_SHARE = 1.0        # what an idea in a result's title adds (see SearchIndex.search)
SEARCH_FILE = "search.yaml"


# --------------------------------------------------------------------------------------------
# Words about search, from content/<lang>/search.yaml
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Synonym:
    """Words people use (``people_say``) and the words the site uses for the same thing."""

    people_say: tuple[tuple[str, ...], ...]   # each a phrase as folded words
    site_says: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SearchWords:
    synonyms: tuple[Synonym, ...] = ()
    ignore: frozenset[str] = frozenset()
    first_letters: tuple[tuple[str, str], ...] = ()  # (usual first letters, what they can change to)

    def known(self) -> set[str]:
        """Every word these lists name (so a near miss of one of them can be put right)."""
        return {word for synonym in self.synonyms for phrase in synonym.people_say + synonym.site_says
                for word in phrase}


def _phrases(value: Any, where: tuple, path: Path, lines: LineMap, problems: list[Problem],
             name: str, shortest: int = 1) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or not value:
        problems.append(Problem(path, f'"{name}" must be a list of words or phrases, like [GP, doctor].',
                                lines.line(*where)))
        return ()
    found = []
    for index, item in enumerate(value):
        text = str(item) if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
        phrase = tuple(word for word in words(text) if len(word) >= shortest)
        if not phrase:
            problems.append(Problem(path, f'item {index + 1} of "{name}" must be a word or a phrase '
                                    "(letters or digits).", lines.line(*where, index)))
        else:
            found.append(phrase)
    return tuple(found)


def parse_search_words(data: Any, path: Path, lines: LineMap) -> tuple[SearchWords, list[Problem]]:
    """Check a search.yaml document and turn it into ``SearchWords`` (empty parts where it is wrong)."""
    problems: list[Problem] = []
    if data is None:
        return SearchWords(), problems
    if not isinstance(data, dict):
        return SearchWords(), [Problem(path, "must have the parts 'synonyms:', 'ignore:' and "
                                       "(for languages that change first letters) 'first_letters:'.", 1)]
    for key in data:
        if key not in ("synonyms", "ignore", "first_letters"):
            problems.append(Problem(path, f'"{key}" is not a part we know. The parts are synonyms, ignore '
                                    "and first_letters. Check the spelling.", lines.line(key)))
    synonyms = []
    raw = data.get("synonyms") or []
    if not isinstance(raw, list):
        problems.append(Problem(path, '"synonyms" must be a list of entries, each starting "- people_say:".',
                                lines.line("synonyms")))
        raw = []
    for index, entry in enumerate(raw):
        where = ("synonyms", index)
        if not isinstance(entry, dict):
            problems.append(Problem(path, f"synonym entry {index + 1} needs 'people_say:' and 'site_says:'.",
                                    lines.line(*where)))
            continue
        for key in entry:
            if key not in ("people_say", "site_says"):
                problems.append(Problem(path, f'"{key}" is not a field we know; a synonym entry has '
                                        "people_say and site_says.", lines.line(*where, key)))
        # Single letters are left out of what people say, as they are of a search ("sy'n" is "sy").
        say = _phrases(entry.get("people_say"), where + ("people_say",), path, lines, problems, "people_say",
                       shortest=2)
        site = _phrases(entry.get("site_says"), where + ("site_says",), path, lines, problems, "site_says")
        if say and site:
            synonyms.append(Synonym(say, site))
    ignore = set()
    raw = data.get("ignore") or []
    if not isinstance(raw, list):
        problems.append(Problem(path, '"ignore" must be a list of words, like [the, a, my].', lines.line("ignore")))
        raw = []
    for index, item in enumerate(raw):
        found = words(str(item)) if isinstance(item, (str, int)) and not isinstance(item, bool) else []
        if len(found) != 1:
            hint = ' YAML reads yes, no, on and off as true or false: put them in quotes ("on").' \
                if isinstance(item, bool) else ""
            problems.append(Problem(path, f'item {index + 1} of "ignore" must be one word.{hint}',
                                    lines.line("ignore", index)))
        else:
            ignore.add(found[0])
    letters = []
    raw = data.get("first_letters") or []
    if not isinstance(raw, list):
        problems.append(Problem(path, '"first_letters" must be a list of pairs, like [p, b].',
                                lines.line("first_letters")))
        raw = []
    for index, pair in enumerate(raw):
        ok = (isinstance(pair, list) and len(pair) == 2
              and all(isinstance(p, str) and (p == "" or words(p) == [p.lower()]) for p in pair)
              and any(pair))
        if not ok:
            problems.append(Problem(path, f"item {index + 1} of \"first_letters\" must be a pair of letters "
                                    'like [p, b] (one side may be "", never both).', lines.line("first_letters", index)))
        else:
            letters.append((pair[0].lower(), pair[1].lower()))
    return SearchWords(tuple(synonyms), frozenset(ignore), tuple(letters)), problems


def search_words_problems(content_dir: Path, lang: str) -> tuple[SearchWords, list[Problem]]:
    """``content/<lang>/search.yaml`` read and checked (empty words when there is none)."""
    path = Path(content_dir) / lang / SEARCH_FILE
    if not path.is_file():
        return SearchWords(), []
    try:
        data, lines = read_yaml_file(path)
    except ContentError as exc:
        return SearchWords(), exc.problems
    return parse_search_words(data, path, lines)


# --------------------------------------------------------------------------------------------
# What is searched
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    """One thing a result can point to (``kind``): a "page" (its title and summary), a "section" of a
    page at one detail level, an "example", one "step" of an example, or a glossary "term"."""

    kind: str
    lang: str
    title: str           # plain text, shown as the result's title
    body: str            # plain text, searched and quoted in the snippet
    context: str = ""    # searched with less weight, never shown
    parent: str = ""     # the page or example it belongs to
    slug: str | None = None
    layer: str | None = None
    anchor: str | None = None
    scenario: str | None = None
    step: int | None = None
    step_count: int | None = None
    status: str | None = None  # an example's: hypothetical, real or illustrative

    def path(self) -> str:
        """The address of the page it is on."""
        if self.kind in ("example", "step"):
            return "/walkthrough"
        if self.kind == "term":
            return "/glossary"
        return "/" if self.slug == "home" else f"/{self.slug}"

    def target(self) -> tuple:
        """Where the result opens: the same for two documents that open the same place."""
        return (self.path(), tuple(sorted(self.params().items())), self.anchor)

    def params(self, detail: str = LAYERS[0]) -> dict[str, str]:
        """The page's parameters: its example and step, or the detail level that shows this section
        (never less than ``detail``, the level the visitor has chosen)."""
        if self.kind in ("example", "step"):
            params = {"scenario": self.scenario or ""}
            if self.step and self.step > 1:
                params["step"] = str(self.step)
            return params
        level = max(LAYERS.index(self.layer) if self.layer in LAYERS else 0,
                    LAYERS.index(detail) if detail in LAYERS else 0)
        return {"detail": LAYERS[level]} if level else {}


def _figure_text(site: Site, lang: str, figure_id: str | None) -> str:
    figure = site.figure(lang, figure_id or "")
    return " ".join(x for x in (figure.title, figure.caption, figure.alt) if x) if figure else ""


def _layer_markdown(site: Site, lang: str, text: str) -> str:
    """A layer's Markdown with its [[markers]]: figures become their words; the glossary and
    bibliography lists are left out (the glossary is searched term by term)."""
    lines = []
    for line in text.splitlines():
        match = DIRECTIVE_RE.match(line.strip())
        if match is None:
            lines.append(line)
        elif match.group(1) == "figure":
            lines.append("\n" + _figure_text(site, lang, match.group(2)) + "\n")
    return "\n".join(lines)


def page_documents(site: Site, lang: str) -> list[Document]:
    """Every page (title and summary) and every section of every layer of it."""
    docs = []
    headings = site.language(lang).layer_headings
    for page in site.pages(lang):
        docs.append(Document("page", lang, page.title, markdown_text(page.summary), parent=page.title,
                             slug=page.slug, layer=LAYERS[0]))
        for layer in LAYERS:
            for heading, body in markdown_sections(_layer_markdown(site, lang, page.layers.get(layer, ""))):
                if heading is None:
                    title = f"{page.title}: {headings[layer]}"
                    anchor = None if layer == LAYERS[0] else heading_anchor(headings[layer])
                else:
                    title = heading
                    anchor = heading_anchor(heading) or None
                docs.append(Document("section", lang, title, body, context=page.title, parent=page.title,
                                     slug=page.slug, layer=layer, anchor=anchor))
    return docs


def example_documents(scenarios: Mapping[str, Scenario], lang: str) -> list[Document]:
    """Every example (title, summary, who asks, who holds, which data, why) and each of its steps."""
    docs = []
    for scenario in scenarios.values():
        about = " ".join((scenario.requester.name, scenario.holder.name, scenario.data.description,
                          scenario.purpose))
        docs.append(Document("example", lang, scenario.title, scenario.summary, context=about,
                             parent=scenario.title, scenario=scenario.id, step=1,
                             step_count=scenario.step_count, status=scenario.status))
        for number, step in enumerate(scenario.steps, 1):
            docs.append(Document("step", lang, step.title, " ".join(step.text().split()),
                                 context=scenario.title, parent=scenario.title, scenario=scenario.id,
                                 step=number, step_count=scenario.step_count, status=scenario.status))
    return docs


def term_documents(site: Site, lang: str) -> list[Document]:
    """Every glossary term with its plain meaning."""
    return [Document("term", lang, term.term, " ".join(term.meaning.split()), context=" ".join(term.also),
                     parent=term.term, anchor=heading_anchor(term.term) or None)
            for term in site.glossary(lang)]


def site_documents(site: Site, lang: str, scenarios: Mapping[str, Scenario]) -> list[Document]:
    return page_documents(site, lang) + example_documents(scenarios, lang) + term_documents(site, lang)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    document: Document
    title_html: str      # the title, escaped, the words found in <mark>
    snippet_html: str    # a short part of the text around the words found, escaped, marked
    matched: float       # how well it covers the words searched for (see SearchIndex.search)


@dataclass(frozen=True)
class Results:
    query: str                          # the visitor's text as searched (cleaned, cut)
    hits: tuple[Hit, ...] = ()
    corrected: tuple[str, ...] = ()     # words searched for in place of near misses
    searched: bool = False              # False when there was nothing to search for

    def __bool__(self) -> bool:
        return bool(self.hits)


@dataclass
class _Language:
    table: str
    documents: list[Document]
    words: SearchWords
    vocabulary: Counter = field(default_factory=Counter)
    known: set[str] = field(default_factory=set)
    choices: list[str] = field(default_factory=list)
    synonyms: list[tuple[tuple[tuple[str, ...], ...], set[tuple[str, ...]]]] = field(default_factory=list)


class SearchIndex:
    """The index of every language, in one in-memory SQLite database. Thread-safe."""

    def __init__(self, documents: Mapping[str, list[Document]], search_words: Mapping[str, SearchWords]):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._languages: dict[str, _Language] = {}
        for lang, docs in documents.items():
            if not lang.isalpha() or not lang.isascii():
                continue
            table = f"docs_{lang.lower()}"
            tokenizer = TOKENIZERS.get(lang, DEFAULT_TOKENIZER)
            self._db.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(COLUMNS)}, "
                             f"tokenize='{tokenizer}')")
            strip = str.maketrans("", "", MARK_START + MARK_END)
            self._db.executemany(
                f"INSERT INTO {table} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?)",
                [(i, d.title.translate(strip), d.context.translate(strip), d.body.translate(strip))
                 for i, d in enumerate(docs, 1)])
            language = _Language(table, list(docs), search_words.get(lang, SearchWords()))
            for doc in docs:
                language.vocabulary.update(words(f"{doc.title} {doc.context} {doc.body}"))
            language.known = set(language.vocabulary) | language.words.known()
            language.choices = sorted(w for w in language.known if len(w) >= 3)
            # The site's words of each synonym, with the forms of their first word the site also uses
            # (Welsh "cofnod iechyd" is also "nghofnod iechyd" after "fy").
            for synonym in language.words.synonyms:
                site_says = {(first, *phrase[1:]) for phrase in synonym.site_says
                             for first in self._variants(language, phrase[0])}
                language.synonyms.append((synonym.people_say, site_says))
            self._languages[lang] = language
        self._db.commit()

    @property
    def languages(self) -> list[str]:
        return list(self._languages)

    def documents(self, lang: str) -> list[Document]:
        return list(self._languages[lang].documents) if lang in self._languages else []

    # ---- building the MATCH expression
    def _variants(self, language: _Language, word: str) -> set[str]:
        """The word, and the forms of it the index knows after a change of its first letters."""
        found = {word}
        for usual, changed in language.words.first_letters:
            for start, other in ((changed, usual), (usual, changed)):
                if word.startswith(start) and len(word) > len(start):
                    candidate = other + word[len(start):]
                    if candidate in language.known:
                        found.add(candidate)
        return found

    def _has_match(self, language: _Language, word: str) -> bool:
        row = self._db.execute(f"SELECT 1 FROM {language.table} WHERE {language.table} MATCH ? LIMIT 1",
                               (f'"{word}"',)).fetchone()
        return row is not None

    def _near_miss(self, language: _Language, word: str) -> str | None:
        """The site's word closest to a word it does not know (one or two letters wrong)."""
        if len(word) < 4 or word.isdigit():
            return None
        most = 1 if len(word) < 7 else 2
        found = process.extract(word, language.choices, scorer=OSA.distance, score_cutoff=most, limit=8)
        if not found:
            return None
        best = min(found, key=lambda item: (item[1], -language.vocabulary.get(item[0], 0), item[0]))
        return best[0]

    def _groups(self, language: _Language, query: str) -> tuple[list[tuple[set, set]], list[str]]:
        """One group per idea in the query: (the visitor's own words for it, with their Welsh
        first-letter forms and spelling corrections; those and the site's words for it)."""
        tokens = [token for token in words(query) if len(token) > 1][:MAX_QUERY_WORDS]
        corrected = []
        forms: list[set[str]] = []
        for token in tokens:
            variants = self._variants(language, token)
            if (token not in language.words.ignore and not variants & language.known
                    and not self._has_match(language, token)):
                better = self._near_miss(language, token)
                if better:
                    corrected.append(better)
                    variants |= self._variants(language, better)
            forms.append(variants)
        own: list[set[tuple[str, ...]]] = [{(v,) for v in f} for f in forms]
        every: list[set[tuple[str, ...]]] = [set(g) for g in own]
        ignorable = [token in language.words.ignore for token in tokens]
        # A synonym adds the site's words to each word of the visitor's it stands for: "tax office"
        # then finds "HMRC" as a match for both words, and "office" alone as a match for one.
        for people_say, site_says in language.synonyms:
            for phrase in people_say:
                for start in range(len(tokens) - len(phrase) + 1):
                    if all(phrase[k] in forms[start + k] for k in range(len(phrase))):
                        for k in range(len(phrase)):
                            own[start + k].add(phrase)
                            every[start + k] |= site_says | {phrase}
                            ignorable[start + k] = False
        kept = [(o, e) for o, e, skip in zip(own, every, ignorable) if not skip]
        if not kept:  # a query of ignored words only: search for them after all
            kept = list(zip(own, every))
        unique: list[tuple[set, set]] = []
        for group in kept:
            if all(group[1] != other[1] for other in unique):
                unique.append(group)
        return unique, corrected

    @staticmethod
    def _expression(group: Iterable[tuple[str, ...]]) -> str:
        # Each word is letters and digits only (searchtext.words), so it is safe inside quotes;
        # FTS5 keywords (AND, OR, NOT, NEAR) inside quotes are plain words.
        return "(" + " OR ".join(f'"{" ".join(phrase)}"' for phrase in sorted(group)) + ")"

    # ---- searching
    def search(self, lang: str, raw_query: object, limit: int = RESULT_LIMIT) -> Results:
        """The best matches for what a visitor typed, best first. Never raises on any input."""
        query = clean_query(raw_query)
        language = self._languages.get(lang)
        if language is None or not words(query):
            return Results(query)
        with self._lock:
            groups, corrected = self._groups(language, query)
            if not groups:
                return Results(query, corrected=tuple(corrected), searched=True)
            return self._search(language, query, groups, corrected, limit)

    def _rowids(self, table: str, expression: str, cache: dict[str, set[int]]) -> set[int]:
        if expression not in cache:
            cache[expression] = {rowid for (rowid,) in self._db.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expression,))}
        return cache[expression]

    def _search(self, language: _Language, query: str, groups: list[tuple[set, set]], corrected: list[str],
                limit: int) -> Results:
        table = language.table
        expressions = [(self._expression(own), self._expression(every)) for own, every in groups]
        anything = " OR ".join(every for _, every in expressions)
        weights = ", ".join(str(w) for w in WEIGHTS)
        rank = dict(self._db.execute(f"SELECT rowid, bm25({table}, {weights}) FROM {table} WHERE {table} MATCH ?",
                                     (anything,)))
        # How well each result covers the visitor's ideas: each idea it contains counts, an idea in
        # its title counts again, and once more when the title has the visitor's own word (a section
        # headed by the visitor's question is the answer they need; a synonym helps find things but
        # is not what they typed). Each idea is weighted by how rare it is on the site (its inverse
        # document frequency, as in BM25), so "police" counts for more than "see", and "data", on
        # nearly every page here, for little. BM25 orders results that cover the ideas equally.
        matched: Counter = Counter()
        cache: dict[str, set[int]] = {}
        total = len(language.documents)
        for own, every in expressions:
            found = self._rowids(table, every, cache)
            weight = math.log((total + 1) / (len(found) + 0.5))
            for rowids, share in ((found, 1.0), (self._rowids(table, "title : " + every, cache), TITLE_SHARE),
                                  (self._rowids(table, "title : " + own, cache), TITLE_SHARE)):
                for rowid in rowids:
                    matched[rowid] += weight * share
        score = {rowid: round(matched[rowid], 6) for rowid in rank}
        docs = language.documents

        # A step comes just after its example when both match as well: the example's start gives the
        # whole story.
        examples = {docs[rowid - 1].scenario: rowid for rowid in rank if docs[rowid - 1].kind == "example"}

        def order(rowid: int) -> tuple:
            doc = docs[rowid - 1]
            example = examples.get(doc.scenario) if doc.kind == "step" else None
            if example is not None and score[example] == score[rowid]:
                return (-score[example], rank[example], 1, rowid)
            return (-score[rowid], rank[rowid], 0, rowid)

        ordered = sorted(rank, key=order)
        # A short answer and the longer one on the same page: the longer one's link shows both
        # (a page at "more detail" shows the short layer too), so the short one is left out.
        deeper: dict[str, float] = {}
        for rowid in ordered:
            doc = docs[rowid - 1]
            if doc.kind == "section" and doc.layer == LAYERS[1]:
                deeper[doc.slug] = max(deeper.get(doc.slug, 0), score[rowid])
        chosen, seen = [], set()
        for rowid in ordered:
            doc = docs[rowid - 1]
            if doc.kind == "section" and doc.layer == LAYERS[0] and deeper.get(doc.slug, -1) >= score[rowid]:
                continue
            if doc.target() in seen:  # an example and its first step open the same place
                continue
            seen.add(doc.target())
            chosen.append(rowid)
            if len(chosen) == limit:
                break
        if not chosen:
            return Results(query, corrected=tuple(corrected), searched=True)
        marked = {row[0]: row[1:] for row in self._db.execute(
            f"SELECT rowid, highlight({table}, 0, ?, ?), snippet({table}, 2, ?, ?, '…', {SNIPPET_WORDS}), "
            f"highlight({table}, 2, ?, ?) FROM {table} WHERE {table} MATCH ? "
            f"AND rowid IN ({','.join(str(r) for r in chosen)})",
            (MARK_START, MARK_END) * 3 + (anything,))}
        hits = []
        for rowid in chosen:
            doc = docs[rowid - 1]
            title, snippet, whole = marked[rowid]
            text = whole if doc.kind == "term" else snippet
            hits.append(Hit(doc, escape_marked(title), escape_marked(text), score[rowid]))
        return Results(query, tuple(hits), tuple(corrected), searched=True)


def build_index(site: Site, scenarios_by_lang: Mapping[str, Mapping[str, Scenario]],
                search_words: Mapping[str, SearchWords]) -> SearchIndex:
    """The index of every language of ``site``."""
    return SearchIndex({lang: site_documents(site, lang, scenarios_by_lang.get(lang, {}))
                        for lang in site.languages}, search_words)


def load_index(content_dir: Path, site: Site) -> SearchIndex:
    """Read the scenarios and search words of every language, and build the index (content with
    mistakes is left out here; the content check reports it)."""
    from .scenarios import scenario_problems

    scenarios = {lang: scenario_problems(content_dir, lang)[0] for lang in site.languages}
    words_by_lang = {lang: search_words_problems(content_dir, lang)[0] for lang in site.languages}
    return build_index(site, scenarios, words_by_lang)


# --------------------------------------------------------------------------------------------
# The content check (python -m ndl_explain check)
# --------------------------------------------------------------------------------------------
# --------------------------------------------------------------------------------------------
# Heading ids. Streamlit gives each heading the id made from its words (searchtext.heading_anchor)
# and does nothing to make two the same words differ, so two headings on one page that read alike
# share an id: a search result, a section link or the plain edition's link reaches only one. The
# content check below keeps them apart.
# --------------------------------------------------------------------------------------------
def _layer_headings(site: Site, lang: str, text: str, cat: Catalogue) -> list[str]:
    """The headings a layer shows, in order, with its [[markers]] drawn as the page draws them."""
    from .layers import bibliography_markdown, glossary_markdown

    parts = []
    for kind, arg in split_directives(text):
        if kind == "markdown":
            parts.append(arg or "")
        elif kind == "glossary":
            parts.append(glossary_markdown(site, lang, cat))
        elif kind == "bibliography":
            parts.append(bibliography_markdown(site, lang, cat))
        elif kind == "routes":
            parts.append("### " + cat.t(lang, "frame.routes.heading"))
    return [heading for heading, _body in markdown_sections("\n\n".join(parts)) if heading is not None]


def page_headings(site: Site, lang: str, page: Page, cat: Catalogue | None = None) -> list[tuple[str, str | None]]:
    """Every heading a content page shows at full detail, in order (the frame's too: the title, each
    layer's heading, the reading measure, the sources, the footer's contact): (its words, the layer of
    the page's own file it comes from, or None)."""
    cat = cat or catalogue()
    headings: list[tuple[str, str | None]] = [(page.title, None)]
    for layer in LAYERS:
        headings.append((site.language(lang).layer_headings[layer], None))
        headings.extend((h, layer) for h in _layer_headings(site, lang, page.layers.get(layer, ""), cat))
    for key in ("frame.reading_heading", "frame.sources_heading", "frame.footer.contact_heading"):
        headings.append((cat.t(lang, key), None))
    return headings


def _heading_line(page: Page, layer: str | None, anchor: str) -> int | None:
    """The line of the page's file with the heading whose id is ``anchor`` (else its layer's line)."""
    start = page.layer_lines.get(layer or "")
    if start is None:
        return None
    try:
        lines = Path(page.path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return start
    for number in range(start, len(lines) + 1):
        text = lines[number - 1].lstrip()
        if text.startswith("#") and heading_anchor(markdown_text(text)) == anchor:
            return number
    return start


def heading_id_problems(site: Site, cat: Catalogue | None = None) -> list[Problem]:
    """Every heading that would get the same id as one before it on its page."""
    if cat is None:
        root = Path(site.root)
        cat = catalogue(root) if any((root / lang / "ui").is_dir() for lang in site.languages) else catalogue()
    problems = []
    for lang in site.languages:
        for page in site.pages(lang):
            seen: dict[str, tuple[str, str | None]] = {}
            for heading, layer in page_headings(site, lang, page, cat):
                anchor = heading_anchor(heading)
                if not anchor:
                    continue
                if anchor not in seen:
                    seen[anchor] = (heading, layer)
                    continue
                other, other_layer = seen[anchor]
                if layer is None:  # the site's own heading: name the page's, which can change
                    heading, layer, other, other_layer = other, other_layer, heading, layer
                whose = "that the site itself shows" if other_layer is None else "elsewhere"
                problems.append(Problem(page.path, (
                    f'the heading "{heading}" gets the same id ("{anchor}") as the heading "{other}" '
                    f"{whose} on this page (at full detail the page shows every layer), so a link to "
                    "either reaches only one. Give it different words."), _heading_line(page, layer, anchor)))
    return problems


def check_content(content_dir: Path, site: Site | None = None) -> list[Problem]:
    """Every mistake in each language's search.yaml, including a synonym that finds nothing (the
    site never uses any of its ``site_says`` words); every heading that shares its id with another
    on its page."""
    content_dir = Path(content_dir)
    problems: list[Problem] = []
    if site is None:
        return problems
    problems.extend(heading_id_problems(site))
    index = None
    for lang in site.languages:
        path = content_dir / lang / SEARCH_FILE
        found_words, found = search_words_problems(content_dir, lang)
        problems.extend(found)
        if found or not found_words.synonyms:
            continue
        if index is None:
            index = load_index(content_dir, site)
        language = index._languages.get(lang)  # noqa: SLF001 - same module
        _data, lines = read_yaml_file(path)
        for number, synonym in enumerate(found_words.synonyms):
            for phrase in synonym.site_says:
                forms = {(first, *phrase[1:]) for first in index._variants(language, phrase[0])} \
                    if language is not None else set()  # noqa: SLF001
                if not any(index._has_match(language, " ".join(form)) for form in forms):  # noqa: SLF001
                    problems.append(Problem(path, f'"{" ".join(phrase)}" (in site_says) is not used '
                                            "anywhere on the site in this language, so it finds nothing. "
                                            "Use a word the pages use.", lines.line("synonyms", number)))
    return problems
