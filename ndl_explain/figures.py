"""Build pictures from figure content as plain HTML: bar figures, flow diagrams (boxes and arrows)
and the spectrum of identifiability (no Streamlit here).

Plain HTML rather than a chart library or Graphviz: it needs no script in the browser (Streamlit's
Graphviz renderer alone was 0.6 MB on a phone's first visit, bench/README.md finding 22), its words
are real text that wraps to any width (320 px included), zoom, print and screen readers all get,
and a page draws it as one element. The look is in ``ui/site.css`` (classes ``ndl-flow``,
``ndl-spectrum``); colours that carry a box's kind travel inline as CSS custom properties. Every
word from content is escaped. Tests inspect the returned HTML; ``ui/figures.py`` puts it on the page.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from .content import Figure

INK = "#0b0c0c"
BLUE = "#1d70b8"
# (fill, border) of a box by its role. Borders are at least 3:1 against white (WCAG 1.4.11), text is
# INK on every fill (at least 12:1).
ROLE_STYLE = {
    "requester": ("#d2e2f1", BLUE),
    "ndl": ("#fff2b3", "#594d00"),
    "holder": ("#d9eadb", "#00703c"),
    "data": ("#f3f2f1", "#505a5f"),
    "other": ("#ffffff", "#505a5f"),
}
HIGHLIGHT = "#ffdd00"
# The spectrum's coloured edge, from most to least identifiable (decoration: the order and the words
# carry the meaning).
SPECTRUM_SHADES = ("#d4351c", "#f47738", "#ffdd00", "#00703c", "#1d70b8")
ARROW_STYLES = ("solid", "dashed", "bold", "line")  # "line": a link with no arrowhead and no label


@dataclass(frozen=True)
class Box:
    """One box of a flow diagram: its first line is its name, the rest describes it."""

    id: str
    lines: tuple[str, ...]
    role: str = "other"
    lit: bool = False  # the part the reader is looking at: yellow, with a thick border


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    label: str = ""
    style: str = "solid"


@dataclass(frozen=True)
class Diagram:
    """Boxes top to bottom in the order given, and the arrows between them."""

    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]

    def box(self, box_id: str) -> Box:
        return next(b for b in self.boxes if b.id == box_id)

    @property
    def lit(self) -> list[str]:
        return [b.id for b in self.boxes if b.lit]


def _lines(text: str) -> tuple[str, ...]:
    """A content label's lines (content wraps labels with newlines; HTML wraps them itself)."""
    return tuple(line.strip() for line in str(text).splitlines() if line.strip())


def _words(text: str) -> str:
    return html.escape(" ".join(_lines(text)))


def flow_diagram(figure: Figure, highlight: str | None = None) -> Diagram:
    """A flow figure's boxes and arrows; ``highlight`` (a box id or role) is drawn lit."""
    boxes = tuple(
        Box(str(node["id"]), _lines(node["label"]), node.get("role", "other"),
            highlight is not None and highlight in (node["id"], node.get("role", "other")))
        for node in figure.spec["nodes"])
    arrows = tuple(Arrow(str(edge["from"]), str(edge["to"]), " ".join(_lines(edge.get("label", ""))),
                         edge.get("style", "solid"))
                   for edge in figure.spec.get("edges", []))
    return Diagram(boxes, arrows)


def _colours(box: Box) -> str:
    fill, border = ROLE_STYLE.get(box.role, ROLE_STYLE["other"])
    return f"--ndl-fill:{fill};--ndl-edge:{border}"


def _arrow_class(arrow: Arrow) -> str:
    return f"ndl-style-{arrow.style if arrow.style in ARROW_STYLES else 'solid'}"


def _label(arrow: Arrow) -> str:
    return f'<span class="ndl-arrow-label">{html.escape(arrow.label)}</span>' if arrow.label else ""


def _gap_arrow(arrow: Arrow, direction: str) -> str:
    """An arrow between a box and the one just below it: a line down (or up) with its head at the
    end, and its words beside it. A "line" joins the two boxes with no head and no words."""
    head = "" if arrow.style == "line" else f" ndl-arrow-{direction}"
    return (f'<li class="ndl-arrow {_arrow_class(arrow)}{head}">'
            f'<span class="ndl-arrow-line" aria-hidden="true"></span><span>{_label(arrow)}</span></li>')


def _far_arrow(arrow: Arrow, target: Box, to_word: str) -> str:
    """An arrow to a box further up or down, drawn inside the box it leaves: its words, an arrow and
    the name of the box it goes to, in that box's colours (``to_word`` is said before the name)."""
    hidden = f'<span class="ndl-sr-only">{html.escape(to_word)} </span>' if to_word else ""
    name = target.lines[0] if target.lines else target.id
    return (f'<li class="{_arrow_class(arrow)}">{_label(arrow)} <span aria-hidden="true">&#8594;</span> '
            f'{hidden}<span class="ndl-chip" style="{_colours(target)}">{html.escape(name)}</span></li>')


def _box_html(box: Box, far: list[str]) -> str:
    colours = f"--ndl-fill:{HIGHLIGHT};--ndl-edge:{INK}" if box.lit else _colours(box)
    name, *rest = box.lines or ("",)
    body = f"<br>{html.escape(' '.join(rest))}" if rest else ""
    lit = " ndl-box-lit" if box.lit else ""
    out = f'<ul class="ndl-far">{"".join(far)}</ul>' if far else ""
    return f'<div class="ndl-box{lit}" style="{colours}"><strong>{html.escape(name)}</strong>{body}{out}</div>'


def flow_html(diagram: Diagram, to_word: str = "") -> str:
    """A flow diagram as HTML: a list of boxes, top to bottom. An arrow between a box and the one just
    below it (either way) is drawn in the gap between them; an arrow to a box further away is
    written inside the box it leaves, with the name of the box it goes to (``to_word``, "to", is
    said to screen readers before that name), so no line seems to join boxes it does not. Reads the
    same at any width: nothing is placed side by side, and every word wraps."""
    order = {box.id: i for i, box in enumerate(diagram.boxes)}
    boxes = {box.id: box for box in diagram.boxes}
    gaps: dict[int, list[str]] = {i: [] for i in range(len(diagram.boxes))}
    far: dict[int, list[str]] = {i: [] for i in range(len(diagram.boxes))}
    for arrow in diagram.arrows:
        if arrow.source not in order or arrow.target not in order or arrow.source == arrow.target:
            continue
        start, end = order[arrow.source], order[arrow.target]
        if end == start + 1:
            gaps[start].append(_gap_arrow(arrow, "down"))
        elif end == start - 1:
            gaps[end].append(_gap_arrow(arrow, "up"))
        else:
            far[start].append(_far_arrow(arrow, boxes[arrow.target], to_word))
    parts = ['<ol class="ndl-flow">']
    for i, box in enumerate(diagram.boxes):
        below = f'<ul class="ndl-arrows">{"".join(gaps[i])}</ul>' if gaps[i] else ""
        parts.append(f"<li>{_box_html(box, far[i])}{below}</li>")
    parts.append("</ol>")
    return "".join(parts)


def spectrum_html(figure: Figure) -> str:
    """The spectrum of identifiability: boxes from most to least identifiable, top to bottom, an arrow
    between each and the next, each box's colour a step along the way."""
    steps = figure.spec["steps"]
    parts = ['<ol class="ndl-spectrum">']
    for i, step in enumerate(steps):
        shade = SPECTRUM_SHADES[min(i * (len(SPECTRUM_SHADES) - 1) // max(1, len(steps) - 1),
                                    len(SPECTRUM_SHADES) - 1)]
        parts.append(f'<li style="--ndl-shade:{shade}"><strong>{_words(step["label"])}</strong>'
                     f"<br>{_words(step['meaning'])}</li>")
    parts.append("</ol>")
    return "".join(parts)


def bar_html(figure: Figure) -> str:
    """The bar figure as plain HTML: for each group a small table of label, bar and number.

    Unlike a Vega-Lite chart it needs no script in the browser, is one element on the page (7 charts
    cost ~40% of the page's server time), fits any width (labels wrap, bars shrink), and its words and
    numbers are real text that screen readers, zoom and print all get. Bars are drawn to one scale for
    the whole figure, so groups can be compared."""
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


def figure_html(figure: Figure, highlight: str | None = None, to_word: str = "") -> str:
    """The picture for any figure, as HTML."""
    if figure.kind == "bar":
        return bar_html(figure)
    if figure.kind == "flow":
        return flow_html(flow_diagram(figure, highlight), to_word)
    return spectrum_html(figure)
