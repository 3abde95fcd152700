"""The resume as a whole: sections present, dates consistent, contact complete."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resumepilot.documents.reading.dates import month_index

EXPECTED_SECTIONS = ("work", "education", "skills")
GAP_MONTHS = 6


def sections_present(resume: dict[str, Any]) -> dict[str, list[str]]:
    present = [
        k
        for k in (
            "basics",
            "work",
            "education",
            "skills",
            "projects",
            "certificates",
            "awards",
            "languages",
            "volunteer",
            "publications",
            "interests",
        )
        if resume.get(k)
    ]
    if resume.get("basics", {}).get("summary"):
        present.append("summary")
    missing = [k for k in (*EXPECTED_SECTIONS, "summary") if k not in present]
    return {"present": present, "missing": missing}


def date_problems(resume: dict[str, Any], today: dt.date | None = None) -> list[str]:
    """Ends before starts, dates in the future, missing starts, order, and long gaps."""
    today = today or dt.date.today()
    now = today.year * 12 + today.month - 1
    problems: list[str] = []
    spans: list[tuple[int, int, str]] = []
    for i, job in enumerate(resume.get("work", [])):
        label = job.get("name") or job.get("position") or f"position {i + 1}"
        start, end = month_index(job.get("startDate")), month_index(job.get("endDate"))
        if start is None:
            problems.append(f"{label}: no start date.")
            continue
        if start > now:
            problems.append(f"{label}: starts in the future ({job['startDate']}).")
        if end is not None and end < start:
            problems.append(
                f"{label}: ends ({job['endDate']}) before it starts ({job['startDate']})."
            )
        if end is not None and end > now:
            problems.append(f"{label}: ends in the future ({job['endDate']}).")
        spans.append((start, end if end is not None else now, label))
    starts = [s for s, _, _ in spans]
    if starts != sorted(starts, reverse=True):
        problems.append("Positions are not listed newest first, as most readers expect.")
    ordered = sorted(spans)
    reach = None
    for start, end, label in ordered:
        if reach is not None and start - reach > GAP_MONTHS:
            problems.append(
                f"A gap of {start - reach} months before {label}: be ready to "
                "explain it, or say what you did then."
            )
        reach = end if reach is None else max(reach, end)
    return problems


def years_of_experience(resume: dict[str, Any], today: dt.date | None = None) -> float:
    """Months worked (overlaps counted once), in years."""
    today = today or dt.date.today()
    now = today.year * 12 + today.month - 1
    spans = sorted(
        (s, e if e is not None else now)
        for s, e in (
            (month_index(j.get("startDate")), month_index(j.get("endDate")))
            for j in resume.get("work", [])
        )
        if s is not None
    )
    total, reach = 0, None
    for start, end in spans:
        if reach is None or start > reach:
            total += max(0, end - start)
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return round(total / 12, 1)


def contact_missing(resume: dict[str, Any]) -> list[str]:
    basics = resume.get("basics", {})
    missing = [k for k in ("name", "email", "phone") if not basics.get(k)]
    if not basics.get("location"):
        missing.append("location")
    if not basics.get("url") and not basics.get("profiles"):
        missing.append("link (LinkedIn or a portfolio)")
    return missing


def whole_report(resume: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    problems = date_problems(resume, today)
    missing = contact_missing(resume)
    return {
        "sections": sections_present(resume),
        "dates": {"consistent": not problems, "problems": problems},
        "contact": {"complete": not missing, "missing": missing},
        "years_of_experience": years_of_experience(resume, today),
    }
