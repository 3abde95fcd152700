"""The bullets library: read, edit, delete, reorder, star, choose and regenerate bullets.

Each resume_bullets row is one answer (a question, what the user said, and its bullets). Every
change locks the row, applies a pure operation from items.py and writes the list back, so two
tabs editing the same answer cannot lose each other's change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from resumepilot.ai.providers import AIProvider
from resumepilot.bullets import items as ops
from resumepilot.bullets import repository as repo
from resumepilot.db.request import RequestDb
from resumepilot.errors import NotFound, ValidationFailed
from resumepilot.interviews.service import call_provider, role_name

NO_EXPERIENCE = "Not tied to an experience"
ACTIONS = ("save", "star", "unstar", "select", "unselect", "delete", "up", "down", "top",
           "bottom")


def answer_out(row: dict[str, Any], notices: list[str] | None = None) -> dict[str, Any]:
    """An answer as pages and the API show it: source quotes included."""
    transcript = row["transcript"]
    bullets = ops.with_quotes(ops.normalise(row["bullets"]), transcript)
    role = row["role"] or "other"
    return {
        "id": str(row["id"]), "question": row["question"], "transcript": transcript,
        "role": role, "role_name": role_name(role, role), "experience": row["experience"],
        "experience_details": row["experience_details"],
        "session_id": str(row["session_id"]) if row["session_id"] else None,
        "created_at": row["created_at"].isoformat() if row["created_at"] else None,
        "created_on": row["created_at"].strftime("%b %-d, %Y") if row["created_at"] else "",
        "bullets": bullets, "notices": notices or [],
    }


async def library(db: RequestDb) -> list[dict[str, Any]]:
    """Every answer grouped by experience; the most recently used experience first."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for row in await repo.list_answers(db.conn):
        groups.setdefault(row["experience"], []).append(answer_out(row))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, -max(
        _stamp(a) for a in kv[1])))
    out = []
    for key, answers in ordered:
        count = sum(len(a["bullets"]) for a in answers)
        chosen = sum(1 for a in answers for b in a["bullets"] if b["selected"])
        out.append({"experience": key, "title": key or NO_EXPERIENCE, "answers": answers,
                    "bullet_count": count, "selected_count": chosen})
    return out


def _stamp(answer: dict[str, Any]) -> float:
    return datetime.fromisoformat(answer["created_at"]).timestamp() if answer["created_at"] else 0


async def get_answer(db: RequestDb, answer_id: UUID) -> dict[str, Any]:
    row = await repo.get_answer(db.conn, answer_id)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    return answer_out(row)


async def _change(db: RequestDb, answer_id: UUID,
                  change: Callable[[list[dict[str, Any]], str], list[dict[str, Any]] | None],
                  notices: list[str] | None = None) -> dict[str, Any]:
    row = await repo.get_answer(db.conn, answer_id, lock=True)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    items = ops.normalise(row["bullets"])
    result = change(items, row["transcript"])
    saved = await repo.save_bullets(db.conn, answer_id, result if result is not None else items)
    return answer_out(saved, notices)


async def update_item(db: RequestDb, answer_id: UUID, item_id: str, *, text: str | None = None,
                      starred: bool | None = None, selected: bool | None = None
                      ) -> dict[str, Any]:
    """Edits a bullet's words and flags; an edited figure the answer never stated is flagged."""
    def change(items: list[dict[str, Any]], transcript: str) -> None:
        item = items[ops.find(items, item_id)]
        if text is not None:
            ops.edit(items, item_id, text, transcript)
        if starred is not None:
            item["starred"] = starred
        if selected is not None:
            item["selected"] = selected

    return await _change(db, answer_id, change)


async def delete_item(db: RequestDb, answer_id: UUID, item_id: str) -> dict[str, Any]:
    def change(items: list[dict[str, Any]], _: str) -> None:
        items.pop(ops.find(items, item_id))

    return await _change(db, answer_id, change)


async def add_item(db: RequestDb, answer_id: UUID, text: str) -> dict[str, Any]:
    def change(items: list[dict[str, Any]], transcript: str) -> None:
        ops.add(items, text, transcript)

    return await _change(db, answer_id, change)


async def move_item(db: RequestDb, answer_id: UUID, item_id: str,
                    direction: str) -> dict[str, Any]:
    def change(items: list[dict[str, Any]], _: str) -> None:
        ops.move(items, item_id, direction)

    return await _change(db, answer_id, change)


async def reorder(db: RequestDb, answer_id: UUID, order: list[str]) -> dict[str, Any]:
    return await _change(db, answer_id, lambda items, _: ops.reorder(items, order))


async def apply_action(db: RequestDb, answer_id: UUID, item_id: str, action: str,
                       text: str = "") -> dict[str, Any]:
    """One button of the library page: save, star, unstar, select, unselect, delete, up, down."""
    if action == "save":
        return await update_item(db, answer_id, item_id, text=text)
    if action in ("star", "unstar"):
        return await update_item(db, answer_id, item_id, starred=action == "star")
    if action in ("select", "unselect"):
        return await update_item(db, answer_id, item_id, selected=action == "select")
    if action == "delete":
        return await delete_item(db, answer_id, item_id)
    if action in ("up", "down", "top", "bottom"):
        return await move_item(db, answer_id, item_id, action)
    raise ValidationFailed({"action": "Unknown action."})


async def regenerate(db: RequestDb, provider: AIProvider, answer_id: UUID) -> dict[str, Any]:
    """Rewrites one answer's bullets; starred, chosen and edited ones stay."""
    row = await repo.get_answer(db.conn, answer_id, lock=True)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    result = await call_provider(provider, provider.bullets, row["role"] or "other",
                                 row["question"], row["transcript"])
    notices = []
    if result.fallback:
        notices.append(f"The AI provider did not answer ({result.reason}), so the built-in "
                       f"engine rewrote these bullets.")
    fresh = ops.from_bullets(result)
    if not fresh:
        notices.append("No new bullets could be written from this answer. You can write your "
                       "own below.")
    merged = ops.merge(ops.normalise(row["bullets"]), fresh)
    saved = await repo.save_bullets(db.conn, answer_id, merged)
    return answer_out(saved, notices)


async def delete_answer(db: RequestDb, answer_id: UUID) -> None:
    if not await repo.delete_answer(db.conn, answer_id):
        raise NotFound("There are no such bullets on your account.")


async def selected_bullets(db: RequestDb) -> list[dict[str, Any]]:
    """The bullets the user chose for a resume, grouped-order by experience: for /resumes."""
    rows = await repo.selected_bullets(db.conn)
    return [{"answer_id": str(r["answer_id"]), "id": r["id"], "text": r["text"],
             "starred": r["starred"], "experience": r["experience"],
             "experience_details": r["experience_details"], "role": r["role"]} for r in rows]
