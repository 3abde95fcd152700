"""Cover letter pages and API: write one from a job posting and a resume draft, edit it in
place, download it as PDF, Word or LaTeX, or open it in Overleaf.

Writing holds no transaction: one short transaction reads the material (and checks the
caller and the form's CSRF token), the letter is written outside it, and a second one stores
it while taking a unit of the plan (402 and nothing stored when the allowance is gone).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.ai.letters import LENGTHS, TONES, build_letter_writer
from resumepilot.billing import service as billing
from resumepilot.db.types import Row
from resumepilot.documents.formats.overleaf import OVERLEAF_URL
from resumepilot.documents.themes import template_names
from resumepilot.errors import AppError, NotAuthenticated, NotFound, ValidationFailed
from resumepilot.letters import service
from resumepilot.letters.models import LetterEdit, LetterIn, LetterOut, LetterSummary
from resumepilot.resumes import service as resumes
from resumepilot.web.deps import AppSettings, CurrentUser, Db, user_transactions
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/letters", tags=["letters"])
SAVED = {1: "Letter saved.", 2: "Your letter is ready. Read it through and make it yours."}


def _out(row: Row) -> LetterOut:
    trace = row["trace"] or {}
    return LetterOut(
        id=row["id"],
        draft_id=row["draft_id"],
        template_name=row["template_name"],
        job_title=row["job_title"],
        company=row["company"],
        tone=row["tone"],
        length=row["length"],
        body=row["body"],
        claims=trace.get("claims") or [],
        covered=trace.get("covered") or [],
        missing=trace.get("missing") or [],
        provider=trace.get("provider") or "builtin",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _file_response(file: Any) -> Response:
    return Response(
        file.content,
        media_type=file.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


# Pages -----------------------------------------------------------------------------------------


async def _index(request: Request, **extra: Any) -> Response:
    status_code = extra.pop("status_code", 200)
    async with user_transactions(request)() as conn:
        identity = getattr(request.state, "identity", None)
        user_id = identity.user.id if identity and identity.user else None
        context = {
            "active": "letters",
            "letters": await service.list_recent(conn),
            "drafts": await resumes.list_drafts(conn),
            "plan": await billing.plan_status(conn, user_id) if user_id else None,
            "tones": TONES,
            "lengths": LENGTHS,
            "form": {"tone": "formal", "length": "standard", "posting": ""},
            "errors": {},
        }
    context.update(extra)
    return render(request, "letters/index.html", context, status_code=status_code)


@pages.get("/letters")
async def index_page(request: Request) -> Response:
    return await _index(request)


@pages.post("/letters")
async def write_page(
    request: Request,
    settings: AppSettings,
    draft_id: str = Form(""),
    posting: str = Form(""),
    tone: str = Form("formal"),
    length: str = Form("standard"),
    job_file: UploadFile | None = File(None),
    csrf_token: str = Form(""),
) -> Response:
    form = {"draft_id": draft_id, "posting": posting[:40_000], "tone": tone, "length": length}
    try:
        choices = service.check_choices(
            draft_id=draft_id, tone=tone, length=length, template_name=None
        )
        raw = await job_file.read(service.MAX_JOB_FILE_BYTES + 1) if job_file else None
        posting_text = service.posting_text_of(posting, raw)
        async with user_transactions(request, csrf_token=csrf_token)() as conn:
            material = await service.material_for(conn, _user(request), choices)
        parsed = service.parse(posting_text)
        letter = await service.write(material, parsed, choices, build_letter_writer(settings))
        async with user_transactions(request)() as conn:
            letter_id = await service.save_new(
                conn, _user(request), material, posting_text, parsed, choices, letter
            )
    except NotAuthenticated:
        raise
    except billing.UsageLimitReached:
        raise
    except ValidationFailed as exc:
        return await _index(request, form=form, errors=exc.errors, status_code=exc.status_code)
    except AppError as exc:
        if exc.status_code == 403:
            raise
        field = "draft_id" if isinstance(exc, NotFound) else "posting"
        return await _index(
            request, form=form, errors={field: exc.message}, status_code=exc.status_code
        )
    return RedirectResponse(f"/letters/{letter_id}?saved=2", status_code=303)


def _user(request: Request) -> Any:
    identity = getattr(request.state, "identity", None)
    if identity is None or identity.user is None:
        raise NotAuthenticated()
    return identity.user


async def _letter_page(
    request: Request, row: Row, *, flash: str | None = None, **extra: Any
) -> Response:
    status_code = extra.pop("status_code", 200)
    return render(
        request,
        "letters/letter.html",
        {
            "active": "letters",
            "letter": _out(row),
            "templates": template_names(),
            "formats": service.FORMATS,
            "overleaf_url": OVERLEAF_URL,
            "source_label": service.source_label,
            "flash": flash,
            "errors": {},
            **extra,
        },
        status_code=status_code,
    )


@pages.get("/letters/{letter_id:uuid}")
async def letter_page(
    request: Request, db: Db, user: CurrentUser, letter_id: UUID, saved: int = 0
) -> Response:
    row = await service.load(db.conn, letter_id)
    overleaf = await service.overleaf(db.conn, letter_id)
    return await _letter_page(request, row, flash=SAVED.get(saved), overleaf=overleaf)


@pages.post("/letters/{letter_id:uuid}")
async def save_page(
    request: Request,
    db: Db,
    user: CurrentUser,
    letter_id: UUID,
    body: str = Form(""),
    template_name: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        await service.edit(db.conn, letter_id, body=body, template_name=template_name)
    except ValidationFailed as exc:
        row = dict(await service.load(db.conn, letter_id))
        row["body"] = body[: service.MAX_BODY_CHARS * 2]
        return await _letter_page(
            request, row, errors=exc.errors, overleaf=None, status_code=exc.status_code
        )
    return RedirectResponse(f"/letters/{letter_id}?saved=1", status_code=303)


@pages.post("/letters/{letter_id:uuid}/delete")
async def delete_page(
    request: Request, db: Db, user: CurrentUser, letter_id: UUID, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    await service.delete(db.conn, letter_id)
    return RedirectResponse("/letters", status_code=303)


@pages.get("/letters/{letter_id:uuid}/download/{fmt}")
async def download_page(db: Db, user: CurrentUser, letter_id: UUID, fmt: str) -> Response:
    return _file_response(await service.export(db.conn, letter_id, fmt))


# API -------------------------------------------------------------------------------------------


@api.post("", status_code=201, response_model=LetterOut)
async def api_write(request: Request, settings: AppSettings, body: LetterIn) -> Response:
    """Writes and stores a letter; 402 with the limit, reset date and upgrade URL when the
    plan's cover letters for the month are used up (nothing is stored then)."""
    choices = service.check_choices(
        draft_id=body.draft_id, tone=body.tone, length=body.length, template_name=body.template_name
    )
    if isinstance(body.posting, dict):
        posting_text = json.dumps(body.posting, ensure_ascii=False)
    else:
        posting_text = body.posting.strip()
    async with user_transactions(request)() as conn:
        material = await service.material_for(conn, _user(request), choices)
    parsed = service.parse(posting_text)
    letter = await service.write(material, parsed, choices, build_letter_writer(settings))
    async with user_transactions(request)() as conn:
        letter_id = await service.save_new(
            conn, _user(request), material, posting_text, parsed, choices, letter
        )
        row = await service.load(conn, letter_id)
    return JSONResponse(_out(row).model_dump(mode="json"), status_code=201)


@api.get("", response_model=list[LetterSummary])
async def api_list(db: Db, user: CurrentUser) -> list[LetterSummary]:
    return [LetterSummary(**r) for r in await service.list_recent(db.conn)]


@api.get("/{letter_id}", response_model=LetterOut)
async def api_get(db: Db, user: CurrentUser, letter_id: UUID) -> LetterOut:
    return _out(await service.load(db.conn, letter_id))


@api.patch("/{letter_id}", response_model=LetterOut)
async def api_edit(db: Db, user: CurrentUser, letter_id: UUID, body: LetterEdit) -> LetterOut:
    row = await service.edit(db.conn, letter_id, body=body.body, template_name=body.template_name)
    return _out(row)


@api.delete("/{letter_id}", status_code=204)
async def api_delete(db: Db, user: CurrentUser, letter_id: UUID) -> Response:
    await service.delete(db.conn, letter_id)
    return Response(status_code=204)


@api.get("/{letter_id}/download/{fmt}")
async def api_download(db: Db, user: CurrentUser, letter_id: UUID, fmt: str) -> Response:
    """The letter as pdf, docx or latex, in the look of its template."""
    return _file_response(await service.export(db.conn, letter_id, fmt))
