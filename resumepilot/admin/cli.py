"""`resumepilot admin grant|revoke|list` and `resumepilot doctor`.

The command line is trusted (it runs as service_role, like an operator at psql): it is how the
first super admin is made. In the web only a super admin grants or revokes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer

T = TypeVar("T")
admin_app = typer.Typer(no_args_is_help=True, help="Admins of the web console.")


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(code=2)


def _database_url() -> str:
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


def _run(work: Callable[..., Awaitable[T]]) -> T:
    """Runs `work(conn)` in one trusted transaction (service_role) of its own."""
    from resumepilot.db.trusted import trusted_transaction_at
    from resumepilot.errors import AppError

    async def in_transaction(url: str) -> T:
        async with trusted_transaction_at(url) as conn:
            return await work(conn)

    try:
        return asyncio.run(in_transaction(_database_url()))
    except AppError as exc:
        _fail(exc.message)


@admin_app.command("grant")
def grant(
    email: str = typer.Argument(..., help="The account's email address."),
    super_admin: bool = typer.Option(
        False, "--super", help="A super admin: every permission, and grants admins in the web."
    ),
    permission: list[str] = typer.Option(
        None,
        "--permission",
        "-p",
        help="A permission to give (repeatable; default: the read permissions).",
    ),
) -> None:
    """Make an account an admin of the web console (again: replace its role and permissions)."""
    from resumepilot.admin import service

    role = "super_admin" if super_admin else "admin"
    chosen = list(permission or ([] if super_admin else service.READ_PERMISSIONS))
    _run(lambda conn: service.grant(conn, None, email, role=role, permissions=chosen))
    held = "every permission" if super_admin else ", ".join(chosen) or "no permission"
    typer.secho(f"{email} is now {role.replace('_', ' ')} ({held}).", fg="green")


@admin_app.command("revoke")
def revoke(email: str = typer.Argument(..., help="The admin's email address.")) -> None:
    """Take an account's admin rights away."""
    from resumepilot.admin import service

    if not _run(lambda conn: service.revoke(conn, None, email)):
        _fail(f"{email} is not an admin.")
    typer.secho(f"{email} is no longer an admin.", fg="green")


@admin_app.command("list")
def list_admins() -> None:
    """Every admin with their role and permissions."""
    from resumepilot.admin import repository

    for row in _run(repository.admins):
        held = ", ".join(sorted(k for k, v in (row["permissions"] or {}).items() if v is True))
        typer.echo(f"{row['email']:<40} {row['role']:<12} {held}")


def doctor() -> None:
    """Run the monitoring queries and consistency checks; exit 1 when a check finds a problem."""
    from resumepilot.admin import service

    report = _run(service.monitoring)
    typer.echo(f"Active users this month: {report.active_users_this_month}")
    typer.echo("Live subscriptions by plan:")
    for plan in report.popular_plans or []:
        typer.echo(f"  {plan.plan_name:<12} {plan.count}")
    if not report.popular_plans:
        typer.echo("  (none)")
    typer.echo("Interview completion, last 30 days:")
    for c in report.interview_completion:
        typer.echo(
            f"  {c.session_type:<16} {c.completed_sessions}/{c.total_sessions}"
            f" completed ({c.completion_rate}%)"
        )
    if not report.interview_completion:
        typer.echo("  (no interviews)")
    typer.echo("Consistency checks:")
    for check in report.consistency:
        if check.problem_count:
            sample = ", ".join(check.sample_ids[:5])
            typer.secho(
                f"  PROBLEM {check.check_name}: {check.problem_count} (e.g. {sample})",
                fg="red",
            )
        else:
            typer.echo(f"  ok      {check.check_name}")
    from resumepilot.admin.repository import months_without_event_partition

    problems = len(report.problems)
    missing = _run(months_without_event_partition)
    if missing:
        problems += 1
        typer.secho(
            f"  PROBLEM system_events_partitions: no partition for {', '.join(missing)}"
            " (`resumepilot retention run` makes them)",
            fg="red",
        )
    else:
        typer.echo("  ok      system_events_partitions")
    if problems:
        typer.secho(f"{problems} check(s) found problems.", fg="red", err=True)
        raise typer.Exit(code=1)
    typer.secho("All checks passed.", fg="green")


def register(app: typer.Typer) -> None:
    app.add_typer(admin_app, name="admin")
    app.command("doctor")(doctor)
