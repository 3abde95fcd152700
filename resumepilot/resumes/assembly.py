"""Assembling a resume: the profile, the entries a user filled in, bullets picked from the library,
and the target role's defaults (section order, template, which roles keep every bullet)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from resumepilot.documents.resume import MAX_BULLETS, MAX_TEXT
from resumepilot.documents.roles import ROLES, section_order

# The sections the builder edits; anything else a JSON Resume import brings is kept as it is.
EDITABLE_SECTIONS = ("work", "education", "skills", "projects")
# The most recent roles always keep every bullet; older ones are trimmed for most targets.
RECENT_ROLES = 2


@dataclass(frozen=True)
class RoleDefaults:
    """What a target role changes beyond section order."""

    template: str
    # Bullets kept for each job after the RECENT_ROLES most recent; None keeps them all.
    older_role_bullets: int | None
    focus: str


ROLE_DEFAULTS: dict[str, RoleDefaults] = {
    "default": RoleDefaults("classic", None, "Experience first, everything else after."),
    "software_engineer": RoleDefaults(
        "classic", 3, "Recent engineering impact first; skills and projects close behind."
    ),
    "data_scientist": RoleDefaults(
        "modern", 3, "Measured results, the tools behind them, and any publications."
    ),
    "researcher": RoleDefaults(
        "academic", None, "Education and publications lead; every role keeps its detail."
    ),
    "new_graduate": RoleDefaults(
        "classic", 2, "Education and projects lead; part-time jobs stay short."
    ),
    "teacher": RoleDefaults("classic", 3, "Classroom experience, then certification."),
    "nurse": RoleDefaults("modern", 3, "Licences and certifications right under your name."),
    "product_manager": RoleDefaults("modern", 3, "Outcomes you shipped, then the projects."),
    "designer": RoleDefaults("modern", 3, "Projects sit next to experience."),
    "sales": RoleDefaults("modern", 3, "Numbers and awards up front."),
    "executive": RoleDefaults("modern", 2, "The last two roles carry the story."),
    "career_changer": RoleDefaults(
        "modern", 2, "Transferable skills and projects come before past roles."
    ),
}


def role_key(role: str | None) -> str:
    """The canonical role key; raises UnknownRoleError for an unknown role."""
    key = (role or "default").strip().lower().replace("-", "_").replace(" ", "_")
    section_order(key)
    return key


def role_choices() -> list[tuple[str, str]]:
    """(key, description) for every target role, the default first."""
    return [(key, desc) for key, (desc, _) in ROLES.items()]


def defaults_for(role: str | None) -> RoleDefaults:
    return ROLE_DEFAULTS.get(role_key(role), ROLE_DEFAULTS["default"])


def editor_sections(role: str | None) -> list[str]:
    """The builder's sections in the order the role's readers look at them."""
    return [key for key in section_order(role_key(role)) if key in EDITABLE_SECTIONS]


def new_draft_data(
    profile: dict[str, Any], email: str | None, work: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A fresh draft, its header filled from the profile and the account; `work` (from the
    bullets chosen in the library, see chosen.py) replaces the profile's one job entry."""
    basics = {
        "name": profile.get("full_name") or "",
        "label": profile.get("job_title") or "",
        "email": email or "",
    }
    if work is None:
        work = []
        if profile.get("company") or profile.get("job_title"):
            work.append(
                {"name": profile.get("company") or "", "position": profile.get("job_title") or ""}
            )
    data: dict[str, Any] = _drop_empty({"basics": basics, "work": work})
    return data


@dataclass
class Assembled:
    resume: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def assemble(
    data: dict[str, Any], profile: dict[str, Any], *, role: str | None, trim_older_roles: bool
) -> Assembled:
    """The JSON Resume to render: the draft, the profile filling a missing name or title, and
    the role's emphasis (older roles trimmed to their first bullets) applied."""
    resume = copy.deepcopy(data)
    basics = resume.setdefault("basics", {})
    if not isinstance(basics, dict):
        return Assembled(resume)  # the model check will name the problem
    if not basics.get("name") and profile.get("full_name"):
        basics["name"] = profile["full_name"]
    if not basics.get("label") and profile.get("job_title"):
        basics["label"] = profile["job_title"]
    notes: list[str] = []
    keep = defaults_for(role).older_role_bullets
    work = resume.get("work")
    if trim_older_roles and keep is not None and isinstance(work, list):
        for entry in work[RECENT_ROLES:]:
            bullets = entry.get("highlights") if isinstance(entry, dict) else None
            if isinstance(bullets, list) and len(bullets) > keep:
                entry["highlights"] = bullets[:keep]
                where = entry.get("name") or entry.get("position") or "an older role"
                notes.append(
                    f"{where}: kept the first {keep} of {len(bullets)} bullets, as older roles "
                    "stay short for this target role."
                )
    return Assembled(resume, notes)


@dataclass(frozen=True)
class LibraryBullet:
    """One bullet of the user's library (resume_bullets), addressable as 'row:index'."""

    row_id: UUID
    index: int
    text: str
    # Marked on the bullets page: "use on resume" pre-ticks it here, starred ones come first.
    selected: bool = False
    starred: bool = False

    @property
    def key(self) -> str:
        return f"{self.row_id}:{self.index}"


@dataclass
class LibraryGroup:
    """The bullets written from one interview answer."""

    row_id: UUID
    heading: str
    role: str
    bullets: list[LibraryBullet]


def library(rows: list[dict[str, Any]]) -> list[LibraryGroup]:
    """The bullet library from resume_bullets rows; entries without usable text are skipped.

    Rows are written by the interviews feature: `bullets` is a JSON list of objects with at
    least "text" (plain strings are accepted too).
    """
    groups = []
    for row in rows:
        items = row.get("bullets")
        items = items if isinstance(items, list) else []
        found = []
        for i, item in enumerate(items):
            marks = item if isinstance(item, dict) else {}
            text = marks.get("text") if marks else item
            if isinstance(text, str) and text.strip():
                found.append(
                    LibraryBullet(
                        row["id"],
                        i,
                        " ".join(text.split())[:MAX_TEXT],
                        selected=marks.get("selected") is True,
                        starred=marks.get("starred") is True,
                    )
                )
        found.sort(key=lambda b: not b.starred)  # stable: library order within each kind
        if found:
            heading = (row.get("experience") or row.get("question") or "Interview answer").strip()
            groups.append(
                LibraryGroup(row["id"], heading[:200], (row.get("role") or "").strip(), found)
            )
    return groups


class PickError(ValueError):
    """A bullet pick that cannot be applied; the message is for the user."""


def add_picked_bullets(
    data: dict[str, Any], picks: list[str], target: str, groups: list[LibraryGroup]
) -> int:
    """Appends the picked library bullets to the target entry ('work:0', 'projects:1' or
    'new-work'); returns how many were added. Bullets already on the entry are not repeated."""
    by_key = {b.key: b for g in groups for b in g.bullets}
    chosen = [by_key[p] for p in dict.fromkeys(picks) if p in by_key]
    if not chosen:
        raise PickError("Choose at least one bullet from your library first.")
    if target == "new-work":
        heading = next((g.heading for g in groups if g.row_id == chosen[0].row_id), "")
        data.setdefault("work", []).append({"name": heading[:300], "highlights": []})
        section, index = "work", len(data["work"]) - 1
    else:
        section, _, raw = target.partition(":")
        if section not in ("work", "projects") or not raw.isdigit():
            raise PickError("Choose the experience or project the bullets go to.")
        index = int(raw)
        if index >= len(data.get(section) or []):
            raise PickError("That entry no longer exists; choose another one.")
    entry = data[section][index]
    bullets = entry.setdefault("highlights", [])
    seen = {b.casefold() for b in bullets if isinstance(b, str)}
    added = 0
    for bullet in chosen:
        if bullet.text.casefold() in seen:
            continue
        if len(bullets) >= MAX_BULLETS:
            raise PickError(f"An entry holds at most {MAX_BULLETS} bullets; remove some first.")
        bullets.append(bullet.text)
        seen.add(bullet.text.casefold())
        added += 1
    return added


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [v for v in (_drop_empty(v) for v in value) if v not in ("", None, [], {})]
    return value
