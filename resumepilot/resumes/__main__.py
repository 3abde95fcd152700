"""`python -m resumepilot.resumes render ...`: this feature's commands without the other features'.

The benchmark uses it to separate render time from the start-up cost of the full CLI.
"""

from __future__ import annotations

import typer

from resumepilot.resumes.cli import register

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Resume templates and renders.")
register(app)

if __name__ == "__main__":
    app()
