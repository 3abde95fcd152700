"""Background tasks of accounts: the nightly purge of ended sessions and old login attempts."""

from __future__ import annotations

import logging

from procrastinate import Blueprint, JobContext

from resumepilot.auth import repository as repo
from resumepilot.db.trusted import job_transaction

log = logging.getLogger(__name__)
blueprint = Blueprint()


@blueprint.periodic(cron="17 3 * * *")
@blueprint.task(name="purge_expired_sessions", queue="maintenance", pass_context=True)
async def purge_expired_sessions(context: JobContext, timestamp: int) -> int:
    """Deletes sessions that ended over a week ago and login attempts older than a day."""
    async with job_transaction(context) as conn:
        row = await repo.purge_expired_sessions(conn)
    log.info("purged %s expired sessions and %s old login attempts", row["sessions"], row["tries"])
    return int(row["sessions"])
