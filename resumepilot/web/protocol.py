"""HTTP details every route gets without asking: HEAD is answered wherever GET is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def every_route(routes: Iterable[Any]) -> Iterable[Any]:
    """Each route of the app with its full path, `path_regex` and `methods`, whatever the
    FastAPI version: newer ones keep an included router as one entry of app.routes."""
    try:
        from fastapi.routing import iter_route_contexts  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # older FastAPI lists the included routes themselves
        return routes
    return iter_route_contexts(list(routes))  # type: ignore[no-any-return,unused-ignore]


def methods_at(routes: Iterable[Any], path: str) -> list[str]:
    """Every method some route accepts at `path` (HEAD wherever GET is: see HeadAsGet)."""
    methods: set[str] = set()
    for route in every_route(routes):
        pattern, route_methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if pattern is not None and route_methods and pattern.match(path):
            methods |= set(route_methods)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


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
