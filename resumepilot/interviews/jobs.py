"""Background tasks of interviews: the nightly upkeep, across every user's interviews."""

from __future__ import annotations

import logging

from procrastinate import Blueprint, JobContext

from resumepilot.db.trusted import job_transaction
from resumepilot.interviews import repository as repo

log = logging.getLogger(__name__)
blueprint = Blueprint()


@blueprint.periodic(cron="41 3 * * *")
@blueprint.task(name="abandon_idle_interviews", queue="maintenance", pass_context=True)
async def abandon_idle_interviews(context: JobContext, timestamp: int) -> int:
    """Marks chat interviews idle for ABANDON_AFTER as abandoned (they can still be resumed),
    so the completion-rate monitoring query counts them as they are."""
    async with job_transaction(context) as conn:
        count = await repo.abandon_idle_sessions(conn)
    log.info("marked %s idle interviews abandoned", count)
    return count
