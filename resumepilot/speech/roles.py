"""Role vocabulary for biasing, when a caller knows only the role (data/roles.txt)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _roles() -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    key = ""
    text = resources.files("resumepilot.speech").joinpath("data/roles.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            key = line.strip("[]")
            roles[key] = []
        elif key:
            roles[key] += [t.strip() for t in line.split(",") if t.strip()]
    return roles


def role_keys() -> list[str]:
    return list(_roles())


def role_terms(role: str) -> list[str]:
    """Terms for a role key ("data_scientist"); for any other title, the title's own words."""
    key = role.strip().lower().replace(" ", "_").replace("-", "_")
    if key in _roles():
        return list(_roles()[key])
    return [w for w in re.findall(r"[A-Za-z][A-Za-z+#.]*", role) if len(w) > 1][:10]
