"""The bar figure drawn as HTML: every group, label and number is there as text, bars share one scale,
and content cannot inject markup."""
from __future__ import annotations

import re
from dataclasses import replace

from ndl_explain.content import load_site
from ndl_explain.figures import bar_html

SITE = load_site()


def _bar_widths(html: str) -> list[float]:
    return [float(w) for w in re.findall(r"height:1\.1rem;width:([\d.]+)%", html)]


def test_every_group_label_and_number_of_each_bar_figure_is_shown_as_text():
    bar_figures = [f for lang in SITE.languages for f in SITE._figures.get(lang, {}).values()  # noqa: SLF001
                   if f.kind == "bar"]
    assert bar_figures
    for figure in bar_figures:
        html = bar_html(figure)
        rows = figure.spec["data"]
        assert html.count("<tr>") == len(rows)
        assert html.count("<caption") == len({str(r.get("group", "")) for r in rows})
        for row in rows:
            assert f">{row['label']}</th>".replace("'", "&#x27;") in html, row
            assert re.search(rf">{row['value']:g}</td>", html), row


def test_bars_share_one_scale_and_the_largest_fills_the_width():
    figure = SITE.figure("en", "participants")
    widths = _bar_widths(bar_html(figure))
    values = [row["value"] for row in figure.spec["data"]]
    assert len(widths) == len(values)
    assert max(widths) == 100.0
    top = max(values)
    for width, value in zip(widths, values):
        assert abs(width - 100 * value / top) < 0.1


def test_words_from_content_are_escaped():
    figure = replace(SITE.figure("en", "participants"), spec={"data": [
        {"group": "<script>alert(1)</script>", "label": "A & <b>B</b>", "value": 3},
        {"group": "<script>alert(1)</script>", "label": "zero", "value": 0},
    ]})
    html = bar_html(figure)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "A &amp; &lt;b&gt;B&lt;/b&gt;" in html
    assert _bar_widths(html) == [100.0, 0.0]  # a zero still gets a hairline (min-width), not a negative bar
