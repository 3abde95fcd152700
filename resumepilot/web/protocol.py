"""HTTP details every route gets without asking: HEAD is answered wherever GET is."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Pure ASGI middleware: runs a HEAD request as the GET it mirrors and sends the GET's
    status and headers (Content-Length included) without the body, as RFC 9110 asks.

    FastAPI's routes accept only the methods they name, so without this every page and API
    answers HEAD with 405, which breaks link checkers and uptime probes."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body: nothing to send yet
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)
