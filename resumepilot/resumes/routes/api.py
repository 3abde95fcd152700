"""The resume JSON API: drafts, JSON Resume import/export, the bullet library, generations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from resumepilot.db.request import RequestDb
from resumepilot.documents.themes import load_theme, template_names
from resumepilot.errors import ValidationFailed
from resumepilot.resumes import service
from resumepilot.resumes.assembly import PickError, add_picked_bullets, assemble, role_choices
from resumepilot.resumes.models import BulletPicks, DraftIn, DraftOut, GenerationOut
from resumepilot.resumes.routes.waiting import WaitSeconds, generation_after_wait
from resumepilot.web.deps import CurrentUser, Db

api = APIRouter(prefix="/api/resumes", tags=["resumes"])


def _draft_out(row: dict[str, Any]) -> DraftOut:
    return DraftOut(
        resume=row["resume_data"],
        **{
            k: row[k]
            for k in (
                "id",
                "title",
                "role_type",
                "template_name",
                "fit_one_page",
                "trim_older_roles",
                "paper",
                "updated_at",
            )
        },
    )


def _generation_out(g: dict[str, Any]) -> GenerationOut:
    return GenerationOut(
        id=g["id"],
        draft_id=g["draft_id"],
        status=g["generation_status"],
        error_message=g["error_message"],
        processing_time_ms=g["processing_time_ms"],
        page_count=g["page_count"],
        template_name=g["template_name"],
        role_type=g["role_type"],
        fit_one_page=g["fit_one_page"],
        notes=list(g["render_notes"] or []),
        downloads=g.get("downloads", {}),
        created_at=g["created_at"],
        completed_at=g["completed_at"],
    )


@api.get("/templates")
async def list_templates() -> list[dict[str, str]]:
    """The four templates, with what each looks like."""
    return [{"name": n, "description": load_theme(n).description} for n in template_names()]


@api.get("/roles")
async def list_roles() -> list[dict[str, str]]:
    """Target roles; each sets section order, a suggested template and emphasis."""
    return [{"key": k, "description": d} for k, d in role_choices()]


@api.get("/bullets")
async def bullet_library(db: Db, user: CurrentUser) -> list[dict[str, Any]]:
    """Your bullet library, grouped by interview answer, with the keys to pick them by."""
    return [
        {
            "id": g.row_id,
            "heading": g.heading,
            "role": g.role,
            "bullets": [{"key": b.key, "text": b.text} for b in g.bullets],
        }
        for g in await service.bullet_library(db.conn)
    ]


@api.get("/drafts")
async def list_drafts(db: Db, user: CurrentUser) -> list[dict[str, Any]]:
    return await service.list_drafts(db.conn)


async def _save(db: RequestDb, draft_id: UUID, body: DraftIn) -> None:
    settings = service.check_settings(
        title=body.title,
        role_type=body.role_type,
        template_name=body.template_name,
        fit_one_page=body.fit_one_page,
        trim_older_roles=body.trim_older_roles,
        paper=body.paper,
    )
    await service.save(db.conn, draft_id, settings, body.resume)


@api.post("/drafts", status_code=201)
async def create_draft(db: Db, user: CurrentUser, body: DraftIn) -> DraftOut:
    """A new draft from the given JSON Resume (or, when empty, from your profile)."""
    settings = service.check_settings(
        title=body.title,
        role_type=body.role_type,
        template_name=body.template_name,
        fit_one_page=body.fit_one_page,
        trim_older_roles=body.trim_older_roles,
        paper=body.paper,
    )
    data = service.validated(body.resume) if body.resume else None
    draft_id = await service.create(
        db.conn, user, data=data, title=settings.title, role_type=settings.role_type
    )
    if body.resume:
        await service.save(db.conn, draft_id, settings, data or {})
    return _draft_out(await service.load(db.conn, draft_id))


@api.post("/drafts/import", status_code=201)
async def import_draft(request: Request, db: Db, user: CurrentUser) -> DraftOut:
    """A new draft from a JSON Resume document sent as the request body."""
    raw = await request.body()
    data = service.parse_import(raw[: service.MAX_IMPORT_BYTES + 1], what="The JSON Resume")
    return _draft_out(await service.load(db.conn, await service.create(db.conn, user, data=data)))


@api.get("/drafts/{draft_id:uuid}")
async def get_draft(db: Db, user: CurrentUser, draft_id: UUID) -> DraftOut:
    return _draft_out(await service.load(db.conn, draft_id))


@api.put("/drafts/{draft_id:uuid}")
async def update_draft(db: Db, user: CurrentUser, draft_id: UUID, body: DraftIn) -> DraftOut:
    """Replaces the draft; when any field is invalid nothing is changed."""
    await service.load(db.conn, draft_id)
    await _save(db, draft_id, body)
    return _draft_out(await service.load(db.conn, draft_id))


@api.delete("/drafts/{draft_id:uuid}", status_code=204)
async def delete_draft(db: Db, user: CurrentUser, draft_id: UUID) -> Response:
    await service.delete_draft(db.conn, draft_id)
    return Response(status_code=204)


@api.get("/drafts/{draft_id:uuid}/export")
async def export_draft(db: Db, user: CurrentUser, draft_id: UUID) -> dict[str, Any]:
    """The draft as a JSON Resume document (your profile fills a missing name or title)."""
    draft = await service.load(db.conn, draft_id)
    profile = await service.profile_of(db.conn)
    return assemble(draft["resume_data"], profile, role=None, trim_older_roles=False).resume


@api.post("/drafts/{draft_id:uuid}/bullets")
async def pick_bullets(db: Db, user: CurrentUser, draft_id: UUID, body: BulletPicks) -> DraftOut:
    """Appends bullets from your library to an experience or project of the draft."""
    draft = await service.load(db.conn, draft_id)
    data = draft["resume_data"]
    try:
        add_picked_bullets(data, body.picks, body.target, await service.bullet_library(db.conn))
    except PickError as exc:
        refused = ValidationFailed({"picks": str(exc)})
        refused.message = str(exc)
        raise refused from None
    await service.save(db.conn, draft_id, service.settings_of(draft), data)
    return _draft_out(await service.load(db.conn, draft_id))


@api.post("/drafts/{draft_id:uuid}/generations", status_code=202)
async def generate(db: Db, user: CurrentUser, draft_id: UUID) -> GenerationOut:
    """Starts rendering the draft in the background; poll the generation for its status."""
    draft = await service.load(db.conn, draft_id)
    generation_id = await service.start_generation(db.conn, user, draft)
    return _generation_out(await service.load_generation(db.conn, generation_id))


@api.get("/generations")
async def list_generations(db: Db, user: CurrentUser) -> list[GenerationOut]:
    rows = await service.list_generations(db.conn, limit=50)
    return [_generation_out(r) for r in rows]


@api.get("/generations/{generation_id:uuid}")
async def get_generation(
    request: Request, generation_id: UUID, wait: float = WaitSeconds
) -> GenerationOut:
    """The generation; with `wait`, answered as soon as it finishes (or after `wait` seconds)."""
    return _generation_out(await generation_after_wait(request, generation_id, wait))


@api.get("/generations/{generation_id:uuid}/download/{fmt}")
async def download(db: Db, user: CurrentUser, generation_id: UUID, fmt: str) -> Response:
    """The file in pdf, word or latex; each call counts one download."""
    file = await service.download(db.conn, generation_id, fmt)
    return Response(
        file.content,
        media_type=file.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "X-Download-Count": str(file.count),
        },
    )


@api.post("/generations/{generation_id:uuid}/overleaf")
async def open_in_overleaf(db: Db, user: CurrentUser, generation_id: UUID) -> dict[str, Any]:
    """The form to POST to Overleaf (counted as an 'overleaf' download)."""
    from resumepilot.documents.formats.overleaf import OVERLEAF_URL

    fields = await service.overleaf(db.conn, generation_id, count=True)
    return {"action": OVERLEAF_URL, "method": "POST", "fields": fields}
