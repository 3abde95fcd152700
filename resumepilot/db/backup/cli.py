"""`resumepilot backup [PATH]` and `resumepilot restore PATH [--force]`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from resumepilot.config import Settings
    from resumepilot.db.backup.pg_tools import PgTools
    from resumepilot.db.backup.progress import Progress
    from resumepilot.db.backup.restore import RestoreTarget

PG_BIN_HELP = (
    "Folder holding pg_dump and pg_restore (default: the embedded server's own, or those on "
    "PATH when DATABASE_URL is set)."
)


def register(app: typer.Typer) -> None:
    @app.command()
    def backup(
        path: Path = typer.Argument(
            None,
            help="Archive to write (default: resumepilot-backup-<UTC time>.tar in the current "
            "folder); a folder puts it there.",
            show_default=False,
        ),
        pg_bin: Path = typer.Option(None, "--pg-bin", help=PG_BIN_HELP, show_default=False),
    ) -> None:
        """Back up the database and the data folder's files into one archive."""
        from resumepilot.db.backup.create import create_backup, default_backup_name

        settings = _settings()
        destination = path or Path.cwd()
        if destination.is_dir():
            destination = destination / default_backup_name()
        with _reporting_errors(), _progress_bars() as progress:
            url, tools, _ = _database(settings, pg_bin)
            manifest = create_backup(url, settings.data_dir, destination, tools, progress)
        size = destination.stat().st_size
        typer.secho(
            f"Backup written to {destination} ({_human(size)}): {len(manifest.tables)} tables, "
            f"{manifest.total_rows} rows, {_count(len(manifest.files), 'file')}.",
            fg="green",
        )

    @app.command()
    def restore(
        path: Path = typer.Argument(..., help="A backup made by `resumepilot backup`."),
        force: bool = typer.Option(
            False, "--force", help="Replace a database or files folder that is not empty."
        ),
        pg_bin: Path = typer.Option(None, "--pg-bin", help=PG_BIN_HELP, show_default=False),
    ) -> None:
        """Restore a backup into the configured database and data folder, then verify it."""
        from resumepilot.db.backup.restore import restore_backup

        settings = _settings()
        with _reporting_errors(), _progress_bars() as progress:
            target = _restore_target(settings, pg_bin)
            manifest = restore_backup(path, target, force=force, progress=progress)
        typer.secho(
            f"Restored the backup of {manifest.created_at}: {len(manifest.tables)} tables and "
            f"{manifest.total_rows} rows match the backup's checksums; "
            f"{_count(len(manifest.files), 'file')} restored.",
            fg="green",
        )


def _settings() -> Settings:
    from resumepilot.config import get_settings

    return get_settings()


def _database(settings: Settings, pg_bin: Path | None) -> tuple[str, PgTools, str | None]:
    """The database URL, the tools to use, and the embedded server's URL (None without it)."""
    from resumepilot.db.backup.pg_tools import embedded_tools, tools_in, tools_on_path
    from resumepilot.db.embedded import ensure_app_database, start_embedded_server

    if settings.database_url:
        tools = tools_in(pg_bin) if pg_bin else tools_on_path()
        return settings.database_url, tools, None
    tools = tools_in(pg_bin) if pg_bin else embedded_tools()
    server_url = str(start_embedded_server(settings.pgdata_dir).get_uri())
    return ensure_app_database(server_url), tools, server_url


def _restore_target(settings: Settings, pg_bin: Path | None) -> RestoreTarget:
    from resumepilot.db.backup.restore import RestoreTarget

    url, tools, server_url = _database(settings, pg_bin)
    recreate = None
    if server_url is not None:
        embedded_server = server_url

        def recreate() -> None:
            _recreate_app_database(embedded_server)

    return RestoreTarget(url, settings.data_dir, tools, recreate)


def _recreate_app_database(server_url: str) -> None:
    """On the embedded server, which is ours alone: an empty app database for --force."""
    import psycopg
    from psycopg import sql

    from resumepilot.db.embedded import APP_DATABASE

    with psycopg.connect(server_url, autocommit=True) as conn:
        name = sql.Identifier(APP_DATABASE)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


@contextmanager
def _reporting_errors() -> Iterator[None]:
    from resumepilot.db.backup.pg_tools import BackupError
    from resumepilot.db.embedded import EmbeddedPostgresError

    try:
        yield
    except (BackupError, EmbeddedPostgresError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from exc


@contextmanager
def _progress_bars() -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )
    tasks: dict[str, TaskID] = {}

    def report(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = bars.add_task(step, total=max(total, 1))
        bars.update(tasks[step], completed=done if total else 1, total=max(total, 1))

    with bars:
        yield report


def _human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} bytes"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
