"""One turn of an interview: an answer (or a command) and the interviewer's reply.

The interview's state is its stored turns: the planner (resumepilot.ai) reads them to decide the
next question, so a reload or another device continues exactly where the interview stopped.
An answer and the question that follows it are written in one transaction, with the session
row locked, and the client names the turn number it answers, so a repeated submit is stored
once and answered with what was stored. A remote model is asked between two short
transactions, never inside one (see submit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from psycopg.errors import UniqueViolation

from resumepilot.ai.interviewer import parse_command
from resumepilot.ai.models import Question, Turn
from resumepilot.ai.roles import SHARED_TOPICS
from resumepilot.bullets import service as bullets
from resumepilot.bullets.models import Item
from resumepilot.clients.ai import AIClient
from resumepilot.db.types import Conn, Row, UnitOfWork
from resumepilot.errors import Conflict, NotFound, ValidationFailed
from resumepilot.interviews import repository as repo
from resumepilot.interviews.models import (
    COMMAND_NAMES,
    InterviewSummary,
    Progress,
    TurnOut,
    TurnResult,
    cap_answer,
    clean_text,
)

TOPICS_PER_INTERVIEW = 2 + len(SHARED_TOPICS)
# A hard stop far beyond any real interview (the planner closes after about 15 questions).
MAX_TURNS = 120


def topic_of(question_id: str | None) -> str:
    return (question_id or "?").partition("/")[0]


def turn_out(t: dict[str, Any]) -> TurnOut:
    command = parse_command(t["message"]) if t["speaker"] == "user" else None
    return TurnOut(
        turn_number=t["turn_number"],
        speaker=t["speaker"],
        message=t["message"],
        command=command,
        question_id=t.get("question_id"),
        processing_time_ms=t.get("processing_time_ms"),
    )


def answer_out(a: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(a["id"]),
        "topic": a["topic"],
        "question": a["question"],
        "transcript": a["transcript"],
        "bullets": bullets.with_quotes(bullets.normalise(a["bullets"]), a["transcript"]),
    }


def summarise(row: dict[str, Any], turns: list[dict[str, Any]]) -> InterviewSummary:
    topics = {topic_of(t.get("question_id")) for t in turns if t["speaker"] == "ai"}
    seen = len(topics - {"closing", "?"})
    last = turns[-1] if turns else None
    open_for_answers = row["status"] != "completed" and last is not None and last["speaker"] == "ai"
    return InterviewSummary(
        id=row["id"],
        role=row["role_type"] or "other",
        role_name=bullets.role_name(row["role_type"] or "other", row["target_title"]),
        title=row["target_title"],
        experience=row["experience_details"],
        status=row["status"],
        turns_count=len(turns) or row["turns_count"],
        duration_seconds=row["duration_seconds"],
        created_at=row["created_at"],
        completed_at=row["completed_at"],
        next_turn_number=last["turn_number"] + 1 if open_for_answers and last else None,
        progress=Progress(
            topic=min(max(seen, 1), TOPICS_PER_INTERVIEW), topics=TOPICS_PER_INTERVIEW
        ),
    )


async def load_interview(conn: Conn, session_id: UUID, *, lock: bool = False) -> Row | None:
    """The session with its turns and its answers (the bullet rows of its topics)."""
    row = await repo.load_session(conn, session_id, lock=lock)
    if row is None:
        return None
    return {**row, "answers": await bullets.session_answers(conn, session_id)}


def _replay(row: dict[str, Any], turn_number: int, message: str, notices: list[str]) -> TurnResult:
    """The stored result of an answer submitted twice, or a conflict when it differs."""
    turns = row["turns"]
    by_number = {t["turn_number"]: t for t in turns}
    mine = by_number.get(turn_number)
    if mine is None or mine["speaker"] != "user" or mine["message"] != message:
        raise Conflict(
            "That question was already answered, perhaps in another tab or on "
            "another device. Reload the page to see the latest turn."
        )
    asked, reply = by_number.get(turn_number - 1), by_number.get(turn_number + 1)
    answer = None
    if asked and parse_command(message) is None:
        topic = topic_of(asked.get("question_id"))
        answer = next((a for a in row["answers"] if a["topic"] == topic), None)
    return TurnResult(
        interview=summarise(row, turns),
        new_turns=[turn_out(t) for t in (mine, reply) if t],
        question=turn_out(reply) if reply and row["status"] != "completed" else None,
        answer=answer_out(answer) if answer else None,
        notices=notices,
        duplicate=True,
    )


@dataclass
class _Reply:
    """The model's work for one answer, done with no transaction open in the two-phase path."""

    expected: int  # the turn number the answer takes
    message: str
    fresh: list[Item] | None  # the provider's bullets; None for a command
    question: Question
    bullets_ms: int
    question_ms: int
    notices: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)  # candidates the checks dropped


def _topic_story(
    row: dict[str, Any], asked: dict[str, Any], message: str
) -> tuple[str, dict[str, Any] | None, str, str]:
    """(topic, its stored bullet row, the question it opened with, the whole story so far)."""
    topic = topic_of(asked.get("question_id"))
    existing = next((a for a in row["answers"] if a["topic"] == topic), None)
    first_ask = next(
        (
            t
            for t in row["turns"]
            if t["speaker"] == "ai" and topic_of(t.get("question_id")) == topic
        ),
        asked,
    )
    question = existing["question"] if existing else first_ask["message"]
    story = f"{existing['transcript']}\n\n{message}" if existing else message
    return topic, existing, question, story


def _role_of(row: dict[str, Any]) -> str:
    return (row["target_title"] if row["role_type"] == "other" else row["role_type"]) or "other"


async def _think(ai: AIClient, row: dict[str, Any], expected: int, message: str) -> _Reply:
    """Asks the provider for the answer's bullets and the next question. Reads only `row`."""
    turns: list[dict[str, Any]] = row["turns"]
    notices: list[str] = []
    began = time.perf_counter()
    fresh = None
    rejected: list[dict[str, str]] = []
    if parse_command(message) is None:
        _, _, question_text, story = _topic_story(row, turns[-1], message)
        result = await ai.bullets(_role_of(row), question_text, story)
        fresh = bullets.from_bullets(result)
        rejected = bullets.rejections(result)
        if result.fallback:
            notices.append(
                f"The AI provider did not answer ({result.reason}), so the built-in "
                f"engine wrote these bullets."
            )
        if not fresh:
            notices.append(
                "No bullets could be written from this answer yet. Saying what you "
                "did and what changed helps; your words are kept in the bullets "
                "library, where you can also write bullets yourself."
            )
    bullets_ms = round((time.perf_counter() - began) * 1000)
    history = [
        Turn(
            "interviewer" if t["speaker"] == "ai" else "candidate",
            t["message"],
            t.get("question_id"),
        )
        for t in turns
    ]
    history.append(Turn("candidate", message))
    role = row["role_type"] or "other"
    asked_at = time.perf_counter()
    title = row["target_title"]
    question = await ai.next_question(role, history, title)
    if expected + 1 >= MAX_TURNS and not question.done:
        question = await ai.next_question(role, [*history[:-1], Turn("candidate", "finish")], title)
    question_ms = round((time.perf_counter() - asked_at) * 1000)
    return _Reply(
        expected=expected,
        message=message,
        fresh=fresh,
        question=question,
        bullets_ms=bullets_ms,
        question_ms=question_ms,
        notices=notices,
        rejected=rejected,
    )


def _answer_row(
    row: dict[str, Any], message: str, fresh: list[Item], rejected: list[dict[str, str]]
) -> dict[str, Any]:
    """The topic's bullet row after this answer, merged with what is stored now (so bullets the
    user starred or edited meanwhile are kept)."""
    topic, existing, question, story = _topic_story(row, row["turns"][-1], message)
    old = bullets.normalise(existing["bullets"]) if existing else []
    details = row["experience_details"]
    return {
        "topic": topic,
        "question": question,
        "transcript": story,
        "bullets": bullets.merge(old, fresh, (existing or {}).get("dismissed") or []),
        "rejected": rejected,
        "role": _role_of(row),
        "experience": details.get("label") if details else None,
        "details": details,
    }


def _message_of(text: str, command: str | None) -> tuple[str, list[str]]:
    """The candidate's turn as stored, and a notice when a long answer was cut."""
    if command:
        if command not in COMMAND_NAMES:
            raise ValidationFailed({"command": "Use skip, rephrase, back or finish."})
        return command, []
    message, cut_notice = cap_answer(clean_text(text))
    if not message:
        raise ValidationFailed(
            {"text": "Type an answer first, or choose Skip to move on to another question."}
        )
    return message, [cut_notice] if cut_notice else []


def _check(
    row: dict[str, Any] | None, turn_number: int | None, message: str, notices: list[str]
) -> tuple[int, TurnResult | None]:
    """The turn number the answer takes, or the stored result of a repeat; NotFound or Conflict
    when it cannot be taken."""
    if row is None:
        raise NotFound("There is no such interview on your account.")
    turns: list[dict[str, Any]] = row["turns"]
    last = turns[-1] if turns else None
    expected = last["turn_number"] + 1 if last else 1
    if turn_number is not None and turn_number < expected:
        return expected, _replay(row, turn_number, message, notices)
    if turn_number is not None and turn_number > expected:
        raise Conflict(
            "This interview has moved on since the page was loaded. Reload the page "
            "to see the latest question."
        )
    if row["status"] == "completed" or last is None or last["speaker"] != "ai":
        raise Conflict("This interview is finished. Your bullets are in the bullets library.")
    return expected, None


async def _store(
    conn: Conn, session_id: UUID, row: dict[str, Any], reply: _Reply, notices: list[str]
) -> TurnResult:
    """Writes the answer and the next question; `row` is the session as locked now."""
    turns: list[dict[str, Any]] = row["turns"]
    expected, question = reply.expected, reply.question
    answer = (
        _answer_row(row, reply.message, reply.fresh, reply.rejected)
        if reply.fresh is not None
        else None
    )
    new_turns = [
        {
            "speaker": "user",
            "message": reply.message,
            "turn_number": expected,
            "ms": reply.bullets_ms,
            "qid": None,
        },
        {
            "speaker": "ai",
            "message": question.text,
            "turn_number": expected + 1,
            "ms": reply.question_ms,
            "qid": question.id,
        },
    ]
    status = "completed" if question.done else "active"
    answer_id = None
    try:
        if answer is not None:
            answer_id = await bullets.save_topic_answer(conn, session_id, answer)
        written = await repo.record_turns(
            conn, session_id, turns=new_turns, turns_count=expected + 1, status=status
        )
    except UniqueViolation:
        # Only if a writer skipped the session lock (a direct SQL client): refuse, keep theirs.
        raise Conflict(
            "That question was just answered elsewhere. Reload the page to see the latest turn."
        ) from None
    stored = [
        {
            "turn_number": t["turn_number"],
            "speaker": t["speaker"],
            "message": t["message"],
            "question_id": t["qid"],
            "processing_time_ms": t["ms"],
        }
        for t in new_turns
    ]
    row = {**row, "status": status, "duration_seconds": written["duration_seconds"]}
    out_answer = None
    if answer is not None:
        out_answer = answer_out({**answer, "id": answer_id})
    return TurnResult(
        interview=summarise(row, [*turns, *stored]),
        new_turns=[turn_out(t) for t in stored],
        question=None if question.done else turn_out(stored[1]),
        answer=out_answer,
        notices=[*notices, *reply.notices],
    )


async def submit(
    transaction: UnitOfWork,
    ai: AIClient,
    session_id: UUID,
    *,
    text: str = "",
    turn_number: int | None = None,
    command: str | None = None,
) -> TurnResult:
    """Stores an answer (or a command) and the interviewer's reply; returns both.

    `transaction` opens a short transaction of the signed-in user (web.deps.user_transactions).
    The built-in engine answers
    in milliseconds, so its whole turn runs in one transaction with the session row locked. A
    remote model may take many seconds: holding a pooled connection and the row lock that long
    would let a few slow answers block every other page. So then the turn is read in one short
    transaction, the model is asked with no connection held, and the result is written in a
    second one that locks the row and checks again that the turn is still free (a repeat that
    won the race meanwhile gets the stored result; an interview that moved on, a 409).
    """
    if ai.runs_inline:
        async with transaction() as conn:
            message, notices = _message_of(text, command)
            row = await load_interview(conn, session_id, lock=True)
            expected, replay = _check(row, turn_number, message, notices)
            if replay is not None:
                return replay
            assert row is not None
            reply = await _think(ai, row, expected, message)
            return await _store(conn, session_id, row, reply, notices)
    async with transaction() as conn:  # opened first: who is asking, before what they sent
        message, notices = _message_of(text, command)
        row = await load_interview(conn, session_id)
        expected, replay = _check(row, turn_number, message, notices)
    if replay is not None:
        return replay
    assert row is not None
    reply = await _think(ai, row, expected, message)
    async with transaction() as conn:
        row = await load_interview(conn, session_id, lock=True)
        # Claims the turn number read above: taken meanwhile, this is a repeat or a conflict.
        now_expected, replay = _check(row, expected, message, notices)
        if replay is not None:
            return replay
        assert row is not None and now_expected == expected
        return await _store(conn, session_id, row, reply, notices)
