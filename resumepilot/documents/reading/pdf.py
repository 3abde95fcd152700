"""A PDF resume to lines in reading order, within limits, with what an ATS would lose."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium

from resumepilot.documents.reading.errors import (
    DocumentTooLarge,
    EncryptedDocument,
    MalformedDocument,
)
from resumepilot.documents.reading.layout import FOOTER, HEADER, Document, Line, Loss
from resumepilot.documents.reading.limits import Deadline, Limits
from resumepilot.documents.reading.pdf_chars import drawn_marks, page_links, page_words
from resumepilot.documents.reading.pdf_layout import join_wraps, reading_order, rows_of, to_lines

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.I)
_EDGE = 42.0  # points from the top or bottom edge where running headers and footers sit


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument(
                "This PDF is protected by a password. Save a copy without the password "
                "(Print > Save as PDF) and upload that."
            ) from None
        raise MalformedDocument(
            "This PDF is damaged or incomplete and cannot be read. Export it again from the "
            "program you wrote it in and upload the new file."
        ) from None


def read_pdf(data: bytes, limits: Limits, deadline: Deadline) -> Document:
    """Every page's lines, columns read one after the other, running headers set apart."""
    doc = _open(data)
    try:
        pages = len(doc)
        if pages > limits.max_pages:
            raise DocumentTooLarge(
                f"This PDF has {pages} pages; resumes up to {limits.max_pages} pages are read. "
                "Upload the resume on its own."
            )
        lines: list[Line] = []
        links: list[str] = []
        images = 0
        columns = 0
        for index in range(pages):
            deadline.check()
            page = doc[index]
            width, height = page.get_size()
            words = page_words(page, height, limits.max_chars_per_page)
            dots, page_images = drawn_marks(page, height)
            images += page_images
            ordered, split = reading_order(rows_of(words + dots), width)
            columns += split
            links += page_links(doc, page)
            page_lines = [line for row, col in ordered for line in to_lines(row, index, col)]
            for line in page_lines:
                if line.top < _EDGE:
                    line.source = HEADER
                elif line.bottom > height - _EDGE:
                    line.source = FOOTER
            lines.extend(line for line in page_lines if line.text)
            page.close()
    finally:
        doc.close()
    lines, losses = _running_lines(lines, pages)
    if images:
        losses.append(
            Loss("images", f"{images} image(s): an ATS reads no text in pictures", images)
        )
    if columns:
        losses.append(
            Loss(
                "columns",
                f"{columns} page(s) in columns: a reader going across the page mixes them",
                columns,
            )
        )
    return Document("pdf", join_wraps(lines), pages, losses, links)


def _running_lines(lines: list[Line], pages: int) -> tuple[list[Line], list[Loss]]:
    """Page numbers and text repeated at the page edges are dropped and reported."""
    edge = [line for line in lines if line.source in (HEADER, FOOTER)]
    repeated = Counter(re.sub(r"\d+", "#", line.text) for line in edge)
    kept: list[Line] = []
    dropped = 0
    seen: set[str] = set()
    for line in lines:
        if line.source not in (HEADER, FOOTER):
            kept.append(line)
            continue
        key = re.sub(r"\d+", "#", line.text)
        if _PAGE_NUMBER.match(line.text) or (pages > 1 and repeated[key] > 1 and key in seen):
            dropped += 1
            continue
        seen.add(key)
        if pages > 1 and repeated[key] > 1:
            dropped += 1
        kept.append(line)
    losses = []
    if dropped:
        losses.append(
            Loss(
                "header_footer",
                f"{dropped} line(s) in page headers or footers: many ATS skip them",
                dropped,
            )
        )
    return kept, losses
