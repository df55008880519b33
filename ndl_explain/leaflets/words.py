"""Words used only in print (content/<lang>/leaflets.yaml), loaded and checked."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import ContentError, Problem
from ..yamlfile import read_yaml_file
from .formats import FORMATS, VENUES

ICON_DIR = Path(__file__).resolve().parent / "icons"

# Labels every leaflet needs; a missing one is a content mistake, not a crash.
REQUIRED_LABELS = (
    "brand",
    "proposal_notice",
    "proposal_detail",
    "decided_pointer",
    "status_hypothetical",
    "status_real",
    "status_illustrative",
    "find_out_more",
    "website_line",
    "scan_qr",
    "qr_alt",
    "other_formats",
    "other_formats_text",
    "sources_heading",
    "sources_online",
    "reviewed_line",
    "reviewed_short",
    "link_see",
    "draft_translation",
    "booklet_note",
    "notes_heading",
    "notes_prompt",
    "in_short",
    "more_detail",
    "full_detail_online",
    "words_heading",
    "help_heading",
    "help_write_in",
    "page_footer",
    "page_number",
    "scenario_kicker",
    "who_asks",
    "who_holds",
    "what_for",
    "what_data",
    "would_get",
    "never_get",
    "steps",
    "step_who",
    "step_data",
    "step_why",
    "step_rules",
    "benefits",
    "risks",
    "card_kicker",
    "card_questions",
    "card_how_heading",
    "card_how",
    "card_more",
    "cut_here",
    "easy_read_kicker",
    "hard_words",
    "poster_facts",
    "months",
    "figure_example",
    "more_sources",
) + ("easy_website", "easy_other_formats", "easy_sources", "easy_reviewed")

# Labels printed on Easy Read pages: they follow the Easy Read rules (short sentences) too.
EASY_READ_LABELS = ("easy_website", "easy_other_formats", "easy_sources", "easy_reviewed", "scan_qr",
                    "help_heading", "help_write_in", "proposal_notice", "draft_translation", "find_out_more")

EASY_READ_MAX_WORDS = 15


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    title: str
    help: str
    easy_help: str = ""  # the help panel in Easy Read words


@dataclass(frozen=True)
class EasyIdea:
    icon: str
    text: str


@dataclass(frozen=True)
class HardWord:
    word: str
    meaning: str
    icon: str = "book"


@dataclass(frozen=True)
class EasyRead:
    title: str
    ideas: tuple[EasyIdea, ...]
    hard_words: tuple[HardWord, ...]


@dataclass(frozen=True)
class Poster:
    big_message: str
    facts: tuple[str, str, str]
    sub_message: str = ""


@dataclass(frozen=True)
class LeafletWords:
    """Everything in one language's leaflets.yaml."""

    lang: str
    labels: dict[str, str]
    format_names: dict[str, str]
    venues: dict[str, Venue]
    posters: dict[str, Poster]
    easy_read: dict[str, EasyRead]
    card_questions: tuple[str, ...]
    icon_alt: dict[str, str]
    print_topics: tuple[str, ...] = ()
    language_versions: dict[str, str] = field(default_factory=dict)  # language code -> "Welsh version"
    translation: str = ""  # "draft" while a fluent speaker has not checked these print words
    path: Path = field(default=Path())

    @property
    def draft(self) -> bool:
        return self.translation == "draft"

    def label(self, key: str, **values: Any) -> str:
        text = self.labels[key]
        return text.format(**values) if values else text


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else None


def word_count(text: str) -> int:
    """The words in ``text``, counted as ``readability.measure`` counts them (its ``words``), without
    counting syllables: that would load the pronouncing dictionary (about 266,000 lists), which then
    stays in memory and makes every full garbage collection of the process slower (bench/README.md)."""
    from ..readability import _WORD_RE, plain_text, split_sentences

    return sum(len(_WORD_RE.findall(s)) for unit in plain_text(text) for s in split_sentences(unit))


def easy_read_sentences(text: str) -> list[str]:
    """The sentences of an Easy Read line, as a reader meets them."""
    from ..readability import plain_text, split_sentences

    return [s for unit in plain_text(text) for s in split_sentences(unit)]


def load_words(content_dir: Path, lang: str) -> LeafletWords:
    """Read and check ``content/<lang>/leaflets.yaml``; raise ContentError listing every mistake."""
    path = Path(content_dir) / lang / "leaflets.yaml"
    if not path.is_file():
        raise ContentError([Problem(path, "the file is missing: copy content/en/leaflets.yaml and translate it")])
    data, lines = read_yaml_file(path)
    problems: list[Problem] = []

    def need(mapping: Any, key: str, *where: Any) -> str:
        value = _text(mapping.get(key)) if isinstance(mapping, dict) else None
        if not value:
            problems.append(Problem(path, f"'{key}' is missing or empty under {'.'.join(map(str, where)) or 'the top'}", lines.line(*where)))
            return ""
        return value

    def easy_sentences(text: str, *where: Any) -> None:
        for sentence in easy_read_sentences(text):
            n = word_count(sentence)
            if n > EASY_READ_MAX_WORDS:
                problems.append(Problem(path, f"Easy Read sentences must have {EASY_READ_MAX_WORDS} words or fewer; "
                                              f"this one has {n}: \"{sentence}\"", lines.line(*where)))

    if not isinstance(data, dict):
        raise ContentError([Problem(path, "must be a set of 'key:' sections (labels, formats, venues, ...)", 1)])

    labels_raw = data.get("labels") or {}
    labels = {key: need(labels_raw, key, "labels") for key in REQUIRED_LABELS}
    for key in EASY_READ_LABELS:
        easy_sentences(labels.get(key, ""), "labels", key)
    translation = _text(data.get("translation")) or ""
    if translation not in ("", "draft", "reviewed"):
        problems.append(Problem(path, f"translation '{translation}' is not known; use draft or reviewed",
                                lines.line("translation")))
    versions_raw = data.get("language_versions") or {}
    language_versions = {str(k): _text(v) or "" for k, v in versions_raw.items()} if isinstance(versions_raw, dict) else {}

    formats_raw = data.get("formats") or {}
    format_names = {fid: need(formats_raw, fid, "formats") for fid in FORMATS}

    venues_raw = data.get("venues") or {}
    venues: dict[str, Venue] = {}
    for vid in VENUES:
        entry = venues_raw.get(vid) if isinstance(venues_raw, dict) else None
        if not isinstance(entry, dict):
            problems.append(Problem(path, f"venue '{vid}' is missing under venues", lines.line("venues")))
            continue
        venues[vid] = Venue(
            vid,
            need(entry, "name", "venues", vid),
            need(entry, "title", "venues", vid),
            need(entry, "help", "venues", vid),
            need(entry, "easy_help", "venues", vid),
        )
        easy_sentences(venues[vid].easy_help, "venues", vid, "easy_help")

    icon_alt_raw = data.get("icons") or {}
    icon_alt = {str(k): _text(v) or "" for k, v in icon_alt_raw.items()} if isinstance(icon_alt_raw, dict) else {}
    for svg in sorted(ICON_DIR.glob("*.svg")):
        if not icon_alt.get(svg.stem):
            problems.append(Problem(path, f"icon '{svg.stem}' has no alt text under icons", lines.line("icons")))

    def check_icon(name: str, *where: Any) -> None:
        if not (ICON_DIR / f"{name}.svg").is_file():
            known = ", ".join(sorted(p.stem for p in ICON_DIR.glob("*.svg")))
            problems.append(Problem(path, f"there is no icon called '{name}'. Icons: {known}", lines.line(*where)))

    posters: dict[str, Poster] = {}
    for slug, entry in (data.get("posters") or {}).items():
        facts = entry.get("facts") if isinstance(entry, dict) else None
        if not isinstance(facts, list) or len(facts) != 3 or not all(_text(f) for f in facts):
            problems.append(Problem(path, f"poster '{slug}' needs exactly three facts", lines.line("posters", slug)))
            continue
        posters[str(slug)] = Poster(
            need(entry, "big_message", "posters", slug),
            tuple(_text(f) for f in facts),  # type: ignore[arg-type]
            _text(entry.get("sub_message")) or "",
        )

    easy_read: dict[str, EasyRead] = {}
    for slug, entry in (data.get("easy_read") or {}).items():
        if not isinstance(entry, dict):
            problems.append(Problem(path, f"easy_read '{slug}' must have title, ideas and hard_words", lines.line("easy_read", slug)))
            continue
        ideas = []
        for i, idea in enumerate(entry.get("ideas") or []):
            text = need(idea, "text", "easy_read", slug, "ideas", i)
            icon = need(idea, "icon", "easy_read", slug, "ideas", i)
            if icon:
                check_icon(icon, "easy_read", slug, "ideas", i)
            for sentence in easy_read_sentences(text):
                n = word_count(sentence)
                if n > EASY_READ_MAX_WORDS:
                    problems.append(Problem(path, f"Easy Read sentences must have {EASY_READ_MAX_WORDS} words or fewer; this one has {n}: \"{sentence}\"", lines.line("easy_read", slug, "ideas", i)))
            ideas.append(EasyIdea(icon, text))
        if not ideas:
            problems.append(Problem(path, f"easy_read '{slug}' has no ideas", lines.line("easy_read", slug)))
        hard = []
        for i, word in enumerate(entry.get("hard_words") or []):
            icon = _text(word.get("icon")) if isinstance(word, dict) else None
            if icon:
                check_icon(icon, "easy_read", slug, "hard_words", i)
            meaning = need(word, "meaning", "easy_read", slug, "hard_words", i)
            for sentence in easy_read_sentences(meaning):
                n = word_count(sentence)
                if n > EASY_READ_MAX_WORDS:
                    problems.append(Problem(path, f"Easy Read sentences must have {EASY_READ_MAX_WORDS} words or fewer; this one has {n}: \"{sentence}\"", lines.line("easy_read", slug, "hard_words", i)))
            hard.append(HardWord(need(word, "word", "easy_read", slug, "hard_words", i), meaning, icon or "book"))
        easy_read[str(slug)] = EasyRead(need(entry, "title", "easy_read", slug), tuple(ideas), tuple(hard))

    questions = data.get("card_questions") or []
    if not isinstance(questions, list) or not questions:
        problems.append(Problem(path, "card_questions must be a list of questions for the workshop cards", lines.line("card_questions")))
        questions = []

    print_topics = data.get("print_topics") or []
    if not isinstance(print_topics, list) or not all(isinstance(t, str) for t in print_topics):
        problems.append(Problem(path, "print_topics must be a list of page slugs, like [home, what-it-is]", lines.line("print_topics")))
        print_topics = []

    if problems:
        raise ContentError(problems)
    return LeafletWords(
        lang=lang,
        labels=labels,
        format_names=format_names,
        venues=venues,
        posters=posters,
        easy_read=easy_read,
        card_questions=tuple(_text(q) or "" for q in questions),
        icon_alt=icon_alt,
        print_topics=tuple(print_topics),
        language_versions=language_versions,
        translation=translation,
        path=path,
    )
