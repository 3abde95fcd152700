"""Stripe webhook ingestion end to end: signed events per second and latency percentiles.

A `resumepilot serve` subprocess (its own PostgreSQL database, Stripe settings pointing at the
loopback fake of tests/billing/fake_stripe.py) receives events signed the way Stripe signs
them, from K concurrent senders. Each event is verified, stored by id, and applied, which for
subscription and invoice events includes re-fetching the subscription from the (fake) Stripe
API under a per-subscription lock. Then every event is delivered again (redelivery: verified,
found, acknowledged).

The fake Stripe API runs in a process of its own (so it does not compete with the senders for
the GIL); real Stripe would add a network round trip (tens to hundreds of ms) to each re-fetch,
so latency there is higher while throughput with enough concurrent deliveries is similar.

    .venv/bin/python bench/webhooks.py [--users 40] [--renewals 25] [--senders 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg
from common import (
    RESUMEPILOT,
    MachineLoad,
    command_line,
    free_port,
    machine_summary,
    now_utc,
    percentile,
)
from usage_contention import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SECRET = "whsec_bench"


def start_server(url: str, fake_url: str, api_key: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "STRIPE_SECRET_KEY": api_key,
        "STRIPE_WEBHOOK_SECRET": SECRET,
        "STRIPE_API_BASE": fake_url,
        "STRIPE_PRICE_PRO": "price_pro",
        "STRIPE_PRICE_CAREER": "price_career",
        "STRIPE_PRICE_COACH": "price_coach",
        "RESUMEPILOT_IN_PROCESS_WORKER": "false",
        "RESUMEPILOT_SIGNUP_MAX_PER_ADDRESS": "1000000",
    }
    log = open(Path(tempfile.gettempdir()) / f"rp-bench-webhooks-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(RESUMEPILOT), "serve", "--port", str(port), "--no-worker"],
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited; see {log.name}")
        time.sleep(0.1)
    raise TimeoutError("server did not become ready")


class FakeProcess:
    """The fake Stripe API in a child process; its methods are called over a pipe."""

    def __init__(self) -> None:
        import multiprocessing

        self.conn, child = multiprocessing.Pipe()
        self.proc = multiprocessing.get_context("fork").Process(
            target=self._serve, args=(child,), daemon=True
        )
        self.proc.start()
        self.url, self.api_key = self.conn.recv()

    @staticmethod
    def _serve(conn) -> None:
        from tests.billing.fake_stripe import FakeStripe

        fake = FakeStripe().start()
        conn.send((fake.url, fake.api_key))
        while (message := conn.recv()) is not None:
            name, args = message
            if name == "lifecycle_events":
                conn.send(lifecycle_events(fake, *args))
            elif name == "subscription_of":
                conn.send(fake.sessions[args[0]]["subscription"])
            elif name == "invoice_count":
                conn.send(len(fake.invoices))
            else:
                conn.send(getattr(fake, name)(*args))
        fake.stop()

    def call(self, name: str, *args):
        self.conn.send((name, args))
        return self.conn.recv()

    def stop(self) -> None:
        self.conn.send(None)
        self.proc.join(10)


def prepare(base: str, fake: FakeProcess, users: int) -> list[str]:
    """Accounts with a paid Pro subscription each; returns the subscription ids."""
    from tests.billing.fake_stripe import sign

    subs = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for i in range(users):
            r = client.post(
                "/api/auth/signup",
                json={
                    "email": f"bench-{i}-{time.time_ns()}@example.com",
                    "password": "correct horse battery staple",
                },
            )
            token = r.json()["access_token"]
            r = client.post(
                "/api/billing/checkout",
                json={"plan": "pro"},
                headers={"Authorization": f"Bearer {token}"},
            )
            session_id = r.json()["url"].rsplit("/", 1)[1]
            for event in fake.call("complete_checkout", session_id):
                body = json.dumps(event).encode()
                assert (
                    client.post(
                        "/webhooks/stripe",
                        content=body,
                        headers={"Stripe-Signature": sign(body, SECRET)},
                    ).status_code
                    == 200
                )
            subs.append(fake.call("subscription_of", session_id))
    return subs


def lifecycle_events(fake, subs: list[str], renewals: int) -> list[dict]:
    """Renewals, every fifth one failing and then paid on retry: all handled event types."""
    events = []
    for r in range(renewals):
        for i, sub in enumerate(subs):
            if (r + i) % 5 == 4:
                failed = fake.renew(sub, paid=False)
                events += failed + fake.retry(failed[1]["data"]["object"]["id"], paid=True)
            else:
                events += fake.renew(sub, paid=True)
    return events


async def send_all(base: str, events: list[dict], senders: int) -> tuple[float, list[float]]:
    from tests.billing.fake_stripe import sign

    queue: asyncio.Queue[dict] = asyncio.Queue()
    for e in events:
        queue.put_nowait(e)
    latencies: list[float] = []
    failures = []
    limits = httpx.Limits(max_connections=senders, max_keepalive_connections=senders)

    async def sender(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            event = queue.get_nowait()
            body = json.dumps(event).encode()
            t = time.perf_counter()
            r = await client.post(
                "/webhooks/stripe", content=body, headers={"Stripe-Signature": sign(body, SECRET)}
            )
            latencies.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                failures.append((event["type"], r.status_code, r.text[:200]))

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        began = time.perf_counter()
        await asyncio.gather(*[sender(client) for _ in range(senders)])
        seconds = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"{len(failures)} deliveries failed, first: {failures[0]}")
    return seconds, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--renewals", type=int, default=25)
    parser.add_argument("--senders", type=int, default=8)
    args = parser.parse_args()

    url = throwaway_database()
    fake = FakeProcess()
    proc, base = start_server(url, fake.url, fake.api_key)
    try:
        subs = prepare(base, fake, args.users)
        events = fake.call("lifecycle_events", subs, args.renewals)
        invoices = fake.call("invoice_count")
        load = MachineLoad()
        load.start()
        fresh = asyncio.run(send_all(base, events, args.senders))
        again = asyncio.run(send_all(base, events, args.senders))
        machine_load = load.describe()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        fake.stop()

    with psycopg.connect(url) as conn:
        unprocessed = conn.execute(
            "SELECT count(*) FROM stripe_events WHERE processed_at IS NULL"
        ).fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM stripe_events").fetchone()[0]
        payments = conn.execute("SELECT count(*) FROM payments").fetchone()[0]
        wrong = conn.execute(
            "SELECT count(*) FROM subscriptions WHERE status <> 'active' OR plan_name <> 'pro'"
        ).fetchone()[0]
    kinds = {}
    for e in events:
        kinds[e["type"]] = kinds.get(e["type"], 0) + 1

    print(f"## Stripe webhook ingestion ({now_utc()})\n")
    print(f"- machine: {machine_summary()}")
    print(f"- command: `{command_line()}`")
    print(f"- load: {machine_load}")
    print(
        f"- {len(events)} signed events ({', '.join(f'{k} {v}' for k, v in kinds.items())})"
        f" for {args.users} subscriptions, {args.senders} concurrent senders, one"
        " `resumepilot serve` process (uvicorn, one worker), fake Stripe API on loopback in"
        " a process of its own\n"
    )
    print("| delivery | events | events/s | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (seconds, lat) in (
        ("first delivery (verify, store, re-fetch, apply)", fresh),
        ("redelivery (verify, find, acknowledge)", again),
    ):
        print(
            f"| {name} | {len(lat)} | {len(lat) / seconds:,.0f} | {percentile(lat, 50):.1f} |"
            f" {percentile(lat, 99):.1f} | {max(lat):.1f} |"
        )
    print(
        f"\nChecks: {stored} events stored, {unprocessed} unprocessed; {payments} payments for"
        f" {invoices} invoices; subscriptions not at Stripe's final state (active, pro):"
        f" {wrong}."
    )
    if unprocessed or payments != invoices or wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
