"""What a process knows of the job worker it supervises, for /readyz (jobs_supervision.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class WorkerHeartbeat:
    """Whether the supervised worker runs, and when its database last answered it."""

    running: bool = False
    last_beat: float | None = None  # time.monotonic() of the last sign of life
    starts: int = 0
    last_stop_reason: str | None = None

    def beat(self) -> None:
        self.last_beat = time.monotonic()

    def problem(self, stalled_seconds: float) -> str | None:
        """Why the worker does not count as alive, or None when it does."""
        if not self.running:
            reason = f" ({self.last_stop_reason})" if self.last_stop_reason else ""
            return "the background job worker is not running" + reason
        if self.last_beat is None or time.monotonic() - self.last_beat > stalled_seconds:
            return f"the background job worker has not answered for over {stalled_seconds:g} s"
        return None
