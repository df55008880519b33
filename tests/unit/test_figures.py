"""The bar figure drawn as HTML: every group, label and number is there as text, bars share one scale,
and content cannot inject markup."""
from __future__ import annotations

import html
import re
from dataclasses import replace

from ndl_explain.content import load_site
from ndl_explain.figures import Arrow, Box, Diagram, bar_html, figure_html, flow_diagram, flow_html, spectrum_html

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


# ---- flow diagrams -------------------------------------------------------------------------------
def _boxes(drawn: str) -> list[str]:
    """The boxes' names, top to bottom."""
    return [html.unescape(name) for name in re.findall(r'<div class="ndl-box[^"]*"[^>]*><strong>([^<]*)</strong>', drawn)]


def _gap_arrows(drawn: str) -> list[tuple[str, str]]:
    """(direction, words) of each arrow drawn between two boxes, top to bottom."""
    found = []
    for classes, body in re.findall(r'<li class="ndl-arrow ([^"]*)"><span class="ndl-arrow-line"[^>]*></span>'
                                    r"<span>(.*?)</span></li>", drawn):
        direction = "down" if "ndl-arrow-down" in classes else "up" if "ndl-arrow-up" in classes else "none"
        words = html.unescape(re.sub(r"<[^>]+>", "", body))
        found.append((direction, words))
    return found


def _far_arrows(drawn: str) -> list[tuple[str, str, str]]:
    """(box it leaves, words, box it goes to) of each arrow written inside a box."""
    found = []
    for box, items in re.findall(r"<strong>([^<]*)</strong>(?:<br>[^<]*)?<ul class=\"ndl-far\">(.*?)</ul>", drawn):
        for words, target in re.findall(r'<span class="ndl-arrow-label">([^<]*)</span>.*?'
                                        r'<span class="ndl-chip"[^>]*>([^<]*)</span>', items):
            found.append((html.unescape(box), html.unescape(words), html.unescape(target)))
    return found


def test_every_box_and_arrow_of_each_flow_figure_is_drawn_once_as_text():
    flows = [f for lang in SITE.languages for f in SITE._figures.get(lang, {}).values()  # noqa: SLF001
             if f.kind == "flow"]
    assert flows
    for figure in flows:
        drawn = figure_html(figure)
        assert "digraph" not in drawn
        names = {node["id"]: node["label"].splitlines()[0] for node in figure.spec["nodes"]}
        assert _boxes(drawn) == [names[node["id"]] for node in figure.spec["nodes"]]
        labels = [" ".join(edge["label"].split()) for edge in figure.spec["edges"]]
        drawn_labels = [words for _, words in _gap_arrows(drawn)] + [words for _, words, _ in _far_arrows(drawn)]
        assert sorted(drawn_labels) == sorted(labels), figure.id
        for node in figure.spec["nodes"]:  # the box's description, as words that wrap
            for line in node["label"].splitlines()[1:]:
                assert html.escape(line.strip()) in drawn


def test_arrows_point_the_right_way_and_far_ones_name_their_box():
    diagram = Diagram(
        boxes=(Box("a", ("Top", "the first box")), Box("b", ("Middle",)), Box("c", ("Bottom",), lit=True)),
        arrows=(Arrow("a", "b", "goes down"), Arrow("c", "b", "goes up", "bold"), Arrow("c", "a", "back to the top"),
                Arrow("a", "c", "", "line"), Arrow("a", "nowhere", "dropped")))
    drawn = flow_html(diagram, to_word="to")
    assert _boxes(drawn) == ["Top", "Middle", "Bottom"]
    assert _gap_arrows(drawn) == [("down", "goes down"), ("up", "goes up")]
    assert _far_arrows(drawn) == [("Bottom", "back to the top", "Top")]
    # a "line" to a box further away is still said, with no words of its own
    assert drawn.count("ndl-chip") == 2
    assert "dropped" not in drawn  # an arrow to a box that is not there is left out
    assert '<span class="ndl-sr-only">to </span>' in drawn  # screen readers hear "to" before the name
    assert len(re.findall(r'class="ndl-box ndl-box-lit"', drawn)) == 1
    assert 'ndl-style-bold ndl-arrow-up' in drawn


def test_flow_highlight_lights_the_box_by_id_or_role():
    figure = SITE.figure("en", "how-it-works")
    assert flow_diagram(figure).lit == []
    assert flow_diagram(figure, "ndl").lit == ["ndl"]
    assert flow_diagram(figure, "holder").lit == ["holders"]


def test_flow_words_from_content_are_escaped():
    figure = replace(SITE.figure("en", "how-it-works"), spec={
        "nodes": [{"id": "x", "label": "<script>alert(1)</script>\nA & B", "role": "requester"},
                  {"id": "y", "label": "Y <i>", "role": "holder"}],
        "edges": [{"from": "x", "to": "y", "label": "<img src=x onerror=alert(1)>"}]})
    drawn = figure_html(figure)
    assert "<script>" not in drawn and "<img" not in drawn and "<i>" not in drawn
    assert "&lt;script&gt;" in drawn and "A &amp; B" in drawn


# ---- the spectrum --------------------------------------------------------------------------------
def test_spectrum_shows_every_step_in_order_with_its_meaning():
    for lang in SITE.languages:
        figure = SITE.figure(lang, "identifiability")
        drawn = spectrum_html(figure)
        assert drawn.startswith('<ol class="ndl-spectrum">')
        items = re.findall(r"<li[^>]*><strong>([^<]*)</strong><br>([^<]*)</li>", drawn)
        expected = [(" ".join(s["label"].split()), " ".join(s["meaning"].split())) for s in figure.spec["steps"]]
        assert [(html.unescape(a), html.unescape(b)) for a, b in items] == expected
        shades = re.findall(r"--ndl-shade:(#[0-9a-f]{6})", drawn)
        assert shades[0] == "#d4351c" and shades[-1] == "#1d70b8"  # from red (who you are) to blue (no one)
