"""Test fixtures: one embedded PostgreSQL cluster per run, one database per xdist worker, and a
real ResumePilot server on loopback per worker."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from psycopg.rows import dict_row

from resumepilot.app import create_app
from resumepilot.config import Settings
from resumepilot.db.embedded import start_embedded_server, with_database
from resumepilot.db.migrate import apply_migrations

IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Tests never write into the data folder of the person running them (mail outbox, exports,
# recordings): whatever does not name a folder of its own, servers and job workers alike, gets
# this process's temporary one, removed at exit.
_TEST_DATA_DIR = tempfile.mkdtemp(prefix="resumepilot-test-data-")
os.environ["RESUMEPILOT_DATA_DIR"] = _TEST_DATA_DIR
atexit.register(shutil.rmtree, _TEST_DATA_DIR, ignore_errors=True)


def require_tool(available: bool, what: str) -> None:
    """Skips locally when a tool is missing; under CI=true a missing tool is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is missing")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    # One cluster per run, shared by the xdist workers (they share the run's uid). Not under
    # pytest's own temp folder: that is private to root, and PostgreSQL runs as its own user.
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"solo-{os.getpid()}"
    pgdata = Path(tempfile.gettempdir()) / "resumepilot-tests" / run_id / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = start_embedded_server(pgdata, cleanup="delete")
    return server.get_uri()


@pytest.fixture(scope="session")
def database_url(pg_server_url: str, worker_id: str) -> str:
    name = f"rp_test_{worker_id}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = with_database(pg_server_url, name)
    apply_migrations(url)
    return url


@pytest.fixture
def owner(database_url: str) -> Iterator[psycopg.Connection]:
    """An owner connection inside a transaction that is rolled back after the test."""
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        yield conn
        conn.rollback()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(
        self, database_url: str, *, uvicorn_options: dict | None = None, **overrides: object
    ):
        # Every test signs up from 127.0.0.1; tests of the sign-up limit set their own.
        overrides.setdefault("RESUMEPILOT_SIGNUP_MAX_PER_ADDRESS", 1_000_000)
        settings = Settings(RESUMEPILOT_IN_PROCESS_WORKER=False, **overrides)  # type: ignore[arg-type]
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings, database_url),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            **(uvicorn_options or {}),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("test server did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(database_url: str) -> Iterator[LiveServer]:
    server = LiveServer(database_url, RESUMEPILOT_MAX_BODY_BYTES=100_000).start()
    yield server
    server.stop()


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=20, follow_redirects=False) as c:
        yield c


def run_async(make_coroutine, timeout: float | None = None):
    """Runs a coroutine to completion in a thread of its own.

    Playwright's sync API leaves an event loop running in the test thread, after which
    asyncio.run() there fails; a fresh thread always has no loop. With `timeout`, a coroutine
    still running after that many seconds fails the test instead of hanging the run (the
    thread is left behind; it does not keep the process alive).
    """
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(make_coroutine())
        except BaseException as exc:  # re-raised in the test's own thread
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise AssertionError(f"the coroutine was still running after {timeout} s")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result.get("value")


def unique_email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.com"


STRONG_PASSWORD = "correct horse battery staple"


@pytest.fixture
def api_user(client: httpx.Client) -> dict[str, str]:
    """A fresh account made through the API: its email, password and bearer token."""
    email = unique_email()
    r = client.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    return {
        "email": email,
        "password": STRONG_PASSWORD,
        "token": r.json()["access_token"],
        "user_id": r.json()["user_id"],
    }
