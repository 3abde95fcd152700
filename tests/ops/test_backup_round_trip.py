"""Back up, restore somewhere fresh, and find every table and file exactly as it was."""

from __future__ import annotations

import json
import tarfile

import psycopg

from resumepilot.db.embedded import APP_DATABASE, start_embedded_server, with_database
from tests.ops.backup_support import (
    AUDIO_BYTES,
    create_database,
    drop_database,
    partitions_of,
    run_cli,
    table_fingerprints,
)
from tests.ops.conftest import BackedUp, Scratch

SEEDED = (
    "auth.users",
    "public.profiles",
    "public.interview_sessions",
    "public.interview_turns",
    "public.resume_bullets",
    "public.system_events",
    "public.plans",
)


def test_the_archive_holds_the_dump_the_files_and_a_manifest(backed_up: BackedUp) -> None:
    with tarfile.open(backed_up.archive) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names == {
        "database.dump",
        "manifest.json",
        "files/audio/answer.webm",
        "files/exports/ünïcode name.zip",
    }
    assert backed_up.archive.stat().st_mode & 0o077 == 0  # it holds password hashes
    assert manifest["format"] == "resumepilot-backup"
    assert manifest["server_version"].startswith("18")
    counts = {f"{t['schema']}.{t['name']}": t["rows"] for t in manifest["tables"]}
    expected = table_fingerprints(backed_up.source_url)
    partitions = partitions_of(backed_up.source_url, "public.system_events")
    assert "system_events_default" in partitions and len(partitions) >= 4
    # the manifest counts a partitioned table once, as a whole
    assert counts == {
        table: rows
        for table, (rows, _) in expected.items()
        if table.removeprefix("public.") not in partitions
    }
    assert counts["public.interview_turns"] == 3
    assert {r["name"] for r in manifest["roles"]} >= {"anon", "authenticated", "service_role"}
    audio = next(f for f in manifest["files"] if f["path"] == "files/audio/answer.webm")
    assert audio["bytes"] == len(AUDIO_BYTES)


def test_restore_into_a_fresh_data_folder_gives_back_every_row_and_file(
    backed_up: BackedUp, scratch: Scratch
) -> None:
    fresh = scratch("restore-fresh") / "data"
    done = run_cli("restore", str(backed_up.archive), env={"RESUMEPILOT_DATA_DIR": str(fresh)})
    assert done.returncode == 0, done.stderr
    assert "match the backup's checksums" in done.stdout
    assert "Restoring the database" in done.stderr  # progress is shown

    server = start_embedded_server(fresh / "pgdata", cleanup="delete")
    try:
        restored = table_fingerprints(with_database(server.get_uri(), APP_DATABASE))
    finally:
        server.cleanup()
    source = table_fingerprints(backed_up.source_url)
    assert restored == source
    assert all(source[table][0] > 0 for table in SEEDED)
    # the rows come back in the partitions they left: the default one holds the 2019 event
    assert restored["public.system_events_default"][0] == source["public.system_events_default"][0]
    assert source["public.system_events_default"][0] >= 1
    assert (fresh / "files" / "audio" / "answer.webm").read_bytes() == AUDIO_BYTES
    assert (fresh / "files" / "exports" / "ünïcode name.zip").exists()
    assert not list(fresh.glob(".restore-*"))  # the staging folder is gone


def test_force_replaces_a_used_database_on_a_server_given_by_url(
    backed_up: BackedUp, pg_server_url: str, scratch: Scratch
) -> None:
    # A database in use: migrated, with a user of its own, and files of its own.
    target = create_database(pg_server_url, "backup_tgt", migrate=True)
    data_dir = scratch("restore-url") / "data"
    (data_dir / "files").mkdir(parents=True)
    (data_dir / "files" / "stale.txt").write_text("from before the restore")
    with psycopg.connect(target) as conn:
        conn.execute("INSERT INTO auth.users (email) VALUES ('only-in-target@example.com')")
    env = {
        "DATABASE_URL": target,
        "RESUMEPILOT_DATA_DIR": str(data_dir),
        "PATH": f"{backed_up.tools_on_path}:/usr/bin:/bin",
    }
    try:
        refused = run_cli("restore", str(backed_up.archive), env=env)
        assert refused.returncode == 1
        assert "Refusing to restore over existing data" in refused.stderr
        assert "--force" in refused.stderr
        assert table_fingerprints(target)["auth.users"][0] == 1  # untouched
        assert (data_dir / "files" / "stale.txt").exists()

        forced = run_cli("restore", str(backed_up.archive), "--force", env=env)
        assert forced.returncode == 0, forced.stderr
        assert table_fingerprints(target) == table_fingerprints(backed_up.source_url)
        assert not (data_dir / "files" / "stale.txt").exists()
        assert (data_dir / "files" / "audio" / "answer.webm").read_bytes() == AUDIO_BYTES
    finally:
        drop_database(pg_server_url, target)


def test_a_restored_database_still_enforces_row_level_security(
    backed_up: BackedUp, pg_server_url: str, scratch: Scratch
) -> None:
    """Grants and policies come back with the rows: a stranger still sees nothing."""
    target = create_database(pg_server_url, "backup_rls", migrate=False)
    env = {
        "DATABASE_URL": target,
        "RESUMEPILOT_DATA_DIR": str(scratch("rls") / "d"),
        "PATH": f"{backed_up.tools_on_path}:/usr/bin:/bin",
    }
    try:
        done = run_cli("restore", str(backed_up.archive), env=env)
        assert done.returncode == 0, done.stderr
        with psycopg.connect(target) as conn:
            conn.execute("SET LOCAL ROLE authenticated")
            conn.execute(
                "SELECT set_config('request.jwt.claims', %s, true)",
                ['{"sub": "00000000-0000-4000-8000-000000000001", "role": "authenticated"}'],
            )
            seen = conn.execute("SELECT count(*) FROM interview_turns").fetchone()
        assert seen == (0,)
    finally:
        drop_database(pg_server_url, target)
