"""All SQL of the bullets library. Runs in the request's transaction, under RLS."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

# Rows come back as dicts (the pool's row factory); Any keeps mypy from assuming tuples.
Conn = AsyncConnection[Any]

_COLUMNS = """b.id, b.question, b.transcript, b.bullets, b.role, b.experience,
  b.experience_details, b.session_id, b.topic, b.created_at, b.updated_at"""


async def list_answers(conn: Conn) -> list[dict[str, Any]]:
    """Every bullet row of the user, oldest first."""
    cur = await conn.execute(
        f"SELECT {_COLUMNS} FROM resume_bullets b WHERE b.user_id = auth.uid()"
        " ORDER BY b.created_at, b.id"
    )
    return await cur.fetchall()


async def get_answer(conn: Conn, answer_id: UUID, *,
                     lock: bool = False) -> dict[str, Any] | None:
    """One bullet row; with lock, held until the transaction ends so edits do not interleave."""
    cur = await conn.execute(
        f"SELECT {_COLUMNS} FROM resume_bullets b WHERE b.id = %s"
        f"{' FOR UPDATE' if lock else ''}",
        [answer_id],
    )
    return await cur.fetchone()


async def save_bullets(conn: Conn, answer_id: UUID, bullets: list[dict[str, Any]]
                       ) -> dict[str, Any]:
    cur = await conn.execute(
        f"UPDATE resume_bullets b SET bullets = %s WHERE b.id = %s RETURNING {_COLUMNS}",
        [Jsonb(bullets), answer_id],
    )
    row = await cur.fetchone()
    if row is None:
        raise LookupError(f"bullet row {answer_id} vanished while it was locked")
    return row


async def delete_answer(conn: Conn, answer_id: UUID) -> bool:
    cur = await conn.execute("DELETE FROM resume_bullets WHERE id = %s RETURNING id", [answer_id])
    return await cur.fetchone() is not None


async def selected_bullets(conn: Conn) -> list[dict[str, Any]]:
    """The bullets chosen for a resume, in library order, with the experience they belong to."""
    cur = await conn.execute(
        """
        SELECT b.id AS answer_id, item ->> 'id' AS id, item ->> 'text' AS text,
               COALESCE((item ->> 'starred')::boolean, false) AS starred,
               b.experience, b.experience_details, b.role, b.created_at
        FROM resume_bullets b
        CROSS JOIN LATERAL jsonb_array_elements(
          CASE WHEN jsonb_typeof(b.bullets) = 'array' THEN b.bullets ELSE '[]'::jsonb END)
          WITH ORDINALITY AS e(item, position)
        WHERE b.user_id = auth.uid() AND jsonb_typeof(item) = 'object'
          AND COALESCE((item ->> 'selected')::boolean, false)
        ORDER BY b.experience NULLS LAST, b.created_at, b.id, e.position
        """
    )
    return await cur.fetchall()
