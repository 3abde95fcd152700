"""Limits on what an upload may cost us: bytes, pages, decompressed size, characters, time."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from resumepilot.documents.reading.errors import ReadingTimedOut


@dataclass(frozen=True)
class Limits:
    """Resumes are 1-3 pages; these leave room for long CVs and refuse everything else."""

    max_bytes: int = 5_000_000
    max_pages: int = 10
    # A DOCX is a zip: the sum of its parts once inflated, and the ratio of any one part.
    max_unzipped_bytes: int = 40_000_000
    max_zip_ratio: int = 200
    max_zip_entries: int = 2_000
    # Any one XML part (the body, a header): lxml builds it whole in memory.
    max_xml_part_bytes: int = 10_000_000
    max_chars: int = 200_000
    # Per page: a content stream drawing millions of glyphs is an attack, not a resume.
    max_chars_per_page: int = 30_000
    max_seconds: float = 10.0


@dataclass
class Deadline:
    """Checked between units of work; parsing is in-process so a check is all we can do."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise ReadingTimedOut(
                f"Reading this file took longer than {self.seconds:.0f} seconds, so we stopped. "
                "Export it again as a simple PDF or DOCX and upload that."
            )
