"""`resumepilot render` as users run it: the installed entry point, a fresh process, no typer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resumepilot.resumes.render_command import parser, quick_parse
from tests.documents.conftest import load_sample

# Start-up cost the render command must not pay (issue 14): the CLI framework and the
# database stack belong to the other commands; Jinja only to LaTeX (Typst is written in Python);
# dataclasses only to the render budget (it came back once through documents/render.py).
NOT_ON_THE_RENDER_PATH = (
    "typer",
    "click",
    "rich",
    "psycopg",
    "fastapi",
    "pydantic_settings",
    "jinja2",
    "markupsafe",
    "dataclasses",
)

_PROBE = """
import json, sys
sys.argv = ["resumepilot", *sys.argv[1:]]
from resumepilot.__main__ import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _run(tmp_path: Path, *args: str) -> tuple[int, set[str], str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"]), proc.stderr


def test_render_writes_a_pdf_without_loading_the_cli_framework(tmp_path: Path) -> None:
    (tmp_path / "resume.json").write_text(json.dumps(load_sample()), encoding="utf-8")
    code, modules, stderr = _run(tmp_path, "render", "resume.json", "-t", "modern", "-o", "r.pdf")
    assert code == 0, stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "wrote r.pdf (pdf, modern, 1 page)" in stderr
    assert modules.isdisjoint(NOT_ON_THE_RENDER_PATH), modules & set(NOT_ON_THE_RENDER_PATH)


def test_render_reports_bad_input_and_usage_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"basics": {"email": "nope"}}', encoding="utf-8")
    code, _, stderr = _run(tmp_path, "render", "bad.json")
    assert code == 2 and "basics.email: expected an email" in stderr
    code, _, stderr = _run(tmp_path, "render", "bad.json", "--fit-one-page=maybe")
    assert code == 2 and "usage: resumepilot render" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_other_commands_still_run_through_the_typer_app(tmp_path: Path) -> None:
    code, modules, stderr = _run(tmp_path, "templates")
    assert code in (0, None), stderr
    assert "typer" in modules


@pytest.mark.parametrize(
    "argv",
    [
        ["r.json"],
        ["r.json", "-t", "modern", "-f", "docx", "-o", "out.docx"],
        ["--template=compact", "r.json", "--fit-one-page", "--paper", "a4", "--role", "x"],
        ["r.json", "--output=x.pdf", "--format=latex"],
        ["my=file.json", "-o", "a b.pdf"],
    ],
)
def test_the_quick_parse_reads_plain_command_lines_as_argparse_does(argv: list[str]) -> None:
    quick = quick_parse(argv)
    assert quick is not None
    expected = vars(parser().parse_args(argv))
    assert {**expected, **quick} == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["-h"],
        ["r.json", "--help"],
        ["r.json", "--fit-one-page=maybe"],
        ["r.json", "-t"],
        ["r.json", "-t", "--fit-one-page"],
        ["r.json", "-t=modern"],
        ["r.json", "other.json"],
        ["r.json", "--template", "a", "--template", "b"],
        ["r.json", "--unknown", "x"],
        ["--", "r.json"],
    ],
)
def test_anything_unusual_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_parse(argv) is None
