"""The admin console: pages under /admin and their JSON under /api/admin. Every endpoint takes
`AdminUser`, so a non-admin gets 404 before anything else runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.status import HTTP_204_NO_CONTENT

from resumepilot.admin import service, user_data
from resumepilot.admin.deps import AdminUser
from resumepilot.admin.models import (
    AdminAction,
    AdminRow,
    GrantRequest,
    Metrics,
    Payment,
    Subscription,
    SystemEvent,
    UserDetail,
    UserSummary,
)
from resumepilot.admin.pages import metrics_context
from resumepilot.errors import AppError, ValidationFailed
from resumepilot.privacy.service import export_status, send_goodbye
from resumepilot.web.deps import AppServices, Db, Trusted
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(prefix="/admin", include_in_schema=False)
api = APIRouter(prefix="/api/admin", tags=["admin"])

FLASH = {
    "disabled": "The account is disabled and its sessions are signed out.",
    "enabled": "The account can sign in again.",
    "usage": "This month's usage is reset.",
    "granted": "Admin rights granted.",
    "revoked": "Admin rights revoked.",
    "exporting": "Export requested (recorded in the system events with your reason).",
    "deleted": "The account and everything about it are deleted; a goodbye mail was sent.",
}


def _ctx(admin: AdminUser, section: str, **values: object) -> dict[str, object]:
    return {"active": "admin", "section": section, "admin": admin, **values}


# Pages ---------------------------------------------------------------------------------------


@pages.get("")
async def overview(request: Request, db: Db, admin: AdminUser, days: int = 30) -> Response:
    if not admin.can("metrics.read"):
        # The first section this admin may open.
        sections = (("users.read", "users"), ("billing.read", "billing"), ("events.read", "events"))
        first = next((path for need, path in sections if admin.can(need)), "admins")
        return RedirectResponse(f"/admin/{first}", status_code=303)
    metrics = await service.metrics(db.conn, admin, days=max(7, min(days, 366)))
    return render(
        request, "admin/overview.html", _ctx(admin, "overview", **metrics_context(metrics))
    )


@pages.get("/users")
async def users_page(
    request: Request,
    db: Db,
    admin: AdminUser,
    q: str = Query("", max_length=200),
    done: str = "",
) -> Response:
    users = await service.search_users(db.conn, admin, q)
    context = _ctx(admin, "users", users=users, q=q, flash=FLASH.get(done))
    return render(request, "admin/users.html", context)


@pages.get("/users/{user_id}")
async def user_page(
    request: Request,
    db: Db,
    trusted: Trusted,
    admin: AdminUser,
    user_id: UUID,
    done: str = "",
    export: UUID | None = None,
) -> Response:
    detail = await service.user_detail(db.conn, admin, user_id)
    export_row = None
    if export is not None and admin.can("users.export"):
        export_row = _export_status(
            await user_data.export_of(db.conn, trusted, admin, user_id, export), user_id
        )
    context = _ctx(
        admin,
        "users",
        detail=detail,
        export=export_row,
        flash=FLASH.get(done),
        flash_kind="success",
    )
    return render(request, "admin/user.html", context)


@pages.post("/users/{user_id}/{action}")
async def user_action(
    request: Request,
    db: Db,
    admin: AdminUser,
    user_id: UUID,
    action: str,
    services: AppServices,
    trusted: Trusted,
    background: BackgroundTasks,
    reason: str = Form(""),
    confirm_email: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    if action == "export":
        export_id = await user_data.start_export(
            db.conn, trusted, admin, user_id, reason, services.settings.data_dir
        )
        return RedirectResponse(
            f"/admin/users/{user_id}?done=exporting&export={export_id}", status_code=303
        )
    if action == "delete":
        detail = await service.user_detail(db.conn, admin, user_id)
        if confirm_email.strip().lower() != (detail.user.email or "").lower():
            raise ValidationFailed({"confirm_email": "Type the account's email to confirm."})
        await _delete(db, trusted, services, background, admin, user_id, reason)
        return RedirectResponse("/admin/users?done=deleted", status_code=303)
    if action in ("disable", "enable"):
        disabled = action == "disable"
        await service.set_disabled(db.conn, admin, user_id, disabled=disabled, reason=reason)
        done = "disabled" if disabled else "enabled"
    elif action == "reset-usage":
        await service.reset_usage(db.conn, admin, user_id, reason)
        done = "usage"
    else:
        raise AppError("Unknown action.", status_code=404)
    return RedirectResponse(f"/admin/users/{user_id}?done={done}", status_code=303)


@pages.get("/billing")
async def billing_page(request: Request, db: Db, admin: AdminUser) -> Response:
    subscriptions = await service.subscriptions(db.conn, admin)
    payments = await service.payments(db.conn, admin)
    context = _ctx(admin, "billing", subscriptions=subscriptions, payments=payments)
    return render(request, "admin/billing.html", context)


@pages.get("/events")
async def events_page(
    request: Request,
    db: Db,
    admin: AdminUser,
    type: str = Query("", max_length=100),
    user_id: str = Query("", max_length=36),
    since: str = Query("", max_length=40),
) -> Response:
    # The filter form sends empty fields as "": they mean "any".
    user, start = _event_filters(user_id, since)
    found = await service.events(
        db.conn, admin, event_type=type, user_id=user, since=start, limit=200
    )
    context = _ctx(admin, "events", events=found, type=type, user_id=user_id, since=start)
    return render(request, "admin/events.html", context)


def _event_filters(user_id: str, since: str) -> tuple[UUID | None, datetime | None]:
    try:
        user = UUID(user_id.strip()) if user_id.strip() else None
    except ValueError as exc:
        message = "The user id is not a valid id (copy it from a user's page)."
        raise AppError(message, status_code=422) from exc
    try:
        start = datetime.fromisoformat(since.strip()) if since.strip() else None
    except ValueError as exc:
        raise AppError("Give the date as YYYY-MM-DD.", status_code=422) from exc
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return user, start


@pages.get("/admins")
async def admins_page(request: Request, db: Db, admin: AdminUser, done: str = "") -> Response:
    context = _ctx(
        admin,
        "admins",
        admins=await service.admins(db.conn, admin),
        permissions=service.PERMISSIONS,
        flash=FLASH.get(done),
    )
    return render(request, "admin/admins.html", context)


@pages.post("/admins")
async def admins_change(
    request: Request,
    db: Db,
    admin: AdminUser,
    email: str = Form(""),
    role: str = Form("admin"),
    permission: list[str] = Form([]),
    revoke: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    if revoke:
        await service.revoke(db.conn, admin, revoke)
        return RedirectResponse("/admin/admins?done=revoked", status_code=303)
    await service.grant(db.conn, admin, email, role=role, permissions=permission)
    return RedirectResponse("/admin/admins?done=granted", status_code=303)


# JSON API ------------------------------------------------------------------------------------


@api.get("/users")
async def api_users(
    db: Db, admin: AdminUser, q: str = Query("", max_length=200), limit: int = Query(50, le=500)
) -> list[UserSummary]:
    return await service.search_users(db.conn, admin, q, limit)


@api.get("/users/{user_id}")
async def api_user(db: Db, admin: AdminUser, user_id: UUID) -> UserDetail:
    return await service.user_detail(db.conn, admin, user_id)


@api.post("/users/{user_id}/disable", status_code=HTTP_204_NO_CONTENT)
async def api_disable(db: Db, admin: AdminUser, user_id: UUID, body: AdminAction) -> None:
    await service.set_disabled(db.conn, admin, user_id, disabled=True, reason=body.reason)


@api.post("/users/{user_id}/enable", status_code=HTTP_204_NO_CONTENT)
async def api_enable(db: Db, admin: AdminUser, user_id: UUID, body: AdminAction) -> None:
    await service.set_disabled(db.conn, admin, user_id, disabled=False, reason=body.reason)


@api.post("/users/{user_id}/reset-usage", status_code=HTTP_204_NO_CONTENT)
async def api_reset_usage(db: Db, admin: AdminUser, user_id: UUID, body: AdminAction) -> None:
    await service.reset_usage(db.conn, admin, user_id, body.reason)


@api.get("/subscriptions")
async def api_subscriptions(db: Db, admin: AdminUser) -> list[Subscription]:
    return await service.subscriptions(db.conn, admin)


@api.get("/payments")
async def api_payments(db: Db, admin: AdminUser) -> list[Payment]:
    return await service.payments(db.conn, admin)


@api.get("/events")
async def api_events(
    db: Db,
    admin: AdminUser,
    type: str = Query("", max_length=100, description="Event type; * matches any text."),
    user_id: UUID | None = None,
    since: datetime | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> list[SystemEvent]:
    return await service.events(
        db.conn, admin, event_type=type, user_id=user_id, since=since, limit=limit
    )


@api.get("/metrics")
async def api_metrics(db: Db, admin: AdminUser, days: int = Query(30, ge=1, le=366)) -> Metrics:
    return await service.metrics(db.conn, admin, days=days)


@api.get("/admins")
async def api_admins(db: Db, admin: AdminUser) -> list[AdminRow]:
    return await service.admins(db.conn, admin)


@api.post("/admins", status_code=201)
async def api_grant(db: Db, admin: AdminUser, body: GrantRequest) -> dict[str, UUID]:
    user_id = await service.grant(
        db.conn, admin, body.email, role=body.role, permissions=body.permissions
    )
    return {"user_id": user_id}


@api.delete("/admins/{email}", status_code=HTTP_204_NO_CONTENT)
async def api_revoke(db: Db, admin: AdminUser, email: str) -> None:
    if not await service.revoke(db.conn, admin, email):
        raise AppError(f"{email} is not an admin.", status_code=404)


# Export and deletion of a user ---------------------------------------------------------------


def _export_url(user_id: UUID, export_id: UUID) -> str:
    return f"/api/admin/users/{user_id}/export/{export_id}"


def _export_status(row: dict[str, Any], user_id: UUID) -> dict[str, Any]:
    return export_status(row, _export_url(user_id, row["id"]))


async def _delete(
    db: Db,
    trusted: Trusted,
    services: AppServices,
    background: BackgroundTasks,
    admin: AdminUser,
    user_id: UUID,
    reason: str,
) -> None:
    deleted = await user_data.delete_user(
        db.conn, trusted, services.stripe, services.settings.data_dir, admin, user_id, reason
    )
    background.add_task(send_goodbye, services.mailer, services.mail, deleted.email)


@api.post("/users/{user_id}/export", status_code=202)
async def api_export_user(
    db: Db,
    trusted: Trusted,
    services: AppServices,
    admin: AdminUser,
    user_id: UUID,
    body: AdminAction,
) -> dict[str, str]:
    export_id = await user_data.start_export(
        db.conn, trusted, admin, user_id, body.reason, services.settings.data_dir
    )
    return {
        "id": str(export_id),
        "status": "queued",
        "status_url": _export_url(user_id, export_id),
    }


@api.get("/users/{user_id}/export/{export_id}", response_model=None)
async def api_user_export(
    db: Db, trusted: Trusted, admin: AdminUser, user_id: UUID, export_id: UUID
) -> Response:
    """The zip once it is ready (200); until then its progress (202)."""
    row = await user_data.export_of(db.conn, trusted, admin, user_id, export_id)
    path = row["file_path"]
    if row["status"] != "ready" or not path or not Path(path).is_file():
        status = 200 if row["status"] == "failed" else 202
        return JSONResponse(_export_status(row, user_id), status_code=status)
    return FileResponse(path, media_type="application/zip", filename=f"user-{user_id}-data.zip")


@api.delete("/users/{user_id}", status_code=HTTP_204_NO_CONTENT)
async def api_delete_user(
    db: Db,
    trusted: Trusted,
    services: AppServices,
    background: BackgroundTasks,
    admin: AdminUser,
    user_id: UUID,
    body: AdminAction,
) -> None:
    await _delete(db, trusted, services, background, admin, user_id, body.reason)
