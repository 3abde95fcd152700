"""Helpers for the resume web tests: auth headers, browser-like clients, the job worker."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import httpx
import psycopg
from psycopg.types.json import Jsonb

from resumepilot.jobs import build_job_app
from tests.conftest import run_async
from tests.documents.conftest import load_sample


def bearer(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {user['token']}"}


def run_render_jobs(database_url: str) -> None:
    """Runs every queued resume render to completion, as a worker process would."""
    app = build_job_app(database_url)

    async def work() -> None:
        async with app.open_async():
            await app.run_worker_async(
                wait=False, install_signal_handlers=False, queues=["resumes"]
            )

    run_async(work)


def browser(base_url: str, user: dict[str, str]) -> httpx.Client:
    """A client that sends the session cookie, as a signed-in browser does."""
    return httpx.Client(
        base_url=base_url, timeout=30, follow_redirects=False, cookies={"rp_session": user["token"]}
    )


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sample_resume() -> dict[str, Any]:
    return load_sample()


def create_draft(
    client: httpx.Client,
    user: dict[str, str],
    resume: dict[str, Any] | None = None,
    **settings: Any,
) -> dict[str, Any]:
    body = {
        "title": "Test resume",
        "resume": sample_resume() if resume is None else resume,
        **settings,
    }
    r = client.post("/api/resumes/drafts", json=body, headers=bearer(user))
    assert r.status_code == 201, r.text
    return r.json()


def generate(client: httpx.Client, user: dict[str, str], draft_id: str) -> dict[str, Any]:
    r = client.post(f"/api/resumes/drafts/{draft_id}/generations", headers=bearer(user))
    assert r.status_code == 202, r.text
    return r.json()


def add_library(database_url: str, user_id: str, rows: list[tuple[str, list[Any]]]) -> list[str]:
    """Writes resume_bullets rows (experience, bullets) as the interviews feature would."""
    ids = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        for experience, bullets in rows:
            ids.append(
                str(
                    conn.execute(
                        "INSERT INTO resume_bullets (user_id, question, transcript, bullets, role,"
                        " experience) VALUES (%s, 'Tell me about a project', 'I did things', %s,"
                        " 'software_engineer', %s) RETURNING id",
                        [user_id, Jsonb(bullets), experience],
                    ).fetchone()[0]
                )
            )
    return ids


def jobs_for(database_url: str, generation_id: str) -> list[dict[str, Any]]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT task_name, status, args FROM procrastinate_jobs WHERE args->>'generation_id'"
            " = %s",
            [generation_id],
        ).fetchall()
    return [{"task_name": t, "status": s, "args": a} for t, s, a in rows]


def new_id() -> str:
    return str(uuid.uuid4())


def dumps(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")
