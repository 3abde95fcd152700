"""Built-in cover-letter latency: posting parse + plan + writing + grounding checks, p50/p99,
beside the floor of parsing the posting alone.

Run: .venv/bin/python bench/cover_letter.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
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
from resumepilot.ai.letters import write_cover_letter  # noqa: E402
from resumepilot.ai.postings import parse_posting  # noqa: E402
from resumepilot.documents.reading import parse_resume  # noqa: E402
from tests.analyzer.accuracy import CORPUS  # noqa: E402

POSTING = """Staff Backend Engineer at Meridian Pay

What you'll do
- Own the ledger and settlement services
- Lead reliability work across payments

Requirements
- 8+ years building backend systems in Go or Java
- Experience with PostgreSQL and Kafka at scale
- Kubernetes and Terraform on AWS
- Mentoring engineers and leading design reviews
- Incident response and on-call leadership

Nice to have
- gRPC
- Experience with double-entry ledgers
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    resume = parse_resume((CORPUS / "latex_twopage_engineer.pdf").read_bytes()).resume
    bullets = [
        {"id": f"b{i}", "text": h, "company": w.get("name", "")}
        for i, (w, h) in enumerate((w, h) for w in resume["work"] for h in w.get("highlights", []))
    ]
    load = MachineLoad()
    load.start()
    results = {}
    for name, fn in (
        ("parse posting only (floor)", lambda: parse_posting(POSTING)),
        (
            "letter, standard, formal",
            lambda: write_cover_letter(
                resume, parse_posting(POSTING), bullets, "formal", "standard"
            ),
        ),
        (
            "letter, short, direct",
            lambda: write_cover_letter(resume, parse_posting(POSTING), bullets, "direct", "short"),
        ),
    ):
        fn()
        values = []
        for _ in range(args.runs):
            start = time.perf_counter()
            fn()
            values.append((time.perf_counter() - start) * 1000)
        results[name] = values
    print(f"### Cover letter, built-in ({now_utc()})\n")
    print(
        f"`{command_line()}`, {args.runs} runs in-process, resume: the corpus 2-page PDF's "
        f"parse ({len(bullets)} bullets)"
    )
    print(f"Machine: {machine_summary()}; {load.describe()}\n")
    print("| step | p50 ms | p99 ms |\n|---|---|---|")
    for name, values in results.items():
        print(f"| {name} | {percentile(values, 50):.1f} | {percentile(values, 99):.1f} |")
    sample = write_cover_letter(resume, parse_posting(POSTING), bullets).as_dict()
    print(
        f"\nclaims {len(sample['claims'])}, covered {len(sample['covered'])}, "
        f"missing {len(sample['missing'])}"
    )
    print("\n```\n" + json.dumps(sample["text"])[:0] + sample["text"] + "\n```")


if __name__ == "__main__":
    main()
