"""`resumepilot serve`, `migrate` and `db-url` as a user runs them, on a fresh data folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import _free_port, require_tool

RESUMEPILOT = [sys.executable, "-m", "resumepilot"]


def postgres_processes_in(folder: Path) -> list[psutil.Process]:
    return [
        proc
        for proc in psutil.process_iter(["name", "cmdline"])
        if proc.info["name"] == "postgres" and str(folder) in " ".join(proc.info["cmdline"] or [])
    ]


def postgres_running_in(data_dir: Path) -> bool:
    return bool(postgres_processes_in(data_dir))


@pytest.fixture
def data_dir(tmp_path: Path):
    env = {**os.environ, "RESUMEPILOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    yield tmp_path / "data", env
    # Whatever a test left running in its own folder is stopped here.
    for proc in postgres_processes_in(tmp_path):
        proc.kill()


def test_serve_starts_everything_and_sigterm_stops_postgres_too(data_dir):
    folder, env = data_dir
    port = _free_port()
    proc = subprocess.Popen(
        [*RESUMEPILOT, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        ready = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert ready is not None and ready.json() == {"status": "ready"}
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").json() == {"status": "ok"}
        assert postgres_running_in(folder)
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}" in output
    deadline = time.monotonic() + 10
    while postgres_running_in(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not postgres_running_in(folder), "PostgreSQL outlived `resumepilot serve`"


def test_migrate_twice_then_db_url_works_with_psql(data_dir):
    folder, env = data_dir
    first = subprocess.run(
        [*RESUMEPILOT, "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    assert "Applied migrations" in first.stdout
    second = subprocess.run(
        [*RESUMEPILOT, "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "Applied migrations" not in second.stdout and "current" in second.stdout
    url = subprocess.run(
        [*RESUMEPILOT, "db-url"], env=env, capture_output=True, text=True, timeout=120
    ).stdout.strip()
    require_tool(shutil.which("psql") is not None, "psql (postgresql-client)")
    out = subprocess.run(
        ["psql", url, "-Atc", "SELECT name FROM plans ORDER BY sort_order"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.stdout.split() == ["starter", "pro", "career", "coach"], out.stderr
