"""Analyzer pages and API: upload a resume (and optionally a job posting), read the report,
import the parsed resume into the builder.

Uploads hold no transaction while the file is read: one short transaction checks who is
calling (and the form's CSRF token), the reading runs in a child process, and a second short
transaction stores the findings. A bad file is refused before the second one opens.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.analyzer import service
from resumepilot.analyzer.models import AnalysisOut, AnalysisSummary, ImportedDraft
from resumepilot.db.types import Row
from resumepilot.errors import AppError, NotAuthenticated
from resumepilot.web.deps import AppSettings, CurrentUser, Db, user_transactions
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/analyzer", tags=["analyzer"])
# Room in a request body for the form fields beside the file.
_FORM_SLACK = 40_000


def upload_limit(max_body_bytes: int) -> int:
    """Largest file a browser may send: the analyzer's limit within the server's body limit."""
    return max(0, min(service.MAX_UPLOAD_BYTES, max_body_bytes - _FORM_SLACK))


async def _read_upload(file: UploadFile) -> bytes:
    # Read at most one byte past the limit: enough to know it is too large.
    return await file.read(service.MAX_UPLOAD_BYTES + 1)


def _out(row: Row) -> AnalysisOut:
    findings = row["findings"]
    return AnalysisOut(
        id=row["id"],
        filename=row["source_filename"],
        created_at=row["created_at"],
        resume=findings.get("resume") or {},
        sections=findings.get("sections") or [],
        report=findings.get("report") or {},
        job=findings.get("job"),
    )


# Pages -----------------------------------------------------------------------------------------


async def _index(request: Request, settings_max: int, **extra: Any) -> Response:
    status_code = extra.pop("status_code", 200)
    async with user_transactions(request)() as conn:
        recent = await service.list_recent(conn)
    return render(
        request,
        "analyzer/index.html",
        {
            "active": "analyzer",
            "recent": recent,
            "max_upload_bytes": upload_limit(settings_max),
            **extra,
        },
        status_code=status_code,
    )


@pages.get("/analyzer")
async def index_page(request: Request, settings: AppSettings) -> Response:
    return await _index(request, settings.max_body_bytes)


@pages.post("/analyzer")
async def upload_page(
    request: Request,
    settings: AppSettings,
    file: UploadFile = File(...),
    job_posting: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    async with user_transactions(request, csrf_token=csrf_token)():
        pass  # signed in, and the form is ours: only then is the file read
    try:
        findings = await service.analyze_upload(
            await _read_upload(file), file.filename, job_posting
        )
    except NotAuthenticated:
        raise
    except AppError as exc:
        return await _index(
            request,
            settings.max_body_bytes,
            upload_error=exc.message,
            job_posting=job_posting[:40_000],
            status_code=exc.status_code,
        )
    async with user_transactions(request)() as conn:
        session_id = await service.record(conn, file.filename, findings)
    return RedirectResponse(f"/analyzer/{session_id}", status_code=303)


@pages.get("/analyzer/{session_id:uuid}")
async def report_page(request: Request, db: Db, user: CurrentUser, session_id: UUID) -> Response:
    row = await service.load(db.conn, session_id)
    return render(
        request,
        "analyzer/report.html",
        {"active": "analyzer", "a": _out(row), "findings": row["findings"]},
    )


@pages.post("/analyzer/{session_id:uuid}/import")
async def import_page(
    request: Request, db: Db, user: CurrentUser, session_id: UUID, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    draft_id, _removed = await service.import_into_builder(db.conn, user, session_id)
    return RedirectResponse(f"/resumes/{draft_id}?saved=2", status_code=303)


@pages.post("/analyzer/{session_id:uuid}/delete")
async def delete_page(
    request: Request, db: Db, user: CurrentUser, session_id: UUID, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    await service.delete(db.conn, session_id)
    return RedirectResponse("/analyzer", status_code=303)


# API -------------------------------------------------------------------------------------------


@api.post("", status_code=201, response_model=AnalysisOut)
async def api_analyze(
    request: Request, file: UploadFile = File(...), job_posting: str = Form("")
) -> Response:
    """Reads a PDF or DOCX resume (optionally against a pasted job posting) and stores the
    report as a resume_analyzer session. Bad files get 413/415/422 and nothing is stored."""
    async with user_transactions(request)():
        pass
    findings = await service.analyze_upload(await _read_upload(file), file.filename, job_posting)
    async with user_transactions(request)() as conn:
        session_id = await service.record(conn, file.filename, findings)
        row = await service.load(conn, session_id)
    return JSONResponse(_out(row).model_dump(mode="json"), status_code=201)


@api.get("", response_model=list[AnalysisSummary])
async def api_list(db: Db, user: CurrentUser) -> list[AnalysisSummary]:
    rows = await service.list_recent(db.conn)
    return [
        AnalysisSummary(
            id=r["id"],
            filename=r["source_filename"],
            person=r["person"],
            score=r["score"],
            created_at=r["created_at"],
        )
        for r in rows
    ]


@api.get("/{session_id}", response_model=AnalysisOut)
async def api_get(db: Db, user: CurrentUser, session_id: UUID) -> AnalysisOut:
    return _out(await service.load(db.conn, session_id))


@api.post("/{session_id}/import", status_code=201, response_model=ImportedDraft)
async def api_import(db: Db, user: CurrentUser, session_id: UUID) -> ImportedDraft:
    """A resume draft from the parsed resume; `removed` names fields left out as invalid."""
    draft_id, removed = await service.import_into_builder(db.conn, user, session_id)
    return ImportedDraft(draft_id=draft_id, removed=removed)


@api.delete("/{session_id}", status_code=204)
async def api_delete(db: Db, user: CurrentUser, session_id: UUID) -> Response:
    await service.delete(db.conn, session_id)
    return Response(status_code=204)
