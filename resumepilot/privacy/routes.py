"""Privacy API and page: POST /api/me/export (202), GET /api/me/export/{id} (progress, then the
zip), DELETE /api/me (with the password), and the /privacy page with both buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from resumepilot.auth import service as accounts
from resumepilot.errors import AppError, NotFound, ValidationFailed
from resumepilot.privacy import repository as repo
from resumepilot.privacy.mails import send_goodbye
from resumepilot.privacy.service import delete_account, export_status, exports_folder
from resumepilot.web.deps import AppServices, CurrentUser, Db, Trusted
from resumepilot.web.pages import clear_session_cookie, render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["privacy"])


class DeleteAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(max_length=1024)


async def _start_export(services: AppServices, trusted: Trusted, user_id: UUID) -> UUID:
    async with trusted() as conn:
        export_id = await repo.insert_export(conn, user_id)
        folder = exports_folder(services.settings.data_dir, user_id)
        await repo.defer_export(conn, export_id, folder)
    return export_id


def _status(row: dict[str, Any]) -> dict[str, Any]:
    return export_status(row, f"/api/me/export/{row['id']}")


@api.post("/me/export", status_code=202)
async def api_start_export(
    services: AppServices, trusted: Trusted, user: CurrentUser
) -> dict[str, Any]:
    export_id = await _start_export(services, trusted, user.id)
    return {"id": str(export_id), "status": "queued", "status_url": f"/api/me/export/{export_id}"}


@api.get("/me/export/{export_id}", response_model=None)
async def api_export(export_id: UUID, db: Db, user: CurrentUser) -> Response:
    row = await repo.get_export(db.conn, export_id, user.id)
    if row is None:
        raise NotFound("There is no such export of your data.")
    if row["status"] != "ready" or not row["file_path"] or not Path(row["file_path"]).is_file():
        return JSONResponse(_status(row), status_code=200 if row["status"] == "failed" else 202)
    return FileResponse(
        row["file_path"], media_type="application/zip", filename="resumepilot-data.zip"
    )


@api.delete("/me", status_code=204)
async def api_delete_me(
    body: DeleteAccount,
    services: AppServices,
    trusted: Trusted,
    user: CurrentUser,
    background: BackgroundTasks,
) -> Response:
    if not await accounts.password_matches(trusted, user.id, body.password):
        raise ValidationFailed({"password": "That is not your password."})
    await delete_account(trusted, services.stripe, services.settings.data_dir, user.id)
    _say_goodbye(background, services, user.email)
    return Response(status_code=204)


def _say_goodbye(background: BackgroundTasks, services: AppServices, email: str | None) -> None:
    if email:
        background.add_task(send_goodbye, services.mailer, services.mail, email)


@pages.get("/privacy")
async def privacy_page(request: Request, db: Db, user: CurrentUser, export: str = "") -> Response:
    row = None
    if export:
        try:
            row = await repo.get_export(db.conn, UUID(export), user.id)
        except ValueError:
            row = None
    context = {"active": "profile", "export": _status(row) if row else None}
    return render(request, "privacy/privacy.html", context)


@pages.post("/privacy/export")
async def privacy_export(
    request: Request,
    services: AppServices,
    trusted: Trusted,
    user: CurrentUser,
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    export_id = await _start_export(services, trusted, user.id)
    return RedirectResponse(f"/privacy?export={export_id}", status_code=303)


@pages.post("/privacy/delete")
async def privacy_delete(
    request: Request,
    services: AppServices,
    trusted: Trusted,
    user: CurrentUser,
    background: BackgroundTasks,
    password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    if not await accounts.password_matches(trusted, user.id, password):
        context = {"active": "profile", "delete_error": "That is not your password."}
        return render(request, "privacy/privacy.html", context, status_code=422)
    try:
        await delete_account(trusted, services.stripe, services.settings.data_dir, user.id)
    except AppError as exc:
        context = {"active": "profile", "delete_error": exc.message}
        return render(request, "privacy/privacy.html", context, status_code=exc.status_code)
    _say_goodbye(background, services, user.email)
    response = render(
        request,
        "privacy/deleted.html",
        {"identity": None},
    )
    clear_session_cookie(response)
    return response
