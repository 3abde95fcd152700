"""Nightly upkeep of interviews (runs in the worker, as the owner: all users at once)."""

from __future__ import annotations

import logging

from resumepilot.interviews.repository import ABANDON_AFTER
from resumepilot.jobs import tasks

log = logging.getLogger(__name__)


@tasks.periodic(cron="41 3 * * *")
@tasks.task(name="abandon_idle_interviews", queue="maintenance", pass_context=True)
async def abandon_idle_interviews(context, timestamp: int) -> int:
    """Marks chat interviews idle for ABANDON_AFTER as abandoned (they can still be resumed),
    so the completion-rate monitoring query counts them as they are."""
    row = await context.app.connector.execute_query_one_async(
        f"""
        WITH idle AS (
          UPDATE interview_sessions s SET status = 'abandoned'
           WHERE s.status = 'active' AND s.session_type = 'chat'
             AND COALESCE((SELECT max(t.created_at) FROM interview_turns t
                           WHERE t.session_id = s.id), s.created_at)
                 < now() - interval '{ABANDON_AFTER}'
          RETURNING 1)
        SELECT count(*) AS n FROM idle
        """
    )
    log.info("marked %s idle interviews abandoned", row["n"])
    return int(row["n"])
