"""In-process PDF render latency of a one-page resume (render_resume, Typst in-process).

Run: .venv/bin/python bench/render_inprocess.py [--runs 200] [--template classic]
Prints a markdown table; paste it into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--template", action="append")
    parser.add_argument(
        "--format",
        action="append",
        help="pdf, docx, latex, typst, preview (the page-1 SVG the web shows, gzipped as "
        "stored) or preview-png (the 96 ppi PNG it replaced, for comparison); default pdf",
    )
    args = parser.parse_args()

    import json
    from importlib import resources

    from resumepilot.documents.content import build_document
    from resumepilot.documents.formats.typst_pdf import compile_png, typst_source
    from resumepilot.documents.render import render_resume, render_set
    from resumepilot.documents.resume import parse_resume
    from resumepilot.documents.themes import load_theme
    from resumepilot.resumes.preview import stored_preview

    def render(resume: dict, template: str, fmt: str) -> tuple[int, int]:
        """Renders one format; returns (pages, bytes)."""
        if fmt == "preview":
            made = render_set(resume, template, ("pdf",), preview=True)
            assert made.preview_svg is not None
            stored = stored_preview(made.preview_svg)[3]
            return made.results["pdf"].page_count, len(stored)
        if fmt == "preview-png":
            made = render_set(resume, template, ("pdf",))
            theme = load_theme(template)
            doc = build_document(parse_resume(resume))
            png = compile_png(typst_source(doc, theme), theme, doc.cjk, 96)
            return made.results["pdf"].page_count, len(png)
        result = render_resume(resume, template, fmt)
        return result.page_count, len(result.content)

    sample = json.loads(
        (resources.files("resumepilot.documents") / "data" / "sample.json").read_text("utf-8")
    )
    rows = []
    for fmt in args.format or ["pdf"]:
        for template in args.template or ["classic", "modern", "compact", "academic"]:
            for _ in range(args.warmup):
                render(sample, template, fmt)
            times = []
            for i in range(args.runs):
                # Fresh text every run: Typst memoizes; an unchanged document would be a hit.
                resume = {**sample, "basics": {**sample["basics"], "label": f"Engineer {i}"}}
                start = time.perf_counter()
                pages, size = render(resume, template, fmt)
                times.append((time.perf_counter() - start) * 1000)
            assert pages == 1
            rows.append(
                (
                    f"{template} {fmt}",
                    statistics.median(times),
                    _percentile(times, 0.99),
                    min(times),
                    size,
                )
            )

    print(f"date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}  ")
    print(
        f"machine: {_cpu()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}  "
    )
    print(
        f"command: `python bench/render_inprocess.py --runs {args.runs}` "
        "(render_resume(resume, template, format) in a warm process; preview = PDF layout + "
        "page-1 SVG, gzipped as stored; preview-png = PDF layout + page-1 PNG at 96 ppi, the "
        "preview before 2026-12-06; resume text changed every run)\n"
    )
    print("| template, format | p50 ms | p99 ms | min ms | bytes |")
    print("|---|---:|---:|---:|---:|")
    for template, p50, p99, low, size in rows:
        print(f"| {template} | {p50:.1f} | {p99:.1f} | {low:.1f} | {size} |")


if __name__ == "__main__":
    main()
