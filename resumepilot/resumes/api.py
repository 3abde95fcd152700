"""The resume JSON API: drafts, JSON Resume import/export, the bullet library, generations."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from resumepilot.auth.deps import UserDb
from resumepilot.errors import NotFound, ValidationFailed
from resumepilot.resumes import drafts, generations
from resumepilot.resumes import repository as repo
from resumepilot.resumes.builder import (
    PickError,
    add_picked_bullets,
    assemble,
    library,
    role_choices,
)
from resumepilot.resumes.drafts import MAX_IMPORT_BYTES
from resumepilot.resumes.themes import load_theme, template_names

api = APIRouter(prefix="/api/resumes", tags=["resumes"])


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


def _draft_out(row: dict[str, Any]) -> DraftOut:
    return DraftOut(resume=row["resume_data"], **{k: row[k] for k in (
        "id", "title", "role_type", "template_name", "fit_one_page", "trim_older_roles",
        "paper", "updated_at")})


def _generation_out(g: dict[str, Any]) -> GenerationOut:
    return GenerationOut(
        id=g["id"], draft_id=g["draft_id"], status=g["generation_status"],
        error_message=g["error_message"], processing_time_ms=g["processing_time_ms"],
        page_count=g["page_count"], template_name=g["template_name"], role_type=g["role_type"],
        fit_one_page=g["fit_one_page"], notes=list(g["render_notes"] or []),
        downloads=g.get("downloads", {}), created_at=g["created_at"],
        completed_at=g["completed_at"])


@api.get("/templates")
async def list_templates() -> list[dict[str, str]]:
    """The four templates, with what each looks like."""
    return [{"name": n, "description": load_theme(n).description} for n in template_names()]


@api.get("/roles")
async def list_roles() -> list[dict[str, str]]:
    """Target roles; each sets section order, a suggested template and emphasis."""
    return [{"key": k, "description": d} for k, d in role_choices()]


@api.get("/bullets")
async def bullet_library(db: UserDb) -> list[dict[str, Any]]:
    """Your bullet library, grouped by interview answer, with the keys to pick them by."""
    return [{"id": g.row_id, "heading": g.heading, "role": g.role,
             "bullets": [{"key": b.key, "text": b.text} for b in g.bullets]}
            for g in library(await repo.bullet_rows(db.conn))]


@api.get("/drafts")
async def list_drafts(db: UserDb) -> list[dict[str, Any]]:
    return await repo.list_drafts(db.conn)


async def _save(db: UserDb, draft_id: UUID, body: DraftIn) -> None:
    settings = drafts.check_settings(
        title=body.title, role_type=body.role_type, template_name=body.template_name,
        fit_one_page=body.fit_one_page, trim_older_roles=body.trim_older_roles, paper=body.paper)
    await drafts.save(db, draft_id, settings, body.resume)


@api.post("/drafts", status_code=201)
async def create_draft(db: UserDb, body: DraftIn) -> DraftOut:
    """A new draft from the given JSON Resume (or, when empty, from your profile)."""
    settings = drafts.check_settings(
        title=body.title, role_type=body.role_type, template_name=body.template_name,
        fit_one_page=body.fit_one_page, trim_older_roles=body.trim_older_roles, paper=body.paper)
    data = drafts.validated(body.resume) if body.resume else None
    draft_id = await drafts.create(db, data=data, title=settings.title,
                                   role_type=settings.role_type)
    if body.resume:
        await drafts.save(db, draft_id, settings, data or {})
    return _draft_out(await drafts.load(db, draft_id))


@api.post("/drafts/import", status_code=201)
async def import_draft(request: Request, db: UserDb) -> DraftOut:
    """A new draft from a JSON Resume document sent as the request body."""
    raw = await request.body()
    data = drafts.parse_import(raw[: MAX_IMPORT_BYTES + 1], what="The JSON Resume")
    return _draft_out(await drafts.load(db, await drafts.create(db, data=data)))


@api.get("/drafts/{draft_id:uuid}")
async def get_draft(db: UserDb, draft_id: UUID) -> DraftOut:
    return _draft_out(await drafts.load(db, draft_id))


@api.put("/drafts/{draft_id:uuid}")
async def update_draft(db: UserDb, draft_id: UUID, body: DraftIn) -> DraftOut:
    """Replaces the draft; when any field is invalid nothing is changed."""
    await drafts.load(db, draft_id)
    await _save(db, draft_id, body)
    return _draft_out(await drafts.load(db, draft_id))


@api.delete("/drafts/{draft_id:uuid}", status_code=204)
async def delete_draft(db: UserDb, draft_id: UUID) -> Response:
    if not await repo.delete_draft(db.conn, draft_id):
        raise NotFound("There is no such resume draft in your account.")
    return Response(status_code=204)


@api.get("/drafts/{draft_id:uuid}/export")
async def export_draft(db: UserDb, draft_id: UUID) -> dict[str, Any]:
    """The draft as a JSON Resume document (your profile fills a missing name or title)."""
    draft = await drafts.load(db, draft_id)
    profile = await repo.get_profile(db.conn)
    return assemble(draft["resume_data"], profile, role=None, trim_older_roles=False).resume


@api.post("/drafts/{draft_id:uuid}/bullets")
async def pick_bullets(db: UserDb, draft_id: UUID, body: BulletPicks) -> DraftOut:
    """Appends bullets from your library to an experience or project of the draft."""
    draft = await drafts.load(db, draft_id)
    data = draft["resume_data"]
    try:
        add_picked_bullets(data, body.picks, body.target,
                           library(await repo.bullet_rows(db.conn)))
    except PickError as exc:
        refused = ValidationFailed({"picks": str(exc)})
        refused.message = str(exc)
        raise refused from None
    await drafts.save(db, draft_id, drafts.settings_of(draft), data)
    return _draft_out(await drafts.load(db, draft_id))


@api.post("/drafts/{draft_id:uuid}/generations", status_code=202)
async def generate(db: UserDb, draft_id: UUID) -> GenerationOut:
    """Starts rendering the draft in the background; poll the generation for its status."""
    generation_id = await generations.start(db, await drafts.load(db, draft_id))
    return _generation_out(await generations.load(db, generation_id))


@api.get("/generations")
async def list_generations(db: UserDb) -> list[GenerationOut]:
    rows = await repo.list_generations(db.conn, limit=50)
    return [_generation_out(r) for r in rows]


@api.get("/generations/{generation_id:uuid}")
async def get_generation(db: UserDb, generation_id: UUID) -> GenerationOut:
    return _generation_out(await generations.load(db, generation_id))


@api.get("/generations/{generation_id:uuid}/download/{fmt}")
async def download(db: UserDb, generation_id: UUID, fmt: str) -> Response:
    """The file in pdf, word or latex; each call counts one download."""
    file = await generations.download(db, generation_id, fmt)
    return Response(file.content, media_type=file.media_type, headers={
        "Content-Disposition": f'attachment; filename="{file.filename}"',
        "X-Download-Count": str(file.count)})


@api.post("/generations/{generation_id:uuid}/overleaf")
async def open_in_overleaf(db: UserDb, generation_id: UUID) -> dict[str, Any]:
    """The form to POST to Overleaf (counted as an 'overleaf' download)."""
    from resumepilot.resumes.render.overleaf import OVERLEAF_URL

    fields = await generations.overleaf(db, generation_id, count=True)
    return {"action": OVERLEAF_URL, "method": "POST", "fields": fields}
