"""The analysis of one resume file: JSON Resume, headings in reading order, and the report.

`analyze_file` is the entry point for the CLI and the web journey: pure, no database; bad
files raise a DocumentError (4xx) from resumepilot.documents.reading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from resumepilot.ai.postings import Posting
from resumepilot.analyzer.ats import ats_view
from resumepilot.analyzer.bullets import BulletReport, score_bullet
from resumepilot.analyzer.match import match_report
from resumepilot.analyzer.whole import whole_report
from resumepilot.documents.reading import Limits, ParsedResume, parse_resume


@dataclass
class Analysis:
    parsed: ParsedResume
    report: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "resume": self.parsed.resume,
            "sections": self.parsed.sections,
            "report": self.report,
        }


def bullet_reports(resume: dict[str, Any]) -> list[BulletReport]:
    out = []
    for key in ("work", "volunteer", "projects"):
        for i, item in enumerate(resume.get(key, [])):
            for j, text in enumerate(item.get("highlights", [])):
                out.append(score_bullet(text, f"{key}[{i}].highlights[{j}]"))
    return out


def build_report(
    parsed: ParsedResume, posting: Posting | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    bullets = bullet_reports(parsed.resume)
    whole = whole_report(parsed.resume, today)
    report: dict[str, Any] = {
        "ats": ats_view(parsed.document),
        "bullets": [b.as_dict() for b in bullets],
        "bullet_score": round(sum(b.score for b in bullets) / len(bullets)) if bullets else 0,
        "whole": whole,
        "match": None,
    }
    if posting is not None:
        report["match"] = match_report(parsed.resume, posting, whole["years_of_experience"])
    parts = [
        report["bullet_score"],
        100 - 25 * len(whole["sections"]["missing"][:4]),
        100 if whole["dates"]["consistent"] else 70,
        100 - 15 * len(whole["contact"]["missing"]),
    ]
    if report["match"] is not None:
        parts.append(report["match"]["keyword_score"])
    report["score"] = max(0, round(sum(parts) / len(parts)))
    return report


def analyze_file(
    data: bytes,
    filename: str | None = None,
    posting: Posting | None = None,
    limits: Limits | None = None,
) -> Analysis:
    """Reads, parses and scores one PDF or DOCX resume."""
    parsed = parse_resume(data, filename, limits)
    return Analysis(parsed, build_report(parsed, posting))
