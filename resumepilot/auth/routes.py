"""Accounts: sign-up, login, logout and profile pages, and the same through the JSON API."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from resumepilot.auth import service
from resumepilot.auth.lifecycle import service as lifecycle
from resumepilot.auth.lifecycle.routes import Kit
from resumepilot.auth.lifecycle.service import MailKit, verification_after_signup
from resumepilot.auth.models import Credentials, TokenResponse
from resumepilot.errors import AppError, NotAuthenticated, ValidationFailed
from resumepilot.web.deps import AppSettings, CurrentUser, Db, Trusted
from resumepilot.web.pages import clear_session_cookie, render, set_session_cookie, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"])


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(raw: str | None) -> str:
    """Where to go after logging in: a path on this site only ("/resumes?x=1"), never another
    site ("//evil.example", "https://…", "/\\evil"), else the dashboard."""
    value = (raw or "").strip()
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or len(value) > 2000
        or any(ord(c) < 32 or c == "\\" for c in value)
    ):
        return "/dashboard"
    return value


async def _mail_verification(
    trusted: Trusted, kit: MailKit, background: BackgroundTasks, new: service.NewSession
) -> None:
    """The new account's confirmation mail, sent after the answer."""
    send = await verification_after_signup(trusted, kit, new.user_id)
    if send is not None:
        background.add_task(send)


def _start_browser_session(request: Request, new: service.NewSession, to: str) -> Response:
    response = _redirect(to)
    max_age = int((new.expires_at - datetime.now(UTC)).total_seconds())
    set_session_cookie(request, response, new.token, max_age)
    return response


@pages.get("/signup")
async def signup_page(request: Request, db: Db) -> Response:
    if db.identity.user_id:
        return _redirect("/dashboard")
    return render(request, "auth/signup.html", {"active": "signup"})


@pages.post("/signup")
async def signup_submit(
    request: Request,
    db: Db,
    trusted: Trusted,
    settings: AppSettings,
    kit: Kit,
    background: BackgroundTasks,
    email: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        new = await service.sign_up(
            trusted, settings, email=email, password=password, identity=db.identity, kind="browser"
        )
    except ValidationFailed as exc:
        return render(
            request,
            "auth/signup.html",
            {"errors": exc.errors, "email": email[:320]},
            status_code=422,
        )
    await _mail_verification(trusted, kit, background, new)
    return _start_browser_session(request, new, "/dashboard")


@pages.get("/login")
async def login_page(request: Request, db: Db, next: str = "", reset: int = 0) -> Response:
    if db.identity.user_id:
        return _redirect(safe_next(next))
    wanted = safe_next(next)
    notice = "Your password was changed. Log in with the new one." if reset else None
    return render(
        request,
        "auth/login.html",
        {
            "active": "login",
            "next": "" if wanted == "/dashboard" else wanted,
            "notice": notice,
        },
    )


@pages.post("/login")
async def login_submit(
    request: Request,
    db: Db,
    trusted: Trusted,
    settings: AppSettings,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        new = await service.log_in(
            trusted, settings, email=email, password=password, identity=db.identity, kind="browser"
        )
    except AppError as exc:
        return render(
            request,
            "auth/login.html",
            {"error": exc.message, "email": email[:320], "next": safe_next(next)},
            status_code=exc.status_code,
        )
    return _start_browser_session(request, new, safe_next(next))


@pages.post("/logout")
async def logout_submit(
    request: Request, db: Db, trusted: Trusted, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    await service.log_out(trusted, db.identity)
    response = _redirect("/login?logged_out=1")
    clear_session_cookie(response)
    return response


@pages.get("/profile")
async def profile_page(
    request: Request, db: Db, user: CurrentUser, trusted: Trusted, saved: int = 0
) -> Response:
    profile = await service.get_profile(db.conn) or {}
    flash = {
        1: "Profile saved.",
        2: "Password changed. Other sessions were signed out.",
        3: "We sent you a link to confirm your email address.",
        4: "We sent a confirmation link to both addresses; the change happens once both confirm.",
    }
    confirmed = await lifecycle.email_is_confirmed(trusted, user.id)
    return render(
        request,
        "auth/profile.html",
        {
            "active": "profile",
            "profile": profile,
            "flash": flash.get(saved),
            "email_confirmed": confirmed,
        },
    )


@pages.post("/profile")
async def profile_submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    full_name: str = Form(""),
    job_title: str = Form(""),
    company: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    submitted: dict[str, str | None] = {
        "full_name": full_name,
        "job_title": job_title,
        "company": company,
    }
    try:
        await service.update_profile(db.conn, user, submitted)
    except ValidationFailed as exc:
        return render(
            request,
            "auth/profile.html",
            {"active": "profile", "profile": submitted, "errors": exc.errors},
            status_code=422,
        )
    return _redirect("/profile?saved=1")


@pages.post("/profile/password")
async def password_submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    trusted: Trusted,
    current_password: str = Form(""),
    new_password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        await service.change_password(trusted, user, current=current_password, new=new_password)
    except ValidationFailed as exc:
        profile = await service.get_profile(db.conn) or {}
        return render(
            request,
            "auth/profile.html",
            {"active": "profile", "profile": profile, "password_errors": exc.errors},
            status_code=422,
        )
    return _redirect("/profile?saved=2")


# JSON API -----------------------------------------------------------------------------------


def _token_response(new: service.NewSession) -> TokenResponse:
    return TokenResponse(access_token=new.token, expires_at=new.expires_at, user_id=new.user_id)


@api.post("/auth/signup", status_code=201)
async def api_signup(
    body: Credentials,
    db: Db,
    trusted: Trusted,
    settings: AppSettings,
    kit: Kit,
    background: BackgroundTasks,
) -> TokenResponse:
    new = await service.sign_up(
        trusted,
        settings,
        email=body.email,
        password=body.password,
        identity=db.identity,
        kind="api",
    )
    await _mail_verification(trusted, kit, background, new)
    return _token_response(new)


@api.post("/auth/login")
async def api_login(
    body: Credentials, db: Db, trusted: Trusted, settings: AppSettings
) -> TokenResponse:
    new = await service.log_in(
        trusted,
        settings,
        email=body.email,
        password=body.password,
        identity=db.identity,
        kind="api",
    )
    return _token_response(new)


@api.post("/auth/logout", status_code=204)
async def api_logout(db: Db, trusted: Trusted) -> Response:
    if db.identity.user is None:
        raise NotAuthenticated("This token is not valid (it may already be revoked).")
    await service.log_out(trusted, db.identity)
    return Response(status_code=204)
