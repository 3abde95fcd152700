"""Restoring a backup: check the archive and the target, pg_restore in one transaction, then
compare every table with the manifest before the files are put in place."""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import Connection

from resumepilot.db.backup import catalog
from resumepilot.db.backup.archive import (
    DUMP_NAME,
    FILE_FOLDERS,
    MANIFEST_NAME,
    Manifest,
    extract_verified,
    manifest_of,
    open_archive,
    safe_relative,
)
from resumepilot.db.backup.pg_tools import (
    BackupError,
    PgTools,
    count_dump_entries,
    libpq_arguments,
    require_restore_supports,
    run_tool,
)
from resumepilot.db.backup.progress import Progress, no_progress

ARCHIVE_STEP = "Checking the archive"
RESTORE_STEP = "Restoring the database"
VERIFY_STEP = "Verifying tables"
ANALYZE_STEP = "Updating planner statistics"


@dataclass(frozen=True)
class RestoreTarget:
    database_url: str
    data_dir: Path
    tools: PgTools
    # The embedded server's: drops and recreates the app database, a clean slate for --force.
    # None on a server we do not own, where --force restores with pg_restore --clean.
    recreate_database: Callable[[], None] | None = None


def restore_backup(
    archive: Path, target: RestoreTarget, *, force: bool = False, progress: Progress = no_progress
) -> Manifest:
    """Restores `archive` into the target and verifies it; returns the backup's manifest.

    Refuses a target holding tables or files unless `force`. The database is restored in one
    transaction: a failure leaves it as it was.
    """
    with open_archive(archive) as tar:
        manifest = manifest_of(tar, archive)
        require_restore_supports(target.tools, manifest.pg_dump_version)
        _check_members(tar, manifest, archive)
        has_tables = _check_target(target, archive, force=force)
        target.data_dir.mkdir(parents=True, exist_ok=True)
        # In the data folder itself, so that the files move into place by a rename.
        with tempfile.TemporaryDirectory(dir=target.data_dir, prefix=".restore-") as work:
            staged = Path(work)
            dump = staged / DUMP_NAME
            units = 1 + len(manifest.files)  # the dump, then each file
            progress(ARCHIVE_STEP, 0, units)
            extract_verified(
                tar,
                DUMP_NAME,
                dump,
                size=manifest.dump_bytes,
                sha256=manifest.dump_sha256,
                archive=archive,
            )
            progress(ARCHIVE_STEP, 1, units)
            for done, file in enumerate(manifest.files, start=1):
                extract_verified(
                    tar,
                    file.path,
                    staged / safe_relative(file.path),
                    size=file.bytes,
                    sha256=file.sha256,
                    archive=archive,
                )
                progress(ARCHIVE_STEP, 1 + done, units)
            clean = has_tables and target.recreate_database is None
            if has_tables and target.recreate_database is not None:
                target.recreate_database()
            _restore_database(target, manifest, dump, clean=clean, progress=progress)
            _verify_tables(target.database_url, manifest, progress)
            _move_files_into_place(staged, target.data_dir)
    return manifest


def _connect(database_url: str) -> Connection[Any]:
    try:
        return psycopg.connect(database_url, autocommit=True, connect_timeout=30)
    except psycopg.OperationalError as exc:
        raise BackupError(f"Could not connect to the target database: {exc}".strip()) from exc


def _check_members(tar: tarfile.TarFile, manifest: Manifest, archive: Path) -> None:
    expected = {MANIFEST_NAME, DUMP_NAME} | {f.path for f in manifest.files}
    for file in manifest.files:
        safe_relative(file.path)
    unexpected = sorted(set(tar.getnames()) - expected)
    if unexpected:
        raise BackupError(
            f"{archive} holds entries its manifest does not list ({', '.join(unexpected[:5])}); "
            "it was altered after it was written."
        )


def _check_target(target: RestoreTarget, archive: Path, *, force: bool) -> bool:
    """Says whether the database has tables; refuses existing data without `force`."""
    with _connect(target.database_url) as conn:
        others = catalog.other_sessions(conn)
        if others:
            raise BackupError(
                f"{others} other connection(s) to the target database are open: is ResumePilot "
                "running? Stop `resumepilot serve` and every `resumepilot worker`, then run the "
                "restore again."
            )
        tables = catalog.existing_tables(conn)
    files_present = [
        target.data_dir / folder
        for folder in FILE_FOLDERS
        if (target.data_dir / folder).is_dir() and any((target.data_dir / folder).iterdir())
    ]
    if (tables or files_present) and not force:
        found = []
        if tables:
            found.append(f"the database already has {tables} tables")
        found.extend(f"{folder} already holds files" for folder in files_present)
        raise BackupError(
            f"Refusing to restore over existing data: {' and '.join(found)}. Run "
            f"`resumepilot restore {archive} --force` to replace them with the backup, or point "
            "DATABASE_URL / RESUMEPILOT_DATA_DIR at an empty database and folder."
        )
    return tables > 0


def _restore_database(
    target: RestoreTarget, manifest: Manifest, dump: Path, *, clean: bool, progress: Progress
) -> None:
    with _connect(target.database_url) as conn:
        try:
            catalog.create_missing_roles(conn, manifest.roles)
        except psycopg.Error as exc:
            names = ", ".join(role.name for role in manifest.roles)
            raise BackupError(
                f"Could not create the roles the backup's privileges name ({names}): "
                f"{exc}. Create them on the server first, or restore as a role that may."
            ) from exc
        detached = catalog.detach_partitions(conn) if clean else []
    # --clean drops each object before creating it again.
    total = count_dump_entries(target.tools, dump) * (2 if clean else 1)
    conninfo, env = libpq_arguments(target.database_url)
    steps = 0
    progress(RESTORE_STEP, 0, total)

    def count_steps(line: str) -> None:
        nonlocal steps
        if line.startswith(
            (
                "pg_restore: creating",
                "pg_restore: processing",
                "pg_restore: dropping",
                "pg_restore: executing",
            )
        ):
            steps += 1
            progress(RESTORE_STEP, min(steps, total), total)

    args = [
        str(target.tools.pg_restore),
        "--verbose",
        "--no-password",
        # Objects belong to whoever restores: the backup may come from a server whose owner
        # role has another name.
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
    ]
    if clean:
        args += ["--clean", "--if-exists"]
    run_tool([*args, str(dump)], env, count_steps)
    if detached:
        with _connect(target.database_url) as conn:
            catalog.drop_unattached(conn, detached)
    progress(RESTORE_STEP, total, total)


def _verify_tables(database_url: str, manifest: Manifest, progress: Progress) -> None:
    differences = []
    with _connect(database_url) as conn:
        catalog.prepare_session(conn)
        present = set(catalog.list_tables(conn))
        progress(VERIFY_STEP, 0, len(manifest.tables))
        for done, expected in enumerate(manifest.tables, start=1):
            if (expected.schema, expected.name) not in present:
                differences.append(f"{expected.qualified_name} is missing")
            else:
                found = catalog.summarize_table(conn, expected.schema, expected.name)
                if found.rows != expected.rows:
                    differences.append(
                        f"{expected.qualified_name} has {found.rows} rows, not {expected.rows}"
                    )
                elif found.checksum != expected.checksum:
                    differences.append(f"{expected.qualified_name} has different content")
            progress(VERIFY_STEP, done, len(manifest.tables))
        progress(ANALYZE_STEP, 0, 1)
        conn.execute("ANALYZE")  # pg_restore leaves the planner without statistics
        progress(ANALYZE_STEP, 1, 1)
    if differences:
        raise BackupError(
            "The database was restored but does not match the backup: "
            + "; ".join(differences)
            + ". The files folder was left as it was."
        )


def _move_files_into_place(staged: Path, data_dir: Path) -> None:
    for folder in FILE_FOLDERS:
        current, restored = data_dir / folder, staged / folder
        if current.exists():
            shutil.rmtree(current)
        if restored.exists():
            restored.rename(current)
