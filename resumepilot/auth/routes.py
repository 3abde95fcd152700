"""Accounts: sign-up, login, logout and profile pages, and the same through the JSON API."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from resumepilot.auth import repository as repo
from resumepilot.auth import service
from resumepilot.auth.deps import UserDb
from resumepilot.auth.models import Credentials, Me, ProfileUpdate, TokenResponse
from resumepilot.db.request import Db
from resumepilot.errors import AppError, NotAuthenticated, ValidationFailed
from resumepilot.web.pages import clear_session_cookie, render, set_session_cookie, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"])


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _start_browser_session(request: Request, new: service.NewSession, to: str) -> Response:
    response = _redirect(to)
    max_age = int((new.expires_at - datetime.now(UTC)).total_seconds())
    set_session_cookie(request, response, new.token, max_age)
    return response


@pages.get("/signup")
async def signup_page(request: Request, db: Db) -> Response:
    if db.identity.user_id:
        return _redirect("/dashboard")
    return render(request, "signup.html", {"active": "signup"})


@pages.post("/signup")
async def signup_submit(
    request: Request, db: Db, email: str = Form(""), password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        new = await service.sign_up(request.app.state.pool, request.app.state.settings,
                                    email=email, password=password, identity=db.identity,
                                    kind="browser")
    except ValidationFailed as exc:
        return render(request, "signup.html", {"errors": exc.errors, "email": email[:320]},
                      status_code=422)
    return _start_browser_session(request, new, "/dashboard")


@pages.get("/login")
async def login_page(request: Request, db: Db) -> Response:
    if db.identity.user_id:
        return _redirect("/dashboard")
    return render(request, "login.html", {"active": "login"})


@pages.post("/login")
async def login_submit(
    request: Request, db: Db, email: str = Form(""), password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        new = await service.log_in(request.app.state.pool, request.app.state.settings,
                                   email=email, password=password, identity=db.identity,
                                   kind="browser")
    except AppError as exc:
        return render(request, "login.html", {"error": exc.message, "email": email[:320]},
                      status_code=exc.status_code)
    return _start_browser_session(request, new, "/dashboard")


@pages.post("/logout")
async def logout_submit(request: Request, db: Db, csrf_token: str = Form("")) -> Response:
    verify_csrf(request, csrf_token)
    await service.log_out(request.app.state.pool, db.identity)
    response = _redirect("/login?logged_out=1")
    clear_session_cookie(response)
    return response


@pages.get("/profile")
async def profile_page(request: Request, db: UserDb, saved: int = 0) -> Response:
    profile = await repo.get_profile(db.conn) or {}
    flash = {1: "Profile saved.", 2: "Password changed. Other sessions were signed out."}
    return render(request, "profile.html", {"active": "profile", "profile": profile,
                                             "flash": flash.get(saved)})


@pages.post("/profile")
async def profile_submit(
    request: Request, db: UserDb, full_name: str = Form(""), job_title: str = Form(""),
    company: str = Form(""), csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    submitted = {"full_name": full_name, "job_title": job_title, "company": company}
    try:
        await service.update_profile(db, submitted)
    except ValidationFailed as exc:
        return render(request, "profile.html", {"active": "profile", "profile": submitted,
                                                 "errors": exc.errors}, status_code=422)
    return _redirect("/profile?saved=1")


@pages.post("/profile/password")
async def password_submit(
    request: Request, db: UserDb, current_password: str = Form(""),
    new_password: str = Form(""), csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        await service.change_password(request.app.state.pool, db.identity,
                                      current=current_password, new=new_password)
    except ValidationFailed as exc:
        profile = await repo.get_profile(db.conn) or {}
        return render(request, "profile.html", {"active": "profile", "profile": profile,
                                                 "password_errors": exc.errors}, status_code=422)
    return _redirect("/profile?saved=2")


# JSON API -----------------------------------------------------------------------------------


def _token_response(new: service.NewSession) -> TokenResponse:
    return TokenResponse(access_token=new.token, expires_at=new.expires_at, user_id=new.user_id)


@api.post("/auth/signup", status_code=201)
async def api_signup(request: Request, body: Credentials, db: Db) -> TokenResponse:
    new = await service.sign_up(request.app.state.pool, request.app.state.settings,
                                email=body.email, password=body.password, identity=db.identity,
                                kind="api")
    return _token_response(new)


@api.post("/auth/login")
async def api_login(request: Request, body: Credentials, db: Db) -> TokenResponse:
    new = await service.log_in(request.app.state.pool, request.app.state.settings,
                               email=body.email, password=body.password, identity=db.identity,
                               kind="api")
    return _token_response(new)


@api.post("/auth/logout", status_code=204)
async def api_logout(request: Request, db: Db) -> Response:
    if db.identity.user_id is None:
        raise NotAuthenticated("This token is not valid (it may already be revoked).")
    await service.log_out(request.app.state.pool, db.identity)
    return Response(status_code=204)


async def _me(db: UserDb) -> Me:
    row = await repo.account_overview(db.conn)
    if row is None:  # the account was deleted while this session was still open
        raise NotAuthenticated("This account no longer exists.")
    return Me(id=db.identity.user_id, email=db.identity.email or "", **{
        k: row[k] for k in ("full_name", "job_title", "company", "plan_name",
                            "interviews_remaining", "cover_letters_remaining", "is_admin")})


@api.get("/me")
async def api_me(db: UserDb) -> Me:
    return await _me(db)


@api.patch("/me")
async def api_update_me(body: ProfileUpdate, db: UserDb) -> Me:
    await service.update_profile(db, body.model_dump(exclude_unset=True))
    return await _me(db)
