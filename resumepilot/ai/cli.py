"""Command-line entry points of this feature: `resumepilot bullets`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

MAX_TRANSCRIPT_CHARS = 50_000
MAX_FIELD_CHARS = 500


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def read_transcript(path: Path) -> str:
    """The transcript file as text, or a clear error (exit code 2) when it cannot be used."""
    if not path.is_file():
        _fail(f"transcript file not found: {path}")
    raw = path.read_bytes()
    if len(raw) > MAX_TRANSCRIPT_CHARS * 4:
        _fail(f"transcript is longer than {MAX_TRANSCRIPT_CHARS:,} characters")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail("transcript file is not UTF-8 text")
    if "\x00" in text:
        _fail("transcript file is not text (contains NUL bytes)")
    if not text.strip():
        _fail("transcript is empty")
    if len(text) > MAX_TRANSCRIPT_CHARS:
        _fail(f"transcript is longer than {MAX_TRANSCRIPT_CHARS:,} characters ({len(text):,})")
    return text


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""

    @app.command("bullets")
    def bullets_command(
        role: str = typer.Option(..., help="Target role, e.g. software_engineer, or a job title."),
        transcript_file: Path = typer.Option(..., help="UTF-8 text file with the spoken answer."),
        question: str = typer.Option("", help="The interview question that was answered."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON with source spans."),
        provider: str = typer.Option(
            "settings",
            help="settings: the configured provider (RESUMEPILOT_AI_PROVIDER, default the "
            "offline built-in engine); builtin: always the built-in engine.",
        ),
    ) -> None:
        """Write resume bullets from an interview answer."""
        if not role.strip() or len(role) > MAX_FIELD_CHARS:
            _fail("--role must be 1-500 characters")
        if len(question) > MAX_FIELD_CHARS * 4:
            _fail("--question is longer than 2,000 characters")
        text = read_transcript(transcript_file)
        # Imported here so `resumepilot --help` and other commands do not pay for the engine.
        from resumepilot.ai.providers import AIProvider, BuiltinProvider, build_provider

        engine: AIProvider
        if provider == "builtin":
            engine = BuiltinProvider()
        elif provider == "settings":
            from resumepilot.config import get_settings

            engine = build_provider(get_settings())
        else:
            _fail("--provider must be builtin or settings")
        result = engine.bullets(role.strip(), question.strip(), text)
        if as_json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            for bullet in result:
                typer.echo(bullet.text)
