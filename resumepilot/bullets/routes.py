"""The bullets library page (plain forms, enhanced by bullets.js) and its JSON API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.bullets import service
from resumepilot.bullets.models import ItemNew, ItemPatch, Move, Order
from resumepilot.db.request import RequestDb
from resumepilot.errors import AppError, NotFound, ValidationFailed
from resumepilot.web.deps import AI, CurrentUser, Db
from resumepilot.web.errors import error_json
from resumepilot.web.pages import csrf_token_for, render, templates, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/bullets", tags=["bullets"])
FLASH = {
    "save": "Bullet saved.",
    "star": "Starred.",
    "unstar": "Star removed.",
    "select": "Chosen for your resume.",
    "unselect": "Removed from your resume.",
    "delete": "Bullet deleted.",
    "rewrite": "Bullet reworded. Its old wording will not come back.",
    "up": "Moved up.",
    "down": "Moved down.",
    "top": "Moved to the top.",
    "bottom": "Moved to the bottom.",
    "add": "Bullet added.",
    "regenerate": "Bullets rewritten. Starred, chosen and edited ones were kept; deleted ones "
    "stay deleted.",
}


def _answer_id(raw: str) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise NotFound("There are no such bullets on your account.") from None


def _fragment(request: Request) -> bool:
    return request.headers.get("x-fragment") == "answer"


def _card(
    request: Request, answer: dict[str, Any], message: str | None, status_code: int = 200
) -> Response:
    """Just one answer's card, for bullets.js to swap in place."""
    html = templates.get_template("bullets/_answer.html").render(
        answer=answer, csrf_token=csrf_token_for(request), message=message
    )
    return HTMLResponse(html, status_code=status_code)


async def _respond(
    request: Request,
    db: RequestDb,
    answer_id: UUID,
    action: str,
    run: Callable[[], Awaitable[dict[str, Any]]],
) -> Response:
    """Runs a change; answers with the card (bullets.js) or a redirect (plain form)."""
    try:
        answer = await run()
    except AppError as exc:
        if not _fragment(request):
            if isinstance(exc, ValidationFailed):
                return await _page(
                    request, db, error=next(iter(exc.errors.values())), status_code=422
                )
            raise
        if isinstance(exc, NotFound):
            return error_json(exc)
        message = (
            next(iter(exc.errors.values())) if isinstance(exc, ValidationFailed) else exc.message
        )
        current = await service.get_answer(db.conn, answer_id)
        return _card(request, {**current, "error": message}, None, exc.status_code)
    if _fragment(request):
        return _card(request, answer, FLASH.get(action))
    return RedirectResponse(f"/bullets?done={action}#answer-{answer_id}", status_code=303)


async def _page(
    request: Request,
    db: RequestDb,
    *,
    error: str | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> Response:
    groups = await service.library(db.conn)
    chosen = sum(g["selected_count"] for g in groups)
    total = sum(g["bullet_count"] for g in groups)
    return render(
        request,
        "bullets/library.html",
        {
            "active": "bullets",
            "groups": groups,
            "chosen": chosen,
            "total": total,
            "error": error,
            "flash": flash,
            "flash_kind": "success",
        },
        status_code=status_code,
    )


@pages.get("/bullets")
async def library_page(request: Request, db: Db, user: CurrentUser, done: str = "") -> Response:
    return await _page(request, db, flash=FLASH.get(done))


@pages.post("/bullets/{answer_id}/items/{item_id}")
async def item_action(
    request: Request,
    db: Db,
    user: CurrentUser,
    ai: AI,
    answer_id: str,
    item_id: str,
    action: str = Form(""),
    text: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    aid = _answer_id(answer_id)
    if action not in service.ACTIONS:
        raise ValidationFailed({"action": "Unknown action."})
    return await _respond(
        request,
        db,
        aid,
        action,
        lambda: service.apply_action(db.conn, aid, item_id[:40], action, text, ai),
    )


@pages.post("/bullets/{answer_id}/items")
async def item_add(
    request: Request,
    db: Db,
    user: CurrentUser,
    answer_id: str,
    text: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    aid = _answer_id(answer_id)
    return await _respond(request, db, aid, "add", lambda: service.add_item(db.conn, aid, text))


@pages.post("/bullets/{answer_id}/regenerate")
async def regenerate_submit(
    request: Request, db: Db, user: CurrentUser, ai: AI, answer_id: str, csrf_token: str = Form("")
) -> Response:
    verify_csrf(request, csrf_token)
    aid = _answer_id(answer_id)
    return await _respond(
        request, db, aid, "regenerate", lambda: service.regenerate(db.conn, ai, aid)
    )


# JSON API ----------------------------------------------------------------------------------


@api.get("")
async def api_library(db: Db, user: CurrentUser, selected: bool = False) -> Any:
    """Every answer grouped by experience; with ?selected=true, the chosen bullets only."""
    if selected:
        return await service.selected_bullets(db.conn)
    return await service.library(db.conn)


@api.get("/{answer_id}")
async def api_answer(answer_id: UUID, db: Db, user: CurrentUser) -> dict[str, Any]:
    return await service.get_answer(db.conn, answer_id)


@api.delete("/{answer_id}", status_code=204)
async def api_delete_answer(answer_id: UUID, db: Db, user: CurrentUser) -> Response:
    await service.delete_answer(db.conn, answer_id)
    return Response(status_code=204)


@api.patch("/{answer_id}/items/{item_id}")
async def api_patch_item(
    answer_id: UUID, item_id: str, body: ItemPatch, db: Db, user: CurrentUser
) -> dict[str, Any]:
    """Edit a bullet's text, star it or choose it for a resume."""
    return await service.update_item(
        db.conn,
        answer_id,
        item_id[:40],
        text=body.text,
        starred=body.starred,
        selected=body.selected,
    )


@api.delete("/{answer_id}/items/{item_id}")
async def api_delete_item(
    answer_id: UUID, item_id: str, db: Db, user: CurrentUser
) -> dict[str, Any]:
    return await service.delete_item(db.conn, answer_id, item_id[:40])


@api.post("/{answer_id}/items", status_code=201)
async def api_add_item(answer_id: UUID, body: ItemNew, db: Db, user: CurrentUser) -> dict[str, Any]:
    return await service.add_item(db.conn, answer_id, body.text)


@api.post("/{answer_id}/items/{item_id}/rewrite")
async def api_rewrite_item(
    answer_id: UUID, item_id: str, db: Db, user: CurrentUser, ai: AI
) -> dict[str, Any]:
    """Another wording of one bullet (same id, flags and place), or 422 saying why not."""
    return await service.rewrite_item(db.conn, ai, answer_id, item_id[:40])


@api.post("/{answer_id}/items/{item_id}/move")
async def api_move_item(
    answer_id: UUID, item_id: str, body: Move, db: Db, user: CurrentUser
) -> dict[str, Any]:
    return await service.move_item(db.conn, answer_id, item_id[:40], body.direction)


@api.put("/{answer_id}/order")
async def api_reorder(answer_id: UUID, body: Order, db: Db, user: CurrentUser) -> dict[str, Any]:
    """Sets the order of an answer's bullets: every bullet id, once."""
    return await service.reorder(db.conn, answer_id, body.order)


@api.post("/{answer_id}/regenerate")
async def api_regenerate(answer_id: UUID, db: Db, user: CurrentUser, ai: AI) -> dict[str, Any]:
    """Rewrites the bullets of one answer; starred, chosen and edited bullets are kept."""
    return await service.regenerate(db.conn, ai, answer_id)
