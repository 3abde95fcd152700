"""JSON Resume as plain typed records: import with field-named errors, export back to JSON Resume.

Each record lists its fields once, in `_fields`, with the check each goes through (fields.py).
"""

from __future__ import annotations

from typing import Any

from resumepilot.documents.fields import (
    BULLETS,
    DATE,
    EMAIL,
    MAX_BULLETS,
    MAX_ITEMS,
    MAX_SHORT,
    MAX_TEXT,
    SHORT,
    SHORT_LIST,
    TEXT,
    URL,
    Record,
    optional,
    plain,
    records,
    text_field,
)

__all__ = ["MAX_BULLETS", "MAX_ITEMS", "MAX_SHORT", "MAX_TEXT", "Resume", "ResumeError"]


class ResumeError(ValueError):
    """A resume that cannot be read; `errors` are strings like 'work[0].startDate: ...'."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


class Location(Record):
    _fields = {
        "address": TEXT,
        "postal_code": SHORT,
        "city": SHORT,
        "country_code": SHORT,
        "region": SHORT,
    }
    address: str | None
    postal_code: str | None
    city: str | None
    country_code: str | None
    region: str | None


class Profile(Record):
    _fields = {"network": SHORT, "username": SHORT, "url": URL}
    network: str | None
    username: str | None
    url: str | None


class Basics(Record):
    _fields = {
        "name": text_field(MAX_SHORT, optional=False),
        "label": SHORT,
        "image": plain,
        "email": EMAIL,
        "phone": SHORT,
        "url": URL,
        "summary": TEXT,
        "location": optional(Location),
        "profiles": records(Profile),
    }
    _defaults = {"name": str}
    name: str
    label: str | None
    image: str | None
    email: str | None
    phone: str | None
    url: str | None
    summary: str | None
    location: Location | None
    profiles: list[Profile]


class Work(Record):
    _fields = {
        "name": SHORT,
        "location": SHORT,
        "description": SHORT,
        "position": SHORT,
        "url": URL,
        "start_date": DATE,
        "end_date": DATE,
        "summary": TEXT,
        "highlights": BULLETS,
    }
    name: str | None
    location: str | None
    description: str | None
    position: str | None
    url: str | None
    start_date: str | None
    end_date: str | None
    summary: str | None
    highlights: list[str]


class Volunteer(Record):
    _fields = {
        "organization": SHORT,
        "position": SHORT,
        "url": URL,
        "start_date": DATE,
        "end_date": DATE,
        "summary": TEXT,
        "highlights": BULLETS,
    }
    organization: str | None
    position: str | None
    url: str | None
    start_date: str | None
    end_date: str | None
    summary: str | None
    highlights: list[str]


class Education(Record):
    _fields = {
        "institution": SHORT,
        "url": URL,
        "area": SHORT,
        "study_type": SHORT,
        "start_date": DATE,
        "end_date": DATE,
        "score": SHORT,
        "courses": SHORT_LIST,
    }
    institution: str | None
    url: str | None
    area: str | None
    study_type: str | None
    start_date: str | None
    end_date: str | None
    score: str | None
    courses: list[str]


class Award(Record):
    _fields = {"title": SHORT, "date": DATE, "awarder": SHORT, "summary": TEXT}
    title: str | None
    date: str | None
    awarder: str | None
    summary: str | None


class Certificate(Record):
    _fields = {"name": SHORT, "date": DATE, "url": URL, "issuer": SHORT}
    name: str | None
    date: str | None
    url: str | None
    issuer: str | None


class Publication(Record):
    _fields = {
        "name": SHORT,
        "publisher": SHORT,
        "release_date": DATE,
        "url": URL,
        "summary": TEXT,
    }
    name: str | None
    publisher: str | None
    release_date: str | None
    url: str | None
    summary: str | None


class Skill(Record):
    _fields = {"name": SHORT, "level": SHORT, "keywords": SHORT_LIST}
    name: str | None
    level: str | None
    keywords: list[str]


class Language(Record):
    _fields = {"language": SHORT, "fluency": SHORT}
    language: str | None
    fluency: str | None


class Interest(Record):
    _fields = {"name": SHORT, "keywords": SHORT_LIST}
    name: str | None
    keywords: list[str]


class Reference(Record):
    _fields = {"name": SHORT, "reference": TEXT}
    name: str | None
    reference: str | None


class Project(Record):
    _fields = {
        "name": SHORT,
        "description": TEXT,
        "highlights": BULLETS,
        "keywords": SHORT_LIST,
        "start_date": DATE,
        "end_date": DATE,
        "url": URL,
        "roles": SHORT_LIST,
        "entity": SHORT,
        "type": SHORT,
    }
    name: str | None
    description: str | None
    highlights: list[str]
    keywords: list[str]
    start_date: str | None
    end_date: str | None
    url: str | None
    roles: list[str]
    entity: str | None
    type: str | None


class Resume(Record):
    """A whole resume in JSON Resume shape (https://jsonresume.org/schema)."""

    _fields = {
        "basics": Basics.validate,
        "work": records(Work),
        "volunteer": records(Volunteer),
        "education": records(Education),
        "awards": records(Award),
        "certificates": records(Certificate),
        "publications": records(Publication),
        "skills": records(Skill),
        "languages": records(Language),
        "interests": records(Interest),
        "references": records(Reference),
        "projects": records(Project),
    }
    _defaults = {"basics": Basics}
    basics: Basics
    work: list[Work]
    volunteer: list[Volunteer]
    education: list[Education]
    awards: list[Award]
    certificates: list[Certificate]
    publications: list[Publication]
    skills: list[Skill]
    languages: list[Language]
    interests: list[Interest]
    references: list[Reference]
    projects: list[Project]

    def to_json_resume(self) -> dict[str, Any]:
        """The resume as a JSON Resume dict (camelCase keys, empty fields left out)."""
        pruned: dict[str, Any] = _prune(self.dump())
        return pruned


def _prune(value: Any) -> Any:
    # The schema rejects "" for dates and URLs, so empty values are dropped rather than exported.
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", [], {}, None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def parse_resume(data: Any) -> Resume:
    """Validates a JSON Resume dict; raises ResumeError naming each bad field."""
    if isinstance(data, Resume):
        return data
    if not isinstance(data, dict):
        raise ResumeError(["resume: expected a JSON object"])
    errors: list[str] = []
    resume = Resume.validate(data, "", errors)
    if errors:
        raise ResumeError(errors)
    assert isinstance(resume, Resume)
    return resume


def bundled_sample() -> dict[str, Any]:
    """The sample resume shipped with the package (JSON Resume), a fresh copy each call."""
    import json
    from importlib import resources

    text = (resources.files("resumepilot.documents") / "data" / "sample.json").read_text("utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data
