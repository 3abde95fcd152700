"""A job posting as the analyzer and the letter engine use it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from resumepilot.errors import AppError


class PostingError(AppError):
    """A job posting we cannot use: empty, too long, or a JSON file that is not a job."""

    status_code = 422
    code = "bad_job_posting"


@dataclass
class Requirement:
    text: str
    must: bool  # must-have; False for nice-to-have
    keywords: list[str] = field(default_factory=list)


@dataclass
class Keyword:
    term: str
    weight: float  # higher for must-have requirements and the title


@dataclass
class Posting:
    title: str = ""
    company: str = ""
    requirements: list[Requirement] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
