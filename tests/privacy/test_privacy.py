"""'Download my data' and 'Delete my account', end to end against the real server, worker,
database and a fake Stripe at its network edge; the deletion is checked by a sweep of every
table and the data folder."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

from resumepilot.jobs import run_worker
from tests.billing.conftest import stripe_settings, subscribe
from tests.billing.fake_stripe import FakeStripe
from tests.conftest import STRONG_PASSWORD, LiveServer, run_async, unique_email

PDF_BYTES = b"%PDF-1.4 a resume of this user\n%%EOF"


@pytest.fixture(scope="module")
def fake_stripe() -> Iterator[FakeStripe]:
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("privacy-data")


@pytest.fixture(scope="module")
def server(database_url: str, fake_stripe: FakeStripe, data_dir: Path) -> Iterator[LiveServer]:
    live = LiveServer(
        database_url, RESUMEPILOT_DATA_DIR=str(data_dir), **stripe_settings(fake_stripe)
    ).start()
    yield live
    live.stop()


@pytest.fixture
def web(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def rich_account(web: httpx.Client, fake: FakeStripe, database_url: str) -> dict[str, Any]:
    """An account with a profile, a paid subscription, an interview, a rendered file and a
    pending password reset: rows in many tables."""
    email = unique_email()
    r = web.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    body = r.json()
    user = {
        "email": email,
        "user_id": body["user_id"],
        "headers": {"Authorization": f"Bearer {body['access_token']}"},
    }
    subscription = subscribe(web, fake, user, "pro")
    user["subscription_id"] = subscription["id"]
    started = web.post(
        "/api/interviews", json={"role": "software_engineer"}, headers=user["headers"]
    )
    assert started.status_code == 201, started.text
    assert web.post("/api/auth/password-reset", json={"email": email}).status_code == 202
    with psycopg.connect(database_url, autocommit=True) as conn:
        generation = conn.execute(
            "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
            " VALUES (%s, 'classic', 'software_engineer', %s) RETURNING id",
            [user["user_id"], json.dumps({"basics": {"name": "Pat", "email": email}})],
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO resume_files (generation_id, format, media_type, filename,"
            " content) VALUES (%s, 'pdf', 'application/pdf', 'resume.pdf', %s)",
            [generation, PDF_BYTES],
        )
    return user


def work_jobs(database_url: str) -> None:
    run_async(lambda: run_worker(database_url, wait=False, queues=["privacy"]))


def test_download_my_data_is_a_zip_of_every_table_and_file(
    web: httpx.Client, fake_stripe: FakeStripe, database_url: str
) -> None:
    user = rich_account(web, fake_stripe, database_url)
    started = web.post("/api/me/export", headers=user["headers"])
    assert started.status_code == 202, started.text
    status_url = started.json()["status_url"]
    waiting = web.get(status_url, headers=user["headers"])
    assert waiting.status_code == 202 and waiting.json()["status"] == "queued"
    # Somebody else cannot read it.
    other = web.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    ).json()
    stranger = {"Authorization": f"Bearer {other['access_token']}"}
    assert web.get(status_url, headers=stranger).status_code == 404

    work_jobs(database_url)
    ready = web.get(status_url, headers=user["headers"])
    assert ready.status_code == 200, ready.text
    assert ready.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(ready.content))
    names = set(archive.namelist())
    assert "README.txt" in names
    for table in (
        "auth.users",
        "public.profiles",
        "public.subscriptions",
        "public.interview_sessions",
        "public.resume_generations",
        "public.resume_files",
        "public.billing_customers",
        "public.data_exports",
        "app_auth.sessions",
        "app_auth.account_tokens",
    ):
        assert f"tables/{table}.json" in names, table
        assert f"tables/{table}.json" in archive.read("README.txt").decode()
    [users_row] = json.loads(archive.read("tables/auth.users.json"))
    assert users_row["email"] == user["email"] and "encrypted_password" not in users_row
    [file_row] = json.loads(archive.read("tables/public.resume_files.json"))
    assert archive.read(file_row["content"]) == PDF_BYTES
    sessions = json.loads(archive.read("tables/app_auth.sessions.json"))
    assert sessions and all("token_hash" not in s for s in sessions)
    progress = json.loads(archive.read("tables/public.data_exports.json"))
    assert progress[0]["user_id"] == user["user_id"]


def user_reference_columns(conn: psycopg.Connection) -> list[tuple[str, str, str]]:
    """Every column, in every table, that refers to a user: by foreign key or by name."""
    return conn.execute(
        """
        SELECT DISTINCT kcu.table_schema, kcu.table_name, kcu.column_name
        FROM information_schema.referential_constraints rc
        JOIN information_schema.key_column_usage kcu
          ON kcu.constraint_name = rc.constraint_name
         AND kcu.constraint_schema = rc.constraint_schema
        JOIN information_schema.constraint_column_usage ccu
          ON ccu.constraint_name = rc.unique_constraint_name
         AND ccu.constraint_schema = rc.unique_constraint_schema
        WHERE ccu.table_schema = 'auth' AND ccu.table_name = 'users'
        UNION
        SELECT c.table_schema, c.table_name, c.column_name
        FROM information_schema.columns c JOIN information_schema.tables t
          ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.column_name IN ('user_id', 'owner_id', 'admin_user_id')
          AND t.table_type = 'BASE TABLE'
          AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
        UNION SELECT 'auth', 'users', 'id'
        """
    ).fetchall()


def every_table(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT table_schema, table_name FROM information_schema.tables"
        " WHERE table_type = 'BASE TABLE'"
        " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
    ).fetchall()


def traces_of(database_url: str, user_id: str, email: str) -> list[str]:
    found = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        for schema, table, column in user_reference_columns(conn):
            count = conn.execute(
                sql.SQL("SELECT count(*) FROM {} WHERE {}::text = %s").format(
                    sql.Identifier(schema, table), sql.Identifier(column)
                ),
                [user_id],
            ).fetchone()[0]
            if count:
                found.append(f"{schema}.{table}.{column}: {count}")
        # Any mention at all, in any column of any table: the address or the id as text.
        for schema, table in every_table(conn):
            count = conn.execute(
                sql.SQL(
                    "SELECT count(*) FROM {} t WHERE strpos(lower(t::text), %s) > 0"
                    " OR strpos(t::text, %s) > 0"
                ).format(sql.Identifier(schema, table)),
                [email.lower(), user_id],
            ).fetchone()[0]
            if count:
                found.append(f"{schema}.{table} mentions the user: {count}")
    return found


def test_delete_my_account_leaves_nothing_of_the_user(
    web: httpx.Client, fake_stripe: FakeStripe, database_url: str, data_dir: Path
) -> None:
    user = rich_account(web, fake_stripe, database_url)
    started = web.post("/api/me/export", headers=user["headers"])
    work_jobs(database_url)
    assert web.get(started.json()["status_url"], headers=user["headers"]).status_code == 200
    assert list((data_dir / "exports" / user["user_id"]).glob("*.zip"))
    web.post("/api/me/export", headers=user["headers"])  # one left queued
    assert traces_of(database_url, user["user_id"], user["email"])  # the sweep sees the user

    wrong = web.request("DELETE", "/api/me", json={"password": "not it"}, headers=user["headers"])
    assert wrong.status_code == 422
    done = web.request(
        "DELETE", "/api/me", json={"password": STRONG_PASSWORD}, headers=user["headers"]
    )
    assert done.status_code == 204, done.text

    assert traces_of(database_url, user["user_id"], user["email"]) == []
    leftovers = [p for p in data_dir.rglob("*") if user["user_id"] in str(p)]
    assert leftovers == []
    assert fake_stripe.subscriptions[user["subscription_id"]]["status"] == "canceled"
    # The session went too, and the audit log still tells that an account was deleted.
    assert web.post("/api/me/export", headers=user["headers"]).status_code == 401
    with psycopg.connect(database_url) as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM system_events WHERE event_type = 'account.deleted'"
            ).fetchone()[0]
            >= 1
        )


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resumepilot", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_privacy_commands_export_and_delete(
    web: httpx.Client, fake_stripe: FakeStripe, database_url: str, tmp_path: Path
) -> None:
    user = rich_account(web, fake_stripe, database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RESUMEPILOT_DATA_DIR": str(tmp_path),
        **stripe_settings(fake_stripe),
    }
    output = tmp_path / "mine.zip"
    exported = cli("privacy", "export", user["email"], "--output", str(output), env=env)
    assert exported.returncode == 0, exported.stderr
    assert "tables/public.resume_files.json" in zipfile.ZipFile(output).namelist()
    refused = cli("privacy", "delete", user["email"], env=env)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    deleted = cli("privacy", "delete", user["email"], "--yes", env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert "1 subscription(s) cancelled" in deleted.stdout
    [goodbye] = (tmp_path / "outbox").glob("*account*deleted*.eml")
    assert user["email"] in goodbye.read_text()
    assert traces_of(database_url, user["user_id"], user["email"]) == []
    unknown = cli("privacy", "delete", user["email"], "--yes", env=env)
    assert unknown.returncode == 1 and "No account uses" in unknown.stderr


def test_the_privacy_page_starts_an_export_and_deletes_with_the_password(
    server: LiveServer, database_url: str
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as web:
        email = unique_email()
        r = web.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
        web.cookies.set("rp_session", r.json()["access_token"])
        page = web.get("/privacy")
        assert page.status_code == 200 and "Delete my account" in page.text
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        started = web.post("/privacy/export", data={"csrf_token": csrf})
        assert started.status_code == 303
        assert "Preparing your data" in web.get(started.headers["location"]).text
        work_jobs(database_url)
        assert "download the zip" in web.get(started.headers["location"]).text
        wrong = web.post("/privacy/delete", data={"csrf_token": csrf, "password": "nope"})
        assert wrong.status_code == 422 and "not your password" in wrong.text
        gone = web.post("/privacy/delete", data={"csrf_token": csrf, "password": STRONG_PASSWORD})
        assert gone.status_code == 200 and "Your account is deleted" in gone.text
    assert traces_of(database_url, r.json()["user_id"], email) == []
