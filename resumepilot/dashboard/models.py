"""Response shapes of the overview API."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel


class Me(BaseModel):
    id: UUID
    email: str
    full_name: str | None
    job_title: str | None
    company: str | None
    plan_name: str
    interviews_remaining: int
    cover_letters_remaining: int
    is_admin: bool
