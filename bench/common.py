"""Shared helpers of the benchmarks: start and stop `resumepilot serve`, ports, percentiles."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESUMEPILOT = Path(sys.executable).parent / "resumepilot"
RUNNING_LINE = "ResumePilot is running at"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def server_env(data_dir: Path) -> dict[str, str]:
    """The environment of a benchmarked server: its own data folder, the embedded database."""
    env = dict(os.environ)
    env["RESUMEPILOT_DATA_DIR"] = str(data_dir)
    # An inherited DATABASE_URL would bypass the embedded PostgreSQL we mean to measure.
    env.pop("DATABASE_URL", None)
    env.setdefault("XDG_RUNTIME_DIR", "/tmp")
    # Every benchmark client signs up from 127.0.0.1; the per-address sign-up limit would stop
    # them after 5 (it is measured by tests/auth/test_abuse_limits.py, not here).
    env.setdefault("RESUMEPILOT_SIGNUP_MAX_PER_ADDRESS", "1000000")
    return env


def postmasters_for(pgdata: Path) -> list[psutil.Process]:
    """Running postgres postmasters whose data directory is `pgdata`.

    Only the postmaster names its data directory on its command line; its children die with it.
    """
    target = str(pgdata.resolve())
    found = []
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] != "postgres" or "-D" not in cmdline[:-1]:
            continue
        if cmdline[cmdline.index("-D") + 1].rstrip("/") == target:
            found.append(proc)
    return found


def stop_postmaster(proc: psutil.Process, timeout: float = 15) -> None:
    """Fast shutdown (SIGINT) of a postmaster we left behind, SIGKILL if it will not go."""
    with contextlib.suppress(psutil.NoSuchProcess):
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except psutil.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@dataclass
class StopReport:
    """How a server stopped: its exit status and whether its PostgreSQL stopped with it."""

    seconds: float
    returncode: int | None
    killed: bool
    leftover_postgres: list[int] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and not self.killed and not self.leftover_postgres

    def describe(self) -> str:
        parts = [f"exit status {self.returncode}"]
        if self.returncode is not None and self.returncode < 0:
            parts[0] += f" (killed by {signal.Signals(-self.returncode).name})"
        if self.killed:
            parts.append("needed SIGKILL")
        if self.leftover_postgres:
            parts.append(
                f"PostgreSQL left running (postmaster pid {self.leftover_postgres[0]}),"
                " stopped by the bench"
            )
        return ", ".join(parts)


class Server:
    """One `resumepilot serve` subprocess on a loopback port, output in data_dir/serve.log."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.log_path = data_dir / "serve.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.started_at = time.perf_counter()
        # cwd is the data folder so that a developer's .env in the checkout is not read.
        self.proc = subprocess.Popen(
            [str(RESUMEPILOT), "serve", "--port", str(self.port)],
            env=server_env(self.data_dir),
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def wait_ready(self, timeout: float = 180, interval: float = 0.01) -> float:
        """Polls /readyz until it answers 200; returns seconds since start()."""
        assert self.proc is not None
        deadline = self.started_at + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log_tail()}")
            if self._ready_once():
                return time.perf_counter() - self.started_at
            time.sleep(interval)
        raise TimeoutError(f"/readyz not 200 after {timeout}s:\n{self.log_tail()}")

    def _ready_once(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/readyz")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def reported_db_seconds(self) -> float | None:
        """The 'database ready in X s' the server printed for this start (last one in the log)."""
        log = self.log_path.read_text(errors="replace")
        found = re.findall(r"database ready in ([0-9.]+)s", log)
        return float(found[-1]) if found else None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 30) -> StopReport:
        """SIGTERM, wait; then make sure no PostgreSQL of this data folder is left running."""
        assert self.proc is not None
        began = time.perf_counter()
        killed = False
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                killed = True
        seconds = time.perf_counter() - began
        # The server stops its PostgreSQL before it exits, so one still here after a short grace
        # period was left behind.
        leftovers = postmasters_for(self.pgdata)
        grace = time.perf_counter() + 2
        while leftovers and time.perf_counter() < grace:
            time.sleep(0.1)
            leftovers = postmasters_for(self.pgdata)
        for proc in leftovers:
            stop_postmaster(proc)
        return StopReport(seconds, self.proc.returncode, killed, [p.pid for p in leftovers])


def machine_summary() -> str:
    """Platform, CPU count, CPU model and memory, in one line."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{platform.platform()}, Python {platform.python_version()}, nproc {nproc}"
        f"{', ' + model if model else ''}, {memory:.1f} GiB RAM"
    )


class MachineLoad:
    """How busy the whole machine was between start() and describe(): other programs skew us."""

    def start(self) -> None:
        self.load_before = os.getloadavg()[0]
        psutil.cpu_percent()  # the next call reports the busy share since this one

    def describe(self) -> str:
        busy = psutil.cpu_percent()
        return (
            f"machine CPU busy {busy:.0f} % (all cores, everything incl. this benchmark),"
            f" 1-min load average {self.load_before:.2f} before, {os.getloadavg()[0]:.2f}"
            f" after, on {psutil.cpu_count()} cores"
        )


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def command_line() -> str:
    python = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else "python"
    return " ".join([python, *sys.argv])


def add_profiling_options(parser) -> None:
    """--py-spy and --profile-dir, shared by the load benchmarks."""
    parser.add_argument("--py-spy", help="py-spy executable: profile the server per scenario")
    parser.add_argument(
        "--profile-dir",
        type=Path,
        default=Path("bench-profiles"),
        help="where --py-spy writes its collapsed stacks",
    )


def run_against_server(args, prefix: str, run, report) -> None:
    """Starts one `resumepilot serve` in a temporary data folder, runs the async `run(args,
    server)` against it on uvloop when available, stops the server (and its PostgreSQL) and
    prints `report(args, results, load)` with how the stop went."""
    import asyncio
    import shutil
    import tempfile

    if args.py_spy:
        args.profile_dir.mkdir(parents=True, exist_ok=True)
    try:
        import uvloop  # the server runs on uvloop too (uvicorn[standard])
    except ImportError:
        uvloop = None
    root = Path(tempfile.mkdtemp(prefix=prefix))
    server = Server(root / "data")
    load = MachineLoad()
    load.start()
    try:
        server.start()
        server.wait_ready()
        coro = run(args, server)
        results = uvloop.run(coro) if uvloop else asyncio.run(coro)
    finally:
        stop = server.stop()
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(report(args, results, load.describe()))
    print(f"\nServer stop: {stop.describe()}")
