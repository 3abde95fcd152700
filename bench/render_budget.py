"""Render budget and fair queueing (issue 8), each beside the behaviour before, in one run.

1. A 78-page resume with "fit to one page", rendered in-process: without a budget (before:
   six layouts of 78 pages, then every format) and with one (after: refused after the first
   layout, with its message).
2. User A queues 3 heavy renders (about 18 pages each, inside the budget), then user B queues
   one small one, while a job worker runs as `serve` runs it (concurrency 2, renders in the
   process pool). B's latency is its job's deferral to its generation's completion, both
   database timestamps. Before: the jobs deferred as migration 0009 did (no lock, priority 0);
   after: through defer_resume_generation() of migration 0017 (a lock per user, falling
   priority, freed locks announced).

    .venv/bin/python bench/render_budget.py [--rounds 3] [--heavy-roles 13]

Uses its own embedded PostgreSQL in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from common import MachineLoad, command_line, machine_summary, now_utc
from psycopg.types.json import Jsonb

from resumepilot.db.embedded import start_embedded_server
from resumepilot.db.migrate import apply_migrations
from resumepilot.documents.budget import RenderBudget, RenderRefused
from resumepilot.documents.render import render_set
from resumepilot.jobs import run_worker

# The helpers are the tests' own: run from a checkout, as every bench script is.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.documents.conftest import load_sample  # noqa: E402
from tests.resumes.render_support import long_resume  # noqa: E402

TASK = "resumepilot:render_resume_generation"


# 1. The budget -------------------------------------------------------------------------------


def time_fit_render(resume: dict[str, Any], budget: RenderBudget | None) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        done = render_set(resume, "classic", fit_one_page=True, preview=True, budget=budget)
        outcome = f"rendered, {done.results['pdf'].page_count} pages after fitting"
    except RenderRefused as exc:
        outcome = "refused: " + str(exc)[:60] + "..."
    return time.perf_counter() - started, outcome


def bench_budget(rounds: int) -> None:
    before, after = [], []
    outcomes = {}
    for n in range(rounds):
        seconds, outcomes["before"] = time_fit_render(long_resume(60, variant=2 * n + 1), None)
        before.append(seconds)
        seconds, outcomes["after"] = time_fit_render(
            long_resume(60, variant=2 * n + 2), RenderBudget.starting_now()
        )
        after.append(seconds)
    b, a = statistics.median(before), statistics.median(after)
    print("\n| 78-page resume, fit to one page | median s | outcome |")
    print("|---|---:|---|")
    print(f"| before (no budget) | {b:.2f} | {outcomes['before']} |")
    print(f"| after (budget) | {a:.2f} | {outcomes['after']} |")
    print(f"ratio after/before: {a / b:.2f}")


# 2. Fair queueing ----------------------------------------------------------------------------


def new_user(conn: psycopg.Connection[Any], name: str) -> str:
    row = conn.execute(
        "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
        [f"{name}-{time.time_ns()}@example.com"],
    ).fetchone()
    assert row is not None
    return str(row[0])


def new_generation(conn: psycopg.Connection[Any], user_id: str, resume: dict[str, Any]) -> str:
    row = conn.execute(
        "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
        " VALUES (%s, 'classic', 'default', %s) RETURNING id",
        [user_id, Jsonb(resume)],
    ).fetchone()
    assert row is not None
    return str(row[0])


def defer(conn: psycopg.Connection[Any], generation_id: str, fair: bool) -> None:
    if fair:
        conn.execute("SELECT defer_resume_generation(%s)", [generation_id])
        return
    # Verbatim what migration 0009's defer_resume_generation() queued.
    conn.execute(
        "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW('resumes', %s, 0, NULL, %s, %s, NULL)]"
        "::procrastinate_job_to_defer_v1[])",
        [TASK, f"resume-generation:{generation_id}", Jsonb({"generation_id": generation_id})],
    )


def wait_done(conn: psycopg.Connection[Any], ids: list[str], limit: float = 600) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        row = conn.execute(
            "SELECT count(*) FROM resume_generations WHERE id = ANY(%s::uuid[])"
            " AND generation_status = 'processing'",
            [ids],
        ).fetchone()
        if row and row[0] == 0:
            return
        time.sleep(0.05)
    raise TimeoutError("renders did not finish")


def latency(conn: psycopg.Connection[Any], generation_id: str) -> float:
    """Seconds from the job's deferral to the generation's completion."""
    row = conn.execute(
        "SELECT extract(epoch FROM g.completed_at - e.at) FROM resume_generations g"
        " JOIN procrastinate_jobs j ON j.args->>'generation_id' = g.id::text"
        " JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'deferred'"
        " WHERE g.id = %s",
        [generation_id],
    ).fetchone()
    assert row is not None and row[0] is not None
    return float(row[0])


_variants = itertools.count(1000)


def one_round(url: str, users: tuple[str, str], heavy_roles: int, small: dict, fair: bool) -> dict:
    heavy_user, small_user = users
    with psycopg.connect(url, autocommit=True) as conn:
        heavies = [
            new_generation(conn, heavy_user, long_resume(heavy_roles, variant=next(_variants)))
            for _ in range(3)
        ]
        mine = new_generation(conn, small_user, small)
        for gid in heavies:
            defer(conn, gid, fair)
        defer(conn, mine, fair)
        wait_done(conn, [*heavies, mine])
        statuses = conn.execute(
            "SELECT DISTINCT generation_status FROM resume_generations WHERE id = ANY(%s::uuid[])",
            [[*heavies, mine]],
        ).fetchall()
        assert statuses == [("completed",)], statuses
        return {
            "small": latency(conn, mine),
            "heavy_last": max(latency(conn, g) for g in heavies),
        }


async def bench_fairness(url: str, rounds: int, heavy_roles: int) -> None:
    worker = asyncio.create_task(run_worker(url))  # as `serve` runs it: concurrency 2
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            users = (new_user(conn, "heavy"), new_user(conn, "small"))
        small = load_sample()
        # A warm-up round starts the render processes (every heavy render has text of its own,
        # so Typst's memoised layouts do not make later ones cheaper).
        await asyncio.to_thread(one_round, url, users, 1, small, True)
        results: dict[bool, list[dict]] = {False: [], True: []}
        for _ in range(rounds):
            for fair in (False, True):
                results[fair].append(
                    await asyncio.to_thread(one_round, url, users, heavy_roles, small, fair)
                )
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    print(f"\n| queueing ({rounds} rounds, medians) | B's small render s | A's last heavy s |")
    print("|---|---:|---:|")
    medians = {}
    for fair, label in ((False, "before (no lock, priority 0)"), (True, "after (0017)")):
        small_s = statistics.median(r["small"] for r in results[fair])
        heavy_s = statistics.median(r["heavy_last"] for r in results[fair])
        medians[fair] = (small_s, heavy_s)
        print(f"| {label} | {small_s:.2f} | {heavy_s:.2f} |")
    print(
        f"ratio after/before: B's latency {medians[True][0] / medians[False][0]:.2f},"
        f" A's last render {medians[True][1] / medians[False][1]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--heavy-roles", type=int, default=13)
    args = parser.parse_args()
    load = MachineLoad()
    load.start()
    print(f"{now_utc()} · {machine_summary()}\n`{command_line()}`")
    bench_budget(args.rounds)
    # The server stops, and deletes its data, at exit; a with-block that removed the folder
    # first left it running. atexit runs last-registered first: the folder goes after it.
    folder = Path(tempfile.mkdtemp(prefix="rp-bench-budget-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    server = start_embedded_server(folder / "pgdata", cleanup="delete")
    url = server.get_uri()
    apply_migrations(url)
    asyncio.run(bench_fairness(url, args.rounds, args.heavy_roles))
    print(load.describe())


if __name__ == "__main__":
    main()
