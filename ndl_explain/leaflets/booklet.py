"""Impose A5 pages two-up on A4 landscape sheets in saddle-stitch order (print-only, untagged)."""
from __future__ import annotations

from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from .formats import MM, PAGE_SIZES_MM

A4_LANDSCAPE_PT = (PAGE_SIZES_MM["A4"][1] * MM, PAGE_SIZES_MM["A4"][0] * MM)


def saddle_stitch_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """Sheet sides as (left, right) 0-based page numbers; ``None`` is a blank page.

    The page count is padded to a multiple of 4 with blank pages placed just before the back
    cover, so the last page of the leaflet stays on the back of the folded booklet.
    """
    if page_count < 1:
        return []
    total = -(-page_count // 4) * 4
    blanks = total - page_count
    # position in the booklet -> page of the leaflet (None for padding)
    order: list[int | None] = list(range(page_count - 1)) + [None] * blanks + [page_count - 1]
    if page_count == 1:
        order = [0] + [None] * blanks
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 1 - 2 * sheet, 2 * sheet
        inner_left, inner_right = 2 * sheet + 1, total - 2 - 2 * sheet
        sides.append((order[outer_left], order[outer_right]))  # front of the sheet
        sides.append((order[inner_left], order[inner_right]))  # back of the sheet
    return sides


def impose_booklet(a5_pdf: bytes, title: str = "", lang: str = "", keywords: str = "") -> bytes:
    """Put the A5 pages of ``a5_pdf`` two to an A4 landscape side, ready to fold and staple."""
    reader = PdfReader(BytesIO(a5_pdf))
    pages = list(reader.pages)
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    sheet_width, sheet_height = A4_LANDSCAPE_PT
    # A5 is a rounded half of A4: centre the pair so the fold sits exactly in the middle.
    x0 = (sheet_width - 2 * width) / 2
    y0 = (sheet_height - height) / 2
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for index, offset in ((left, x0), (right, x0 + width)):
            if index is not None:
                sheet.merge_transformed_page(pages[index], Transformation().translate(offset, y0))
        writer.add_page(sheet)
    metadata = {"/Producer": "NDL Explained (pypdf)"}
    if title:
        metadata["/Title"] = title
    if keywords:
        metadata["/Keywords"] = keywords
    writer.add_metadata(metadata)
    if lang:
        from pypdf.generic import NameObject, TextStringObject

        writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
