"""`resumepilot serve --workers 2`: two web processes on one socket, one database, one stop."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from pathlib import Path

import httpx
import psutil

from tests.conftest import _free_port
from tests.test_cli_serve import RESUMEPILOT, data_dir, postgres_running_in  # noqa: F401


def _spawned(server: psutil.Process) -> list[psutil.Process]:
    return [
        child
        for child in server.children()
        if "spawn_main" in " ".join(child.cmdline()) and child.is_running()
    ]


def _listens_on(process: psutil.Process, port: int) -> bool:
    return any(
        c.status == psutil.CONN_LISTEN and c.laddr.port == port
        for c in process.net_connections("tcp")
    )


def _web_processes(server: psutil.Process, port: int) -> list[psutil.Process]:
    """The web processes: the spawned children holding the server's socket (the others are
    render processes, which the job worker starts beside them)."""
    return [child for child in _spawned(server) if _listens_on(child, port)]


def _render_processes(server: psutil.Process, port: int) -> list[psutil.Process]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        render = [child for child in _spawned(server) if not _listens_on(child, port)]
        if render:
            return render
        time.sleep(0.2)
    return []


def _serve_two_workers(env: dict[str, str], port: int, output: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*RESUMEPILOT, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_ready(port: int, server: subprocess.Popen[str]) -> httpx.Response | None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
            if ready.status_code == 200:
                return ready
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return None


def test_two_web_processes_answer_and_sigterm_stops_everything(
    data_dir: tuple[Path, dict[str, str]],  # noqa: F811
) -> None:
    folder, env = data_dir
    port = _free_port()
    proc = _serve_two_workers(env, port, subprocess.PIPE)
    server = psutil.Process(proc.pid)
    family: list[psutil.Process] = []
    try:
        ready = _wait_ready(port, proc)
        if ready is None:
            proc.kill()
            raise AssertionError(proc.communicate(timeout=30)[0])
        assert ready.json() == {"status": "ready"}
        web = _web_processes(server, port)
        assert len(web) == 2, [p.cmdline() for p in server.children()]
        # The worker starts the render processes ahead of the first render; SIGTERM stops them.
        assert _render_processes(server, port)
        # Both processes accept on the one socket: open connections until each process holds
        # one on which it answered (which process accepts is the kernel's choice).
        clients: list[httpx.Client] = []
        holders: set[int] = set()
        deadline = time.monotonic() + 60
        try:
            while holders != {p.pid for p in web} and time.monotonic() < deadline:
                client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
                clients.append(client)
                assert client.get("/healthz").json() == {"status": "ok"}
                holders = {
                    p.pid
                    for p in web
                    for c in p.net_connections("tcp")
                    if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port
                }
        finally:
            for client in clients:
                client.close()
        assert holders == {p.pid for p in web}, f"{len(clients)} connections, holders {holders}"
        assert postgres_running_in(folder)
        family = server.children(recursive=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, output
    assert f"http://127.0.0.1:{port}" in output
    assert "Traceback" not in output, output
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == [], [p.cmdline() for p in alive]
    deadline = time.monotonic() + 10
    while postgres_running_in(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not postgres_running_in(folder), "PostgreSQL outlived `resumepilot serve --workers 2`"


def test_a_bad_worker_count_is_refused_before_anything_starts(
    data_dir: tuple[Path, dict[str, str]],  # noqa: F811
) -> None:
    folder, env = data_dir
    result = subprocess.run(
        [*RESUMEPILOT, "serve", "--workers", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--workers" in result.stderr
    result = subprocess.run(
        [*RESUMEPILOT, "serve"],
        env={**env, "RESUMEPILOT_WEB_WORKERS": "lots"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "RESUMEPILOT_WEB_WORKERS must be a whole number" in (
        result.stderr
    )
    assert not folder.exists()


def test_a_serve_killed_outright_leaves_no_web_or_render_process_behind(
    data_dir: tuple[Path, dict[str, str]],  # noqa: F811
) -> None:
    _, env = data_dir
    port = _free_port()
    proc = _serve_two_workers(env, port, subprocess.DEVNULL)
    server = psutil.Process(proc.pid)
    try:
        assert _wait_ready(port, proc) is not None
        web = _web_processes(server, port)
        render = _render_processes(server, port)
        assert len(web) == 2 and render
    finally:
        proc.kill()  # SIGKILL: serve stops nothing itself
        proc.wait()
    # Each child notices it was re-parented and ends (resumepilot/parent_watch.py).
    _, alive = psutil.wait_procs([*web, *render], timeout=15)
    assert alive == [], [p.cmdline() for p in alive]
    with contextlib.suppress(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
        raise AssertionError("something still answers on the port of a killed serve")
