"""Pages: the Jinja2 environment every feature renders with, CSRF tokens and cookies."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from resumepilot.db.request import Identity
from resumepilot.errors import Forbidden
from resumepilot.web.static_assets import static_url

SESSION_COOKIE = "rp_session"
PRE_SESSION_CSRF_COOKIE = "rp_csrf"
_PACKAGE = Path(__file__).resolve().parent.parent


def _template_dirs() -> list[str]:
    # The page shell lives in web/templates; each feature keeps its pages in its own
    # templates/<feature>/ folder, so a page's name says whose it is.
    dirs = [str(_PACKAGE / "web" / "templates")]
    dirs += [str(p) for p in sorted(_PACKAGE.glob("*/templates")) if p.parent.name != "web"]
    return dirs


templates = Jinja2Templates(directory=_template_dirs())
# Templates are compiled once per process: checking every template file's modification time on
# every page (the default) is work each request would repeat. Restart to see edited templates.
templates.env.auto_reload = False
templates.env.globals["static_url"] = static_url
# Templates the page shell includes above every page's content, in order (billing's payment
# banner): features offer them, create_app registers them, so the shell names no feature.
_banners: list[str] = []
templates.env.globals["site_banners"] = _banners


def register_banner(template: str) -> None:
    """Shows `template` above the content of every page (once, however often it is called)."""
    if template not in _banners:
        _banners.append(template)


def identity_of(request: Request) -> Identity | None:
    """Who the request's transaction acts for, once web.deps has opened it."""
    identity = getattr(request.state, "identity", None)
    return identity if isinstance(identity, Identity) else None


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def csrf_token_for(request: Request) -> str:
    """The token forms must echo back: the session's own, or a pre-session cookie's."""
    identity = identity_of(request)
    if identity and identity.csrf_token:
        return identity.csrf_token
    token = request.cookies.get(PRE_SESSION_CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf_cookie", None) or secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = token
    return token


def verify_csrf(request: Request, submitted: str | None) -> None:
    expected = csrf_token_for(request)
    if not submitted or not hmac.compare_digest(submitted, expected):
        raise Forbidden(
            "This form has expired or was not sent from ResumePilot. Reload the page and try again."
        )


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    ctx = {
        "identity": identity_of(request),
        "csrf_token": csrf_token_for(request),
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    set_pending_csrf_cookie(request, response)
    return response


def set_pending_csrf_cookie(request: Request, response: Response) -> None:
    token = getattr(request.state, "new_csrf_cookie", None)
    if token:
        response.set_cookie(
            PRE_SESSION_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=is_https(request),
            path="/",
        )


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
