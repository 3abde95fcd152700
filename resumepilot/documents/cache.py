"""A per-user cache folder for work a fresh `resumepilot render` process need not redo."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(name: str) -> Path | None:
    """`$XDG_CACHE_HOME/resumepilot/<name>` (default ~/.cache), made if needed; None if not."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "resumepilot" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
