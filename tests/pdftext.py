"""The words of a PDF, for tests that read leaflets and summaries."""
from __future__ import annotations


def pdf_text(pdf: bytes) -> str:
    """The words in the order they are drawn (side-by-side boxes stay apart), one space between words."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.replace("\r", "").split())


def squash(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(str(text).split())
