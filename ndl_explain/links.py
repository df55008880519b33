"""Internal links that keep the visitor's choices (detail, nation, language) as they move around."""
from __future__ import annotations

import re
from urllib.parse import urlencode

# A Markdown link whose target is a site path: [text](/slug) or [text](/slug?x=1#part)
_INTERNAL_LINK = re.compile(r"\]\((/[A-Za-z0-9_\-/]*)(\?[^)#\s]*)?(#[^)\s]*)?\)")


def choice_params(detail: str, nation: str, lang: str, defaults=("short", "", "en")) -> dict[str, str]:
    """The query parameters for choices that differ from the defaults."""
    params = {}
    for key, value, default in zip(("detail", "nation", "lang"), (detail, nation, lang), defaults):
        if value and value != default:
            params[key] = value
    return params


def with_params(path: str, params: dict[str, str]) -> str:
    """``path`` with ``params`` added (parameters already in ``path`` win)."""
    if not params:
        return path
    base, _, fragment = path.partition("#")
    base, _, query = base.partition("?")
    existing = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
    merged = {**params, **existing}
    result = f"{base}?{urlencode(merged)}"
    return f"{result}#{fragment}" if fragment else result


def carry_choices(markdown: str, params: dict[str, str]) -> str:
    """Add ``params`` to every internal link in ``markdown`` (external links are left alone)."""
    if not params:
        return markdown

    def replace(match: re.Match) -> str:
        path, query, fragment = match.group(1), match.group(2) or "", match.group(3) or ""
        return "](" + with_params(path + query + fragment, params) + ")"

    return _INTERNAL_LINK.sub(replace, markdown)
