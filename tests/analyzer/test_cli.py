"""`resumepilot analyze` as a user runs it: a real process, JSON out, exit 2 on bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from tests.analyzer.accuracy import CORPUS
from tests.analyzer.conftest import docx_bomb, resume_schema


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resumepilot", *args], capture_output=True, text=True, timeout=60
    )


def test_analyze_json_with_a_job(tmp_path: Path) -> None:
    job = tmp_path / "job.json"
    job.write_text(
        json.dumps(
            {
                "title": "Executive Chef",
                "company": "Olive & Fig",
                "qualifications": [
                    "ServSafe Manager certification",
                    "Menu costing and inventory",
                    "Experience with Toast POS",
                ],
            }
        ),
        "utf-8",
    )
    result = run("analyze", str(CORPUS / "typst_chef.pdf"), "--job", str(job), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"resume", "sections", "report"}
    assert out["sections"] == ["PROFILE", "EXPERIENCE", "EDUCATION", "SKILLS"]  # as printed
    jsonschema.validate(out["resume"], resume_schema())
    assert out["resume"]["work"][0]["name"] == "Lupa Trattoria"
    report = out["report"]
    assert {"ats", "bullets", "whole", "match", "score"} <= set(report)
    assert report["match"]["title"] == "Executive Chef"
    reqs = {r["text"]: r["covered"] for r in report["match"]["requirements"]}
    assert reqs["ServSafe Manager certification"] and not reqs["Experience with Toast POS"]


def test_analyze_bad_files_exit_2_with_the_message(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bomb())
    result = run("analyze", str(bomb), "--json")
    assert result.returncode == 2 and "inflates" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run("analyze", str(empty))
    assert result.returncode == 2 and "empty" in result.stderr
    result = run("analyze", str(tmp_path / "missing.pdf"))
    assert result.returncode == 2 and "cannot read" in result.stderr
    bad_job = tmp_path / "job.json"
    bad_job.write_text("{not json", "utf-8")
    result = run("analyze", str(CORPUS / "typst_chef.pdf"), "--job", str(bad_job))
    assert result.returncode == 2 and "not valid JSON" in result.stderr
