"""The `resumepilot` command's entry point (also `python -m resumepilot`).

`resumepilot render` goes straight to its own small argparse command: loading typer, click, rich
and every feature's commands would cost several times the render itself. Everything else runs
the typer app in resumepilot.cli.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Runs the command named by sys.argv."""
    if sys.argv[1:2] == ["render"]:
        from resumepilot.resumes.render_command import main as render

        sys.exit(render(sys.argv[2:]))
    from resumepilot.cli import main as run_typer_app

    run_typer_app()


if __name__ == "__main__":
    main()
