"""`resumepilot cover-letter --resume R.json --job JOB --json`: a letter without the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

MAX_JSON_BYTES = 2_000_000


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _json_file(path: Path, what: str) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_JSON_BYTES:
        raise _fail(f"{path}: larger than {MAX_JSON_BYTES // 1_000_000} MB")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _fail(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg} ({what})") from None


def cover_letter(
    resume: Annotated[Path, typer.Option("--resume", help="The resume draft (JSON Resume).")],
    job: Annotated[Path, typer.Option("--job", help="The job posting: .json or .txt.")],
    tone: Annotated[str, typer.Option(help="formal, warm or direct.")] = "formal",
    length: Annotated[str, typer.Option(help="short or standard.")] = "standard",
    bullets: Annotated[
        Path | None,
        typer.Option("--bullets", help='Bullet library: a JSON list of {"id", "text", "company"}.'),
    ] = None,
    provider: Annotated[
        str, typer.Option(help="builtin, or settings for the configured provider.")
    ] = "builtin",
    as_json: Annotated[bool, typer.Option("--json", help="Print the letter as JSON.")] = False,
) -> None:
    """Write a cover letter from a resume draft and a job posting; every claim is traced."""
    from resumepilot.ai.letters import (
        LENGTHS,
        TONES,
        BuiltinLetterWriter,
        LetterInputError,
        LetterWriter,
        build_letter_writer,
        write_cover_letter,
    )
    from resumepilot.ai.postings import PostingError, read_posting_file

    if tone not in TONES:
        raise _fail(f"--tone must be one of {', '.join(TONES)}")
    if length not in LENGTHS:
        raise _fail(f"--length must be one of {', '.join(LENGTHS)}")
    draft = _json_file(resume, "a JSON Resume")
    if not isinstance(draft, dict):
        raise _fail(f"{resume}: a JSON Resume must be an object")
    library = _json_file(bullets, "a list of bullets") if bullets is not None else []
    if not isinstance(library, list):
        raise _fail(f"{bullets}: the bullet library must be a JSON list")
    try:
        posting = read_posting_file(job)
    except PostingError as exc:
        raise _fail(exc.message) from None
    writer: LetterWriter
    if provider == "settings":
        from resumepilot.config import get_settings

        writer = build_letter_writer(get_settings())
    elif provider == "builtin":
        writer = BuiltinLetterWriter()
    else:
        raise _fail("--provider must be builtin or settings")
    try:
        letter = write_cover_letter(draft, posting, library, tone, length, writer)
    except LetterInputError as exc:
        raise _fail(exc.message) from None
    if as_json:
        typer.echo(json.dumps(letter.as_dict(), ensure_ascii=False))
    else:
        typer.echo(letter.text)


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""
    app.command("cover-letter")(cover_letter)
