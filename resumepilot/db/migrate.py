"""Schema migrations: our SQL files applied by yoyo-migrations, then procrastinate's schema."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import psycopg
from yoyo import get_backend, read_migrations

MIGRATIONS_DIR = Path(str(files("resumepilot.db") / "migrations"))


def _yoyo_url(url: str) -> str:
    # yoyo picks its driver from the scheme; psycopg 3 is "postgresql+psycopg".
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def pending_migrations(url: str) -> list[str]:
    """Ids of migrations not yet applied (empty when the schema is current)."""
    backend = get_backend(_yoyo_url(url))
    try:
        migrations = read_migrations(str(MIGRATIONS_DIR))
        return [m.id for m in backend.to_apply(migrations)]
    finally:
        backend.connection.close()


def apply_migrations(url: str) -> list[str]:
    """Applies what is pending, under yoyo's lock so parallel starts don't race. Returns ids."""
    backend = get_backend(_yoyo_url(url))
    try:
        migrations = read_migrations(str(MIGRATIONS_DIR))
        with backend.lock():
            todo = backend.to_apply(migrations)
            backend.apply_migrations(todo)
        applied = [m.id for m in todo]
    finally:
        backend.connection.close()
    _apply_job_queue_schema(url)
    with psycopg.connect(url, autocommit=True) as conn:
        # Triggers on procrastinate's tables, which exist only now on a new database (0017).
        conn.execute("SELECT install_job_queue_hooks()")
    return applied


def _apply_job_queue_schema(url: str) -> None:
    """Installs procrastinate's tables once; its own versioned schema, not copied into ours."""
    from procrastinate.schema import SchemaManager

    with psycopg.connect(url, autocommit=True) as conn:
        installed = conn.execute("SELECT to_regclass('public.procrastinate_jobs') IS NOT NULL")
        if installed.fetchone()[0]:  # type: ignore[index]
            return
        # A second process may be doing the same; an advisory lock serialises them.
        conn.execute("SELECT pg_advisory_lock(727274)")
        try:
            again = conn.execute("SELECT to_regclass('public.procrastinate_jobs') IS NOT NULL")
            if not again.fetchone()[0]:  # type: ignore[index]
                conn.execute(SchemaManager.get_schema())
        finally:
            conn.execute("SELECT pg_advisory_unlock(727274)")
