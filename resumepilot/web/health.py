"""Probes for load balancers and orchestrators: the process is up; the database is ready."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.responses import Response

from resumepilot.db.migrate import pending_migrations
from resumepilot.db.pool import ping
from resumepilot.web.deps import AppServices

health = APIRouter(tags=["health"])


@health.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@health.get("/readyz")
async def readyz(services: AppServices) -> Response:
    """The database answers and its schema is current."""
    try:
        await ping(services.pools.requests)
        pending = await asyncio.to_thread(pending_migrations, services.database_url)
    except Exception as exc:  # any failure means not ready; say which
        return JSONResponse({"status": "unavailable", "detail": str(exc)[:200]}, status_code=503)
    if pending:
        return JSONResponse({"status": "migrations pending", "pending": pending}, status_code=503)
    return JSONResponse({"status": "ready"})
