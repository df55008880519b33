"""Each format's arrangements and rules: which layout of an item to print (see layout.py).

- Leaflets (clear print, the booklet's A5 pages, large print, Easy Read): the words flow over as many
  pages as they need, then the back page (find out more, ask for help, small print). Arrangements:
  the back page on a page of its own or straight after the words; usual, closer or looser spacing
  between lines; the words list on or off. Rules: no page but the last under 45% full, the last not
  under 40%, no heading as a page's last line, clear print an even number of pages (the booklet a
  multiple of 4). The first layout tells where the back page's parts would fall if they followed the
  words, so that arrangement is only laid out when it can work.
- Posters: one page; the big message is set smaller, step by step, until the words end above the
  bottom block.
- Cards: each card on its own; a card whose words run into its foot is set more tightly.
- Bilingual: the two columns flow row by row; the same rules as a leaflet, in each column.
"""
from __future__ import annotations

from collections.abc import Mapping

from . import layout, render
from .formats import MM, Format

SPACINGS = ("", "fit-tight", "fit-loose", "fit-tighter", "fit-looser")
MIN_LAST_FILL = 0.40  # the back page of a leaflet is not left nearly empty either
BACK_GAP_PT = 6 * MM  # the space before the back page's parts when they follow the words
PREDICT_SLACK_PT = 4 * MM
BACK_PARTS = ("back-more", "back-help", "back-small", "back-info")


def with_classes(rendered: render.Rendered, variant: Mapping[str, str]) -> str:
    """The item's HTML with the chosen layout's classes in their places."""
    html = rendered.html
    for mark in rendered.fit_marks:
        html = html.replace(mark, variant.get(mark, ""))
    return html


def fit_layout(rendered: render.Rendered, fmt: Format, long_leaflet: bool = False) -> layout.Layout:
    """Lay the item out in the first arrangement its format allows that prints well."""
    def html_for(variant: Mapping[str, str]) -> str:
        return with_classes(rendered, variant)

    if fmt.kind == "poster":
        return layout.fit(html_for, _poster_variants(), poster_problems, render.BASE_DIR)
    if fmt.kind == "cards":
        return _fit_cards(rendered, html_for)
    if fmt.kind == "bilingual":
        variants = [{render.FIT: f"{spacing} {back}".strip()} for back in ("", "fit-back-page")
                    for spacing in SPACINGS]
        return layout.fit(html_for, variants, lambda pages: leaflet_problems(pages, fmt, columns=2),
                          render.BASE_DIR)
    return _fit_leaflet(rendered, fmt, html_for, long_leaflet)


# --- leaflets -------------------------------------------------------------------------------


def leaflet_problems(pages: list[layout.PageLayout], fmt: Format, columns: int = 1) -> list[str]:
    problems = layout.common_problems(pages, page_multiple=fmt.page_multiple, columns=columns)
    if len(pages) > 1 and pages[-1].fill < MIN_LAST_FILL:
        problems.append(f"the last page is only {pages[-1].fill:.0%} full")
    return problems


def _classes(spacing: str, glossary: bool, flow: bool) -> dict[str, str]:
    names = [spacing, "fit-back-flow" if flow else "", "fit-glossary" if glossary else ""]
    return {render.FIT: " ".join(n for n in names if n)}


def predict_flow(pages: list[layout.PageLayout]) -> list[float] | None:
    """The fill of each page if the back page's parts followed the words instead of starting a page:
    the pages before the last page of words stay as they are, and each part (kept whole) goes after
    the words where it fits, else at the top of the next page. None when it cannot be told."""
    if len(pages) < 2:
        return None
    back = pages[-1]
    parts = []
    for name in BACK_PARTS:
        lines = back.in_part(name)
        if not lines:
            continue
        parts.append((min(ln.top for ln in lines), max(ln.bottom for ln in lines)))
    if not parts or any(not page.in_part("main") and page is not back for page in pages):
        return None
    heights = []
    for i, (top, bottom) in enumerate(parts):  # each part with the space before the next
        end = parts[i + 1][0] if i + 1 < len(parts) else bottom
        heights.append(end - top if i + 1 < len(parts) else bottom - top)
    last_words = pages[-2]
    body_top, body_bottom = last_words.body_top, last_words.body_bottom
    height = body_bottom - body_top
    fills = [page.fill for page in pages[:-2]]
    y = max(ln.bottom for ln in last_words.lines) + BACK_GAP_PT
    for part_height in heights:
        if y + part_height > body_bottom - PREDICT_SLACK_PT:  # paddings and borders are not in the lines
            fills.append((y - body_top) / height)
            y = body_top
        y += part_height
    fills.append((y - body_top) / height)
    return fills


def _predicted_problems(fills: list[float], fmt: Format) -> list[str]:
    problems = []
    if fmt.page_multiple > 1 and len(fills) % fmt.page_multiple:
        problems.append("page count")
    if any(f < layout.MIN_FILL for f in fills[:-1]) or fills[-1] < MIN_LAST_FILL:
        problems.append("fill")
    return problems


def _fit_leaflet(rendered: render.Rendered, fmt: Format, html_for, long_leaflet: bool) -> layout.Layout:
    has_glossary = 'data-fit="glossary"' in rendered.html
    glossaries = [long_leaflet, not long_leaflet] if has_glossary else [False]
    mains = [(spacing, glossary) for glossary in glossaries for spacing in SPACINGS]
    best: layout.Layout | None = None

    def attempt(spacing: str, glossary: bool, flow: bool) -> layout.Layout:
        nonlocal best
        variant = _classes(spacing, glossary, flow)
        document = layout.render_html(html_for(variant), render.BASE_DIR)
        pages = layout.measure(document)
        laid_out = layout.Layout(document, pages, variant, leaflet_problems(pages, fmt))
        if best is None or layout.badness(laid_out.problems) < layout.badness(best.problems):
            best = laid_out
        return laid_out

    for spacing, glossary in mains:
        laid_out = attempt(spacing, glossary, flow=False)
        if not laid_out.problems:
            return laid_out
        fills = predict_flow(laid_out.pages)
        if fills is not None and not _predicted_problems(fills, fmt):
            flowing = attempt(spacing, glossary, flow=True)
            if not flowing.problems:
                return flowing
    assert best is not None
    layout.log.warning("no layout without problems; printing the best: %s (%s)", "; ".join(best.problems),
                       dict(best.variant))
    return best


# --- posters --------------------------------------------------------------------------------


def _poster_variants() -> list[dict[str, str]]:
    return [{render.FIT: f"fit-s{i}"} for i in range(len(render.POSTER_SCALES))]


POSTER_GAP_PT = 3 * MM  # clear space between the words and the poster's bottom block


def poster_problems(pages: list[layout.PageLayout]) -> list[str]:
    problems = [] if len(pages) == 1 else [f"{len(pages)} pages, not one"]
    page = pages[0]
    words = page.in_part("main")
    back = page.in_part("back")
    if words and back:
        end, start = max(ln.bottom for ln in words), min(ln.top for ln in back)
        if end + POSTER_GAP_PT > start:
            problems.append(f"the words end {end - start + POSTER_GAP_PT:.0f}pt into the bottom block")
    return problems


# --- workshop cards -------------------------------------------------------------------------


CARD_LEVELS = ("", "fit-compact", "fit-compact2")
CARD_BOTTOM_PT = (7 + 196 - 1.5) * MM  # a card's inside bottom edge, from the sheet's top


def _fit_cards(rendered: render.Rendered, html_for) -> layout.Layout:
    """Cards are fitted one by one: a card whose words run into its foot (or off its bottom) is set
    more tightly, the others stay as they are."""
    marks = [m for m in rendered.fit_marks if m != render.FIT]
    level = {mark: 0 for mark in marks}
    result: layout.Layout | None = None
    for _ in CARD_LEVELS:
        variant = {mark: CARD_LEVELS[level[mark]] for mark in marks}
        document = layout.render_html(html_for(variant), render.BASE_DIR)
        pages = layout.measure(document)
        over = overfull_cards(pages)
        result = layout.Layout(document, pages, variant, [f"card {i} runs over its foot" for i in sorted(over)])
        raise_level = [m for i, m in enumerate(marks, 1) if i in over and level[m] < len(CARD_LEVELS) - 1]
        if not over or not raise_level:
            break
        for mark in raise_level:
            level[mark] += 1
    assert result is not None
    if result.problems:
        layout.log.warning("cards that do not fit: %s", "; ".join(result.problems))
    return result


def overfull_cards(pages: list[layout.PageLayout]) -> set[int]:
    """The numbers of the cards whose words run into their foot or off their bottom edge."""
    over = set()
    for page in pages:
        cards = {ln.parts[0] for ln in page.lines if ln.parts and ln.parts[0].startswith("card-")}
        for part in cards:
            index = int(part.split("-")[1])
            body = [ln for ln in page.in_part(part) if not ln.within(f"{part}-foot")]
            foot = page.in_part(f"{part}-foot")
            limit = min((ln.top for ln in foot), default=CARD_BOTTOM_PT) - 1 * MM
            if body and max(ln.bottom for ln in body) > limit:
                over.add(index)
    return over
