"""One user's queue never holds another user's render behind it: each user has at most one
render running, another user's first render goes before a user's second, and a render held
back by its user's lock starts as soon as the lock frees, without waiting for a poll."""

from __future__ import annotations

from datetime import datetime

import psycopg
import pytest

from resumepilot.documents.pool import start_render_processes
from tests.conftest import run_async
from tests.resumes.render_support import (
    draft_of,
    generation_row,
    long_resume,
    queue_render,
    sign_up,
    work_until_done,
)
from tests.resumes.web_support import run_render_jobs, sample_resume

# About 14 pages each: a heavy render, still inside the 20-page budget.
HEAVY_ROLES = 11


def _job_events(database_url: str, generation_ids: list[str]) -> dict[str, dict[str, datetime]]:
    """generation id -> {'started': when, 'succeeded': when} from procrastinate's event log."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT j.args->>'generation_id', e.type::text, e.at FROM procrastinate_events e"
            " JOIN procrastinate_jobs j ON j.id = e.job_id"
            " WHERE j.args->>'generation_id' = ANY(%s) AND e.type IN ('started', 'succeeded')",
            [generation_ids],
        ).fetchall()
    events: dict[str, dict[str, datetime]] = {gid: {} for gid in generation_ids}
    for gid, kind, at in rows:
        events[gid][kind] = at
    return events


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_small_render_goes_before_another_users_queued_heavy_ones(
    client, database_url, concurrency
):
    run_render_jobs(database_url)  # renders other tests left queued are not part of this one
    # Both render processes warm, as a server's worker has them: a process started cold
    # spends about a second on imports and fonts, longer than the heavy renders here.
    run_async(start_render_processes)
    heavy_user, small_user = sign_up(client), sign_up(client)
    heavy = draft_of(client, heavy_user, long_resume(HEAVY_ROLES))
    heavies = [queue_render(client, heavy_user, heavy) for _ in range(3)]
    small = queue_render(client, small_user, draft_of(client, small_user, sample_resume()))

    # Polling once an hour: only notifications wake the worker, so a render that waited for its
    # user's lock and started anyway was announced when the lock freed.
    run_async(
        lambda: work_until_done(
            database_url, [*heavies, small], concurrency=concurrency, polling_seconds=3600
        )
    )

    assert all(generation_row(database_url, g) == ("completed", None) for g in [*heavies, small])
    events = _job_events(database_url, [*heavies, small])
    first, second, third = (events[g] for g in heavies)
    # The small render did not end after the heavy user's second render (first in, first out,
    # it would: with two slots it would only start once one of the first two heavies ended).
    assert events[small]["succeeded"] < second["succeeded"]
    if concurrency == 1:
        # One slot: it also started first. With two, a loaded machine may hand the second slot
        # out a moment late, after the heavy user's first render ended and freed its lock.
        assert events[small]["started"] < second["started"]
    # The heavy user's renders ran one at a time, in the order they were queued.
    assert first["succeeded"] <= second["started"]
    assert second["succeeded"] <= third["started"]
