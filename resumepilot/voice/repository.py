"""All SQL of voice answers. Functions taking the request's connection run under RLS; the
job_* ones run in the worker's trusted transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row

_ANSWER = """
    SELECT a.id, a.session_id, a.turn_number, a.audio_url, a.audio_bytes, a.duration_s,
           a.status, a.attempts, a.error_message, a.words, a.engine, a.confirmed_text,
           a.created_at, a.updated_at, t.transcript_text, t.confidence_score,
           t.processing_time_ms
    FROM voice_answers a LEFT JOIN interview_transcripts t ON t.id = a.transcript_id
"""


async def current_user_id(conn: Conn) -> UUID:
    cur = await conn.execute("SELECT auth.uid() AS id")
    user_id = (await one_row(cur))["id"]
    if user_id is None:
        raise LookupError("no signed-in user in this transaction")
    return UUID(str(user_id))


async def insert_answer(
    conn: Conn,
    *,
    answer_id: UUID,
    session_id: UUID,
    turn_number: int,
    audio_url: str,
    audio_bytes: int,
    duration_s: float,
) -> None:
    await conn.execute(
        """
        INSERT INTO voice_answers
          (id, session_id, turn_number, audio_url, audio_bytes, duration_s)
        VALUES (%s, %s, %s, %s, %s, %s)
        """,
        [answer_id, session_id, turn_number, audio_url, audio_bytes, duration_s],
    )


async def queue_transcription(conn: Conn, answer_id: UUID) -> int:
    """Defers the job in this transaction (queue_voice_transcription, migration 0011)."""
    cur = await conn.execute("SELECT queue_voice_transcription(%s) AS job_id", [answer_id])
    return int((await one_row(cur))["job_id"])


async def get_answer(conn: Conn, answer_id: UUID) -> Row | None:
    cur = await conn.execute(_ANSWER + " WHERE a.id = %s", [answer_id])
    return await cur.fetchone()


async def session_answers(conn: Conn, session_id: UUID) -> list[Row]:
    cur = await conn.execute(
        _ANSWER + " WHERE a.session_id = %s ORDER BY a.turn_number, a.created_at", [session_id]
    )
    return await cur.fetchall()


async def drop_unconfirmed(conn: Conn, session_id: UUID, turn_number: int) -> list[str]:
    """Deletes earlier takes of this turn that were not confirmed; returns their files."""
    cur = await conn.execute(
        """
        DELETE FROM voice_answers
         WHERE session_id = %s AND turn_number = %s AND status <> 'confirmed'
        RETURNING audio_url
        """,
        [session_id, turn_number],
    )
    return [r["audio_url"] for r in await cur.fetchall()]


async def confirm(conn: Conn, answer_id: UUID, text: str) -> bool:
    cur = await conn.execute(
        """
        UPDATE voice_answers SET status = 'confirmed', confirmed_text = %s
         WHERE id = %s AND status = 'ready'
        RETURNING id
        """,
        [text, answer_id],
    )
    return await cur.fetchone() is not None


async def attach_audio(conn: Conn, session_id: UUID, turn_number: int, audio_url: str) -> None:
    await conn.execute(
        """
        UPDATE interview_turns SET audio_url = %s
         WHERE session_id = %s AND turn_number = %s AND speaker = 'user'
        """,
        [audio_url, session_id, turn_number],
    )


async def list_sessions(conn: Conn, limit: int = 100) -> list[Row]:
    """The user's voice interviews, newest first."""
    cur = await conn.execute(
        """
        SELECT s.id, s.role_type, s.target_title, s.status, COALESCE(s.turns_count, 0) AS turns,
               s.created_at,
               (SELECT count(*) FROM voice_answers a
                 WHERE a.session_id = s.id AND a.status = 'confirmed') AS spoken
        FROM interview_sessions s
        WHERE s.user_id = auth.uid() AND s.session_type = 'voice'
        ORDER BY s.created_at DESC LIMIT %s
        """,
        [limit],
    )
    return await cur.fetchall()


async def delete_session(conn: Conn, session_id: UUID) -> list[str] | None:
    """Deletes a voice interview (turns, answers and transcripts go with it); returns the
    recordings to remove, or None when there is no such interview."""
    cur = await conn.execute(
        """
        WITH files AS (SELECT audio_url FROM voice_answers WHERE session_id = %(id)s),
        gone AS (DELETE FROM interview_sessions
                  WHERE id = %(id)s AND session_type = 'voice' RETURNING id)
        SELECT (SELECT count(*) FROM gone) AS deleted,
               COALESCE((SELECT array_agg(audio_url) FROM files), '{}') AS files
        """,
        {"id": session_id},
    )
    row = await one_row(cur)
    return list(row["files"]) if row["deleted"] else None


# Trusted (the worker) ----------------------------------------------------------------------

# A transcription still running after this was lost with its worker and may be claimed again.
STALE_AFTER = "15 minutes"


async def job_claim(conn: Conn, answer_id: UUID) -> Row | None:
    """Marks the answer transcribing and returns what biases recognition: the question it
    answers, the role, and what the candidate said before. None when nothing is to do."""
    cur = await conn.execute(
        f"""
        WITH claimed AS (
          UPDATE voice_answers SET status = 'transcribing', started_at = now()
           WHERE id = %(id)s AND (status = 'queued' OR (status = 'transcribing'
                 AND started_at < now() - interval '{STALE_AFTER}'))
          RETURNING id, user_id, session_id, turn_number, audio_url)
        SELECT c.*, s.role_type, s.target_title,
          (SELECT q.message FROM interview_turns q WHERE q.session_id = c.session_id
             AND q.turn_number = c.turn_number - 1) AS question,
          (SELECT string_agg(u.message, ' ' ORDER BY u.turn_number) FROM interview_turns u
            WHERE u.session_id = c.session_id AND u.speaker = 'user') AS earlier
        FROM claimed c JOIN interview_sessions s ON s.id = c.session_id
        """,
        {"id": answer_id},
    )
    return await cur.fetchone()


async def job_complete(conn: Conn, answer_id: UUID, result: dict[str, Any]) -> bool:
    """Stores the transcript and marks the answer ready (unless it was deleted meanwhile)."""
    cur = await conn.execute(
        """
        WITH answer AS (
          SELECT user_id, session_id, audio_url FROM voice_answers
           WHERE id = %(id)s AND status = 'transcribing' FOR UPDATE),
        transcript AS (
          INSERT INTO interview_transcripts
            (user_id, session_id, audio_file_url, transcript_text, confidence_score,
             processing_time_ms)
          SELECT user_id, session_id, audio_url, %(text)s, %(confidence)s, %(ms)s FROM answer
          RETURNING id)
        UPDATE voice_answers a
           SET status = 'ready', transcript_id = (SELECT id FROM transcript),
               words = %(words)s, engine = %(engine)s, duration_s = %(duration)s,
               error_message = %(notice)s
         WHERE a.id = %(id)s AND a.status = 'transcribing'
        RETURNING a.id
        """,
        {
            "id": answer_id,
            "text": result["text"],
            "confidence": round(min(max(float(result["confidence"]), 0.0), 1.0), 2),
            "ms": int(result["processing_ms"]),
            "words": Jsonb(result["words"]),
            "engine": str(result["engine"])[:40],
            "duration": float(result["duration_s"]),
            "notice": result.get("notice"),
        },
    )
    return await cur.fetchone() is not None


async def job_fail(conn: Conn, answer_id: UUID, message: str) -> None:
    await conn.execute(
        """
        UPDATE voice_answers SET status = 'failed', error_message = %s
         WHERE id = %s AND status IN ('queued', 'transcribing')
        """,
        [message[:1000], answer_id],
    )


async def existing_answer_ids(conn: Conn, ids: list[UUID]) -> set[UUID]:
    cur = await conn.execute("SELECT id FROM voice_answers WHERE id = ANY(%s)", [ids])
    return {r["id"] for r in await cur.fetchall()}
