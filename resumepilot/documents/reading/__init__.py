"""Reading resumes made by any tool: a PDF or DOCX file to text with layout to JSON Resume.

Entry points: `read_document` (bytes -> Document: lines in reading order and what an ATS
loses) and `parse_resume` (bytes -> ParsedResume: JSON Resume dict, section headings,
the Document). Bad files raise a `DocumentError` (an AppError with a 4xx status).
"""

from __future__ import annotations

import re

from resumepilot.documents.reading.errors import (
    DocumentError,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    MalformedDocument,
    NotAResume,
    ReadingTimedOut,
    UnsupportedDocument,
)
from resumepilot.documents.reading.layout import Document, Line, Loss
from resumepilot.documents.reading.limits import Deadline, Limits
from resumepilot.documents.reading.resume import ParsedResume, build_resume

__all__ = [
    "Document",
    "DocumentError",
    "DocumentTooLarge",
    "EmptyDocument",
    "EncryptedDocument",
    "Limits",
    "Line",
    "Loss",
    "MalformedDocument",
    "NotAResume",
    "ParsedResume",
    "ReadingTimedOut",
    "UnsupportedDocument",
    "parse_resume",
    "read_document",
    "sniff",
]


def sniff(data: bytes, filename: str | None = None) -> str:
    """pdf or docx, by the bytes (a renamed file is judged by what it is, not its name)."""
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "docx"
    shown = f" ({filename})" if filename else ""
    raise UnsupportedDocument(
        f"This file{shown} is not a PDF or a Word (.docx) document. Export your resume as PDF "
        "or DOCX and upload that."
    )


def read_document(
    data: bytes, filename: str | None = None, limits: Limits | None = None
) -> Document:
    """The file's text with layout, within the limits; a DocumentError when it is unusable."""
    limits = limits or Limits()
    if not data or not data.strip():
        raise EmptyDocument("This file is empty. Choose your resume file and upload it again.")
    if len(data) > limits.max_bytes:
        raise DocumentTooLarge(
            f"This file is {len(data) / 1e6:.1f} MB; resumes up to "
            f"{limits.max_bytes / 1e6:.0f} MB are read. Export it without large images."
        )
    deadline = Deadline(limits.max_seconds)
    if sniff(data, filename) == "pdf":
        from resumepilot.documents.reading.pdf import read_pdf

        document = read_pdf(data, limits, deadline)
    else:
        from resumepilot.documents.reading.docx import read_docx

        document = read_docx(data, limits, deadline)
    # Rules drawn with characters ("=====", "-----") separate sections; they hold no text.
    document.lines = [line for line in document.lines if re.search(r"[^\W_]", line.text)]
    if sum(len(line.text) for line in document.lines) > limits.max_chars:
        raise DocumentTooLarge(
            "This file holds more text than a resume can. Upload the resume on its own."
        )
    if sum(c.isalnum() for line in document.lines for c in line.text) < 20:
        raise EmptyDocument(
            "We found no text in this file. If it is a scan or a picture, export the resume "
            "from the program you wrote it in (so the text can be selected) and upload that."
        )
    return document


def parse_resume(
    data: bytes, filename: str | None = None, limits: Limits | None = None
) -> ParsedResume:
    """The file as JSON Resume; NotAResume when nothing in it looks like one."""
    parsed = build_resume(read_document(data, filename, limits))
    found = (
        len(parsed.sections)
        + bool(parsed.resume["basics"].get("email"))
        + bool(parsed.resume["basics"].get("phone"))
    )
    if found < 2 and not parsed.resume.get("work") and not parsed.resume.get("education"):
        raise NotAResume(
            "This file does not look like a resume: we found no sections such as Experience "
            "or Education and no contact details. Check that you chose the right file."
        )
    return parsed
