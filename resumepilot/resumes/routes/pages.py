"""Resume pages: the list of drafts and generations, importing, template thumbnails, and a
generation's progress and result."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from functools import cache
from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.responses import Response

from resumepilot.db.request import RequestDb
from resumepilot.documents.themes import load_theme, template_names
from resumepilot.errors import AppError, NotFound
from resumepilot.resumes import service
from resumepilot.resumes.assembly import role_choices
from resumepilot.resumes.preview import preview_response
from resumepilot.resumes.routes.common import SAVED, redirect
from resumepilot.resumes.routes.waiting import WaitSeconds, generation_after_wait
from resumepilot.web.deps import CurrentUser, Db
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)


async def _index(request: Request, db: RequestDb, **extra: Any) -> Response:
    status_code = extra.pop("status_code", 200)
    return render(
        request,
        "resumes/index.html",
        {
            "active": "resumes",
            "drafts": await service.list_drafts(db.conn),
            "generations": await service.list_generations(db.conn, limit=10),
            "roles": dict(role_choices()),
            "max_import_bytes": service.MAX_IMPORT_BYTES,
            **extra,
        },
        status_code=status_code,
    )


@pages.get("/resumes")
async def index_page(request: Request, db: Db, user: CurrentUser, saved: int = 0) -> Response:
    return await _index(request, db, flash=SAVED.get(saved))


@pages.post("/resumes/new")
async def new_draft(
    request: Request, db: Db, user: CurrentUser, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    draft_id = await service.create(db.conn, user)
    draft = await service.load(db.conn, draft_id)
    has_bullets = any(e.get("highlights") for e in draft["resume_data"].get("work") or [])
    return redirect(f"/resumes/{draft_id}" + ("?saved=5" if has_bullets else ""))


@pages.post("/resumes/import")
async def import_new(
    request: Request,
    db: Db,
    user: CurrentUser,
    file: UploadFile = File(...),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        data = service.parse_import(await file.read(service.MAX_IMPORT_BYTES + 1))
        draft_id = await service.create(db.conn, user, data=data)
    except AppError as exc:
        return await _index(
            request,
            db,
            import_error=exc.message,
            status_code=exc.status_code,
            import_fields=getattr(getattr(exc, "form", None), "messages", []),
        )
    return redirect(f"/resumes/{draft_id}?saved=2")


@cache
def _template_thumbnail(name: str) -> bytes:
    from resumepilot.documents.content import build_document
    from resumepilot.documents.formats.typst_pdf import compile_png, typst_source
    from resumepilot.documents.resume import bundled_sample, parse_resume

    doc = build_document(parse_resume(bundled_sample()))
    theme = load_theme(name)
    return compile_png(typst_source(doc, theme), theme, doc.cjk, 60)


@pages.get("/resumes/templates/{name}/preview.png")
async def template_thumbnail(name: str) -> Response:
    if name not in template_names():
        raise NotFound("There is no such template.")
    png = await asyncio.to_thread(_template_thumbnail, name)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


# Generations ---------------------------------------------------------------------------------


@pages.get("/resumes/generations/{generation_id:uuid}")
async def generation_page(
    request: Request, db: Db, user: CurrentUser, generation_id: UUID
) -> Response:
    generation = await service.load_generation(db.conn, generation_id)
    # A render that has not finished after STALLED was lost (a worker stopped mid-job).
    stalled = (
        generation["generation_status"] == "processing"
        and datetime.now(UTC) - generation["created_at"] > service.STALLED
    )
    overleaf = None
    if generation["generation_status"] == "completed":
        overleaf = await service.overleaf(db.conn, generation_id, count=False)
    return render(
        request,
        "resumes/generation.html",
        {
            "active": "resumes",
            "g": generation,
            "overleaf": overleaf,
            "stalled": stalled,
            "formats": service.DOWNLOADS,
            "roles": dict(role_choices()),
            "template": load_theme(generation["template_name"]).description
            if generation["template_name"] in template_names()
            else "",
        },
    )


@pages.get("/resumes/generations/{generation_id:uuid}/status")
async def generation_status(
    request: Request, generation_id: UUID, wait: float = WaitSeconds
) -> Response:
    g = await generation_after_wait(request, generation_id, wait)
    return JSONResponse(
        {
            "status": g["generation_status"],
            "error_message": g["error_message"],
            "page_count": g["page_count"],
        },
        headers={"Cache-Control": "no-store"},
    )


# preview.png: the address pages used while previews were PNGs, kept for pages still open.
@pages.get("/resumes/generations/{generation_id:uuid}/preview")
@pages.get("/resumes/generations/{generation_id:uuid}/preview.png")
async def generation_preview(
    request: Request, db: Db, user: CurrentUser, generation_id: UUID
) -> Response:
    stored = await service.preview(db.conn, generation_id)
    return preview_response(stored, request.headers.get("accept-encoding", ""))


@pages.get("/resumes/generations/{generation_id:uuid}/download/{fmt}")
async def generation_download(db: Db, user: CurrentUser, generation_id: UUID, fmt: str) -> Response:
    file = await service.download(db.conn, generation_id, fmt)
    return Response(
        file.content,
        media_type=file.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "Cache-Control": "private, no-store",
            "X-Download-Count": str(file.count),
        },
    )


@pages.post("/resumes/generations/{generation_id:uuid}/overleaf", status_code=204)
async def overleaf_opened(
    request: Request, db: Db, user: CurrentUser, generation_id: UUID, csrf_token: str = Form("")
) -> Response:
    """Counts an 'Open in Overleaf' (the form itself posts straight to Overleaf)."""
    verify_csrf(request, csrf_token)
    await service.overleaf(db.conn, generation_id, count=True)
    return Response(status_code=204)
