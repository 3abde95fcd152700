"""`resumepilot privacy export EMAIL --output F.zip` and `privacy delete EMAIL --yes`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import UUID

import typer

from resumepilot.db.types import UnitOfWork

privacy = typer.Typer(no_args_is_help=True, help="Export or delete everything about one user.")


def register(app: typer.Typer) -> None:
    app.add_typer(privacy, name="privacy")


def _url() -> str:
    from resumepilot.config import get_settings
    from resumepilot.db.embedded import EmbeddedPostgresError, app_database_url
    from resumepilot.db.migrate import apply_migrations

    try:
        url = app_database_url(get_settings())
    except EmbeddedPostgresError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from exc
    apply_migrations(url)
    return url


@privacy.command("export")
def export(
    email: str,
    output: Path = typer.Option(..., "--output", "-o", help="The zip file to write."),
) -> None:
    """Write a zip of every row and file about the user (what "Download my data" gives)."""
    from resumepilot.privacy.service import write_export

    url = _url()

    async def run() -> int:
        trusted = _trusted(url)
        user_id = await _user_id(trusted, email)

        async def progress(done: int, total: int) -> None:
            typer.echo(f"  {done}/{total} tables", err=True)

        return await write_export(trusted, user_id, output, progress)

    size = asyncio.run(run())
    typer.echo(f"Wrote {output} ({size:,} bytes).")


@privacy.command("delete")
def delete(
    email: str,
    yes: bool = typer.Option(False, "--yes", help="Confirm: this cannot be undone."),
) -> None:
    """Delete the account and everything about it; cancels its Stripe subscriptions."""
    from resumepilot.clients.stripe import build_stripe
    from resumepilot.config import get_settings
    from resumepilot.mail.configured import mail_kit
    from resumepilot.privacy.service import delete_account, send_goodbye

    if not yes:
        typer.secho(f"This deletes {email} for good. Run again with --yes.", fg="red", err=True)
        raise typer.Exit(2)
    url = _url()
    settings = get_settings()

    async def run() -> str:
        trusted = _trusted(url)
        user_id = await _user_id(trusted, email)
        done = await delete_account(trusted, build_stripe(settings), settings.data_dir, user_id)
        mailer, compose = mail_kit(settings)
        await send_goodbye(mailer, compose, email)
        return (
            f"Deleted {email}: {done.subscriptions_cancelled} subscription(s) cancelled, "
            f"{done.jobs_removed} job(s) removed, {done.audit_rows_anonymised} audit row(s) "
            "anonymised."
        )

    typer.echo(asyncio.run(run()))


def _trusted(url: str) -> UnitOfWork:
    from resumepilot.db.trusted import trusted_transaction_at

    return lambda: trusted_transaction_at(url)


async def _user_id(trusted: UnitOfWork, email: str) -> UUID:
    from resumepilot.privacy import repository as repo

    async with trusted() as conn:
        row = await repo.user_by_email(conn, email)
    if row is None:
        typer.secho(f"No account uses {email}.", fg="red", err=True)
        raise typer.Exit(1)
    user_id: UUID = row["id"]
    return user_id
