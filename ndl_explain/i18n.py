"""Interface words from per-language YAML catalogues (``content/<lang>/ui/<area>.yaml``).

``t("en", "frame.detail_label")`` looks up ``detail_label`` in ``content/en/ui/frame.yaml``.
Plural forms follow the CLDR rules for English and Welsh.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from . import CONTENT_DIR
from .problems import ContentError, Problem
from .yamlfile import read_yaml_file

DEFAULT_LANG = "en"
_MISSING = object()
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def plural_category(lang: str, n: int) -> str:
    """The CLDR plural category of a whole number ``n`` in ``lang``."""
    if lang == "cy":
        return {0: "zero", 1: "one", 2: "two", 3: "few", 6: "many"}.get(n, "other")
    return "one" if n == 1 else "other"


class Catalogue:
    """Every interface string of every language, loaded once."""

    def __init__(self, content_dir: Path = CONTENT_DIR):
        self.content_dir = Path(content_dir)
        self.strings: dict[str, dict[str, Any]] = {}
        problems: list[Problem] = []
        for lang_dir in sorted(p for p in self.content_dir.iterdir() if (p / "ui").is_dir()):
            table: dict[str, Any] = {}
            for path in sorted((lang_dir / "ui").glob("*.yaml")):
                try:
                    data, lines = read_yaml_file(path)
                except ContentError as exc:
                    problems.extend(exc.problems)
                    continue
                if not isinstance(data, dict):
                    problems.append(Problem(path, "must be a list of 'key: text' lines", 1))
                    continue
                table[path.stem] = data
            self.strings[lang_dir.name] = table
        if problems:
            raise ContentError(problems)

    @property
    def languages(self) -> list[str]:
        return list(self.strings)

    @staticmethod
    def _find(table: dict[str, Any], key: str) -> Any:
        node: Any = table
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
        return node

    def has(self, lang: str, key: str) -> bool:
        return self._find(self.strings.get(lang, {}), key) is not _MISSING

    def get(self, lang: str, key: str) -> Any:
        """The raw value at ``key`` ("area.name.subname"), falling back to English."""
        for table in (self.strings.get(lang, {}), self.strings.get(DEFAULT_LANG, {})):
            value = self._find(table, key)
            if value is not _MISSING:
                return value
        raise KeyError(f"no interface text '{key}' for language '{lang}'")

    def t(self, lang: str, key: str, **values: Any) -> str:
        text = self.get(lang, key)
        if isinstance(text, dict):
            text = text.get("other") or next(iter(text.values()))
        return str(text).format(**values) if values else str(text)

    def tn(self, lang: str, key: str, n: int, **values: Any) -> str:
        forms = self.get(lang, key)
        if isinstance(forms, dict):
            text = forms.get(plural_category(lang, n)) or forms.get("other")
        else:
            text = forms
        return str(text).format(n=n, **values)


@lru_cache(maxsize=4)
def catalogue(content_dir: Path = CONTENT_DIR) -> Catalogue:
    return Catalogue(content_dir)


def t(lang: str, key: str, **values: Any) -> str:
    """Interface text ``key`` in ``lang`` (falls back to English), with {placeholders} filled."""
    return catalogue().t(lang, key, **values)


def tn(lang: str, key: str, n: int, **values: Any) -> str:
    """Interface text with a plural form chosen for ``n``."""
    return catalogue().tn(lang, key, n, **values)
