"""Request and response types of interviews, and the cleaning of what users type."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from resumepilot.ai.roles import ROLES
from resumepilot.errors import ValidationFailed

MAX_ANSWER_CHARS = 5_000
MAX_TITLE_CHARS = 80
MAX_EXPERIENCE_FIELD = 120
COMMAND_NAMES = ("skip", "rephrase", "back", "finish")
Command = Literal["skip", "rephrase", "back", "finish"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StartInterview(Strict):
    role: str = Field(max_length=60, description="A role key from GET /api/interviews/roles.")
    title: str | None = Field(None, max_length=500, description="Job title, for role 'other'.")
    company: str | None = Field(None, max_length=500)
    job_title: str | None = Field(None, max_length=500, description="Title held at the company.")
    start: str | None = Field(None, max_length=40, description="YYYY or YYYY-MM.")
    end: str | None = Field(None, max_length=40, description="YYYY, YYYY-MM or 'present'.")


class AnswerIn(Strict):
    text: str = Field(max_length=200_000)
    turn_number: int | None = Field(
        None,
        ge=1,
        le=100_000,
        description="The turn number this answer takes (the current question's + 1). A repeat "
        "with the same number and text returns the stored result instead of a copy.",
    )


class CommandIn(Strict):
    command: Command
    turn_number: int | None = Field(None, ge=1, le=100_000)


class TurnOut(BaseModel):
    turn_number: int
    speaker: Literal["ai", "user"]
    message: str
    command: str | None = None
    question_id: str | None = None
    processing_time_ms: int | None = None


class Progress(BaseModel):
    topic: int
    topics: int


class InterviewSummary(BaseModel):
    id: UUID
    role: str
    role_name: str
    title: str | None
    experience: dict[str, Any] | None
    status: str
    turns_count: int
    duration_seconds: int
    created_at: datetime
    completed_at: datetime | None
    next_turn_number: int | None
    progress: Progress


class Interview(InterviewSummary):
    turns: list[TurnOut]
    answers: list[dict[str, Any]]


class TurnResult(BaseModel):
    interview: InterviewSummary
    new_turns: list[TurnOut]
    question: TurnOut | None
    answer: dict[str, Any] | None
    notices: list[str]
    duplicate: bool = False


def clean_text(raw: str) -> str:
    """Text as typed, minus what PostgreSQL or a page cannot hold (NUL, controls, lone halves)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return unicodedata.normalize("NFC", text).strip()


def cap_answer(text: str) -> tuple[str, str | None]:
    """The answer cut to MAX_ANSWER_CHARS at a word boundary, and a message when it was cut."""
    if len(text) <= MAX_ANSWER_CHARS:
        return text, None
    cut = text[:MAX_ANSWER_CHARS]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > MAX_ANSWER_CHARS - 300:
        cut = cut[:space]
    cut = cut.rstrip()
    return cut, (
        f"Your answer was {len(text):,} characters long, so we kept the first "
        f"{len(cut):,}. Long stories work best told in parts: the follow-up questions "
        f"will ask for the rest."
    )


def _short(value: str | None, field: str, limit: int, errors: dict[str, str]) -> str | None:
    text = " ".join(clean_text(value or "").split())
    if len(text) > limit:
        errors[field] = f"Keep this under {limit} characters."
    return text or None


def _date(
    value: str | None, field: str, errors: dict[str, str], *, end: bool = False
) -> str | None:
    text = (value or "").strip().lower()
    if not text:
        return None
    if end and text in ("present", "now", "current", "today"):
        return "present"
    if not _DATE.match(text):
        errors[field] = "Use a year (2021) or a year and month (2021-06)" + (
            ", or 'present'." if end else "."
        )
        return None
    return text


def validate_start(body: StartInterview) -> tuple[str, str | None, dict[str, Any] | None]:
    """(role key, free title, experience details) or ValidationFailed naming each bad field."""
    errors: dict[str, str] = {}
    role = body.role.strip().lower().replace("-", "_").replace(" ", "_")
    if role not in ROLES:
        errors["role"] = "Choose a role from the list, or 'Other' with your job title."
    title = _short(body.title, "title", MAX_TITLE_CHARS, errors)
    if role == "other" and not title and "title" not in errors:
        errors["title"] = "Type the job title you are interviewing for."
    if role != "other":
        title = None
    details: dict[str, Any] = {
        "company": _short(body.company, "company", MAX_EXPERIENCE_FIELD, errors),
        "title": _short(body.job_title, "job_title", MAX_EXPERIENCE_FIELD, errors),
        "start": _date(body.start, "start", errors),
        "end": _date(body.end, "end", errors, end=True),
    }
    start, finish = details["start"], details["end"]
    if start and finish and finish != "present" and finish[: len(start)] < start[: len(finish)]:
        errors["end"] = "The end date is before the start date."
    if errors:
        raise ValidationFailed(errors)
    if not any(details.values()):
        return role, title, None
    details["label"] = experience_label(details)
    return role, title, details


def _month(value: str) -> str:
    if value == "present":
        return "Present"
    year, _, month = value.partition("-")
    return f"{_MONTHS[int(month) - 1]} {year}" if month else year


def experience_label(details: dict[str, Any]) -> str:
    """ "Senior Engineer at Acme (Mar 2019 – Present)", from whichever parts were given."""
    who = " at ".join(p for p in (details.get("title"), details.get("company")) if p)
    dates = " – ".join(_month(d) for d in (details.get("start"), details.get("end")) if d)
    if who and dates:
        return f"{who} ({dates})"
    return who or dates
