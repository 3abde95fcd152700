"""Probes for load balancers and orchestrators: the process is up; it is ready for work.

Ready means the database answers, its schema is current and, where a job worker is required,
one is alive. The answer comes within READY_DEADLINE_SECONDS whatever the database does: a
frozen server (SIGSTOP, a stuck disk) makes queries hang rather than fail.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from resumepilot.db.job_recovery import live_workers
from resumepilot.db.migrate import pending_migrations
from resumepilot.db.pool import ping
from resumepilot.observability.worker_heartbeat import WorkerHeartbeat
from resumepilot.web.deps import AppServices
from resumepilot.web.services import Services

log = logging.getLogger(__name__)
health = APIRouter(tags=["health"])

# Probes commonly give up after 3 s or more; answering a little sooner keeps "503" from
# turning into "no answer".
READY_DEADLINE_SECONDS = 2.5
# Checks abandoned at the deadline, kept referenced until they end (when the database wakes).
_abandoned: set[asyncio.Task[Any]] = set()


@health.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@health.get("/readyz")
async def readyz(request: Request, services: AppServices) -> Response:
    """The database answers, its schema is current and a job worker is alive where required."""
    checks = asyncio.create_task(_readiness_problem(request, services))
    # asyncio.wait, not wait_for: a cancelled psycopg query first waits for the server to
    # confirm the cancel, and a frozen server never does.
    done, _ = await asyncio.wait({checks}, timeout=READY_DEADLINE_SECONDS)
    if not done:
        checks.cancel()
        _abandoned.add(checks)
        checks.add_done_callback(_abandoned.discard)
        return _unavailable(f"the database did not answer within {READY_DEADLINE_SECONDS:g} s")
    try:
        problem = checks.result()
    except Exception as exc:  # any failure means not ready; say which
        return _unavailable(str(exc)[:200] or type(exc).__name__)
    if problem is not None:
        return JSONResponse(problem, status_code=503)
    return JSONResponse({"status": "ready"})


def _unavailable(detail: str) -> Response:
    return JSONResponse({"status": "unavailable", "detail": detail}, status_code=503)


async def _readiness_problem(request: Request, services: Services) -> dict[str, Any] | None:
    await ping(services.pools.requests, timeout=READY_DEADLINE_SECONDS)
    state = request.app.state
    # The schema of a running process only changes by a migration, which a restart follows;
    # once current, it is not asked again (that check opens a connection of its own).
    if not getattr(state, "schema_current", False):
        pending = await asyncio.to_thread(pending_migrations, services.database_url)
        if pending:
            return {"status": "migrations pending", "pending": pending}
        state.schema_current = True
    worker_problem = await _worker_problem(services, getattr(state, "worker_heartbeat", None))
    if worker_problem is not None:
        return {"status": "unavailable", "detail": worker_problem}
    return None


async def _worker_problem(services: Services, heartbeat: WorkerHeartbeat | None) -> str | None:
    settings = services.settings
    required = settings.ready_requires_worker
    if required is None:
        required = heartbeat is not None
    if not required:
        return None
    if heartbeat is not None:
        return heartbeat.problem(settings.worker_stalled_seconds)
    # The worker runs in another process (serve --workers N, `resumepilot worker`): any worker
    # whose heartbeat procrastinate recorded recently will do.
    async with services.pools.requests.connection() as conn:
        alive = await live_workers(conn, settings.worker_stalled_seconds)
    if not alive:
        return (
            f"no background job worker has reported in the last "
            f"{settings.worker_stalled_seconds:g} s; start `resumepilot worker`"
        )
    return None
