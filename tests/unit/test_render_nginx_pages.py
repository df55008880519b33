"""deploy/render_nginx.py turns the plain build's list of pages into nginx maps: every title and
description arrives as written, whatever characters it holds, and nginx accepts the result."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from pathlib import Path

from deploy.render_nginx import IconFontMissing, PlainEditionMissing, render


def pages(title: str) -> dict:
    language = {"html_lang": "en", "site_name": "NDL Explained", "description": "Plain words.",
                "plain_link": "Plain version", "plain_home": "en/index.html"}
    return {"site_url": "https://ndl.example.org", "plain_path": "/plain", "default_lang": "en",
            "languages": {"en": language},
            "addresses": [{"path": "/odd", "lang": "en", "title": title, "full_title": f"{title} – NDL Explained",
                           "description": 'Costs $5 "or so" \\ maybe; {braces}', "scenario": None, "step": None,
                           "address": "/odd", "plain": "en/odd.html"}]}


def test_quotes_dollars_and_markup_are_escaped(tmp_path):
    (tmp_path / "pages.json").write_text(json.dumps(pages('A "quoted" <b>$title</b>')))
    text = render(["127.0.0.1:8501"], "127.0.0.1:8080", prefix=str(tmp_path), user=None, plain_dir=str(tmp_path))
    line = next(line for line in text.splitlines() if "<title>A" in line)
    assert "&lt;b&gt;&#36;title&lt;/b&gt;" in line and "&quot;quoted&quot;" in line
    assert "$title" not in line and "$5" not in line, "no $ reaches nginx, which would read a variable"
    assert '"en|/odd" "m1";' in text
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        (tmp_path / "temp").mkdir()
        (tmp_path / "nginx.conf").write_text(text)
        done = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c",
                               str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr


def test_a_missing_plain_edition_is_a_clear_error(tmp_path):
    with pytest.raises(PlainEditionMissing, match="build it first"):
        render(["127.0.0.1:8501"], "80", prefix=str(tmp_path), plain_dir=str(tmp_path / "nothing"))


def test_without_a_plain_edition_there_are_no_page_maps_but_still_compression(tmp_path):
    text = render(["127.0.0.1:8501"], "80", prefix=str(tmp_path))
    assert "gzip on;" in text and "location ^~ /static/" in text
    assert "$ndl_head" not in text and "/plain/" not in text


def test_the_cut_down_icon_font_is_served_at_streamlits_own_address(tmp_path):
    """An exact location (it wins over /static/), named as Streamlit names its font, from the folder
    deploy/icon_font.py wrote it into; cached for a day and revalidated, as its content can change
    under the same name. nginx accepts the result."""
    fonts = tmp_path / "icons"
    fonts.mkdir()
    (fonts / "MaterialSymbols-Rounded.abc123.woff2").write_bytes(b"wOF2")
    text = render(["127.0.0.1:8501"], "127.0.0.1:8080", prefix=str(tmp_path), user=None, icon_font_dir=str(fonts))
    block = text[text.index("location = /static/media/MaterialSymbols-Rounded.abc123.woff2 {"):]
    block = block[:block.index("\n        }")]
    assert f"root {fonts.resolve()};" in block and "try_files /MaterialSymbols-Rounded.abc123.woff2 =404;" in block
    assert "default_type font/woff2;" in block and 'Cache-Control "public, max-age=86400"' in block
    assert text.index("location = /static/media/") > text.index("location ^~ /static/")  # inside the server block
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        (tmp_path / "temp").mkdir()
        (tmp_path / "nginx.conf").write_text(text)
        done = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c",
                               str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr


def test_a_missing_icon_font_is_a_clear_error_and_none_asked_serves_streamlits(tmp_path):
    with pytest.raises(IconFontMissing, match="build it first"):
        render(["127.0.0.1:8501"], "80", prefix=str(tmp_path), icon_font_dir=str(tmp_path / "nothing"))
    assert "MaterialSymbols" not in render(["127.0.0.1:8501"], "80", prefix=str(tmp_path))
