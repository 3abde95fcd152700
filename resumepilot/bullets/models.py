"""Types of the bullets library: a stored bullet item, and the shapes of the JSON API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# One bullet as stored in resume_bullets.bullets (see service.py for its keys).
Item = dict[str, Any]


class ItemPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=5_000)
    starred: bool | None = None
    selected: bool | None = None


class ItemNew(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=5_000)


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order: list[str] = Field(max_length=100)


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid")
    direction: Literal["up", "down", "top", "bottom"]
