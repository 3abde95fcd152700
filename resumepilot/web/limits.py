"""Refuses request bodies over the configured size before anything reads them."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resumepilot.errors import BodyTooLarge
from resumepilot.web.errors import RefusedWhileReading, send_error


class BodySizeLimit:
    """Pure ASGI middleware: checks Content-Length, and counts chunked bodies as they stream."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, larger_limits: tuple[tuple[str, int], ...] = ()
    ):
        self.app = app
        self.max_bytes = max_bytes
        # (path prefix, limit): routes that take files (recordings) larger than any form.
        self.larger_limits = larger_limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = next((n for p, n in self.larger_limits if path.startswith(p)), self.max_bytes)
        await self._limited(scope, receive, send, limit)

    async def _limited(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await send_error(scope, receive, send, BodyTooLarge(max_bytes))
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise RefusedWhileReading(BodyTooLarge(max_bytes))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except RefusedWhileReading as refused:
            # Reached only when the body was read outside a route (a middleware); a route's
            # read is answered by web.errors.
            if not started:
                await send_error(scope, receive, send, refused.error)
