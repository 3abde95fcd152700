"""Pages and API of the account lifecycle: forgotten password, email verification, email change.

Mails go out after the answer is sent (BackgroundTasks), so a slow SMTP server neither delays
the page nor tells by its timing whether an address has an account.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from resumepilot.auth.lifecycle import service as lifecycle
from resumepilot.auth.lifecycle.service import MailKit, SendLater
from resumepilot.errors import AppError, ValidationFailed
from resumepilot.web.deps import AppServices, CurrentUser, Db, Trusted
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"])


async def mail_kit_of(services: AppServices) -> MailKit:
    return MailKit(services.mailer, services.mail, services.settings.base_url)


Kit = Annotated[MailKit, Depends(mail_kit_of)]


def _later(background: BackgroundTasks, *mails: SendLater | None) -> None:
    for mail in mails:
        if mail is not None:
            background.add_task(mail)


def _message(request: Request, title: str, message: str, status_code: int = 200) -> Response:
    return render(
        request, "auth/message.html", {"title": title, "message": message}, status_code=status_code
    )


# Pages ---------------------------------------------------------------------------------------


@pages.get("/forgot-password")
async def forgot_page(request: Request, db: Db) -> Response:
    return render(request, "auth/forgot.html", {"active": "login"})


@pages.post("/forgot-password")
async def forgot_submit(
    request: Request,
    db: Db,
    trusted: Trusted,
    kit: Kit,
    background: BackgroundTasks,
    email: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        mail = await lifecycle.request_password_reset(
            trusted, kit, email=email, identity=db.identity
        )
    except ValidationFailed as exc:
        context = {"errors": exc.errors, "email": email[:320]}
        return render(request, "auth/forgot.html", context, status_code=422)
    _later(background, mail)
    return render(request, "auth/forgot.html", {"sent": lifecycle.RESET_REQUESTED})


@pages.get("/reset-password")
async def reset_page(request: Request, db: Db, trusted: Trusted, token: str = "") -> Response:
    if not token or not await lifecycle.reset_link_is_live(trusted, token):
        return _message(request, "Link expired", lifecycle.BAD_LINK, status_code=400)
    return render(request, "auth/reset.html", {"token": token})


@pages.post("/reset-password")
async def reset_submit(
    request: Request,
    db: Db,
    trusted: Trusted,
    token: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        await lifecycle.reset_password(
            trusted, token=token, new_password=password, identity=db.identity
        )
    except ValidationFailed as exc:
        context = {"token": token, "errors": exc.errors}
        return render(request, "auth/reset.html", context, status_code=422)
    except lifecycle.InvalidLink as exc:
        return _message(request, "Link expired", exc.message, status_code=400)
    return RedirectResponse("/login?reset=1", status_code=303)


@pages.get("/verify-email")
async def verify_page(request: Request, db: Db, trusted: Trusted, token: str = "") -> Response:
    try:
        await lifecycle.verify_email(trusted, token=token, identity=db.identity)
    except lifecycle.InvalidLink as exc:
        return _message(request, "Link expired", exc.message, status_code=400)
    return _message(request, "Email confirmed", "Thank you: your email address is confirmed.")


@pages.post("/profile/verify-email")
async def verify_send(
    request: Request,
    user: CurrentUser,
    trusted: Trusted,
    kit: Kit,
    background: BackgroundTasks,
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        _later(background, await lifecycle.request_verification(trusted, kit, user))
    except AppError as exc:
        return _message(request, "Email", exc.message, status_code=exc.status_code)
    return RedirectResponse("/profile?saved=3", status_code=303)


@pages.post("/profile/email")
async def email_change_submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    trusted: Trusted,
    kit: Kit,
    background: BackgroundTasks,
    new_email: str = Form(""),
    email_password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        mails = await lifecycle.request_email_change(
            trusted, kit, user, new_email=new_email, password=email_password
        )
    except ValidationFailed as exc:
        errors = {("new_email" if k == "email" else k): v for k, v in exc.errors.items()}
        return _message(request, "Email not changed", " ".join(errors.values()), status_code=422)
    _later(background, *mails)
    return RedirectResponse("/profile?saved=4", status_code=303)


@pages.get("/email-change")
async def email_change_page(
    request: Request, db: Db, trusted: Trusted, token: str = ""
) -> Response:
    try:
        new_email = await lifecycle.pending_email_change(trusted, token)
    except lifecycle.InvalidLink as exc:
        return _message(request, "Link expired", exc.message, status_code=400)
    return render(request, "auth/email_change.html", {"token": token, "new_email": new_email})


@pages.post("/email-change")
async def email_change_confirm(
    request: Request,
    db: Db,
    trusted: Trusted,
    token: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    try:
        changed = await lifecycle.confirm_email_change(trusted, token=token, identity=db.identity)
    except AppError as exc:
        return _message(request, "Email not changed", exc.message, status_code=exc.status_code)
    if changed:
        return _message(request, "Email changed", "Your account now uses the new address.")
    return _message(
        request,
        "Half way there",
        "Confirmed from this address. Now follow the link we sent to the other address.",
    )


# JSON API ------------------------------------------------------------------------------------


class ResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=320)


class ResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(max_length=200)
    password: str = Field(max_length=1024)


class TokenBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(max_length=200)


class EmailChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    new_email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class Message(BaseModel):
    message: str


class EmailChangeResult(BaseModel):
    changed: bool
    message: str


@api.post("/auth/password-reset", status_code=202)
async def api_reset_request(
    body: ResetRequest, db: Db, trusted: Trusted, kit: Kit, background: BackgroundTasks
) -> Message:
    mail = await lifecycle.request_password_reset(
        trusted, kit, email=body.email, identity=db.identity
    )
    _later(background, mail)
    return Message(message=lifecycle.RESET_REQUESTED)


@api.post("/auth/password-reset/confirm")
async def api_reset_confirm(body: ResetConfirm, db: Db, trusted: Trusted) -> Message:
    await lifecycle.reset_password(
        trusted, token=body.token, new_password=body.password, identity=db.identity
    )
    return Message(message="Your password was changed; every session was signed out.")


@api.post("/auth/verify-email", status_code=202)
async def api_verify_send(
    user: CurrentUser, trusted: Trusted, kit: Kit, background: BackgroundTasks
) -> Message:
    _later(background, await lifecycle.request_verification(trusted, kit, user))
    return Message(message=f"We sent a confirmation link to {user.email}.")


@api.post("/auth/verify-email/confirm")
async def api_verify_confirm(body: TokenBody, db: Db, trusted: Trusted) -> Message:
    await lifecycle.verify_email(trusted, token=body.token, identity=db.identity)
    return Message(message="Your email address is confirmed.")


@api.post("/me/email", status_code=202)
async def api_email_change(
    body: EmailChange,
    user: CurrentUser,
    trusted: Trusted,
    kit: Kit,
    background: BackgroundTasks,
) -> Message:
    mails = await lifecycle.request_email_change(
        trusted, kit, user, new_email=body.new_email, password=body.password
    )
    _later(background, *mails)
    return Message(message="We sent a confirmation link to both addresses; follow both.")


@api.post("/auth/email-change/confirm")
async def api_email_change_confirm(body: TokenBody, db: Db, trusted: Trusted) -> EmailChangeResult:
    changed = await lifecycle.confirm_email_change(trusted, token=body.token, identity=db.identity)
    message = "Your account now uses the new address." if changed else "Now confirm the other one."
    return EmailChangeResult(changed=changed, message=message)
