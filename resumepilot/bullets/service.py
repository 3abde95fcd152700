"""The bullets library: resume_bullets rows (one per interview answer: a question, what the user
said, and its bullets), and everything done to the bullets in them (items.py describes an item).

Every change locks the row, applies a pure operation on its items and writes the list back, so
two tabs editing the same answer cannot lose each other's change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from resumepilot.ai.roles import ROLES
from resumepilot.bullets import repository as repo
from resumepilot.bullets.items import (
    append_item,
    delete,
    edit_text,
    find_item,
    move_within,
    rejected_list,
    reordered,
    reword,
    rewrite_avoid,
    texts,
)
from resumepilot.bullets.items import from_bullets as from_bullets
from resumepilot.bullets.items import merge as merge
from resumepilot.bullets.items import normalise as normalise
from resumepilot.bullets.items import rejections as rejections
from resumepilot.bullets.items import with_quotes as with_quotes
from resumepilot.bullets.models import Item
from resumepilot.clients.ai import AIClient
from resumepilot.db.types import Conn, Row
from resumepilot.errors import NotFound, ValidationFailed

# The library ----------------------------------------------------------------------------

NO_EXPERIENCE = "Not tied to an experience"
ACTIONS = (
    "save",
    "star",
    "unstar",
    "select",
    "unselect",
    "delete",
    "rewrite",
    "up",
    "down",
    "top",
    "bottom",
)


def role_name(role: str, title: str | None) -> str:
    """What a stored role is called on a page: an interview role's name, else the job title."""
    if role == "other" or role not in ROLES:
        return title or "Other"
    return ROLES[role].name


def answer_out(row: dict[str, Any], notices: list[str] | None = None) -> dict[str, Any]:
    """An answer as pages and the API show it: source quotes included."""
    transcript = row["transcript"]
    bullets = with_quotes(normalise(row["bullets"]), transcript)
    role = row["role"] or "other"
    return {
        "id": str(row["id"]),
        "question": row["question"],
        "transcript": transcript,
        "role": role,
        "role_name": role_name(role, role),
        "experience": row["experience"],
        "experience_details": row["experience_details"],
        "session_id": str(row["session_id"]) if row["session_id"] else None,
        "created_at": row["created_at"].isoformat() if row["created_at"] else None,
        "created_on": row["created_at"].strftime("%b %-d, %Y") if row["created_at"] else "",
        "bullets": bullets,
        "rejected": rejected_list(row.get("rejected")),
        "notices": notices or [],
    }


async def library(conn: Conn) -> list[dict[str, Any]]:
    """Every answer grouped by experience; the most recently used experience first."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for row in await repo.list_answers(conn):
        groups.setdefault(row["experience"], []).append(answer_out(row))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, -max(_stamp(a) for a in kv[1])))
    out = []
    for key, answers in ordered:
        count = sum(len(a["bullets"]) for a in answers)
        chosen = sum(1 for a in answers for b in a["bullets"] if b["selected"])
        out.append(
            {
                "experience": key,
                "title": key or NO_EXPERIENCE,
                "answers": answers,
                "bullet_count": count,
                "selected_count": chosen,
            }
        )
    return out


def _stamp(answer: dict[str, Any]) -> float:
    return datetime.fromisoformat(answer["created_at"]).timestamp() if answer["created_at"] else 0


async def get_answer(conn: Conn, answer_id: UUID) -> dict[str, Any]:
    row = await repo.get_answer(conn, answer_id)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    return answer_out(row)


Change = Callable[[list[Item], str, list[str]], list[Item] | None]


async def _change(
    conn: Conn, answer_id: UUID, change: Change, notices: list[str] | None = None
) -> dict[str, Any]:
    """Locks the row, runs change(items, transcript, dismissed) and writes the result back."""
    row = await repo.get_answer(conn, answer_id, lock=True)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    items = normalise(row["bullets"])
    dismissed = texts(row["dismissed"])
    result = change(items, row["transcript"], dismissed)
    saved = await repo.save_bullets(
        conn, answer_id, result if result is not None else items, dismissed=dismissed
    )
    return answer_out(saved, notices)


async def update_item(
    conn: Conn,
    answer_id: UUID,
    item_id: str,
    *,
    text: str | None = None,
    starred: bool | None = None,
    selected: bool | None = None,
) -> dict[str, Any]:
    """Edits a bullet's words and flags; an edited figure the answer never stated is flagged."""

    def change(items: list[Item], transcript: str, dismissed: list[str]) -> None:
        item = items[find_item(items, item_id)]
        if text is not None:
            edit_text(items, item_id, text, transcript, dismissed)
        if starred is not None:
            item["starred"] = starred
        if selected is not None:
            item["selected"] = selected

    return await _change(conn, answer_id, change)


async def delete_item(conn: Conn, answer_id: UUID, item_id: str) -> dict[str, Any]:
    return await _change(conn, answer_id, lambda items, _, gone: delete(items, item_id, gone))


async def add_item(conn: Conn, answer_id: UUID, text: str) -> dict[str, Any]:
    def change(items: list[Item], transcript: str, _: list[str]) -> None:
        append_item(items, text, transcript)

    return await _change(conn, answer_id, change)


async def move_item(conn: Conn, answer_id: UUID, item_id: str, direction: str) -> dict[str, Any]:
    def change(items: list[Item], _: str, __: list[str]) -> None:
        move_within(items, item_id, direction)

    return await _change(conn, answer_id, change)


async def reorder(conn: Conn, answer_id: UUID, order: list[str]) -> dict[str, Any]:
    return await _change(conn, answer_id, lambda items, _, __: reordered(items, order))


async def rewrite_item(conn: Conn, ai: AIClient, answer_id: UUID, item_id: str) -> dict[str, Any]:
    """Another wording of one bullet, in its place with its id and flags; or a clear reason why
    there is none (ValidationFailed, so the page shows it beside the bullet)."""
    row = await repo.get_answer(conn, answer_id, lock=True)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    items = normalise(row["bullets"])
    item = items[find_item(items, item_id)]
    avoid = rewrite_avoid(items, item_id)
    result = await ai.rewrite(
        row["role"] or "other", row["question"], row["transcript"], item["text"], avoid
    )
    if result.bullet is None:
        raise ValidationFailed({"rewrite": result.reason or "This bullet cannot be reworded."})
    dismissed = texts(row["dismissed"])
    reword(items, item_id, result.bullet, result.provider, dismissed)
    notices = []
    if result.fallback:
        notices.append("The AI provider did not answer, so the built-in engine reworded it.")
    saved = await repo.save_bullets(conn, answer_id, items, dismissed=dismissed)
    return answer_out(saved, notices)


async def apply_action(
    conn: Conn,
    answer_id: UUID,
    item_id: str,
    action: str,
    text: str = "",
    ai: AIClient | None = None,
) -> dict[str, Any]:
    """One button of the library page: save, star, unstar, select, unselect, delete, rewrite,
    up, down, top, bottom."""
    if action == "save":
        return await update_item(conn, answer_id, item_id, text=text)
    if action in ("star", "unstar"):
        return await update_item(conn, answer_id, item_id, starred=action == "star")
    if action in ("select", "unselect"):
        return await update_item(conn, answer_id, item_id, selected=action == "select")
    if action == "delete":
        return await delete_item(conn, answer_id, item_id)
    if action == "rewrite" and ai is not None:
        return await rewrite_item(conn, ai, answer_id, item_id)
    if action in ("up", "down", "top", "bottom"):
        return await move_item(conn, answer_id, item_id, action)
    raise ValidationFailed({"action": "Unknown action."})


async def regenerate(conn: Conn, ai: AIClient, answer_id: UUID) -> dict[str, Any]:
    """Rewrites one answer's bullets; starred, chosen and edited ones stay, and none the user
    deleted or replaced comes back."""
    row = await repo.get_answer(conn, answer_id, lock=True)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    result = await ai.bullets(row["role"] or "other", row["question"], row["transcript"])
    notices = []
    if result.fallback:
        notices.append(
            f"The AI provider did not answer ({result.reason}), so the built-in "
            f"engine rewrote these bullets."
        )
    fresh = from_bullets(result)
    dismissed = texts(row["dismissed"])
    merged = merge(normalise(row["bullets"]), fresh, dismissed)
    if not fresh:
        notices.append(
            "No new bullets could be written from this answer. You can write your own below."
        )
    elif len(merged) == len([i for i in normalise(row["bullets"]) if _kept(i)]):
        notices.append(
            "Nothing new came out of this answer: every bullet it gives is already here or "
            "was deleted or replaced by you."
        )
    saved = await repo.save_bullets(
        conn, answer_id, merged, dismissed=dismissed, rejected=rejections(result)
    )
    return answer_out(saved, notices)


def _kept(item: Item) -> bool:
    return bool(item["starred"] or item["selected"] or item["edited"])


async def delete_answer(conn: Conn, answer_id: UUID) -> None:
    if not await repo.delete_answer(conn, answer_id):
        raise NotFound("There are no such bullets on your account.")


async def selected_bullets(conn: Conn) -> list[dict[str, Any]]:
    """The bullets the user chose for a resume, grouped-order by experience: for /resumes."""
    rows = await repo.selected_bullets(conn)
    return [
        {
            "answer_id": str(r["answer_id"]),
            "id": r["id"],
            "text": r["text"],
            "starred": r["starred"],
            "experience": r["experience"],
            "experience_details": r["experience_details"],
            "role": r["role"],
        }
        for r in rows
    ]


async def progress(conn: Conn) -> tuple[int, int]:
    """(bullets in the library, bullets chosen for a resume): for the dashboard's next step."""
    row = await repo.progress(conn)
    return int(row["bullets"]), int(row["chosen"])


# For interviews and resumes ------------------------------------------------------------------


async def save_topic_answer(conn: Conn, session_id: UUID, answer: dict[str, Any]) -> UUID:
    """Stores the bullets row of one topic of an interview (question, transcript, bullets,
    role, experience, details); a later answer on the topic replaces its transcript and
    bullets. Returns the row's id."""
    return await repo.upsert_topic_answer(conn, session_id, answer)


async def session_answers(conn: Conn, session_id: UUID) -> list[Row]:
    """The bullet rows of one interview (id, topic, question, transcript, bullets), oldest
    first."""
    return await repo.answers_of_session(conn, session_id)


async def session_counts(conn: Conn, session_ids: list[UUID]) -> dict[UUID, tuple[int, int]]:
    """Per interview: (answers with bullets, bullets); interviews without any are left out."""
    rows = await repo.counts_by_session(conn, session_ids)
    return {r["session_id"]: (int(r["answers"]), int(r["bullets"])) for r in rows}


async def newest_answers(conn: Conn, limit: int = 200) -> list[Row]:
    """The user's bullet rows (id, question, role, experience, bullets, created_at), newest
    first."""
    return await repo.newest_answers(conn, limit)
