"""Command-line entry points of this feature: `resumepilot templates` and `resumepilot render`.

Heavy modules (typst, python-docx, pydantic models) are imported inside the commands so that
`resumepilot --help` and other features' commands start fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

MAX_RESUME_BYTES = 1_000_000


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


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
    import json

    from resumepilot.documents.render import UnknownFormatError, render_resume
    from resumepilot.documents.resume import ResumeError
    from resumepilot.documents.roles import UnknownRoleError
    from resumepilot.documents.themes import UnknownTemplateError

    try:
        raw = resume.read_bytes()
    except OSError as exc:
        raise _fail(f"{resume}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_RESUME_BYTES:
        raise _fail(f"{resume}: larger than {MAX_RESUME_BYTES // 1000} kB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _fail(f"{resume}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _fail(
            f"{resume}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if paper not in ("letter", "a4"):
        raise _fail("--paper must be letter or a4")
    try:
        result = render_resume(data, template, fmt, role, fit_one_page, paper=paper)
    except ResumeError as exc:
        for line in exc.errors:
            typer.echo(f"error: {resume}: {line}", err=True)
        raise typer.Exit(code=2) from None
    except (UnknownTemplateError, UnknownRoleError, UnknownFormatError) as exc:
        raise _fail(str(exc)) from None
    target = output or Path(result.filename)
    # Written beside the target and renamed, so a failure never leaves half a file behind.
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(result.content)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _fail(f"{target}: cannot write ({exc.strerror})") from None
    pages = f"{result.page_count} page{'s' if result.page_count != 1 else ''}"
    estimate = "" if result.page_count_exact else " (as laid out in the PDF)"
    typer.echo(f"wrote {target} ({result.fmt}, {result.template}, {pages}{estimate})", err=True)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""
    app.command("templates")(templates)
    app.command("render")(render)
