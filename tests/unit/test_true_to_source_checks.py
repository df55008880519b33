"""The checks that keep the site true to its sources and as complete in Welsh as in English: each is
shown to pass on the real content and to catch the mistake it is for."""
from __future__ import annotations

import re
from pathlib import Path

from ndl_explain.checks import run_checks


def problems(root: Path) -> list[str]:
    return [str(p) for p in run_checks(root)]


def test_the_real_content_passes_every_check():
    assert problems(Path(__file__).resolve().parents[2] / "content") == []


def test_a_draft_welsh_file_needs_the_language_marked_draft(content_copy):
    language = content_copy / "cy" / "language.yaml"
    language.write_text(re.sub(r"(?m)^translation: draft$", "translation: reviewed", language.read_text()))
    found = problems(content_copy)
    assert any("cy/language.yaml" in p and "marked as a draft translation" in p for p in found), found
