"""The backup archive: an uncompressed tar (the dump is compressed already) holding
database.dump (pg_dump's custom format), files/... (the data folder's files) and
manifest.json, written last, describing both."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from resumepilot.db.backup.catalog import RoleSummary, TableSummary
from resumepilot.db.backup.pg_tools import BackupError

FORMAT = "resumepilot-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
# Folders of the data directory that hold user files (audio, exports); the database holds the
# rendered resumes today.
FILE_FOLDERS = ("files",)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileSummary:
    path: str  # inside the archive and relative to the data folder: files/audio/x.webm
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    app_version: str
    created_at: str
    database_name: str
    server_version: str
    pg_dump_version: str
    dump_bytes: int
    dump_sha256: str
    tables: list[TableSummary]
    roles: list[RoleSummary]
    files: list[FileSummary]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    total_rows: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_rows", sum(t.rows for t in self.tables))

    def to_json(self) -> bytes:
        data = asdict(self)
        return json.dumps(data, indent=2, sort_keys=True).encode() + b"\n"

    @classmethod
    def from_json(cls, raw: bytes, *, source: Path) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("it is not a ResumePilot backup manifest")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{source} is a backup of format {data.get('format_version')}; this version "
                    f"of ResumePilot reads format {FORMAT_VERSION}. Restore it with the "
                    f"ResumePilot version that made it ({data.get('app_version')})."
                )
            data.pop("total_rows", None)
            return cls(
                **{k: v for k, v in data.items() if k not in ("tables", "roles", "files")},
                tables=[TableSummary(**t) for t in data["tables"]],
                roles=[RoleSummary(**r) for r in data["roles"]],
                files=[FileSummary(**f) for f in data["files"]],
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise BackupError(f"{source} has a damaged manifest ({exc}).") from exc


class HashingReader:
    """Reads a file for tarfile while hashing exactly the bytes archived."""

    def __init__(self, source: IO[bytes]):
        self.source = source
        self.digest = hashlib.sha256()
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        self.count += len(chunk)
        return chunk


def add_file(tar: tarfile.TarFile, source: Path, name: str) -> FileSummary:
    with source.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
        reader = HashingReader(handle)
        try:
            tar.addfile(info, reader)  # tarfile only calls read()
        except OSError as exc:  # the file shrank while it was copied
            raise BackupError(
                f"{source} changed while it was being backed up; run the backup again."
            ) from exc
    return FileSummary(name, reader.count, reader.digest.hexdigest())


def add_bytes(tar: tarfile.TarFile, data: bytes, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))


def data_files(data_dir: Path) -> list[tuple[Path, str]]:
    """The regular files of FILE_FOLDERS with their archive names, in a stable order."""
    found = []
    for folder in FILE_FOLDERS:
        root = data_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found.append((path, path.relative_to(data_dir).as_posix()))
    return found


def open_archive(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        return tarfile.open(path, "r:")
    except tarfile.TarError as exc:
        raise BackupError(f"{path} is not a ResumePilot backup (not a tar archive).") from exc


def read_manifest(path: Path) -> Manifest:
    with open_archive(path) as tar:
        return manifest_of(tar, path)


def manifest_of(tar: tarfile.TarFile, path: Path) -> Manifest:
    try:
        member = tar.getmember(MANIFEST_NAME)
    except KeyError:
        raise BackupError(
            f"{path} is not a ResumePilot backup (it has no {MANIFEST_NAME})."
        ) from None
    handle = tar.extractfile(member)
    if handle is None:
        raise BackupError(f"{path} has a damaged manifest.")
    return Manifest.from_json(handle.read(), source=path)


def extract_verified(
    tar: tarfile.TarFile, name: str, destination: Path, *, size: int, sha256: str, archive: Path
) -> None:
    """Copies one member out of the archive, refusing it unless its size and hash match."""
    try:
        member = tar.getmember(name)
    except KeyError:
        raise BackupError(f"{archive} is incomplete: {name} is missing.") from None
    handle = tar.extractfile(member)
    if not member.isfile() or handle is None:
        raise BackupError(f"{archive} is damaged: {name} is not a regular file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest, count = hashlib.sha256(), 0
    with destination.open("wb") as out:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            count += len(chunk)
            out.write(chunk)
    if count != size or digest.hexdigest() != sha256:
        raise BackupError(
            f"{archive} is damaged: {name} does not match its checksum in the manifest."
        )


def safe_relative(name: str) -> PurePosixPath:
    """A member name that stays inside the data folder (no absolute path, no '..')."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The backup names an unsafe path: {name!r}.")
    if path.parts[0] not in FILE_FOLDERS:
        raise BackupError(f"The backup names a file outside its folders: {name!r}.")
    return path
