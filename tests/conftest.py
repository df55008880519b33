"""Shared test helpers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
APP = str(PROJECT / "app.py")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real content folder, to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(PROJECT / "content", target)
    return target
