"""The resume builder's rules, with no HTTP in them: drafts (creating, importing, checking,
saving) and generations (starting a background render, serving what it produced).

A draft is saved only whole: every field is checked against JSON Resume first, so bad input
changes nothing that was stored.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg

from resumepilot.auth import service as accounts
from resumepilot.bullets import service as bullets
from resumepilot.db.request import User
from resumepilot.db.types import Conn, Row
from resumepilot.documents.resume import ResumeError
from resumepilot.documents.roles import UnknownRoleError
from resumepilot.documents.themes import template_names
from resumepilot.errors import AppError, Conflict, NotFound, TooManyRequests, ValidationFailed
from resumepilot.resumes import repository as repo
from resumepilot.resumes.assembly import (
    LibraryGroup,
    assemble,
    defaults_for,
    library,
    new_draft_data,
    role_key,
)
from resumepilot.resumes.chosen import chosen_work
from resumepilot.resumes.forms import TITLE_MAX, clean, field_errors
from resumepilot.resumes.models import Download, DraftSettings

MAX_DRAFTS = 50
# A JSON Resume with a long career is ~30 kB; ten times that is generous and still cheap to parse.
MAX_IMPORT_BYTES = 300_000
# Formats a user downloads: our name -> what people call it.
DOWNLOADS = {"pdf": "PDF", "word": "Word (.docx)", "latex": "LaTeX (.tex)"}
# A render still processing after this long is taken as lost; it no longer counts as waiting.
STALLED = timedelta(minutes=10)


# Drafts ------------------------------------------------------------------------------------


def check_settings(
    *,
    title: str,
    role_type: str,
    template_name: str,
    fit_one_page: bool,
    trim_older_roles: bool,
    paper: str,
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
        self.form = field_errors(exc)
        self.message = "The resume has fields to fix: " + "; ".join(self.form.messages[:5])


def parse_import(raw: bytes, *, what: str = "The file") -> dict[str, Any]:
    """A JSON Resume file's content, checked; AppError or ResumeInvalid say what is wrong."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise AppError(
            f"{what} is larger than {MAX_IMPORT_BYTES // 1000} kB; a JSON Resume is "
            "usually under 50 kB.",
            field="file",
            status_code=413,
        )
    if not raw.strip():
        raise AppError(
            f"{what} is empty. Choose a JSON Resume file (.json).", field="file", status_code=422
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AppError(
            f"{what} is not UTF-8 text. Export it again as JSON.", field="file", status_code=422
        ) from None
    except json.JSONDecodeError as exc:
        raise AppError(
            f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            field="file",
            status_code=422,
        ) from None
    if not isinstance(data, dict):
        raise AppError(
            f"{what} must hold one JSON object with 'basics', 'work' and so on.",
            field="file",
            status_code=422,
        )
    data.pop("$schema", None)
    return validated(data)


async def count_drafts(conn: Conn) -> int:
    return await repo.count_drafts(conn)


async def list_drafts(conn: Conn) -> list[Row]:
    return await repo.list_drafts(conn)


async def load(conn: Conn, draft_id: UUID) -> Row:
    """The user's draft, or NotFound (other users' drafts are invisible under RLS)."""
    draft = await repo.get_draft(conn, draft_id)
    if draft is None:
        raise NotFound("There is no such resume draft in your account.")
    return draft


async def create(
    conn: Conn,
    user: User,
    *,
    data: dict[str, Any] | None = None,
    title: str | None = None,
    role_type: str | None = None,
) -> UUID:
    """A new draft: the given (already validated) data, or one started from the profile."""
    if await repo.count_drafts(conn) >= MAX_DRAFTS:
        raise AppError(
            f"You have {MAX_DRAFTS} resume drafts, the most an account keeps. Delete "
            "one you no longer need first.",
            status_code=409,
        )
    if data is None:
        data = await _from_profile_and_library(conn, user)
    role = role_key(role_type)
    name = (data.get("basics") or {}).get("name") or ""
    title = " ".join((title or "").split())[:TITLE_MAX] or (
        f"{name}'s resume"[:TITLE_MAX] if name else "My resume"
    )
    return await repo.insert_draft(
        conn,
        user.id,
        title=title,
        role_type=role,
        template_name=defaults_for(role).template,
        resume_data=data,
    )


async def _from_profile_and_library(conn: Conn, user: User) -> dict[str, Any]:
    """A new draft's data: the profile's header, and the bullets chosen in the library under
    the jobs their interviews were about."""
    profile = await profile_of(conn)
    work = chosen_work(await bullets.selected_bullets(conn), profile)
    return validated(new_draft_data(profile, user.email, work.work))


async def save(
    conn: Conn, draft_id: UUID, settings: DraftSettings, data: dict[str, Any]
) -> dict[str, Any]:
    """Validates then stores the whole draft; nothing is written when a field is bad."""
    clean_data = validated(data)
    updated = await repo.update_draft(
        conn,
        draft_id,
        title=settings.title,
        role_type=settings.role_type,
        template_name=settings.template_name,
        fit_one_page=settings.fit_one_page,
        trim_older_roles=settings.trim_older_roles,
        paper=settings.paper,
        resume_data=clean_data,
    )
    if not updated:
        raise NotFound("There is no such resume draft in your account.")
    return clean_data


async def delete_draft(conn: Conn, draft_id: UUID) -> None:
    if not await repo.delete_draft(conn, draft_id):
        raise NotFound("There is no such resume draft in your account.")


def settings_of(draft: Row) -> DraftSettings:
    return DraftSettings(
        draft["title"],
        draft["role_type"],
        draft["template_name"],
        draft["fit_one_page"],
        draft["trim_older_roles"],
        draft["paper"],
    )


async def profile_of(conn: Conn) -> Row:
    """The user's profile (name, job title, company), which fills a resume's gaps."""
    return await accounts.get_profile(conn) or {}


async def bullet_library(conn: Conn) -> list[LibraryGroup]:
    """The user's bullets to pick from, grouped by interview answer."""
    return library(await bullets.newest_answers(conn))


# Generations -------------------------------------------------------------------------------


async def start_generation(conn: Conn, user: User, draft: Row) -> UUID:
    """Creates a 'processing' generation of the draft and queues its render job, both in the
    request's transaction. ValidationFailed when the assembled resume is not ready."""
    assembled = assemble(
        draft["resume_data"],
        await profile_of(conn),
        role=draft["role_type"],
        trim_older_roles=draft["trim_older_roles"],
    )
    resume = validated(assembled.resume)
    if not (resume.get("basics") or {}).get("name"):
        raise ValidationFailed({"basics.name": "Add your name: it heads the resume."})
    generation_id = await repo.insert_generation(
        conn,
        user.id,
        draft_id=draft["id"],
        template_name=draft["template_name"],
        role_type=draft["role_type"],
        resume_data=resume,
        fit_one_page=draft["fit_one_page"],
        paper=draft["paper"],
        notes=assembled.notes,
    )
    try:
        await repo.defer_render(conn, generation_id)
    except psycopg.errors.ConfigurationLimitExceeded as exc:
        # defer_resume_generation (0009) counts and queues atomically; its message says the limit.
        raise TooManyRequests(
            exc.diag.message_primary or "Too many resumes rendering.", retry_after_seconds=10
        ) from exc
    return generation_id


async def list_generations(
    conn: Conn, *, draft_id: UUID | None = None, limit: int = 20
) -> list[Row]:
    return await repo.list_generations(conn, draft_id=draft_id, limit=limit)


async def load_generation(conn: Conn, generation_id: UUID) -> Row:
    """The user's generation with its download counts, or NotFound (RLS hides others')."""
    generation = await repo.get_generation(conn, generation_id)
    if generation is None:
        raise NotFound("There is no such resume in your account.")
    generation["downloads"] = await repo.download_counts(conn, generation_id)
    return generation


async def download(conn: Conn, generation_id: UUID, fmt: str) -> Download:
    """The rendered file in `fmt`, counting the download in the same transaction."""
    if fmt not in DOWNLOADS:
        raise NotFound(f"Resumes download as {', '.join(DOWNLOADS)}; not as {fmt[:20]!r}.")
    source = await _completed(conn, generation_id)
    if fmt == "latex":
        content = (source["latex_content"] or "").encode("utf-8")
        filename = _latex_filename(source)
        media_type = "application/x-tex"
    else:
        stored = await repo.get_file(conn, generation_id, fmt)
        if stored is None:
            raise NotFound("This file is no longer stored; generate the resume again.")
        content, media_type, filename = stored["content"], stored["media_type"], stored["filename"]
    count = await repo.record_download(conn, generation_id, fmt, len(content))
    return Download(bytes(content), media_type, filename, count)


async def preview(conn: Conn, generation_id: UUID) -> Row:
    """The stored page-1 preview (resumes.preview serves it); not counted as a download."""
    await _completed(conn, generation_id)
    stored = await repo.get_file(conn, generation_id, "preview")
    if stored is None:
        raise NotFound("This resume has no preview.")
    return stored


async def overleaf(conn: Conn, generation_id: UUID, *, count: bool) -> dict[str, str]:
    """The fields of the form that opens the LaTeX in Overleaf; counted when `count`."""
    from resumepilot.documents.formats.overleaf import overleaf_form

    source = await _completed(conn, generation_id)
    fields = overleaf_form(
        source["latex_content"] or "", source["latex_engine"] or "pdflatex", _latex_filename(source)
    )
    if count:
        await repo.record_download(conn, generation_id, "overleaf", None)
    return fields


async def _completed(conn: Conn, generation_id: UUID) -> Row:
    source = await repo.get_generation_source(conn, generation_id)
    if source is None:
        raise NotFound("There is no such resume in your account.")
    status = source["generation_status"]
    if status == "processing":
        raise Conflict("This resume is still rendering; it will be ready in a moment.")
    if status != "completed":
        raise AppError(
            "This resume could not be rendered, so there is nothing to download.", status_code=409
        )
    return source


def _latex_filename(source: Row) -> str:
    from resumepilot.documents.render import filename_for

    name = ((source.get("resume_data") or {}).get("basics") or {}).get("name") or "resume"
    return filename_for(name, source["template_name"], "tex")
