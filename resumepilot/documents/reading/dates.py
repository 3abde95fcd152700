"""Dates as resumes write them ("Sept. 2019 – Present", "03/2020", "2018 to 2021") to ISO 8601."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
    # Seasons, as academic resumes write them: the month a term usually starts.
    "spring": 3,
    "summer": 6,
    "fall": 9,
    "autumn": 9,
    "winter": 12,
}
ONGOING = r"(?:present|current|currently|now|today|ongoing|date)"
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
DATE = (
    rf"(?:{_MONTH},?\s*{_YEAR}|(?:0?[1-9]|1[0-2])[/.](?:{_YEAR})|{_YEAR}[-/.](?:0[1-9]|1[0-2])"
    rf"|{_YEAR})"
)
_SEP = r"\s*(?:[-–—−~]+|to|until|through|till)\s*"
RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{DATE}){_SEP}(?P<end>{DATE}|{ONGOING})(?![\w/])"
    rf"|(?<![\w/])(?:since|from)\s+(?P<since>{DATE})(?![\w/])"
    rf"|(?<![\w/])(?:(?:expected|anticipated|graduat\w*|completed|class of)[:\s]+)?"
    rf"(?P<single>{DATE})(?![\w/])",
    re.I,
)


@dataclass(frozen=True)
class DateRange:
    start: str | None
    end: str | None  # None with ongoing=True means "to present"
    ongoing: bool
    span: tuple[int, int]  # where it sits in the text it was found in
    single: bool = False


def iso(text: str) -> str | None:
    """One date to "2019", "2019-09"; None when it is not a date."""
    t = text.strip().lower().rstrip(".")
    m = re.fullmatch(rf"({_MONTH}),?\s*({_YEAR})", t)
    if m:
        month = MONTHS[m.group(1).rstrip(".")]
        return f"{m.group(2)}-{month:02d}"
    m = re.fullmatch(rf"(0?[1-9]|1[0-2])[/.]({_YEAR})", t)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(rf"({_YEAR})[-/.](0[1-9]|1[0-2])", t)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m = re.fullmatch(_YEAR, t)
    return m.group(0) if m else None


def find_range(text: str) -> DateRange | None:
    """The first date range (or single date) in text."""
    for m in RANGE_RE.finditer(text):
        if m.group("start"):
            end_text = m.group("end")
            ongoing = re.fullmatch(ONGOING, end_text, re.I) is not None
            return DateRange(
                iso(m.group("start")), None if ongoing else iso(end_text), ongoing, m.span()
            )
        if m.group("since"):
            return DateRange(iso(m.group("since")), None, True, m.span())
        single = m.group("single")
        # A bare year inside a sentence ("since 2019 we...") is not a date line; keep it
        # only when it stands apart or is a month and year.
        at_edge = not text[m.end() :].strip(" .,;:)]|–—-") or not text[: m.start()].strip(" ([|")
        if single and (len(text.strip()) < 40 or at_edge or not re.fullmatch(_YEAR, single)):
            return DateRange(None, iso(single), False, m.span(), single=True)
    return None


def month_index(value: str | None) -> int | None:
    """Months since year 0, for comparing and measuring gaps; a year counts as its January."""
    if not value:
        return None
    year, _, month = value.partition("-")
    return int(year) * 12 + (int(month[:2]) - 1 if month else 0)
