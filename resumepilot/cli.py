"""The `resumepilot` command. Feature commands live beside their feature and are mounted here."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="ResumePilot command line.")


def _mount_feature_commands() -> None:
    # Imported here so that `resumepilot --help` stays fast and a feature's heavy imports
    # load only with that feature.
    from resumepilot.ai.cli import register as register_ai
    from resumepilot.billing.cli import register as register_billing
    from resumepilot.db.cli import register as register_db
    from resumepilot.resumes.cli import register as register_resumes
    from resumepilot.speech.cli import register as register_speech

    register_db(app)
    register_ai(app)
    register_billing(app)
    register_resumes(app)
    register_speech(app)


def main() -> None:
    _mount_feature_commands()
    app()
