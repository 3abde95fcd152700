"""One Settings object, read from the environment (prefix-free names) and an optional .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("resumepilot", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    data_dir: Path = Field(default_factory=_default_data_dir, alias="RESUMEPILOT_DATA_DIR")
    host: str = Field(default="127.0.0.1", alias="RESUMEPILOT_HOST")
    port: int = Field(default=8000, alias="RESUMEPILOT_PORT")
    # Requests whose body is larger than this are refused before they are parsed.
    max_body_bytes: int = Field(default=1_000_000, alias="RESUMEPILOT_MAX_BODY_BYTES")
    pool_max_size: int = Field(default=20, alias="RESUMEPILOT_POOL_MAX_SIZE")
    # Connections for trusted work (sign-up, login, webhooks) beside the request pool.
    trusted_pool_max_size: int = Field(default=5, alias="RESUMEPILOT_TRUSTED_POOL_MAX_SIZE")
    session_days: int = Field(default=30, alias="RESUMEPILOT_SESSION_DAYS")
    # Failed logins allowed within the window: for one account from one address (the tight
    # limit), from one address over all accounts, and for one account from all addresses (high,
    # so guessing from one address never locks the owner out elsewhere).
    login_max_failures: int = Field(default=10, alias="RESUMEPILOT_LOGIN_MAX_FAILURES")
    login_max_failures_per_address: int = Field(
        default=30, alias="RESUMEPILOT_LOGIN_MAX_FAILURES_PER_ADDRESS"
    )
    login_max_failures_per_account: int = Field(
        default=100, alias="RESUMEPILOT_LOGIN_MAX_FAILURES_PER_ACCOUNT"
    )
    login_window_minutes: int = Field(default=15, alias="RESUMEPILOT_LOGIN_WINDOW_MINUTES")
    # Accounts one address may create within the window.
    signup_max_per_address: int = Field(default=5, alias="RESUMEPILOT_SIGNUP_MAX_PER_ADDRESS")
    signup_window_minutes: int = Field(default=60, alias="RESUMEPILOT_SIGNUP_WINDOW_MINUTES")
    # Database timeouts of every pooled connection, in milliseconds, and how long a request
    # waits for a free pooled connection, in seconds. Renders run in Python, not in SQL, so no
    # statement needs long.
    db_statement_timeout_ms: int = Field(
        default=15_000, alias="RESUMEPILOT_DB_STATEMENT_TIMEOUT_MS"
    )
    db_lock_timeout_ms: int = Field(default=5_000, alias="RESUMEPILOT_DB_LOCK_TIMEOUT_MS")
    db_idle_in_transaction_timeout_ms: int = Field(
        default=30_000, alias="RESUMEPILOT_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS"
    )
    db_pool_timeout_seconds: float = Field(default=5.0, alias="RESUMEPILOT_DB_POOL_TIMEOUT_SECONDS")
    # Behind a TLS-terminating proxy, the proxy addresses whose X-Forwarded-Proto is trusted
    # (so cookies get the Secure flag). Unset: no forwarded headers are trusted.
    forwarded_allow_ips: str | None = Field(default=None, alias="RESUMEPILOT_FORWARDED_ALLOW_IPS")
    run_worker_in_process: bool = Field(default=True, alias="RESUMEPILOT_IN_PROCESS_WORKER")
    # Seconds one resume render may take before it is stopped and the user told why (issue 8).
    render_budget_seconds: float = Field(
        default=120.0, gt=0, alias="RESUMEPILOT_RENDER_BUDGET_SECONDS"
    )
    # Faults (issue #8). A job worker beats every WORKER_HEARTBEAT_SECONDS; one silent for
    # WORKER_STALLED_SECONDS counts as dead: /readyz says so and its running jobs are retried.
    worker_heartbeat_seconds: float = Field(
        default=10, alias="RESUMEPILOT_WORKER_HEARTBEAT_SECONDS"
    )
    worker_stalled_seconds: float = Field(default=60, alias="RESUMEPILOT_WORKER_STALLED_SECONDS")
    # Whether /readyz needs a live job worker; unset: only when this process runs one.
    ready_requires_worker: bool | None = Field(
        default=None, alias="RESUMEPILOT_READY_REQUIRES_WORKER"
    )
    # How often `serve` checks that its embedded PostgreSQL is still running (restarting it).
    embedded_watch_seconds: float = Field(default=2, alias="RESUMEPILOT_EMBEDDED_WATCH_SECONDS")

    # AI engine: "builtin" (offline, default) or "openai" (any OpenAI-compatible server).
    ai_provider: str = Field(default="builtin", alias="RESUMEPILOT_AI_PROVIDER")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_model: str = Field(default="gpt-4o-mini", alias="OPENAI_MODEL")

    # Billing (Stripe). Without a secret key, billing pages say billing is not configured.
    stripe_secret_key: str | None = Field(default=None, alias="STRIPE_SECRET_KEY")
    stripe_webhook_secret: str | None = Field(default=None, alias="STRIPE_WEBHOOK_SECRET")
    stripe_api_base: str | None = Field(default=None, alias="STRIPE_API_BASE")
    stripe_price_pro: str | None = Field(default=None, alias="STRIPE_PRICE_PRO")
    stripe_price_career: str | None = Field(default=None, alias="STRIPE_PRICE_CAREER")
    stripe_price_coach: str | None = Field(default=None, alias="STRIPE_PRICE_COACH")

    # Operations (issue #13). Without an SMTP URL, mail goes to <data dir>/outbox as .eml files.
    smtp_url: str | None = Field(default=None, alias="RESUMEPILOT_SMTP_URL")
    mail_from: str | None = Field(default=None, alias="RESUMEPILOT_MAIL_FROM")
    # With a token, /metrics answers only "Authorization: Bearer <token>".
    metrics_token: str | None = Field(default=None, alias="RESUMEPILOT_METRICS_TOKEN")
    # "json" (one object a line, for log collectors) or "plain" (readable on a laptop).
    log_format: Literal["json", "plain"] = Field(default="plain", alias="RESUMEPILOT_LOG_FORMAT")
    # The address users reach the site at, for links in mails; unset: http://host:port.
    public_url: str | None = Field(default=None, alias="RESUMEPILOT_PUBLIC_URL")

    @property
    def base_url(self) -> str:
        """Where links in mails point, without a trailing slash."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def pgdata_dir(self) -> Path:
        return self.data_dir / "pgdata"


@lru_cache
def get_settings() -> Settings:
    return Settings()
