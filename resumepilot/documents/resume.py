"""JSON Resume as pydantic models: import with field-named errors, export back to JSON Resume."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

# Limits keep a hostile upload from making a 500-page render job (DESIGN section 7).
MAX_TEXT = 4000
MAX_SHORT = 300
MAX_ITEMS = 60
MAX_BULLETS = 30

_ISO_DATE = re.compile(r"^[1-2][0-9]{3}(-[0-1][0-9](-[0-3][0-9])?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://|mailto:)[^\s]+$", re.IGNORECASE)
# Control characters are invalid in DOCX XML and invisible in PDFs; tabs and newlines are kept.
_CONTROL = {c for c in range(32) if c not in (9, 10)} | {127}


class ResumeError(ValueError):
    """A resume that cannot be read; `errors` are strings like 'work[0].startDate: ...'."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def _clean(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    value = value.translate({c: None for c in _CONTROL}).replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def _date(value: Any) -> Any:
    # Ongoing roles are written many ways in the wild; JSON Resume means "no endDate".
    if isinstance(value, str) and value.strip().lower() in ("", "present", "current", "now"):
        return None
    if isinstance(value, str) and not _ISO_DATE.match(value.strip()):
        raise ValueError("expected a date like 2020, 2020-06 or 2020-06-15")
    return value.strip() if isinstance(value, str) else value


def _url(value: str | None) -> str | None:
    if value and not _URL.match(value):
        raise ValueError("expected a web address starting with http:// or https://")
    return value or None


def _email(value: str | None) -> str | None:
    if value and not _EMAIL.match(value):
        raise ValueError("expected an email address like name@example.com")
    return value or None


Text = Annotated[str, BeforeValidator(_clean), Field(max_length=MAX_TEXT)]
Short = Annotated[str, BeforeValidator(_clean), Field(max_length=MAX_SHORT)]
Date = Annotated[str | None, BeforeValidator(_date)]
Url = Annotated[str | None, BeforeValidator(_clean), AfterValidator(_url)]
Email = Annotated[str | None, BeforeValidator(_clean), AfterValidator(_email)]
Bullets = Annotated[list[Text], Field(max_length=MAX_BULLETS)]
ShortList = Annotated[list[Short], Field(max_length=MAX_ITEMS)]


class _Base(BaseModel):
    # extra="allow" keeps fields we do not render so an import/export round trip loses nothing.
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        str_strip_whitespace=True,
        # Build one validator for Resume on first use instead of one per class at import:
        # halves the import cost the CLI pays on every run.
        defer_build=True,
    )


class Location(_Base):
    address: Text | None = None
    postal_code: Short | None = None
    city: Short | None = None
    country_code: Short | None = None
    region: Short | None = None


class Profile(_Base):
    network: Short | None = None
    username: Short | None = None
    url: Url = None


class Basics(_Base):
    name: Short = ""
    label: Short | None = None
    image: str | None = None
    email: Email = None
    phone: Short | None = None
    url: Url = None
    summary: Text | None = None
    location: Location | None = None
    profiles: Annotated[list[Profile], Field(max_length=MAX_ITEMS)] = []


class Work(_Base):
    name: Short | None = None
    location: Short | None = None
    description: Short | None = None
    position: Short | None = None
    url: Url = None
    start_date: Date = None
    end_date: Date = None
    summary: Text | None = None
    highlights: Bullets = []


class Volunteer(_Base):
    organization: Short | None = None
    position: Short | None = None
    url: Url = None
    start_date: Date = None
    end_date: Date = None
    summary: Text | None = None
    highlights: Bullets = []


class Education(_Base):
    institution: Short | None = None
    url: Url = None
    area: Short | None = None
    study_type: Short | None = None
    start_date: Date = None
    end_date: Date = None
    score: Short | None = None
    courses: ShortList = []


class Award(_Base):
    title: Short | None = None
    date: Date = None
    awarder: Short | None = None
    summary: Text | None = None


class Certificate(_Base):
    name: Short | None = None
    date: Date = None
    url: Url = None
    issuer: Short | None = None


class Publication(_Base):
    name: Short | None = None
    publisher: Short | None = None
    release_date: Date = None
    url: Url = None
    summary: Text | None = None


class Skill(_Base):
    name: Short | None = None
    level: Short | None = None
    keywords: ShortList = []


class Language(_Base):
    language: Short | None = None
    fluency: Short | None = None


class Interest(_Base):
    name: Short | None = None
    keywords: ShortList = []


class Reference(_Base):
    name: Short | None = None
    reference: Text | None = None


class Project(_Base):
    name: Short | None = None
    description: Text | None = None
    highlights: Bullets = []
    keywords: ShortList = []
    start_date: Date = None
    end_date: Date = None
    url: Url = None
    roles: ShortList = []
    entity: Short | None = None
    type: Short | None = None


_Entry = TypeVar("_Entry")
# A section: a list of entries, at most MAX_ITEMS of them.
Items = Annotated[list[_Entry], Field(max_length=MAX_ITEMS)]


class Resume(_Base):
    """A whole resume in JSON Resume shape (https://jsonresume.org/schema)."""

    basics: Basics = Basics()
    work: Items[Work] = []
    volunteer: Items[Volunteer] = []
    education: Items[Education] = []
    awards: Items[Award] = []
    certificates: Items[Certificate] = []
    publications: Items[Publication] = []
    skills: Items[Skill] = []
    languages: Items[Language] = []
    interests: Items[Interest] = []
    references: Items[Reference] = []
    projects: Items[Project] = []

    def to_json_resume(self) -> dict[str, Any]:
        """The resume as a JSON Resume dict (camelCase keys, empty fields left out)."""
        pruned: dict[str, Any] = _prune(
            self.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        return pruned


def _prune(value: Any) -> Any:
    # The schema rejects "" for dates and URLs, so empty values are dropped rather than exported.
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", [], {}, None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _where(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in ("function-after", "function-before"):
            path += f".{part}" if path else str(part)
    return path or "resume"


def _message(error: dict[str, Any]) -> str:
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    return msg


def parse_resume(data: Any) -> Resume:
    """Validates a JSON Resume dict; raises ResumeError naming each bad field."""
    if isinstance(data, Resume):
        return data
    if not isinstance(data, dict):
        raise ResumeError(["resume: expected a JSON object"])
    try:
        return Resume.model_validate(data)
    except ValidationError as exc:
        errors = [f"{_where(e['loc'])}: {_message(dict(e))}" for e in exc.errors()]
        raise ResumeError(errors) from None
