"""Words to lines in reading order: rows, segments, columns, and wrapped lines joined again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.documents.reading.layout import Line
from resumepilot.documents.reading.pdf_chars import Word
from resumepilot.documents.reading.text import clean, join_wrapped, strip_bullet

# Text that sits in a margin column beside an entry rather than forming a column of its own.
_AUX = re.compile(
    r"^(?:[A-Za-z]{3,9}\.?\s+)?(?:\d{1,2}/)?(?:19|20)\d{2}\b|present|current|now|"
    r"^[A-Z][A-Za-z .'-]+,\s*[A-Z]{2}\b|^[A-Z][A-Za-z .'-]+,\s*[A-Z][a-z]+$|^remote$|"
    r"^[A-Z][a-z]+\.?\s+(?:19|20)\d{2}",
    re.I,
)


@dataclass
class Segment:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Row:
    segments: list[Segment] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)


def rows_of(words: list[Word]) -> list[Row]:
    """Groups words whose vertical middles agree, then splits each row at wide gaps."""
    groups: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if groups:
            first = groups[-1][0]
            tolerance = 0.42 * max(first.bottom - first.top, word.bottom - word.top)
            if abs(word.middle - first.middle) <= tolerance:
                groups[-1].append(word)
                continue
        groups.append([word])
    rows = []
    for group in groups:
        group.sort(key=lambda w: w.x0)
        row = Row([Segment([group[0]])])
        for prev, word in zip(group, group[1:], strict=False):
            size = max(prev.size, word.size, 6.0)
            if word.x0 - prev.x1 > max(1.3 * size, 11.0) and prev.text != "•":
                row.segments.append(Segment([word]))
            else:
                row.segments[-1].words.append(word)
        rows.append(row)
    return rows


def _gutter(rows: list[Row], width: float) -> float | None:
    """An x no text body crosses that splits the page into two columns of real text."""
    gaps = sorted(
        {
            round((a.x1 + b.x0) / 2)
            for r in rows
            for a, b in zip(r.segments, r.segments[1:], strict=False)
        }
    )
    best: tuple[int, float] | None = None
    for x in gaps:
        if not 0.15 * width < x < 0.85 * width:
            continue
        left = right = crossing_inside = 0
        seen_columns = False
        crossing_after: list[int] = []
        for i, row in enumerate(rows):
            kinds = {"c" if s.x0 < x < s.x1 else ("l" if s.x1 <= x else "r") for s in row.segments}
            if "c" in kinds:
                crossing_after.append(i) if seen_columns else None
                continue
            seen_columns = True
            left += "l" in kinds
            right += "r" in kinds
        # Lines crossing the gutter are allowed above the columns (a name banner) and below.
        if crossing_after:
            tail = len(rows) - crossing_after[0]
            crossing_inside = len(crossing_after) if tail != len(crossing_after) else 0
        if crossing_inside > 1 or min(left, right) < 4:
            continue
        score = min(left, right)
        if best is None or score > best[0]:
            best = (score, x)
    return best[1] if best else None


def _is_margin_column(segments: list[Segment]) -> bool:
    """Dates and places aligned to one side beside entries are not a column of reading."""
    if not segments:
        return True
    aux = sum(bool(_AUX.search(s.text)) and len(s.text) < 40 for s in segments)
    return aux >= 0.5 * len(segments)


def reading_order(rows: list[Row], width: float) -> tuple[list[tuple[Row, int]], bool]:
    """Rows in reading order with their column (0 full, 1 left, 2 right); True if columns."""
    x = _gutter(rows, width)
    if x is None:
        return [(r, 0) for r in rows], False
    # Judge each side by the rows it shares with the other: dates beside an entry (a table
    # or a margin column) sit on the entry's first row; a sidebar's rows pass unrelated.
    shared = [
        r for r in rows if any(s.x1 <= x for s in r.segments) and any(s.x0 >= x for s in r.segments)
    ]
    left_segments = [s for r in shared for s in r.segments if s.x1 <= x]
    right_segments = [s for r in shared for s in r.segments if s.x0 >= x]
    if _is_margin_column(right_segments) or _is_margin_column(left_segments):
        return [(r, 0) for r in rows], False
    head: list[tuple[Row, int]] = []
    tail: list[tuple[Row, int]] = []
    left: list[tuple[Row, int]] = []
    right: list[tuple[Row, int]] = []
    for row in rows:
        if any(s.x0 < x < s.x1 for s in row.segments):
            (tail if left or right else head).append((row, 0))
            continue
        ls = [s for s in row.segments if s.x1 <= x]
        rs = [s for s in row.segments if s.x0 >= x]
        if ls:
            left.append((Row(ls), 1))
        if rs:
            right.append((Row(rs), 2))
    return head + left + right + tail, True


def _dominant(words: list[Word]) -> Word:
    weight: dict[tuple[float, bool, bool], int] = {}
    by_key: dict[tuple[float, bool, bool], Word] = {}
    for w in words:
        key = (round(w.size, 1), w.bold, w.italic)
        weight[key] = weight.get(key, 0) + len(w.text)
        by_key.setdefault(key, w)
    return by_key[max(weight, key=lambda k: weight[k])]


def to_lines(row: Row, page: int, column: int) -> list[Line]:
    """A row as one line; segments in much larger type (a name beside contact details) apart."""

    def size_of(segments: list[Segment]) -> float:
        return max((w.size for s in segments for w in s.words if w.text != "•"), default=0.0)

    groups: list[list[Segment]] = []
    for seg in row.segments:
        if groups and abs(size_of(groups[-1]) - size_of([seg])) < 2.5:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return [to_line(Row(group), page, column) for group in groups]


def to_line(row: Row, page: int, column: int) -> Line:
    words = [w for w in row.words if w.text != "•"]
    dot = len(words) != len(row.words)
    main = _dominant(words or row.words)
    text = "\t".join(clean(s.text) for s in row.segments if clean(s.text) not in ("", "•"))
    text, glyph = strip_bullet(text)
    return Line(
        text=text,
        page=page,
        size=main.size,
        bold=main.bold,
        italic=main.italic,
        x0=(words or row.words)[0].x0,
        x1=max(w.x1 for w in row.words),
        top=row.top,
        bottom=max(w.bottom for w in row.words),
        bullet=dot or glyph,
        column=column,
    )


def join_wraps(lines: list[Line]) -> list[Line]:
    """A line that continues the one above (a wrapped bullet or paragraph) is merged into it."""
    edges: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, line.column)
        edges[key] = max(edges.get(key, 0.0), line.x1)
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, line, edges[(prev.page, prev.column)]):
            prev.text = join_wrapped(prev.text, line.text)
            prev.bottom, prev.x1 = line.bottom, line.x1
        else:
            out.append(line)
    return out


def _continues(prev: Line, line: Line, right_edge: float) -> bool:
    if line.bullet or "\t" in prev.text:
        return False
    if prev.text.endswith("-") and line.text[:1].islower() and line.page == prev.page:
        return True  # a word or a link broken at a hyphen
    if "\t" in line.text:
        return False
    if line.column != prev.column or line.page != prev.page:
        return False
    if abs(line.size - prev.size) >= 0.6 or line.bold != prev.bold:
        return False
    gap = line.top - prev.bottom
    if not -1 < gap < 0.9 * max(line.size, 6.0):
        return False
    # Under a bullet the next line may start under the text or under the glyph itself.
    aligned = (prev.bullet and line.x0 >= prev.x0 - 14) or abs(line.x0 - prev.x0) < 3
    if re.search(r"(?:19|20)\d\d\W*$", prev.text):
        return False  # a line that ends with a date ends an entry line
    # The line above ran to the right margin, so it wrapped rather than ended.
    full = prev.x1 > right_edge - max(0.18 * (right_edge - prev.x0), 30.0)
    # In a narrow cell lines wrap early; a sentence cut mid-way still reads as one.
    mid_sentence = (
        len(prev.text.split()) >= 3
        and re.search(r"[a-z0-9,]$", prev.text) is not None
        and re.match(r"[a-z0-9$€£(]", line.text) is not None
    )
    return aligned and (full or mid_sentence) and not prev.text.rstrip().endswith(":")
