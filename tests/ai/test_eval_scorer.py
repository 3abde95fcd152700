"""The shared bullet-quality scorer, run on the development set with our CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared/eval/bullets"


def test_builtin_engine_scores_at_least_85_and_is_fully_grounded() -> None:
    if not (EVAL_DIR / "score.py").is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"bullet eval set missing at {EVAL_DIR}; CI must run it")
        pytest.skip(f"bullet eval set not found at {EVAL_DIR}")
    command = [sys.executable, str(EVAL_DIR / "score.py"), str(EVAL_DIR / "dev.jsonl"), "--",
               sys.executable, "-m", "resumepilot.ai", "bullets", "--role", "{role}",
               "--question", "{question}", "--transcript-file", "{transcript_file}", "--json"]
    p = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    last = p.stdout.strip().splitlines()[-1]
    m = re.match(r"score: ([\d.]+)/100 grounded: (\d+)%", last)
    assert m, p.stdout
    assert float(m.group(1)) >= 85, p.stdout
    assert int(m.group(2)) == 100, p.stdout
