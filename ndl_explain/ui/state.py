"""The visitor's site-wide choices (detail, nation, language), read safely from session state."""
from __future__ import annotations

from dataclasses import dataclass

from ..content import LAYERS, NATIONS
from ..i18n import DEFAULT_LANG

DETAIL_KEY, NATION_KEY, LANG_KEY = "detail", "nation", "lang"
NATION_CHOICES = ("", *NATIONS)


@dataclass(frozen=True)
class Choices:
    detail: str = LAYERS[0]
    nation: str = ""
    lang: str = DEFAULT_LANG


def clean(value: object, allowed: tuple[str, ...] | list[str], default: str) -> str:
    """``value`` if it is one of ``allowed``, else ``default`` (hostile or odd input included)."""
    return value if isinstance(value, str) and value in allowed else default


def current(session_state, languages: list[str] | tuple[str, ...] = (DEFAULT_LANG,)) -> Choices:
    """The visitor's choices from ``session_state`` (a mapping), each falling back to its default."""
    return Choices(
        detail=clean(session_state.get(DETAIL_KEY), LAYERS, LAYERS[0]),
        nation=clean(session_state.get(NATION_KEY), NATION_CHOICES, ""),
        lang=clean(session_state.get(LANG_KEY), list(languages), DEFAULT_LANG),
    )
