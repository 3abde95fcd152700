"""Backup and restore throughput on a synthetic database, beside plain pg_dump / pg_restore.

Builds one embedded PostgreSQL with the migrations applied and synthetic users, interviews and
system events, plus files; then, per round, times a plain `pg_dump --format=custom` (the
baseline), `create_backup` (the same dump from an exported snapshot + a count and checksum of
every table + the tar with the files), a plain `pg_restore --single-transaction` into an empty
database (baseline) and `restore_backup` into another one (checks, restore, verification,
ANALYZE, files).

    .venv/bin/python bench/backup_restore.py [--events N] [--users N] [--files N] [--reps N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import psycopg
from common import MachineLoad, command_line, machine_summary, now_utc

from resumepilot.db.backup import RestoreTarget, create_backup, embedded_tools, restore_backup
from resumepilot.db.embedded import ensure_app_database, start_embedded_server, with_database
from resumepilot.db.migrate import apply_migrations


def populate(url: str, users: int, events: int) -> int:
    """Synthetic rows shaped like production's; returns the number of rows written."""
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO auth.users (email, encrypted_password)"
            " SELECT 'user' || i || '@example.com', md5(i::text) FROM generate_series(1, %s) i",
            [users],
        )  # + one profile each, by the sign-up trigger
        conn.execute(
            "INSERT INTO interview_sessions (user_id, session_type, role_type, status)"
            " SELECT id, 'chat', 'software_engineer', 'completed' FROM auth.users"
        )
        conn.execute(
            "INSERT INTO interview_turns (session_id, speaker, message, turn_number)"
            " SELECT s.id, CASE WHEN n % 2 = 0 THEN 'user' ELSE 'ai' END,"
            " repeat('I led the migration of our billing system. ', 4), n"
            " FROM interview_sessions s, generate_series(1, 8) n"
        )
        conn.execute(
            "INSERT INTO system_events (event_type, event_data, user_id, ip_address, created_at)"
            " SELECT 'login', jsonb_build_object('ok', true, 'n', i), NULL, '10.0.0.1',"
            " now() - (i || ' seconds')::interval FROM generate_series(1, %s) i",
            [events],
        )
        row = conn.execute(
            "SELECT (SELECT count(*) FROM auth.users) * 3 + (SELECT count(*) FROM interview_turns)"
            " + (SELECT count(*) FROM system_events)"
        ).fetchone()
    assert row is not None
    return int(row[0])


def timed_steps() -> tuple[dict[str, list[float]], object]:
    marks: dict[str, list[float]] = defaultdict(list)

    def progress(step: str, done: int, total: int) -> None:
        marks[step].append(time.perf_counter())

    return marks, progress


def durations(marks: dict[str, list[float]]) -> dict[str, float]:
    return {step: times[-1] - times[0] for step, times in marks.items()}


def fresh_database(server_url: str, label: str) -> str:
    name = f"bench_{label}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(server_url, name)


def drop(server_url: str, url: str) -> None:
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def one_round(server_url: str, source_url: str, data_dir: Path, work: Path) -> dict[str, object]:
    tools = embedded_tools()
    result: dict[str, object] = {}
    plain_dump = work / "plain.dump"
    began = time.perf_counter()
    subprocess.run(
        [str(tools.pg_dump), "--format=custom", f"--file={plain_dump}", f"--dbname={source_url}"],
        check=True,
    )
    result["plain_dump_s"] = time.perf_counter() - began
    result["plain_dump_mb"] = plain_dump.stat().st_size / 1e6

    archive = work / "backup.tar"
    marks, progress = timed_steps()
    began = time.perf_counter()
    create_backup(source_url, data_dir, archive, tools, progress)  # type: ignore[arg-type]
    result["backup_s"] = time.perf_counter() - began
    result["backup_steps"] = durations(marks)
    result["archive_mb"] = archive.stat().st_size / 1e6

    target = fresh_database(server_url, "plain")
    began = time.perf_counter()
    subprocess.run(
        [
            str(tools.pg_restore),
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={target}",
            str(plain_dump),
        ],
        check=True,
    )
    result["plain_restore_s"] = time.perf_counter() - began
    drop(server_url, target)

    target = fresh_database(server_url, "ours")
    marks, progress = timed_steps()
    began = time.perf_counter()
    restore_backup(archive, RestoreTarget(target, work / "restored-data", tools), progress=progress)  # type: ignore[arg-type]
    result["restore_s"] = time.perf_counter() - began
    result["restore_steps"] = durations(marks)
    drop(server_url, target)
    archive.unlink()
    plain_dump.unlink()
    shutil.rmtree(work / "restored-data", ignore_errors=True)
    return result


def report(
    args: argparse.Namespace, rows: int, file_mb: float, rounds: list[dict[str, object]], load: str
) -> str:
    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in rounds)  # type: ignore[arg-type]

    def step_median(key: str, step: str) -> float:
        return statistics.median(r[key].get(step, 0.0) for r in rounds)  # type: ignore[attr-defined]

    lines = [
        f"### Backup and restore ({now_utc()})",
        "",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Load during the run: {load}",
        f"- Data: {rows} rows ({args.users} users with a profile and an interview of 8 turns,"
        f" {args.events} system events) and {args.files} files of 1 MB ({file_mb:.0f} MB);"
        f" embedded PostgreSQL, its own pg_dump/pg_restore; {len(rounds)} rounds, medians.",
        "",
        "| operation | median s | rows/s | output MB |",
        "|---|---|---|---|",
        f"| plain `pg_dump -Fc` (baseline, database only) | {median('plain_dump_s'):.2f}"
        f" | {rows / median('plain_dump_s'):,.0f} | {median('plain_dump_mb'):.1f} |",
        f"| `resumepilot backup` (snapshot dump + checksums + files) | {median('backup_s'):.2f}"
        f" | {rows / median('backup_s'):,.0f} | {median('archive_mb'):.1f} |",
        f"| plain `pg_restore --single-transaction` (baseline) | {median('plain_restore_s'):.2f}"
        f" | {rows / median('plain_restore_s'):,.0f} | |",
        f"| `resumepilot restore` (checks + restore + verify + ANALYZE + files)"
        f" | {median('restore_s'):.2f} | {rows / median('restore_s'):,.0f} | |",
        "",
        "Steps (median s): backup: dump "
        f"{step_median('backup_steps', 'Dumping the database'):.2f}, count and checksum "
        f"{step_median('backup_steps', 'Counting and checksumming tables'):.2f}, files "
        f"{step_median('backup_steps', 'Copying files'):.2f}; restore: archive checked "
        f"{step_median('restore_steps', 'Checking the archive'):.2f}, pg_restore "
        f"{step_median('restore_steps', 'Restoring the database'):.2f}, verify "
        f"{step_median('restore_steps', 'Verifying tables'):.2f}, ANALYZE "
        f"{step_median('restore_steps', 'Updating planner statistics'):.2f}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    # Not under a private temp folder: the embedded server runs as its own user.
    root = Path(tempfile.mkdtemp(prefix="rp-bench-backup-", dir="/tmp"))
    root.chmod(0o755)
    server = start_embedded_server(root / "pgdata", cleanup="delete")
    try:
        server_url = server.get_uri()
        source_url = ensure_app_database(server_url)
        apply_migrations(source_url)
        rows = populate(source_url, args.users, args.events)
        data_dir = root / "data"
        (data_dir / "files" / "audio").mkdir(parents=True)
        for i in range(args.files):
            (data_dir / "files" / "audio" / f"answer-{i}.webm").write_bytes(os.urandom(1_000_000))
        with psycopg.connect(source_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        load = MachineLoad()
        load.start()
        rounds = []
        for index in range(1, args.reps + 1):
            rounds.append(one_round(server_url, source_url, data_dir, root))
            print(
                f"  round {index}: backup {rounds[-1]['backup_s']:.2f}s, restore"
                f" {rounds[-1]['restore_s']:.2f}s",
                flush=True,
            )
        print()
        print(report(args, rows, args.files, rounds, load.describe()))
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
