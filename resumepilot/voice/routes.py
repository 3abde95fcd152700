"""Voice interview pages (enhanced by voice.js) and the JSON API beside them.

Endpoints that take a recording or wait on the AI open short transactions (no `Db`): a
recording is decoded, and an answer's bullets written, with no pooled connection held."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from resumepilot.billing.service import UsageLimitReached, long_date
from resumepilot.errors import AppError, NotAuthenticated, NotFound, ValidationFailed
from resumepilot.interviews.models import COMMAND_NAMES, Interview, StartInterview
from resumepilot.speech.decode import Limits
from resumepilot.speech.errors import RecordingTooLarge
from resumepilot.voice import service
from resumepilot.voice.deps import Voice
from resumepilot.voice.models import VoiceAnswerOut, VoiceSettings, answer_out
from resumepilot.web.deps import AI, CurrentUser, Db, user_transactions
from resumepilot.web.errors import error_json
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/voice", tags=["voice"])


class ConfirmIn(BaseModel):
    text: str = Field(max_length=200_000, description="The transcript as the user corrected it.")


def _uuid(raw: str, what: str = "interview") -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise NotFound(f"There is no such {what} on your account.") from None


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _limits(voice: VoiceSettings) -> Limits:
    return Limits(max_bytes=voice.speech.max_bytes, max_seconds=voice.speech.max_seconds)


async def _read_upload(audio: UploadFile, voice: VoiceSettings) -> bytes:
    """The uploaded bytes, refused past the size limit without reading further."""
    data = await audio.read(voice.upload_max_bytes + 1)
    if len(data) > voice.upload_max_bytes:
        raise RecordingTooLarge(
            f"The recording is larger than the {voice.upload_max_bytes / 1_000_000:.0f} MB we "
            "accept. Record a shorter answer, or split it into two."
        )
    return data


def role_choices() -> list[dict[str, str]]:
    from resumepilot.ai.roles import ROLES

    return [
        {"key": r.key, "name": "Other (type your job title)" if r.key == "other" else r.name}
        for r in ROLES.values()
    ]


# Pages -------------------------------------------------------------------------------------


@pages.get("/voice")
async def voice_list_page(request: Request, db: Db, user: CurrentUser) -> Response:
    return await _list_page(request, db.conn)


async def _list_page(
    request: Request,
    conn: Any,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    limit: UsageLimitReached | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "voice/list.html",
        {
            "active": "voice",
            "interviews": await service.list_voice_interviews(conn),
            "roles": role_choices(),
            "form": form or {},
            "errors": errors or {},
            "limit": limit,
            "limit_resets": long_date(limit.resets_on) if limit else None,
        },
        status_code=status_code,
    )


@pages.post("/voice")
async def voice_start_submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    ai: AI,
    role: str = Form(""),
    title: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    form = {"role": role[:60], "title": title[:500]}
    try:
        session_id = await service.start_voice_interview(
            db.conn,
            user,
            ai,
            StartInterview.model_validate({"role": form["role"], "title": form["title"] or None}),
        )
    except ValidationFailed as exc:
        return await _list_page(request, db.conn, form=form, errors=exc.errors, status_code=422)
    except UsageLimitReached as exc:
        return await _list_page(request, db.conn, form=form, limit=exc, status_code=exc.status_code)
    return RedirectResponse(f"/voice/{session_id}", status_code=303)


def _voice_page(
    request: Request,
    interview: Interview,
    answers: list[dict[str, Any]],
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    outs = [answer_out(a) for a in answers]
    audio_by_turn = {a.turn_number: a.audio for a in outs if a.status == "confirmed"}
    pending = next((a for a in reversed(outs) if a.turn_number == interview.next_turn_number), None)
    return render(
        request,
        "voice/interview.html",
        {
            "active": "voice",
            "iv": interview,
            "audio_by_turn": audio_by_turn,
            "pending": pending,
            "error": error,
            "commands": COMMAND_NAMES,
        },
        status_code=status_code,
    )


@pages.get("/voice/{session_id}")
async def voice_page(request: Request, db: Db, user: CurrentUser, session_id: str) -> Response:
    interview, answers = await service.get_voice_interview(db.conn, _uuid(session_id))
    return _voice_page(request, interview, answers)


async def _page_or_json_error(request: Request, exc: AppError, session_id: UUID | None) -> Response:
    if _wants_json(request) or session_id is None:
        return error_json(exc)
    async with user_transactions(request)() as conn:
        interview, answers = await service.get_voice_interview(conn, session_id)
    message = next(iter(exc.errors.values())) if isinstance(exc, ValidationFailed) else exc.message
    return _voice_page(request, interview, answers, error=message, status_code=exc.status_code)


@pages.post("/voice/{session_id}/answers")
async def voice_upload_submit(
    request: Request,
    voice: Voice,
    session_id: str,
    audio: UploadFile = File(...),
    turn_number: int = Form(...),
    csrf_token: str = Form(""),
) -> Response:
    """A recording from the page (voice.js) or the plain upload form."""
    sid = _uuid(session_id)
    transaction = user_transactions(request, csrf_token=csrf_token)
    try:
        data = await _read_upload(audio, voice)
        out = await service.upload_answer(
            transaction, voice.files_dir, _limits(voice), sid, turn_number, data
        )
    except NotAuthenticated:
        raise
    except AppError as exc:
        return await _page_or_json_error(request, exc, sid)
    if _wants_json(request):
        return JSONResponse(out.model_dump(mode="json"), status_code=202)
    return RedirectResponse(f"/voice/{sid}#answer", status_code=303)


@pages.get("/voice/answers/{answer_id}")
async def voice_answer_status(db: Db, user: CurrentUser, answer_id: str) -> VoiceAnswerOut:
    """Where a recording's transcription stands (polled by the page)."""
    return await service.answer_status(db.conn, _uuid(answer_id, "recording"))


@pages.post("/voice/answers/{answer_id}/retry")
async def voice_retry_submit(
    request: Request, db: Db, user: CurrentUser, answer_id: str, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    out = await service.retry(db.conn, _uuid(answer_id, "recording"))
    if _wants_json(request):
        return JSONResponse(out.model_dump(mode="json"), status_code=202)
    return RedirectResponse(f"/voice/{out.session_id}#answer", status_code=303)


@pages.post("/voice/answers/{answer_id}/confirm")
async def voice_confirm_submit(
    request: Request, ai: AI, answer_id: str, text: str = Form(""), csrf_token: str = Form("")
) -> Response:
    """The corrected transcript becomes the answer; bullets and the next question follow."""
    aid = _uuid(answer_id, "recording")
    transaction = user_transactions(request, csrf_token=csrf_token)
    try:
        out, result = await service.confirm(transaction, ai, aid, text)
    except NotAuthenticated:
        raise
    except AppError as exc:
        if _wants_json(request):
            return error_json(exc)
        async with user_transactions(request)() as conn:
            status = await service.answer_status(conn, aid)
        return await _page_or_json_error(request, exc, status.session_id)
    if _wants_json(request):
        return JSONResponse(
            {"answer": out.model_dump(mode="json"), "turn": result.model_dump(mode="json")},
            status_code=201,
        )
    return RedirectResponse(f"/voice/{out.session_id}#turn-{out.turn_number}", status_code=303)


@pages.post("/voice/{session_id}/command")
async def voice_command_submit(
    request: Request,
    ai: AI,
    session_id: str,
    command: str = Form(""),
    turn_number: int | None = Form(None),
    csrf_token: str = Form(""),
) -> Response:
    sid = _uuid(session_id)
    transaction = user_transactions(request, csrf_token=csrf_token)
    try:
        await service.command(transaction, ai, sid, command, turn_number)
    except NotAuthenticated:
        raise
    except AppError as exc:
        return await _page_or_json_error(request, exc, sid)
    return RedirectResponse(f"/voice/{sid}", status_code=303)


@pages.post("/voice/{session_id}/delete")
async def voice_delete_submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    voice: Voice,
    session_id: str,
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    await service.delete_interview(db.conn, voice.files_dir, _uuid(session_id))
    return RedirectResponse("/voice", status_code=303)


@pages.get("/voice/answers/{answer_id}/audio")
async def voice_audio(db: Db, user: CurrentUser, voice: Voice, answer_id: str) -> Response:
    """The recording, to its owner only."""
    path, media_type = await service.audio_file(
        db.conn, voice.files_dir, _uuid(answer_id, "recording")
    )
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private"})


# JSON API ----------------------------------------------------------------------------------


@api.post("", status_code=201, responses={402: {"description": "No interviews left"}})
async def api_start(body: StartInterview, db: Db, user: CurrentUser, ai: AI) -> Response:
    """Starts a voice interview: one interview credit, as a chat one; returns its first
    question."""
    session_id = await service.start_voice_interview(db.conn, user, ai, body)
    interview, _ = await service.get_voice_interview(db.conn, session_id)
    return JSONResponse(interview.model_dump(mode="json"), status_code=201)


@api.get("/{session_id}")
async def api_get(session_id: UUID, db: Db, user: CurrentUser) -> dict[str, Any]:
    """The interview with its turns and its recorded answers."""
    interview, answers = await service.get_voice_interview(db.conn, session_id)
    return {
        **interview.model_dump(mode="json"),
        "recordings": [answer_out(a).model_dump(mode="json") for a in answers],
    }


@api.post("/{session_id}/answers", status_code=202)
async def api_upload(
    request: Request,
    voice: Voice,
    session_id: UUID,
    audio: UploadFile = File(..., description="webm/opus, ogg, wav, mp3 or m4a"),
    turn_number: int = Form(..., description="The turn the answer takes (question's + 1)."),
) -> VoiceAnswerOut:
    """Stores a recorded answer and queues its transcription; poll GET /answers/{id}."""
    data = await _read_upload(audio, voice)
    return await service.upload_answer(
        user_transactions(request), voice.files_dir, _limits(voice), session_id, turn_number, data
    )


@api.get("/answers/{answer_id}")
async def api_answer(answer_id: UUID, db: Db, user: CurrentUser) -> VoiceAnswerOut:
    return await service.answer_status(db.conn, answer_id)


@api.post("/answers/{answer_id}/retry", status_code=202)
async def api_retry(answer_id: UUID, db: Db, user: CurrentUser) -> VoiceAnswerOut:
    """Queues a failed transcription again."""
    return await service.retry(db.conn, answer_id)


@api.post("/answers/{answer_id}/confirm", status_code=201)
async def api_confirm(request: Request, ai: AI, answer_id: UUID, body: ConfirmIn) -> dict[str, Any]:
    """The corrected transcript becomes the answer: bullets and the next question."""
    out, result = await service.confirm(user_transactions(request), ai, answer_id, body.text)
    return {"answer": out.model_dump(mode="json"), "turn": result.model_dump(mode="json")}


@api.get("/answers/{answer_id}/audio")
async def api_audio(answer_id: UUID, db: Db, user: CurrentUser, voice: Voice) -> Response:
    path, media_type = await service.audio_file(db.conn, voice.files_dir, answer_id)
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private"})


@api.delete("/{session_id}", status_code=204)
async def api_delete(session_id: UUID, db: Db, user: CurrentUser, voice: Voice) -> Response:
    """Deletes the interview with its turns, transcripts and recordings."""
    await service.delete_interview(db.conn, voice.files_dir, session_id)
    return Response(status_code=204)
