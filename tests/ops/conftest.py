"""A source database with rows and files, backed up once for the backup tests of a module."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ops.backup_support import (
    AUDIO_BYTES,
    add_rows,
    bin_folder_with_embedded_tools,
    create_database,
    drop_database,
    run_cli,
    scratch_folder,
)

Scratch = Callable[[str], Path]


@dataclass(frozen=True)
class BackedUp:
    source_url: str
    source_data_dir: Path
    archive: Path
    tools_on_path: Path  # a PATH entry with the server's own pg_dump and pg_restore


@pytest.fixture(scope="module")
def backed_up(pg_server_url: str) -> Iterator[BackedUp]:
    """Runs `resumepilot backup` against a migrated database with rows and an audio file."""
    work = scratch_folder("backup")
    source_url = create_database(pg_server_url, "backup_src", migrate=True)
    add_rows(source_url)
    data_dir = work / "source-data"
    (data_dir / "files" / "audio").mkdir(parents=True)
    (data_dir / "files" / "audio" / "answer.webm").write_bytes(AUDIO_BYTES)
    (data_dir / "files" / "exports").mkdir()
    (data_dir / "files" / "exports" / "ünïcode name.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    tools = bin_folder_with_embedded_tools(work / "bin")
    archive = work / "backup.tar"
    env = {
        "DATABASE_URL": source_url,
        "RESUMEPILOT_DATA_DIR": str(data_dir),
        "PATH": f"{tools}:/usr/bin:/bin",
    }
    done = run_cli("backup", str(archive), env=env)
    assert done.returncode == 0, done.stderr
    assert f"Backup written to {archive}" in done.stdout
    yield BackedUp(source_url, data_dir, archive, tools)
    drop_database(pg_server_url, source_url)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def scratch() -> Iterator[Scratch]:
    """Makes folders the embedded server may use, and removes them after the test."""
    made: list[Path] = []

    def make(label: str) -> Path:
        made.append(scratch_folder(label))
        return made[-1]

    yield make
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)
