"""Build pictures from figure content: HTML bar charts, Altair charts and Graphviz DOT text (no Streamlit here).

Tests inspect the returned objects; ``ui/figures.py`` puts them on the page."""
from __future__ import annotations

import html

import altair as alt
import pandas as pd

from .content import Figure

INK = "#0b0c0c"
BLUE = "#1d70b8"
ROLE_STYLE = {
    "requester": ("#d2e2f1", BLUE),
    "ndl": ("#fff2b3", "#594d00"),
    "holder": ("#d9eadb", "#00703c"),
    "data": ("#f3f2f1", "#505a5f"),
    "other": ("#ffffff", "#505a5f"),
}
HIGHLIGHT = "#ffdd00"


def bar_charts(figure: Figure) -> list[alt.Chart]:
    """Horizontal bars, one small chart per group, each bar labelled with its number.

    Each chart fills the width of its container (so nothing is cut off on a phone); they are
    returned separately because Vega-Lite cannot size a vconcat to its container."""
    rows = [
        {"group": str(item.get("group", "")), "label": str(item["label"]), "value": item["value"]}
        for item in figure.spec["data"]
    ]
    frame = pd.DataFrame(rows)
    charts = []
    for group, part in frame.groupby("group", sort=False):
        order = list(part["label"])
        base = alt.Chart(part, title=alt.Title(group or figure.title, anchor="start", color=INK))
        bars = base.mark_bar(color=BLUE).encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=120, labelColor=INK)),
            x=alt.X("value:Q", title=None, axis=alt.Axis(labelColor=INK, tickMinStep=1)),
            tooltip=[alt.Tooltip("label:N", title="Group"), alt.Tooltip("value:Q", title="Number")],
        )
        labels = base.mark_text(align="left", dx=3, color=INK).encode(
            y=alt.Y("label:N", sort=order), x="value:Q", text="value:Q"
        )
        charts.append((bars + labels).properties(width="container", height=alt.Step(24))
                      .configure_view(strokeWidth=0))
    return charts


def bar_html(figure: Figure) -> str:
    """The bar figure as plain HTML: for each group a small table of label, bar and number.

    What the site shows. Unlike a Vega-Lite chart it needs no script in the browser, is one element
    on the page (7 charts cost ~40% of the page's server time), fits any width (labels wrap, bars
    shrink), and its words and numbers are real text that screen readers, zoom and print all get.
    Bars are drawn to one scale for the whole figure, so groups can be compared."""
    rows = [(str(item.get("group", "")), str(item["label"]), item["value"]) for item in figure.spec["data"]]
    groups: dict[str, list[tuple[str, float]]] = {}
    for group, label, value in rows:
        groups.setdefault(group, []).append((label, value))
    top = max((value for _, _, value in rows), default=0) or 1
    parts = [f'<div class="ndl-bars" style="color:{INK}">']
    for group, items in groups.items():
        parts.append(
            '<table style="width:100%;table-layout:fixed;border-collapse:collapse;margin:0 0 1rem 0">'
            f'<caption style="caption-side:top;text-align:left;font-weight:600;padding:0 0 .25rem 0">'
            f"{html.escape(group or figure.title)}</caption>")
        for label, value in items:
            width = max(0.0, min(100.0, 100 * value / top))
            number = f"{value:g}" if isinstance(value, (int, float)) else html.escape(str(value))
            parts.append(
                "<tr>"
                f'<th scope="row" style="width:45%;text-align:left;font-weight:400;padding:.2rem .5rem .2rem 0;'
                f'vertical-align:middle">{html.escape(label)}</th>'
                '<td style="padding:.2rem 0;vertical-align:middle" aria-hidden="true">'
                f'<div style="background:{BLUE};height:1.1rem;width:{width:.1f}%;min-width:2px"></div></td>'
                f'<td style="width:3.5rem;text-align:right;padding:.2rem 0 .2rem .5rem;vertical-align:middle;'
                f'font-variant-numeric:tabular-nums">{number}</td>'
                "</tr>")
        parts.append("</table>")
    parts.append("</div>")
    return "".join(parts)


def bar_chart(figure: Figure) -> alt.Chart:
    """All groups of a bar figure in one chart (fixed width; for export and benchmarks)."""
    charts = [chart.copy() for chart in bar_charts(figure)]
    for chart in charts:
        chart.config = alt.Undefined
    joined = alt.vconcat(*charts) if len(charts) > 1 else charts[0]
    return joined.configure_view(strokeWidth=0)


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow_dot(figure: Figure, highlight: str | None = None) -> str:
    """A top-to-bottom flow diagram; ``highlight`` (a node id or role) is drawn bold and yellow."""
    lines = [
        "digraph {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.45];',
        f'  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=13, color="{INK}", '
        f'fontcolor="{INK}", margin="0.15,0.08"];',
        f'  edge [fontname="sans-serif", fontsize=11, color="{INK}", fontcolor="{INK}"];',
    ]
    for node in figure.spec["nodes"]:
        role = node.get("role", "other")
        fill, border = ROLE_STYLE.get(role, ROLE_STYLE["other"])
        lit = highlight is not None and highlight in (node["id"], role)
        extra = f', fillcolor="{HIGHLIGHT}", penwidth=3' if lit else f', fillcolor="{fill}", color="{border}"'
        lines.append(f"  {_quote(node['id'])} [label={_quote(node['label'])}{extra}];")
    for edge in figure.spec.get("edges", []):
        label = f" [label={_quote(edge['label'])}]" if edge.get("label") else ""
        lines.append(f"  {_quote(edge['from'])} -> {_quote(edge['to'])}{label};")
    lines.append("}")
    return "\n".join(lines)


def spectrum_dot(figure: Figure) -> str:
    """The spectrum of identifiability: boxes from most to least identifiable, top to bottom."""
    steps = figure.spec["steps"]
    shades = ["#d4351c", "#f47738", "#ffdd00", "#00703c", "#1d70b8"]
    lines = [
        "digraph {",
        '  graph [rankdir=TB, bgcolor="transparent", ranksep=0.3];',
        f'  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=13, color="{INK}", '
        f'fontcolor="{INK}", fillcolor="#ffffff", penwidth=2];',
        f'  edge [color="{INK}"];',
    ]
    for i, step in enumerate(steps):
        shade = shades[min(i * (len(shades) - 1) // max(1, len(steps) - 1), len(shades) - 1)]
        label = f"{step['label']}\n{step['meaning']}"
        lines.append(f"  s{i} [label={_quote(label)}, color={_quote(shade)}];")
    for i in range(len(steps) - 1):
        lines.append(f"  s{i} -> s{i + 1};")
    lines.append("}")
    return "\n".join(lines)


def build(figure: Figure) -> list[alt.Chart] | str:
    """The picture for a figure: Altair charts (bar) or DOT text (flow, spectrum)."""
    if figure.kind == "bar":
        return bar_charts(figure)
    if figure.kind == "flow":
        return flow_dot(figure)
    return spectrum_dot(figure)
