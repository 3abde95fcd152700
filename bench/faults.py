"""How `resumepilot serve` recovers from faults (issue #8): its embedded PostgreSQL SIGKILLed,
frozen for 5 s (SIGSTOP), and serve itself SIGKILLed in the middle of a render.

For each fault: seconds from the fault until /readyz says 200 again, until a render started
right after the fault completes, until the render in flight at the fault completes, and how
many render jobs were lost (must be 0). The baseline is one render with no fault, measured in
the same run.

    .venv/bin/python bench/faults.py
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fault_kit import Served, User, render_jobs, wait_job_doing  # noqa: E402
from tests.test_faults import heavy_resume  # noqa: E402


@dataclass
class Outcome:
    fault: str
    ready_again: float
    next_render: float
    in_flight_render: float
    lost: int


def _email() -> str:
    return f"bench-{uuid.uuid4().hex[:10]}@example.com"


def _wait_ready_after(served: Served, fault_at: float) -> float:
    while True:
        if served.readyz(timeout=5)[0] == 200:
            return time.monotonic() - fault_at
        time.sleep(0.1)


def _lost(url: str, gids: list[str]) -> int:
    return sum(1 for gid in gids if [s for s, _ in render_jobs(url, gid)] != ["succeeded"])


def _database_fault(served: Served, name: str, fault: object) -> Outcome:
    user = User(served, _email())
    url = served.database_url()
    in_flight = user.start_render(heavy_resume())
    wait_job_doing(url, in_flight)
    fault_at = time.monotonic()
    fault()  # type: ignore[operator]
    ready = _wait_ready_after(served, fault_at)
    after = User(served, _email())
    following = after.start_render(heavy_resume())
    after.wait_rendered(following)
    next_render = time.monotonic() - fault_at
    user.wait_rendered(in_flight)
    in_flight_done = time.monotonic() - fault_at
    return Outcome(name, ready, next_render, in_flight_done, _lost(url, [in_flight, following]))


def _freeze_5s(served: Served) -> None:
    served.freeze_postgres(signal.SIGSTOP)
    time.sleep(5)
    served.freeze_postgres(signal.SIGCONT)


def _serve_killed(folder: Path) -> Outcome:
    served = Served(folder).start()
    served.wait_ready()
    user = User(served, _email())
    url = served.database_url()
    in_flight = user.start_render(heavy_resume())
    wait_job_doing(url, in_flight)
    fault_at = time.monotonic()
    served.kill_server()
    again = Served(folder).start()
    try:
        ready = _wait_ready_after(again, fault_at)
        user.served = again
        following = user.start_render(heavy_resume())
        user.wait_rendered(following)
        next_render = time.monotonic() - fault_at
        user.wait_rendered(in_flight)
        in_flight_done = time.monotonic() - fault_at
        lost = _lost(url, [in_flight, following])
        again.stop()
    finally:
        again.cleanup()
        served.cleanup()
    return Outcome("serve SIGKILL mid-render", ready, next_render, in_flight_done, lost)


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="rp-bench-faults-"))
    served = Served(root / "a").start()
    try:
        served.wait_ready()
        user = User(served, _email())
        started = time.monotonic()
        user.wait_rendered(user.start_render(heavy_resume()))
        baseline = time.monotonic() - started
        outcomes = [
            _database_fault(served, "PostgreSQL SIGKILL", served.kill_postgres),
            _database_fault(served, "PostgreSQL frozen 5 s", lambda: _freeze_5s(served)),
        ]
        served.stop()
    finally:
        served.cleanup()
    outcomes.append(_serve_killed(root / "b"))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load}; stalled after 4 s, heartbeat 1 s, keeper every 1 s")
    print(f"baseline: one render, no fault: {baseline:.2f} s")
    print("| fault | /readyz 200 again | next render done | in-flight render done | lost |")
    print("|---|---|---|---|---|")
    for o in outcomes:
        print(
            f"| {o.fault} | {o.ready_again:.1f} s | {o.next_render:.1f} s "
            f"({o.next_render / baseline:.1f}x baseline) | {o.in_flight_render:.1f} s | {o.lost} |"
        )


if __name__ == "__main__":
    main()
