"""What the web journeys of issue 12 add on top of the engines: reading an upload in a child
process (the hard time limit) beside reading it in-process, and exporting a cover letter in
each format beside rendering a resume PDF of the same template.

Run: .venv/bin/python bench/letters_analyzer_web.py [--runs N]
Prints a markdown block with the date, the machine, its load and the command, for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    MachineLoad,
    command_line,
    machine_summary,
    now_utc,
    percentile,
)
from resumepilot.analyzer.isolation import analyze_isolated  # noqa: E402
from resumepilot.analyzer.report import analyze_file  # noqa: E402
from resumepilot.documents.render import render_resume  # noqa: E402
from resumepilot.letters.export import letter_document, render_letter  # noqa: E402
from tests.analyzer.accuracy import CORPUS  # noqa: E402

BODY = (
    "Dear Harbor Health hiring team,\n\nI was glad to see your opening for the Senior Data "
    "Analyst role. At Harrowgate Building Society I built a mortgage arrears dashboard in Power "
    "BI used by 40 branch managers, and automated the monthly regulatory return, saving 3 "
    "analyst days each month.\n\nAt Northern Rail Freight I modelled wagon utilisation across "
    "12 depots with Python and pandas.\n\nI would welcome the chance to talk.\n\nKind regards,\n"
    "Tomasz Lindqvist"
)


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm: imports, the forkserver and font caches are paid once per process
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    pdf = (CORPUS / "latex_twopage_engineer.pdf").read_bytes()
    sample = json.loads(
        (resources.files("resumepilot.documents") / "data" / "sample.json").read_text("utf-8")
    )
    letter = letter_document(
        {"name": "Tomasz Lindqvist", "email": "t@example.com", "label": "Data Analyst"},
        ["Harbor Health", "Re: Senior Data Analyst"],
        BODY,
        "December 5, 2026",
    )
    load = MachineLoad()
    load.start()
    rows = [
        ("analysis in-process (baseline)", timed(lambda: analyze_file(pdf, "r.pdf"), args.runs)),
        (
            "analysis in a child process (what the web runs)",
            timed(lambda: analyze_isolated(pdf, "r.pdf", None), args.runs),
        ),
        (
            "resume PDF, modern (baseline)",
            timed(lambda: render_resume(sample, "modern"), args.runs),
        ),
    ]
    for fmt in ("pdf", "docx", "latex"):
        rows.append(
            (
                f"cover letter {fmt}, modern",
                timed(lambda f=fmt: render_letter(letter, "modern", f), args.runs),  # type: ignore[misc]
            )
        )
    print(f"### Cover letters and analyzer on the web ({now_utc()})\n")
    print(f"`{command_line()}`, {args.runs} runs each after one warm-up")
    print(f"Machine: {machine_summary()}; {load.describe()}\n")
    print("| step | p50 ms | p99 ms |\n|---|---|---|")
    for name, values in rows:
        print(f"| {name} | {percentile(values, 50):.1f} | {percentile(values, 99):.1f} |")


if __name__ == "__main__":
    main()
