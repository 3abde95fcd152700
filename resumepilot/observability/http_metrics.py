"""Request metrics as ASGI middleware, and the `/metrics` endpoint."""

from __future__ import annotations

import hmac
import threading
import time
from wsgiref.simple_server import WSGIServer

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import start_http_server
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resumepilot.observability.metrics import Metrics

# Anything else (a client may send any word) is counted as "other": labels stay few.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "unmatched"


class MetricsMiddleware:
    """Counts and times every HTTP request under its route template (/resumes/{id}, not
    /resumes/42), so that the number of series does not grow with the URLs clients try."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # Read before the app runs: routing rewrites both while it descends into mounts.
        outer_root_path = scope.get("root_path", "")
        outer_app = scope.get("app")
        status = 500  # if the app fails before it answers, the server answers 500

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "other"
            route = route_template(scope, outer_root_path, outer_app)
            self.metrics.request_finished(method, route, status, time.perf_counter() - started)
            self.metrics.refresh_pools_now_and_then()


def route_template(scope: Scope, outer_root_path: str = "", outer_app: object = None) -> str:
    """The template of the route that answered, with the prefixes of any mounts on the way."""
    route = scope.get("route")
    if route is None:
        # FastAPI's router records its own routes only; a mount (static files) is found here.
        return _mount_taking(scope, outer_root_path, outer_app) or UNMATCHED_ROUTE
    # Each mount on the way appended its prefix to root_path.
    mounted_under = str(scope.get("root_path", ""))[len(outer_root_path) :]
    if isinstance(route, Mount):  # e.g. static files: one series for the whole mount
        return f"{mounted_under}/{{path}}"
    return mounted_under + str(getattr(route, "path", UNMATCHED_ROUTE))


def _mount_taking(scope: Scope, outer_root_path: str, outer_app: object) -> str | None:
    path = str(scope.get("path", ""))
    if outer_root_path and path.startswith(outer_root_path):
        path = path[len(outer_root_path) :]
    for candidate in getattr(outer_app, "routes", ()):
        if isinstance(candidate, Mount) and path.startswith(candidate.path.rstrip("/") + "/"):
            return candidate.path.rstrip("/") + "/{path}"
    return None


def metrics_router(
    metrics: Metrics, *, bearer_token: str | None = None, path: str = "/metrics"
) -> APIRouter:
    """`GET /metrics` in Prometheus' text format. With a token, only for `Bearer <token>`."""
    router = APIRouter()

    @router.get(path, include_in_schema=False)
    def scrape(request: Request) -> Response:
        if bearer_token is not None:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {bearer_token}".encode()):
                return PlainTextResponse(
                    "A bearer token is required to read the metrics.\n",
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    return router


def serve_metrics_over_http(
    metrics: Metrics, port: int, address: str = "127.0.0.1"
) -> tuple[WSGIServer, threading.Thread]:
    """For a process without a web app (`resumepilot worker`): /metrics on its own port.

    Returns the server and its thread; `server.shutdown()` stops it.
    """
    if metrics.multiprocess:
        raise RuntimeError(
            "In multiprocess mode the web app's /metrics already shows every "
            "process's series; do not start a second endpoint."
        )
    return start_http_server(port, addr=address, registry=metrics.registry)
