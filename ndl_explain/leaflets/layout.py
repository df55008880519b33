"""Lay an item out, see where every line fell, and keep the first arrangement that prints well.

WeasyPrint lays the HTML out into pages (``render``) before it writes the PDF. Between the two we
read the laid-out pages: where each line of text and each picture sits, which part of the item it
belongs to (an element's ``data-fit`` attribute names the part: "main", "back", "card-3"...), and
whether it is a heading. A format's rules (``problems``) say what is wrong with a layout: a page
left mostly empty, a heading alone at the foot of a page, text running under a poster's bottom
block or off a card, an odd number of A5 pages. ``fit`` tries the arrangements a format offers (the
back page on its own page or straight after the words, a little more or less space between lines,
a smaller big message on a poster...) in order of preference and keeps the first with no problem.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .pdf import render_html

log = logging.getLogger("ndl_explain")

PX = 0.75  # WeasyPrint lays out in CSS pixels (96 to the inch); a pixel is 0.75 of a point
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MIN_FILL = 0.42  # every page but the last is at least this full (the print tests ask for 40%)


@dataclass(frozen=True)
class Line:
    """A line of text or a picture on a laid-out page, in points from the page's top left corner."""

    top: float
    bottom: float
    x0: float
    x1: float
    parts: tuple[str, ...]  # the data-fit names of the elements it is inside, outermost first
    heading: bool  # inside h1-h6
    text: str = ""

    @property
    def part(self) -> str:
        """The innermost part it belongs to ("" when none)."""
        return self.parts[-1] if self.parts else ""

    def within(self, name: str) -> bool:
        return name in self.parts


@dataclass(frozen=True)
class PageLayout:
    number: int  # from 1
    lines: tuple[Line, ...]
    body_top: float  # the area inside the page margins, in points
    body_bottom: float
    width: float = 0.0
    repeated: int = 0  # boxes laid out twice on the page (see measure)

    @property
    def is_notes(self) -> bool:
        """A page of lines for the reader's notes (its fill is its ruled lines, not its words)."""
        return bool(self.lines) and all(ln.within("notes") for ln in self.lines)

    def in_part(self, name: str) -> list[Line]:
        """The lines inside the part called ``name`` (at any depth)."""
        return [ln for ln in self.lines if ln.within(name)]

    @property
    def fill(self) -> float:
        """How far down the page the words and pictures reach, as a share of the area inside the margins."""
        if not self.lines:
            return 0.0
        height = max(1.0, self.body_bottom - self.body_top)
        return max(0.0, min(1.0, (max(ln.bottom for ln in self.lines) - self.body_top) / height))


@dataclass
class Layout:
    """A laid-out document (WeasyPrint's) and what its pages hold."""

    document: Any
    pages: list[PageLayout]
    variant: Mapping[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _element(box: Any) -> Any:
    return getattr(box, "element", None)


def measure(document: Any) -> list[PageLayout]:
    """Every line and picture of every page of a laid-out WeasyPrint document (margin boxes left out)."""
    from weasyprint.formatting_structure import boxes

    pages = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        found: list[Line] = []
        seen: set[int] = set()
        repeated = 0

        def walk(box: Any, parts: tuple[str, ...], heading: bool) -> None:
            nonlocal repeated
            box = getattr(box, "_box", box)  # an absolutely placed box sits in its placeholder
            if isinstance(box, boxes.MarginBox):
                return
            if isinstance(box, boxes.ReplacedBox):
                # A float pushed on to the next page can be laid out there twice (WeasyPrint 70): its
                # picture would then be drawn, and tagged, twice. Such a layout is not used.
                if id(box) in seen:
                    repeated += 1
                seen.add(id(box))
            element = _element(box)
            name = element.get("data-fit") if element is not None else None
            if name and (not parts or parts[-1] != name):
                parts = (*parts, name)
            heading = heading or getattr(box, "element_tag", None) in HEADINGS
            if isinstance(box, boxes.LineBox):
                texts = [b for b in box.descendants() if isinstance(b, boxes.TextBox) and b.text.strip()]
                images = [b for b in box.descendants() if isinstance(b, boxes.ReplacedBox)]
                if texts:
                    x0 = min(b.position_x for b in texts)
                    x1 = max(b.position_x + b.width for b in texts)
                    text = "".join(b.text for b in texts)
                    found.append(Line(box.position_y * PX, (box.position_y + box.height) * PX, x0 * PX, x1 * PX,
                                      parts, heading, text))
                for image in images:
                    found.append(Line(image.position_y * PX, (image.position_y + image.margin_height()) * PX,
                                      image.position_x * PX, (image.position_x + image.margin_width()) * PX,
                                      parts, heading))
                return
            if isinstance(box, boxes.ReplacedBox):
                found.append(Line(box.position_y * PX, (box.position_y + box.margin_height()) * PX,
                                  box.position_x * PX, (box.position_x + box.margin_width()) * PX, parts, heading))
                return
            for child in getattr(box, "children", ()):
                walk(child, parts, heading)

        walk(page_box, (), False)
        top = page_box.content_box_y() * PX
        pages.append(PageLayout(number, tuple(found), top, top + page_box.height * PX, page.width * PX, repeated))
    return pages


def last_line_heading(page: PageLayout, column: int | None = None) -> Line | None:
    """The last line of a page (or of its left or right half: column 0 or 1) when it is a heading."""
    lines = list(page.lines)
    if column is not None:
        middle = page.width / 2
        lines = [ln for ln in lines if (ln.x1 <= middle + 1) == (column == 0)]
    text_lines = [ln for ln in lines if ln.text]
    if not text_lines:
        return None
    last = max(text_lines, key=lambda ln: (round(ln.bottom, 1), ln.x0))
    return last if last.heading else None


def common_problems(pages: list[PageLayout], *, min_fill: float = MIN_FILL, page_multiple: int = 1,
                    max_pages: int | None = None, columns: int = 1) -> list[str]:
    """What is wrong with a flowing document: near-empty pages, headings left at the foot of a page,
    the wrong number of pages."""
    problems = []
    count = len(pages)
    if page_multiple > 1 and count % page_multiple:
        problems.append(f"{count} pages, not a multiple of {page_multiple}")
    if max_pages and count > max_pages:
        problems.append(f"{count} pages, more than {max_pages}")
    for page in pages:
        if page.repeated:
            problems.append(f"page {page.number}: {page.repeated} part(s) laid out twice")
    for page in pages[:-1]:
        if page.fill < min_fill and not page.is_notes:
            problems.append(f"page {page.number} is only {page.fill:.0%} full")
    for page in pages:
        for column in (range(columns) if columns > 1 else [None]):
            heading = last_line_heading(page, column)
            if heading is not None:
                problems.append(f"page {page.number}: the heading '{heading.text}' is its last line")
    return problems


def badness(problems: list[str]) -> int:
    """How bad a layout's problems are, to choose the least bad when none is free of them: a part laid
    out twice cannot be written at all."""
    return len(problems) + sum(1000 for p in problems if "laid out twice" in p)


def fit(html_for: Callable[[Mapping[str, str]], str], variants: Iterable[Mapping[str, str]],
        problems: Callable[[list[PageLayout]], list[str]], base_dir: Any) -> Layout:
    """Lay out each variant in turn (``html_for`` makes its HTML) and keep the first with no problems;
    when none is free of them, the one with the fewest (logged, so the print tests can name it)."""
    best: Layout | None = None
    for variant in variants:
        document = render_html(html_for(variant), base_dir)
        pages = measure(document)
        found = problems(pages)
        layout = Layout(document, pages, variant, found)
        if not found:
            return layout
        if best is None or badness(found) < badness(best.problems):
            best = layout
    assert best is not None, "fit needs at least one variant"
    log.warning("no layout without problems; printing the best: %s (%s)", "; ".join(best.problems),
                dict(best.variant))
    return best
