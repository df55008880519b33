"""The draft-translation notice: shown once on every page and screen in a language whose translation
is marked draft (content/<lang>/language.yaml), and never in English."""
from __future__ import annotations

import pytest

from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from tests.app.test_pages import registered_page_files
from tests.apptest import open_page

SITE = load_site()
DRAFT_LANGS = [code for code, language in SITE.languages.items() if language.translation == "draft"]
URL_PATHS = [page.slug for page in SITE.pages("en")] + [spec.url_path for spec in registered_page_files()]


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch):
    """The workshop pages open a database: give each test its own."""
    monkeypatch.delenv("NDL_DATABASE_URL", raising=False)
    monkeypatch.setenv("NDL_DATA_DIR", str(tmp_path / "data"))


def notices(at, lang: str) -> list[str]:
    wording = catalogue().t(lang, "frame.draft_translation")
    return [w.value for w in at.warning if w.value == wording]


def test_welsh_is_marked_draft():
    """While any Welsh file is a draft, the language as a whole says so (checked by the content check
    too); this test would pass vacuously otherwise."""
    assert "cy" in DRAFT_LANGS


@pytest.mark.parametrize("lang", DRAFT_LANGS)
@pytest.mark.parametrize("url_path", URL_PATHS)
def test_draft_notice_shows_once_on_every_page(lang, url_path):
    at = open_page(url_path, {"lang": lang, "detail": "full"})
    assert not at.exception, at.exception
    assert len(notices(at, lang)) == 1, f"/{url_path} in {lang}: the draft notice must show exactly once"


def test_draft_notice_shows_once_on_a_welsh_walkthrough_step():
    at = open_page("walkthrough", {"lang": "cy", "scenario": "warm-home-discount", "step": "2"})
    assert not at.exception, at.exception
    assert len(notices(at, "cy")) == 1


@pytest.mark.parametrize("url_path", ["home", "walkthrough", "what-if", "leaflets", "workshop"])
def test_no_draft_notice_in_english(url_path):
    at = open_page(url_path)
    assert not at.exception, at.exception
    wording = catalogue().t("en", "frame.draft_translation")
    assert all(w.value != wording for w in at.warning)
