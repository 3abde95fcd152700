"""`resumepilot plans`: list plans, change their limits, and put a user on a plan by hand.

For self-hosting without Stripe; with Stripe, plans follow the subscriptions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer

T = TypeVar("T")
plans_app = typer.Typer(no_args_is_help=True, help="Plans: limits, prices and assignments.")


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

    async def in_transaction(url: str) -> T:
        async with trusted_transaction_at(url) as conn:
            return await work(conn)

    return asyncio.run(in_transaction(_database_url()))


def _limit(value: int) -> str:
    return "unlimited" if value < 0 else str(value)


@plans_app.command("list")
def list_plans() -> None:
    """Every plan with its monthly limits and price."""
    from resumepilot.billing.service import list_plans as every_plan

    plans = _run(every_plan)
    typer.echo(f"{'plan':<10} {'interviews':>10} {'cover letters':>13} {'price':>9}")
    for p in plans:
        typer.echo(
            f"{p.name:<10} {_limit(p.interviews_per_month):>10} "
            f"{_limit(p.cover_letters_per_month):>13} {p.price_label:>9}"
        )


@plans_app.command("assign")
def assign(
    email: str = typer.Argument(..., help="The account's email address."),
    plan: str = typer.Argument(..., help="starter, pro, career or coach."),
) -> None:
    """Put a user on a plan without Stripe (starter ends a plan given by hand)."""
    from resumepilot.billing.service import assign_plan
    from resumepilot.errors import AppError

    try:
        before, after = _run(lambda conn: assign_plan(conn, email=email, plan_name=plan.lower()))
    except AppError as exc:
        _fail(exc.message)
    typer.secho(f"{email}: {before} -> {after}", fg="green")


@plans_app.command("set")
def set_limits(
    plan: str = typer.Argument(..., help="The plan to change."),
    interviews: int = typer.Option(None, help="Interviews a month (-1: unlimited)."),
    cover_letters: int = typer.Option(None, help="Cover letters a month (-1: unlimited)."),
    price_cents: int = typer.Option(None, help="Price shown on the pricing page, in cents."),
) -> None:
    """Change a plan's limits or displayed price (the Stripe price itself is set in Stripe)."""
    from resumepilot.billing.service import set_plan_limits
    from resumepilot.errors import AppError

    given = {
        "interviews_per_month": interviews,
        "cover_letters_per_month": cover_letters,
        "price_cents": price_cents,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        _fail("nothing to change: give --interviews, --cover-letters or --price-cents")
    if (
        any(v < -1 for k, v in changes.items() if k != "price_cents")
        or changes.get("price_cents", 0) < 0
    ):
        _fail("limits are -1 (unlimited) or more; prices are 0 or more")
    try:
        _run(lambda conn: set_plan_limits(conn, plan, changes))
    except AppError as exc:
        _fail(exc.message)
    typer.secho(f"{plan} updated", fg="green")


def register(app: typer.Typer) -> None:
    """Adds `resumepilot plans ...` to the main app."""
    app.add_typer(plans_app, name="plans")
