"""Child processes that end when their parent does, however it ended.

`serve`'s web processes (uvicorn's) and its render processes (documents/pool.py) stop when
`serve` stops them. A `serve` killed outright (SIGKILL, the OOM killer) stops nothing: its
children would go on for good, web processes still holding the port. Each child watches for
the moment it is re-parented and then ends itself.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 1.0


def end_with_parent() -> None:
    """Ends this process within POLL_SECONDS of its parent's death (a daemon thread)."""
    parent = os.getppid()
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    # Nothing to save: a parent gone means its database and clients are gone too.
    os._exit(0)
