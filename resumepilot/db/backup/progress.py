"""How a long backup or restore reports its progress (the CLI draws bars from it)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, step: str, done: int, total: int) -> None:
        """`done` of `total` units of `step` ("Dumping the database", ...) are finished."""


def no_progress(step: str, done: int, total: int) -> None:
    """For callers that do not show progress."""
