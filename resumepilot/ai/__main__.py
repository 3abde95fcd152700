"""`python -m resumepilot.ai bullets ...`: this feature's commands without the rest of the CLI."""

from __future__ import annotations

import typer

from resumepilot.ai.cli import register

app = typer.Typer(no_args_is_help=True, add_completion=False, help="ResumePilot AI engine.")
register(app)


@app.callback()
def _main() -> None:
    """Keeps `bullets` and `interview` named sub-commands."""


if __name__ == "__main__":
    app()
