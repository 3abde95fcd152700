"""All SQL of interviews: sessions and their turns. Queries taking the request's connection run
under RLS; abandon_idle_sessions runs in the nightly job's trusted transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row

# Idle this long, an active interview counts as abandoned (it can still be resumed).
ABANDON_AFTER = "30 days"
# A gap between turns counts towards an interview's duration up to this many seconds, so an
# interview left open overnight does not last twelve hours.
MAX_GAP_SECONDS = 600

_SESSION_COLUMNS = """s.id, s.role_type, s.target_title, s.experience_details, s.status,
  COALESCE(s.turns_count, 0) AS turns_count, COALESCE(s.duration_seconds, 0) AS duration_seconds,
  s.created_at, s.completed_at"""


async def start_session(conn: Conn, role_type: str, session_type: str = "chat") -> UUID | None:
    """A new chat (or voice) session with one interview credit taken; None when the plan has
    none left."""
    cur = await conn.execute(
        "SELECT start_interview_session(%s, %s) AS id", [session_type, role_type]
    )
    row = await cur.fetchone()
    return row["id"] if row else None


async def open_session(
    conn: Conn,
    session_id: UUID,
    *,
    target_title: str | None,
    experience: Row | None,
    opening: dict[str, Any],
) -> None:
    """Stores what the interview is about and its first question, in one statement."""
    await conn.execute(
        """
        WITH first_turn AS (
          INSERT INTO interview_turns
            (session_id, speaker, message, turn_number, processing_time_ms, question_id)
          VALUES (%(id)s, 'ai', %(message)s, 1, %(ms)s, %(qid)s)
        )
        UPDATE interview_sessions
           SET target_title = %(title)s, experience_details = %(experience)s, turns_count = 1,
               duration_seconds = 0
         WHERE id = %(id)s
        """,
        {
            "id": session_id,
            "message": opening["message"],
            "ms": opening["processing_time_ms"],
            "qid": opening["question_id"],
            "title": target_title,
            "experience": Jsonb(experience) if experience else None,
        },
    )


_LOAD = f"""
    SELECT {_SESSION_COLUMNS},
      COALESCE((SELECT json_agg(json_build_object(
          'turn_number', t.turn_number, 'speaker', t.speaker, 'message', t.message,
          'question_id', t.question_id, 'processing_time_ms', t.processing_time_ms)
          ORDER BY t.turn_number)
        FROM interview_turns t WHERE t.session_id = s.id), '[]'::json) AS turns
    FROM interview_sessions s
    WHERE s.id = %s AND s.session_type IN ('chat', 'voice')
"""


async def load_session(conn: Conn, session_id: UUID, *, lock: bool = False) -> Row | None:
    """A session with its turns (oldest first); None when not visible.

    With lock, the session row stays locked to the end of the transaction, so the turns of one
    interview are written one answer at a time. The lock is its own statement: a statement
    that waited for a lock still reads with the snapshot it started with, so it would miss the
    turns the other transaction just committed; the next statement sees them. Both go in one
    pipeline, so the lock costs no extra round trip.
    """
    if not lock:
        cur = await conn.execute(_LOAD, [session_id])
        return await cur.fetchone()
    async with conn.pipeline():
        locked = await conn.execute(
            "SELECT id FROM interview_sessions WHERE id = %s AND session_type IN ('chat', 'voice') "
            "FOR UPDATE",
            [session_id],
        )
        cur = await conn.execute(_LOAD, [session_id])
    if await locked.fetchone() is None:
        return None
    return await cur.fetchone()


async def record_turns(
    conn: Conn,
    session_id: UUID,
    *,
    turns: list[dict[str, Any]],
    turns_count: int,
    status: str,
) -> Row:
    """Appends turns and updates the session, in one statement. Returns the session's new
    duration_seconds."""
    cur = await conn.execute(
        """
        WITH new_turns AS (
          INSERT INTO interview_turns
            (session_id, speaker, message, turn_number, processing_time_ms, question_id)
          SELECT %(id)s, x.speaker, x.message, x.turn_number, x.ms, x.qid
          FROM jsonb_to_recordset(%(turns)s)
            AS x(speaker text, message text, turn_number int, ms int, qid text)
          RETURNING 1
        )
        UPDATE interview_sessions s
           SET turns_count = %(count)s, status = %(status)s,
               duration_seconds = COALESCE(s.duration_seconds, 0) + LEAST(GREATEST(
                 EXTRACT(EPOCH FROM now() - (SELECT max(t.created_at) FROM interview_turns t
                                             WHERE t.session_id = s.id)), 0), %(gap)s)::int,
               completed_at = CASE WHEN %(status)s = 'completed' THEN now() END
         WHERE s.id = %(id)s
        RETURNING (SELECT count(*) FROM new_turns) AS inserted, s.duration_seconds
        """,
        {
            "id": session_id,
            "turns": Jsonb(turns),
            "count": turns_count,
            "status": status,
            "gap": MAX_GAP_SECONDS,
        },
    )
    row = await cur.fetchone()
    if row is None:
        raise LookupError(f"interview {session_id} vanished while it was locked")
    return row


async def list_sessions(conn: Conn, limit: int = 100) -> list[Row]:
    """The user's chat interviews, newest first; long-idle active ones become abandoned."""
    await conn.execute(
        f"""
        UPDATE interview_sessions s SET status = 'abandoned'
         WHERE s.user_id = auth.uid() AND s.status = 'active' AND s.session_type = 'chat'
           AND COALESCE((SELECT max(t.created_at) FROM interview_turns t
                         WHERE t.session_id = s.id), s.created_at)
               < now() - interval '{ABANDON_AFTER}'
        """
    )
    cur = await conn.execute(
        f"""
        SELECT {_SESSION_COLUMNS},
          (SELECT max(t.created_at) FROM interview_turns t WHERE t.session_id = s.id)
            AS last_activity
        FROM interview_sessions s
        WHERE s.user_id = auth.uid() AND s.session_type = 'chat'
        ORDER BY s.created_at DESC
        LIMIT %s
        """,
        [limit],
    )
    return await cur.fetchall()


async def abandon_idle_sessions(conn: Conn) -> int:
    """Every user's chat interviews idle for ABANDON_AFTER become abandoned; returns how many."""
    cur = await conn.execute(
        f"""
        WITH idle AS (
          UPDATE interview_sessions s SET status = 'abandoned'
           WHERE s.status = 'active' AND s.session_type = 'chat'
             AND COALESCE((SELECT max(t.created_at) FROM interview_turns t
                           WHERE t.session_id = s.id), s.created_at)
                 < now() - interval '{ABANDON_AFTER}'
          RETURNING 1)
        SELECT count(*) AS n FROM idle
        """
    )
    row = await one_row(cur)
    return int(row["n"])
