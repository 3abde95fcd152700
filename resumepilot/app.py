"""create_app(): the web application, assembled from the web kit and the features' routers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI

from resumepilot.admin.routes import api as admin_api
from resumepilot.admin.routes import pages as admin_pages
from resumepilot.analyzer.routes import api as analyzer_api
from resumepilot.analyzer.routes import pages as analyzer_pages
from resumepilot.analyzer.service import MAX_UPLOAD_BYTES as ANALYZER_UPLOAD_BYTES
from resumepilot.auth.lifecycle.routes import api as account_lifecycle_api
from resumepilot.auth.lifecycle.routes import pages as account_lifecycle_pages
from resumepilot.auth.routes import api as auth_api
from resumepilot.auth.routes import pages as auth_pages
from resumepilot.billing.routes import BANNER as BILLING_BANNER
from resumepilot.billing.routes import api as billing_api
from resumepilot.billing.routes import pages as billing_pages
from resumepilot.billing.routes import webhooks as billing_webhooks
from resumepilot.bullets.routes import api as bullets_api
from resumepilot.bullets.routes import pages as bullets_pages
from resumepilot.clients.ai import build_ai
from resumepilot.clients.stripe import build_stripe
from resumepilot.config import Settings
from resumepilot.dashboard.routes import api as dashboard_api
from resumepilot.dashboard.routes import pages as dashboard_pages
from resumepilot.db.notify_waiters import NotifyWaiters
from resumepilot.db.pool import Pools
from resumepilot.interviews.routes import api as interviews_api
from resumepilot.interviews.routes import pages as interviews_pages
from resumepilot.jobs_supervision import supervise_worker, supervision_for
from resumepilot.letters.routes import api as letters_api
from resumepilot.letters.routes import pages as letters_pages
from resumepilot.mail.configured import mail_kit
from resumepilot.observability.http_metrics import MetricsMiddleware, metrics_router
from resumepilot.observability.metrics import Metrics
from resumepilot.observability.request_context import RequestContextMiddleware
from resumepilot.privacy.routes import api as privacy_api
from resumepilot.privacy.routes import pages as privacy_pages
from resumepilot.resumes.routes import router as resumes_router
from resumepilot.voice.models import VoiceSettings
from resumepilot.voice.routes import api as voice_api
from resumepilot.voice.routes import pages as voice_pages
from resumepilot.web.errors import install_error_handlers
from resumepilot.web.health import health
from resumepilot.web.limits import BodySizeLimit
from resumepilot.web.pages import register_banner
from resumepilot.web.protocol import HeadAsGet
from resumepilot.web.security_headers import SecurityHeaders
from resumepilot.web.services import Services
from resumepilot.web.static_assets import VersionedStaticFiles, serve_static
from resumepilot.web.text_input import TextInputCheck

log = logging.getLogger(__name__)
# Routers in the order their routes are matched.
ROUTERS = (
    health,
    dashboard_pages,
    auth_pages,
    auth_api,
    account_lifecycle_pages,
    account_lifecycle_api,
    dashboard_api,
    interviews_pages,
    interviews_api,
    bullets_pages,
    bullets_api,
    billing_pages,
    billing_api,
    billing_webhooks,
    resumes_router,
    admin_pages,
    admin_api,
    voice_pages,
    voice_api,
    analyzer_pages,
    analyzer_api,
    letters_pages,
    letters_api,
    privacy_pages,
    privacy_api,
)
# Served under /static/: the shared stylesheet first, then each feature's own scripts.
STATIC_PACKAGES = (
    "admin",
    "auth",
    "billing",
    "bullets",
    "dashboard",
    "interviews",
    "resumes",
    "voice",
    "analyzer",
    "letters",
)


def _static_files() -> VersionedStaticFiles:
    web_static = Path(str(files("resumepilot.web") / "static"))
    features: list[str | tuple[str, str]] = [
        (f"resumepilot.{name}", "static")
        for name in STATIC_PACKAGES
        if (files(f"resumepilot.{name}") / "static").is_dir()
    ]
    return serve_static(VersionedStaticFiles(directory=web_static, packages=features))


def _report_worker_exit(task: asyncio.Task[None]) -> None:
    # The supervisor only ends when cancelled; anything else would leave jobs never running.
    if not task.cancelled() and task.exception() is not None:
        log.error("the in-process worker's supervisor stopped", exc_info=task.exception())


def create_app(settings: Settings, database_url: str) -> FastAPI:
    """The web application, bound to one database. Migrations must already be applied.

    Outside clients are built here, once; the pools open when the server starts."""
    ai = build_ai(settings)
    stripe = build_stripe(settings)
    metrics = Metrics()
    mailer, mail = mail_kit(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pools = await Pools.open(
            database_url,
            requests_max=settings.pool_max_size,
            trusted_max=settings.trusted_pool_max_size,
            settings=settings,
        )
        metrics.watch_pool("requests", pools.requests)
        metrics.watch_pool("trusted", pools.trusted)
        app.state.services = Services(
            settings=settings,
            database_url=database_url,
            pools=pools,
            ai=ai,
            stripe=stripe,
            metrics=metrics,
            mailer=mailer,
            mail=mail,
            generation_finished=NotifyWaiters(database_url, "resume_generation_finished"),
        )
        worker = None
        app.state.worker_heartbeat = None  # read by /readyz
        if settings.run_worker_in_process:
            supervision = supervision_for(settings, database_url, metrics=metrics)
            app.state.worker_heartbeat = supervision.heartbeat
            worker = asyncio.create_task(supervise_worker(supervision))
            worker.add_done_callback(_report_worker_exit)
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await worker
            await app.state.services.generation_finished.close()
            await pools.close()

    app = FastAPI(
        title="ResumePilot",
        version="0.1.0",
        lifespan=lifespan,
        description="Resumes written from what job seekers actually said.",
    )
    app.include_router(metrics_router(metrics, bearer_token=settings.metrics_token))
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", _static_files(), name="static")
    register_banner(BILLING_BANNER)
    install_error_handlers(app)
    # Recordings and resumes to analyze are larger than any form: their routes get their own
    # upload limit (plus the multipart envelope); the decoder or reader checks the file again.
    upload_limit = VoiceSettings.from_env(settings.data_dir).upload_max_bytes + 64_000
    # Inside the size limit, which bounds the bodies it reads whole.
    app.add_middleware(TextInputCheck)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        larger_limits=(
            ("/voice/", upload_limit),
            ("/api/voice/", upload_limit),
            ("/analyzer", ANALYZER_UPLOAD_BYTES + 64_000),
            ("/api/analyzer", ANALYZER_UPLOAD_BYTES + 64_000),
        ),
    )
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders, settings=settings)
    # Added last, so outermost: every request is timed and carries an id, refusals included.
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestContextMiddleware)
    return app
