"""`python -m resumepilot.speech transcribe ...`: the speech command without the rest of the
CLI (what the benchmarks time)."""

from __future__ import annotations

import typer

from resumepilot.speech.cli import register

app = typer.Typer(no_args_is_help=True, add_completion=False, help="ResumePilot speech to text.")
register(app)


@app.callback()
def _main() -> None:
    """Keeps `transcribe` a named sub-command even though it is the only one."""


if __name__ == "__main__":
    app()
