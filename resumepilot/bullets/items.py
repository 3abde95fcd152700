"""The bullet objects stored in resume_bullets.bullets, and the pure operations on a list of them.

Each item is {"id", "text", "source": {"start", "end"}, "starred", "selected", "edited",
"unsupported"}; the list's order is the user's order. "selected" marks the bullets the resume
builder uses; "unsupported" lists figures of an edited bullet that the answer never stated.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from resumepilot.ai.grounding import Transcript
from resumepilot.ai.models import Bullet
from resumepilot.ai.numbers import find_quantities
from resumepilot.errors import AppError, NotFound, ValidationFailed

Item = dict[str, Any]
MAX_BULLET_CHARS = 400
MAX_ITEMS = 30
KEPT_FLAGS = ("starred", "selected", "edited")


def new_id() -> str:
    return secrets.token_hex(6)


def from_bullets(bullets: Iterable[Bullet]) -> list[Item]:
    """Fresh items from what an AI provider wrote."""
    return [{"id": new_id(), "text": b.text, "source": b.source.as_dict(), "starred": False,
             "selected": False, "edited": False, "unsupported": []} for b in bullets]


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
        out.append({
            "id": str(entry.get("id") or new_id()),
            "text": entry["text"],
            "source": source,
            "starred": bool(entry.get("starred")),
            "selected": bool(entry.get("selected")),
            "edited": bool(entry.get("edited")),
            "unsupported": [str(x) for x in entry.get("unsupported") or []],
        })
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
            out.append(text[q.start:q.end].strip())
    return list(dict.fromkeys(out))


def clean_bullet_text(text: str) -> str:
    """A bullet as the user typed it, on one line, or a clear error."""
    flat = " ".join(text.split())
    if not flat:
        raise ValidationFailed({"text": "A bullet cannot be empty. Delete it instead."})
    if len(flat) > MAX_BULLET_CHARS:
        raise ValidationFailed({"text": f"Keep a bullet under {MAX_BULLET_CHARS} characters "
                                        f"(this one has {len(flat):,})."})
    return flat


def find(items: list[Item], item_id: str) -> int:
    for i, item in enumerate(items):
        if item["id"] == item_id:
            return i
    raise NotFound("That bullet no longer exists. It may have been deleted in another tab.")


def edit(items: list[Item], item_id: str, text: str, transcript: str) -> Item:
    item = items[find(items, item_id)]
    clean = clean_bullet_text(text)
    if clean != item["text"]:
        item["text"] = clean
        item["edited"] = True
        item["unsupported"] = unsupported_figures(clean, transcript)
    return item


def add(items: list[Item], text: str, transcript: str) -> Item:
    if len(items) >= MAX_ITEMS:
        raise AppError(f"An answer can hold at most {MAX_ITEMS} bullets.", status_code=409)
    clean = clean_bullet_text(text)
    item = {"id": new_id(), "text": clean, "source": None, "starred": False, "selected": False,
            "edited": True, "unsupported": unsupported_figures(clean, transcript)}
    items.append(item)
    return item


def move(items: list[Item], item_id: str, direction: str) -> int:
    """Moves an item one place up or down (or to the top/bottom); returns its new index."""
    i = find(items, item_id)
    target = {"up": i - 1, "down": i + 1, "top": 0, "bottom": len(items) - 1}.get(direction)
    if target is None:
        raise ValidationFailed({"direction": "Use up, down, top or bottom."})
    target = max(0, min(len(items) - 1, target))
    items.insert(target, items.pop(i))
    return target


def reorder(items: list[Item], order: list[str]) -> list[Item]:
    """The same items in the given order of ids (which must name each item exactly once)."""
    by_id = {item["id"]: item for item in items}
    if sorted(order) != sorted(by_id):
        raise ValidationFailed({"order": "List every bullet of this answer exactly once."})
    return [by_id[i] for i in order]
