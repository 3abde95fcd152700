"""All SQL of cover letters. Letters are created only by create_cover_letter() (0012), which
takes a unit of the plan's cover letters in the same call; the rest runs under RLS."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from resumepilot.db.types import Conn, Row

_COLUMNS = (
    "id, draft_id, template_name, job_title, company, posting_text, tone, length, sender,"
    " body, trace, created_at, updated_at"
)


async def create(
    conn: Conn,
    *,
    draft_id: UUID | None,
    template_name: str,
    job_title: str,
    company: str,
    posting_text: str,
    tone: str,
    length: str,
    sender: dict[str, Any],
    body: str,
    trace: dict[str, Any],
) -> UUID | None:
    """The new letter's id, or None when the plan's allowance is used up (nothing written)."""
    cur = await conn.execute(
        "SELECT create_cover_letter(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) AS id",
        [
            draft_id,
            template_name,
            job_title,
            company,
            posting_text,
            tone,
            length,
            Jsonb(sender),
            body,
            Jsonb(trace),
        ],
    )
    row = await cur.fetchone()
    return UUID(str(row["id"])) if row and row["id"] is not None else None


async def get(conn: Conn, letter_id: UUID) -> Row | None:
    cur = await conn.execute(
        "SELECT " + _COLUMNS + " FROM cover_letters WHERE id = %s AND user_id = auth.uid()",
        [letter_id],
    )
    return await cur.fetchone()


async def list_recent(conn: Conn, limit: int = 50) -> list[Row]:
    cur = await conn.execute(
        "SELECT id, job_title, company, tone, template_name, updated_at FROM cover_letters"
        " WHERE user_id = auth.uid() ORDER BY updated_at DESC LIMIT %s",
        [limit],
    )
    return await cur.fetchall()


async def update(conn: Conn, letter_id: UUID, *, body: str, template_name: str) -> bool:
    cur = await conn.execute(
        "UPDATE cover_letters SET body = %s, template_name = %s WHERE id = %s",
        [body, template_name, letter_id],
    )
    return cur.rowcount > 0


async def delete(conn: Conn, letter_id: UUID) -> bool:
    cur = await conn.execute("DELETE FROM cover_letters WHERE id = %s", [letter_id])
    return cur.rowcount > 0
