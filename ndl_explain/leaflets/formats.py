"""The printable formats, venues and their print rules (sizes in points and millimetres)."""
from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre

# Page sizes in millimetres (width, height), portrait.
PAGE_SIZES_MM = {
    "A5": (148.0, 210.0),
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
}


@dataclass(frozen=True)
class Format:
    """One printable format: its paper, its type sizes and which template lays it out."""

    id: str
    kind: str  # leaflet | easy-read | poster | cards | bilingual
    page: str  # A5 | A4 | A3 (the typeset page; the booklet imposes A5 pages on A4)
    min_pt: float  # smallest type allowed anywhere on the page
    body_pt: float  # size of the running text
    margins_mm: tuple[float, float, float, float] = (0, 0, 0, 0)  # top, right, bottom, left (CSS order)
    landscape: bool = False  # the booklet sheets and the card sheets
    tagged: bool = True  # PDF/UA structure tree (the imposed booklet cannot keep it)
    uses_topic: bool = True
    uses_scenario: bool = True
    page_multiple: int = 1  # the page count is a multiple of this (2: printed on both sides of A5)

    @property
    def size_mm(self) -> tuple[float, float]:
        width, height = PAGE_SIZES_MM[self.page]
        return (height, width) if self.landscape else (width, height)

    @property
    def typeset_mm(self) -> tuple[float, float]:
        """The page the words are set on: the booklet sets A5 pages, then imposes them on A4."""
        return PAGE_SIZES_MM["A5"] if self.id == "booklet" else self.size_mm

    @property
    def body_box_mm(self) -> tuple[float, float, float, float]:
        """The area inside the margins of a typeset page: (left, top, right, bottom) from its top left."""
        width, height = self.typeset_mm
        top, right, bottom, left = self.margins_mm
        return (left, top, width - right, height - bottom)

    @property
    def size_pt(self) -> tuple[float, float]:
        width, height = self.size_mm
        return (width * MM, height * MM)


FORMATS: dict[str, Format] = {
    f.id: f
    for f in (
        # Clear print: 12pt minimum, 14pt running text (RNIB clear print guidance). An even number of
        # A5 pages, so a leaflet prints on both sides of its sheets with no blank side.
        Format("clear-print", "leaflet", "A5", min_pt=12, body_pt=14, margins_mm=(13, 13, 20, 13),
               page_multiple=2),
        # The same A5 pages imposed two-up on A4 for folding and stapling (print only): 4 A5 pages a sheet.
        Format("booklet", "leaflet", "A4", min_pt=12, body_pt=14, margins_mm=(13, 13, 20, 13),
               landscape=True, tagged=False, page_multiple=4),
        # Large print: 16pt minimum, 18pt running text, typeset afresh on A4.
        Format("large-print", "leaflet", "A4", min_pt=16, body_pt=18, margins_mm=(20, 20, 24, 20)),
        # Easy Read: 16pt everywhere, the back page too; a picture beside every idea.
        Format("easy-read", "easy-read", "A4", min_pt=16, body_pt=16, margins_mm=(16, 18, 24, 18)),
        # Posters: one big message and three facts, read from a distance.
        Format("poster-a4", "poster", "A4", min_pt=12, body_pt=18, margins_mm=(11, 11, 11, 11)),
        Format("poster-a3", "poster", "A3", min_pt=16, body_pt=25, margins_mm=(16, 16, 16, 16)),
        # Workshop cards: two scenario cards to an A4 sheet (landscape), with cut marks.
        Format("cards", "cards", "A4", min_pt=12, body_pt=12, landscape=True, uses_topic=False),
        # Bilingual: Welsh and English side by side (Welsh on the left), the same size and weight,
        # with clear print's type sizes. Pages of the website only (the In short layer). Narrow side
        # margins (10mm, well inside what printers reach) give each language a 95mm column.
        Format("bilingual", "bilingual", "A4", min_pt=12, body_pt=14, margins_mm=(12, 10, 21, 10),
               uses_scenario=False),
    )
}

# The bilingual leaflet's languages, in reading order: Welsh first, as is usual in Wales
# (Welsh Language Commissioner, bilingual design guidance). The document's own language is the first.
BILINGUAL_LANGS: tuple[str, str] = ("cy", "en")

VENUES: tuple[str, ...] = ("library", "gp-surgery", "community-centre", "school", "other")
DEFAULT_VENUE = "other"
