"""ResumePilot's Prometheus series, in a registry of their own.

A `Metrics` object per app keeps several apps in one process (tests) from clashing. With
PROMETHEUS_MULTIPROC_DIR set before the process starts (several server processes), values go
through prometheus_client's multiprocess files and `/metrics` sums every process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Literal, Protocol

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

NAMESPACE = "resumepilot"
JobOutcome = Literal["succeeded", "failed", "cancelled"]
Outcome = Literal["succeeded", "failed"]
WebhookOutcome = Literal["processed", "duplicate", "ignored", "rejected", "failed"]
# Seconds; requests and jobs of this app go from milliseconds (a page) to a minute (a render).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
JOB_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)


class PoolWithStats(Protocol):
    """psycopg_pool's ConnectionPool and AsyncConnectionPool both have it."""

    def get_stats(self) -> dict[str, int]: ...


# Pool statistics exposed as gauges (name, get_stats() key, scale, help). Gauges, even for the
# running totals, so that one series name works in single- and multi-process mode.
POOL_SERIES = (
    ("db_pool_size", "pool_size", 1, "Connections open in the pool."),
    ("db_pool_available", "pool_available", 1, "Idle connections ready for use."),
    ("db_pool_max_size", "pool_max", 1, "Most connections the pool may open."),
    ("db_pool_waiting", "requests_waiting", 1, "Requests waiting for a connection now."),
    ("db_pool_requests", "requests_num", 1, "Connections handed out since start."),
    ("db_pool_queued_requests", "requests_queued", 1, "Requests that had to wait, since start."),
    ("db_pool_wait_seconds", "requests_wait_ms", 0.001, "Time spent waiting, since start."),
    ("db_pool_timeouts", "requests_errors", 1, "Requests that got no connection in time."),
    ("db_pool_connections_lost", "connections_lost", 1, "Broken connections found and dropped."),
    ("db_pool_connection_errors", "connections_errors", 1, "Failed attempts to connect."),
)


def multiprocess_mode_active() -> bool:
    """True when prometheus_client picked its multiprocess files (decided at its import)."""
    return values.ValueClass is not values.MutexValue


def _factories(
    registry: CollectorRegistry,
) -> tuple[
    Callable[[str, str, list[str]], Counter],
    Callable[[str, str, list[str], tuple[float, ...]], Histogram],
]:
    """Builders of counters and histograms in our namespace and `registry`."""

    def counter(name: str, help_text: str, labels: list[str]) -> Counter:
        return Counter(name, help_text, labels, namespace=NAMESPACE, registry=registry)

    def histogram(
        name: str, help_text: str, labels: list[str], buckets: tuple[float, ...]
    ) -> Histogram:
        return Histogram(
            name, help_text, labels, namespace=NAMESPACE, registry=registry, buckets=buckets
        )

    return counter, histogram


class Metrics:
    """Every series ResumePilot reports, with one helper per event the features report."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess = multiprocess_mode_active()
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ and not self.multiprocess:
            raise RuntimeError(
                "PROMETHEUS_MULTIPROC_DIR was set after prometheus_client was imported; set it "
                "in the environment before the server process starts."
            )
        self._pools: dict[str, PoolWithStats] = {}
        self._pools_refreshed_at = 0.0
        r, ns = self.registry, NAMESPACE
        # First in the registry, so a scrape reads pool figures taken at that moment.
        r.register(_PoolRefresher(self))
        counter, histogram = _factories(r)
        self.http_requests = counter(
            "http_requests",
            "HTTP requests by route template, method and status.",
            ["method", "route", "status"],
        )
        self.http_duration = histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["method", "route"],
            LATENCY_BUCKETS,
        )
        self.jobs = counter(
            "jobs", "Background jobs finished, by task and outcome.", ["task", "outcome"]
        )
        self.job_duration = histogram(
            "job_duration_seconds", "Time a background job ran.", ["task"], JOB_BUCKETS
        )
        self.usage = counter(
            "usage_units",
            "Plan units (interviews, cover letters) consumed or refused at the limit.",
            ["kind", "outcome"],
        )
        self.webhook_events = counter(
            "webhook_events",
            "Webhook deliveries by source, event type and outcome.",
            ["source", "event_type", "outcome"],
        )
        self.renders = counter(
            "renders", "Resume renders by format and outcome.", ["format", "outcome"]
        )
        self.render_duration = histogram(
            "render_duration_seconds", "Time to render a resume.", ["format"], LATENCY_BUCKETS
        )
        self.transcriptions = counter(
            "transcriptions",
            "Audio transcriptions by provider and outcome.",
            ["provider", "outcome"],
        )
        self.transcription_duration = histogram(
            "transcription_duration_seconds",
            "Time to transcribe one recording.",
            ["provider"],
            JOB_BUCKETS,
        )
        self.transcribed_audio = counter(
            "transcribed_audio_seconds", "Length of the audio transcribed.", ["provider"]
        )
        self._pool_gauges = {
            name: (
                Gauge(
                    name, help_text, ["pool"], namespace=ns, registry=r, multiprocess_mode="livesum"
                ),
                key,
                scale,
            )
            for name, key, scale, help_text in POOL_SERIES
        }

    # --- what features report -------------------------------------------------------------

    def request_finished(self, method: str, route: str, status: int, seconds: float) -> None:
        self.http_requests.labels(method, route, str(status)).inc()
        self.http_duration.labels(method, route).observe(seconds)

    def job_finished(self, task: str, outcome: JobOutcome, seconds: float) -> None:
        self.jobs.labels(task, outcome).inc()
        self.job_duration.labels(task).observe(seconds)

    @contextmanager
    def track_job(self, task: str) -> Iterator[None]:
        """Times the block as a run of `task`; an exception (re-raised) counts as a failure."""
        elapsed = _Stopwatch()
        try:
            yield
        except Exception:
            self.job_finished(task, "failed", elapsed())
            raise
        except BaseException:  # asyncio.CancelledError: the worker is stopping
            self.job_finished(task, "cancelled", elapsed())
            raise
        self.job_finished(task, "succeeded", elapsed())

    def usage_consumed(self, kind: str) -> None:
        self.usage.labels(kind, "consumed").inc()

    def usage_refused(self, kind: str) -> None:
        self.usage.labels(kind, "refused").inc()

    def webhook_event(self, source: str, event_type: str, outcome: WebhookOutcome) -> None:
        """`event_type` only for verified events (else "unverified"): it comes from outside."""
        self.webhook_events.labels(source, event_type, outcome).inc()

    def render_finished(self, fmt: str, outcome: Outcome, seconds: float) -> None:
        self.renders.labels(fmt, outcome).inc()
        self.render_duration.labels(fmt).observe(seconds)

    @contextmanager
    def track_render(self, fmt: str) -> Iterator[None]:
        elapsed = _Stopwatch()
        try:
            yield
        except BaseException:
            self.render_finished(fmt, "failed", elapsed())
            raise
        self.render_finished(fmt, "succeeded", elapsed())

    def transcription_finished(
        self, provider: str, outcome: Outcome, seconds: float, audio_seconds: float = 0.0
    ) -> None:
        self.transcriptions.labels(provider, outcome).inc()
        self.transcription_duration.labels(provider).observe(seconds)
        if audio_seconds > 0:
            self.transcribed_audio.labels(provider).inc(audio_seconds)

    # --- connection pools -----------------------------------------------------------------

    def watch_pool(self, name: str, pool: PoolWithStats) -> None:
        """Reports this pool's statistics under pool="name" from now on."""
        self._pools[name] = pool

    def refresh_pools(self) -> None:
        for pool_name, pool in self._pools.items():
            stats: Mapping[str, int] = pool.get_stats()
            for gauge, key, scale in self._pool_gauges.values():
                gauge.labels(pool_name).set(stats.get(key, 0) * scale)
        self._pools_refreshed_at = time.monotonic()

    def refresh_pools_now_and_then(self, every_seconds: float = 1.0) -> None:
        """In multiprocess mode each process writes its own pool figures; at most once a second."""
        if self.multiprocess and time.monotonic() - self._pools_refreshed_at >= every_seconds:
            self.refresh_pools()

    # --- exposition -----------------------------------------------------------------------

    def exposition(self) -> tuple[bytes, str]:
        """The Prometheus text format of every series (of every process in multiprocess mode)."""
        if self.multiprocess:
            self.refresh_pools()
            merged = CollectorRegistry()
            MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
            return generate_latest(merged), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class _Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self) -> float:
        return time.perf_counter() - self.started


class _PoolRefresher(Collector):
    """Yields no series; collecting it updates the pool gauges just before they are read."""

    def __init__(self, metrics: Metrics):
        self.metrics = metrics

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> list[Metric]:
        self.metrics.refresh_pools()
        return []
