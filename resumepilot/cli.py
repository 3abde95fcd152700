"""The `resumepilot` command. Feature commands live beside their feature and are mounted here."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="ResumePilot command line.")


def _mount_feature_commands() -> None:
    # Imported here so that `resumepilot --help` stays fast and a feature's heavy imports
    # load only with that feature.
    from resumepilot.ai.cli import register as register_ai
    from resumepilot.analyzer.cli import register as register_analyzer
    from resumepilot.billing.cli import register as register_billing
    from resumepilot.db.backup.cli import register as register_backup
    from resumepilot.db.cli import register as register_db
    from resumepilot.letters.cli import register as register_letters
    from resumepilot.resumes.cli import register as register_resumes

    register_db(app)
    register_backup(app)
    register_ai(app)
    register_billing(app)
    register_resumes(app)
    register_analyzer(app)
    register_letters(app)


def main() -> None:
    _mount_feature_commands()
    app()
