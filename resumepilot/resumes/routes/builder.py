"""The resume builder: one draft's form (entries, settings, bullets from the library), its
imports and exports, and generating it."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from resumepilot.db.request import RequestDb
from resumepilot.documents.themes import load_theme, template_names
from resumepilot.errors import AppError, ValidationFailed
from resumepilot.resumes import service
from resumepilot.resumes.assembly import (
    EDITABLE_SECTIONS,
    ROLE_DEFAULTS,
    PickError,
    add_picked_bullets,
    assemble,
    editor_sections,
    role_choices,
)
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
from resumepilot.resumes.models import DraftSettings
from resumepilot.resumes.routes.common import SAVED, redirect
from resumepilot.web.deps import CurrentUser, Db
from resumepilot.web.pages import render, verify_csrf

builder = APIRouter(include_in_schema=False)
MAX_FORM_FIELDS = 5000
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def _sections_with_blanks(data: dict[str, Any], add: str | None) -> dict[str, list[Any]]:
    shown = {}
    for section in EDITABLE_SECTIONS:
        entries = [e for e in (data.get(section) or []) if isinstance(e, dict)]
        if not entries or add == section:
            entries = entries + [{}]
        shown[section] = entries
    return shown


async def _builder(
    request: Request,
    db: RequestDb,
    draft: dict[str, Any],
    *,
    data: dict[str, Any] | None = None,
    settings: Any = None,
    errors: dict[str, str] | None = None,
    messages: list[Any] | None = None,
    add: str | None = None,
    flash: str | None = None,
    error_title: str | None = None,
    status_code: int = 200,
) -> Response:
    data = draft["resume_data"] if data is None else data
    settings = settings or service.settings_of(draft)
    profile = await service.profile_of(db.conn)
    notes = assemble(
        data, profile, role=settings.role_type, trim_older_roles=settings.trim_older_roles
    ).notes
    extra = sorted(
        k
        for k, v in data.items()
        if k not in ("basics", *EDITABLE_SECTIONS) and isinstance(v, list) and v
    )
    return render(
        request,
        "resumes/builder.html",
        {
            "active": "resumes",
            "draft": draft,
            "s": settings,
            "data": data,
            "basics": data.get("basics") if isinstance(data.get("basics"), dict) else {},
            "entries": _sections_with_blanks(data, add),
            "order": editor_sections(settings.role_type),
            "fields": SECTION_FIELDS,
            "titles": SECTION_TITLES,
            "nouns": ENTRY_NOUNS,
            "basics_fields": BASICS_FIELDS,
            "value": form_value,
            "basics_value": basics_value,
            "max_length": max_length,
            "errors": errors or {},
            "messages": messages or [],
            "roles": role_choices(),
            "role_defaults": ROLE_DEFAULTS,
            "templates": [(n, load_theme(n).description) for n in template_names()],
            "library": await service.bullet_library(db.conn),
            "notes": notes,
            "extra": extra,
            "recent": await service.list_generations(db.conn, draft_id=draft["id"], limit=5),
            "profile": profile,
            "flash": flash,
            "max_import_bytes": service.MAX_IMPORT_BYTES,
            "error_title": error_title,
        },
        status_code=status_code,
    )


@builder.get("/resumes/{draft_id:uuid}")
async def builder_page(
    request: Request,
    db: Db,
    user: CurrentUser,
    draft_id: UUID,
    saved: int = 0,
    add: str | None = None,
) -> Response:
    draft = await service.load(db.conn, draft_id)
    return await _builder(request, db, draft, add=add, flash=SAVED.get(saved))


@builder.post("/resumes/{draft_id:uuid}")
async def builder_submit(request: Request, db: Db, user: CurrentUser, draft_id: UUID) -> Response:
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    verify_csrf(request, str(form.get("csrf_token", "")))
    draft = await service.load(db.conn, draft_id)
    action = str(form.get("action", "save"))
    data = read_entries(form, draft["resume_data"])
    errors: dict[str, str] = {}
    try:
        settings = service.check_settings(
            title=str(form.get("title", "")),
            role_type=str(form.get("role_type", "")),
            template_name=str(form.get("template_name", "")),
            fit_one_page=form.get("fit_one_page") == "on",
            trim_older_roles=form.get("trim_older_roles") == "on",
            paper=str(form.get("paper", "letter")),
        )
    except ValidationFailed as exc:
        errors.update(exc.errors)
        settings = DraftSettings(
            str(form.get("title", ""))[:200],
            draft["role_type"],
            draft["template_name"],
            form.get("fit_one_page") == "on",
            form.get("trim_older_roles") == "on",
            draft["paper"],
        )
    section, _, index = action.partition(":")[2].partition(":")
    entries = data.get(section) or [] if section in EDITABLE_SECTIONS else []
    at = int(index) if index.isdigit() and int(index) < len(entries) else None
    if action.startswith("remove:") and at is not None:
        entries.pop(at)
    elif action.startswith("up:") and at:
        entries[at - 1], entries[at] = entries[at], entries[at - 1]
    elif action == "add_bullets":
        groups = await service.bullet_library(db.conn)
        try:
            add_picked_bullets(
                data,
                [str(p) for p in form.getlist("pick")],
                str(form.get("pick_target", "")),
                groups,
            )
        except PickError as exc:
            errors["pick_target"] = str(exc)
    if errors:
        messages = [(k, f"{k.replace('_', ' ').capitalize()}: {v}") for k, v in errors.items()]
        return await _builder(
            request,
            db,
            draft,
            data=data,
            settings=settings,
            errors=errors,
            messages=messages,
            status_code=422,
        )
    try:
        await service.save(db.conn, draft_id, settings, data)
    except service.ResumeInvalid as exc:
        return await _builder(
            request,
            db,
            draft,
            data=data,
            settings=settings,
            errors=exc.form.by_field,
            messages=exc.form.linked,
            status_code=422,
        )
    if action == "generate":
        try:
            generation_id = await service.start_generation(
                db.conn, user, await service.load(db.conn, draft_id)
            )
        except AppError as exc:  # the draft itself was saved; say why nothing was rendered
            fields = getattr(exc, "errors", {}) or {}
            by_field = {k.replace(".", "-"): v for k, v in fields.items()}
            return await _builder(
                request,
                db,
                await service.load(db.conn, draft_id),
                errors=by_field,
                messages=list(by_field.items()) or [exc.message],
                status_code=exc.status_code,
                error_title="Your changes were saved, but the resume was not generated:",
            )
        return redirect(f"/resumes/generations/{generation_id}")
    if action.startswith("up:") and at:
        return redirect(f"/resumes/{draft_id}?saved=1#{section}-{at - 1}")
    if action.startswith("add:") and action[4:] in EDITABLE_SECTIONS:
        count = len(data.get(action[4:]) or [])
        return redirect(f"/resumes/{draft_id}?add={action[4:]}#{action[4:]}-{count}")
    return redirect(f"/resumes/{draft_id}?saved={3 if action == 'add_bullets' else 1}")


@builder.post("/resumes/{draft_id:uuid}/import")
async def import_into(
    request: Request,
    db: Db,
    user: CurrentUser,
    draft_id: UUID,
    file: UploadFile = File(...),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    draft = await service.load(db.conn, draft_id)
    try:
        data = service.parse_import(await file.read(service.MAX_IMPORT_BYTES + 1))
        await service.save(db.conn, draft_id, service.settings_of(draft), data)
    except AppError as exc:
        form = getattr(exc, "form", None)
        return await _builder(
            request,
            db,
            draft,
            status_code=exc.status_code,
            messages=[exc.message] if form is None else form.linked,
            error_title="The file was not imported; nothing changed.",
        )
    return redirect(f"/resumes/{draft_id}?saved=2")


@builder.get("/resumes/{draft_id:uuid}/export.json")
async def export_json(db: Db, user: CurrentUser, draft_id: UUID) -> Response:
    from resumepilot.documents.render import filename_for

    draft = await service.load(db.conn, draft_id)
    profile = await service.profile_of(db.conn)
    resume = assemble(draft["resume_data"], profile, role=None, trim_older_roles=False).resume
    body = json.dumps({"$schema": SCHEMA_URL, **resume}, ensure_ascii=False, indent=2)

    name = filename_for((resume.get("basics") or {}).get("name") or "resume", "resume", "json")
    return Response(
        body.encode("utf-8"),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@builder.post("/resumes/{draft_id:uuid}/delete")
async def delete_draft(
    request: Request, db: Db, user: CurrentUser, draft_id: UUID, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    await service.delete_draft(db.conn, draft_id)
    return redirect("/resumes?saved=4")
