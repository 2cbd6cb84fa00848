"""Text out of each export, read back with a real reader of its format."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def _shape_text(shape) -> str:
    if shape.has_text_frame:
        return shape.text_frame.text
    if getattr(shape, "has_table", False):
        return "\n".join(cell.text for row in shape.table.rows for cell in row.cells)
    return ""


def pptx_slides(content: bytes) -> list[str]:
    """The text on each slide (text boxes, placeholders and tables; not the speaker notes)."""
    deck = Presentation(io.BytesIO(content))
    return ["\n".join(_shape_text(shape) for shape in slide.shapes) for slide in deck.slides]


def xlsx_sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))

    def handle_data(self, data):
        self.parts.append(data)


def html_text(content: bytes) -> tuple[str, list[str], list[str]]:
    """(visible text, every tag opened, every image source)."""
    parser = _Text()
    parser.feed(content.decode("utf-8"))
    return " ".join(" ".join(parser.parts).split()), parser.tags, parser.images


def plain_text(fmt: str, content: bytes) -> str:
    """All the text of an export in one string, whitespace collapsed."""
    if fmt == "pdf":
        text = "\n".join(pdf_pages(content))
    elif fmt == "pptx":
        text = "\n".join(pptx_slides(content))
    elif fmt == "xlsx":
        text = "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for rows in xlsx_sheets(content).values() for row in rows)
    elif fmt == "html":
        text = html_text(content)[0]
    else:
        text = content.decode("utf-8")
    return " ".join(text.split())
