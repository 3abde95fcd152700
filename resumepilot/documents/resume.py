"""JSON Resume as plain typed records: import with field-named errors, export back to JSON Resume.

Validation is written out here rather than left to pydantic: building pydantic models costs
~140 ms of start-up, which every `resumepilot render` process would pay for a ~15 ms render
(issue 14). Each record lists its fields once, in `_fields`, with what each accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, ClassVar

# Limits keep a hostile upload from making a 500-page render job (DESIGN section 7).
MAX_TEXT = 4000
MAX_SHORT = 300
MAX_ITEMS = 60
MAX_BULLETS = 30

_ISO_DATE = re.compile(r"^[1-2][0-9]{3}(-[0-1][0-9](-[0-3][0-9])?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://|mailto:)[^\s]+$", re.IGNORECASE)
# Control characters are invalid in DOCX XML and invisible in PDFs; tabs and newlines are kept.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {127: None}


class ResumeError(ValueError):
    """A resume that cannot be read; `errors` are strings like 'work[0].startDate: ...'."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


class _Invalid(ValueError):
    """One bad value; the message is what to fix, the caller knows where."""


# A field check takes the raw value and the path to it, and returns the clean value; problems
# inside lists and records are added to `errors` so one import reports every bad field.
Check = Callable[[Any, str, list[str]], Any]


def _clean(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("Input should be a valid string")
    text = unicodedata.normalize("NFC", value).translate(_CONTROL)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _text(limit: int, *, optional: bool = True) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> str | None:
        if value is None and optional:
            return None
        text = _clean(value)
        if len(text) > limit:
            # Worded as pydantic worded it; the web form turns it into a sentence.
            raise _Invalid(
                f"Value should have at most {limit} items after validation, not {len(text)}"
            )
        return text

    return check


def _date(value: Any, where: str, errors: list[str]) -> str | None:
    # Ongoing roles are written many ways in the wild; JSON Resume means "no endDate".
    if value is None or (
        isinstance(value, str) and value.strip().lower() in ("", "present", "current", "now")
    ):
        return None
    if not isinstance(value, str):
        raise _Invalid("Input should be a valid string")
    if not _ISO_DATE.match(value.strip()):
        raise _Invalid("expected a date like 2020, 2020-06 or 2020-06-15")
    return value.strip()


def _matching(pattern: re.Pattern[str], message: str) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> str | None:
        if value is None:
            return None
        text = _clean(value)
        if text and not pattern.match(text):
            raise _Invalid(message)
        return text or None

    return check


def _plain(value: Any, where: str, errors: list[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid("Input should be a valid string")
    return value.strip()


def _list(item: Check, limit: int) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise _Invalid("Input should be a valid list")
        if len(value) > limit:
            raise _Invalid(
                f"List should have at most {limit} items after validation, not {len(value)}"
            )
        return [_checked(item, v, f"{where}[{i}]", errors) for i, v in enumerate(value)]

    check.is_list = True  # type: ignore[attr-defined]
    return check


def _checked(check: Check, value: Any, where: str, errors: list[str]) -> Any:
    try:
        return check(value, where, errors)
    except _Invalid as exc:
        errors.append(f"{where}: {exc}")
        return None


TEXT = _text(MAX_TEXT)
SHORT = _text(MAX_SHORT)
DATE: Check = _date
URL = _matching(_URL, "expected a web address starting with http:// or https://")
EMAIL = _matching(_EMAIL, "expected an email address like name@example.com")
BULLETS = _list(_text(MAX_TEXT, optional=False), MAX_BULLETS)
SHORT_LIST = _list(_text(MAX_SHORT, optional=False), MAX_ITEMS)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class _Record:
    """A JSON Resume object: declared fields as attributes; unknown keys kept for export."""

    _fields: ClassVar[dict[str, Check]] = {}
    # Fields whose empty value is not None: lists are [], and a few records have their own.
    _defaults: ClassVar[dict[str, Callable[[], Any]]] = {}

    def __init__(self, **values: Any) -> None:
        for name in self._fields:
            if name in values:
                setattr(self, name, values[name])
            elif name in self._defaults:
                setattr(self, name, self._defaults[name]())
            else:
                setattr(self, name, None)
        self.extra: dict[str, Any] = {}

    def __init_subclass__(cls) -> None:
        lists = {n: list for n, c in cls._fields.items() if getattr(c, "is_list", False)}
        cls._defaults = lists | cls.__dict__.get("_defaults", {})

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Record)
            and type(other) is type(self)
            and other._dump() == self._dump()
        )

    @classmethod
    def _validate(cls, value: Any, where: str, errors: list[str]) -> Any:
        if not isinstance(value, dict):
            raise _Invalid(f"Input should be a valid dictionary or instance of {cls.__name__}")
        record = cls()
        known: set[str] = set()
        for name, check in cls._fields.items():
            alias = _camel(name)
            # The camelCase key wins when both spellings are given, as JSON Resume spells it.
            key = alias if alias in value else name
            known.update((alias, name))
            if key in value:
                path = f"{where}.{key}" if where else key
                setattr(record, name, _checked(check, value[key], path, errors))
        record.extra = {k: v for k, v in value.items() if k not in known}
        return record

    def _dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self._fields:
            value = getattr(self, name)
            if value is not None:
                out[_camel(name)] = _dumped(value)
        out.update((k, v) for k, v in self.extra.items() if v is not None)
        return out


def _dumped(value: Any) -> Any:
    if isinstance(value, _Record):
        return value._dump()
    if isinstance(value, list):
        return [_dumped(v) for v in value]
    return value


def _records(cls: type[_Record]) -> Check:
    return _list(cls._validate, MAX_ITEMS)


def _optional(cls: type[_Record]) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> Any:
        return None if value is None else cls._validate(value, where, errors)

    return check


class Location(_Record):
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


class Profile(_Record):
    _fields = {"network": SHORT, "username": SHORT, "url": URL}
    network: str | None
    username: str | None
    url: str | None


class Basics(_Record):
    _fields = {
        "name": _text(MAX_SHORT, optional=False),
        "label": SHORT,
        "image": _plain,
        "email": EMAIL,
        "phone": SHORT,
        "url": URL,
        "summary": TEXT,
        "location": _optional(Location),
        "profiles": _records(Profile),
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


class Work(_Record):
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


class Volunteer(_Record):
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


class Education(_Record):
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


class Award(_Record):
    _fields = {"title": SHORT, "date": DATE, "awarder": SHORT, "summary": TEXT}
    title: str | None
    date: str | None
    awarder: str | None
    summary: str | None


class Certificate(_Record):
    _fields = {"name": SHORT, "date": DATE, "url": URL, "issuer": SHORT}
    name: str | None
    date: str | None
    url: str | None
    issuer: str | None


class Publication(_Record):
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


class Skill(_Record):
    _fields = {"name": SHORT, "level": SHORT, "keywords": SHORT_LIST}
    name: str | None
    level: str | None
    keywords: list[str]


class Language(_Record):
    _fields = {"language": SHORT, "fluency": SHORT}
    language: str | None
    fluency: str | None


class Interest(_Record):
    _fields = {"name": SHORT, "keywords": SHORT_LIST}
    name: str | None
    keywords: list[str]


class Reference(_Record):
    _fields = {"name": SHORT, "reference": TEXT}
    name: str | None
    reference: str | None


class Project(_Record):
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


class Resume(_Record):
    """A whole resume in JSON Resume shape (https://jsonresume.org/schema)."""

    _fields = {
        "basics": Basics._validate,
        "work": _records(Work),
        "volunteer": _records(Volunteer),
        "education": _records(Education),
        "awards": _records(Award),
        "certificates": _records(Certificate),
        "publications": _records(Publication),
        "skills": _records(Skill),
        "languages": _records(Language),
        "interests": _records(Interest),
        "references": _records(Reference),
        "projects": _records(Project),
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
        pruned: dict[str, Any] = _prune(self._dump())
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
    resume = Resume._validate(data, "", errors)
    if errors:
        raise ResumeError(errors)
    assert isinstance(resume, Resume)
    return resume
