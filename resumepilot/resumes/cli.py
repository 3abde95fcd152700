"""Command-line entry points of this feature."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Adds this feature's commands to the main `resumepilot` app."""
