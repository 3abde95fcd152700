"""Section order for each target role: what a recruiter for that role looks at first."""

from __future__ import annotations

SECTIONS = (
    "summary",
    "work",
    "projects",
    "education",
    "skills",
    "publications",
    "awards",
    "certificates",
    "volunteer",
    "languages",
    "interests",
    "references",
)

_EXPERIENCE_FIRST = ("summary", "work", "skills", "projects", "education", "certificates", "awards")
_TAIL = ("publications", "volunteer", "languages", "interests", "references")

ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "default": ("Any role: experience first", _EXPERIENCE_FIRST + _TAIL),
    "software_engineer": (
        "Software engineer: experience, skills, projects",
        ("summary", "work", "skills", "projects", "education", "certificates", "awards") + _TAIL,
    ),
    "data_scientist": (
        "Data scientist: experience, skills, projects, publications",
        (
            "summary",
            "work",
            "skills",
            "projects",
            "publications",
            "education",
            "certificates",
            "awards",
            "volunteer",
            "languages",
            "interests",
            "references",
        ),
    ),
    "researcher": (
        "Researcher: education and publications up front",
        (
            "summary",
            "education",
            "publications",
            "work",
            "projects",
            "awards",
            "skills",
            "certificates",
            "volunteer",
            "languages",
            "interests",
            "references",
        ),
    ),
    "new_graduate": (
        "New graduate: education first, then projects",
        (
            "summary",
            "education",
            "projects",
            "work",
            "skills",
            "awards",
            "certificates",
            "volunteer",
            "publications",
            "languages",
            "interests",
            "references",
        ),
    ),
    "teacher": (
        "Teacher: experience, certification, education",
        (
            "summary",
            "work",
            "certificates",
            "education",
            "skills",
            "volunteer",
            "awards",
            "projects",
            "publications",
            "languages",
            "interests",
            "references",
        ),
    ),
    "nurse": (
        "Nurse: licences and certifications right after experience",
        (
            "summary",
            "certificates",
            "work",
            "education",
            "skills",
            "volunteer",
            "awards",
            "languages",
            "projects",
            "publications",
            "interests",
            "references",
        ),
    ),
    "product_manager": (
        "Product manager: experience, projects, skills",
        ("summary", "work", "projects", "skills", "education", "certificates", "awards") + _TAIL,
    ),
    "designer": (
        "Designer: projects next to experience",
        ("summary", "projects", "work", "skills", "education", "awards", "certificates") + _TAIL,
    ),
    "sales": (
        "Sales and marketing: results, awards, experience",
        ("summary", "work", "awards", "skills", "education", "certificates", "projects") + _TAIL,
    ),
    "executive": (
        "Executive: summary and track record",
        ("summary", "work", "awards", "education", "skills", "certificates", "projects") + _TAIL,
    ),
    "career_changer": (
        "Career changer: skills and projects before past roles",
        ("summary", "skills", "projects", "certificates", "work", "education", "awards") + _TAIL,
    ),
}


class UnknownRoleError(ValueError):
    """A role key that is not in ROLES."""


def section_order(role: str | None) -> tuple[str, ...]:
    """Sections in the order to print them for `role` (None means the default order)."""
    key = (role or "default").strip().lower().replace("-", "_").replace(" ", "_")
    if key not in ROLES:
        known = ", ".join(sorted(ROLES))
        raise UnknownRoleError(f"unknown role {role!r}; choose one of: {known}")
    order = ROLES[key][1]
    assert set(order) == set(SECTIONS), key  # every section appears exactly once per role
    return order
