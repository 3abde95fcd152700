"""Writing a backup: pg_dump and the manifest's checksums from one snapshot, then the files."""

from __future__ import annotations

import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import Connection, IsolationLevel

from resumepilot import __version__
from resumepilot.db.backup import catalog
from resumepilot.db.backup.archive import (
    DUMP_NAME,
    MANIFEST_NAME,
    FileSummary,
    Manifest,
    add_bytes,
    add_file,
    data_files,
)
from resumepilot.db.backup.pg_tools import (
    BackupError,
    PgTools,
    libpq_arguments,
    require_dump_supports,
    run_tool,
)
from resumepilot.db.backup.progress import Progress, no_progress

DUMP_STEP = "Dumping the database"
CHECK_STEP = "Counting and checksumming tables"
FILES_STEP = "Copying files"


def default_backup_name(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"resumepilot-backup-{moment:%Y%m%dT%H%M%SZ}.tar"


def create_backup(
    database_url: str,
    data_dir: Path,
    destination: Path,
    tools: PgTools,
    progress: Progress = no_progress,
) -> Manifest:
    """Writes the archive at `destination` (never over an existing file) and returns its
    manifest. The database is read from one snapshot while the app keeps running."""
    if destination.exists():
        raise BackupError(f"{destination} already exists; backups never overwrite a file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(
            dir=destination.parent, prefix=".resumepilot-backup-"
        ) as work:
            dump = Path(work) / DUMP_NAME
            database = _dump_with_summary(database_url, dump, tools, progress)
            manifest = _write_archive(partial, dump, data_dir, database, progress)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _connect(database_url: str) -> Connection[Any]:
    try:
        return psycopg.connect(database_url, connect_timeout=30)
    except psycopg.OperationalError as exc:
        raise BackupError(f"Could not connect to the database: {exc}".strip()) from exc


@dataclass(frozen=True)
class _DatabaseSummary:
    taken_at: datetime
    database_name: str
    server_version: str
    pg_dump_version: str
    tables: list[catalog.TableSummary]
    roles: list[catalog.RoleSummary]


def _dump_with_summary(
    database_url: str, dump: Path, tools: PgTools, progress: Progress
) -> _DatabaseSummary:
    with _connect(database_url) as conn:
        # One repeatable-read snapshot, shared with pg_dump: the counts describe the dump
        # exactly even while users keep writing.
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        catalog.prepare_session(conn)
        version = catalog.server_version(conn)
        require_dump_supports(tools, version)
        row = conn.execute("SELECT pg_export_snapshot(), current_database(), now()").fetchone()
        assert row is not None
        snapshot, database_name, taken_at = str(row[0]), str(row[1]), row[2]
        tables = catalog.list_tables(conn)
        roles = catalog.list_roles(conn)
        _run_pg_dump(tools, database_url, snapshot, dump, len(tables), progress)
        summaries = []
        progress(CHECK_STEP, 0, len(tables))
        for done, (schema, name) in enumerate(tables, start=1):
            summaries.append(catalog.summarize_table(conn, schema, name))
            progress(CHECK_STEP, done, len(tables))
        conn.rollback()
    return _DatabaseSummary(taken_at, database_name, version, tools.version, summaries, roles)


def _run_pg_dump(
    tools: PgTools, database_url: str, snapshot: str, out: Path, tables: int, progress: Progress
) -> None:
    conninfo, env = libpq_arguments(database_url)
    dumped = 0
    progress(DUMP_STEP, 0, tables)

    def count_tables(line: str) -> None:
        nonlocal dumped
        if "dumping contents of table" in line:
            dumped += 1
            progress(DUMP_STEP, min(dumped, tables), tables)

    run_tool(
        [
            str(tools.pg_dump),
            "--format=custom",
            "--verbose",
            "--no-password",
            f"--snapshot={snapshot}",
            f"--file={out}",
            f"--dbname={conninfo}",
        ],
        env,
        count_tables,
    )
    progress(DUMP_STEP, tables, tables)


def _write_archive(
    partial: Path, dump: Path, data_dir: Path, database: _DatabaseSummary, progress: Progress
) -> Manifest:
    files = data_files(data_dir)
    # Created private: the archive holds password hashes and every user's data.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
            dump_summary = add_file(tar, dump, DUMP_NAME)
            copied: list[FileSummary] = []
            progress(FILES_STEP, 0, len(files))
            for done, (path, name) in enumerate(files, start=1):
                copied.append(add_file(tar, path, name))
                progress(FILES_STEP, done, len(files))
            manifest = Manifest(
                app_version=__version__,
                created_at=database.taken_at.astimezone(UTC).isoformat(timespec="seconds"),
                database_name=database.database_name,
                server_version=database.server_version,
                pg_dump_version=database.pg_dump_version,
                dump_bytes=dump_summary.bytes,
                dump_sha256=dump_summary.sha256,
                tables=database.tables,
                roles=database.roles,
                files=copied,
            )
            add_bytes(tar, manifest.to_json(), MANIFEST_NAME)
        out.flush()
        os.fsync(out.fileno())
    return manifest
