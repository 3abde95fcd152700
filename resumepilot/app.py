"""create_app(): settings, pool, routers, error handlers, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from resumepilot.config import Settings
from resumepilot.db.pool import open_pool
from resumepilot.db.trusted import use_trusted_pool
from resumepilot.errors import AppError, NotAuthenticated, TooManyRequests, ValidationFailed
from resumepilot.web.limits import BodySizeLimit
from resumepilot.web.pages import render

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/webhooks/", "/healthz", "/readyz"))


def _error_json(status: int, code: str, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        headers = {}
        if isinstance(exc, TooManyRequests):
            headers["Retry-After"] = str(exc.retry_after_seconds)
        if _is_api(request):
            extra = {"fields": exc.errors} if isinstance(exc, ValidationFailed) else {}
            response = _error_json(exc.status_code, exc.code, exc.message, **extra)
            response.headers.update(headers)
            return response
        if isinstance(exc, NotAuthenticated):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        page = render(request, "error.html", {"message": exc.message}, status_code=exc.status_code)
        page.headers.update(headers)
        return page

    from resumepilot.billing.routes import usage_limit_page
    from resumepilot.billing.service import UsageLimitReached

    @app.exception_handler(UsageLimitReached)
    async def usage_limit(request: Request, exc: UsageLimitReached) -> Response:
        # Any feature may simply raise it: the page shows the limit, the reset date and a link.
        if _is_api(request):
            return _error_json(exc.status_code, exc.code, exc.message, limit=exc.limit,
                               resets_on=exc.resets_on.isoformat(), upgrade_url=exc.upgrade_url)
        return usage_limit_page(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        fields = {}
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            fields[where] = err.get("msg", "invalid value")
        message = "The request is not valid: " + "; ".join(f"{k}: {v}" for k, v in fields.items())
        if _is_api(request):
            return _error_json(422, "invalid_request", message, fields=fields)
        return render(request, "error.html", {"message": message}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "The request was refused."
        if exc.status_code == 404:
            message = "There is nothing at this address."
        if _is_api(request):
            return _error_json(exc.status_code, "http_error", message)
        return render(request, "error.html", {"message": message, "title": "Not found"
                      if exc.status_code == 404 else None}, status_code=exc.status_code)

    @app.exception_handler(PoolTimeout)
    async def database_busy(request: Request, exc: PoolTimeout) -> Response:
        # Every pooled connection stayed busy past the checkout timeout (db/pool.py): overload
        # or a stalled database. Say so and when to retry, rather than answer a 500.
        log.warning("no database connection free on %s %s", request.method, request.url.path)
        message = "ResumePilot is very busy right now. Nothing was saved; try again in a moment."
        response: Response
        if _is_api(request):
            response = _error_json(503, "busy", message)
        else:
            response = render(request, "error.html", {"message": message}, status_code=503)
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = "Something went wrong on our side. Nothing was saved; please try again."
        if _is_api(request):
            return _error_json(500, "internal_error", message)
        return render(request, "error.html", {"message": message}, status_code=500)


def _report_worker_exit(task: asyncio.Task) -> None:
    # A crashed in-process worker must not fail silently: jobs would just stop running.
    if not task.cancelled() and task.exception() is not None:
        log.error("the in-process background worker stopped", exc_info=task.exception())


def create_app(settings: Settings, database_url: str) -> FastAPI:
    """The web application, bound to one database. Migrations must already be applied."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await open_pool(database_url, max_size=settings.pool_max_size,
                                         settings=settings)
        trusted_pool = await open_pool(database_url, max_size=settings.trusted_pool_max_size,
                                       settings=settings)
        use_trusted_pool(app.state.pool, trusted_pool)
        worker = None
        if settings.run_worker_in_process:
            from resumepilot.jobs import run_worker

            worker = asyncio.create_task(run_worker(database_url))
            worker.add_done_callback(_report_worker_exit)
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await worker
            await app.state.pool.close()
            await trusted_pool.close()

    app = FastAPI(title="ResumePilot", version="0.1.0", lifespan=lifespan,
                  description="Resumes written from what job seekers actually said.")
    app.state.settings = settings
    app.state.database_url = database_url

    from resumepilot.auth.routes import api as auth_api
    from resumepilot.auth.routes import pages as auth_pages
    from resumepilot.billing.routes import api as billing_api
    from resumepilot.billing.routes import pages as billing_pages
    from resumepilot.billing.routes import webhooks as billing_webhooks
    from resumepilot.bullets.routes import api as bullets_api
    from resumepilot.bullets.routes import pages as bullets_pages
    from resumepilot.interviews.routes import api as interviews_api
    from resumepilot.interviews.routes import pages as interviews_pages
    from resumepilot.resumes.routes import router as resumes_router
    from resumepilot.web.routes import health, router

    app.include_router(health)
    app.include_router(router)
    app.include_router(auth_pages)
    app.include_router(auth_api)
    app.include_router(interviews_pages)
    app.include_router(interviews_api)
    app.include_router(bullets_pages)
    app.include_router(bullets_api)
    app.include_router(billing_pages)
    app.include_router(billing_api)
    app.include_router(billing_webhooks)
    app.include_router(resumes_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
