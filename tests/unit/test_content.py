"""The content engine: good content loads; each kind of mistake gives a message that says what to fix."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from ndl_explain.__main__ import main as cli_main
from ndl_explain.checks import run_checks
from ndl_explain.content import load_site, markdown_to_html, split_directives, terms_used
from ndl_explain.problems import ContentError

SOURCES = """\
src-a:
  title: A report
  publisher: A publisher
  year: 2025
  url: https://example.org/report
  about: What it is.
src-b:
  title:
    quote: "An exact long title copied from the source"
  publisher: Another
  year: 2020
  about: Another one.
"""
LANGUAGE = """\
name: English
html_lang: en
layer_headings: {short: In short, more: More detail, full: Full detail}
jargon_watchlist: [data sharing agreement]
"""
PAGE = """\
---
slug: {slug}
title: A page
summary: What this page is for.
section: understand
order: 1
sources: [src-a]
updated: 2026-11-22
---

## In short

The plan is simple. You can read it here.

## More detail

Some more words about it.

## Full detail

The law and the numbers.
"""


def make_content(root: Path, pages: dict[str, str] | None = None, glossary: str | None = None) -> Path:
    (root / "en" / "pages").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES)
    (root / "en" / "language.yaml").write_text(LANGUAGE)
    for name, text in (pages or {"one": PAGE.format(slug="one")}).items():
        (root / "en" / "pages" / f"{name}.md").write_text(text)
    if glossary is not None:
        (root / "en" / "glossary.yaml").write_text(glossary)
    return root


def problems_for(tmp_path: Path, page_text: str, name: str = "one") -> list[str]:
    root = make_content(tmp_path / "content", {name: page_text})
    with pytest.raises(ContentError) as caught:
        load_site(root)
    return [str(p) for p in caught.value.problems]


def test_good_content_loads_with_layers_and_sources(tmp_path):
    site = load_site(make_content(tmp_path / "content"))
    page = site.page("en", "one")
    assert page.title == "A page"
    assert page.updated == dt.date(2026, 11, 22)
    assert page.sources == ("src-a",)
    assert page.layers["short"].startswith("The plan is simple.")
    assert page.layers["full"] == "The law and the numbers."
    assert site.sources["src-b"].title == "An exact long title copied from the source"
    assert page.proposal_notice is True


@pytest.mark.parametrize(
    "detail, expected",
    [("short", ["short"]), ("more", ["short", "more"]), ("full", ["short", "more", "full"]),
     ("999", ["short"]), ("", ["short"])],
)
def test_detail_level_shows_that_layer_and_those_above(tmp_path, detail, expected):
    page = load_site(make_content(tmp_path / "content")).page("en", "one")
    assert page.visible_layers(detail) == expected


def test_missing_field_is_named_with_line(tmp_path):
    text = PAGE.format(slug="one").replace("title: A page\n", "")
    found = problems_for(tmp_path, text)
    assert any("needs a 'title:' field" in p for p in found), found


def test_wrong_type_is_explained(tmp_path):
    text = PAGE.format(slug="one").replace("order: 1", "order: first")
    found = problems_for(tmp_path, text)
    assert any("'order' must be a whole number" in p and "line 6" in p for p in found), found


def test_unknown_source_id_lists_known_ids(tmp_path):
    text = PAGE.format(slug="one").replace("sources: [src-a]", "sources: [src-a, nope]")
    found = problems_for(tmp_path, text)
    assert any("unknown source id 'nope'" in p and "src-a, src-b" in p and "line 7" in p for p in found)


def test_empty_layer_is_reported_at_its_heading(tmp_path):
    text = PAGE.format(slug="one").replace("Some more words about it.", "")
    found = problems_for(tmp_path, text)
    assert any("'## More detail' is empty" in p and "line 15" in p for p in found), found


def test_missing_and_misspelt_layer_headings(tmp_path):
    text = PAGE.format(slug="one").replace("## Full detail", "## Full details")
    found = problems_for(tmp_path, text)
    assert any("'## Full details' is not a layer heading" in p for p in found), found
    assert any("'## Full detail' is missing" in p for p in found), found


def test_layers_out_of_order(tmp_path):
    text = PAGE.format(slug="one")
    text = text.replace("## More detail", "## TMP").replace("## Full detail", "## More detail")
    text = text.replace("## TMP", "## Full detail")
    assert any("out of order" in p for p in problems_for(tmp_path, text))


def test_malformed_yaml_names_file_and_line(tmp_path):
    text = PAGE.format(slug="one").replace("order: 1", "order: [1")
    found = problems_for(tmp_path, text)
    assert any("one.md" in p and "could not be read" in p and "line" in p for p in found), found


def test_front_matter_must_be_closed(tmp_path):
    text = PAGE.format(slug="one").replace("updated: 2026-11-22\n---", "updated: 2026-11-22\n")
    assert any("never closed" in p for p in problems_for(tmp_path, text))


def test_duplicate_slug_and_slug_file_mismatch(tmp_path):
    root = make_content(tmp_path / "content", {"one": PAGE.format(slug="one"), "two": PAGE.format(slug="one")})
    with pytest.raises(ContentError) as caught:
        load_site(root)
    messages = [str(p) for p in caught.value.problems]
    assert any("two.md" in m and "must match the file name" in m for m in messages), messages


def test_unknown_field_suggests_spelling(tmp_path):
    text = PAGE.format(slug="one").replace("order: 1", "order: 1\nsumary: typo")
    assert any("unknown field 'sumary'" in p for p in problems_for(tmp_path, text))


def test_raw_html_is_refused(tmp_path):
    text = PAGE.format(slug="one").replace("Some more words about it.", "Some <script>alert(1)</script> words.")
    assert any("raw HTML is not allowed" in p for p in problems_for(tmp_path, text))


def test_unknown_nation_and_section(tmp_path):
    text = PAGE.format(slug="one").replace("section: understand", "section: elsewhere\nnation_notes: {narnia: hi}")
    found = problems_for(tmp_path, text)
    assert any("section 'elsewhere' is not known" in p for p in found)
    assert any("nation 'narnia' is not known" in p for p in found)


def test_missing_figure_and_unknown_marker(tmp_path):
    text = PAGE.format(slug="one").replace("Some more words about it.", "Words.\n\n[[figure:nothing]]\n\n[[chart]]")
    found = problems_for(tmp_path, text)
    assert any("no figure 'nothing'" in p for p in found), found
    assert any("unknown marker '[[chart]]'" in p for p in found), found


def test_bad_bibliography_entry(tmp_path):
    root = make_content(tmp_path / "content")
    (root / "sources.yaml").write_text(SOURCES + "src-c:\n  title: No year\n  publisher: P\n  about: A.\n  url: ftp://x\n")
    with pytest.raises(ContentError) as caught:
        load_site(root)
    messages = [str(p) for p in caught.value.problems]
    assert any("source 'src-c' needs a 'year:' field" in m for m in messages), messages
    assert any("'url' must start with https://" in m for m in messages), messages


def test_glossary_duplicates_and_watchlist(tmp_path):
    glossary = "- term: catalogue\n  meaning: A list.\n- term: Catalogue\n  meaning: Again.\n"
    page = PAGE.format(slug="one").replace("Some more words", "A data sharing agreement and more words")
    root = make_content(tmp_path / "content", {"one": page}, glossary)
    with pytest.raises(ContentError) as caught:
        load_site(root)
    assert any("already defined" in str(p) for p in caught.value.problems)
    (root / "en" / "glossary.yaml").write_text("- term: catalogue\n  meaning: A list.\n")
    found = [str(p) for p in run_checks(root)]
    assert any("uses 'data sharing agreement' but the glossary" in p for p in found), found


def test_readability_gate_in_check(tmp_path):
    long_sentence = " ".join(["word"] * 30) + "."
    page = PAGE.format(slug="one").replace("The plan is simple.", long_sentence + " We leverage it.")
    root = make_content(tmp_path / "content", {"one": page})
    found = [str(p) for p in run_checks(root)]
    assert any("has 30 words" in p for p in found), found
    assert any('avoid the word "leverage"' in p for p in found), found


def test_check_command_exit_codes_and_messages(tmp_path, capsys):
    good = make_content(tmp_path / "good")
    assert cli_main(["check", str(good)]) == 0
    assert "All content checks passed" in capsys.readouterr().out
    bad = make_content(tmp_path / "bad", {"one": PAGE.format(slug="one").replace("order: 1", "order: x")})
    assert cli_main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "'order' must be a whole number" in out and "one.md" in out


def test_markdown_to_html_removes_raw_html():
    html = markdown_to_html("Hello <script>alert(1)</script> **you** <img src=x onerror=alert(1)>")
    assert "<script>" not in html and "onerror" not in html
    assert "<strong>you</strong>" in html


def test_split_directives_and_terms_used(tmp_path):
    parts = split_directives("Before.\n\n[[figure:a]]\n\nAfter.")
    assert parts == [("markdown", "Before."), ("figure", "a"), ("markdown", "After.")]
    root = make_content(tmp_path / "content", glossary="- term: data sharing agreement\n  also: [DSA]\n  meaning: An agreement.\n")
    glossary = load_site(root).glossary("en")
    assert [t.term for t in terms_used("We need a DSA.", glossary)] == ["data sharing agreement"]
    assert terms_used("We need a DSAX.", glossary) == []
