"""How failures reach the caller: one JSON error envelope for the API, one page for browsers.

    {"error": {"code": "usage_limit_reached", "message": "...", ...details}}

Any code may raise an AppError (errors.py); the handlers installed by install_error_handlers
render it, and nothing else builds an error response by hand.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from resumepilot.errors import (
    AppError,
    BodyTooLarge,
    MethodNotAllowed,
    NotAuthenticated,
    PageNotFound,
    ServiceBusy,
)
from resumepilot.observability.request_context import REQUEST_ID_HEADER, current_request_id
from resumepilot.web.pages import SESSION_COOKIE, identity_of, render
from resumepilot.web.protocol import methods_at

log = logging.getLogger(__name__)
# Paths answered in JSON; everything else is a page.
API_PREFIXES = ("/api/", "/webhooks/", "/healthz", "/readyz")
UNEXPECTED_MESSAGE = "Something went wrong on our side. Nothing was saved; please try again."


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIXES)


def error_body(code: str, message: str, **details: Any) -> dict[str, Any]:
    """The one error envelope."""
    return {"error": {"code": code, "message": message, **details}}


def json_error(status: int, code: str, message: str, **details: Any) -> JSONResponse:
    return JSONResponse(error_body(code, message, **details), status_code=status)


def error_json(exc: AppError) -> JSONResponse:
    """An AppError as the API answers it."""
    response = json_error(exc.status_code, exc.code, exc.message, **exc.details())
    response.headers.update(exc.headers())
    return response


def error_response(request: Request, exc: AppError) -> Response:
    """An AppError as the caller gets it: JSON for the API, the sign-in page for a browser
    that is not signed in, else the error's page."""
    if is_api(request):
        return error_json(exc)
    if isinstance(exc, NotAuthenticated):
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(wanted, safe='/')}", status_code=303)
    page = render(request, exc.page_template, exc.page_context(), status_code=exc.status_code)
    page.headers.update(exc.headers())
    return page


class RefusedWhileReading(HTTPException):
    """An AppError raised from inside a request body stream (a middleware's receive). It is an
    HTTPException so that the framework's body parser passes it on rather than turning it into
    a 400; the handler below renders the AppError it carries."""

    def __init__(self, error: AppError):
        super().__init__(error.status_code, error.message)
        self.error = error


def app_error_for(request: Request, exc: HTTPException) -> AppError:
    """The AppError a framework HTTPException stands for, so it renders like any other."""
    if isinstance(exc, RefusedWhileReading):
        return exc.error
    if exc.status_code == 404:
        return PageNotFound()
    if exc.status_code == 405:
        return MethodNotAllowed(request.method, methods_at(request.app.routes, request.url.path))
    if exc.status_code == 413:
        return BodyTooLarge()
    message = exc.detail if isinstance(exc.detail, str) else "The request was refused."
    if exc.status_code == 401:
        return NotAuthenticated(message)
    error = AppError(message, status_code=exc.status_code)
    error.code = "http_error"
    return error


async def send_error(scope: Scope, receive: Receive, send: Send, exc: AppError) -> None:
    """Answers an AppError from an ASGI middleware, before any route ran, in the usual shape."""
    request = Request(scope, receive)
    await error_response(request, exc)(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        fields = {}
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            fields[where] = err.get("msg", "invalid value")
        message = "The request is not valid: " + "; ".join(f"{k}: {v}" for k, v in fields.items())
        if is_api(request):
            return json_error(422, "invalid_request", message, fields=fields)
        return render(request, "error.html", {"message": message}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # The framework's own refusals (no route, wrong method, body over the limit) take
        # the same shape as ours.
        if exc.status_code == 404:
            await _learn_identity(request)
        response = error_response(request, app_error_for(request, exc))
        for name, value in (exc.headers or {}).items():
            response.headers.setdefault(name, value)
        return response

    async def _learn_identity(request: Request) -> None:
        """Reads the session of a page no route matched, so a signed-in visitor's 404 shows
        the signed-in menu; failing that, the page shows the anonymous one."""
        if identity_of(request) is not None or not request.cookies.get(SESSION_COOKIE):
            return
        from resumepilot.web.deps import request_db

        try:
            async for _ in request_db(request):
                pass
        except Exception:  # a 404 page must not fail for want of a menu
            log.warning("could not read the session for a not-found page", exc_info=True)

    @app.exception_handler(PoolTimeout)
    async def database_busy(request: Request, exc: PoolTimeout) -> Response:
        log.warning("no database connection free on %s %s", request.method, request.url.path)
        return error_response(request, ServiceBusy())

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        # This handler runs outside the request-id middleware, so it adds the id itself: a
        # user quoting it lets the operator find the traceback in the log.
        request_id = current_request_id()
        response: Response
        if is_api(request):
            response = json_error(500, "internal_error", UNEXPECTED_MESSAGE, request_id=request_id)
        else:
            message = UNEXPECTED_MESSAGE
            if request_id:
                message += f" If it happens again, tell us this reference: {request_id}."
            response = render(request, "error.html", {"message": message}, status_code=500)
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        for name, value in getattr(request.state, "security_headers", ()):
            response.headers[name.decode()] = value.decode()
        return response
