"""deploy/icon_font.py: Streamlit's icon font cut down to the icons the site can show. Every icon the
project names and every icon Streamlit's own JavaScript names is still drawn (read back from the
written font's ligature table), other pictures are gone, the file keeps Streamlit's name, and a misspelt
icon is an error rather than a word on the page."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from deploy import icon_font
from deploy.icon_font import IconFontError, build, ligatures, project_icon_names, streamlit_icon_font, streamlit_icon_names


@pytest.fixture(scope="module")
def full():
    """Streamlit's whole font's icon names and glyphs."""
    return ligatures(TTFont(streamlit_icon_font()))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("icons")
    return build(folder), folder


def test_the_project_icons_are_found_where_they_are_named():
    names = project_icon_names()
    assert {"home", "menu_book"} <= names          # content front matter (home.md, glossary.md)
    assert "route" in names                          # app.py's page registrations
    assert "arrow_forward" in names                  # a screen's button (ui/walkthrough.py)
    assert "x" not in names                          # ':material/x:' in a comment in ui/frame.py: not an icon


def test_every_icon_the_site_and_streamlit_name_is_kept_and_no_other(built, full):
    result, folder = built
    font = TTFont(result.path)
    drawn = set(ligatures(font))
    wanted = project_icon_names() | streamlit_icon_names()
    assert project_icon_names() <= drawn
    # Streamlit's own controls: the expander's and select box's arrows, the "x" of a closable box
    assert {"expand_more", "expand_less", "keyboard_arrow_down", "close"} <= drawn
    assert set(result.kept) == wanted - set(result.unknown_to_font) and set(result.kept) <= drawn
    # no other pictures: the glyphs left are those of the icons kept (other names for the same
    # picture, "home_filled" for "home", come along at no cost)
    assert len(set(ligatures(font).values())) == len({full[name] for name in result.kept})
    assert "delete_forever" not in wanted and "delete_forever" not in drawn  # one of the ~4,000 left out
    assert len(drawn) < len(full) / 10


def test_the_font_keeps_streamlits_file_name_and_is_far_smaller(built):
    result, folder = built
    assert result.path.name == streamlit_icon_font().name
    assert [p.name for p in folder.iterdir()] == [result.path.name]
    assert result.size == result.path.stat().st_size < result.original_size / 10
    assert result.path.read_bytes()[:4] == b"wOF2"
    assert icon_font.built_font(folder) == result.path


def test_a_rebuild_replaces_an_older_font(tmp_path, full):
    (tmp_path / "MaterialSymbols-Rounded.old.woff2").write_bytes(b"old")
    result = build(tmp_path, names={"home"}, required={"home"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [result.path.name]
    drawn = ligatures(TTFont(result.path))
    assert "home" in drawn and len(set(drawn.values())) == 1
    assert {name for name, glyph in full.items() if glyph == full["home"]} == set(drawn)


def test_an_icon_the_font_does_not_have_is_an_error(tmp_path):
    with pytest.raises(IconFontError, match="no icon called not_an_icon_name"):
        build(tmp_path, names=set(), required={"home", "not_an_icon_name"})
    with pytest.raises(IconFontError, match="build it first"):
        icon_font.built_font(tmp_path)
