"""Resume pages: the list, the builder, and a generation's progress and result.

`router` carries these pages and the JSON API (resumes/api.py) for create_app.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from functools import cache
from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.auth.deps import UserDb
from resumepilot.errors import AppError, NotFound, ValidationFailed
from resumepilot.resumes import drafts, generations
from resumepilot.resumes import repository as repo
from resumepilot.resumes.api import api
from resumepilot.resumes.builder import (
    EDITABLE_SECTIONS,
    ROLE_DEFAULTS,
    PickError,
    add_picked_bullets,
    assemble,
    editor_sections,
    library,
    role_choices,
)
from resumepilot.resumes.drafts import MAX_IMPORT_BYTES, ResumeInvalid
from resumepilot.resumes.forms import (
    BASICS_FIELDS,
    ENTRY_NOUNS,
    SECTION_FIELDS,
    SECTION_TITLES,
    basics_value,
    form_value,
    max_length,
    read_entries,
)
from resumepilot.resumes.themes import load_theme, template_names
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
router = APIRouter()
MAX_FORM_FIELDS = 5000
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_SAVED = {1: "Draft saved.", 2: "Resume imported. Check each section, then generate.",
          3: "Bullets added to your resume.", 4: "Draft deleted."}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def _index(request: Request, db: UserDb, **extra: Any) -> Response:
    status_code = extra.pop("status_code", 200)
    return render(request, "resumes_index.html", {
        "active": "resumes", "drafts": await repo.list_drafts(db.conn),
        "generations": await repo.list_generations(db.conn, limit=10),
        "roles": dict(role_choices()), "max_import_bytes": MAX_IMPORT_BYTES, **extra,
    }, status_code=status_code)


@pages.get("/resumes")
async def index_page(request: Request, db: UserDb, saved: int = 0) -> Response:
    return await _index(request, db, flash=_SAVED.get(saved))


@pages.post("/resumes/new")
async def new_draft(request: Request, db: UserDb, csrf_token: str = Form("")) -> Response:
    verify_csrf(request, csrf_token)
    draft_id = await drafts.create(db)
    return _redirect(f"/resumes/{draft_id}")


@pages.post("/resumes/import")
async def import_new(
    request: Request, db: UserDb, file: UploadFile = File(...), csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        data = drafts.parse_import(await file.read(MAX_IMPORT_BYTES + 1))
        draft_id = await drafts.create(db, data=data)
    except AppError as exc:
        return await _index(request, db, import_error=exc.message, status_code=exc.status_code,
                            import_fields=getattr(getattr(exc, "form", None), "messages", []))
    return _redirect(f"/resumes/{draft_id}?saved=2")


@cache
def _template_thumbnail(name: str) -> bytes:
    from importlib import resources

    from resumepilot.resumes.content import build_document
    from resumepilot.resumes.model import parse_resume
    from resumepilot.resumes.render.typst_pdf import compile_png, typst_source

    text = (resources.files("resumepilot.resumes") / "data" / "sample.json").read_text("utf-8")
    doc = build_document(parse_resume(json.loads(text)))
    theme = load_theme(name)
    return compile_png(typst_source(doc, theme), theme, doc.cjk, 60)


@pages.get("/resumes/templates/{name}/preview.png")
async def template_thumbnail(name: str) -> Response:
    if name not in template_names():
        raise NotFound("There is no such template.")
    png = await asyncio.to_thread(_template_thumbnail, name)
    return Response(png, media_type="image/png",
                    headers={"Cache-Control": "public, max-age=86400"})


# Generations ---------------------------------------------------------------------------------


@pages.get("/resumes/generations/{generation_id:uuid}")
async def generation_page(request: Request, db: UserDb, generation_id: UUID) -> Response:
    generation = await generations.load(db, generation_id)
    # A render that has not finished after STALLED was lost (a worker stopped mid-job).
    stalled = (generation["generation_status"] == "processing"
               and datetime.now(UTC) - generation["created_at"] > generations.STALLED)
    overleaf = None
    if generation["generation_status"] == "completed":
        overleaf = await generations.overleaf(db, generation_id, count=False)
    return render(request, "resume_generation.html", {
        "active": "resumes", "g": generation, "overleaf": overleaf, "stalled": stalled,
        "formats": generations.DOWNLOADS, "roles": dict(role_choices()),
        "template": load_theme(generation["template_name"]).description
        if generation["template_name"] in template_names() else "",
    })


@pages.get("/resumes/generations/{generation_id:uuid}/status")
async def generation_status(db: UserDb, generation_id: UUID) -> Response:
    g = await generations.load(db, generation_id)
    return JSONResponse({"status": g["generation_status"], "error_message": g["error_message"],
                         "page_count": g["page_count"]},
                        headers={"Cache-Control": "no-store"})


@pages.get("/resumes/generations/{generation_id:uuid}/preview.png")
async def generation_preview(db: UserDb, generation_id: UUID) -> Response:
    png = await generations.preview(db, generation_id)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@pages.get("/resumes/generations/{generation_id:uuid}/download/{fmt}")
async def generation_download(db: UserDb, generation_id: UUID, fmt: str) -> Response:
    file = await generations.download(db, generation_id, fmt)
    return Response(file.content, media_type=file.media_type, headers={
        "Content-Disposition": f'attachment; filename="{file.filename}"',
        "Cache-Control": "private, no-store", "X-Download-Count": str(file.count)})


@pages.post("/resumes/generations/{generation_id:uuid}/overleaf", status_code=204)
async def overleaf_opened(request: Request, db: UserDb, generation_id: UUID,
                          csrf_token: str = Form("")) -> Response:
    """Counts an 'Open in Overleaf' (the form itself posts straight to Overleaf)."""
    verify_csrf(request, csrf_token)
    await generations.overleaf(db, generation_id, count=True)
    return Response(status_code=204)


# The builder -------------------------------------------------------------------------------


def _sections_with_blanks(data: dict[str, Any], add: str | None) -> dict[str, list[Any]]:
    shown = {}
    for section in EDITABLE_SECTIONS:
        entries = [e for e in (data.get(section) or []) if isinstance(e, dict)]
        if not entries or add == section:
            entries = entries + [{}]
        shown[section] = entries
    return shown


async def _builder(request: Request, db: UserDb, draft: dict[str, Any], *,
                   data: dict[str, Any] | None = None, settings: Any = None,
                   errors: dict[str, str] | None = None, messages: list[Any] | None = None,
                   add: str | None = None, flash: str | None = None,
                   error_title: str | None = None, status_code: int = 200) -> Response:
    data = draft["resume_data"] if data is None else data
    settings = settings or drafts.settings_of(draft)
    profile = await repo.get_profile(db.conn)
    notes = assemble(data, profile, role=settings.role_type,
                     trim_older_roles=settings.trim_older_roles).notes
    extra = sorted(k for k, v in data.items()
                   if k not in ("basics", *EDITABLE_SECTIONS) and isinstance(v, list) and v)
    return render(request, "resume_builder.html", {
        "active": "resumes", "draft": draft, "s": settings, "data": data,
        "basics": data.get("basics") if isinstance(data.get("basics"), dict) else {},
        "entries": _sections_with_blanks(data, add), "order": editor_sections(settings.role_type),
        "fields": SECTION_FIELDS, "titles": SECTION_TITLES, "nouns": ENTRY_NOUNS,
        "basics_fields": BASICS_FIELDS, "value": form_value, "basics_value": basics_value,
        "max_length": max_length, "errors": errors or {}, "messages": messages or [],
        "roles": role_choices(), "role_defaults": ROLE_DEFAULTS,
        "templates": [(n, load_theme(n).description) for n in template_names()],
        "library": library(await repo.bullet_rows(db.conn)), "notes": notes, "extra": extra,
        "recent": await repo.list_generations(db.conn, draft_id=draft["id"], limit=5),
        "profile": profile, "flash": flash, "max_import_bytes": MAX_IMPORT_BYTES,
        "error_title": error_title,
    }, status_code=status_code)


@pages.get("/resumes/{draft_id:uuid}")
async def builder_page(request: Request, db: UserDb, draft_id: UUID, saved: int = 0,
                       add: str | None = None) -> Response:
    draft = await drafts.load(db, draft_id)
    return await _builder(request, db, draft, add=add, flash=_SAVED.get(saved))


@pages.post("/resumes/{draft_id:uuid}")
async def builder_submit(request: Request, db: UserDb, draft_id: UUID) -> Response:
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    verify_csrf(request, str(form.get("csrf_token", "")))
    draft = await drafts.load(db, draft_id)
    action = str(form.get("action", "save"))
    data = read_entries(form, draft["resume_data"])
    errors: dict[str, str] = {}
    try:
        settings = drafts.check_settings(
            title=str(form.get("title", "")), role_type=str(form.get("role_type", "")),
            template_name=str(form.get("template_name", "")),
            fit_one_page=form.get("fit_one_page") == "on",
            trim_older_roles=form.get("trim_older_roles") == "on",
            paper=str(form.get("paper", "letter")))
    except ValidationFailed as exc:
        errors.update(exc.errors)
        settings = drafts.DraftSettings(
            str(form.get("title", ""))[:200], draft["role_type"], draft["template_name"],
            form.get("fit_one_page") == "on", form.get("trim_older_roles") == "on",
            draft["paper"])
    section, _, index = action.partition(":")[2].partition(":")
    entries = data.get(section) or [] if section in EDITABLE_SECTIONS else []
    at = int(index) if index.isdigit() and int(index) < len(entries) else None
    if action.startswith("remove:") and at is not None:
        entries.pop(at)
    elif action.startswith("up:") and at:
        entries[at - 1], entries[at] = entries[at], entries[at - 1]
    elif action == "add_bullets":
        groups = library(await repo.bullet_rows(db.conn))
        try:
            add_picked_bullets(data, [str(p) for p in form.getlist("pick")],
                               str(form.get("pick_target", "")), groups)
        except PickError as exc:
            errors["pick_target"] = str(exc)
    if errors:
        messages = [(k, f"{k.replace('_', ' ').capitalize()}: {v}") for k, v in errors.items()]
        return await _builder(request, db, draft, data=data, settings=settings, errors=errors,
                              messages=messages, status_code=422)
    try:
        await drafts.save(db, draft_id, settings, data)
    except ResumeInvalid as exc:
        return await _builder(request, db, draft, data=data, settings=settings,
                              errors=exc.form.by_field, messages=exc.form.linked,
                              status_code=422)
    if action == "generate":
        try:
            generation_id = await generations.start(db, await drafts.load(db, draft_id))
        except AppError as exc:  # the draft itself was saved; say why nothing was rendered
            fields = getattr(exc, "errors", {}) or {}
            by_field = {k.replace(".", "-"): v for k, v in fields.items()}
            return await _builder(
                request, db, await drafts.load(db, draft_id), errors=by_field,
                messages=list(by_field.items()) or [exc.message], status_code=exc.status_code,
                error_title="Your changes were saved, but the resume was not generated:")
        return _redirect(f"/resumes/generations/{generation_id}")
    if action.startswith("up:") and at:
        return _redirect(f"/resumes/{draft_id}?saved=1#{section}-{at - 1}")
    if action.startswith("add:") and action[4:] in EDITABLE_SECTIONS:
        count = len(data.get(action[4:]) or [])
        return _redirect(f"/resumes/{draft_id}?add={action[4:]}#{action[4:]}-{count}")
    return _redirect(f"/resumes/{draft_id}?saved={3 if action == 'add_bullets' else 1}")


@pages.post("/resumes/{draft_id:uuid}/import")
async def import_into(request: Request, db: UserDb, draft_id: UUID,
                      file: UploadFile = File(...), csrf_token: str = Form("")) -> Response:
    verify_csrf(request, csrf_token)
    draft = await drafts.load(db, draft_id)
    try:
        data = drafts.parse_import(await file.read(MAX_IMPORT_BYTES + 1))
        await drafts.save(db, draft_id, drafts.settings_of(draft), data)
    except AppError as exc:
        form = getattr(exc, "form", None)
        return await _builder(request, db, draft, status_code=exc.status_code,
                              messages=[exc.message] if form is None else form.linked,
                              error_title="The file was not imported; nothing changed.")
    return _redirect(f"/resumes/{draft_id}?saved=2")


@pages.get("/resumes/{draft_id:uuid}/export.json")
async def export_json(db: UserDb, draft_id: UUID) -> Response:
    draft = await drafts.load(db, draft_id)
    profile = await repo.get_profile(db.conn)
    resume = assemble(draft["resume_data"], profile, role=None, trim_older_roles=False).resume
    body = json.dumps({"$schema": SCHEMA_URL, **resume}, ensure_ascii=False, indent=2)
    from resumepilot.resumes.service import filename_for

    name = filename_for((resume.get("basics") or {}).get("name") or "resume", "resume", "json")
    return Response(body.encode("utf-8"), media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@pages.post("/resumes/{draft_id:uuid}/delete")
async def delete_draft(request: Request, db: UserDb, draft_id: UUID,
                       csrf_token: str = Form("")) -> Response:
    verify_csrf(request, csrf_token)
    if not await repo.delete_draft(db.conn, draft_id):
        raise NotFound("There is no such resume draft in your account.")
    return _redirect("/resumes?saved=4")


router.include_router(api)
router.include_router(pages)
