"""Entries of a section: header lines (who, what, where, when) followed by bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.documents.reading.contact import LOCATION_RE
from resumepilot.documents.reading.dates import DateRange, find_range
from resumepilot.documents.reading.layout import Line
from resumepilot.documents.reading.roles import DEGREE_RE, employer_score, title_score

# Separators inside one header line: "Title | Company", "Company — Title", "Title at Company".
_SPLIT = re.compile(r"\s*(?:\t|\s[|•·◆♦]\s|\s[–—]\s|\s-\s|\s@\s)\s*")
_COMMA = re.compile(r",\s+")
_AT = re.compile(r"\s+at\s+(?=[A-Z])")
# Countries and regions that close a place: "Leeds, UK", "Aarhus, Denmark".
_COUNTRY_NAMES = frozenset(
    x.strip()
    for x in """uk, usa, us, u.s., united states,
united kingdom, canada, australia, new zealand, ireland, india, germany, france, spain, portugal,
italy, netherlands, belgium, denmark, sweden, norway, finland, poland, austria, switzerland,
czechia, czech republic, greece, turkey, israel, uae, united arab emirates, saudi arabia, egypt,
nigeria, kenya, ghana, south africa, brazil, mexico, argentina, chile, colombia, peru, japan,
china, singapore, hong kong, korea, south korea, taiwan, philippines, vietnam, thailand,
malaysia, indonesia, pakistan, bangladesh, england, scotland, wales, remote,
hybrid""".replace("\n", " ").split(",")
)


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


_IRREGULAR_LEADS = frozenset(
    [
        "led",
        "built",
        "ran",
        "grew",
        "wrote",
        "won",
        "cut",
        "drove",
        "taught",
        "sold",
        "kept",
        "set",
        "took",
        "made",
        "gave",
        "held",
        "met",
        "oversaw",
        "spent",
        "brought",
        "began",
        "found",
        "rebuilt",
        "rewrote",
    ]
)


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
    return (
        len(text) <= 90
        and not text.rstrip().endswith(".")
        and len(text.split()) <= 12
        and not _sentence_like(text)
    )


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
        elif current is None or current.bullets or current.notes or (dated and _has_dates(current)):
            entries.append(Entry(head=[line]))
        else:
            current.head.append(line)
    return entries


def _has_dates(entry: Entry) -> bool:
    return any(find_range(line.text) for line in entry.head)


def read_header(lines: list[Line], places: bool = True) -> Header:
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
            m = re.match(r"^(.*?)\s*\(([^()]+)\)$", piece)
            if m and _is_place(m.group(2)):  # "Engineer, Acme (Seattle, WA)"
                location = location or m.group(2)
                piece = m.group(1)
            piece, place = _split_place(piece)
            if place and not location:
                location = place
            bits = _AT.split(piece, maxsplit=1)
            if len(bits) == 2 and title_score(bits[0]) > 0:  # "Engineer at Acme"
                parts += bits
                styles += [(line.bold, line.italic)] * 2
            elif piece:
                parts.append(piece)
                styles.append((line.bold, line.italic))
    if places and not location and len(parts) >= 2:
        for i, part in enumerate(parts):
            head, comma, tail = part.rpartition(", ")
            if comma and _plain_place(tail):
                parts[i], location = head, tail
                break
    return Header(parts, dates, location, styles)


def _is_place(text: str) -> bool:
    bits = [b.strip() for b in text.split(",")]
    last = bits[-1].lower()
    return bool(LOCATION_RE.match(text)) and (
        re.fullmatch(r"[A-Z]{2}", bits[-1]) is not None or last in _COUNTRY_NAMES
    )


def _plain_place(text: str) -> bool:
    """One or two capitalised words that name no title, employer, school or degree."""
    words = text.split()
    return (
        1 <= len(words) <= 2
        and all(w[:1].isupper() for w in words)
        and title_score(text) == 0
        and employer_score(text) == 0
        and not DEGREE_RE.search(text)
    )


def _split_place(piece: str) -> tuple[str, str]:
    """A place on its own or closing the piece: "Acme Corp, Boston, MA" -> place "Boston, MA"."""
    if re.fullmatch(r"(?i:remote|hybrid|on-?site)", piece):
        return "", piece
    bits = _COMMA.split(piece)
    if len(bits) < 2:
        return piece, ""
    last = bits[-1].strip()
    closes = re.fullmatch(r"[A-Z]{2}", last) is not None or last.lower() in _COUNTRY_NAMES
    if not closes:
        return piece, ""
    if len(bits) >= 3 and re.fullmatch(r"[A-Z]{2}", bits[-2]) is None:
        # "Leeds, UK", "Austin, TX" after an employer; "Toronto, ON, Canada" as a whole.
        if re.fullmatch(r"[A-Z]{2}", bits[-2].strip()):
            return ", ".join(bits[:-3]), ", ".join(bits[-3:])
        return ", ".join(bits[:-2]), ", ".join(bits[-2:])
    city = bits[-2]
    if len(bits) == 2 and (title_score(city) or employer_score(city) or DEGREE_RE.search(city)):
        return piece, ""
    return ", ".join(bits[:-2]), ", ".join(bits[-2:])


def split_pair(text: str) -> tuple[list[str], str]:
    """ "Title, Company" (and "Title, Company, Place") as parts and a place."""
    bits = _COMMA.split(text)
    place = ""
    if len(bits) == 3 and _plain_place(bits[2]):
        place, bits = bits[2], bits[:2]
    if len(bits) == 2 and all(1 <= len(b.split()) <= 6 for b in bits):
        return bits, place
    return [text], ""
