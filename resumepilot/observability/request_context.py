"""The request id and who is asking, kept in a context variable for the length of a request.

Log lines written anywhere inside the request (threads that copy the context included) carry
them; the id is returned to the client in X-Request-ID so a support request can quote it.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from uuid import UUID

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
MAX_REQUEST_ID_LENGTH = 128
# What proxies and tracing tools send (UUIDs, hex, base64url, dotted ids); nothing that could
# break a log line or a header.
_ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]*")
QUIET_PATHS = ("/healthz", "/readyz", "/metrics")

access_log = logging.getLogger("resumepilot.access")


@dataclass
class RequestContext:
    request_id: str
    method: str
    path: str
    # Mutable on purpose: code deeper in the request (the auth dependency) fills it in, and
    # the middleware reads it back for the access line even across copied contexts.
    user_id: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("resumepilot_request", default=None)


def current_request() -> RequestContext | None:
    return _current.get()


def current_request_id() -> str | None:
    context = _current.get()
    return context.request_id if context else None


def set_user_id(user_id: UUID | str | None) -> None:
    """Records who is signed in, for every log line of the rest of this request."""
    context = _current.get()
    if context is not None:
        context.user_id = str(user_id) if user_id is not None else None


def accept_or_make_request_id(incoming: str | None) -> str:
    """The caller's id when it is short and plain; otherwise a fresh one."""
    if (
        incoming
        and len(incoming) <= MAX_REQUEST_ID_LENGTH
        and _ACCEPTED_REQUEST_ID.fullmatch(incoming)
    ):
        return incoming
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Gives each HTTP request an id, answers with it, and writes one access line at the end.

    The path is logged without its query string: links carry tokens there.
    """

    def __init__(self, app: ASGIApp, *, quiet_paths: tuple[str, ...] = QUIET_PATHS):
        self.app = app
        self.quiet_paths = quiet_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        context = RequestContext(
            request_id=accept_or_make_request_id(incoming),
            method=scope["method"],
            path=scope["path"],
        )
        token = _current.set(context)
        started = time.perf_counter()
        status = 500  # if the app fails before it answers, the server answers 500
        id_header = (REQUEST_ID_HEADER.lower().encode(), context.request_id.encode())

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), id_header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            self._log_access(context, status, time.perf_counter() - started)
        # Only on success: after an unhandled error the server's error handler, further out,
        # still needs the request id for its own log line.
        _current.reset(token)

    def _log_access(self, context: RequestContext, status: int, seconds: float) -> None:
        if status >= 500:
            level = logging.ERROR
        elif context.path in self.quiet_paths:
            level = logging.DEBUG
        else:
            level = logging.INFO
        duration_ms = round(seconds * 1000, 1)
        access_log.log(
            level,
            "%s %s %s %.1f ms",
            context.method,
            context.path,
            status,
            duration_ms,
            extra={"status": status, "duration_ms": duration_ms},
        )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None
