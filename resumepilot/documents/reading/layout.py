"""The text of a document with its layout: lines in reading order and what a reader loses."""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a line came from. ATS software commonly skips headers, footers and text boxes.
BODY, TABLE, HEADER, FOOTER, TEXTBOX = "body", "table", "header", "footer", "textbox"


@dataclass
class Line:
    """One line (PDF) or paragraph (DOCX); segments far apart on a line are joined by a tab."""

    text: str
    page: int = 0
    size: float = 0.0  # dominant font size in points; 0 when unknown
    bold: bool = False
    italic: bool = False
    x0: float = 0.0  # left edge (PDF points) or indent (DOCX)
    x1: float = 0.0  # right edge (PDF points)
    top: float = 0.0  # distance from the top of the page (PDF)
    bottom: float = 0.0
    bullet: bool = False  # began with a bullet glyph, a drawn dot or list numbering
    style: str = ""  # DOCX paragraph style name
    source: str = BODY
    column: int = 0  # 0 full width or single column; 1 left, 2 right


@dataclass
class Loss:
    """Something a plain ATS text reader would miss or garble."""

    kind: str  # images, header_footer, columns, text_boxes, tables
    detail: str
    count: int = 1


@dataclass
class Document:
    kind: str  # pdf or docx
    lines: list[Line]
    pages: int
    losses: list[Loss] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # link targets behind the text (PDF)

    @property
    def text(self) -> str:
        """The text in reading order, one line per line."""
        return "\n".join(line.text for line in self.lines)

    @property
    def body_size(self) -> float:
        """The most common font size, weighted by characters: the body text."""
        weight: dict[float, int] = {}
        for line in self.lines:
            if line.size:
                key = round(line.size * 2) / 2
                weight[key] = weight.get(key, 0) + len(line.text)
        return max(weight, key=lambda k: weight[k]) if weight else 0.0
