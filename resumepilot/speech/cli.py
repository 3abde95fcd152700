"""Command-line entry point of the speech layer: `resumepilot transcribe`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

MAX_FIELD_CHARS = 2_000


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def register(app: typer.Typer) -> None:
    """Adds `transcribe` to the main `resumepilot` app."""

    @app.command("transcribe")
    def transcribe_command(
        audio: Path = typer.Argument(..., help="Recording: webm/opus, ogg, wav, mp3 or m4a."),
        role: str = typer.Option(
            "",
            help="Target role (e.g. data_scientist) or a job title; "
            "its vocabulary biases recognition.",
        ),
        question: str = typer.Option("", help="The interview question that was answered."),
        earlier: Path | None = typer.Option(
            None, help="UTF-8 text file with what the candidate said earlier in the interview."
        ),
        provider: str = typer.Option(
            "settings",
            help="settings: RESUMEPILOT_SPEECH_PROVIDER (default builtin); "
            "builtin: always the offline PocketSphinx engine.",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON with word timings."),
    ) -> None:
        """Transcribe a recorded answer (no database needed)."""
        from resumepilot.speech.errors import SpeechInputError
        from resumepilot.speech.models import Bias
        from resumepilot.speech.pipeline import (
            build_transcriber,
            limits_from,
            transcribe_recording,
        )
        from resumepilot.speech.roles import role_terms
        from resumepilot.speech.settings import SpeechSettings

        if len(role) > 500 or len(question) > MAX_FIELD_CHARS:
            _fail("--role must be at most 500 and --question at most 2,000 characters")
        if not audio.is_file():
            _fail(f"recording not found: {audio}")
        earlier_text = ""
        if earlier is not None:
            try:
                earlier_text = earlier.read_text("utf-8")[-MAX_FIELD_CHARS * 5 :]
            except (OSError, UnicodeDecodeError) as exc:
                _fail(f"--earlier must be a readable UTF-8 text file ({exc})")
        try:
            settings = SpeechSettings.from_mapping()
        except ValueError as exc:
            _fail(str(exc))
        if provider == "builtin":
            settings = SpeechSettings(
                provider="builtin", max_bytes=settings.max_bytes, max_seconds=settings.max_seconds
            )
        elif provider != "settings":
            _fail("--provider must be builtin or settings")
        bias = Bias(
            question=question,
            role_terms=role_terms(role) if role.strip() else [],
            earlier_text=earlier_text,
        )
        try:
            result = transcribe_recording(
                audio, build_transcriber(settings), bias, limits_from(settings)
            )
        except SpeechInputError as exc:
            _fail(exc.message)
        if as_json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            typer.echo(result.text)
