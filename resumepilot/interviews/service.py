"""Interviews: start one (taking a credit), read one, list them, and what is left of the
month's allowance. Answers and commands are turns.py. No HTTP here."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from resumepilot.billing import service as billing
from resumepilot.bullets import service as bullets
from resumepilot.clients.ai import AIClient
from resumepilot.db.request import User
from resumepilot.db.types import Conn, Row, UnitOfWork
from resumepilot.errors import NotFound
from resumepilot.interviews import repository as repo
from resumepilot.interviews.models import Interview, StartInterview, TurnResult, validate_start
from resumepilot.interviews.turns import answer_out, load_interview, submit, summarise, turn_out


async def start_interview(
    conn: Conn, user: User, ai: AIClient, body: StartInterview, session_type: str = "chat"
) -> UUID:
    """Takes one interview credit and opens the interview (chat or voice) with its first
    question."""
    role, title, experience = validate_start(body)
    session_id = await repo.start_session(conn, role, session_type)
    if session_id is None:  # no credit left: billing says which plan, limit and reset date
        raise await billing.usage_refusal(conn, user.id, "interview")
    began = time.perf_counter()
    question = await ai.next_question(role, [], title)
    opening = {
        "message": question.text,
        "question_id": question.id,
        "processing_time_ms": round((time.perf_counter() - began) * 1000),
    }
    await repo.open_session(
        conn, session_id, target_title=title, experience=experience, opening=opening
    )
    return session_id


async def get_interview(conn: Conn, session_id: UUID) -> Interview:
    row = await load_interview(conn, session_id)
    if row is None:
        raise NotFound("There is no such interview on your account.")
    turns = row["turns"]
    return Interview(
        **summarise(row, turns).model_dump(),
        turns=[turn_out(t) for t in turns],
        answers=[answer_out(a) for a in row["answers"]],
    )


async def list_interviews(conn: Conn) -> list[Row]:
    """The user's chat interviews, newest first, with how many answers and bullets each has."""
    rows = await repo.list_sessions(conn)
    counts = await bullets.session_counts(conn, [row["id"] for row in rows]) if rows else {}
    for row in rows:
        row["role_name"] = bullets.role_name(row["role_type"] or "other", row["target_title"])
        row["answers"], row["bullets"] = counts.get(row["id"], (0, 0))
    return rows


async def allowance(conn: Conn, user: User) -> dict[str, Any]:
    """The plan's name and monthly interviews, how many are left (-1: unlimited), and when
    the allowance resets."""
    status = await billing.plan_status(conn, user.id)
    found = (
        {
            "plan_name": status["plan_name"],
            "interviews_remaining": status["interviews_remaining"],
            "display_name": status["plan_display_name"],
            "interviews_per_month": status["interviews_per_month"],
        }
        if status
        else {
            "plan_name": "starter",
            "interviews_remaining": 0,
            "display_name": "Starter",
            "interviews_per_month": 1,
        }
    )
    return {**found, "resets_on": billing.long_date(billing.first_of_next_month_utc())}


async def submit_turn(
    transaction: UnitOfWork,
    ai: AIClient,
    session_id: UUID,
    *,
    text: str = "",
    turn_number: int | None = None,
    command: str | None = None,
) -> TurnResult:
    """An answer (or a command) and the interviewer's reply, for features beside chat (voice):
    the same bullets, checks and planner as a typed answer (turns.submit)."""
    return await submit(
        transaction, ai, session_id, text=text, turn_number=turn_number, command=command
    )
