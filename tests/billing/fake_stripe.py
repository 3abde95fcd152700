"""A local fake of the Stripe API on loopback, spoken to by the real `stripe` SDK.

It serves the calls ResumePilot makes (customers, Checkout sessions, portal sessions,
subscriptions), form-encoded requests and JSON answers as Stripe's, with Stripe's error shape and
idempotency keys. Its hosted pages stand in for Stripe's: /checkout/<id> has a Pay button that
completes the session and redirects to the success_url; /portal/<id> redirects back.

Tests move subscriptions through their life with the methods below (complete_checkout, renew,
retry, cancel...), each returning the events Stripe would send, with snapshots of the objects as
they were at that moment; `signed()` signs a payload the way Stripe does.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

API_VERSION = "2026-10-28.endive"
MONTH = 30 * 24 * 3600
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test{next(_ids):06d}{int(time.time() * 1000) % 100000:05d}"


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def parse_form(body: str) -> dict[str, Any]:
    """Stripe's nested form encoding (a[b][0][c]=v) back into dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt: Any = value if last else ({} if not parts[i + 1].isdigit() else [])
            if isinstance(node, list):
                idx = int(part)
                while len(node) <= idx:
                    node.append(None)
                if node[idx] is None or last:
                    node[idx] = nxt
                node = node[idx]
            else:
                if part not in node or last:
                    node[part] = nxt
                node = node[part]
    return root


class StripeError(Exception):
    def __init__(self, status: int, message: str, code: str = "resource_missing"):
        self.status, self.message, self.code = status, message, code


class FakeStripe:
    def __init__(self, api_key: str = "sk_test_fake", prices: dict[str, int] | None = None):
        self.api_key = api_key
        self.prices = prices or {"price_pro": 1900, "price_career": 3900, "price_coach": 9900}
        self.customers: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.subscriptions: dict[str, dict] = {}
        self.invoices: dict[str, dict] = {}
        self.calls: Counter[str] = Counter()
        self.fail_next: dict[str, int] = {}  # route -> number of 500s to answer first
        self.completed_events: list[dict] = []  # what Checkout's Pay button set off
        self._idempotent: dict[str, tuple[int, dict]] = {}
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeStripe:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- objects, shaped like Stripe's at API version 2026-10-28 ---

    def _price(self, price_id: str) -> dict:
        return {
            "id": price_id,
            "object": "price",
            "active": True,
            "currency": "usd",
            "unit_amount": self.prices[price_id],
            "type": "recurring",
            "product": "prod_" + price_id.removeprefix("price_"),
            "recurring": {"interval": "month", "interval_count": 1},
            "livemode": False,
        }

    def create_subscription(
        self, customer: str, price_id: str, metadata: dict | None = None, status: str = "active"
    ) -> dict:
        now = int(time.time())
        sub_id = new_id("sub")
        sub = {
            "id": sub_id,
            "object": "subscription",
            "customer": customer,
            "status": status,
            "created": now,
            "start_date": now,
            "billing_cycle_anchor": now,
            "currency": "usd",
            "cancel_at_period_end": False,
            "cancel_at": None,
            "canceled_at": None,
            "ended_at": None,
            "livemode": False,
            "metadata": dict(metadata or {}),
            "collection_method": "charge_automatically",
            "latest_invoice": None,
            "items": {
                "object": "list",
                "has_more": False,
                "url": f"/v1/subscription_items?subscription={sub_id}",
                "data": [
                    {
                        "id": new_id("si"),
                        "object": "subscription_item",
                        "subscription": sub_id,
                        "quantity": 1,
                        "created": now,
                        "current_period_start": now,
                        "current_period_end": now + MONTH,
                        "price": self._price(price_id),
                        "metadata": {},
                    }
                ],
            },
        }
        self.subscriptions[sub_id] = sub
        return sub

    def _invoice(self, sub: dict, reason: str, paid: bool) -> dict:
        item = sub["items"]["data"][0]
        amount = item["price"]["unit_amount"]
        now = int(time.time())
        inv_id = new_id("in")
        invoice = {
            "id": inv_id,
            "object": "invoice",
            "customer": sub["customer"],
            "status": "paid" if paid else "open",
            "billing_reason": reason,
            "currency": "usd",
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "amount_remaining": 0 if paid else amount,
            "attempt_count": 1,
            "attempted": True,
            "created": now,
            "period_start": item["current_period_start"],
            "period_end": item["current_period_start"],
            "livemode": False,
            "next_payment_attempt": None if paid else now + 3 * 24 * 3600,
            "hosted_invoice_url": f"{self.url}/invoice/{inv_id}",
            "status_transitions": {"paid_at": now if paid else None, "finalized_at": now},
            "parent": {
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {
                    "metadata": dict(sub["metadata"]),
                    "subscription": sub["id"],
                },
            },
            "lines": {
                "object": "list",
                "has_more": False,
                "data": [
                    {
                        "id": new_id("il"),
                        "object": "line_item",
                        "amount": amount,
                        "currency": "usd",
                        "period": {
                            "start": item["current_period_start"],
                            "end": item["current_period_end"],
                        },
                        "pricing": {
                            "type": "price_details",
                            "price_details": {
                                "price": item["price"]["id"],
                                "product": item["price"]["product"],
                            },
                        },
                        "parent": {
                            "type": "subscription_item_details",
                            "subscription_item_details": {
                                "subscription": sub["id"],
                                "subscription_item": item["id"],
                            },
                        },
                    }
                ],
            },
        }
        self.invoices[inv_id] = invoice
        sub["latest_invoice"] = inv_id
        return invoice

    def event(self, event_type: str, obj: dict, previous: dict | None = None) -> dict:
        data: dict[str, Any] = {"object": copy.deepcopy(obj)}
        if previous is not None:
            data["previous_attributes"] = previous
        return {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": data,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }

    # --- the life of a subscription; each returns the events Stripe would send ---

    def complete_checkout(self, session_id: str) -> list[dict]:
        with self.lock:
            session = self.sessions[session_id]
            assert session["status"] == "open", session["status"]
            sub = self.create_subscription(
                session["customer"],
                session["_price"],
                session.get("subscription_data", {}).get("metadata"),
            )
            invoice = self._invoice(sub, "subscription_create", paid=True)
            session.update(
                status="complete",
                payment_status="paid",
                subscription=sub["id"],
                invoice=invoice["id"],
            )
            return [
                self.event("customer.subscription.created", sub),
                self.event("invoice.paid", invoice),
                self.event("checkout.session.completed", self._public(session)),
            ]

    def renew(self, sub_id: str, *, paid: bool) -> list[dict]:
        with self.lock:
            sub = self.subscriptions[sub_id]
            item = sub["items"]["data"][0]
            previous = {"items": copy.deepcopy(sub["items"]), "status": sub["status"]}
            item["current_period_start"] = item["current_period_end"]
            item["current_period_end"] += MONTH
            invoice = self._invoice(sub, "subscription_cycle", paid=paid)
            if not paid:
                sub["status"] = "past_due"
            kind = "invoice.paid" if paid else "invoice.payment_failed"
            return [
                self.event("customer.subscription.updated", sub, previous),
                self.event(kind, invoice),
            ]

    def retry(self, invoice_id: str, *, paid: bool, give_up_status: str = "unpaid") -> list:
        with self.lock:
            invoice = self.invoices[invoice_id]
            sub = self.subscriptions[invoice["parent"]["subscription_details"]["subscription"]]
            invoice["attempt_count"] += 1
            previous = {"status": sub["status"]}
            if paid:
                invoice.update(
                    status="paid",
                    amount_paid=invoice["amount_due"],
                    amount_remaining=0,
                    next_payment_attempt=None,
                )
                sub["status"] = "active"
                kind = "invoice.paid"
            else:
                sub["status"] = give_up_status
                invoice["next_payment_attempt"] = None
                kind = "invoice.payment_failed"
            return [
                self.event(kind, invoice),
                self.event("customer.subscription.updated", sub, previous),
            ]

    def update(self, sub_id: str, **changes: Any) -> list[dict]:
        with self.lock:
            sub = self.subscriptions[sub_id]
            previous = {k: sub.get(k) for k in changes if k != "price"}
            if "price" in changes:
                item = sub["items"]["data"][0]
                previous["items"] = copy.deepcopy(sub["items"])
                item["price"] = self._price(changes.pop("price"))
            sub.update(changes)
            return [self.event("customer.subscription.updated", sub, previous)]

    def cancel_now(self, sub_id: str) -> list[dict]:
        with self.lock:
            sub = self.subscriptions[sub_id]
            now = int(time.time())
            sub.update(status="canceled", canceled_at=now, ended_at=now)
            return [self.event("customer.subscription.deleted", sub)]

    # --- the HTTP API ---

    def _public(self, obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def _get(self, table: dict, obj_id: str, kind: str) -> dict:
        if obj_id not in table:
            raise StripeError(404, f"No such {kind}: '{obj_id}'")
        return table[obj_id]

    def api(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = path.strip("/").split("/")[1:]  # drop "v1"
        route = f"{method} /" + "/".join(
            p if not re.match(r"^[a-z]+_", p) or p in ("billing_portal",) else "{id}" for p in parts
        )
        self.calls[route] += 1
        if self.fail_next.get(route):
            self.fail_next[route] -= 1
            raise StripeError(500, "Stripe is having a bad day.", "api_error")
        with self.lock:
            if route == "POST /customers":
                cus = {
                    "id": new_id("cus"),
                    "object": "customer",
                    "email": params.get("email"),
                    "metadata": params.get("metadata", {}),
                    "created": int(time.time()),
                    "livemode": False,
                }
                self.customers[cus["id"]] = cus
                return 200, cus
            if route == "GET /customers/{id}":
                return 200, self._get(self.customers, parts[1], "customer")
            if route == "POST /checkout/sessions":
                return 200, self._create_session(params)
            if route == "GET /checkout/sessions/{id}":
                session = self._public(self._get(self.sessions, parts[2], "checkout.session"))
                if "subscription" in params.get("expand", []) and session["subscription"]:
                    session["subscription"] = self.subscriptions[session["subscription"]]
                return 200, session
            if route == "POST /checkout/sessions/{id}/expire":
                session = self._get(self.sessions, parts[2], "checkout.session")
                if session["status"] != "open":
                    raise StripeError(
                        400,
                        f"Only Checkout Sessions with a status of open can "
                        f"be expired; this one is {session['status']}.",
                        "checkout_session_not_open",
                    )
                session["status"] = "expired"
                return 200, self._public(session)
            if route == "POST /billing_portal/sessions":
                self._get(self.customers, params.get("customer", ""), "customer")
                ps_id = new_id("bps")
                return 200, {
                    "id": ps_id,
                    "object": "billing_portal.session",
                    "customer": params["customer"],
                    "return_url": params["return_url"],
                    "url": f"{self.url}/portal/{ps_id}?return="
                    + quote(params["return_url"], safe=""),
                    "created": int(time.time()),
                    "livemode": False,
                }
            if route == "GET /subscriptions/{id}":
                return 200, self._get(self.subscriptions, parts[1], "subscription")
            if route == "DELETE /subscriptions/{id}":  # cancel now
                sub = self._get(self.subscriptions, parts[1], "subscription")
                now = int(time.time())
                sub.update(status="canceled", canceled_at=now, ended_at=now)
                return 200, sub
            if route == "GET /subscriptions":
                subs = [
                    s
                    for s in self.subscriptions.values()
                    if s["customer"] == params.get("customer") and s["status"] != "canceled"
                ]
                return 200, {
                    "object": "list",
                    "data": subs,
                    "has_more": False,
                    "url": "/v1/subscriptions",
                }
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).", "url_invalid")

    def _create_session(self, params: dict) -> dict:
        items = params.get("line_items") or []
        if params.get("mode") != "subscription" or len(items) != 1:
            raise StripeError(
                400, "This fake serves subscription mode with one line item.", "parameter_invalid"
            )
        price = items[0].get("price")
        if price not in self.prices:
            raise StripeError(400, f"No such price: '{price}'", "resource_missing")
        self._get(self.customers, params.get("customer", ""), "customer")
        cs_id = new_id("cs")
        session = {
            "id": cs_id,
            "object": "checkout.session",
            "mode": "subscription",
            "status": "open",
            "payment_status": "unpaid",
            "customer": params["customer"],
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "subscription": None,
            "invoice": None,
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "expires_at": int(params.get("expires_at") or time.time() + 86400),
            "created": int(time.time()),
            "livemode": False,
            "currency": "usd",
            "amount_total": self.prices[price],
            "url": f"{self.url}/checkout/{cs_id}",
            "subscription_data": params.get("subscription_data", {}),
            "_price": price,
        }
        self.sessions[cs_id] = session
        return self._public(session)

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Stripe's API
            disable_nagle_algorithm = True  # headers and body go out as two writes

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Request-Id", "req_" + new_id("fake"))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, obj: dict) -> None:
                self._send(status, json.dumps(obj).encode(), "application/json")

            def _handle(self, method: str) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if not url.path.startswith("/v1/"):
                    return self._page(method, url)
                if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._json(
                        401,
                        {
                            "error": {
                                "type": "invalid_request_error",
                                "message": "Invalid API Key provided.",
                            }
                        },
                    )
                key = self.headers.get("Idempotency-Key") if method == "POST" else None
                if key and key in fake._idempotent:
                    return self._json(*fake._idempotent[key])
                try:
                    status, obj = fake.api(method, url.path, parse_form(body or url.query))
                except StripeError as exc:
                    kind = "api_error" if exc.status >= 500 else "invalid_request_error"
                    status, obj = (
                        exc.status,
                        {"error": {"type": kind, "message": exc.message, "code": exc.code}},
                    )
                if key and status < 500:
                    fake._idempotent[key] = (status, obj)
                self._json(status, obj)

            def _page(self, method: str, url) -> None:
                parts = url.path.strip("/").split("/")
                if parts[0] == "checkout" and len(parts) == 2 and method == "GET":
                    session = fake.sessions.get(parts[1])
                    if not session or session["status"] != "open":
                        return self._send(410, b"This checkout is no longer open.", "text/plain")
                    page = (
                        f"<!doctype html><title>Fake Checkout</title><h1>Pay "
                        f"${session['amount_total'] / 100:.2f} a month</h1>"
                        f"<form method=post action=/checkout/{parts[1]}/pay>"
                        f"<button>Pay and subscribe</button></form>"
                    )
                    return self._send(200, page.encode(), "text/html; charset=utf-8")
                if parts[0] == "checkout" and len(parts) == 3 and method == "POST":
                    fake.completed_events.extend(fake.complete_checkout(parts[1]))
                    session = fake.sessions[parts[1]]
                    target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", parts[1])
                    return self._send(303, b"", "text/plain", {"Location": target})
                if parts[0] == "portal":
                    target = dict(parse_qsl(url.query)).get("return", "/")
                    return self._send(303, b"", "text/plain", {"Location": target})
                self._send(404, b"not found", "text/plain")

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

            def do_DELETE(self) -> None:  # noqa: N802
                self._handle("DELETE")

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

        return Handler
