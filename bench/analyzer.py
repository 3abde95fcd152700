"""Resume analyzer latency on the corpus's 2-page PDF, beside the floor of merely extracting
its text with the same library (pdfium), and the corpus field accuracy.

Run: .venv/bin/python bench/analyzer.py [--runs N] [--file PATH]
Prints a markdown block with the date, the machine, its load and the command, for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
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
from resumepilot.analyzer.report import analyze_file  # noqa: E402
from resumepilot.documents.reading import parse_resume  # noqa: E402
from tests.analyzer.accuracy import CORPUS, load_truth, score, truth_files  # noqa: E402

TWO_PAGES = CORPUS / "latex_twopage_engineer.pdf"


def extract_only(data: bytes) -> None:
    """The floor: pdfium opens the file and gives each page's text, nothing more."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    for page in doc:
        page.get_textpage().get_text_range()
    doc.close()


def plumber_words(data: bytes) -> None:
    """For the choice of library: pdfplumber's words with sizes (if installed)."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words(extra_attrs=["size", "fontname"])


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm: imports and first-call caches are not what a user waits for twice
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--file", type=Path, default=TWO_PAGES)
    args = parser.parse_args()
    data = args.file.read_bytes()
    load = MachineLoad()
    load.start()
    rows = [
        ("extract text only (pdfium, floor)", timed(lambda: extract_only(data), args.runs)),
        ("parse to JSON Resume", timed(lambda: parse_resume(data), args.runs)),
        ("whole analysis (parse + report)", timed(lambda: analyze_file(data), args.runs)),
    ]
    with contextlib.suppress(ImportError):  # pdfplumber is optional here
        rows.append(
            (
                "pdfplumber words (alternative)",
                timed(lambda: plumber_words(data), max(5, args.runs // 5)),
            )
        )
    print(f"### Resume analyzer ({now_utc()})\n")
    print(f"`{command_line()}` on {args.file.name}, {args.runs} runs in-process")
    print(f"Machine: {machine_summary()}; {load.describe()}\n")
    print("| step | p50 ms | p99 ms |\n|---|---|---|")
    for name, values in rows:
        print(f"| {name} | {percentile(values, 50):.1f} | {percentile(values, 99):.1f} |")
    print("\n| file | fields right |\n|---|---|")
    hits = total = 0
    for path in truth_files():
        truth = load_truth(path)
        parsed = parse_resume((CORPUS / truth["file"]).read_bytes())
        result = score(truth, parsed.resume, parsed.sections)
        hits, total = hits + result.hits, total + result.total
        print(f"| {truth['file']} | {result.hits}/{result.total} ({result.share:.1%}) |")
    print(f"| **overall** | **{hits}/{total} ({hits / total:.1%})** |")


if __name__ == "__main__":
    main()
