"""Helpers of the analyzer's web tests: uploads, stored sessions."""

from __future__ import annotations

import httpx
import psycopg

from tests.analyzer.conftest import corpus_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(
    client: httpx.Client, token: str, name: str, data: bytes | None = None, job: str = ""
) -> httpx.Response:
    content = corpus_file(name) if data is None else data
    kind = "application/pdf" if name.endswith(".pdf") else DOCX
    return client.post(
        "/api/analyzer",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": (name, content, kind)},
        data={"job_posting": job},
        timeout=60,
    )


def analyzer_sessions(database_url: str, user_id: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM interview_sessions WHERE user_id = %s"
            " AND session_type = 'resume_analyzer'",
            [user_id],
        ).fetchone()
        assert row is not None
        return int(row[0])
