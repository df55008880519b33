"""Helpers for Streamlit AppTest runs of the whole site (frame included)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import APP


def open_app(query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run the site's home page, with URL query parameters if given."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def open_page(url_path: str, query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run the site and go to the page at ``/url_path``.

    Content pages are generated from Markdown (function pages), which ``AppTest.switch_page``
    cannot reach by file; Streamlit derives a page's id from its url_path, so we select it the
    same way a browser visiting ``/url_path`` does.
    """
    at = open_app(query, timeout)
    at._page_hash = calc_hash(url_path)  # noqa: SLF001 - see docstring
    return at.run()


def texts(at: AppTest) -> str:
    """All visible text of Markdown-like elements, joined."""
    parts = [e.value for e in at.title] + [e.value for e in at.header] + [e.value for e in at.subheader]
    parts += [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.success] + [e.value for e in at.warning]
    parts += [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def page_title(at: AppTest) -> str | None:
    """The page's <h1>: drawn by st.title, or as the "# " first line of a Markdown element."""
    if at.title:
        return at.title[0].value
    for element in at.markdown:
        first = str(element.value).split("\n", 1)[0]
        if first.startswith("# "):
            return first[2:]
    return None
