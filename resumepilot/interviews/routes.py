"""Interview pages (plain forms, enhanced by interview.js) and the JSON API beside them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.ai.roles import ROLES
from resumepilot.billing.service import UsageLimitReached, long_date
from resumepilot.db.request import RequestDb, User
from resumepilot.errors import AppError, Conflict, NotAuthenticated, NotFound, ValidationFailed
from resumepilot.interviews import service, turns
from resumepilot.interviews.models import (
    COMMAND_NAMES,
    MAX_ANSWER_CHARS,
    AnswerIn,
    CommandIn,
    Interview,
    StartInterview,
    TurnResult,
)
from resumepilot.web.deps import AI, CurrentUser, Db, user_transactions
from resumepilot.web.errors import error_json
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/interviews", tags=["interviews"])

# Short codes carried through the redirect after a plain form post, so a reload shows no stale
# message and no user text travels in a URL.
NOTICE_CODES = {
    "capped": "Your answer was long, so only its first part was kept ({max:,} "
    "characters). The follow-up questions will ask for the rest.",
    "fallback": "The AI provider did not answer, so the built-in engine wrote the "
    "bullets for this answer.",
    "nobullets": "No bullets could be written from that answer yet. Your words are "
    "kept, and you can write bullets yourself in the library.",
}


def _session_id(raw: str) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise NotFound("There is no such interview on your account.") from None


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def role_choices() -> list[dict[str, str]]:
    return [
        {"key": r.key, "name": "Other (type your job title)" if r.key == "other" else r.name}
        for r in ROLES.values()
    ]


# Pages -------------------------------------------------------------------------------------


async def _list_page(
    request: Request,
    db: RequestDb,
    user: User,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    limit: UsageLimitReached | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "interviews/list.html",
        {
            "active": "interviews",
            "interviews": await service.list_interviews(db.conn),
            "allowance": await service.allowance(db.conn, user),
            "roles": role_choices(),
            "form": form or {},
            "errors": errors or {},
            "limit": limit,
            "limit_resets": long_date(limit.resets_on) if limit else None,
        },
        status_code=status_code,
    )


@pages.get("/interviews")
async def interviews_page(request: Request, db: Db, user: CurrentUser) -> Response:
    return await _list_page(request, db, user)


@pages.post("/interviews")
async def start_submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    ai: AI,
    role: str = Form(""),
    title: str = Form(""),
    company: str = Form(""),
    job_title: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
    current: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    form = {
        "role": role[:60],
        "title": title[:500],
        "company": company[:500],
        "job_title": job_title[:500],
        "start": start[:40],
        "end": end[:40],
        "current": bool(current),
    }
    try:
        fields: dict[str, Any] = {k: v for k, v in form.items() if k != "current"}
        if current:
            fields["end"] = "present"
        body = StartInterview(**fields)
        session_id = await service.start_interview(db.conn, user, ai, body)
    except ValidationFailed as exc:
        return await _list_page(request, db, user, form=form, errors=exc.errors, status_code=422)
    except UsageLimitReached as exc:
        return await _list_page(
            request, db, user, form=form, limit=exc, status_code=exc.status_code
        )
    return RedirectResponse(f"/interviews/{session_id}", status_code=303)


@pages.get("/interviews/{session_id}")
async def interview_page(
    request: Request, db: Db, user: CurrentUser, session_id: str, n: str = ""
) -> Response:
    interview = await service.get_interview(db.conn, _session_id(session_id))
    notices = [
        NOTICE_CODES[c].format(max=MAX_ANSWER_CHARS) for c in n.split(",") if c in NOTICE_CODES
    ]
    return _chat_page(request, interview, notices=notices)


def _chat_page(
    request: Request,
    interview: Interview,
    *,
    notices: list[str] | None = None,
    error: str | None = None,
    draft: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "interviews/chat.html",
        {
            "active": "interviews",
            "iv": interview,
            "notices": notices or [],
            "error": error,
            "draft": draft,
            "max_answer": MAX_ANSWER_CHARS,
            "commands": COMMAND_NAMES,
        },
        status_code=status_code,
    )


def _notice_codes(result: TurnResult) -> str:
    codes = []
    for text in result.notices:
        if text.startswith("Your answer was"):
            codes.append("capped")
        elif text.startswith("The AI provider"):
            codes.append("fallback")
        elif text.startswith("No bullets"):
            codes.append("nobullets")
    return ",".join(codes)


@pages.post("/interviews/{session_id}/answer")
async def answer_submit(
    request: Request,
    ai: AI,
    session_id: str,
    text: str = Form(""),
    turn_number: int | None = Form(None),
    command: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    """The chat form: a plain post redirects back; interview.js asks for JSON instead.

    No request-long transaction (no Db): turns.submit opens short ones, so a slow model
    holds no pooled connection."""
    as_json = _wants_json(request)
    sid = _session_id(session_id)
    transaction = user_transactions(request, csrf_token=csrf_token)
    try:
        result = await turns.submit(
            transaction, ai, sid, text=text, turn_number=turn_number, command=command or None
        )
    except NotAuthenticated:
        raise  # to the sign-in page, as CurrentUser does
    except AppError as exc:
        if as_json:
            return error_json(exc)
        if isinstance(exc, ValidationFailed | Conflict):
            async with user_transactions(request)() as conn:
                interview = await service.get_interview(conn, sid)
            message = (
                next(iter(exc.errors.values()))
                if isinstance(exc, ValidationFailed)
                else exc.message
            )
            return _chat_page(
                request, interview, error=message, draft=text[:200_000], status_code=exc.status_code
            )
        raise
    if as_json:
        return JSONResponse(
            result.model_dump(mode="json"), status_code=200 if result.duplicate else 201
        )
    codes = _notice_codes(result)
    anchor = f"#turn-{result.new_turns[-1].turn_number}" if result.new_turns else ""
    return RedirectResponse(
        f"/interviews/{sid}{'?n=' + codes if codes else ''}{anchor}", status_code=303
    )


# JSON API ----------------------------------------------------------------------------------


@api.get("/roles")
async def api_roles() -> list[dict[str, str]]:
    """The target roles an interview can start with ('other' needs a title)."""
    return [{"key": r.key, "name": "Other" if r.key == "other" else r.name} for r in ROLES.values()]


@api.get("")
async def api_list(db: Db, user: CurrentUser) -> list[dict[str, Any]]:
    rows = await service.list_interviews(db.conn)
    return [
        {
            "id": str(r["id"]),
            "role": r["role_type"],
            "role_name": r["role_name"],
            "status": r["status"],
            "turns_count": r["turns_count"],
            "duration_seconds": r["duration_seconds"],
            "answers": r["answers"],
            "bullets": r["bullets"],
            "experience": r["experience_details"],
            "created_at": r["created_at"].isoformat(),
            "last_activity": r["last_activity"].isoformat() if r["last_activity"] else None,
        }
        for r in rows
    ]


@api.post("", status_code=201, responses={402: {"description": "No interviews left"}})
async def api_start(body: StartInterview, db: Db, user: CurrentUser, ai: AI) -> Response:
    """Starts an interview: takes one interview credit, returns it with its first question."""
    session_id = await service.start_interview(db.conn, user, ai, body)
    interview = await service.get_interview(db.conn, session_id)
    return JSONResponse(interview.model_dump(mode="json"), status_code=201)


@api.get("/{session_id}")
async def api_get(session_id: UUID, db: Db, user: CurrentUser) -> Interview:
    """The interview with every turn so far: what a client needs to resume it."""
    return await service.get_interview(db.conn, session_id)


@api.post(
    "/{session_id}/answers",
    status_code=201,
    responses={200: {"description": "A repeat of a stored answer: the stored result"}},
)
async def api_answer(request: Request, ai: AI, session_id: UUID, body: AnswerIn) -> Response:
    """Stores an answer and the next question (no request-long transaction: see submit)."""
    result = await turns.submit(
        user_transactions(request), ai, session_id, text=body.text, turn_number=body.turn_number
    )
    return JSONResponse(
        result.model_dump(mode="json"), status_code=200 if result.duplicate else 201
    )


@api.post("/{session_id}/commands", status_code=201)
async def api_command(request: Request, ai: AI, session_id: UUID, body: CommandIn) -> Response:
    """skip, rephrase, back or finish; stored as the candidate's turn like a typed command."""
    result = await turns.submit(
        user_transactions(request),
        ai,
        session_id,
        turn_number=body.turn_number,
        command=body.command,
    )
    return JSONResponse(
        result.model_dump(mode="json"), status_code=200 if result.duplicate else 201
    )
