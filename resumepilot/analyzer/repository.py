"""All SQL of the analyzer: its sessions are interview_sessions rows of type resume_analyzer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from resumepilot.db.types import Conn, Row


async def record(conn: Conn, filename: str, findings: dict[str, Any]) -> UUID:
    cur = await conn.execute(
        "SELECT record_resume_analysis(%s, %s) AS id", [filename, Jsonb(findings)]
    )
    row = await cur.fetchone()
    assert row is not None and row["id"] is not None
    return UUID(str(row["id"]))


async def get(conn: Conn, session_id: UUID) -> Row | None:
    cur = await conn.execute(
        "SELECT id, source_filename, findings, created_at FROM interview_sessions"
        " WHERE id = %s AND session_type = 'resume_analyzer' AND user_id = auth.uid()",
        [session_id],
    )
    return await cur.fetchone()


async def list_recent(conn: Conn, limit: int = 20) -> list[Row]:
    cur = await conn.execute(
        "SELECT id, source_filename, created_at,"
        " findings -> 'resume' -> 'basics' ->> 'name' AS person,"
        " (findings -> 'report' ->> 'score')::int AS score"
        " FROM interview_sessions"
        " WHERE session_type = 'resume_analyzer' AND user_id = auth.uid()"
        " ORDER BY created_at DESC LIMIT %s",
        [limit],
    )
    return await cur.fetchall()


async def delete(conn: Conn, session_id: UUID) -> bool:
    cur = await conn.execute(
        "DELETE FROM interview_sessions WHERE id = %s AND session_type = 'resume_analyzer'",
        [session_id],
    )
    return cur.rowcount > 0
