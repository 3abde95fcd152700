"""At most 3 renders waiting per user, however many requests arrive at once."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import psycopg

from tests.conftest import STRONG_PASSWORD, run_async, unique_email
from tests.resumes.web_support import bearer, create_draft, jobs_for

PARALLEL = 20
MAX_WAITING = 3


def test_parallel_render_requests_get_at_most_three_in(client, api_user, database_url):
    draft = create_draft(client, api_user)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=str(client.base_url), timeout=120) as c:
            return await asyncio.gather(
                *[
                    c.post(
                        f"/api/resumes/drafts/{draft['id']}/generations", headers=bearer(api_user)
                    )
                    for _ in range(PARALLEL)
                ]
            )

    replies = run_async(burst)
    statuses = Counter(r.status_code for r in replies)
    # 503 only when the machine is so busy that no pooled connection came free in time.
    assert set(statuses) <= {202, 429, 503}, statuses
    assert statuses[202] == MAX_WAITING and statuses[429] > 0, statuses
    refused = next(r for r in replies if r.status_code == 429)
    assert (
        "You already have 3 resumes rendering; wait for one to finish"
        in refused.json()["error"]["message"]
    )
    assert int(refused.headers["retry-after"]) > 0
    with psycopg.connect(database_url) as conn:
        waiting = conn.execute(
            "SELECT id FROM resume_generations WHERE user_id = %s"
            " AND generation_status = 'processing'",
            [api_user["user_id"]],
        ).fetchall()
    # Refused requests left no generation and no job behind; each admitted one has its job.
    assert len(waiting) == MAX_WAITING
    assert all(len(jobs_for(database_url, str(gid))) == 1 for (gid,) in waiting)
    # Another user's renders are not held up by this user's.
    signed_up = client.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    ).json()
    other_user = {"token": signed_up["access_token"]}
    theirs = client.post(
        f"/api/resumes/drafts/{create_draft(client, other_user)['id']}/generations",
        headers=bearer(other_user),
    )
    assert theirs.status_code == 202, theirs.text
