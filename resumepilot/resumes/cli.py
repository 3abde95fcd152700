"""Command-line entry points of this feature: `resumepilot templates` and `resumepilot render`.

Heavy modules (typst, python-docx, pydantic models) are imported inside the commands so that
`resumepilot --help` and other features' commands start fast. `resumepilot render` itself is
normally run by render_command without typer (see resumepilot/__main__.py); this command is the
same render for the typer app and `resumepilot --help`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def templates() -> None:
    """List the resume templates, one a line: name, then what it looks like."""
    from resumepilot.documents.themes import load_theme, template_names

    for name in template_names():
        typer.echo(f"{name}\t{load_theme(name).description}")


def render(
    resume: Annotated[Path, typer.Argument(help="A JSON Resume file.")],
    template: Annotated[str, typer.Option("--template", "-t", help="Template name.")] = "classic",
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf, latex, docx or typst.")] = "pdf",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file.")] = None,
    role: Annotated[str | None, typer.Option(help="Target role, e.g. new_graduate.")] = None,
    fit_one_page: Annotated[bool, typer.Option("--fit-one-page", help="Tighten to one page.")] = (
        False
    ),
    paper: Annotated[str, typer.Option(help="letter or a4.")] = "letter",
) -> None:
    """Render a JSON Resume file to PDF, LaTeX, Word or Typst."""
    from resumepilot.resumes.render_command import run_render

    code = run_render(
        resume, template, fmt, output, role, fit_one_page, paper, lambda m: typer.echo(m, err=True)
    )
    if code:
        raise typer.Exit(code=code)


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""
    app.command("templates")(templates)
    app.command("render")(render)
