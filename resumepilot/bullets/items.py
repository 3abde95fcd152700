"""Pure operations on one answer's list of bullet items (no database, no provider).

Each item is {"id", "text", "source": {"start", "end"}, "starred", "selected", "edited",
"unsupported", "engine", "previous"}; the list's order is the user's order. "selected" marks the
bullets the resume builder uses; "unsupported" lists figures of an edited bullet that the answer
never stated; "engine" says who wrote the words ("builtin", "openai", or None when unknown);
"previous" holds the bullet's earlier wordings, so a rewrite never offers one of them again.

Alongside the items an answer keeps `dismissed`: texts the user deleted or replaced (by an edit
or a rewrite). Regenerating never brings one of them back.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from resumepilot.ai.grounding import Transcript
from resumepilot.ai.models import Bullet
from resumepilot.ai.numbers import find_quantities
from resumepilot.bullets.models import Item
from resumepilot.errors import AppError, NotFound, ValidationFailed

MAX_BULLET_CHARS = 400
MAX_ITEMS = 30
MAX_DISMISSED = 200
MAX_PREVIOUS = 10
KEPT_FLAGS = ("starred", "selected", "edited")
# What each engine is called beside its bullets: said plainly, never oversold.
ENGINE_LABELS = {
    "builtin": "Offline engine: rephrases only what you said",
    "openai": "AI model, checked against what you said",
}


def new_id() -> str:
    return secrets.token_hex(6)


def key(text: str) -> str:
    """What makes two bullet texts the same bullet: case and spacing do not count."""
    return " ".join(text.split()).lower()


def from_bullets(bullets: Iterable[Bullet], engine: str | None = None) -> list[Item]:
    """Fresh items from what an AI provider wrote (a BulletList knows its provider)."""
    writer = engine or getattr(bullets, "provider", None) or "builtin"
    return [
        {
            "id": new_id(),
            "text": b.text,
            "source": b.source.as_dict(),
            "starred": False,
            "selected": False,
            "edited": False,
            "unsupported": [],
            "engine": writer,
            "previous": [],
        }
        for b in bullets
    ]


def rejections(bullets: Iterable[Bullet]) -> list[dict[str, str]]:
    """The candidates a provider's checks dropped, each {"text", "reason"}, for the page."""
    return [r.as_dict() for r in getattr(bullets, "rejected", [])]


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
        engine = entry.get("engine")
        out.append(
            {
                "id": str(entry.get("id") or new_id()),
                "text": entry["text"],
                "source": source,
                "starred": bool(entry.get("starred")),
                "selected": bool(entry.get("selected")),
                "edited": bool(entry.get("edited")),
                "unsupported": [str(x) for x in entry.get("unsupported") or []],
                "engine": engine if isinstance(engine, str) else None,
                "previous": [str(x) for x in entry.get("previous") or []][-MAX_PREVIOUS:],
            }
        )
    return out


def texts(raw: Any) -> list[str]:
    """A stored list of strings (dismissed texts), tolerating anything else."""
    return [str(x) for x in raw] if isinstance(raw, list) else []


def rejected_list(raw: Any) -> list[dict[str, str]]:
    """Stored rejections as {"text", "reason"} dicts, tolerating anything else."""
    if not isinstance(raw, list):
        return []
    return [
        {"text": str(r["text"]), "reason": str(r["reason"])}
        for r in raw
        if isinstance(r, dict) and "text" in r and "reason" in r
    ]


def dismiss(dismissed: list[str], text: str) -> None:
    """Remembers a text the user let go of, so regenerating does not bring it back."""
    if key(text) not in {key(t) for t in dismissed}:
        dismissed.append(text)
    del dismissed[:-MAX_DISMISSED]


def with_quotes(items: list[Item], transcript: str) -> list[Item]:
    """Items plus "quote" (the words of the transcript each rests on, None if unknown) and
    "engine_label" (who wrote it, as the page says it)."""
    for item in items:
        source = item.get("source") or {}
        start, end = source.get("start"), source.get("end")
        ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end
        item["quote"] = transcript[start:end] if ok else None
        item["engine_label"] = None if item.get("edited") else ENGINE_LABELS.get(item["engine"])
    return items


def merge(old: list[Item], fresh: list[Item], dismissed: Sequence[str] = ()) -> list[Item]:
    """Regenerated bullets replace the old ones, except those the user starred, chose or edited;
    a fresh bullet the user deleted or replaced before is not added again."""
    kept = [item for item in old if any(item.get(flag) for flag in KEPT_FLAGS)]
    seen = {key(item["text"]) for item in kept} | {key(t) for t in dismissed}
    for item in kept:
        seen.update(key(t) for t in item.get("previous") or [])
    added = []
    for item in fresh:
        if key(item["text"]) not in seen:
            seen.add(key(item["text"]))
            added.append(item)
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


def edit_text(
    items: list[Item], item_id: str, text: str, transcript: str, dismissed: list[str]
) -> Item:
    item = items[find_item(items, item_id)]
    clean = clean_bullet_text(text)
    if clean != item["text"]:
        dismiss(dismissed, item["text"])
        item["text"] = clean
        item["edited"] = True
        item["unsupported"] = unsupported_figures(clean, transcript)
    return item


def delete(items: list[Item], item_id: str, dismissed: list[str]) -> None:
    dismiss(dismissed, items.pop(find_item(items, item_id))["text"])


def reword(
    items: list[Item], item_id: str, bullet: Bullet, engine: str, dismissed: list[str]
) -> Item:
    """Puts a rewrite in place of a bullet: same id, flags and place; the old words remembered."""
    item = items[find_item(items, item_id)]
    dismiss(dismissed, item["text"])
    item["previous"] = [*item.get("previous", []), item["text"]][-MAX_PREVIOUS:]
    item.update(
        text=bullet.text,
        source=bullet.source.as_dict(),
        edited=False,
        unsupported=[],
        engine=engine,
    )
    return item


def rewrite_avoid(items: list[Item], item_id: str) -> list[str]:
    """Texts a rewrite of one bullet must not return: its earlier wordings and its siblings."""
    item = items[find_item(items, item_id)]
    siblings = [other["text"] for other in items if other is not item]
    return list(dict.fromkeys([*item.get("previous", []), *siblings]))


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
        "engine": None,
        "previous": [],
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
