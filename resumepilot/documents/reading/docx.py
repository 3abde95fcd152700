"""A Word resume to lines: body paragraphs and tables in order, text boxes, headers, footers.

The zip is checked before python-docx inflates anything: entry count, total inflated size
and the ratio of every part (a zip bomb claims small and inflates huge).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from resumepilot.documents.reading.errors import (
    DocumentTooLarge,
    EncryptedDocument,
    MalformedDocument,
)
from resumepilot.documents.reading.layout import (
    BODY,
    FOOTER,
    HEADER,
    TABLE,
    TEXTBOX,
    Document,
    Line,
    Loss,
)
from resumepilot.documents.reading.limits import Deadline, Limits
from resumepilot.documents.reading.text import clean, strip_bullet

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMB = (
    "This Word file inflates to far more data than a resume holds, so it was not opened. "
    "Save it again from Word or LibreOffice and upload the new file."
)


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuses archives that would inflate past the limits, before inflating them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise MalformedDocument(
            "This Word file is damaged or incomplete. Save it again and upload the new file."
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_entries:
            raise DocumentTooLarge(_BOMB)
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            xml_too_big = (
                info.filename.endswith((".xml", ".rels"))
                and info.file_size > limits.max_xml_part_bytes
            )
            if (
                total > limits.max_unzipped_bytes
                or xml_too_big
                or (info.file_size > 1_000_000 and ratio > limits.max_zip_ratio)
            ):
                raise DocumentTooLarge(_BOMB)
        if "word/document.xml" not in archive.namelist():
            raise MalformedDocument(
                "This zip file is not a Word document (it has no word/document.xml). "
                "Upload the resume as .docx or .pdf."
            )


def _paragraph_lines(p: Any, styles: dict[str, Any], source: str, page: int) -> list[Line]:
    """One paragraph as one or more lines: a manual line break starts a new line."""
    pieces: list[list[str]] = [[]]
    bold_chars = italic_chars = total = 0
    size = 0.0
    for node in p.iter(f"{_W}r", f"{_W}hyperlink"):
        if node.tag != f"{_W}r" or _inside_textbox(node, p):
            continue
        rpr = node.find(f"{_W}rPr")
        run_bold = rpr is not None and _on(rpr.find(f"{_W}b"))
        run_italic = rpr is not None and _on(rpr.find(f"{_W}i"))
        sz = rpr.find(f"{_W}sz") if rpr is not None else None
        for child in node:
            if child.tag == f"{_W}t":
                text = child.text or ""
                pieces[-1].append(text)
                n = len(text.strip())
                total += n
                bold_chars += n * run_bold
                italic_chars += n * run_italic
                if sz is not None and n:
                    size = max(size, int(sz.get(f"{_W}val", "0")) / 2)
            elif child.tag == f"{_W}tab":
                pieces[-1].append("\t")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append([])
    ppr = p.find(f"{_W}pPr")
    style_id = ""
    numbered = False
    if ppr is not None:
        ps = ppr.find(f"{_W}pStyle")
        style_id = ps.get(f"{_W}val", "") if ps is not None else ""
        numbered = ppr.find(f"{_W}numPr") is not None
    style = styles.get(style_id)
    style_name = style.name if style is not None else style_id
    numbered = numbered or "list" in style_name.lower()
    bold = total > 0 and bold_chars >= 0.6 * total or _style_bold(style)
    if not size:
        size = _style_size(style)
    lines = []
    for piece in pieces:
        raw = "".join(piece)
        text = "\t".join(part for part in (clean(seg) for seg in raw.split("\t")) if part)
        text, glyph = strip_bullet(text)
        if text:
            lines.append(
                Line(
                    text=text,
                    page=page,
                    size=size,
                    bold=bold,
                    italic=total > 0 and italic_chars >= 0.6 * total,
                    bullet=glyph or numbered,
                    style=style_name,
                    source=source,
                )
            )
    return lines


def _on(node: Any) -> bool:
    return node is not None and node.get(f"{_W}val", "true") not in ("0", "false", "none")


def _style_bold(style: Any) -> bool:
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _style_size(style: Any) -> float:
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return 0.0


def _inside_textbox(node: Any, paragraph: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (f"{_W}txbxContent", _MC_FALLBACK):
            return True
        parent = parent.getparent()
    return False


def _blocks(container: Any, styles: dict[str, Any], source: str) -> Iterator[Line]:
    """Paragraphs and tables in document order; text boxes right after their anchor."""
    for child in container:
        if child.tag == f"{_W}p":
            yield from _paragraph_lines(child, styles, source, 0)
            for box in child.iter(f"{_W}txbxContent"):
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    yield from _blocks(box, styles, TEXTBOX)
        elif child.tag == f"{_W}tbl":
            yield from _table(child, styles)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content, styles, source)


def _table(tbl: Any, styles: dict[str, Any]) -> Iterator[Line]:
    """Rows of short cells read as one line each; layout tables read cell after cell."""
    rows = [[cell for cell in tr.findall(f"{_W}tc")] for tr in tbl.findall(f"{_W}tr")]
    for cells in rows:
        contents = [list(_blocks(cell, styles, TABLE)) for cell in cells]
        if all(len(c) <= 1 for c in contents) and sum(len(c) for c in contents) > 1:
            filled = [c[0] for c in contents if c]
            first = filled[0]
            first.text = "\t".join(line.text for line in filled)
            first.bold = first.bold or any(line.bold for line in filled[1:2])
            yield first
        else:
            for content in contents:
                yield from content


def read_docx(data: bytes, limits: Limits, deadline: Deadline) -> Document:
    """The body in reading order; headers first and footers last, marked as such."""
    if data.startswith(_OLE_MAGIC):
        raise EncryptedDocument(
            "This Word file is password-protected or in the old .doc format. Open it in Word, "
            "remove the password if any, save as .docx and upload that."
        )
    check_zip(data, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise MalformedDocument(
            "This Word file is damaged or incomplete. Save it again and upload the new file."
        ) from exc
    deadline.check()
    styles = {s.style_id: s for s in document.styles if hasattr(s, "font")}
    head: list[Line] = []
    foot: list[Line] = []
    seen: set[int] = set()
    for section in document.sections:
        for part, bucket, source in (
            (section.header, head, HEADER),
            (section.footer, foot, FOOTER),
        ):
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            bucket.extend(_blocks(part._element, styles, source))
    body = list(_blocks(document.element.body, styles, BODY))
    deadline.check()
    losses = []
    if head or foot:
        losses.append(
            Loss(
                "header_footer",
                f"{len(head) + len(foot)} line(s) in the Word header or footer: many ATS skip them",
                len(head) + len(foot),
            )
        )
    boxes = sum(line.source == TEXTBOX for line in body)
    if boxes:
        losses.append(
            Loss("text_boxes", f"{boxes} line(s) in text boxes: many ATS skip them", boxes)
        )
    images = len(document.inline_shapes) + _floating_pictures(document)
    if images:
        losses.append(
            Loss("images", f"{images} image(s): an ATS reads no text in pictures", images)
        )
    tables = sum(line.source == TABLE for line in body)
    if tables:
        losses.append(
            Loss("tables", f"{tables} line(s) in tables: some ATS read them out of order", tables)
        )
    lines = [*head, *body, *foot]
    if sum(len(line.text) for line in lines) > limits.max_chars:
        raise DocumentTooLarge(
            "This Word file holds more text than a resume can. Upload the resume on its own."
        )
    return Document("docx", lines, 1, losses)


def _floating_pictures(document: Any) -> int:
    anchors = document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
    )
    return sum(
        1
        for a in anchors
        if a.find(".//{http://schemas.openxmlformats.org/drawingml/2006/picture}pic") is not None
    )
