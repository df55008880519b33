#!/usr/bin/env python3
"""Cut Streamlit's icon font down to the icons this site can show, for nginx to serve in its place.

    .venv/bin/python -m deploy.icon_font --out build/icon-font      # deploy/start-processes.sh does this

Streamlit 1.67 asks for its Material Symbols font (375 kB, about 4,300 icons) on every page, whether or
not the page shows an icon (its start-up script preloads it), and icons are drawn from it by name
(``:material/print:`` is the word "print" in that font, turned into the picture by a ligature). A
phone's first visit fetched it every time: a third of the whole visit once the JavaScript was
compressed (bench/README.md, finding 25). This writes a copy that keeps only the icons named in this
project's code and content and in Streamlit's own JavaScript (its expanders, menus, widgets), about
15 kB, under the same file name as Streamlit's; ``render_nginx.py --icon-font-dir`` serves it at
that address. Streamlit run on its own (scripts/run.sh) still sends the whole font.

Uses fontTools (installed with WeasyPrint; pinned in requirements.txt). A project icon that the font
does not have is an error: Streamlit would show its name as a word.
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = PROJECT / "build" / "icon-font"
FONT_GLOB = "MaterialSymbols-*.woff2"
ICON = re.compile(r":material/([a-z0-9_]+):")
# Where this project names icons: page registrations, screens, content front matter and words.
PROJECT_FILES = ("app.py", "views/**/*.py", "ndl_explain/**/*.py", "content/**/*.md", "content/**/*.yaml")


class IconFontError(RuntimeError):
    """The font cannot be made: no Streamlit font, or an icon the font does not have."""


@dataclass(frozen=True)
class Result:
    path: Path
    kept: tuple[str, ...]                # icon names the subset draws
    unknown_to_font: tuple[str, ...]     # names in Streamlit's JavaScript the font has no icon for
    size: int
    original_size: int


def streamlit_static() -> Path:
    """The folder of Streamlit's browser files (found without importing Streamlit)."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        raise IconFontError("Streamlit is not installed in this Python")
    return Path(list(spec.submodule_search_locations)[0]) / "static" / "static"


def streamlit_icon_font(static: Path | None = None) -> Path:
    """Streamlit's own Material Symbols font file."""
    static = static or streamlit_static()
    found = sorted((static / "media").glob(FONT_GLOB))
    if len(found) != 1:
        raise IconFontError(f"expected one {FONT_GLOB} in {static / 'media'}, found {len(found)}")
    return found[0]


def _python_strings(text: str) -> str:
    """The string literals of Python source (an icon named in a comment is not shown anywhere)."""
    try:
        return "\n".join(t.string for t in tokenize.generate_tokens(io.StringIO(text).readline)
                         if t.type == tokenize.STRING)
    except (tokenize.TokenError, SyntaxError):
        return text


def icons_named(paths: Iterable[Path]) -> set[str]:
    """Every ``:material/NAME:`` in these files (in Python files, in their strings)."""
    names: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        names |= set(ICON.findall(_python_strings(text) if path.suffix == ".py" else text))
    return names


def project_icon_names(project: Path = PROJECT) -> set[str]:
    return icons_named(p for pattern in PROJECT_FILES for p in sorted(project.glob(pattern)) if p.is_file())


def streamlit_icon_names(static: Path | None = None) -> set[str]:
    return icons_named(sorted((static or streamlit_static()).glob("js/*.js")))


def ligatures(font) -> dict[str, str]:
    """Icon name -> glyph, read from the font's ligature table (an icon's glyph may have another
    name: "location_on" is drawn by the glyph "place")."""
    char_of = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    found: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 7 else table
            for first, entries in getattr(table, "ligatures", {}).items():
                for entry in entries:
                    glyphs = [first, *entry.Component]
                    if all(g in char_of for g in glyphs):
                        found["".join(char_of[g] for g in glyphs)] = entry.LigGlyph
    return found


def build(out_dir: Path, names: set[str] | None = None, required: set[str] | None = None,
          static: Path | None = None) -> Result:
    """Write the cut-down font into ``out_dir`` under Streamlit's own file name (and remove older
    ones). ``names``: the icons to keep (default: the project's and Streamlit's); ``required``:
    names that must be in the font (default: the project's)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    static = static or streamlit_static()
    source = streamlit_icon_font(static)
    required = project_icon_names() if required is None else required
    names = (required | streamlit_icon_names(static)) if names is None else names | required
    font = TTFont(source)
    drawn = ligatures(font)
    missing = sorted(required - set(drawn))
    if missing:
        raise IconFontError(f"the icon font has no icon called {', '.join(missing)} "
                            f"(used in this project: check the spelling of the icon's name)")
    kept = sorted(n for n in names if n in drawn)
    options = subset.Options()
    options.layout_closure = False        # keep only the icons asked for, not every ligature of a-z
    options.layout_features = ["rlig", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    # the characters icon names are written with, and the icons' own glyphs
    subsetter.populate(glyphs=sorted({drawn[n] for n in kept}),
                       unicodes=[code for code in font.getBestCmap() if code < 0x80])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(FONT_GLOB):
        old.unlink()
    target = out_dir / source.name
    target.write_bytes(buffer.getvalue())
    return Result(target, tuple(kept), tuple(sorted(names - set(drawn))), len(buffer.getvalue()),
                  source.stat().st_size)


def built_font(folder: str | Path) -> Path:
    """The font ``build`` wrote into ``folder``."""
    found = sorted(Path(folder).glob(FONT_GLOB))
    if len(found) != 1:
        raise IconFontError(
            f"no cut-down icon font in {folder}: build it first with "
            f"'.venv/bin/python -m deploy.icon_font --out {folder}' (deploy/start-processes.sh does)")
    return found[0]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=str(DEFAULT_OUT), help=f"folder to write the font into (default {DEFAULT_OUT})")
    args = p.parse_args(argv)
    try:
        result = build(Path(args.out))
    except IconFontError as error:
        print(f"icon font: {error}", file=sys.stderr)
        return 2
    print(f"icon font: {result.path} — {len(result.kept)} icons, {result.size / 1000:.1f} kB "
          f"(Streamlit's: {result.original_size / 1000:.1f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
