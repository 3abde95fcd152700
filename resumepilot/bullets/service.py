"""The bullets library: resume_bullets rows (one per interview answer: a question, what the user
said, and its bullets), and everything done to the bullets in them.

Each bullet item is {"id", "text", "source": {"start", "end"}, "starred", "selected", "edited",
"unsupported"}; the list's order is the user's order. "selected" marks the bullets the resume
builder uses; "unsupported" lists figures of an edited bullet that the answer never stated.
Every change locks the row, applies a pure operation on its items and writes the list back, so
two tabs editing the same answer cannot lose each other's change.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from resumepilot.ai.grounding import Transcript
from resumepilot.ai.models import Bullet
from resumepilot.ai.numbers import find_quantities
from resumepilot.ai.roles import ROLES
from resumepilot.bullets import repository as repo
from resumepilot.bullets.models import Item
from resumepilot.clients.ai import AIClient
from resumepilot.db.types import Conn, Row
from resumepilot.errors import AppError, NotFound, ValidationFailed

MAX_BULLET_CHARS = 400
MAX_ITEMS = 30
KEPT_FLAGS = ("starred", "selected", "edited")


# Items: pure operations on one answer's list of bullets ----------------------------------


def new_id() -> str:
    return secrets.token_hex(6)


def from_bullets(bullets: Iterable[Bullet]) -> list[Item]:
    """Fresh items from what an AI provider wrote."""
    return [
        {
            "id": new_id(),
            "text": b.text,
            "source": b.source.as_dict(),
            "starred": False,
            "selected": False,
            "edited": False,
            "unsupported": [],
        }
        for b in bullets
    ]


def normalise(raw: Any) -> list[Item]:
    """Stored JSON as a list of well-formed items (older or foreign rows may lack fields)."""
    if not isinstance(raw, list):
        return []
    out = []
    for entry in raw:
        if isinstance(entry, str):
            entry = {"text": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            continue
        source = entry.get("source") if isinstance(entry.get("source"), dict) else None
        out.append(
            {
                "id": str(entry.get("id") or new_id()),
                "text": entry["text"],
                "source": source,
                "starred": bool(entry.get("starred")),
                "selected": bool(entry.get("selected")),
                "edited": bool(entry.get("edited")),
                "unsupported": [str(x) for x in entry.get("unsupported") or []],
            }
        )
    return out


def with_quotes(items: list[Item], transcript: str) -> list[Item]:
    """Items plus "quote": the words of the transcript each one rests on (None if unknown)."""
    for item in items:
        source = item.get("source") or {}
        start, end = source.get("start"), source.get("end")
        ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end
        item["quote"] = transcript[start:end] if ok else None
    return items


def merge(old: list[Item], fresh: list[Item]) -> list[Item]:
    """Regenerated bullets replace the old ones, except those the user starred, chose or edited."""
    kept = [item for item in old if any(item.get(flag) for flag in KEPT_FLAGS)]
    seen = {item["text"].strip().lower() for item in kept}
    added = [item for item in fresh if item["text"].strip().lower() not in seen]
    return (kept + added)[:MAX_ITEMS]


def unsupported_figures(text: str, transcript: str) -> list[str]:
    """Figures in text that the transcript never states, as written in text ("35%")."""
    said = Transcript.of(transcript)
    out = []
    for q in find_quantities(text):
        values = {round(q.value, 6), round(q.said, 6)}
        if q.low is not None:
            values.add(round(q.low, 6))
        if not values <= said.values:
            out.append(text[q.start : q.end].strip())
    return list(dict.fromkeys(out))


def clean_bullet_text(text: str) -> str:
    """A bullet as the user typed it, on one line, or a clear error."""
    flat = " ".join(text.split())
    if not flat:
        raise ValidationFailed({"text": "A bullet cannot be empty. Delete it instead."})
    if len(flat) > MAX_BULLET_CHARS:
        raise ValidationFailed(
            {
                "text": f"Keep a bullet under {MAX_BULLET_CHARS} characters "
                f"(this one has {len(flat):,})."
            }
        )
    return flat


def find_item(items: list[Item], item_id: str) -> int:
    for i, item in enumerate(items):
        if item["id"] == item_id:
            return i
    raise NotFound("That bullet no longer exists. It may have been deleted in another tab.")


def edit_text(items: list[Item], item_id: str, text: str, transcript: str) -> Item:
    item = items[find_item(items, item_id)]
    clean = clean_bullet_text(text)
    if clean != item["text"]:
        item["text"] = clean
        item["edited"] = True
        item["unsupported"] = unsupported_figures(clean, transcript)
    return item


def append_item(items: list[Item], text: str, transcript: str) -> Item:
    if len(items) >= MAX_ITEMS:
        raise AppError(f"An answer can hold at most {MAX_ITEMS} bullets.", status_code=409)
    clean = clean_bullet_text(text)
    item = {
        "id": new_id(),
        "text": clean,
        "source": None,
        "starred": False,
        "selected": False,
        "edited": True,
        "unsupported": unsupported_figures(clean, transcript),
    }
    items.append(item)
    return item


def move_within(items: list[Item], item_id: str, direction: str) -> int:
    """Moves an item one place up or down (or to the top/bottom); returns its new index."""
    i = find_item(items, item_id)
    target = {"up": i - 1, "down": i + 1, "top": 0, "bottom": len(items) - 1}.get(direction)
    if target is None:
        raise ValidationFailed({"direction": "Use up, down, top or bottom."})
    target = max(0, min(len(items) - 1, target))
    items.insert(target, items.pop(i))
    return target


def reordered(items: list[Item], order: list[str]) -> list[Item]:
    """The same items in the given order of ids (which must name each item exactly once)."""
    by_id = {item["id"]: item for item in items}
    if sorted(order) != sorted(by_id):
        raise ValidationFailed({"order": "List every bullet of this answer exactly once."})
    return [by_id[i] for i in order]


# The library ----------------------------------------------------------------------------

NO_EXPERIENCE = "Not tied to an experience"
ACTIONS = ("save", "star", "unstar", "select", "unselect", "delete", "up", "down", "top", "bottom")


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


async def _change(
    conn: Conn,
    answer_id: UUID,
    change: Callable[[list[dict[str, Any]], str], list[dict[str, Any]] | None],
    notices: list[str] | None = None,
) -> dict[str, Any]:
    row = await repo.get_answer(conn, answer_id, lock=True)
    if row is None:
        raise NotFound("There are no such bullets on your account.")
    items = normalise(row["bullets"])
    result = change(items, row["transcript"])
    saved = await repo.save_bullets(conn, answer_id, result if result is not None else items)
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

    def change(items: list[dict[str, Any]], transcript: str) -> None:
        item = items[find_item(items, item_id)]
        if text is not None:
            edit_text(items, item_id, text, transcript)
        if starred is not None:
            item["starred"] = starred
        if selected is not None:
            item["selected"] = selected

    return await _change(conn, answer_id, change)


async def delete_item(conn: Conn, answer_id: UUID, item_id: str) -> dict[str, Any]:
    def change(items: list[dict[str, Any]], _: str) -> None:
        items.pop(find_item(items, item_id))

    return await _change(conn, answer_id, change)


async def add_item(conn: Conn, answer_id: UUID, text: str) -> dict[str, Any]:
    def change(items: list[dict[str, Any]], transcript: str) -> None:
        append_item(items, text, transcript)

    return await _change(conn, answer_id, change)


async def move_item(conn: Conn, answer_id: UUID, item_id: str, direction: str) -> dict[str, Any]:
    def change(items: list[dict[str, Any]], _: str) -> None:
        move_within(items, item_id, direction)

    return await _change(conn, answer_id, change)


async def reorder(conn: Conn, answer_id: UUID, order: list[str]) -> dict[str, Any]:
    return await _change(conn, answer_id, lambda items, _: reordered(items, order))


async def apply_action(
    conn: Conn, answer_id: UUID, item_id: str, action: str, text: str = ""
) -> dict[str, Any]:
    """One button of the library page: save, star, unstar, select, unselect, delete, up, down."""
    if action == "save":
        return await update_item(conn, answer_id, item_id, text=text)
    if action in ("star", "unstar"):
        return await update_item(conn, answer_id, item_id, starred=action == "star")
    if action in ("select", "unselect"):
        return await update_item(conn, answer_id, item_id, selected=action == "select")
    if action == "delete":
        return await delete_item(conn, answer_id, item_id)
    if action in ("up", "down", "top", "bottom"):
        return await move_item(conn, answer_id, item_id, action)
    raise ValidationFailed({"action": "Unknown action."})


async def regenerate(conn: Conn, ai: AIClient, answer_id: UUID) -> dict[str, Any]:
    """Rewrites one answer's bullets; starred, chosen and edited ones stay."""
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
    if not fresh:
        notices.append(
            "No new bullets could be written from this answer. You can write your own below."
        )
    merged = merge(normalise(row["bullets"]), fresh)
    saved = await repo.save_bullets(conn, answer_id, merged)
    return answer_out(saved, notices)


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
