"""Types of the analyzer's JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel


class AnalysisOut(BaseModel):
    id: UUID
    filename: str | None
    created_at: datetime
    resume: dict[str, Any]
    sections: list[str]
    report: dict[str, Any]
    job: dict[str, Any] | None = None


class AnalysisSummary(BaseModel):
    id: UUID
    filename: str | None
    person: str | None
    score: int | None
    created_at: datetime


class ImportedDraft(BaseModel):
    draft_id: UUID
    removed: list[str]
