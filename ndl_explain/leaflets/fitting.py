"""Each format's arrangements and rules: which layout of an item to print (see layout.py).

- Leaflets (clear print, the booklet's A5 pages, large print, Easy Read): the words flow over as many
  pages as they need, then the back page (find out more, ask for help, small print). Arrangements:
  the back page on a page of its own, straight after the words, or split (its small print ends the
  words, the address and who to ask make the last page); five steps of spacing between lines and
  paragraphs (never the type size); the words list on or off. Rules: no page but the last under 42%
  full (the print tests ask 40%), the last not under 40%, no heading as a page's last line, clear
  print an even number of pages, the booklet a multiple of 4. The first layout tells where the back
  page's parts would fall if they did not start a page, and roughly how long the words would run at
  each spacing, so the arrangements most likely to work are laid out first and the others only
  when needed. Only when none works do pages for the reader's notes make up the count.
- Posters: one page; the big message is set smaller, step by step, until the words end above the
  bottom block.
- Cards: each card on its own; a card whose words run into its foot is set more tightly, and only
  the sheets holding such cards are laid out again (each sheet alone), not the whole set.
- Bilingual: the two columns flow row by row; the same rules as a leaflet, in each column, on as few
  A4 sheets as the words allow (the Home page's In short on one sheet, printed on both sides).
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping

from . import layout, render
from .formats import MM, Format

# The arrangement that last worked for an item, whatever the venue (the venue changes one title and
# the help panel): tried first next time, and kept only if it still prints well.
_HINTS: OrderedDict[Hashable, dict[str, str]] = OrderedDict()
_HINTS_LOCK = threading.Lock()
MAX_HINTS = 512


def _hint(key: Hashable | None) -> dict[str, str] | None:
    if key is None:
        return None
    with _HINTS_LOCK:
        return _HINTS.get(key)


def _key(variant: Mapping[str, str]) -> tuple:
    """An arrangement's classes as a key: the same key, the same HTML, the same layout."""
    return tuple(sorted((mark, value) for mark, value in variant.items() if value))


def _remember(key: Hashable | None, laid_out: layout.Layout) -> layout.Layout:
    if key is not None and not laid_out.problems:
        with _HINTS_LOCK:
            _HINTS[key] = dict(laid_out.variant)
            _HINTS.move_to_end(key)
            while len(_HINTS) > MAX_HINTS:
                _HINTS.popitem(last=False)
    return laid_out

SPACINGS = ("", "fit-tight", "fit-loose", "fit-tighter", "fit-looser")
# About how much longer the words run with each spacing (measured on the leaflets), to try first
# the arrangements most likely to end on a full page.
STRETCH = {"": 1.0, "fit-tight": 0.96, "fit-loose": 1.15, "fit-tighter": 0.91, "fit-looser": 1.28}
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


def fit_layout(rendered: render.Rendered, fmt: Format, long_leaflet: bool = False,
               hint_key: Hashable | None = None) -> layout.Layout:
    """Lay the item out in the first arrangement its format allows that prints well. ``hint_key``
    names the item apart from its venue: the arrangement that worked last time is tried first."""
    def html_for(variant: Mapping[str, str]) -> str:
        return with_classes(rendered, variant)

    hint = _hint(hint_key)
    if fmt.kind == "poster":
        variants = _poster_variants()
        problems = poster_problems
    elif fmt.kind == "cards":
        return _remember(hint_key, _fit_cards(rendered, html_for, hint))
    elif fmt.kind == "bilingual":
        return _remember(hint_key, _fit_bilingual(rendered, fmt, html_for, hint))
    else:
        return _remember(hint_key, _fit_leaflet(rendered, fmt, html_for, long_leaflet, hint))
    if hint is not None:
        variants = [hint, *[v for v in variants if v != hint]]
    return _remember(hint_key, layout.fit(html_for, variants, problems, render.BASE_DIR))


# --- leaflets -------------------------------------------------------------------------------


def leaflet_problems(pages: list[layout.PageLayout], fmt: Format, columns: int = 1) -> list[str]:
    problems = layout.common_problems(pages, page_multiple=fmt.page_multiple, columns=columns)
    if len(pages) > 1 and pages[-1].fill < MIN_LAST_FILL:
        problems.append(f"the last page is only {pages[-1].fill:.0%} full")
    return problems


BACKS = ("page", "flow", "split")  # the back page on a page of its own; after the words; its small print after them


def _classes(spacing: str, glossary: bool, back: str) -> dict[str, str]:
    names = [spacing, f"fit-back-{back}" if back != "page" else "", "fit-glossary" if glossary else ""]
    return {render.FIT: " ".join(n for n in names if n)}


def predict_back(pages: list[layout.PageLayout], back: str) -> list[float] | None:
    """The fill of each page if the back page's parts did not start a page of their own, from a layout
    where they do: the pages before the last page of words stay as they are, and each part (kept
    whole) goes after the words where it fits, else at the top of the next page. With "split" the
    small print goes first and the rest starts a new page. None when it cannot be told."""
    if len(pages) < 2:
        return None
    last = pages[-1]
    parts = {}
    for name in BACK_PARTS:
        lines = last.in_part(name)
        if lines:
            parts[name] = (min(ln.top for ln in lines), max(ln.bottom for ln in lines))
    if not parts or any(not page.in_part("main") for page in pages[:-1]):
        return None
    names = list(parts)
    heights = {}
    for i, name in enumerate(names):  # each part with the space before the next
        top, bottom = parts[name]
        heights[name] = (parts[names[i + 1]][0] - top) if i + 1 < len(names) else bottom - top
    order = names
    if back == "split":
        if "back-small" not in parts:
            return None
        order = ["back-small", *[n for n in names if n != "back-small"]]
        heights["back-small"] = parts["back-small"][1] - parts["back-small"][0] + BACK_GAP_PT
    last_words = pages[-2]
    body_top, body_bottom = last_words.body_top, last_words.body_bottom
    height = body_bottom - body_top
    fills = [page.fill for page in pages[:-2]]
    y = max(ln.bottom for ln in last_words.lines) + BACK_GAP_PT
    for name in order:
        new_page = back == "split" and name == order[1]
        if new_page or y + heights[name] > body_bottom - PREDICT_SLACK_PT:  # paddings are not in the lines
            fills.append((y - body_top) / height)
            y = body_top
        y += heights[name]
    fills.append((y - body_top) / height)
    return fills


def _predicted_problems(fills: list[float], fmt: Format) -> list[str]:
    problems = []
    if fmt.page_multiple > 1 and len(fills) % fmt.page_multiple:
        problems.append("page count")
    if any(f < layout.MIN_FILL for f in fills[:-1]) or fills[-1] < MIN_LAST_FILL:
        problems.append("fill")
    return problems


def _likely_first(mains: list[tuple[str, bool]], pages: list[layout.PageLayout], fmt: Format,
                  glossary_pages: float, first_glossary: bool) -> list[tuple[str, bool]]:
    """``mains`` ordered by how near each would bring the words to ending on a full page with the
    right number of pages, judged from the first layout (the usual spacing, the back page apart)."""
    if len(pages) < 2:
        return mains
    words = len(pages) - 2 + pages[-2].fill  # pages of words, the last one part full
    if first_glossary:
        words -= glossary_pages

    def distance(main: tuple[str, bool]) -> float:
        spacing, glossary = main
        length = words * STRETCH[spacing] + (glossary_pages if glossary else 0.0)
        best = 9.0
        for whole in range(1, int(length) + 3):  # the words end on page ``whole`` at ``fill``
            count = whole + 1  # and the back page after them
            if fmt.page_multiple > 1 and count % fmt.page_multiple:
                continue
            low, high = whole - 1 + 0.55, whole - 0.03
            best = min(best, 0.0 if low <= length <= high else min(abs(length - low), abs(length - high)))
        return best

    return sorted(mains, key=distance)


def _fit_leaflet(rendered: render.Rendered, fmt: Format, html_for, long_leaflet: bool,
                 hint: dict[str, str] | None = None) -> layout.Layout:
    has_glossary = 'data-fit="glossary"' in rendered.html
    glossaries = [long_leaflet, not long_leaflet] if has_glossary else [False]
    mains = [(spacing, glossary) for glossary in glossaries for spacing in SPACINGS]
    best: layout.Layout | None = None
    tried: list[layout.Layout] = []
    hinted: dict[tuple, layout.Layout] = {}  # the hint's layout, not laid out again when the search reaches it

    def attempt(spacing: str, glossary: bool, back: str, notes: int = 0) -> layout.Layout:
        nonlocal best
        variant = _classes(spacing, glossary, back)
        if notes:
            variant[render.NOTES] = rendered.notes_page * notes
        laid_out = hinted.get(_key(variant))
        if laid_out is None:
            document = layout.render_html(html_for(variant), render.BASE_DIR)
            pages = layout.measure(document)
            laid_out = layout.Layout(document, pages, variant, leaflet_problems(pages, fmt))
        tried.append(laid_out)
        if best is None or layout.badness(laid_out.problems) < layout.badness(best.problems):
            best = laid_out
        return laid_out

    if hint is not None:
        document = layout.render_html(html_for(hint), render.BASE_DIR)
        pages = layout.measure(document)
        laid_out = layout.Layout(document, pages, hint, leaflet_problems(pages, fmt))
        if not laid_out.problems:
            return laid_out
        best = laid_out
        hinted[_key(hint)] = laid_out
    backs = BACKS[1:] if "small-print early" in rendered.html else ("flow",)
    first = attempt(*mains[0], "page")
    if not first.problems:
        return first
    terms = rendered.html.count('<div class="term">')
    mains = [mains[0], *_likely_first(mains[1:], first.pages, fmt, 0.1 * terms, mains[0][1])]
    for spacing, glossary in mains:
        laid_out = first if (spacing, glossary) == mains[0] else attempt(spacing, glossary, "page")
        if not laid_out.problems:
            return laid_out
        for back in backs:
            fills = predict_back(laid_out.pages, back)
            if fills is not None and not _predicted_problems(fills, fmt):
                following = attempt(spacing, glossary, back)
                if not following.problems:
                    return following
    # Last of all: the words cannot fill whole sheets, so pages for the reader's notes make up the
    # count (the fewest needed), before the back page.
    padded = _with_notes(tried, fmt, rendered, attempt)
    if padded is not None:
        return padded
    assert best is not None
    layout.log.warning("no layout without problems; printing the best: %s (%s)", "; ".join(best.problems),
                       dict(best.variant))
    return best


def _with_notes(tried: list[layout.Layout], fmt: Format, rendered: render.Rendered, attempt) -> layout.Layout | None:
    if fmt.page_multiple < 2 or not rendered.notes_page:
        return None
    only_count = [t for t in tried if render.NOTES not in t.variant and "fit-back-" not in t.variant[render.FIT]
                  and len(t.problems) == 1 and "not a multiple" in t.problems[0]]
    if not only_count:
        return None
    chosen = min(only_count, key=lambda t: (-t.page_count) % fmt.page_multiple)
    classes = chosen.variant[render.FIT].split()
    spacing = next((c for c in classes if c in SPACINGS), "")
    padded = attempt(spacing, "fit-glossary" in classes, "page", notes=(-chosen.page_count) % fmt.page_multiple)
    return padded if not padded.problems else None


# --- the bilingual leaflet ---------------------------------------------------------------------

# From the most compact spacing to the loosest: a looser spacing never takes fewer pages.
COMPACTNESS = ("fit-tighter", "fit-tight", "", "fit-loose", "fit-looser")


def _bilingual_variant(spacing: str, back_page: bool) -> dict[str, str]:
    return {render.FIT: f"{spacing} {'fit-back-page' if back_page else ''}".strip()}


def _fit_bilingual(rendered: render.Rendered, fmt: Format, html_for,
                   hint: dict[str, str] | None = None) -> layout.Layout:
    """The bilingual leaflet is A4, printed on both sides: it takes as few sheets as it can. The most
    compact arrangement (the tightest spacing, the back after the words) tells the fewest pages the
    words need; of the arrangements that print well in that many pages, the first in the usual order
    of preference (the usual spacing first) is kept. An arrangement known to take more pages (a
    looser spacing than one that did, or the back on a page of its own where following the words
    already took more) is not laid out at all."""
    def problems(pages: list[layout.PageLayout]) -> list[str]:
        return leaflet_problems(pages, fmt, columns=2)

    tried: dict[tuple[str, bool], layout.Layout] = {}
    hinted: dict[tuple, layout.Layout] = {}  # the hint's layout, not laid out again when the search reaches it

    def attempt(spacing: str, back_page: bool) -> layout.Layout:
        variant = _bilingual_variant(spacing, back_page)
        laid_out = hinted.get(_key(variant))
        if laid_out is None:
            document = layout.render_html(html_for(variant), render.BASE_DIR)
            pages = layout.measure(document)
            laid_out = layout.Layout(document, pages, variant, problems(pages))
        tried[(spacing, back_page)] = laid_out
        return laid_out

    if hint is not None:
        document = layout.render_html(html_for(hint), render.BASE_DIR)
        pages = layout.measure(document)
        laid_out = layout.Layout(document, pages, hint, problems(pages))
        if not laid_out.problems:
            return laid_out
        hinted[_key(hint)] = laid_out
    compact = attempt(COMPACTNESS[0], False)
    fewest = None if compact.problems else compact.page_count
    too_long: set[str] = set()  # spacings at which the words run longer than the fewest pages

    def known_longer(spacing: str) -> bool:
        rank = COMPACTNESS.index(spacing)
        return any(COMPACTNESS.index(s) <= rank for s in too_long)

    for back_page in (False, True):
        for spacing in SPACINGS:
            if fewest is not None and known_longer(spacing):
                continue
            laid_out = tried.get((spacing, back_page)) or attempt(spacing, back_page)
            if fewest is not None and laid_out.page_count > fewest:
                if not back_page:
                    too_long.add(spacing)
                continue
            if not laid_out.problems:
                return laid_out
    best = min(tried.values(), key=lambda t: (layout.badness(t.problems), t.page_count))
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


def _fit_cards(rendered: render.Rendered, html_for, hint: dict[str, str] | None = None) -> layout.Layout:
    """Cards are fitted one by one: a card whose words run into its foot (or off its bottom) is set
    more tightly, the others stay as they are. The whole set is laid out once; after that only the
    sheets holding a card set more tightly are laid out again, on their own (a sheet is one page
    and its cards never reach another), and their pages take the place of the old ones."""
    marks = [m for m in rendered.fit_marks if m != render.FIT]
    level = {mark: CARD_LEVELS.index(hint[mark]) if hint and hint.get(mark) in CARD_LEVELS else 0
             for mark in marks}

    def variant() -> dict[str, str]:
        return {mark: CARD_LEVELS[level[mark]] for mark in marks}

    whole = layout.render_html(html_for(variant()), render.BASE_DIR)
    pages = layout.measure(whole)
    drawn = list(whole.pages)  # WeasyPrint's pages, in the same order as ``pages``
    over = overfull_cards(pages)
    chunks = rendered.html.split(render.SHEET_MARK)  # the head, each sheet, the end
    sheets = chunks[1:-1]
    by_sheets = len(chunks) > 2 and len(sheets) == len(pages)
    for _ in CARD_LEVELS[1:]:
        raise_level = [m for i, m in enumerate(marks, 1) if i in over and level[m] < len(CARD_LEVELS) - 1]
        if not raise_level:
            break
        for mark in raise_level:
            level[mark] += 1
        if not by_sheets:  # no sheet marks: the whole set again
            whole = layout.render_html(html_for(variant()), render.BASE_DIR)
            pages, drawn = layout.measure(whole), list(whole.pages)
            over = overfull_cards(pages)
            continue
        again = sorted({sheet_of(marks.index(mark) + 1) for mark in raise_level})
        html = render.SHEET_MARK.join([chunks[0], *(sheets[i] for i in again), chunks[-1]])
        part = layout.render_html(with_classes(dataclasses.replace(rendered, html=html), variant()), render.BASE_DIR)
        if len(part.pages) != len(again):  # not one page a sheet after all: lay out the whole set
            by_sheets = False
            whole = layout.render_html(html_for(variant()), render.BASE_DIR)
            pages, drawn = layout.measure(whole), list(whole.pages)
            over = overfull_cards(pages)
            continue
        for sheet, page, measured in zip(again, part.pages, layout.measure(part)):
            drawn[sheet] = page
            pages[sheet] = dataclasses.replace(measured, number=sheet + 1)
        over = overfull_cards(pages)
    document = whole if drawn == list(whole.pages) else whole.copy(drawn)
    result = layout.Layout(document, pages, variant(), [f"card {i} runs over its foot" for i in sorted(over)])
    if result.problems:
        layout.log.warning("cards that do not fit: %s", "; ".join(result.problems))
    return result


def sheet_of(card: int) -> int:
    """The sheet (from 0) card number ``card`` (from 1) is printed on: two cards to a sheet."""
    return (card - 1) // 2


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
