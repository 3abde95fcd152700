"""Entries of a section: header lines (who, what, where, when) followed by bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.documents.reading.contact import LOCATION_RE
from resumepilot.documents.reading.dates import DateRange, find_range
from resumepilot.documents.reading.layout import Line

# Separators inside one header line: "Title | Company", "Company — Title", "Title at Company".
_SPLIT = re.compile(r"\s*(?:\t|\s[|•·◆♦]\s|\s[–—]\s|\s-\s|\s@\s|\sat\s(?=[A-Z]))\s*")
_COMMA = re.compile(r",\s+")


@dataclass
class Entry:
    head: list[Line] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # plain lines after the header

    @property
    def lines(self) -> list[str]:
        return self.bullets or self.notes


@dataclass
class Header:
    """The parts of an entry's header once dates and places are taken out."""

    parts: list[str]
    dates: DateRange | None
    location: str
    styles: list[tuple[bool, bool]]  # (bold, italic) of each part's line


_IRREGULAR_LEADS = frozenset("""led built ran grew wrote won cut drove taught sold kept set
took made gave held met oversaw spent brought began found rebuilt rewrote""".split())


def _sentence_like(text: str) -> bool:
    """Reads like an accomplishment ("Reduced costs by 12% ..."), not like an entry header."""
    words = text.split()
    first = words[0].lower() if words else ""
    verb = first in _IRREGULAR_LEADS or (first.endswith("ed") and len(first) > 4)
    return verb and len(words) >= 4


def _headerish(line: Line, dated: bool) -> bool:
    text = line.text
    if line.bullet:
        return False
    if dated or "\t" in text:
        return True
    return (len(text) <= 90 and not text.rstrip().endswith(".") and len(text.split()) <= 12
            and not _sentence_like(text))


def group_entries(lines: list[Line]) -> list[Entry]:
    """Consecutive header lines open an entry; bullets and sentences after them belong to it."""
    entries: list[Entry] = []
    for line in lines:
        dated = not line.bullet and find_range(line.text) is not None
        current = entries[-1] if entries else None
        if not _headerish(line, dated):
            if current is None:
                current = Entry()
                entries.append(current)
            (current.bullets if line.bullet else current.notes).append(line.text)
        elif current is None or current.bullets or current.notes or (
                dated and _has_dates(current)):
            entries.append(Entry(head=[line]))
        else:
            current.head.append(line)
    return entries


def _has_dates(entry: Entry) -> bool:
    return any(find_range(line.text) for line in entry.head)


def read_header(lines: list[Line]) -> Header:
    parts: list[str] = []
    styles: list[tuple[bool, bool]] = []
    dates: DateRange | None = None
    location = ""
    for line in lines:
        text = line.text
        if dates is None:
            found = find_range(text)
            if found is not None:
                dates = found
                a, b = found.span
                # The dates go; what surrounded them stays apart: "Acme (2019 - 2021) Boston".
                text = f"{text[:a].rstrip(' ,;:|(–—-')}\t{text[b:].lstrip(' ,;:|)–—-')}"
        for piece in _SPLIT.split(text):
            piece = re.sub(r"\(\s*\)", "", piece).strip(" ,;:|")
            if not piece:
                continue
            piece, place = _split_place(piece)
            if place and not location:
                location = place
            if piece:
                parts.append(piece)
                styles.append((line.bold, line.italic))
    return Header(parts, dates, location, styles)


def _split_place(piece: str) -> tuple[str, str]:
    """A place on its own, or at the end after a comma: "Acme Corp, Boston, MA"."""
    if LOCATION_RE.match(piece) and not re.search(r"\b(?:inc|llc|ltd|corp)\b", piece, re.I):
        return "", piece
    bits = _COMMA.split(piece)
    for cut in range(1, len(bits)):
        tail = ", ".join(bits[cut:])
        if LOCATION_RE.match(tail) and (cut < len(bits) - 1 or re.fullmatch(
                r"[A-Z]{2}|remote|hybrid", bits[-1].strip(), re.I)):
            return ", ".join(bits[:cut]), tail
    if len(bits) > 1 and re.fullmatch(r"remote|hybrid", bits[-1], re.I):
        return ", ".join(bits[:-1]), bits[-1]
    return piece, ""


def split_pair(text: str) -> list[str]:
    """"Title, Company" as two parts when the comma is the only separator."""
    bits = _COMMA.split(text)
    if len(bits) == 2 and all(1 <= len(b.split()) <= 6 for b in bits):
        return bits
    return [text]
