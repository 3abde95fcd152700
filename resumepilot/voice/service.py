"""Voice interviews: start one, take a recorded answer, follow its transcription, confirm the
corrected text (which becomes the answer, as a typed one does), play it back, delete it all.
No HTTP here."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any
from uuid import UUID

from psycopg import errors as pg_errors

from resumepilot.clients.ai import AIClient
from resumepilot.db.request import User
from resumepilot.db.types import Conn, Row, UnitOfWork
from resumepilot.errors import AppError, Conflict, NotFound, ValidationFailed
from resumepilot.interviews import service as interviews
from resumepilot.interviews.models import Interview, StartInterview, TurnResult, clean_text
from resumepilot.speech.activity import check_speech
from resumepilot.speech.decode import Limits, decode
from resumepilot.voice import repository as repo
from resumepilot.voice import storage
from resumepilot.voice.models import MEDIA_TYPES, SUFFIXES, VoiceAnswerOut, answer_out

NO_SUCH_RECORDING = "There is no such recording on your account."


class TooManyWaiting(AppError):
    status_code = 429
    code = "too_many_transcriptions"


async def start_voice_interview(conn: Conn, user: User, ai: AIClient, body: StartInterview) -> UUID:
    """Takes one interview credit (the same plans and limits as chat) and asks the first
    question."""
    return await interviews.start_interview(conn, user, ai, body, session_type="voice")


async def get_voice_interview(conn: Conn, session_id: UUID) -> tuple[Interview, list[Row]]:
    """The interview (turns, bullets) and its recorded answers, oldest first."""
    interview = await interviews.get_interview(conn, session_id)
    return interview, await repo.session_answers(conn, session_id)


def check_recording(data: bytes, limits: Limits) -> tuple[str, float]:
    """(file suffix, seconds) of a recording that holds speech; SpeechInputError otherwise.
    The format is what the decoder found inside, never the file's name."""
    audio = decode(data, limits)
    check_speech(audio)
    return SUFFIXES.get(audio.source_format, "audio"), audio.duration_s


async def upload_answer(
    transaction: UnitOfWork,
    files_dir: Path,
    limits: Limits,
    session_id: UUID,
    turn_number: int,
    data: bytes,
) -> VoiceAnswerOut:
    """Checks the recording, stores it and queues its transcription in one transaction: a
    refused recording leaves no file, row or job behind. The recording is decoded with no
    transaction open (a long one takes seconds), after the caller and the turn are checked."""
    async with transaction() as conn:
        await _open_turn(conn, session_id, turn_number)
    suffix, seconds = await asyncio.to_thread(check_recording, data, limits)
    async with transaction() as conn:
        await _open_turn(conn, session_id, turn_number)
        earlier_takes = await repo.drop_unconfirmed(conn, session_id, turn_number)
        answer_id = uuid.uuid4()
        audio_url = storage.relative_path(await repo.current_user_id(conn), answer_id, suffix)
        await asyncio.to_thread(storage.save, files_dir, audio_url, data)
        try:
            await repo.insert_answer(
                conn,
                answer_id=answer_id,
                session_id=session_id,
                turn_number=turn_number,
                audio_url=audio_url,
                audio_bytes=len(data),
                duration_s=seconds,
            )
            await _queue(conn, answer_id)
            out = await answer_status(conn, answer_id)
        except BaseException:
            storage.remove(files_dir, [audio_url])
            raise
    storage.remove(files_dir, earlier_takes)
    return out


async def _open_turn(conn: Conn, session_id: UUID, turn_number: int) -> None:
    interview = await interviews.get_interview(conn, session_id)
    if interview.next_turn_number is None:
        raise Conflict("This interview is finished. Your bullets are in the bullets library.")
    if turn_number != interview.next_turn_number:
        raise Conflict(
            "This interview has moved on since the page was loaded. Reload the page to see "
            "the latest question."
        )


async def _queue(conn: Conn, answer_id: UUID) -> None:
    try:
        async with conn.transaction():  # a savepoint, so the caller's transaction survives
            await repo.queue_transcription(conn, answer_id)
    except pg_errors.ProgramLimitExceeded as exc:  # 53400: too many waiting
        raise TooManyWaiting(exc.diag.message_primary or "Too many recordings waiting.") from None
    except pg_errors.NoDataFound:
        raise NotFound(NO_SUCH_RECORDING) from None
    except pg_errors.ObjectNotInPrerequisiteState:
        raise Conflict("This recording is already transcribed or being transcribed.") from None


async def answer_status(conn: Conn, answer_id: UUID) -> VoiceAnswerOut:
    row = await repo.get_answer(conn, answer_id)
    if row is None:
        raise NotFound(NO_SUCH_RECORDING)
    return answer_out(row)


async def retry(conn: Conn, answer_id: UUID) -> VoiceAnswerOut:
    """Queues a failed transcription again."""
    row = await repo.get_answer(conn, answer_id)
    if row is None:
        raise NotFound(NO_SUCH_RECORDING)
    if row["status"] != "failed":
        raise Conflict("Only a transcription that failed can be tried again.")
    await _queue(conn, answer_id)
    return await answer_status(conn, answer_id)


async def confirm(
    transaction: UnitOfWork, ai: AIClient, answer_id: UUID, text: str
) -> tuple[VoiceAnswerOut, TurnResult]:
    """The user's corrected transcript becomes their answer through the same path as a typed
    one (bullets, checks, next question); the turn then points at its recording."""
    async with transaction() as conn:
        row = await repo.get_answer(conn, answer_id)
    if row is None:
        raise NotFound(NO_SUCH_RECORDING)
    if row["status"] not in ("ready", "confirmed"):
        raise Conflict("This recording has no transcript yet: wait for it, or try again.")
    if not clean_text(text):
        raise ValidationFailed(
            {"text": "The transcript is empty. Type what you said, or record the answer again."}
        )
    result = await interviews.submit_turn(
        transaction, ai, row["session_id"], text=text, turn_number=row["turn_number"]
    )
    async with transaction() as conn:
        await repo.confirm(conn, answer_id, clean_text(text)[:20_000])
        await repo.attach_audio(conn, row["session_id"], row["turn_number"], row["audio_url"])
        updated = await repo.get_answer(conn, answer_id)
    if updated is None:
        raise NotFound(NO_SUCH_RECORDING)
    return answer_out(updated), result


async def command(
    transaction: UnitOfWork, ai: AIClient, session_id: UUID, name: str, turn_number: int | None
) -> TurnResult:
    """skip, rephrase, back or finish, as in a chat interview."""
    return await interviews.submit_turn(
        transaction, ai, session_id, command=name, turn_number=turn_number
    )


async def audio_file(conn: Conn, files_dir: Path, answer_id: UUID) -> tuple[Path, str]:
    """The recording's file and media type, for its owner only (RLS hides everyone else's)."""
    row = await repo.get_answer(conn, answer_id)
    if row is None:
        raise NotFound(NO_SUCH_RECORDING)
    path = storage.absolute_path(files_dir, row["audio_url"])
    if not path.is_file():
        raise NotFound("This recording's audio file is missing.")
    return path, MEDIA_TYPES.get(path.suffix.lstrip("."), "application/octet-stream")


async def delete_interview(conn: Conn, files_dir: Path, session_id: UUID) -> int:
    """Deletes a voice interview with its turns, transcripts and recordings; returns how many
    recordings were removed."""
    files = await repo.delete_session(conn, session_id)
    if files is None:
        raise NotFound("There is no such voice interview on your account.")
    return await asyncio.to_thread(storage.remove, files_dir, files)


async def list_voice_interviews(conn: Conn) -> list[dict[str, Any]]:
    return await repo.list_sessions(conn)
