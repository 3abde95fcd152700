"""Types of cover letters: the JSON API's bodies and a letter's choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class LetterChoices:
    """What the user picked for a new letter, checked."""

    draft_id: UUID
    tone: str
    length: str
    template_name: str


class LetterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    draft_id: UUID = Field(description="The resume draft whose material the letter uses.")
    posting: str | dict[str, Any] = Field(
        description="The job posting: pasted text, or a JSON Resume job object."
    )
    tone: str = Field(default="formal", description="formal, warm or direct.")
    length: str = Field(default="standard", description="short or standard.")
    template_name: str | None = Field(
        default=None, max_length=40, description="The look of the exports; the draft's if unset."
    )


class LetterEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str | None = Field(default=None, max_length=20_000)
    template_name: str | None = Field(default=None, max_length=40)


class LetterOut(BaseModel):
    id: UUID
    draft_id: UUID | None
    template_name: str
    job_title: str
    company: str
    tone: str
    length: str
    body: str
    claims: list[dict[str, Any]]
    covered: list[str]
    missing: list[str]
    provider: str
    created_at: datetime
    updated_at: datetime


class LetterSummary(BaseModel):
    id: UUID
    job_title: str
    company: str
    tone: str
    template_name: str
    updated_at: datetime
