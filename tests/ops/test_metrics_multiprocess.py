"""Two server processes sharing PROMETHEUS_MULTIPROC_DIR: either one's /metrics sums both."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ops.live import free_port, sample

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[list[str]]:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.ops.multiprocess_app", str(port)], cwd=REPOSITORY, env=env
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            _wait_until_up(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server process exited with {process.returncode}")
        try:
            httpx.get(url + "/items/0", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server process did not start")


def test_the_scrape_sums_every_process(two_processes: list[str]) -> None:
    first, second = two_processes
    for item_id in (1, 2, 3):
        httpx.get(f"{first}/items/{item_id}")
    for item_id in (4, 5):
        httpx.get(f"{second}/items/{item_id}")

    text = httpx.get(first + "/metrics").text
    # Each process also answered one readiness request for /items/0.
    route = "/items/{item_id}"
    assert (
        sample(text, "resumepilot_http_requests_total", method="GET", route=route, status="200")
        == 3 + 2 + 2
    )
    assert (
        sample(text, "resumepilot_http_request_duration_seconds_count", method="GET", route=route)
        == 7
    )
