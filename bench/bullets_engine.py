"""Latency of the built-in AI engine: next question and bullets per answer, p50 and p99.

Run: .venv/bin/python bench/bullets_engine.py [--runs N] [--baseline DIR]
With --baseline, the same answers also run through the engine of another checkout (for example
the main branch before a change) in a child process, in the same run, so the two sets of
figures share the machine's load. Prints a markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resumepilot.ai.models import Turn  # noqa: E402
from resumepilot.ai.providers import BuiltinProvider  # noqa: E402
from resumepilot.ai.roles import ROLES  # noqa: E402

# Answers in the shapes the engine meets: fillers, spoken numbers, corrections, no numbers, long.
ANSWERS = [
    (
        "software_engineer",
        "So, um, at Brightwave I was on the payments team and our billing "
        "service was this old monolith in PHP. I led the migration to Go microservices, it was me "
        "and like three other engineers. We split it into six services and moved them onto "
        "Kubernetes. The p99 latency went from about eight hundred milliseconds down to one "
        "hundred "
        "twenty milliseconds, and we cut the AWS bill by around thirty percent.",
    ),
    (
        "sales",
        "Last year at Northpeak I closed a three-year deal with a logistics company, about "
        "four hundred and fifty thousand dollars in annual contract value. I finished the year at "
        "one hundred thirty-two percent of quota.",
    ),
    (
        "nurse",
        "On our cardiac unit we had a lot of patient falls at night. I started hourly "
        "rounding and trained the other nurses, it was eighteen nurses total. Over six months "
        "falls "
        "dropped from nine to two.",
    ),
    (
        "operations",
        "I worked with the logistics and finance teams to redesign how we handle "
        "returns. We mapped the whole process, removed duplicate approvals, and moved the tracking "
        "into a shared Airtable base so everyone could see the status.",
    ),
    (
        "data_scientist",
        "I had three, no wait, four analysts and we built a churn model with "
        "XGBoost on about two million records; retention went up by four points. " * 12,
    ),
    (
        "pharmacist",
        "Okay so I'm a staff pharmacist at Lindell General. Discharge med "
        "reconciliation was, honestly, a mess, it took like forty-five minutes a patient. I built "
        "a "
        "discharge checklist in Epic and trained, um, twenty, no sorry, twenty-four techs on it. "
        "Reconciliation time went down to eighteen minutes, and readmissions for med errors "
        "dropped "
        "from six percent to three percent. The nurses started using it on the other two floors.",
    ),
    (
        "retail_store_manager",
        "So I run the Maple Ridge store for Outpost Supply, we're about "
        "fifteen staff. Shrink was around two point eight percent of sales. I moved the high-theft "
        "stuff behind the counter and started weekly cycle counts, and shrink came down to one "
        "point one percent in about six months. My district manager rolled it out to nine stores.",
    ),
]


def nproc() -> int:
    """CPUs this process may use, as `nproc` reports them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p99 in milliseconds over runs calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 99)


# Runs in a child process with another checkout first on sys.path: the same answers through
# that checkout's engine. Prints {"p50": ms, "p99": ms}.
_BASELINE = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from resumepilot.ai.providers import BuiltinProvider
answers = json.loads(sys.argv[2]); runs = int(sys.argv[3])
engine = BuiltinProvider()
for role, text in answers:
    engine.bullets(role, "Tell me about your work.", text)
samples = []
for i in range(runs):
    role, text = answers[i % len(answers)]
    start = time.perf_counter()
    engine.bullets(role, "Tell me about your work.", text)
    samples.append((time.perf_counter() - start) * 1000)
samples.sort()
print(json.dumps({"p50": statistics.median(samples),
                  "p99": samples[min(len(samples) - 1, max(0, round(0.99 * len(samples)) - 1))]}))
"""


def baseline(directory: str, runs: int) -> tuple[float, float]:
    """p50 and p99 of the engine in another checkout, on the same answers, in a child process."""
    p = subprocess.run(
        [sys.executable, "-c", _BASELINE, directory, json.dumps(ANSWERS), str(runs)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    data = json.loads(p.stdout.strip().splitlines()[-1])
    return float(data["p50"]), float(data["p99"])


def conversations() -> list[tuple[str, list[Turn]]]:
    """Interviews at several depths, for every role."""
    engine = BuiltinProvider()
    out = []
    for role in ROLES:
        turns: list[Turn] = []
        for answer in ("I worked on a project.", ANSWERS[0][1], "skip", ANSWERS[2][1]):
            out.append((role, list(turns)))
            q = engine.next_question(role, turns)
            turns += [Turn("interviewer", q.text, q.id), Turn("candidate", answer)]
        out.append((role, list(turns)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300, help="timed calls per case")
    parser.add_argument(
        "--baseline",
        default="",
        help="another checkout to measure beside this one (e.g. the main branch)",
    )
    args = parser.parse_args()
    engine = BuiltinProvider()
    convs = conversations()
    counter = {"q": 0, "b": 0}

    def one_question() -> object:
        role, turns = convs[counter["q"] % len(convs)]
        counter["q"] += 1
        return engine.next_question(role, turns)

    def one_answer() -> object:
        role, text = ANSWERS[counter["b"] % len(ANSWERS)]
        counter["b"] += 1
        return engine.bullets(role, "Tell me about your work.", text)

    for role, text in ANSWERS:
        engine.bullets(role, "Tell me about your work.", text)  # one warm-up pass over all
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    q50, q99 = measure(one_question, args.runs * 2)
    b50, b99 = measure(one_answer, args.runs)
    base = baseline(args.baseline, args.runs) if args.baseline else None
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    command = "python " + " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]])
    print(f"### Built-in AI engine ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n")
    print(
        f"- machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"nproc {nproc()}, Python {platform.python_version()}"
    )
    print(f"- command: `{command}`")
    print(
        f"- samples: {args.runs * 2} next-question calls over {len(convs)} interview states; "
        f"{args.runs} bullet calls over {len(ANSWERS)} answers; load average "
        f"{load_before:.2f} before, {load_after:.2f} after\n"
    )
    print("| operation | p50 (ms) | p99 (ms) | target p50 |")
    print("|---|---:|---:|---:|")
    print(f"| next question | {q50:.2f} | {q99:.2f} | < 20 |")
    print(f"| bullets per answer (this checkout) | {b50:.2f} | {b99:.2f} | < 20 |")
    if base:
        print(
            f"| bullets per answer (baseline: {args.baseline}) | {base[0]:.2f} | {base[1]:.2f} | |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
