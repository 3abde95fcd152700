"""GET /api/resumes/generations/{id}?wait=S: answered when the render finishes, not at a poll."""

from __future__ import annotations

import asyncio
import threading

import httpx
import psycopg

from resumepilot.db.notify_waiters import NotifyWaiters
from tests.conftest import run_async
from tests.resumes.render_support import bearer, draft_of, queue_render, sign_up
from tests.resumes.web_support import run_render_jobs, sample_resume


def test_a_long_poll_returns_the_finished_generation(client, database_url):
    user = sign_up(client)
    gid = queue_render(client, user, draft_of(client, user, sample_resume()))
    url = f"/api/resumes/generations/{gid}"
    assert client.get(url, headers=bearer(user)).json()["status"] == "processing"

    answers: list[httpx.Response] = []
    poll = threading.Thread(
        target=lambda: answers.append(
            client.get(url, params={"wait": 20}, headers=bearer(user), timeout=60)
        )
    )
    poll.start()
    run_render_jobs(database_url)
    poll.join(60)
    assert answers and answers[0].status_code == 200, answers
    assert answers[0].json()["status"] == "completed"


def test_wait_is_bounded_and_needs_a_signed_in_owner(client):
    owner, other = sign_up(client), sign_up(client)
    gid = queue_render(client, owner, draft_of(client, owner, sample_resume()))
    url = f"/api/resumes/generations/{gid}"
    r = client.get(url, params={"wait": 26}, headers=bearer(owner))
    assert r.status_code == 422
    # Still processing when the wait runs out: the answer says so.
    r = client.get(url, params={"wait": 0.3}, headers=bearer(owner))
    assert r.status_code == 200 and r.json()["status"] == "processing"
    assert client.get(url, params={"wait": 1}, headers=bearer(other)).status_code == 404
    assert client.get(url, params={"wait": 1}).status_code == 401


def test_a_finished_generation_is_announced_to_its_watchers(client, database_url):
    user = sign_up(client)
    gid = queue_render(client, user, draft_of(client, user, sample_resume()))

    async def watch() -> bool:
        waiters = NotifyWaiters(database_url, "resume_generation_finished")
        try:
            with waiters.watch(gid) as finished:
                await asyncio.wait_for(waiters.listening.wait(), 30)  # opened by the watch
                with psycopg.connect(database_url, autocommit=True) as conn:
                    conn.execute(
                        "UPDATE resume_generations SET generation_status = 'failed',"
                        " error_message = 'test' WHERE id = %s",
                        [gid],
                    )
                await asyncio.wait_for(finished.wait(), 30)
                return finished.is_set()
        finally:
            await waiters.close()

    assert run_async(watch)
