"""The embedded PostgreSQL after crashes: a `serve` killed with SIGKILL, a stale postmaster.pid.
Each test runs `resumepilot` as a user would, on a data folder of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import _free_port
from tests.test_cli_serve import postgres_processes_in, postgres_running_in

RESUMEPILOT = [sys.executable, "-m", "resumepilot"]


@pytest.fixture
def data_dir(tmp_path: Path):
    env = {**os.environ, "RESUMEPILOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    yield tmp_path / "data", env
    for proc in postgres_processes_in(tmp_path):
        proc.kill()


def start_serve(env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    log_path = Path(env["RESUMEPILOT_DATA_DIR"]).parent / f"serve-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [*RESUMEPILOT, "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc, port
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    output = log_path.read_text(errors="replace")[-4000:]
    raise AssertionError(f"serve did not become ready (exit code {proc.poll()}):\n{output}")


def wait_until_no_postgres(folder: Path, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while postgres_running_in(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not postgres_running_in(folder)


def test_sigterm_stops_postgres_after_a_serve_was_killed(data_dir):
    folder, env = data_dir
    crashed, _ = start_serve(env)
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(10)
    assert postgres_running_in(folder), "PostgreSQL outlives a SIGKILLed serve (precondition)"

    restarted, port = start_serve(env)
    assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
    restarted.send_signal(signal.SIGTERM)
    assert restarted.wait(30) == 0
    assert wait_until_no_postgres(folder), "PostgreSQL outlived the restarted serve's SIGTERM"


def test_a_stale_pid_file_does_not_stop_the_next_start(data_dir):
    folder, env = data_dir
    crashed, _ = start_serve(env)
    pgdata = folder / "pgdata"
    postmaster = postgres_processes_in(folder)[0]
    crashed.send_signal(signal.SIGKILL)
    postmaster.send_signal(signal.SIGKILL)  # the machine "crashed": the server died too
    crashed.wait(10)
    assert wait_until_no_postgres(folder)
    # After a reboot, the pid in postmaster.pid often belongs to some other live process.
    with subprocess.Popen(["sleep", "120"]) as squatter:
        try:
            pid_file = pgdata / "postmaster.pid"
            lines = pid_file.read_text().splitlines()
            pid_file.write_text("\n".join([str(squatter.pid), *lines[1:]]) + "\n")
            restarted, port = start_serve(env)
            me = httpx.post(
                f"http://127.0.0.1:{port}/api/auth/signup",
                timeout=30,
                json={
                    "email": "after-crash@example.com",
                    "password": "correct horse battery staple",
                },
            )
            assert me.status_code == 201, me.text
            restarted.send_signal(signal.SIGTERM)
            assert restarted.wait(30) == 0
            assert wait_until_no_postgres(folder)
            assert psutil.pid_exists(squatter.pid), "the unrelated process must be left alone"
        finally:
            squatter.kill()
