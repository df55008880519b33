"""Text helpers for site search: plain text from Markdown, words, a visitor's query made safe, heading
anchors as Streamlit writes them, and escaping for the HTML the results are drawn in."""
from __future__ import annotations

import html
import re
import threading
import unicodedata

import markdown as md_lib
import nh3

MAX_QUERY_CHARS = 120   # a worry in plain words fits easily; longer input is cut at a word's end
MAX_QUERY_WORDS = 12    # words looked for (more only slow a search down without finding more)
_READ_AT_MOST = 2_000   # characters of raw input read at all (10,000 pasted characters are cut first)

_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff\ue000-\uf8ff]")
_SPACE = re.compile(r"\s+")
# Streamlit's own Markdown additions: icons (":material/print:") and coloured or small text
# (":small[...]", ":blue[...]"); the text inside the brackets stays.
_ST_ICON = re.compile(r":material/[a-z0-9_]+:")
_ST_DIRECTIVE = re.compile(r":[a-z-]+\[([^\]]*)\]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents ("Gwâr" -> "gwar"), as the search index sees words."""
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    """The words of ``text``, folded: letters and digits only, so no search syntax survives."""
    return _WORD.findall(fold(text))


_CONVERTERS = threading.local()


def _to_html(markdown: str) -> str:
    # One converter per thread, reset between texts: making a new one costs as much as converting.
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = _CONVERTERS.markdown = md_lib.Markdown(extensions=["sane_lists", "tables"])
    return converter.reset().convert(markdown)


def markdown_text(markdown: str) -> str:
    """The words a visitor reads in a piece of Markdown, as one line of plain text."""
    text = _ST_DIRECTIVE.sub(r"\1", _ST_ICON.sub("", markdown))
    return _plain(_to_html(text))


_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.DOTALL)


def _plain(fragment_html: str) -> str:
    return _SPACE.sub(" ", html.unescape(nh3.clean(fragment_html, tags=set()))).strip()


def markdown_sections(markdown: str) -> list[tuple[str | None, str]]:
    """Markdown cut at its headings, as plain text: (the heading's text, or None for the part before
    the first heading; the text under it). One conversion for the whole text."""
    text = _ST_DIRECTIVE.sub(r"\1", _ST_ICON.sub("", markdown))
    parts = _HTML_HEADING.split(_to_html(text))
    sections = [(None, _plain(parts[0]))]
    for index in range(1, len(parts) - 2, 3):
        sections.append((_plain(parts[index + 1]), _plain(parts[index + 2])))
    return [(heading, body) for heading, body in sections if heading is not None or body]


def clean_query(raw: object) -> str:
    """What a visitor typed, made safe to keep and show: text only, no control characters, spaces
    tidied, at most MAX_QUERY_CHARS characters (cut at the end of a word). Never raises."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFKC", raw[:_READ_AT_MOST])
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).strip()
    return text


# --------------------------------------------------------------------------------------------
# Heading anchors. Streamlit gives every Markdown heading an id made by the "slugify" package
# (with its transliteration) and scrolls to it when the address ends in "#<id>". Rebuilt here so a
# search result can open a page at its section; tests/browser/test_search.py checks it against the
# ids Streamlit actually writes.
# --------------------------------------------------------------------------------------------
_SPECIAL_LETTERS = {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe",
                    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH"}


def heading_anchor(heading_text: str) -> str:
    """The id Streamlit gives a heading that reads ``heading_text`` (its plain text, as drawn); ""
    when it would have none we can rebuild, for example a heading of symbols only."""
    text = unicodedata.normalize("NFC", heading_text).replace("&", " and ")
    for letter, plain in _SPECIAL_LETTERS.items():
        text = text.replace(letter, plain)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", unicodedata.normalize("NFC", text))
    # decamelize, as slugify does by default ("NDLExplained" -> "NDL Explained")
    text = re.sub(r"([A-Z]{2})(\d+)", r"\1 \2", text)
    text = re.sub(r"([a-z\d])([A-Z])", r"\1 \2", text)
    text = re.sub(r"([A-Z])([A-Z](?!s(?![a-z]))[a-z\d]+)", r"\1 \2", text)
    text = text.lower()
    text = re.sub(r"([a-z\d])['\u2019]([ts])(?![a-z\d])", r"\1\2", text)
    text = re.sub(r"[^a-z\d]+", "-", text).replace("\\", "")
    return re.sub(r"-{2,}", "-", text).strip("-")


# --------------------------------------------------------------------------------------------
# Escaping. Results are drawn as one HTML element; every piece of text in it is escaped for HTML,
# and the characters Markdown (and Streamlit's additions to it) would read as syntax become character
# references too, so the same text stays text if it is ever shown through Markdown.
# --------------------------------------------------------------------------------------------
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'[]()*_`~:$\\!#|{}+-=^"})
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters: never in content or a cleaned query


def escape(text: str) -> str:
    """``text`` as HTML that shows exactly these characters, whitespace made single spaces."""
    return _SPACE.sub(" ", text).translate(_ESCAPES)


def escape_marked(text: str) -> str:
    """Like :func:`escape`, then the parts between MARK_START and MARK_END in <mark> elements.

    The marks are put in only after the text is escaped, so the text itself cannot add markup."""
    out, open_mark = [], False
    for part in re.split(f"([{MARK_START}{MARK_END}])", text):
        if part == MARK_START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif part == MARK_END and open_mark:
            out.append("</mark>")
            open_mark = False
        elif part not in (MARK_START, MARK_END):
            out.append(escape(part))
    if open_mark:
        out.append("</mark>")
    return "".join(out)
