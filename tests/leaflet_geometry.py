"""Where things fell on printed pages, read back from the PDF itself (pdfplumber, pikepdf, zbar).

``check_leaflet`` looks at every page of a built item and lists what a printer or a reader would
find wrong: text drawn over other text or over a picture, anything off the page or the card or too
near the paper's edge for a printer, a heading left as the last line of a page (or of a column, or
of a card), a page before the last less than 40% used, a clear print leaflet with an odd number of
pages, a booklet with an empty side, a QR code smaller than 22 mm, and every QR code read back with
zbar from a picture of the page, which must give the address the item meant, https on the
configured site.

It reads the PDF only, never the HTML or the build's own measurements, so it checks the build.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf

from ndl_explain.leaflets import FORMATS
from ndl_explain.leaflets.formats import MM

SAFE_MM = 4.0  # most printers cannot print nearer the edge of the paper than this
MIN_FILL = 0.40  # every page but the last is at least this much used
MIN_QR_MM = 22.0  # phones read a code this size reliably at arm's length
CARD_SIZE_MM = (128.5, 196.0)
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}

try:  # zbar through its library (no process per picture); zbarimg, the command, otherwise
    from pyzbar import pyzbar
except (ImportError, OSError):  # pyzbar not installed, or libzbar0 missing
    pyzbar = None
ZBAR = "libzbar" if pyzbar is not None else shutil.which("zbarimg")


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.bottom - self.top)

    def overlap(self, other: "Box") -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w * h if w > 0 and h > 0 else 0.0

    def inside(self, other: "Box", slack: float = 0.5) -> bool:
        return (self.x0 >= other.x0 - slack and self.x1 <= other.x1 + slack
                and self.top >= other.top - slack and self.bottom <= other.bottom + slack)


def _box(obj: dict) -> Box:
    return Box(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def struct_types(pdf_bytes: bytes) -> dict[tuple[int, int], set[str]]:
    """{(page index, marked-content id): the structure types it sits in}, from the PDF's tags."""
    found: dict[tuple[int, int], set[str]] = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return found
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def walk(node, path: frozenset, page):
            if isinstance(node, pikepdf.Array):
                for item in node:
                    walk(item, path, page)
            elif isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    page = node.Pg.objgen
                if "/S" in node:
                    path = path | {str(node.S)}
                if "/MCID" in node and "/S" not in node:
                    found[(pages.get(page, -1), int(node.MCID))] = set(path)
                if "/K" in node:
                    walk(node.K, path, page)
            elif isinstance(node, int):
                found[(pages.get(page, -1), int(node))] = set(path)

        walk(pdf.Root.StructTreeRoot.K, frozenset(), None)
    return found


def _text_lines(chars: list[dict]) -> list[list[dict]]:
    """Chars grouped into lines: the same baseline (within 2pt), side-by-side columns kept apart."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for char in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        key = round(float(char["bottom"]) / 2)
        rows[key].append(char)
    lines = []
    for _, row in sorted(rows.items()):
        row.sort(key=lambda c: c["x0"])
        current = [row[0]]
        for char in row[1:]:
            if char["x0"] - current[-1]["x1"] > 3 * char["size"]:
                lines.append(current)
                current = []
            current.append(char)
        lines.append(current)
    return lines


def _text_overlaps(chars: list[dict]) -> list[str]:
    """Characters of different lines drawn over each other."""
    grid: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for c in chars:
        grid[(int(c["x0"] // 20), int(c["top"] // 20))].append(c)
    found = []
    for c in chars:
        gx, gy = int(c["x0"] // 20), int(c["top"] // 20)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for o in grid.get((gx + dx, gy + dy), []):
                    if o is c or abs(o["top"] - c["top"]) < 1:
                        continue
                    w = min(c["x1"], o["x1"]) - max(c["x0"], o["x0"])
                    h = min(c["bottom"], o["bottom"]) - max(c["top"], o["top"])
                    if w > 1 and h > 0.3 * min(c["size"], o["size"]):
                        found.append(f"text '{c['text']}' over '{o['text']}' at {c['x0']:.0f},{c['top']:.0f}pt")
    return found


def _qr_images(page, qr_sizes: set[int]) -> list[dict]:
    return [im for im in page.images if tuple(im.get("srcsize", ())) in {(n, n) for n in qr_sizes}]


def decode_qr_codes(pdf_bytes: bytes, crops: list[tuple[int, Box]]) -> list[str]:
    """Read each QR code back with zbar from a 200 dpi picture of its place on the page."""
    import pypdfium2

    if not crops:
        return []
    if ZBAR is None:
        raise RuntimeError("zbarimg is not installed (Debian package zbar-tools; scripts/setup.sh --dev)")
    document = pypdfium2.PdfDocument(pdf_bytes)
    decoded: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for n, (index, box) in enumerate(crops):
                page = document[index]
                width, height = page.get_size()
                pad = 6 * MM
                crop = (max(0, box.x0 - pad), max(0, height - box.bottom - pad),
                        max(0, width - box.x1 - pad), max(0, box.top - pad))
                image = page.render(scale=200 / 72, crop=crop).to_pil().convert("L")
                if pyzbar is not None:
                    symbols = [sym.data.decode("utf-8") for sym in pyzbar.decode(image)
                               if sym.type == "QRCODE"]
                    decoded.append(symbols[0] if len(symbols) == 1 else "")
                    continue
                path = Path(folder) / f"qr{n}.png"  # one file at a time: a code that does not read is missing
                image.save(path)
                result = subprocess.run([ZBAR, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
                                        capture_output=True, text=True, timeout=60)
                decoded.append(result.stdout.strip() if result.returncode == 0 else "")
    finally:
        document.close()
    return decoded


def check_leaflet(leaflet, site_base: str, *, decode: bool = True) -> list[str]:
    """Everything wrong with a built item's pages (an empty list when it prints well)."""
    fmt = FORMATS[leaflet.request.format]
    problems: list[str] = []
    types = struct_types(leaflet.pdf) if fmt.tagged else {}
    qr_codes = list(leaflet.rendered.qr_codes)
    qr_sizes = {qr.modules for qr in qr_codes}
    crops: list[tuple[int, Box]] = []
    page_width_pt, page_height_pt = fmt.size_pt
    safe = SAFE_MM * MM
    with pdfplumber.open(io.BytesIO(leaflet.pdf)) as doc:
        pages = doc.pages
        count = len(pages)
        if fmt.id == "clear-print" and count % 2:
            problems.append(f"{count} A5 pages: an odd number (print on both sides: 2, 4, 6...)")
        for index, page in enumerate(pages):
            where = f"page {index + 1}"
            if abs(page.width - page_width_pt) > 1 or abs(page.height - page_height_pt) > 1:
                problems.append(f"{where}: {page.width:.0f}x{page.height:.0f}pt, not {fmt.page}")
            paper = Box(0, 0, float(page.width), float(page.height))
            printable = Box(safe, safe, float(page.width) - safe, float(page.height) - safe)
            chars = [c for c in page.chars if c["text"].strip()]
            images = list(page.images)
            shapes = [*page.rects, *page.lines, *page.curves]
            # off the paper, or too near its edge for a printer
            for c in chars:
                if not _box(c).inside(printable):
                    problems.append(f"{where}: text '{c['text']}' at {c['x0']:.0f},{c['top']:.0f}pt is off the "
                                    f"printable area (within {SAFE_MM:g} mm of the edge)")
                    break
            for im in images:
                if not _box(im).inside(printable):
                    problems.append(f"{where}: a picture at {im['x0']:.0f},{im['top']:.0f}pt is off the printable area")
            for shape in shapes:
                if not _box(shape).inside(paper, slack=1.0):
                    problems.append(f"{where}: a line or box runs off the paper at {shape['x0']:.0f},{shape['top']:.0f}pt")
                    break
            # the booklet's fold: nothing crosses it, and neither half of a side is empty
            if fmt.id == "booklet":
                fold = float(page.width) / 2
                if [c for c in chars if c["x0"] < fold - 0.5 and c["x1"] > fold + 0.5]:
                    problems.append(f"{where}: text crosses the fold")
                for half, test in (("left", lambda c: c["x1"] <= fold), ("right", lambda c: c["x0"] >= fold)):
                    if not [c for c in chars if test(c)]:
                        problems.append(f"{where}: the {half} half is blank")
            # cards: every word and picture inside its card
            if fmt.kind == "cards":
                cards = [_box(cv) for cv in page.curves
                         if abs(cv["x1"] - cv["x0"] - CARD_SIZE_MM[0] * MM) < 3
                         and abs(cv["bottom"] - cv["top"] - CARD_SIZE_MM[1] * MM) < 3]
                for thing in [*chars, *images]:
                    if not any(_box(thing).inside(card) for card in cards):
                        problems.append(f"{where}: '{thing.get('text', 'a picture')}' at {thing['x0']:.0f},"
                                        f"{thing['top']:.0f}pt is outside its card")
                        break
            # overlaps: text over text, text over a picture, a picture over a picture
            overlaps = _text_overlaps(chars)
            if overlaps:
                problems.append(f"{where}: {overlaps[0]} ({len(overlaps)} overlapping characters)")
            for im in images:
                hit = [c for c in chars if _box(c).overlap(_box(im)) > 0.3 * _box(c).area()]
                if hit:
                    problems.append(f"{where}: text '{hit[0]['text']}' over a picture at {im['x0']:.0f},{im['top']:.0f}pt")
            for i, a in enumerate(images):
                for b in images[i + 1:]:
                    if _box(a).overlap(_box(b)) > 1:
                        problems.append(f"{where}: two pictures overlap at {a['x0']:.0f},{a['top']:.0f}pt")
            # QR codes: big enough, and read back later
            for im in _qr_images(page, qr_sizes):
                size_mm = min(im["x1"] - im["x0"], im["bottom"] - im["top"]) / MM
                if size_mm < MIN_QR_MM - 0.05:
                    problems.append(f"{where}: a QR code is {size_mm:.1f} mm, under {MIN_QR_MM:g} mm")
                crops.append((index, _box(im)))
            # headings left at the foot of a page, a column or a card
            tagged = [c for c in chars if (index, c.get("mcid")) in types]
            if types:
                for region in _regions(page, fmt):
                    inside = [c for c in tagged if region(c)]
                    lines = _text_lines(inside)
                    if lines:
                        last = lines[-1]
                        if all(types[(index, c["mcid"])] & HEADINGS for c in last):
                            text = "".join(c["text"] for c in last)
                            problems.append(f"{where}: the heading '{text}' is the last line")
            # pages left mostly empty
            if fmt.kind in ("leaflet", "easy-read", "bilingual") and fmt.id != "booklet" and index < count - 1:
                fill = _fill(page, fmt, tagged if types else chars)
                if fill < MIN_FILL:
                    problems.append(f"{where}: only {fill:.0%} of the page is used")
    # every QR code reads back as the address it should, https on the configured site
    if decode:
        decoded = decode_qr_codes(leaflet.pdf, crops)
        expected = sorted(qr.payload for qr in qr_codes)
        if sorted(decoded) != expected:
            problems.append(f"QR codes read back as {sorted(decoded)}, expected {expected}")
        for payload in decoded:
            if not (payload.startswith(site_base.rstrip("/") + "/") and payload.startswith("https://")):
                problems.append(f"QR code {payload!r} is not an https address of {site_base}")
    return problems


def _regions(page, fmt):
    """The parts of a page whose last line must not be a heading: the page, its two columns
    (bilingual) or its cards."""
    if fmt.kind == "bilingual":
        middle = float(page.width) / 2
        return [lambda c: c["x1"] <= middle, lambda c: c["x0"] >= middle]
    if fmt.kind == "cards":
        middle = float(page.width) / 2
        return [lambda c: c["x1"] <= middle, lambda c: c["x0"] >= middle]
    return [lambda c: True]


def _fill(page, fmt, chars) -> float:
    """How far down the area inside the margins the page's words, pictures and boxes reach."""
    _, top_mm, _, bottom_mm = fmt.body_box_mm
    top, bottom = top_mm * MM, bottom_mm * MM
    ink = [float(c["bottom"]) for c in chars]
    ink += [float(im["bottom"]) for im in page.images]
    ink += [float(r["bottom"]) for r in page.rects
            if r.get("non_stroking_color") not in ((1.0, 1.0, 1.0), (1, 1, 1), 1, 1.0) and r["bottom"] <= bottom + 1]
    ink = [y for y in ink if y <= bottom + 1]
    if not ink:
        return 0.0
    return (max(ink) - top) / (bottom - top)


def site_base() -> str:
    return os.environ.get("NDL_SITE_URL", "")
