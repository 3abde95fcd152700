"""What an ATS would read: the text in reading order and what a plain reader loses."""

from __future__ import annotations

import re
from typing import Any

from resumepilot.documents.reading.layout import FOOTER, HEADER, TEXTBOX, Document

_CONTACT = re.compile(r"@|\+?\d[\d\s().-]{7,}\d|linkedin|github|https?://|www\.", re.I)


def ats_view(document: Document) -> dict[str, Any]:
    lost = [
        {"kind": loss.kind, "detail": loss.detail, "count": loss.count} for loss in document.losses
    ]
    hidden = [line.text for line in document.lines if line.source in (HEADER, FOOTER, TEXTBOX)]
    warnings = []
    if any(_CONTACT.search(text) for text in hidden):
        warnings.append(
            "Your contact details sit in a header, footer or text box, which many "
            "ATS skip: move them into the body of the page."
        )
    if any(loss.kind == "columns" for loss in document.losses):
        warnings.append(
            "The page is laid out in columns; an ATS reading straight across the "
            "page would mix them. A single column is safest."
        )
    if any(loss.kind == "images" for loss in document.losses):
        warnings.append("Text in pictures (logos, icons, charts) is invisible to an ATS.")
    return {
        "format": document.kind,
        "pages": document.pages,
        "text": document.text,
        "characters": len(document.text),
        "lost": lost,
        "hidden_text": hidden,
        "warnings": warnings,
    }
