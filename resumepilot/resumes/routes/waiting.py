"""Long-polling a generation: read it, and while it is processing, wait for it to finish."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any
from uuid import UUID

from fastapi import Query, Request

from resumepilot.resumes import service
from resumepilot.web.deps import services_of, user_transactions

# Re-read at least this often, even with no notification (one lost in a database restart).
RECHECK_SECONDS = 2.0
MAX_WAIT_SECONDS = 25.0

WaitSeconds = Query(
    0,
    ge=0,
    le=MAX_WAIT_SECONDS,
    description="Seconds to wait while the generation is processing (long poll)",
)


async def generation_after_wait(
    request: Request, generation_id: UUID, wait: float
) -> dict[str, Any]:
    """The caller's generation, once it is no longer processing or `wait` seconds have passed.

    No database connection is held while waiting: each read is its own short transaction, and
    the commit that finishes the render wakes the wait (NOTIFY, migration 0019).
    """
    transactions = user_transactions(request)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    # Watching starts before the first read, so a render finishing in between is not missed.
    with services_of(request).generation_finished.watch(str(generation_id)) as finished:
        while True:
            finished.clear()
            async with transactions() as conn:
                row = await service.load_generation(conn, generation_id)
            left = deadline - loop.time()
            if row["generation_status"] != "processing" or left <= 0:
                return row
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(finished.wait(), min(left, RECHECK_SECONDS))
