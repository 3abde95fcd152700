"""What one render may cost: its time and its pages (issue 8).

Renders share the machine's cores with every other user, so a resume that would hold a core
for minutes (a 78-page career fitted to one page tries six layouts of 78 pages) is refused with
a message that says what to change, instead of making everybody else wait.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

# Longer than any real resume (two pages is the norm, academic CVs reach ten or so).
MAX_PAGES = 20
# Tightening the layout gains about a third of a page per page; beyond three pages it never
# reaches one, and each attempt costs a full layout.
FIT_MAX_PAGES = 3
DEFAULT_SECONDS = 120.0


class RenderRefused(Exception):
    """A render over its budget; the message tells the user why and what to change."""


@dataclass(frozen=True)
class RenderBudget:
    """Limits of one render. Plain data, so it crosses into a render process."""

    seconds: float
    # Wall-clock time (time.time()), comparable in every process on the machine.
    deadline: float
    max_pages: int = MAX_PAGES
    fit_max_pages: int = FIT_MAX_PAGES

    @classmethod
    def starting_now(cls, seconds: float = DEFAULT_SECONDS) -> RenderBudget:
        return cls(seconds=seconds, deadline=time.time() + seconds)

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self.deadline - time.time())

    def check_pages(self, pages: int, fit_one_page: bool) -> None:
        """Refuses a resume whose natural length (before any tightening) is over budget."""
        if pages > self.max_pages:
            fitting = (
                f", and fit to one page works for up to {self.fit_max_pages}"
                if fit_one_page
                else ""
            )
            raise RenderRefused(
                f"This resume runs to {pages} pages; we render up to {self.max_pages}{fitting}. "
                "Shorten it (fewer roles, or fewer bullets per role) and generate it again."
            )
        if fit_one_page and pages > self.fit_max_pages:
            raise RenderRefused(
                f"This resume runs to {pages} pages, too long to fit on one page: fitting "
                f"works for resumes of up to {self.fit_max_pages} pages. Turn off "
                "'Fit to one page' or shorten the resume, then generate it again."
            )

    def check_time(self) -> None:
        """Refuses to go on once the render has used its time."""
        if time.time() > self.deadline:
            raise RenderRefused(self.time_message())

    def time_message(self) -> str:
        return (
            f"Rendering this resume took longer than the {self.seconds:g} seconds one render "
            "may use, so it was stopped. Shorten the resume or turn off 'Fit to one page', "
            "then generate it again."
        )
