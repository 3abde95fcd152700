"""Request and response shapes of the accounts API."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

PROFILE_FIELD_MAX = 200


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user_id: UUID


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(default=None, max_length=PROFILE_FIELD_MAX)
    job_title: str | None = Field(default=None, max_length=PROFILE_FIELD_MAX)
    company: str | None = Field(default=None, max_length=PROFILE_FIELD_MAX)
