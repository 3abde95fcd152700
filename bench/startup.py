"""Startup time of `resumepilot serve`: launch to the first 200 from /readyz.

Measures a fresh data folder (initdb, app database, all migrations) and an existing one (the
second start after a SIGTERM stop), several times each, and checks every stop is clean.

    .venv/bin/python bench/startup.py [--reps 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from common import MachineLoad, Server, StopReport, command_line, machine_summary, now_utc

TARGETS = {"fresh": 5.0, "existing": 2.0}


@dataclass
class Start:
    kind: str
    ready_s: float
    db_s: float | None
    stop: StopReport


def one_round(root: Path, index: int) -> list[Start]:
    """A fresh start, a stop, a start on the same folder, a stop; the folder is then removed."""
    data_dir = root / f"round{index}"
    starts = []
    try:
        for kind in ("fresh", "existing"):
            server = Server(data_dir)
            server.start()
            try:
                ready = server.wait_ready()
                db_s = server.reported_db_seconds()
            finally:
                stop = server.stop()
            starts.append(Start(kind, ready, db_s, stop))
            print(
                f"  round {index} {kind:8}: ready in {ready:.2f}s "
                f"(server says database ready in {db_s}s); stop {stop.seconds:.2f}s, "
                f"{stop.describe()}",
                flush=True,
            )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return starts


def report(starts: list[Start], load: str) -> str:
    rows = [
        f"### resumepilot serve startup ({now_utc()})",
        "",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Load during the run: {load}",
        "- Measured: launch of `resumepilot serve --port P` (subprocess, own temp"
        " RESUMEPILOT_DATA_DIR) to the first `GET /readyz` 200, polled every 10 ms;"
        " stop = SIGTERM, wait. A PostgreSQL left running after a stop is reported and"
        " stopped by the bench, so an 'existing' start always starts PostgreSQL itself.",
        f"- Targets: fresh < {TARGETS['fresh']:.0f} s, existing < {TARGETS['existing']:.0f} s"
        " (median)",
        "",
        "| data folder | runs | median s | max s | min s | db ready median s (server's own"
        " figure) | target | meets target: median / max | clean stops |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, target in TARGETS.items():
        mine = [s for s in starts if s.kind == kind]
        times = [s.ready_s for s in mine]
        dbs = [s.db_s for s in mine if s.db_s is not None]
        median = statistics.median(times)
        clean = sum(s.stop.clean for s in mine)
        db_median = f"{statistics.median(dbs):.2f}" if dbs else "n/a"
        rows.append(
            f"| {kind} | {len(mine)} | {median:.2f} | {max(times):.2f} | {min(times):.2f}"
            f" | {db_median} | < {target:.0f} s | {'yes' if median < target else 'NO'}"
            f" / {'yes' if max(times) < target else 'NO'}"
            f" | {clean}/{len(mine)} |"
        )
    unclean = [s for s in starts if not s.stop.clean]
    if unclean:
        rows += ["", "Unclean stops:"]
        rows += [f"- {s.kind}: {s.stop.describe()}" for s in unclean]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="rounds (each: fresh + existing)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="rp-bench-startup-"))
    starts: list[Start] = []
    load = MachineLoad()
    load.start()
    try:
        for index in range(1, args.reps + 1):
            starts += one_round(root, index)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(report(starts, load.describe()))


if __name__ == "__main__":
    main()
