"""Drafts: creating, importing, checking and saving what the builder edits. No HTTP here.

A draft is saved only whole: every field is checked against JSON Resume first, so bad input
changes nothing that was stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from resumepilot.db.request import RequestDb
from resumepilot.errors import AppError, NotFound, ValidationFailed
from resumepilot.resumes import repository as repo
from resumepilot.resumes.builder import defaults_for, new_draft_data, role_key
from resumepilot.resumes.forms import TITLE_MAX, clean, field_errors
from resumepilot.resumes.model import ResumeError
from resumepilot.resumes.roles import UnknownRoleError
from resumepilot.resumes.themes import template_names

MAX_DRAFTS = 50
# A JSON Resume with a long career is ~30 kB; ten times that is generous and still cheap to parse.
MAX_IMPORT_BYTES = 300_000


@dataclass
class DraftSettings:
    title: str
    role_type: str
    template_name: str
    fit_one_page: bool
    trim_older_roles: bool
    paper: str


def check_settings(
    *, title: str, role_type: str, template_name: str, fit_one_page: bool,
    trim_older_roles: bool, paper: str,
) -> DraftSettings:
    """The builder's choices, checked; ValidationFailed names each bad one."""
    errors = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = "Give this resume a name, e.g. 'Backend roles 2025'."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Use at most {TITLE_MAX} characters."
    try:
        role_type = role_key(role_type)
    except UnknownRoleError:
        errors["role_type"] = "Choose one of the listed target roles."
    if template_name not in template_names():
        errors["template_name"] = "Choose one of the four templates."
    if paper not in ("letter", "a4"):
        errors["paper"] = "Choose Letter or A4."
    if errors:
        raise ValidationFailed(errors)
    return DraftSettings(title, role_type, template_name, fit_one_page, trim_older_roles, paper)


def validated(data: dict[str, Any]) -> dict[str, Any]:
    """The draft data normalised, or ValidationFailed keyed by JSON Resume path."""
    try:
        return clean(data)
    except ResumeError as exc:
        raise ResumeInvalid(exc) from None


class ResumeInvalid(ValidationFailed):
    """A JSON Resume with bad fields; keeps the model's errors for the form."""

    def __init__(self, exc: ResumeError):
        fields: dict[str, str] = {}
        for line in exc.errors:
            path, _, message = line.partition(": ")
            fields.setdefault(path, message)
        super().__init__(fields)
        self.resume_error = exc
        self.form = field_errors(exc)
        self.message = "The resume has fields to fix: " + "; ".join(self.form.messages[:5])


def parse_import(raw: bytes, *, what: str = "The file") -> dict[str, Any]:
    """A JSON Resume file's content, checked; AppError or ResumeInvalid say what is wrong."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise AppError(f"{what} is larger than {MAX_IMPORT_BYTES // 1000} kB; a JSON Resume is "
                       "usually under 50 kB.", field="file", status_code=413)
    if not raw.strip():
        raise AppError(f"{what} is empty. Choose a JSON Resume file (.json).", field="file",
                       status_code=422)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AppError(f"{what} is not UTF-8 text. Export it again as JSON.", field="file",
                       status_code=422) from None
    except json.JSONDecodeError as exc:
        raise AppError(f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                       f"{exc.msg}).", field="file", status_code=422) from None
    if not isinstance(data, dict):
        raise AppError(f"{what} must hold one JSON object with 'basics', 'work' and so on.",
                       field="file", status_code=422)
    data.pop("$schema", None)
    return validated(data)


async def load(db: RequestDb, draft_id: UUID) -> dict[str, Any]:
    """The user's draft, or NotFound (other users' drafts are invisible under RLS)."""
    draft = await repo.get_draft(db.conn, draft_id)
    if draft is None:
        raise NotFound("There is no such resume draft in your account.")
    return draft


async def create(
    db: RequestDb, *, data: dict[str, Any] | None = None, title: str | None = None,
    role_type: str | None = None,
) -> UUID:
    """A new draft: the given (already validated) data, or one started from the profile."""
    if await repo.count_drafts(db.conn) >= MAX_DRAFTS:
        raise AppError(f"You have {MAX_DRAFTS} resume drafts, the most an account keeps. Delete "
                       "one you no longer need first.", status_code=409)
    if data is None:
        profile = await repo.get_profile(db.conn)
        data = validated(new_draft_data(profile, db.identity.email))
    role = role_key(role_type)
    name = (data.get("basics") or {}).get("name") or ""
    title = " ".join((title or "").split())[:TITLE_MAX] or (
        f"{name}'s resume"[:TITLE_MAX] if name else "My resume")
    assert db.identity.user_id is not None
    return await repo.insert_draft(db.conn, db.identity.user_id, title=title, role_type=role,
                                   template_name=defaults_for(role).template, resume_data=data)


async def save(
    db: RequestDb, draft_id: UUID, settings: DraftSettings, data: dict[str, Any]
) -> dict[str, Any]:
    """Validates then stores the whole draft; nothing is written when a field is bad."""
    clean_data = validated(data)
    updated = await repo.update_draft(
        db.conn, draft_id, title=settings.title, role_type=settings.role_type,
        template_name=settings.template_name, fit_one_page=settings.fit_one_page,
        trim_older_roles=settings.trim_older_roles, paper=settings.paper,
        resume_data=clean_data,
    )
    if not updated:
        raise NotFound("There is no such resume draft in your account.")
    return clean_data


def settings_of(draft: dict[str, Any]) -> DraftSettings:
    return DraftSettings(draft["title"], draft["role_type"], draft["template_name"],
                         draft["fit_one_page"], draft["trim_older_roles"], draft["paper"])
