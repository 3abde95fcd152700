"""All SQL of resume_bullets, the bullets library: one row per interview answer (its question,
what the user said, and its bullets). Runs in the request's transaction, under RLS."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row

_COLUMNS = """b.id, b.question, b.transcript, b.bullets, b.role, b.experience,
  b.experience_details, b.session_id, b.topic, b.created_at, b.updated_at, b.dismissed,
  b.rejected"""


async def list_answers(conn: Conn) -> list[Row]:
    """Every bullet row of the user, oldest first."""
    cur = await conn.execute(
        f"SELECT {_COLUMNS} FROM resume_bullets b WHERE b.user_id = auth.uid()"
        " ORDER BY b.created_at, b.id"
    )
    return await cur.fetchall()


async def get_answer(conn: Conn, answer_id: UUID, *, lock: bool = False) -> Row | None:
    """One bullet row; with lock, held until the transaction ends so edits do not interleave."""
    cur = await conn.execute(
        f"SELECT {_COLUMNS} FROM resume_bullets b WHERE b.id = %s{' FOR UPDATE' if lock else ''}",
        [answer_id],
    )
    return await cur.fetchone()


async def save_bullets(
    conn: Conn,
    answer_id: UUID,
    bullets: list[dict[str, Any]],
    *,
    dismissed: list[str] | None = None,
    rejected: list[dict[str, str]] | None = None,
) -> Row:
    """Writes an answer's bullets, and its dismissed texts and rejections when given."""
    cur = await conn.execute(
        f"""UPDATE resume_bullets b SET bullets = %s,
              dismissed = COALESCE(%s, b.dismissed), rejected = COALESCE(%s, b.rejected)
            WHERE b.id = %s RETURNING {_COLUMNS}""",
        [
            Jsonb(bullets),
            Jsonb(dismissed) if dismissed is not None else None,
            Jsonb(rejected) if rejected is not None else None,
            answer_id,
        ],
    )
    row = await cur.fetchone()
    if row is None:
        raise LookupError(f"bullet row {answer_id} vanished while it was locked")
    return row


async def delete_answer(conn: Conn, answer_id: UUID) -> bool:
    cur = await conn.execute("DELETE FROM resume_bullets WHERE id = %s RETURNING id", [answer_id])
    return await cur.fetchone() is not None


async def selected_bullets(conn: Conn) -> list[Row]:
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


async def upsert_topic_answer(conn: Conn, session_id: UUID, answer: dict[str, Any]) -> UUID:
    """Stores the bullets row of one topic of an interview (one row per session and topic)."""
    cur = await conn.execute(
        """
        INSERT INTO resume_bullets (user_id, question, transcript, bullets, role, experience,
                                    experience_details, session_id, topic, rejected)
        VALUES (auth.uid(), %(question)s, %(transcript)s, %(bullets)s, %(role)s,
                %(experience)s, %(details)s, %(id)s, %(topic)s, %(rejected)s)
        ON CONFLICT (session_id, topic) WHERE session_id IS NOT NULL
        DO UPDATE SET transcript = EXCLUDED.transcript, bullets = EXCLUDED.bullets,
                      rejected = EXCLUDED.rejected
        RETURNING id
        """,
        {
            "id": session_id,
            "question": answer["question"],
            "transcript": answer["transcript"],
            "bullets": Jsonb(answer["bullets"]),
            "role": answer["role"],
            "experience": answer["experience"],
            "topic": answer["topic"],
            "details": Jsonb(answer["details"]) if answer["details"] else None,
            "rejected": Jsonb(answer.get("rejected") or []),
        },
    )
    row = await one_row(cur)
    answer_id: UUID = row["id"]
    return answer_id


async def answers_of_session(conn: Conn, session_id: UUID) -> list[Row]:
    """The bullet rows of one interview, oldest first."""
    cur = await conn.execute(
        "SELECT b.id, b.topic, b.question, b.transcript, b.bullets, b.dismissed"
        " FROM resume_bullets b"
        " WHERE b.session_id = %s ORDER BY b.created_at",
        [session_id],
    )
    return await cur.fetchall()


async def counts_by_session(conn: Conn, session_ids: list[UUID]) -> list[Row]:
    """Per interview: its answers with bullets and how many bullets they hold."""
    cur = await conn.execute(
        """
        SELECT b.session_id, count(*) AS answers,
               COALESCE(sum(jsonb_array_length(b.bullets)), 0) AS bullets
        FROM resume_bullets b
        WHERE b.session_id = ANY(%s) AND jsonb_typeof(b.bullets) = 'array'
        GROUP BY b.session_id
        """,
        [session_ids],
    )
    return await cur.fetchall()


async def newest_answers(conn: Conn, limit: int = 200) -> list[Row]:
    """The user's bullet rows, newest first (what the resume builder picks from)."""
    cur = await conn.execute(
        "SELECT id, question, role, experience, bullets, created_at FROM resume_bullets"
        " WHERE user_id = auth.uid() ORDER BY created_at DESC LIMIT %s",
        [limit],
    )
    return await cur.fetchall()


async def progress(conn: Conn) -> Row:
    """How many bullets the user has, and how many are chosen for a resume."""
    cur = await conn.execute(
        """
        SELECT count(item) AS bullets,
               count(item) FILTER (WHERE COALESCE((item ->> 'selected')::boolean, false)) AS chosen
        FROM resume_bullets b
        LEFT JOIN LATERAL jsonb_array_elements(
          CASE WHEN jsonb_typeof(b.bullets) = 'array' THEN b.bullets ELSE '[]'::jsonb END)
          AS e(item) ON jsonb_typeof(item) = 'object'
        WHERE b.user_id = auth.uid()
        """
    )
    return await one_row(cur)
