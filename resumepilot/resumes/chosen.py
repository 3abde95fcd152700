"""Bullets chosen in the library ("use on resume") as the work entries of a new draft.

Each interview names the experience it was about (title, company, dates); its chosen bullets
go under that entry, starred first, then in the user's library order, at most
PER_ENTRY_DEFAULT each so no job drowns the page. Bullets of interviews tied to no experience
go under the profile's current job, or an entry of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resumepilot.documents.resume import MAX_TEXT

PER_ENTRY_DEFAULT = 6


@dataclass
class _Entry:
    details: dict[str, Any]
    starred: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    def add(self, text: str, starred: bool) -> None:
        if text.casefold() not in {t.casefold() for t in self.starred + self.others}:
            (self.starred if starred else self.others).append(text)

    @property
    def best_first(self) -> list[str]:
        return self.starred + self.others


@dataclass
class ChosenWork:
    """Work entries for a draft, and what the page should tell the user about them."""

    work: list[dict[str, Any]]
    placed: int = 0
    notes: list[str] = field(default_factory=list)


def _company_key(details: dict[str, Any]) -> tuple[str, str]:
    return (
        str(details.get("company") or "").casefold().strip(),
        str(details.get("title") or "").casefold().strip(),
    )


def _entry_of(details: dict[str, Any], highlights: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": details.get("company") or "",
        "position": details.get("title") or "",
        "startDate": details.get("start") or "",
        "endDate": "" if details.get("end") in (None, "present") else details["end"],
        "highlights": highlights,
    }
    return {k: v for k, v in entry.items() if v}


def chosen_work(
    chosen: list[dict[str, Any]],
    profile: dict[str, Any],
    *,
    per_entry: int = PER_ENTRY_DEFAULT,
) -> ChosenWork:
    """Work entries from the chosen bullets (rows of bullets.service.selected_bullets), the
    profile's current job first when it has one; the most recent experience next."""
    current = {"company": profile.get("company") or "", "title": profile.get("job_title") or ""}
    entries: dict[tuple[str, str], _Entry] = {}
    if current["company"] or current["title"]:
        entries[_company_key(current)] = _Entry(current)
    for bullet in chosen:
        text = " ".join(str(bullet.get("text") or "").split())[:MAX_TEXT]
        if not text:
            continue
        details = bullet.get("experience_details") or None
        if not isinstance(details, dict) or not (details.get("company") or details.get("title")):
            details = current if (current["company"] or current["title"]) else {}
        entry = entries.setdefault(_company_key(details), _Entry(dict(details)))
        entry.add(text, bool(bullet.get("starred")))
    out = ChosenWork([])
    ordered = sorted(
        entries.values(),
        key=lambda e: (e.details is not current, _recency(e.details)),
    )
    for entry in ordered:
        best = entry.best_first
        if not best and entry.details is not current:
            continue
        kept = best[:per_entry]
        if len(best) > per_entry:
            where = entry.details.get("company") or entry.details.get("title") or "a job"
            out.notes.append(
                f"{where}: used your best {per_entry} of {len(best)} chosen bullets "
                "(starred ones first). Add the others from the library if you want them."
            )
        out.placed += len(kept)
        out.work.append(_entry_of(entry.details, kept))
    return out


def _recency(details: dict[str, Any]) -> tuple[int, str]:
    """Sort key: ongoing jobs first, then by end or start date, newest first."""
    end = str(details.get("end") or "")
    start = str(details.get("start") or "")
    if end == "present":
        return (0, _desc(start))
    if end or start:
        return (1, _desc(end or start))
    return (2, "")


def _desc(date: str) -> str:
    # Dates are "2019" or "2019-03"; inverting digits sorts newest first as plain text.
    return "".join(str(9 - int(c)) if c.isdigit() else c for c in date.ljust(7, "0"))
