"""Helpers for the render budget, fairness and retry tests: resumes of a chosen length, a
server that accepts them, and a job worker run until given generations are done."""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import Iterable
from typing import Any

import httpx
import psycopg

from resumepilot.jobs import build_job_app
from tests.conftest import STRONG_PASSWORD, unique_email
from tests.resumes.web_support import bearer, sample_resume

# Each role of long_resume() with 30 one-line bullets lays out to about 1.3 pages.
PAGES_PER_ROLE = 1.3


def long_resume(roles: int, *, words: int = 6, variant: int | None = None) -> dict[str, Any]:
    """The sample resume with `roles` roles of 30 bullets each (60 roles: about 78 pages).

    Typst memoises layouts, so a benchmark that renders the same length again gives each render
    a `variant` of its own text (bench/render_budget.py uses this helper too).
    """
    data = sample_resume()
    base = data["work"][0]
    data["work"] = []
    tag = "" if variant is None else f".{variant}"
    for i in range(roles):
        role = copy.deepcopy(base)
        role["name"] = f"Company {i + 1}"
        role["highlights"] = [
            f"Shipped feature {i}.{j}{tag} " + "and improved things " * words for j in range(30)
        ]
        data["work"].append(role)
    return data


def sign_up(client: httpx.Client) -> dict[str, str]:
    r = client.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    return {"token": r.json()["access_token"], "user_id": r.json()["user_id"]}


def draft_of(
    client: httpx.Client, user: dict[str, str], resume: dict[str, Any], *, fit: bool = False
) -> str:
    """A draft holding `resume` whole (older roles kept), optionally fitted to one page."""
    body = {"title": "Long", "resume": resume, "fit_one_page": fit, "trim_older_roles": False}
    r = client.post("/api/resumes/drafts", json=body, headers=bearer(user))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def queue_render(client: httpx.Client, user: dict[str, str], draft_id: str) -> str:
    r = client.post(f"/api/resumes/drafts/{draft_id}/generations", headers=bearer(user))
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def generation_row(database_url: str, generation_id: str) -> tuple[str, str | None]:
    """(generation_status, error_message) as stored."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT generation_status, error_message FROM resume_generations WHERE id = %s",
            [generation_id],
        ).fetchone()
    assert row is not None
    return row[0], row[1]


async def work_until_done(
    database_url: str,
    generation_ids: Iterable[str],
    *,
    concurrency: int,
    polling_seconds: float,
    limit_seconds: float = 180,
) -> None:
    """Runs a job worker until none of the generations is processing (TimeoutError after
    `limit_seconds`). A long `polling_seconds` means only notifications wake the worker."""
    ids = list(generation_ids)
    app = build_job_app(database_url)
    async with app.open_async():
        worker = asyncio.create_task(
            app.run_worker_async(
                concurrency=concurrency,
                queues=["resumes"],
                install_signal_handlers=False,
                fetch_job_polling_interval=polling_seconds,
            )
        )
        try:
            async with asyncio.timeout(limit_seconds):
                while await _processing(database_url, ids):
                    if worker.done():
                        await worker  # the worker stopped: raise what stopped it
                        raise AssertionError("the job worker stopped before the renders")
                    await asyncio.sleep(0.2)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker


async def _processing(database_url: str, ids: list[str]) -> int:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cur = await conn.execute(
            "SELECT count(*) FROM resume_generations WHERE id = ANY(%s::uuid[])"
            " AND generation_status = 'processing'",
            [ids],
        )
        row = await cur.fetchone()
    return int(row[0]) if row else 0
