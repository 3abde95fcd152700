"""The checks JSON Resume fields go through, and the record type the resume is built of.

Written out rather than left to pydantic, whose model building costs ~140 ms of start-up that
every `resumepilot render` process would pay (issue 14). resume.py declares the records.
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


class Invalid(ValueError):
    """One bad value; the message is what to fix, the caller knows where."""


# A field check takes the raw value and the path to it, and returns the clean value; problems
# inside lists and records are added to `errors` so one import reports every bad field.
Check = Callable[[Any, str, list[str]], Any]


def _clean(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("Input should be a valid string")
    text = unicodedata.normalize("NFC", value).translate(_CONTROL)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def text_field(limit: int, *, optional: bool = True) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> str | None:
        if value is None and optional:
            return None
        text = _clean(value)
        if len(text) > limit:
            # Worded as pydantic worded it; the web form turns it into a sentence.
            raise Invalid(
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
        raise Invalid("Input should be a valid string")
    if not _ISO_DATE.match(value.strip()):
        raise Invalid("expected a date like 2020, 2020-06 or 2020-06-15")
    return value.strip()


def _matching(pattern: re.Pattern[str], message: str) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> str | None:
        if value is None:
            return None
        text = _clean(value)
        if text and not pattern.match(text):
            raise Invalid(message)
        return text or None

    return check


def plain(value: Any, where: str, errors: list[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid("Input should be a valid string")
    return value.strip()


def _list(item: Check, limit: int) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise Invalid("Input should be a valid list")
        if len(value) > limit:
            raise Invalid(
                f"List should have at most {limit} items after validation, not {len(value)}"
            )
        return [checked(item, v, f"{where}[{i}]", errors) for i, v in enumerate(value)]

    check.is_list = True  # type: ignore[attr-defined]
    return check


def checked(check: Check, value: Any, where: str, errors: list[str]) -> Any:
    try:
        return check(value, where, errors)
    except Invalid as exc:
        errors.append(f"{where}: {exc}")
        return None


TEXT = text_field(MAX_TEXT)
SHORT = text_field(MAX_SHORT)
DATE: Check = _date
URL = _matching(_URL, "expected a web address starting with http:// or https://")
EMAIL = _matching(_EMAIL, "expected an email address like name@example.com")
BULLETS = _list(text_field(MAX_TEXT, optional=False), MAX_BULLETS)
SHORT_LIST = _list(text_field(MAX_SHORT, optional=False), MAX_ITEMS)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class Record:
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
            isinstance(other, Record) and type(other) is type(self) and other.dump() == self.dump()
        )

    @classmethod
    def validate(cls, value: Any, where: str, errors: list[str]) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"Input should be a valid dictionary or instance of {cls.__name__}")
        record = cls()
        known: set[str] = set()
        for name, check in cls._fields.items():
            alias = camel(name)
            # The camelCase key wins when both spellings are given, as JSON Resume spells it.
            key = alias if alias in value else name
            known.update((alias, name))
            if key in value:
                path = f"{where}.{key}" if where else key
                setattr(record, name, checked(check, value[key], path, errors))
        record.extra = {k: v for k, v in value.items() if k not in known}
        return record

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self._fields:
            value = getattr(self, name)
            if value is not None:
                out[camel(name)] = _dumped(value)
        out.update((k, v) for k, v in self.extra.items() if v is not None)
        return out


def _dumped(value: Any) -> Any:
    if isinstance(value, Record):
        return value.dump()
    if isinstance(value, list):
        return [_dumped(v) for v in value]
    return value


def records(cls: type[Record]) -> Check:
    return _list(cls.validate, MAX_ITEMS)


def optional(cls: type[Record]) -> Check:
    def check(value: Any, where: str, errors: list[str]) -> Any:
        return None if value is None else cls.validate(value, where, errors)

    return check
