"""`resumepilot templates` and `resumepilot render`, through the real typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from resumepilot.resumes.cli import register
from tests.documents.conftest import TEMPLATES, load_sample, missing_from, pdf_text


@pytest.fixture
def app() -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    return cli


def test_templates_lists_name_then_description(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["templates"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(TEMPLATES)
    assert all(len(line.split(None, 1)[1]) > 20 for line in lines)


@pytest.mark.parametrize(
    ("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("latex", b"\\documentclass")]
)
def test_render_writes_the_file(app: typer.Typer, tmp_path: Path, fmt: str, magic: bytes) -> None:
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(load_sample()), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        app,
        [
            "render",
            str(source),
            "--template",
            "modern",
            "--format",
            fmt,
            "--output",
            str(out),
            "--role",
            "new_graduate",
            "--fit-one-page",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert "1 page" in result.output
    if fmt == "pdf":
        assert missing_from(pdf_text(out.read_bytes()), load_sample()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"work": [', "invalid JSON at line 1"),
        ('{"work": [{"startDate": "last May"}]}', "work[0].startDate: expected a date"),
        ('{"basics": {"email": "nope"}}', "basics.email: expected an email"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_bad_resume_exits_2_without_output(
    app: typer.Typer, tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "resume.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, ["render", str(source), "--output", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "fancy"], "unknown template 'fancy'"),
        (["--role", "astronaut"], "unknown role 'astronaut'"),
        (["--format", "odt"], "unknown format 'odt'"),
    ],
)
def test_bad_options_exit_2(app: typer.Typer, tmp_path: Path, args: list, message: str) -> None:
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(load_sample()), encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(source), "-o", str(tmp_path / "x"), *args])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "x").exists()


def test_missing_file_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "cannot read" in result.output
