"""Recordings on disk: <data_dir>/files/voice/<user id>/<answer id>.<suffix>.

The database row names the file by a relative path (audio_url), so the folder can move (or be
mounted from shared storage by every worker) without rewriting rows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from uuid import UUID

# A file younger than this may belong to an upload whose transaction has not committed yet.
ORPHAN_GRACE_SECONDS = 3600


def relative_path(user_id: UUID, answer_id: UUID, suffix: str) -> str:
    return f"voice/{user_id}/{answer_id}.{suffix}"


def absolute_path(files_dir: Path, audio_url: str) -> Path:
    """The file behind audio_url; ValueError when audio_url points outside the folder."""
    root = files_dir.resolve()
    path = (root / audio_url).resolve()
    if root not in path.parents:
        raise ValueError(f"audio path outside the files folder: {audio_url!r}")
    return path


def save(files_dir: Path, audio_url: str, data: bytes) -> Path:
    """Writes the recording whole or not at all (a temporary file renamed into place)."""
    path = absolute_path(files_dir, audio_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)
    return path


def remove(files_dir: Path, audio_urls: Iterable[str]) -> int:
    """Deletes the files (missing ones are fine); returns how many were deleted."""
    removed = 0
    for url in audio_urls:
        try:
            absolute_path(files_dir, url).unlink()
            removed += 1
        except (FileNotFoundError, ValueError):
            continue
    return removed


def stored_answer_ids(files_dir: Path) -> dict[UUID, Path]:
    """Every recording on disk older than the grace period, by answer id."""
    found: dict[UUID, Path] = {}
    root = files_dir / "voice"
    if not root.is_dir():
        return found
    cutoff = time.time() - ORPHAN_GRACE_SECONDS
    for path in root.glob("*/*"):
        try:
            answer_id = UUID(path.name.split(".", 1)[0])
            if path.stat().st_mtime < cutoff:
                found[answer_id] = path
        except (ValueError, OSError):
            continue
    return found
