"""`resumepilot analyze FILE [--job JOB] --json`: the analyzer without the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from resumepilot.ai.postings import Posting


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def read_job(path: Path) -> Posting:
    """A job posting file (JSON Resume job or plain text), or exit 2 saying why not."""
    from resumepilot.ai.postings import PostingError, read_posting_file

    try:
        return read_posting_file(path)
    except PostingError as exc:
        raise _fail(exc.message) from None


def analyze(
    file: Annotated[Path, typer.Argument(help="A resume as PDF or DOCX.")],
    job: Annotated[Path | None, typer.Option("--job", help="A job posting: .json or .txt.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole result as JSON.")
    ] = False,
) -> None:
    """Parse a resume made by any tool and report on it (optionally against a job posting)."""
    from resumepilot.analyzer.report import analyze_file
    from resumepilot.documents.reading import DocumentError

    posting = read_job(job) if job is not None else None
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(f"{file}: cannot read ({exc.strerror})") from None
    try:
        analysis = analyze_file(data, file.name, posting)
    except DocumentError as exc:
        raise _fail(f"{file}: {exc.message}") from None
    if as_json:
        typer.echo(json.dumps(analysis.as_dict(), ensure_ascii=False))
        return
    report = analysis.report
    basics = analysis.parsed.resume.get("basics", {})
    typer.echo(f"{basics.get('name', '(no name found)')}: score {report['score']}/100")
    typer.echo("Sections: " + ", ".join(analysis.parsed.sections))
    for warning in report["ats"]["warnings"]:
        typer.echo(f"ATS: {warning}")
    for bullet in report["bullets"]:
        if bullet["score"] < 70:
            typer.echo(f"- ({bullet['score']}) {bullet['text']}")
            if bullet["rewrite"]:
                typer.echo(f"  try: {bullet['rewrite']}")
    if report["match"]:
        m = report["match"]
        typer.echo(
            f"Job match: keywords {m['keyword_score']}%, must-haves "
            f"{m['must_covered']}/{m['must_total']}"
        )


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""
    app.command("analyze")(analyze)
