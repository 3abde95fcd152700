"""Every way a backup or restore can go wrong says what happened, and changes nothing."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from resumepilot.db.backup import BackupError, RestoreTarget, embedded_tools, restore_backup
from resumepilot.db.backup.catalog import prepare_session, summarize_table
from tests.ops.backup_support import (
    create_database,
    drop_database,
    fake_old_tools,
    run_cli,
    table_fingerprints,
)
from tests.ops.conftest import BackedUp, Scratch


@pytest.fixture
def empty_target(pg_server_url: str, tmp_path: Path) -> Iterator[tuple[RestoreTarget, str]]:
    url = create_database(pg_server_url, "backup_empty", migrate=False)
    yield RestoreTarget(url, tmp_path / "data", embedded_tools()), url
    drop_database(pg_server_url, url)


def rewritten(archive: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with members replaced (bytes), removed (None) or added."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as copy:
        for member in source.getmembers():
            data = change.get(member.name, source.extractfile(member).read())  # type: ignore[union-attr]
            if data is not None:
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
        for name, data in change.items():
            if name not in source.getnames() and data is not None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                copy.addfile(info, io.BytesIO(data))
    return out


def manifest_of(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest: dict[str, Any] = json.loads(member.read())
        return manifest


def test_a_manifest_that_disagrees_with_the_data_fails_verification(
    backed_up: BackedUp, empty_target: tuple[RestoreTarget, str], tmp_path: Path
) -> None:
    target, _ = empty_target
    manifest = manifest_of(backed_up.archive)
    plans = next(t for t in manifest["tables"] if t["name"] == "plans")
    plans["rows"] += 1
    turns = next(t for t in manifest["tables"] if t["name"] == "interview_turns")
    turns["checksum"] = "0" * 32
    altered = rewritten(
        backed_up.archive,
        tmp_path / "altered.tar",
        {"manifest.json": json.dumps(manifest).encode()},
    )

    with pytest.raises(BackupError) as caught:
        restore_backup(altered, target)
    message = str(caught.value)
    assert f"public.plans has {plans['rows'] - 1} rows, not {plans['rows']}" in message
    assert "public.interview_turns has different content" in message
    assert not (target.data_dir / "files").exists()  # files are put in place only after


def test_a_damaged_dump_is_refused_before_the_database_is_touched(
    backed_up: BackedUp, empty_target: tuple[RestoreTarget, str], tmp_path: Path
) -> None:
    target, url = empty_target
    with tarfile.open(backed_up.archive) as tar:
        dump = bytearray(tar.extractfile("database.dump").read())  # type: ignore[union-attr]
    dump[len(dump) // 2] ^= 0xFF
    damaged = rewritten(backed_up.archive, tmp_path / "damaged.tar", {"database.dump": bytes(dump)})
    with pytest.raises(BackupError, match="database.dump does not match its checksum"):
        restore_backup(damaged, target)
    assert table_fingerprints(url) == {}


def test_entries_the_manifest_does_not_list_are_refused(
    backed_up: BackedUp, empty_target: tuple[RestoreTarget, str], tmp_path: Path
) -> None:
    target, url = empty_target
    sneaky = rewritten(
        backed_up.archive,
        tmp_path / "sneaky.tar",
        {"../../etc/cron.d/evil": b"* * * * * root true\n"},
    )
    with pytest.raises(BackupError, match="entries its manifest does not list"):
        restore_backup(sneaky, target)
    manifest = manifest_of(backed_up.archive)
    manifest["files"][0]["path"] = "../outside.webm"
    escaping = rewritten(
        backed_up.archive,
        tmp_path / "escaping.tar",
        {"manifest.json": json.dumps(manifest).encode()},
    )
    with pytest.raises(BackupError, match="unsafe path"):
        restore_backup(escaping, target)
    assert table_fingerprints(url) == {}


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (b"just some text", "not a ResumePilot backup (not a tar archive)"),
        (None, "not a ResumePilot backup (it has no manifest.json)"),
    ],
)
def test_a_file_that_is_not_a_backup_is_named_as_such(
    content: bytes | None, complaint: str, empty_target: tuple[RestoreTarget, str], tmp_path: Path
) -> None:
    target, _ = empty_target
    path = tmp_path / "not-a-backup.tar"
    if content is None:
        with tarfile.open(path, "w") as tar:
            info = tarfile.TarInfo("notes.txt")
            tar.addfile(info, io.BytesIO(b""))
    else:
        path.write_bytes(content)
    with pytest.raises(BackupError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        restore_backup(path, target)
    with pytest.raises(BackupError, match="does not exist"):
        restore_backup(tmp_path / "missing.tar", target)


def test_restore_refuses_while_resumepilot_is_connected(
    backed_up: BackedUp, empty_target: tuple[RestoreTarget, str]
) -> None:
    target, url = empty_target
    running = "1 other connection.*is ResumePilot running"
    # Connected as a running server would be.
    with psycopg.connect(url), pytest.raises(BackupError, match=running):
        restore_backup(backed_up.archive, target)


def test_a_pg_dump_older_than_the_server_is_explained(backed_up: BackedUp, tmp_path: Path) -> None:
    old = fake_old_tools(tmp_path / "old-bin", "14.11")
    done = run_cli(
        "backup",
        str(tmp_path / "b.tar"),
        env={"DATABASE_URL": backed_up.source_url, "PATH": f"{old}:/bin"},
    )
    assert done.returncode == 1
    assert "pg_dump 14.11" in done.stderr and "older than the database server" in done.stderr
    assert "postgresql-client-18" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "b.tar").exists()


def test_missing_client_tools_are_explained(backed_up: BackedUp, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    done = run_cli(
        "backup",
        str(tmp_path / "b.tar"),
        env={"DATABASE_URL": backed_up.source_url, "PATH": str(empty)},
    )
    assert done.returncode == 1
    assert "pg_dump and pg_restore not found on PATH" in done.stderr
    assert "--pg-bin" in done.stderr


def test_a_backup_never_overwrites_a_file(backed_up: BackedUp) -> None:
    before = backed_up.archive.read_bytes()
    done = run_cli(
        "backup",
        str(backed_up.archive),
        env={"DATABASE_URL": backed_up.source_url, "PATH": f"{backed_up.tools_on_path}:/bin"},
    )
    assert done.returncode == 1
    assert "already exists" in done.stderr
    assert backed_up.archive.read_bytes() == before


def test_an_unreachable_database_is_explained(tmp_path: Path, scratch: Scratch) -> None:
    folder = scratch("unreachable")
    done = run_cli(
        "backup",
        str(tmp_path / "b.tar"),
        env={
            "DATABASE_URL": f"postgresql://nobody@/x?host={folder}&connect_timeout=2",
            "PATH": f"{fake_old_tools(tmp_path / 'bin', '18.1')}:/bin",
        },
    )
    assert done.returncode == 1
    assert "Could not connect to the database" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_checksum_sees_any_change_and_ignores_row_order(
    owner: psycopg.Connection[dict[str, Any]],
) -> None:
    prepare_session(owner)
    owner.execute("CREATE TABLE checksum_a (id int, note text, at timestamptz, data jsonb)")
    owner.execute("CREATE TABLE checksum_b (LIKE checksum_a)")
    rows = [
        (1, "one", "2025-01-01 10:00+02", '{"a": 1}'),
        (2, None, None, "[]"),
        (3, "three\nlines", "2025-06-30 23:59:59.999+00", '{"b": [1, 2]}'),
    ]
    for table, ordered in (("checksum_a", rows), ("checksum_b", list(reversed(rows)))):
        for row in ordered:
            owner.execute(f"INSERT INTO {table} VALUES (%s, %s, %s, %s)", row)
    first = summarize_table(owner, "public", "checksum_a")
    assert first.rows == 3
    assert summarize_table(owner, "public", "checksum_b").checksum == first.checksum
    owner.execute("UPDATE checksum_b SET note = 'ONE' WHERE id = 1")
    assert summarize_table(owner, "public", "checksum_b").checksum != first.checksum
    owner.execute("UPDATE checksum_b SET note = 'one' WHERE id = 1")
    owner.execute("INSERT INTO checksum_b SELECT * FROM checksum_b WHERE id = 2")
    changed = summarize_table(owner, "public", "checksum_b")
    assert (changed.rows, changed.checksum != first.checksum) == (4, True)
