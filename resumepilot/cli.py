"""The `resumepilot` command: running ResumePilot (serve, worker, migrate, db-url), and the
features' own commands mounted from their cli.py modules.

Heavy modules are imported inside the commands, so `resumepilot --help` and light commands
such as `resumepilot render` start fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="ResumePilot command line.")


def _database_url(*, stop_at_exit: bool = True) -> str:
    # Imported on use: pydantic-settings costs ~0.3 s, which `resumepilot render` need not pay.
    from resumepilot.config import get_settings
    from resumepilot.db.embedded import EmbeddedPostgresError, app_database_url

    try:
        return app_database_url(get_settings(), stop_at_exit=stop_at_exit)
    except EmbeddedPostgresError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from exc


def _migrate(url: str) -> None:
    from resumepilot.db.migrate import apply_migrations

    applied = apply_migrations(url)
    if applied:
        typer.echo(f"Applied migrations: {', '.join(applied)}")


def _configure_logging() -> None:
    """JSON lines with the request id when RESUMEPILOT_LOG_FORMAT=json, else readable lines."""
    from resumepilot.config import get_settings
    from resumepilot.observability.logs import configure_logging

    configure_logging(get_settings().log_format == "json")


def _exit_cleanly_on_sigterm() -> None:
    """Turns SIGTERM into a normal exit so atexit handlers stop the embedded PostgreSQL.

    uvicorn re-raises the signal it caught once it has shut down; with the default handler that
    would kill the process before the database is stopped.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default 127.0.0.1)."),
    port: int = typer.Option(None, help="Port to listen on (default 8000)."),
    worker: bool = typer.Option(True, help="Run a background worker in this process."),
    workers: int = typer.Option(
        None,
        "--workers",
        min=1,
        help="Web processes on the one socket (default: RESUMEPILOT_WEB_WORKERS, else cores).",
    ),
) -> None:
    """Start ResumePilot: database, migrations, web server and background worker."""
    import uvicorn

    from resumepilot.app import create_app
    from resumepilot.config import get_settings

    # First, so a SIGTERM during start-up also stops the database it started.
    _exit_cleanly_on_sigterm()
    processes = _web_processes(workers)
    settings = get_settings()
    settings.run_worker_in_process = worker and settings.run_worker_in_process
    started = time.monotonic()
    if not settings.database_url:
        typer.echo(f"Starting the embedded PostgreSQL in {settings.pgdata_dir} ...")
    url = _database_url()
    _migrate(url)
    _keep_embedded_server_running()
    host = host or settings.host
    port = port or settings.port
    typer.secho(
        f"ResumePilot is running at http://{host}:{port} "
        f"(database ready in {time.monotonic() - started:.1f}s; Ctrl-C stops it)",
        fg="green",
    )
    _configure_logging()
    if processes > 1:
        from resumepilot.serving import serve_processes

        serve_processes(
            url,
            host,
            port,
            processes,
            run_worker=settings.run_worker_in_process,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )
        return
    uvicorn.run(
        create_app(settings, url),
        host=host,
        port=port,
        log_level="warning",
        log_config=None,  # keeps our handlers: JSON lines with the request id
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


def _keep_embedded_server_running() -> None:
    """Starts the embedded PostgreSQL again whenever it dies (not a DATABASE_URL server)."""
    from resumepilot.config import get_settings
    from resumepilot.db.embedded_keeper import keep_running

    settings = get_settings()
    if not settings.database_url:
        keep_running(settings.pgdata_dir, settings.embedded_watch_seconds)


def _web_processes(workers: int | None) -> int:
    from resumepilot.serving import default_workers

    try:
        return workers or default_workers()
    except ValueError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc


@app.command()
def worker(
    concurrency: int = typer.Option(2, help="Jobs run at once."),
    metrics_port: int = typer.Option(
        None, help="Serve this worker's job metrics at http://127.0.0.1:PORT/metrics."
    ),
) -> None:
    """Run a background worker process (production runs several beside the web processes)."""
    from resumepilot.config import get_settings
    from resumepilot.jobs_supervision import supervise_worker, supervision_for
    from resumepilot.observability.http_metrics import serve_metrics_over_http
    from resumepilot.observability.metrics import Metrics

    url = _database_url()
    _migrate(url)
    _configure_logging()
    metrics = Metrics()
    if metrics_port and not metrics.multiprocess:
        serve_metrics_over_http(metrics, metrics_port)
    typer.echo("Worker started; Ctrl-C stops it.")
    _exit_cleanly_on_sigterm()
    with contextlib.suppress(KeyboardInterrupt):
        supervision = supervision_for(get_settings(), url, concurrency=concurrency, metrics=metrics)
        asyncio.run(supervise_worker(supervision))


@app.command()
def migrate() -> None:
    """Apply pending database migrations (running it again changes nothing)."""
    url = _database_url()
    _migrate(url)
    typer.echo("The database schema is current.")


@app.command("db-url")
def db_url() -> None:
    """Print a connection URL for psql (starts the embedded server if needed)."""
    typer.echo(_database_url(stop_at_exit=False))


retention = typer.Typer(no_args_is_help=True, help="Delete data past its retention period.")
app.add_typer(retention, name="retention")


@retention.command("run")
def retention_run(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would go."),
) -> None:
    """Delete old interview data, usage, events, files, jobs, sessions and tokens in batches."""
    from resumepilot.db.retention import Outcome, run_retention

    url = _database_url()
    _migrate(url)

    def report(outcome: Outcome) -> None:
        verb = "would remove" if dry_run else "removed"
        typer.echo(f"{outcome.name}: {verb} {outcome.rows} rows ({outcome.seconds:.2f}s)")
        if outcome.partitions_dropped:
            dropped = "would drop" if dry_run else "dropped"
            typer.echo(f"  {dropped} {outcome.partitions_dropped} whole monthly partitions")

    run_retention(url, dry_run=dry_run, report=report)


def _mount_feature_commands() -> None:
    # Imported here so that `resumepilot --help` stays fast and a feature's heavy imports
    # load only with that feature.
    from resumepilot.admin.cli import register as register_admin
    from resumepilot.ai.cli import register as register_ai
    from resumepilot.analyzer.cli import register as register_analyzer
    from resumepilot.billing.cli import register as register_billing
    from resumepilot.db.backup.cli import register as register_backup
    from resumepilot.letters.cli import register as register_letters
    from resumepilot.privacy.cli import register as register_privacy
    from resumepilot.resumes.cli import register as register_resumes
    from resumepilot.speech.cli import register as register_speech

    register_backup(app)
    register_ai(app)
    register_billing(app)
    register_resumes(app)
    register_analyzer(app)
    register_letters(app)
    register_speech(app)
    register_admin(app)
    register_privacy(app)


def main() -> None:
    _mount_feature_commands()
    app()
