"""Command-line entry points of this feature: `resumepilot bullets` and `resumepilot interview`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    # Imported lazily at run time so `resumepilot --help` does not pay for the engine.
    from resumepilot.ai.providers import AIProvider

MAX_TRANSCRIPT_CHARS = 50_000
MAX_FIELD_CHARS = 500


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def read_transcript(path: Path, what: str = "transcript") -> str:
    """The transcript file as text, or a clear error (exit code 2) when it cannot be used."""
    if not path.is_file():
        _fail(f"{what} file not found: {path}")
    raw = path.read_bytes()
    if len(raw) > MAX_TRANSCRIPT_CHARS * 4:
        _fail(f"{what} is longer than {MAX_TRANSCRIPT_CHARS:,} characters")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(f"{what} file is not UTF-8 text")
    if "\x00" in text:
        _fail(f"{what} file is not text (contains NUL bytes)")
    if not text.strip():
        _fail(f"{what} is empty")
    if len(text) > MAX_TRANSCRIPT_CHARS:
        _fail(f"{what} is longer than {MAX_TRANSCRIPT_CHARS:,} characters ({len(text):,})")
    return text


def read_answers(path: Path) -> list[str]:
    """Scripted answers, one a line (blank lines skipped), or a clear error (exit code 2)."""
    text = read_transcript(path, "answers")
    answers = [line.strip() for line in text.splitlines() if line.strip()]
    if len(answers) > 200:
        _fail(f"the answers file has {len(answers)} lines; an interview takes at most 200")
    return answers


def _provider(choice: str) -> AIProvider:
    from resumepilot.ai.providers import BuiltinProvider, build_provider

    if choice == "builtin":
        return BuiltinProvider()
    if choice == "settings":
        from resumepilot.config import get_settings

        return build_provider(get_settings())
    _fail("--provider must be builtin or settings")


def run_interview(
    engine: AIProvider, role: str, answers: list[str], title: str | None = None
) -> dict[str, object]:
    """A whole interview offline: every question, every answer, and each topic's bullets."""
    from resumepilot.ai.interviewer import parse_command
    from resumepilot.ai.models import Turn

    turns: list[Turn] = []
    exchanges: list[dict[str, object]] = []
    stories: dict[str, dict[str, object]] = {}
    queue = list(answers)
    while True:
        q = engine.next_question(role, turns, title)
        entry: dict[str, object] = {"id": q.id, "kind": q.kind, "question": q.text}
        exchanges.append(entry)
        if q.done or len(exchanges) > 120:
            break
        # Out of scripted answers: the candidate finishes, as on the page.
        answer = queue.pop(0) if queue else "finish"
        entry["answer"] = answer
        turns += [Turn("interviewer", q.text, q.id), Turn("candidate", answer)]
        if parse_command(answer) is None:
            story = stories.setdefault(
                q.topic, {"topic": q.topic, "question": q.text, "transcript": ""}
            )
            story["transcript"] = f"{story['transcript']}\n\n{answer}".strip()
    results = []
    for story in stories.values():
        made = engine.bullets(role, str(story["question"]), str(story["transcript"]))
        results.append({**story, **made.as_dict()})
    return {"role": role, "title": title, "questions": exchanges, "answers": results}


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""

    @app.command("interview")
    def interview_command(
        role: str = typer.Option(..., help="Target role, e.g. nurse, or a job title."),
        answers: Path = typer.Option(
            ...,
            help="UTF-8 text file: one answer a line (skip, "
            "back, rephrase and finish work as commands).",
        ),
        title: str = typer.Option("", help="Job title to use in questions for a free role."),
        as_json: bool = typer.Option(False, "--json", help="Print the interview as JSON."),
        provider: str = typer.Option("settings", help="settings or builtin, as for bullets."),
    ) -> None:
        """Run a whole mock interview offline with scripted answers; print questions and bullets."""
        if not role.strip() or len(role) > MAX_FIELD_CHARS:
            _fail("--role must be 1-500 characters")
        lines = read_answers(answers)
        result = run_interview(_provider(provider), role.strip(), lines, title.strip() or None)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))
            return
        for ex in result["questions"]:  # type: ignore[attr-defined]
            typer.echo(f"Q: {ex['question']}")
            if "answer" in ex:
                typer.echo(f"A: {ex['answer']}")
        for story in result["answers"]:  # type: ignore[attr-defined]
            typer.echo(f"\n[{story['topic']}]")
            for bullet in story["bullets"]:
                typer.echo(f"- {bullet['text']}")

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
        result = _provider(provider).bullets(role.strip(), question.strip(), text)
        if as_json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            for bullet in result:
                typer.echo(bullet.text)
