"""Voice transcription jobs per minute: 4 uploads at once beside 1 at a time, same run.

Starts `resumepilot serve` (web only, embedded PostgreSQL) and one `resumepilot worker
--concurrency 4` beside it, as production runs them; each job transcribes in a child process
of its own (resumepilot.voice.jobs), so jobs run on every core. Every upload is a fresh
account's voice interview answering its first question with a dev recording
(../shared/eval/voice, ~10 s each). Sequential: upload, wait for "ready", next. Concurrent:
4 uploads at once per round, waiting for all 4. Jobs per minute = jobs / wall time.

    .venv/bin/python bench/voice_jobs.py [--sequential 4] [--rounds 2] [--at-once 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from common import (
    RESUMEPILOT,
    ROOT,
    MachineLoad,
    Server,
    command_line,
    machine_summary,
    now_utc,
    percentile,
    server_env,
)

VOICE_DIR = ROOT.parent / "shared" / "eval" / "voice"


def recordings() -> list[bytes]:
    cases = [
        json.loads(line)
        for line in (VOICE_DIR / "dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    return [(VOICE_DIR / c["wav"]).read_bytes() for c in cases]


async def prepare(client: httpx.AsyncClient) -> tuple[dict[str, str], str]:
    """A fresh account (one starter interview) with a voice interview started."""
    r = await client.post(
        "/api/auth/signup",
        json={
            "email": f"bench-{uuid.uuid4().hex[:10]}@example.com",
            "password": "correct horse battery staple",
        },
    )
    r.raise_for_status()
    auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = await client.post("/api/voice", json={"role": "software_engineer"}, headers=auth)
    r.raise_for_status()
    return auth, r.json()["id"]


async def transcribe_once(
    client: httpx.AsyncClient, auth: dict[str, str], session_id: str, audio: bytes, poll_s: float
) -> float:
    """Seconds from the upload to the transcript being ready."""
    began = time.perf_counter()
    r = await client.post(
        f"/api/voice/{session_id}/answers",
        headers=auth,
        files={"audio": ("answer.wav", audio, "audio/wav")},
        data={"turn_number": "2"},
    )
    r.raise_for_status()
    answer_id = r.json()["id"]
    while True:
        await asyncio.sleep(poll_s)
        a = (await client.get(f"/api/voice/answers/{answer_id}", headers=auth)).json()
        if a["status"] not in ("queued", "transcribing"):
            break
    if a["status"] != "ready":
        raise RuntimeError(f"answer {answer_id} {a['status']}: {a['error']}")
    return time.perf_counter() - began


async def run(base_url: str, args: argparse.Namespace) -> dict[str, tuple[int, float, list[float]]]:
    audio = recordings()
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        total = 1 + args.sequential + args.rounds * args.at_once
        people = [await prepare(client) for _ in range(total)]
        # Warm-up: the first job loads the worker's connections and the OS file cache.
        await transcribe_once(client, *people.pop(), audio[0], args.poll_ms / 1000)
        results: dict[str, tuple[int, float, list[float]]] = {}
        began = time.perf_counter()
        one = [
            await transcribe_once(client, *people.pop(), audio[i % len(audio)], args.poll_ms / 1000)
            for i in range(args.sequential)
        ]
        results["1 upload at a time"] = (len(one), time.perf_counter() - began, one)
        print(
            f"  sequential: {len(one)} jobs in {results['1 upload at a time'][1]:.1f} s", flush=True
        )
        many: list[float] = []
        wall = 0.0
        for round_no in range(args.rounds):
            began = time.perf_counter()
            many += await asyncio.gather(
                *(
                    transcribe_once(
                        client,
                        *people.pop(),
                        audio[(round_no * args.at_once + i) % len(audio)],
                        args.poll_ms / 1000,
                    )
                    for i in range(args.at_once)
                )
            )
            wall += time.perf_counter() - began
            print(
                f"  round {round_no + 1}: {args.at_once} at once in "
                f"{time.perf_counter() - began:.1f} s",
                flush=True,
            )
        results[f"{args.at_once} uploads at once"] = (len(many), wall, many)
        return results


def report(
    args: argparse.Namespace, results: dict[str, tuple[int, float, list[float]]], load: str
) -> str:
    base = None
    rows = []
    for name, (jobs, wall, latencies) in results.items():
        per_min = jobs / wall * 60
        base = base or per_min
        rows.append(
            f"| {name} | {jobs} | {wall:.1f} | **{per_min:.1f}** | {per_min / base:.2f}x "
            f"| {statistics.median(latencies):.1f} / {percentile(latencies, 95):.1f} |"
        )
    return "\n".join(
        [
            f"### Transcription jobs per minute, {args.at_once} uploads at once beside 1",
            "",
            f"- Date: {now_utc()}",
            f"- Machine: {machine_summary()}",
            f"- Command: `{command_line()}`",
            f"- Setup: `resumepilot serve` (web only) + `resumepilot worker --concurrency "
            f"{args.at_once}` (each job transcribes in a child process), embedded PostgreSQL, "
            f"built-in engine, dev recordings (~10 s each), status polled every {args.poll_ms} ms",
            f"- Load: {load}",
            "",
            "| uploads | jobs | wall s | jobs/min | vs 1 at a time | upload to ready, p50 / p95 s "
            "|",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequential", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--at-once", type=int, default=4)
    parser.add_argument("--poll-ms", type=int, default=250)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="rp-bench-voice-"))
    os.environ["RESUMEPILOT_IN_PROCESS_WORKER"] = "false"
    server = Server(root / "data")
    worker: subprocess.Popen[bytes] | None = None
    load = MachineLoad()
    try:
        server.start()
        print(f"server ready in {server.wait_ready():.1f} s", flush=True)
        env = server_env(server.data_dir)
        env["DATABASE_URL"] = (
            subprocess.run(
                [str(RESUMEPILOT), "db-url"],
                env=env,
                cwd=server.data_dir,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        with (server.data_dir / "worker.log").open("ab") as log:
            worker = subprocess.Popen(
                [str(RESUMEPILOT), "worker", "--concurrency", str(args.at_once)],
                env=env,
                cwd=server.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        load.start()
        results = asyncio.run(run(server.base_url, args))
        described = load.describe()
    except Exception:
        print(server.log_tail(60))
        raise
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        stop = server.stop()
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(report(args, results, described))
    print(f"\nServer stop: {stop.describe()}")


if __name__ == "__main__":
    main()
