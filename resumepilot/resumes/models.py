"""Types of the resume builder: its JSON API, a draft's settings and a file to download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


@dataclass
class DraftSettings:
    """The builder's choices for a draft, beside its JSON Resume data."""

    title: str
    role_type: str
    template_name: str
    fit_one_page: bool
    trim_older_roles: bool
    paper: str


@dataclass
class Download:
    content: bytes
    media_type: str
    filename: str
    count: int


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="My resume", max_length=200)
    role_type: str = Field(default="default", max_length=40)
    template_name: str = Field(default="classic", max_length=40)
    fit_one_page: bool = False
    trim_older_roles: bool = True
    paper: str = Field(default="letter", max_length=10)
    resume: dict[str, Any] = Field(default_factory=dict, description="A JSON Resume object.")


class DraftOut(BaseModel):
    id: UUID
    title: str
    role_type: str
    template_name: str
    fit_one_page: bool
    trim_older_roles: bool
    paper: str
    resume: dict[str, Any]
    updated_at: datetime


class BulletPicks(BaseModel):
    model_config = ConfigDict(extra="forbid")

    picks: list[str] = Field(max_length=500, description="Library bullet keys, 'row_id:index'.")
    target: str = Field(max_length=80, description="'work:0', 'projects:1' or 'new-work'.")


class GenerationOut(BaseModel):
    id: UUID
    draft_id: UUID | None
    status: str
    error_message: str | None
    processing_time_ms: int | None
    page_count: int | None
    template_name: str
    role_type: str
    fit_one_page: bool
    notes: list[str]
    downloads: dict[str, int]
    created_at: datetime
    completed_at: datetime | None
